/*
 * CMOS RTC interrupts (Motorola MC146818A data sheet, "Interrupts" and
 * registers A-C). The periodic flag PF rises at the rate register A
 * selects, from the clock's own 32.768 kHz divider chain; with PIE set in
 * register B it drives IRQ 8 until register C is read. No CPU action
 * starts a period: the phase is the divider chain's.
 */
#include "rtc.h"

#include "x86.h"

enum rtc_port {
	RTC_PORT_INDEX = 0x70,	/* bit 7 masks NMI on the PC; always written 0 */
	RTC_PORT_DATA = 0x71,
};

enum rtc_reg {
	RTC_REG_A = 0x0A,
	RTC_REG_B = 0x0B,
	RTC_REG_C = 0x0C,
};
#define RTC_A_RATE_MASK 0x0F	/* RS3-RS0 */
#define RTC_A_UIP 0x80		/* update in progress, read-only */
#define RTC_B_PIE 0x40		/* periodic interrupt enable */
#define RTC_ABSENT 0xFF
#define RTC_BASE_HZ 32768u

static uint8_t rtc_read(enum rtc_reg r)
{
	outb(RTC_PORT_INDEX, r);
	return inb(RTC_PORT_DATA);
}

static void rtc_write(enum rtc_reg r, uint8_t v)
{
	outb(RTC_PORT_INDEX, r);
	outb(RTC_PORT_DATA, v);
}

bool rtc_save(struct rtc_saved *s)
{
	s->a = rtc_read(RTC_REG_A);
	s->b = rtc_read(RTC_REG_B);
	return s->a != RTC_ABSENT;
}

void rtc_restore(const struct rtc_saved *s)
{
	rtc_write(RTC_REG_B, s->b);
	rtc_write(RTC_REG_A, s->a);
	rtc_ack();
}

bool rtc_saved_equal(const struct rtc_saved *a, const struct rtc_saved *b)
{
	return !((a->a ^ b->a) & ~RTC_A_UIP) && a->b == b->b;
}

void rtc_periodic_start(unsigned rate)
{
	uint8_t a = rtc_read(RTC_REG_A);

	rtc_write(RTC_REG_A, (uint8_t)((a & ~RTC_A_RATE_MASK) | (rate & RTC_A_RATE_MASK)));
	rtc_write(RTC_REG_B, rtc_read(RTC_REG_B) | RTC_B_PIE);
}

void rtc_periodic_stop(void)
{
	rtc_write(RTC_REG_B, rtc_read(RTC_REG_B) & ~RTC_B_PIE);
}

uint32_t rtc_periodic_hz(unsigned rate)
{
	return RTC_BASE_HZ >> (rate - 1);
}

uint8_t rtc_ack(void)
{
	return rtc_read(RTC_REG_C);
}
