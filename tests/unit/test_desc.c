/*
 * Descriptor encoding against the SDM layouts, as raw quadwords: a wrong
 * shift or field order shows up as a different number, not as a decode that
 * agrees with an equally wrong encode.
 */
#include <stdint.h>
#include <string.h>

#include "check.h"
#include "desc.h"

static uint64_t qword(const void *p, unsigned i)
{
	uint64_t v;

	memcpy(&v, (const char *)p + 8 * i, 8);
	return v;
}

/* SDM 3.4.5: P=1, S=1, type 0xA (execute/read), L=1, G=1, limit 0xFFFFF. */
static void code_segments(void)
{
	struct seg_desc k = seg_desc_code64(0), u = seg_desc_code64(3);
	struct seg_desc c32 = seg_desc_code32(3);

	CHECK(qword(&k, 0) == 0x00AF9A000000FFFFull);
	CHECK(qword(&u, 0) == 0x00AFFA000000FFFFull);
	/* Compatibility-mode code: D=1, L=0. */
	CHECK(qword(&c32, 0) == 0x00CFFA000000FFFFull);
}

static void data_segments(void)
{
	struct seg_desc k = seg_desc_data(0), u = seg_desc_data(3);

	CHECK(qword(&k, 0) == 0x00CF92000000FFFFull);
	CHECK(qword(&u, 0) == 0x00CFF2000000FFFFull);
}

/* SDM 7.2.3, figure 7-4: base split 15:0, 23:16, 31:24, 63:32; type 9. */
static void tss_descriptor(void)
{
	struct tss_desc d = tss_desc_make(0xFFFF8000DEADB000ull, 103);

	CHECK(qword(&d, 0) == 0xDE0089ADB0000067ull);
	CHECK(qword(&d, 1) == 0x00000000FFFF8000ull);
	CHECK(tss_desc_base(&d) == 0xFFFF8000DEADB000ull);
}

/* SDM 6.14.1, figure 6-8. */
static void interrupt_gate(void)
{
	struct idt_gate g = idt_gate_make(0x123456789ABCDEF0ull, 0x08, GATE_INTERRUPT, 0, 0);

	CHECK(qword(&g, 0) == 0x9ABC8E000008DEF0ull);
	CHECK(qword(&g, 1) == 0x0000000012345678ull);
}

static void trap_gate_dpl3_ist(void)
{
	struct idt_gate g = idt_gate_make(0xFFFFFFFF80001234ull, 0x08, GATE_TRAP, 3, 1);

	CHECK(qword(&g, 0) == 0x8000EF0100081234ull);
	CHECK(qword(&g, 1) == 0x00000000FFFFFFFFull);
}

static void gate_decoders_round_trip(void)
{
	for (unsigned ist = 0; ist < 8; ist++)
		for (unsigned dpl = 0; dpl < 4; dpl++) {
			enum gate_type t = (ist + dpl) & 1 ? GATE_TRAP : GATE_INTERRUPT;
			uint64_t h = 0x0123456789ABCDEFull ^ ((uint64_t)ist << 40) ^ dpl;
			struct idt_gate g = idt_gate_make(h, 0x28, t, dpl, ist);

			CHECK(idt_gate_handler(&g) == h);
			CHECK(idt_gate_type(&g) == (unsigned)t);
			CHECK(idt_gate_dpl(&g) == dpl);
			CHECK(idt_gate_ist(&g) == ist);
			CHECK(idt_gate_present(&g));
			CHECK(g.selector == 0x28);
			CHECK(g.reserved == 0);
		}
	struct idt_gate empty = { 0 };
	CHECK(!idt_gate_present(&empty));
}

/* A change in any one bit of a gate makes it differ: the idt table sends
 * a CPU's gate exactly when it is not CPU 0's. */
static void gate_equality_every_bit(void)
{
	struct idt_gate a = idt_gate_make(0xFFFFFFFF80001234ull, 0x08, GATE_INTERRUPT, 0, 2);
	struct idt_gate b = a;

	CHECK(idt_gate_equal(&a, &b));
	for (unsigned bit = 0; bit < 8 * sizeof(a); bit++) {
		b = a;
		((unsigned char *)&b)[bit / 8] ^= (unsigned char)(1u << (bit % 8));
		CHECK(!idt_gate_equal(&a, &b));
	}
}

/* The GDT order SYSRET depends on (SDM Vol. 2B, SYSRET). */
static void syscall_selector_layout(void)
{
	CHECK(SEL_KERNEL_DATA == SEL_KERNEL_CODE + 8);
	CHECK(SEL_USER_DATA == (GDT_USER_CODE32 * 8 + 8) + 3);
	CHECK(SEL_USER_CODE == (GDT_USER_CODE32 * 8 + 16) + 3);
	CHECK(SEL_TSS == 0x30);
}

int main(void)
{
	RUN(code_segments);
	RUN(data_segments);
	RUN(tss_descriptor);
	RUN(interrupt_gate);
	RUN(trap_gate_dpl3_ist);
	RUN(gate_decoders_round_trip);
	RUN(gate_equality_every_bit);
	RUN(syscall_selector_layout);
	return check_exit();
}
