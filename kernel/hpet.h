/*
 * The HPET (IA-PC HPET specification 1.0a): its main counter and timer 0,
 * used as a one-shot interrupt source. hpet.c is the only file that
 * touches the HPET's registers. Timer 0 is routed with LegacyReplacement
 * (spec 2.3.9.2.2: timer 0 to "IRQ2 in the I/O APIC"), the one route every
 * PC HPET offers; while it is on, the PIT and the RTC do not interrupt.
 * Every access is 32 bits wide and timer 0 runs in 32-bit mode, which
 * every HPET implements.
 */
#ifndef HPET_H
#define HPET_H

#include <stdbool.h>
#include <stdint.h>

#include "platform.h"

/* The I/O APIC input LegacyReplacement gives timer 0. */
#define HPET_LEGACY_TIMER0_GSI 2

/* Map the register block the ACPI HPET table names and read its
 * capabilities. Returns NULL or why the HPET cannot serve. */
const char *hpet_init(const struct platform_hpet *h);
/* Map the HPET (as hpet_init, LegacyReplacement not needed) and make its
 * main counter run, keeping the configuration to put back; NULL or why it
 * cannot count. For the TSC calibration, before any benchmark. */
const char *hpet_counter_start(const struct platform_hpet *h, uint32_t *saved_config);
void hpet_counter_restore(uint32_t saved_config);
/* Main counter tick, femtoseconds. */
uint32_t hpet_period_fs(void);
/* Main counter ticks in nanoseconds, rounded down. */
uint64_t hpet_ticks_to_ns(uint32_t ticks);

/* What the benchmark changes, kept to be put back. */
struct hpet_saved {
	uint32_t config, timer0_config, timer0_comparator, timer0_comparator_high;
};
void hpet_save(struct hpet_saved *s);
void hpet_restore(const struct hpet_saved *s);
bool hpet_saved_equal(const struct hpet_saved *a, const struct hpet_saved *b);

/* Counter running, LegacyReplacement on, timer 0 one-shot (32-bit,
 * edge- or level-triggered), its comparator parked, its interrupt still
 * disabled: hpet_timer0_irq_enable() turns that on, status cleared. */
void hpet_oneshot_setup(bool level);
void hpet_timer0_irq_enable(void);
uint32_t hpet_read_counter(void);
/* Timer 0 fires when the main counter reaches v. */
void hpet_set_comparator(uint32_t v);
/* The comparator half a wrap ahead of the counter: the farthest ahead every
 * HPET agrees it is (QEMU takes more than half a wrap as already passed,
 * and fires at once). */
void hpet_park_comparator(void);
/* Level mode: timer 0's bit in the interrupt status register, which holds
 * its interrupt asserted until written with 1 (spec 2.3.6). */
bool hpet_timer0_pending(void);
void hpet_timer0_ack(void);

#endif
