/*
 * 8259A PIC (Intel 8259A data sheet: ICW1-4, OCW1-3). irqbench routes every
 * device interrupt through the IOAPIC, so both PICs are remapped off the
 * exception range (the PC layout puts IRQ0-7 on vectors 8-15, on top of
 * #DF..#GP) and then masked. A masked PIC can still raise a spurious IRQ7 or
 * IRQ15 when a request vanishes before INTA; those are recognised by an
 * empty in-service bit, counted, and not acknowledged. A machine whose MADT
 * clears PCAT_COMPAT (ACPI 6.5 5.2.12, MADT Flags bit 0) has no 8259s, and
 * on one whose 8259 does not answer, its ports are not touched again.
 */
#include "pic.h"

#include "console.h"
#include "fmt.h"
#include "frame.h"
#include "panic.h"
#include "trap.h"
#include "x86.h"

enum pic_port {
	PIC1_CMD = 0x20, PIC1_DATA = 0x21,
	PIC2_CMD = 0xA0, PIC2_DATA = 0xA1,
};
#define PIC_ICW1_INIT_ICW4 0x11	/* edge, cascade, ICW4 follows */
#define PIC_ICW3_MASTER_SLAVE_ON_IR2 0x04
#define PIC_ICW3_SLAVE_ID 0x02
#define PIC_ICW4_8086 0x01
#define PIC_OCW2_EOI 0x20
#define PIC_OCW3_READ_IRR 0x0A
#define PIC_OCW3_READ_ISR 0x0B
#define PIC_CASCADE_IRQ 2
#define PIC_SPURIOUS_MASTER 7
#define PIC_SPURIOUS_SLAVE 15
/* Every line masked but the cascade: a mask an absent PIC (whose reads
 * float to 0xFF) cannot echo. */
#define PIC_PROBE_MASK 0xFB

static uint64_t spurious[16];
static char absent[96];		/* why the 8259s were left alone, or "" */

static void pic_spurious(struct trap_frame *f)
{
	unsigned irq = (unsigned)f->vector - PIC_VECTOR_BASE;

	/* Every line is masked: an in-service IRQ here breaks that invariant. */
	if (pic_read_isr() & (1u << irq))
		PANIC("8259 IRQ%u in service although every PIC line is masked", irq);
	spurious[irq]++;
	/* A spurious IRQ15 did go through the master's cascade input, which
	 * does expect an EOI; the slave expects none. */
	if (irq == PIC_SPURIOUS_SLAVE)
		outb(PIC1_CMD, PIC_OCW2_EOI);
}

/* "" when the 8259s may be programmed, else why not (into absent). */
static const char *pic_absent_reason(const struct platform *p)
{
	if (p->source == PLATFORM_SOURCE_ACPI && !(p->madt_flags & MADT_PCAT_COMPAT)) {
		ksnprintf(absent, sizeof(absent), "no 8259: the MADT flags say PCAT_COMPAT 0");
		return absent;
	}
	outb(PIC2_DATA, 0xFF);
	outb(PIC1_DATA, PIC_PROBE_MASK);
	uint8_t seen = inb(PIC1_DATA);
	if (seen != PIC_PROBE_MASK)
		ksnprintf(absent, sizeof(absent), "no 8259 answers: its mask register reads 0x%02x "
			  "after 0x%02x was written", seen, PIC_PROBE_MASK);
	return absent;
}

static void pic_program(void)
{
	outb(PIC1_CMD, PIC_ICW1_INIT_ICW4);
	outb(PIC2_CMD, PIC_ICW1_INIT_ICW4);
	outb(PIC1_DATA, PIC_VECTOR_BASE);
	outb(PIC2_DATA, PIC_VECTOR_BASE + 8);
	outb(PIC1_DATA, PIC_ICW3_MASTER_SLAVE_ON_IR2);
	outb(PIC2_DATA, PIC_ICW3_SLAVE_ID);
	outb(PIC1_DATA, PIC_ICW4_8086);
	outb(PIC2_DATA, PIC_ICW4_8086);
	outb(PIC1_DATA, 0xFF);
	outb(PIC2_DATA, 0xFF);
	trap_set_handler(PIC_VECTOR_BASE + PIC_SPURIOUS_MASTER, pic_spurious, "pic_spurious");
	trap_set_handler(PIC_VECTOR_BASE + PIC_SPURIOUS_SLAVE, pic_spurious, "pic_spurious");
}

void pic_init(const struct platform *p)
{
	if (pic_absent_reason(p)[0])
		kprintf("pic: not programmed: %s\n", absent);
	else
		pic_program();
}

const char *pic_state(void)
{
	return absent[0] ? absent : "remapped to 0x20-0x2f and every line masked";
}

static uint16_t pic_read_pair(uint8_t ocw3)
{
	outb(PIC1_CMD, ocw3);
	outb(PIC2_CMD, ocw3);
	return (uint16_t)(inb(PIC1_CMD) | (inb(PIC2_CMD) << 8));
}

uint16_t pic_read_irr(void)
{
	return pic_read_pair(PIC_OCW3_READ_IRR);
}

uint16_t pic_read_isr(void)
{
	return pic_read_pair(PIC_OCW3_READ_ISR);
}

uint16_t pic_read_imr(void)
{
	return (uint16_t)(inb(PIC1_DATA) | (inb(PIC2_DATA) << 8));
}

/* The `pic` table, as the Windows debugger's !pic: per chip the mask,
 * request and in-service registers, and the spurious IRQs counted. */
void pic_emit_table(void)
{
	struct frame f;
	char state[2 * sizeof(absent) + 3];

	frame_csv_field(state, sizeof(state), absent[0] ? absent : "masked");
	console_lock();
	frame_begin(&f, "pic", "chip,vector_base,imr,irr,isr,spurious_irqs,state");
	if (absent[0]) {
		frame_row(&f, "master,,,,,,%s", state);
		frame_row(&f, "slave,,,,,,%s", state);
	} else {
		uint16_t imr = pic_read_imr(), irr = pic_read_irr(), isr = pic_read_isr();
		frame_row(&f, "master,0x%02x,0x%02x,0x%02x,0x%02x,%lu,%s", PIC_VECTOR_BASE, imr & 0xFF,
			  irr & 0xFF, isr & 0xFF, spurious[PIC_SPURIOUS_MASTER], state);
		frame_row(&f, "slave,0x%02x,0x%02x,0x%02x,0x%02x,%lu,%s", PIC_VECTOR_BASE + 8, imr >> 8,
			  irr >> 8, isr >> 8, spurious[PIC_SPURIOUS_SLAVE], state);
	}
	frame_end(&f);
	console_unlock();
}
