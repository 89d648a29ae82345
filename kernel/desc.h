/*
 * x86-64 descriptor formats: GDT segment descriptors, the 64-bit TSS and its
 * system descriptor, IDT gate descriptors (SDM Vol. 3A 3.4.5, 7.2.3, 7.7,
 * 6.14.1). Pure encoding and decoding: no instruction here loads a table,
 * so the host unit tests check every bit against the SDM layouts.
 */
#ifndef DESC_H
#define DESC_H

#include <stdbool.h>
#include <stdint.h>

/* SDM 3.4.5, figure 3-8: a code or data segment descriptor. */
struct seg_desc {
	uint16_t limit_lo;
	uint16_t base_lo;
	uint8_t base_mid;
	uint8_t access;	/* P, DPL, S, type */
	uint8_t limit_hi_flags;	/* G, D/B, L, AVL, limit 19:16 */
	uint8_t base_hi;
} __attribute__((packed));
_Static_assert(sizeof(struct seg_desc) == 8, "SDM figure 3-8");

/* SDM 7.2.3, figure 7-4: the 64-bit TSS descriptor takes two GDT slots. */
struct tss_desc {
	struct seg_desc lo;
	uint32_t base_top;
	uint32_t reserved;
} __attribute__((packed));
_Static_assert(sizeof(struct tss_desc) == 16, "SDM figure 7-4");

/* SDM 7.7, figure 7-11: the 64-bit TSS. */
struct tss {
	uint32_t reserved0;
	uint64_t rsp[3];
	uint64_t reserved1;
	uint64_t ist[7];	/* ist[0] is IST1 */
	uint64_t reserved2;
	uint16_t reserved3;
	uint16_t iomap_base;
} __attribute__((packed));
_Static_assert(sizeof(struct tss) == 104, "SDM figure 7-11");

/* SDM 6.14.1, figure 6-8: a 64-bit IDT gate descriptor. */
struct idt_gate {
	uint16_t offset_lo;
	uint16_t selector;
	uint8_t ist;		/* bits 2:0 */
	uint8_t type_attr;	/* P, DPL, 0, type */
	uint16_t offset_mid;
	uint32_t offset_hi;
	uint32_t reserved;
} __attribute__((packed));
_Static_assert(sizeof(struct idt_gate) == 16, "SDM figure 6-8");

/* Pseudo-descriptor for LGDT/LIDT (SDM 3.5.1, figure 3-11). */
struct desc_ptr {
	uint16_t limit;
	uint64_t base;
} __attribute__((packed));
_Static_assert(sizeof(struct desc_ptr) == 10, "SDM figure 3-11");

/* System descriptor types in IA-32e mode (SDM 3.5, table 3-2). */
enum gate_type {
	GATE_INTERRUPT = 0xE,	/* clears IF on entry */
	GATE_TRAP = 0xF,	/* leaves IF as it was */
};
#define SYS_TYPE_TSS_AVAILABLE 0x9

/* Access byte bits (SDM 3.4.5). */
#define SEG_P (1u << 7)
#define SEG_S (1u << 4)	/* code or data, not system */
#define SEG_TYPE_CODE_XR 0xA
#define SEG_TYPE_DATA_RW 0x2
/* Flags nibble (limit_hi_flags 7:4). */
#define SEG_FLAG_G (1u << 3)
#define SEG_FLAG_DB (1u << 2)
#define SEG_FLAG_L (1u << 1)

/* The GDT every CPU gets, in the order SYSCALL/SYSRET require (SDM Vol. 2B,
 * SYSRET: user CS = STAR[63:48] + 16, user SS = STAR[63:48] + 8). */
enum gdt_slot {
	GDT_NULL,
	GDT_KERNEL_CODE,
	GDT_KERNEL_DATA,
	GDT_USER_CODE32,
	GDT_USER_DATA,
	GDT_USER_CODE,
	GDT_TSS,	/* two slots */
	GDT_SLOTS = GDT_TSS + 2,
};
#define SEL_KERNEL_CODE (GDT_KERNEL_CODE * 8)
#define SEL_KERNEL_DATA (GDT_KERNEL_DATA * 8)
#define SEL_USER_DATA (GDT_USER_DATA * 8 + 3)
#define SEL_USER_CODE (GDT_USER_CODE * 8 + 3)
#define SEL_TSS (GDT_TSS * 8)

struct seg_desc seg_desc_code64(unsigned dpl);
struct seg_desc seg_desc_code32(unsigned dpl);
struct seg_desc seg_desc_data(unsigned dpl);
struct tss_desc tss_desc_make(uint64_t base, uint32_t limit);
uint64_t tss_desc_base(const struct tss_desc *d);

struct idt_gate idt_gate_make(uint64_t handler, uint16_t selector,
			      enum gate_type type, unsigned dpl, unsigned ist);
uint64_t idt_gate_handler(const struct idt_gate *g);
unsigned idt_gate_type(const struct idt_gate *g);
unsigned idt_gate_dpl(const struct idt_gate *g);
unsigned idt_gate_ist(const struct idt_gate *g);
bool idt_gate_present(const struct idt_gate *g);
/* Every bit of the 16 bytes the same: what "this CPU's gate differs from
 * CPU 0's" means in the idt table. */
bool idt_gate_equal(const struct idt_gate *a, const struct idt_gate *b);

#endif
