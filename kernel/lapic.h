/*
 * The local APIC, in xAPIC (MMIO) or x2APIC (MSR) mode. lapic.c, and the
 * inline timed paths at the end of this header, are the only code that
 * touches LAPIC registers; everyone else calls these functions.
 */
#ifndef LAPIC_H
#define LAPIC_H

#include <stdbool.h>
#include <stdint.h>

#include "cmdline.h"
#include "panic.h"
#include "platform.h"
#include "x86.h"

/* Register offsets in the xAPIC MMIO page (SDM Vol. 3A 10.4.1, table 10-1);
 * the x2APIC MSR is 0x800 + offset / 16 (SDM 10.12.1.2, table 10-6). */
enum lapic_reg {
	LAPIC_ID = 0x020,
	LAPIC_VER = 0x030,
	LAPIC_TPR = 0x080,
	LAPIC_EOI = 0x0B0,
	LAPIC_LDR = 0x0D0,
	LAPIC_DFR = 0x0E0,
	LAPIC_SVR = 0x0F0,
	LAPIC_ISR = 0x100,
	LAPIC_TMR = 0x180,
	LAPIC_IRR = 0x200,
	LAPIC_ESR = 0x280,
	LAPIC_LVT_CMCI = 0x2F0,
	LAPIC_ICR_LO = 0x300,
	LAPIC_ICR_HI = 0x310,
	LAPIC_LVT_TIMER = 0x320,
	LAPIC_LVT_THERMAL = 0x330,
	LAPIC_LVT_PERF = 0x340,
	LAPIC_LVT_LINT0 = 0x350,
	LAPIC_LVT_LINT1 = 0x360,
	LAPIC_LVT_ERROR = 0x370,
	LAPIC_TIMER_ICR = 0x380,
	LAPIC_TIMER_CCR = 0x390,
	LAPIC_TIMER_DCR = 0x3E0,
	LAPIC_SELF_IPI = 0x3F0,	/* x2APIC only */
};

/* SVR bits (SDM 10.9, figure 10-23). */
#define LAPIC_SVR_ENABLE (1u << 8)
#define LAPIC_SVR_SUPPRESS_EOI_BROADCAST (1u << 12)
/* VER bit 24: the SVR can suppress EOI broadcasts (SDM 10.4.8). */
#define LAPIC_VER_EOI_SUPPRESSION (1u << 24)
/* ICR bits (SDM 10.6.1, figure 10-12). */
#define LAPIC_ICR_DM_FIXED (0u << 8)
#define LAPIC_ICR_DM_NMI (4u << 8)
#define LAPIC_ICR_DM_INIT (5u << 8)
#define LAPIC_ICR_DM_STARTUP (6u << 8)
#define LAPIC_ICR_DEST_LOGICAL (1u << 11)
#define LAPIC_ICR_DELIVERY_PENDING (1u << 12)
#define LAPIC_ICR_LEVEL_ASSERT (1u << 14)
#define LAPIC_ICR_TRIGGER_LEVEL (1u << 15)
#define LAPIC_ICR_DEST_SELF (1u << 18)
#define LAPIC_ICR_DEST_ALL (2u << 18)
#define LAPIC_ICR_DEST_ALL_BUT_SELF (3u << 18)
#define LAPIC_ICR_DEST_SHORTHAND_MASK (3u << 18)
/* LVT bits (SDM 10.5.1, figure 10-8). */
#define LAPIC_LVT_DM_FIXED (0u << 8)
#define LAPIC_LVT_DM_NMI (4u << 8)
#define LAPIC_LVT_DELIVERY_PENDING (1u << 12)
#define LAPIC_LVT_ACTIVE_LOW (1u << 13)
#define LAPIC_LVT_REMOTE_IRR (1u << 14)
#define LAPIC_LVT_LEVEL (1u << 15)
#define LAPIC_LVT_MASKED (1u << 16)
#define LAPIC_LVT_TIMER_PERIODIC (1u << 17)
#define LAPIC_LVT_TIMER_TSC_DEADLINE (2u << 17)

#define LAPIC_SPURIOUS_VECTOR 0xFF

/* The x2APIC MSRs: 0x800 + offset / 16; the ICR is one 64-bit MSR
 * (SDM 10.12.1.2, table 10-6). */
#define X2APIC_MSR_BASE 0x800
#define X2APIC_MSR_ICR 0x830

enum lapic_mode { LAPIC_MODE_XAPIC, LAPIC_MODE_X2APIC };

/* ---- pure decisions (lapic_policy.c, host-tested) ---- */
/* The mode for apic=pref, given IA32_APIC_BASE.EXTD as firmware left it and
 * CPUID's x2APIC bit: NULL and *mode, or why pref is impossible. */
const char *lapic_policy_mode(enum apic_pref pref, bool firmware_x2apic, bool has_x2apic,
			      enum lapic_mode *mode);
/* The highest APIC ID an IPI can name in mode (the next is the broadcast). */
uint32_t lapic_policy_max_apic_id(enum lapic_mode mode);
/* The APIC IDs of p's enabled CPUs (online-capable ones are for a hot-add
 * firmware has not done) into ids, in firmware order, returning how many;
 * those mode cannot address into left_out (*n_left_out of them). Each
 * array has room for p->n_cpus. */
unsigned lapic_policy_startable(const struct platform *p, enum lapic_mode mode, uint32_t *ids,
				uint32_t *left_out, unsigned *n_left_out);

/* Check that the BSP has a LAPIC (CPUID), choose the mode (pref from
 * apic=), map the registers where IA32_APIC_BASE says (naming p's table
 * address when it differs), enable the LAPIC. Returns NULL, or a one-line reason why it cannot. */
const char *lapic_init_bsp(enum apic_pref pref, const struct platform *p);
/* The APIC IDs of the CPUs to start (lapic_policy_startable in the chosen
 * mode) into ids; the CPUs the mode cannot address are named on the
 * console and counted in lapic_cpus_left_out(). */
unsigned lapic_startable_cpus(const struct platform *p, uint32_t *ids);
unsigned lapic_cpus_left_out(void);
/* Enable this AP's LAPIC in the mode the BSP chose. */
void lapic_init_ap(void);
/* Wire this CPU's LINT0/LINT1 as the firmware says (NMI or masked). */
void lapic_setup_lints(const struct platform *p);
/* Run on a CPU: keep a copy of its LAPIC registers for lapic_emit_table. */
void lapic_snapshot(void *unused);
/* The `apic` table: CPU 0's snapshot in full, every LVT entry decoded, and
 * of the other snapshots the registers that differ from CPU 0's. */
void lapic_emit_table(void);
/* How many registers of cpu's snapshot differ from CPU 0's. */
unsigned lapic_snapshot_differences(unsigned cpu);
/* Measure the LAPIC timer's frequency (divide by 1) against the TSC. */
const char *lapic_timer_calibrate(void);
uint64_t lapic_timer_hz(void);
uint64_t lapic_timer_hz_measured(void);
/* That measurement's resolution in ppm: how far its window's ends may be
 * off (the sharpest of up to ten windows, tsc.h). */
uint32_t lapic_timer_hz_measured_ppm(void);
/* The hypervisor timing leaf's LAPIC timer frequency (0x40000010 EBX), 0 if none. */
uint64_t lapic_timer_hz_leaf(void);
const char *lapic_timer_source(void);
/* Timer ticks (divide by 1) for us microseconds: at least 1, at most 2^32-1. */
uint32_t lapic_timer_us_to_ticks(uint64_t us);
/* Arm this CPU's timer (divide by 1) on vector: once, periodically, or at
 * a TSC deadline (TSC-deadline mode, where CPUID offers it). */
void lapic_timer_oneshot_ticks(uint8_t vector, uint32_t ticks);
void lapic_timer_oneshot_us(uint8_t vector, uint64_t us);
void lapic_timer_periodic_ticks(uint8_t vector, uint32_t ticks);
void lapic_timer_deadline(uint8_t vector, uint64_t tsc);
void lapic_timer_stop(void);
/* One-shot or TSC-deadline: the interrupt has not been raised yet. */
bool lapic_timer_armed(void);

/*
 * Registers a benchmark changes for a while on the CPU that runs it and
 * puts back: this CPU's logical destination and SVR's EOI-broadcast
 * suppression, which lapic_init_* leave at their reset values.
 */
struct lapic_saved {
	uint32_t ldr, svr;
	bool ldr_set, svr_set;
};
/* The 8-bit logical destination that reaches this CPU alone, through an
 * IOAPIC entry: in xAPIC's flat model, LDR set to bit index (only CPUs 0-7
 * have one); in x2APIC, the read-only LDR if it lies in cluster 0 bits 0-7.
 * Returns why there is none, or 0. */
const char *lapic_logical_dest_claim(unsigned index, uint8_t *dest, struct lapic_saved *saved);
bool lapic_can_suppress_eoi_broadcast(void);
void lapic_suppress_eoi_broadcast(struct lapic_saved *saved);
void lapic_restore(const struct lapic_saved *saved);

/* APIC errors seen since boot (ESR, SDM 10.5.3), all CPUs. The handler
 * only records them; lapic_report_errors names those not yet named, one
 * line per CPU with its ESR bits (call it between frames), and
 * lapic_error_summary says them all in one line (into buf) for a verdict. */
uint64_t lapic_error_count(void);
void lapic_report_errors(const char *during);
const char *lapic_error_summary(char *buf, size_t len);
/* The `apic_errors` table (docs/results-schema.md), between frames. */
void lapic_emit_errors(void);
/* inject=apic_error: this CPU takes an APIC error interrupt. */
void lapic_inject_error(void);
enum lapic_mode lapic_mode(void);
const char *lapic_mode_name(void);
uint32_t lapic_read(enum lapic_reg reg);
void lapic_write(enum lapic_reg reg, uint32_t v);
/* Write the ICR and, in xAPIC mode, wait until the LAPIC has accepted it,
 * with this CPU's interrupts held off meanwhile (its two halves are two
 * stores; handlers send IPIs too). Any caller, any ICR value. */
void lapic_write_icr(uint32_t dest_apic_id, uint32_t icr_lo);
/* Where the xAPIC ICR's high half is mapped (for selftest.c's data
 * breakpoint); 0 in x2APIC mode, where the ICR is one MSR. */
uint64_t lapic_icr_hi_address(void);
uint32_t lapic_id(void);
void lapic_send_nmi(uint32_t dest_apic_id);

/*
 * The timed paths' LAPIC accesses, inline so that a benchmark's figure
 * holds no call: the EOI and the IPI a handler or a timed sender sends.
 * They read lapic.c's mode and mapping, set once by lapic_init_bsp; no
 * other code may touch lapic_access.
 */
struct lapic_access {
	enum lapic_mode mode;
	volatile uint32_t *mmio;	/* xAPIC only */
};
extern struct lapic_access lapic_access;

static inline void lapic_eoi(void)
{
	if (lapic_access.mode == LAPIC_MODE_X2APIC)
		wrmsr(X2APIC_MSR_BASE + LAPIC_EOI / 16, 0);
	else
		lapic_access.mmio[LAPIC_EOI / 4] = 0;
}

void lapic_wait_icr_idle_slow(void);

/* Every xAPIC ICR writer first waits for this LAPIC's previous IPI to be
 * accepted (delivery status idle, SDM 10.6.1), so that no write lands on
 * a pending one, whoever sent it: one read when idle, as it nearly always
 * is. x2APIC has no delivery status (SDM 10.12.9). */
static inline void lapic_wait_icr_idle(void)
{
	if (lapic_access.mmio[LAPIC_ICR_LO / 4] & LAPIC_ICR_DELIVERY_PENDING)
		lapic_wait_icr_idle_slow();
}

/* WRMSR to the x2APIC registers is not serializing (SDM 10.12.3): without
 * the fence an IPI can overtake this CPU's stores, and its receiver would
 * read stale data. */
static inline void lapic_fence_before_x2apic_ipi(void)
{
	__asm__ volatile("mfence; lfence" : : : "memory");
}

/* One WRMSR sends (SDM 10.12.9). */
static inline void lapic_write_icr_x2apic(uint32_t dest, uint32_t icr_lo)
{
	lapic_fence_before_x2apic_ipi();
	wrmsr(X2APIC_MSR_ICR, ((uint64_t)dest << 32) | icr_lo);
}

/* x2APIC only: one MSR write with just the vector (SDM 10.12.11). */
static inline void lapic_send_self_ipi(uint8_t vector)
{
	ASSERT(lapic_access.mode == LAPIC_MODE_X2APIC);
	lapic_fence_before_x2apic_ipi();
	wrmsr(X2APIC_MSR_BASE + LAPIC_SELF_IPI / 16, vector);
}

/* Send an IPI with a destination shorthand (self, all, all but self),
 * from any code: the destination field is ignored, so xAPIC sends it
 * with one store to the low half, which no interrupt can split. */
static inline void lapic_send_ipi_shorthand(uint32_t icr_lo)
{
	ASSERT(icr_lo & LAPIC_ICR_DEST_SHORTHAND_MASK);
	if (lapic_access.mode == LAPIC_MODE_X2APIC) {
		lapic_write_icr_x2apic(0, icr_lo);
		return;
	}
	lapic_wait_icr_idle();
	lapic_access.mmio[LAPIC_ICR_LO / 4] = icr_lo;
}

/*
 * Send an IPI to one destination (no shorthand), from code that runs with
 * interrupts off: a handler entered through an interrupt gate (IF cleared,
 * SDM 6.12.1.3), or a timed sender between its CLI and STI. With IF clear
 * no handler of this CPU can write ICR_HI between the xAPIC's two stores,
 * so the guard lapic_write_icr puts around them is not needed, and the
 * next writer's wait for idle stands for the wait after. x2APIC's one
 * WRMSR cannot be split and has no delivery status to wait for (SDM
 * 10.12.9), yet the precondition is checked in both modes, so that a
 * misuse shows in either (PUSHF and a test: IF set is an assertion
 * failure).
 */
static inline void lapic_send_ipi_irqs_off(uint32_t dest, uint32_t icr_lo)
{
	ASSERT(!(read_rflags() & RFLAGS_IF));
	if (lapic_access.mode == LAPIC_MODE_X2APIC) {
		lapic_write_icr_x2apic(dest, icr_lo);
		return;
	}
	lapic_wait_icr_idle();
	lapic_access.mmio[LAPIC_ICR_HI / 4] = dest << 24;
	lapic_access.mmio[LAPIC_ICR_LO / 4] = icr_lo;
}

#endif
