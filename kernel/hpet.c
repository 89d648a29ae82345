/*
 * HPET registers (IA-PC HPET specification 1.0a, 2.3: general capabilities
 * and configuration, interrupt status, main counter, and per timer its
 * configuration and comparator). A one-shot comparator fires when the main
 * counter equals it: a value already passed fires only after the counter
 * wraps, so callers arm comparators far enough ahead.
 */
#include "hpet.h"

#include "paging.h"

enum hpet_reg {
	HPET_CAP = 0x000 / 4,		/* 7:0 revision, 12:8 last timer, 15 LegacyReplacement */
	HPET_PERIOD = 0x004 / 4,	/* main counter tick, fs */
	HPET_CONFIG = 0x010 / 4,
	HPET_STATUS = 0x020 / 4,
	HPET_COUNTER = 0x0F0 / 4,	/* low 32 bits */
	HPET_T0_CONFIG = 0x100 / 4,
	HPET_T0_COMPARATOR = 0x108 / 4,
	HPET_T0_COMPARATOR_HIGH = 0x10C / 4,	/* 64-bit timers */
};
#define HPET_CAP_LEG_RT (1u << 15)
#define HPET_CONFIG_ENABLE (1u << 0)
#define HPET_CONFIG_LEG_RT (1u << 1)
#define HPET_TN_LEVEL (1u << 1)		/* Tn_INT_TYPE_CNF */
#define HPET_TN_INT_ENABLE (1u << 2)	/* Tn_INT_ENB_CNF */
#define HPET_TN_PERIODIC (1u << 3)	/* Tn_TYPE_CNF */
#define HPET_TN_32BIT (1u << 8)		/* Tn_32MODE_CNF */
#define HPET_TN_FSB (1u << 14)		/* Tn_FSB_EN_CNF */
#define HPET_TIMER0_STATUS (1u << 0)
#define HPET_MMIO_SIZE 0x400
#define HPET_HALF_WRAP 0x7FFFFFFFu
/* Spec 2.3.4: COUNTER_CLK_PERIOD is at most 100 ns and never 0. */
#define HPET_MAX_PERIOD_FS 100000000u

static volatile uint32_t *regs;
static uint32_t period_fs;

/* Map the block once and check that an HPET answers there. */
static const char *hpet_map(const struct platform_hpet *h)
{
	if (!h->present)
		return "no HPET in the ACPI tables";
	if (paging_mmio_why(h->address, HPET_MMIO_SIZE))
		return "the ACPI HPET table's address is not one MMIO can be at (below 4 GiB, "
		       "above the kernel image)";
	if (!regs) {
		paging_map_mmio(h->address, HPET_MMIO_SIZE);
		regs = (volatile uint32_t *)(uintptr_t)h->address;
	}
	period_fs = regs[HPET_PERIOD];
	if (period_fs == 0 || period_fs > HPET_MAX_PERIOD_FS)
		return "the HPET's counter period is 0 or above 100 ns: no HPET answers at its address";
	return 0;
}

const char *hpet_init(const struct platform_hpet *h)
{
	const char *why = hpet_map(h);

	if (why)
		return why;
	if (!(regs[HPET_CAP] & HPET_CAP_LEG_RT))
		return "the HPET cannot route timer 0 by LegacyReplacement (LEG_RT_CAP is 0), "
		       "the only HPET route irqbench uses";
	return 0;
}

/* ENABLE_CNF alone runs the main counter (spec 2.3.5); no timer is armed
 * and no route changes. */
const char *hpet_counter_start(const struct platform_hpet *h, uint32_t *saved_config)
{
	const char *why = hpet_map(h);

	if (why)
		return why;
	*saved_config = regs[HPET_CONFIG];
	regs[HPET_CONFIG] = *saved_config | HPET_CONFIG_ENABLE;
	return 0;
}

void hpet_counter_restore(uint32_t saved_config)
{
	regs[HPET_CONFIG] = saved_config;
}

uint32_t hpet_period_fs(void)
{
	return period_fs;
}

uint64_t hpet_ticks_to_ns(uint32_t ticks)
{
	return (uint64_t)ticks * period_fs / 1000000u;
}

void hpet_save(struct hpet_saved *s)
{
	s->config = regs[HPET_CONFIG];
	s->timer0_config = regs[HPET_T0_CONFIG];
	s->timer0_comparator = regs[HPET_T0_COMPARATOR];
	s->timer0_comparator_high = regs[HPET_T0_COMPARATOR_HIGH];
}

/* Timer 0 quiet first, out of 32-bit mode if it was (which had cut its
 * comparator to 32 bits), then the comparator, then the general
 * configuration (which gives IRQ 0 and IRQ 8 back to the PIT and RTC). */
void hpet_restore(const struct hpet_saved *s)
{
	regs[HPET_T0_CONFIG] = s->timer0_config & ~HPET_TN_INT_ENABLE;
	regs[HPET_STATUS] = HPET_TIMER0_STATUS;
	regs[HPET_T0_COMPARATOR] = s->timer0_comparator;
	regs[HPET_T0_COMPARATOR_HIGH] = s->timer0_comparator_high;
	regs[HPET_T0_CONFIG] = s->timer0_config;
	regs[HPET_CONFIG] = s->config;
}

bool hpet_saved_equal(const struct hpet_saved *a, const struct hpet_saved *b)
{
	return a->config == b->config && a->timer0_config == b->timer0_config &&
	       a->timer0_comparator == b->timer0_comparator &&
	       a->timer0_comparator_high == b->timer0_comparator_high;
}

void hpet_oneshot_setup(bool level)
{
	uint32_t cfg = regs[HPET_T0_CONFIG] & ~(HPET_TN_LEVEL | HPET_TN_INT_ENABLE | HPET_TN_PERIODIC |
						HPET_TN_FSB);

	regs[HPET_T0_CONFIG] = cfg | HPET_TN_32BIT | (level ? HPET_TN_LEVEL : 0);
	regs[HPET_CONFIG] = regs[HPET_CONFIG] | HPET_CONFIG_ENABLE | HPET_CONFIG_LEG_RT;
	hpet_park_comparator();
}

void hpet_timer0_irq_enable(void)
{
	regs[HPET_STATUS] = HPET_TIMER0_STATUS;
	regs[HPET_T0_CONFIG] = regs[HPET_T0_CONFIG] | HPET_TN_INT_ENABLE;
}

void hpet_park_comparator(void)
{
	regs[HPET_T0_COMPARATOR] = regs[HPET_COUNTER] + HPET_HALF_WRAP;
}

uint32_t hpet_read_counter(void)
{
	return regs[HPET_COUNTER];
}

void hpet_set_comparator(uint32_t v)
{
	regs[HPET_T0_COMPARATOR] = v;
}

bool hpet_timer0_pending(void)
{
	return regs[HPET_STATUS] & HPET_TIMER0_STATUS;
}

void hpet_timer0_ack(void)
{
	regs[HPET_STATUS] = HPET_TIMER0_STATUS;
}
