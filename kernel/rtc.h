/*
 * The PC's CMOS real-time clock, MC146818A-compatible (Motorola MC146818A
 * data sheet; PC: index port 0x70, data port 0x71, ISA IRQ 8). rtc.c is the
 * only file that touches those ports. Only the interrupt side is driven
 * here: register A's rate select, register B's interrupt enables and
 * register C's flags; the time of day is never written.
 */
#ifndef RTC_H
#define RTC_H

#include <stdbool.h>
#include <stdint.h>

#define RTC_ISA_IRQ 8
/* Register A rate select 6: 32768 Hz >> 5 = 1024 Hz, the PC default. */
#define RTC_RATE_1024HZ 6

/* Registers A and B as a benchmark found them. */
struct rtc_saved {
	uint8_t a, b;
};

/* Read registers A and B; false when no RTC answers: an absent device
 * reads 0xFF, which as register A would be a clock held in divider reset. */
bool rtc_save(struct rtc_saved *s);
/* Registers A and B back, then the flags in C read off (cleared). */
void rtc_restore(const struct rtc_saved *s);
/* The same registers A and B (A's update-in-progress bit aside). */
bool rtc_saved_equal(const struct rtc_saved *a, const struct rtc_saved *b);
/* The periodic interrupt (PF, PIE): rate is register A's RS field, 3-15,
 * for 32768 >> (rate - 1) Hz. rtc_periodic_hz names that frequency. */
void rtc_periodic_start(unsigned rate);
void rtc_periodic_stop(void);
uint32_t rtc_periodic_hz(unsigned rate);
/* Read register C: clears every flag and so deasserts IRQ 8 (the data
 * sheet's IRQF). Returns what C held. */
uint8_t rtc_ack(void);

#endif
