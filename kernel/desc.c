/*
 * Descriptor encoding for the GDT, TSS and IDT (SDM Vol. 3A 3.4.5, 7.2.3,
 * 6.14.1). The layouts are in desc.h; this file only packs and unpacks bits.
 */
#include "desc.h"

static struct seg_desc seg_desc_make(uint8_t access, uint8_t flags)
{
	/* In 64-bit mode base and limit of code/data segments are ignored
	 * (SDM 3.4.4); flat 4 GiB values keep compatibility mode sane. */
	struct seg_desc d = {
		.limit_lo = 0xFFFF,
		.access = access,
		.limit_hi_flags = (uint8_t)((flags << 4) | 0xF),
	};
	return d;
}

static uint8_t seg_access(unsigned dpl, unsigned type)
{
	return (uint8_t)(SEG_P | ((dpl & 3) << 5) | SEG_S | type);
}

struct seg_desc seg_desc_code64(unsigned dpl)
{
	return seg_desc_make(seg_access(dpl, SEG_TYPE_CODE_XR), SEG_FLAG_G | SEG_FLAG_L);
}

struct seg_desc seg_desc_code32(unsigned dpl)
{
	return seg_desc_make(seg_access(dpl, SEG_TYPE_CODE_XR), SEG_FLAG_G | SEG_FLAG_DB);
}

struct seg_desc seg_desc_data(unsigned dpl)
{
	return seg_desc_make(seg_access(dpl, SEG_TYPE_DATA_RW), SEG_FLAG_G | SEG_FLAG_DB);
}

struct tss_desc tss_desc_make(uint64_t base, uint32_t limit)
{
	struct tss_desc d = {
		.lo = {
			.limit_lo = (uint16_t)limit,
			.base_lo = (uint16_t)base,
			.base_mid = (uint8_t)(base >> 16),
			.access = (uint8_t)(SEG_P | SYS_TYPE_TSS_AVAILABLE),
			.limit_hi_flags = (uint8_t)((limit >> 16) & 0xF),
			.base_hi = (uint8_t)(base >> 24),
		},
		.base_top = (uint32_t)(base >> 32),
	};
	return d;
}

uint64_t tss_desc_base(const struct tss_desc *d)
{
	return d->lo.base_lo | ((uint64_t)d->lo.base_mid << 16) | ((uint64_t)d->lo.base_hi << 24) |
	       ((uint64_t)d->base_top << 32);
}

struct idt_gate idt_gate_make(uint64_t handler, uint16_t selector,
			      enum gate_type type, unsigned dpl, unsigned ist)
{
	struct idt_gate g = {
		.offset_lo = (uint16_t)handler,
		.selector = selector,
		.ist = (uint8_t)(ist & 7),
		.type_attr = (uint8_t)(SEG_P | ((dpl & 3) << 5) | type),
		.offset_mid = (uint16_t)(handler >> 16),
		.offset_hi = (uint32_t)(handler >> 32),
	};
	return g;
}

uint64_t idt_gate_handler(const struct idt_gate *g)
{
	return g->offset_lo | ((uint64_t)g->offset_mid << 16) | ((uint64_t)g->offset_hi << 32);
}

unsigned idt_gate_type(const struct idt_gate *g)
{
	return g->type_attr & 0xF;
}

unsigned idt_gate_dpl(const struct idt_gate *g)
{
	return (g->type_attr >> 5) & 3;
}

unsigned idt_gate_ist(const struct idt_gate *g)
{
	return g->ist & 7;
}

bool idt_gate_present(const struct idt_gate *g)
{
	return (g->type_attr & SEG_P) != 0;
}

bool idt_gate_equal(const struct idt_gate *a, const struct idt_gate *b)
{
	return a->offset_lo == b->offset_lo && a->selector == b->selector && a->ist == b->ist &&
	       a->type_attr == b->type_attr && a->offset_mid == b->offset_mid &&
	       a->offset_hi == b->offset_hi && a->reserved == b->reserved;
}
