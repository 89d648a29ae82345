/*
 * 8254 PIT (Intel 8254 data sheet: "Control Word Format", "Read-Back
 * Command", "Mode 0: Interrupt on Terminal Count"). Channel 2 serves TSC
 * calibration, channel 0 the IOAPIC benchmark's one-shot IRQ 0. In mode 0
 * a count write drops OUT at once and OUT rises when the count reaches 0;
 * a count of N loads on the next input clock and expires N clocks later,
 * so OUT rises between N and N + 1 periods (838 ns each) after the write.
 */
#include "pit.h"

#include "x86.h"

enum pit_port {
	PIT_PORT_CH0 = 0x40,
	PIT_PORT_CH2 = 0x42,
	PIT_PORT_MODE = 0x43,
	PIT_PORT_GATE = 0x61,	/* bit 0: channel 2 gate, bit 1: speaker, bit 5: OUT2 */
};
#define PIT_GATE_CH2 0x01
#define PIT_SPEAKER 0x02
#define PIT_OUT2 0x20

/* Control word: bits 7:6 channel (3: read-back), 5:4 access, 3:1 mode, 0 BCD. */
#define PIT_MODE_CH2_LOHI_MODE0 0xB0	/* channel 2, lobyte/hibyte, mode 0, binary */
#define PIT_MODE_CH0_LSB_MODE0 0x10	/* channel 0, low byte only, mode 0, binary */
#define PIT_READBACK_CH0_STATUS 0xE2	/* read-back: status only (count not latched), channel 0 */
/* Status byte: bit 7 OUT, 6 null count, 5:4 access, 3:1 mode, 0 BCD; its
 * low six bits are channel 0's control word. */
#define PIT_STATUS_OUT 0x80
#define PIT_STATUS_BCD 0x01
#define PIT_STATUS_CONTROL_MASK 0x3F
#define PIT_ACCESS_SHIFT 4
#define PIT_ACCESS_LSB 1
#define PIT_ACCESS_MSB 2
#define PIT_ACCESS_LOHI 3
#define PIT_MODE_SHIFT 1
#define PIT_ABSENT 0xFF

/* Port 0x61 as it was before the calibration window took channel 2. */
static uint8_t ch2_gate;

void pit_ch2_load_begin(uint16_t ticks)
{
	ch2_gate = inb(PIT_PORT_GATE);
	outb(PIT_PORT_GATE, (uint8_t)((ch2_gate & ~PIT_SPEAKER) & ~PIT_GATE_CH2));
	outb(PIT_PORT_MODE, PIT_MODE_CH2_LOHI_MODE0);
	outb(PIT_PORT_CH2, ticks & 0xFF);
}

void pit_ch2_load_end(uint16_t ticks)
{
	outb(PIT_PORT_CH2, ticks >> 8);
	outb(PIT_PORT_GATE, (uint8_t)((ch2_gate & ~PIT_SPEAKER) | PIT_GATE_CH2));
}

bool pit_ch2_out(void)
{
	return inb(PIT_PORT_GATE) & PIT_OUT2;
}

bool pit_ch0_save(struct pit_ch0_saved *s)
{
	outb(PIT_PORT_MODE, PIT_READBACK_CH0_STATUS);
	s->status = inb(PIT_PORT_CH0);
	return s->status != PIT_ABSENT;
}

void pit_ch0_oneshot_mode(void)
{
	outb(PIT_PORT_MODE, PIT_MODE_CH0_LSB_MODE0);
}

void pit_ch0_oneshot(uint8_t ticks)
{
	outb(PIT_PORT_CH0, ticks);
}

bool pit_ch0_out(void)
{
	outb(PIT_PORT_MODE, PIT_READBACK_CH0_STATUS);
	return inb(PIT_PORT_CH0) & PIT_STATUS_OUT;
}

/* Modes 6 and 7 are 2 and 3 (bit 3 is don't-care). */
static unsigned pit_mode(uint8_t status)
{
	unsigned mode = (status >> PIT_MODE_SHIFT) & 7;

	return mode >= 6 ? mode - 4 : mode;
}

static unsigned pit_access(uint8_t status)
{
	return (status >> PIT_ACCESS_SHIFT) & 3;
}

/* A channel never programmed (KVM's 8254 after reset, with no BIOS to set
 * it up) reports access 0, which no control word can set: it compares by
 * mode alone. */
bool pit_ch0_same_mode(const struct pit_ch0_saved *a, const struct pit_ch0_saved *b)
{
	return pit_mode(a->status) == pit_mode(b->status) &&
	       !((a->status ^ b->status) & PIT_STATUS_BCD) &&
	       (!pit_access(a->status) || !pit_access(b->status) ||
		pit_access(a->status) == pit_access(b->status));
}

void pit_ch0_restore(const struct pit_ch0_saved *s)
{
	uint8_t control = s->status & PIT_STATUS_CONTROL_MASK;
	unsigned access = pit_access(s->status);

	/* Access 0 would be the latch command: such a channel gets the PC's
	 * lobyte/hibyte access. */
	if (!access) {
		access = PIT_ACCESS_LOHI;
		control |= PIT_ACCESS_LOHI << PIT_ACCESS_SHIFT;
	}
	outb(PIT_PORT_MODE, control);
	if (pit_mode(control) != 2 && pit_mode(control) != 3)
		return;
	/* Count 0 is the largest, 65536, in either byte order. */
	if (access == PIT_ACCESS_LSB || access == PIT_ACCESS_LOHI)
		outb(PIT_PORT_CH0, 0);
	if (access == PIT_ACCESS_MSB || access == PIT_ACCESS_LOHI)
		outb(PIT_PORT_CH0, 0);
}
