/*
 * Local APIC access (SDM Vol. 3A chapter 10). One accessor pair hides the
 * mode: xAPIC registers are 32-bit MMIO at 16-byte strides, x2APIC
 * registers are MSRs 0x800 + offset / 16; the ICR differs in shape (two
 * 32-bit halves vs one 64-bit MSR) and has its own writer.
 */
#include "lapic.h"

#include "cpuinfo.h"
#include "paging.h"
#include "panic.h"
#include "trap.h"
#include "x86.h"

#define MSR_IA32_APIC_BASE 0x1B
#define APIC_BASE_EXTD (1ull << 10)	/* x2APIC enable (SDM 10.12.1) */
#define APIC_BASE_EN (1ull << 11)
#define APIC_BASE_ADDR_MASK 0x000FFFFFFFFFF000ull
#define X2APIC_MSR_BASE 0x800
#define X2APIC_MSR_ICR 0x830
#define LAPIC_MMIO_SIZE 0x1000
/* Polls of the delivery-status bit; it clears within a few bus cycles on
 * hardware and immediately under QEMU. */
#define LAPIC_ICR_IDLE_SPINS 1000000

static enum lapic_mode mode;
static volatile uint32_t *mmio;

uint32_t lapic_read(enum lapic_reg reg)
{
	if (mode == LAPIC_MODE_X2APIC)
		return (uint32_t)rdmsr(X2APIC_MSR_BASE + reg / 16);
	return mmio[reg / 4];
}

void lapic_write(enum lapic_reg reg, uint32_t v)
{
	if (mode == LAPIC_MODE_X2APIC)
		wrmsr(X2APIC_MSR_BASE + reg / 16, v);
	else
		mmio[reg / 4] = v;
}

void lapic_write_icr(uint32_t dest, uint32_t icr_lo)
{
	if (mode == LAPIC_MODE_X2APIC) {
		wrmsr(X2APIC_MSR_ICR, ((uint64_t)dest << 32) | icr_lo);
		return;
	}
	/* xAPIC: the write of the low half sends (SDM 10.6.1). */
	mmio[LAPIC_ICR_HI / 4] = dest << 24;
	mmio[LAPIC_ICR_LO / 4] = icr_lo;
	for (unsigned i = 0; i < LAPIC_ICR_IDLE_SPINS; i++)
		if (!(mmio[LAPIC_ICR_LO / 4] & LAPIC_ICR_DELIVERY_PENDING))
			return;
	PANIC("xAPIC ICR still busy (delivery status pending) after %u polls", LAPIC_ICR_IDLE_SPINS);
}

uint32_t lapic_id(void)
{
	uint32_t id = lapic_read(LAPIC_ID);

	/* xAPIC: ID in bits 31:24 (SDM 10.4.6); x2APIC: the whole register. */
	return mode == LAPIC_MODE_X2APIC ? id : id >> 24;
}

void lapic_eoi(void)
{
	lapic_write(LAPIC_EOI, 0);
}

void lapic_send_nmi(uint32_t dest)
{
	lapic_write_icr(dest, LAPIC_ICR_DM_NMI | LAPIC_ICR_LEVEL_ASSERT);
}

enum lapic_mode lapic_mode(void)
{
	return mode;
}

const char *lapic_mode_name(void)
{
	return mode == LAPIC_MODE_X2APIC ? "x2apic" : "xapic";
}

/* A spurious interrupt gets no EOI (SDM 10.9). */
static void lapic_spurious(struct trap_frame *f)
{
	(void)f;
}

/* SDM 10.12.5: xAPIC may move to x2APIC directly, never the other way. */
static const char *lapic_choose_mode(enum apic_pref pref, uint64_t base, bool has_x2apic)
{
	bool firmware_x2apic = base & APIC_BASE_EXTD;

	if (pref == APIC_PREF_XAPIC && firmware_x2apic)
		return "apic=xapic impossible: firmware left the LAPIC in x2APIC mode";
	if (pref == APIC_PREF_X2APIC && !has_x2apic)
		return "apic=x2apic impossible: CPUID.1:ECX.x2APIC[bit 21] is 0";
	mode = (pref == APIC_PREF_XAPIC || !has_x2apic) && !firmware_x2apic ?
	       LAPIC_MODE_XAPIC : LAPIC_MODE_X2APIC;
	return 0;
}

/* Every CPU has its own IA32_APIC_BASE and SVR: the same steps on each. */
static void lapic_enable(void)
{
	uint64_t base = rdmsr(MSR_IA32_APIC_BASE) | APIC_BASE_EN;

	if (mode == LAPIC_MODE_X2APIC)
		base |= APIC_BASE_EXTD;
	wrmsr(MSR_IA32_APIC_BASE, base);
	lapic_write(LAPIC_SVR, LAPIC_SVR_ENABLE | LAPIC_SPURIOUS_VECTOR);
	lapic_write(LAPIC_TPR, 0);
}

void lapic_init_ap(void)
{
	lapic_enable();
}

const char *lapic_init_bsp(enum apic_pref pref)
{
	struct cpuinfo ci;
	uint64_t base = rdmsr(MSR_IA32_APIC_BASE);

	cpuinfo_read(&ci);
	const char *why = lapic_choose_mode(pref, base, ci.x2apic);
	if (why)
		return why;
	if (mode == LAPIC_MODE_XAPIC) {
		paging_map_mmio(base & APIC_BASE_ADDR_MASK, LAPIC_MMIO_SIZE);
		mmio = (volatile uint32_t *)(uintptr_t)(base & APIC_BASE_ADDR_MASK);
	}
	trap_set_handler(LAPIC_SPURIOUS_VECTOR, lapic_spurious, "lapic_spurious");
	lapic_enable();
	return 0;
}
