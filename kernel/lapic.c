/*
 * Local APIC access (SDM Vol. 3A chapter 10). One accessor pair hides the
 * mode: xAPIC registers are 32-bit MMIO at 16-byte strides, x2APIC
 * registers are MSRs 0x800 + offset / 16; the ICR differs in shape (two
 * 32-bit halves vs one 64-bit MSR) and has its own writers (here, and
 * inline in lapic.h for the timed paths, with the EOI).
 */
#include "lapic.h"

#include "console.h"
#include "cpu.h"
#include "cpuinfo.h"
#include "fmt.h"
#include "frame.h"
#include "paging.h"
#include "panic.h"
#include "trap.h"
#include "tsc.h"
#include "x86.h"

#define MSR_IA32_APIC_BASE 0x1B
#define APIC_BASE_EXTD (1ull << 10)	/* x2APIC enable (SDM 10.12.1) */
#define APIC_BASE_EN (1ull << 11)
#define APIC_BASE_ADDR_MASK 0x000FFFFFFFFFF000ull
#define MSR_IA32_TSC_DEADLINE 0x6E0
#define LAPIC_MMIO_SIZE 0x1000
/* Polls of the delivery-status bit; it clears within a few bus cycles on
 * hardware and immediately under QEMU. */
#define LAPIC_ICR_IDLE_SPINS 1000000

struct lapic_access lapic_access;

uint32_t lapic_read(enum lapic_reg reg)
{
	if (lapic_access.mode == LAPIC_MODE_X2APIC)
		return (uint32_t)rdmsr(X2APIC_MSR_BASE + reg / 16);
	return lapic_access.mmio[reg / 4];
}

void lapic_write(enum lapic_reg reg, uint32_t v)
{
	if (lapic_access.mode == LAPIC_MODE_X2APIC)
		wrmsr(X2APIC_MSR_BASE + reg / 16, v);
	else
		lapic_access.mmio[reg / 4] = v;
}

void lapic_wait_icr_idle_slow(void)
{
	for (unsigned i = 0; i < LAPIC_ICR_IDLE_SPINS; i++)
		if (!(lapic_access.mmio[LAPIC_ICR_LO / 4] & LAPIC_ICR_DELIVERY_PENDING))
			return;
	PANIC("xAPIC ICR still busy (delivery status pending) after %u polls", LAPIC_ICR_IDLE_SPINS);
}

/* The general writer, for any caller and any ICR value. An xAPIC
 * destination needs two stores (the low half sends), and a handler's IPI
 * taken between them would leave its destination in ICR_HI for our low
 * half: this CPU's interrupts stay out across them, and are given back
 * once the LAPIC has accepted ours. x2APIC's single WRMSR needs none of
 * it, nor does a shorthand (lapic_send_ipi_shorthand). */
void lapic_write_icr(uint32_t dest, uint32_t icr_lo)
{
	if (lapic_access.mode == LAPIC_MODE_X2APIC) {
		lapic_write_icr_x2apic(dest, icr_lo);
		return;
	}
	if (icr_lo & LAPIC_ICR_DEST_SHORTHAND_MASK) {
		lapic_send_ipi_shorthand(icr_lo);
		return;
	}
	bool irqs = irq_save();

	lapic_send_ipi_irqs_off(dest, icr_lo);
	lapic_wait_icr_idle();
	irq_restore(irqs);
}

uint64_t lapic_icr_hi_address(void)
{
	if (lapic_access.mode != LAPIC_MODE_XAPIC)
		return 0;
	return (uint64_t)(uintptr_t)&lapic_access.mmio[LAPIC_ICR_HI / 4];
}

uint32_t lapic_id(void)
{
	uint32_t id = lapic_read(LAPIC_ID);

	/* xAPIC: ID in bits 31:24 (SDM 10.4.6); x2APIC: the whole register. */
	return lapic_access.mode == LAPIC_MODE_X2APIC ? id : id >> 24;
}

void lapic_send_nmi(uint32_t dest)
{
	lapic_write_icr(dest, LAPIC_ICR_DM_NMI | LAPIC_ICR_LEVEL_ASSERT);
}

enum lapic_mode lapic_mode(void)
{
	return lapic_access.mode;
}

const char *lapic_mode_name(void)
{
	return lapic_access.mode == LAPIC_MODE_X2APIC ? "x2apic" : "xapic";
}

/* A spurious interrupt gets no EOI (SDM 10.9). */
static void lapic_spurious(struct trap_frame *f)
{
	(void)f;
}

/* ESR bits (SDM 10.5.3, figure 10-9). */
static const char *const esr_bits[8] = {
	"send checksum", "receive checksum", "send accept", "receive accept",
	"redirectable IPI", "send illegal vector", "received illegal vector",
	"illegal register address",
};

/* The ESR latches on a write; read it after writing (SDM 10.5.3). */
static uint32_t lapic_read_esr(void)
{
	lapic_write(LAPIC_ESR, 0);
	return lapic_read(LAPIC_ESR);
}

/* APIC errors per CPU. The handler only records them: it can interrupt
 * a frame being written on its CPU (benchmarks run with interrupts on,
 * and the console lock is recursive), where a printed line would break
 * the frame; lapic_report_errors says them between frames. */
static struct lapic_errors {
	uint64_t count, reported;
	uint32_t esr_unreported, esr_all;	/* ESR bits seen (SDM 10.5.3) */
} cpu_errors[MAX_CPUS];

static void lapic_error(struct trap_frame *f)
{
	struct lapic_errors *e = &cpu_errors[cpu_current_index()];
	uint32_t esr = lapic_read_esr();

	(void)f;
	__atomic_or_fetch(&e->esr_unreported, esr, __ATOMIC_RELAXED);
	__atomic_or_fetch(&e->esr_all, esr, __ATOMIC_RELAXED);
	__atomic_add_fetch(&e->count, 1, __ATOMIC_RELEASE);
	lapic_eoi();
}

/* "send illegal vector; ...", or why there is no bit to name. */
static void esr_names(char *buf, size_t len, uint32_t esr)
{
	size_t at = 0;

	buf[0] = 0;
	if (!esr)
		ksnprintf(buf, len, "no bit set");
	for (unsigned b = 0, n = 0; b < 8 && at < len; b++)
		if (esr & (1u << b))
			at += (size_t)ksnprintf(buf + at, len - at, "%s%s", n++ ? "; " : "",
						esr_bits[b]);
}

/* "0x20 (send illegal vector)". */
static void esr_describe(char *buf, size_t len, uint32_t esr)
{
	char names[160];

	esr_names(names, sizeof(names), esr);
	ksnprintf(buf, len, "0x%x (%s)", esr, names);
}

/* The `apic_errors` table: one row per CPU that had any. */
void lapic_emit_errors(void)
{
	struct frame f;
	char names[160];

	console_lock();
	frame_begin(&f, "apic_errors", "cpu,apic_id,errors,esr,esr_bits");
	for (unsigned cpu = 0; cpu < MAX_CPUS; cpu++) {
		const struct lapic_errors *e = &cpu_errors[cpu];
		if (!e->count)
			continue;
		esr_names(names, sizeof(names), e->esr_all);
		frame_row(&f, "%u,%u,%lu,0x%x,%s", cpu, cpus[cpu].apic_id, e->count, e->esr_all,
			  names);
	}
	frame_end(&f);
	console_unlock();
}

void lapic_report_errors(const char *during)
{
	char esr[200];

	for (unsigned cpu = 0; cpu < MAX_CPUS; cpu++) {
		struct lapic_errors *e = &cpu_errors[cpu];
		uint64_t n = __atomic_load_n(&e->count, __ATOMIC_ACQUIRE);
		if (n == e->reported)
			continue;
		esr_describe(esr, sizeof(esr),
			     __atomic_exchange_n(&e->esr_unreported, 0, __ATOMIC_RELAXED));
		kprintf("lapic: %lu APIC error%s on cpu %u during %s: ESR %s\n", n - e->reported,
			n - e->reported == 1 ? "" : "s", cpu, during, esr);
		e->reported = n;
	}
}

uint64_t lapic_error_count(void)
{
	uint64_t n = 0;

	for (unsigned cpu = 0; cpu < MAX_CPUS; cpu++)
		n += __atomic_load_n(&cpu_errors[cpu].count, __ATOMIC_ACQUIRE);
	return n;
}

const char *lapic_error_summary(char *buf, size_t len)
{
	uint32_t esr = 0;
	unsigned first = MAX_CPUS, n_cpus = 0;
	char bits[200];

	for (unsigned cpu = 0; cpu < MAX_CPUS; cpu++) {
		if (!__atomic_load_n(&cpu_errors[cpu].count, __ATOMIC_ACQUIRE))
			continue;
		esr |= cpu_errors[cpu].esr_all;
		first = n_cpus++ ? first : cpu;
	}
	esr_describe(bits, sizeof(bits), esr);
	uint64_t n = lapic_error_count();

	ksnprintf(buf, len, "lapic: %lu APIC error%s on %u CPU%s (the first: cpu %u), ESR %s: "
		  "interrupts of the run may have been lost", n, n == 1 ? "" : "s", n_cpus,
		  n_cpus == 1 ? "" : "s", first, bits);
	return buf;
}

/* inject=apic_error: what the LAPIC does on an error (SDM 10.5.3), an
 * interrupt on the LVT Error vector, through a self IPI. Sending an
 * illegal vector (0-15) makes real hardware latch "send illegal vector"
 * and raise it, but QEMU 7.2's TCG LAPIC delivers the vector instead (a
 * fixed IPI on vector 2 arrives through the NMI gate). */
void lapic_inject_error(void)
{
	lapic_write_icr(0, LAPIC_ICR_DEST_SELF | LAPIC_ICR_DM_FIXED | LAPIC_ERROR_VECTOR);
}

/* Every CPU has its own IA32_APIC_BASE, SVR and LVT: the same steps on
 * each. LINT0/1 start masked; lapic_setup_lints wires the NMI ones. */
static void lapic_enable(void)
{
	uint64_t base = rdmsr(MSR_IA32_APIC_BASE) | APIC_BASE_EN;

	if (lapic_access.mode == LAPIC_MODE_X2APIC)
		base |= APIC_BASE_EXTD;
	wrmsr(MSR_IA32_APIC_BASE, base);
	lapic_write(LAPIC_SVR, LAPIC_SVR_ENABLE | LAPIC_SPURIOUS_VECTOR);
	lapic_write(LAPIC_LVT_LINT0, LAPIC_LVT_MASKED);
	lapic_write(LAPIC_LVT_LINT1, LAPIC_LVT_MASKED);
	lapic_write(LAPIC_LVT_TIMER, LAPIC_LVT_MASKED);
	lapic_write(LAPIC_LVT_ERROR, LAPIC_ERROR_VECTOR);
	lapic_read_esr();
	lapic_write(LAPIC_TPR, 0);
}

/* MADT LAPIC NMI entries (ACPI 5.2.12.7) name a processor UID, or all. */
void lapic_setup_lints(const struct platform *p)
{
	uint32_t uid = PLATFORM_ALL_CPUS - 1, id = lapic_id();

	for (unsigned i = 0; i < p->n_cpus; i++)
		if (p->cpus[i].apic_id == id)
			uid = p->cpus[i].acpi_uid;
	for (unsigned i = 0; i < p->n_lapic_nmis; i++) {
		const struct platform_lapic_nmi *n = &p->lapic_nmis[i];
		if (n->acpi_uid != PLATFORM_ALL_CPUS && n->acpi_uid != uid)
			continue;
		uint32_t lvt = LAPIC_LVT_DM_NMI;
		if ((n->flags & MPS_INTI_POLARITY_MASK) == MPS_INTI_ACTIVE_LOW)
			lvt |= LAPIC_LVT_ACTIVE_LOW;
		/* NMI delivery is always edge-triggered (SDM 10.5.1). */
		lapic_write(n->lint ? LAPIC_LVT_LINT1 : LAPIC_LVT_LINT0, lvt);
	}
}

void lapic_init_ap(void)
{
	lapic_enable();
}

/* The xAPIC registers sit where IA32_APIC_BASE says (SDM 10.4.4, 10.4.5);
 * an address paging cannot map as MMIO is refused, not asserted. */
static const char *lapic_map_xapic(uint64_t addr)
{
	static char why[160];
	const char *bad = paging_mmio_why(addr, LAPIC_MMIO_SIZE);

	if (bad) {
		ksnprintf(why, sizeof(why), "IA32_APIC_BASE puts the xAPIC registers at 0x%lx, %s",
			  addr, bad);
		return why;
	}
	paging_map_mmio(addr, LAPIC_MMIO_SIZE);
	lapic_access.mmio = (volatile uint32_t *)(uintptr_t)addr;
	return 0;
}

/* The firmware's tables repeat the address (MADT, MP floating table);
 * the MSR is what the CPU decodes, so a table that disagrees is named. */
static void lapic_check_table_address(const struct platform *p, uint64_t addr)
{
	if (p->lapic_address && p->lapic_address != addr)
		kprintf("lapic: the %s give the LAPIC address 0x%lx, IA32_APIC_BASE 0x%lx: "
			"IA32_APIC_BASE's is used\n",
			p->source == PLATFORM_SOURCE_ACPI ? "ACPI tables" : "MP tables",
			p->lapic_address, addr);
}

/* CPUID.01H:EDX.APIC first: without a LAPIC, IA32_APIC_BASE may not even
 * exist (SDM 10.4.2, and RDMSR of it then raises #GP). */
const char *lapic_init_bsp(enum apic_pref pref, const struct platform *p)
{
	struct cpuinfo ci;

	cpuinfo_read(&ci);
	if (!ci.apic)
		return "this CPU has no local APIC (or firmware disabled it): "
		       "CPUID.01H:EDX.APIC[bit 9] is 0, and irqbench measures APIC interrupts";
	uint64_t base = rdmsr(MSR_IA32_APIC_BASE);
	const char *why = lapic_policy_mode(pref, base & APIC_BASE_EXTD, ci.x2apic, &lapic_access.mode);
	if (why)
		return why;
	if (lapic_access.mode == LAPIC_MODE_XAPIC) {
		lapic_check_table_address(p, base & APIC_BASE_ADDR_MASK);
		if ((why = lapic_map_xapic(base & APIC_BASE_ADDR_MASK)))
			return why;
	}
	trap_set_handler(LAPIC_SPURIOUS_VECTOR, lapic_spurious, "lapic_spurious");
	trap_set_handler(LAPIC_ERROR_VECTOR, lapic_error, "lapic_error");
	lapic_enable();
	return 0;
}

static unsigned n_left_out;

/* Name the CPUs left out, a few at most, on one line. */
static void report_left_out(const uint32_t *ids, unsigned n)
{
	kprintf("lapic: %s mode addresses APIC IDs up to %u only: %u enabled CPU%s left out, APIC ID%s",
		lapic_mode_name(), lapic_policy_max_apic_id(lapic_access.mode), n, n == 1 ? "" : "s",
		n == 1 ? "" : "s");
	for (unsigned i = 0; i < n && i < 8; i++)
		kprintf("%s %u", i ? "," : "", ids[i]);
	kprintf("%s%s\n", n > 8 ? ", ..." : "",
		lapic_access.mode == LAPIC_MODE_XAPIC ?
		" (x2APIC mode, where CPUID offers it, reaches them)" : "");
}

unsigned lapic_startable_cpus(const struct platform *p, uint32_t *ids)
{
	static uint32_t left_out[PLATFORM_MAX_CPUS];
	unsigned n = lapic_policy_startable(p, lapic_access.mode, ids, left_out, &n_left_out);

	if (n_left_out)
		report_left_out(left_out, n_left_out);
	return n;
}

unsigned lapic_cpus_left_out(void)
{
	return n_left_out;
}

/* Register copies taken on each CPU (LAPIC registers are per CPU). */
static const enum lapic_reg view_regs[] = {
	LAPIC_ID, LAPIC_VER, LAPIC_TPR, LAPIC_SVR, LAPIC_ESR, LAPIC_LDR,
	LAPIC_LVT_TIMER, LAPIC_LVT_THERMAL, LAPIC_LVT_PERF, LAPIC_LVT_LINT0,
	LAPIC_LVT_LINT1, LAPIC_LVT_ERROR, LAPIC_LVT_CMCI, LAPIC_TIMER_ICR,
	LAPIC_TIMER_CCR, LAPIC_TIMER_DCR,
};
#define N_VIEW_REGS (sizeof(view_regs) / sizeof(view_regs[0]))
static const char *const view_names[N_VIEW_REGS] = {
	"ID", "VER", "TPR", "SVR", "ESR", "LDR", "LVT_TIMER", "LVT_THERMAL",
	"LVT_PERF", "LVT_LINT0", "LVT_LINT1", "LVT_ERROR", "LVT_CMCI",
	"TIMER_ICR", "TIMER_CCR", "TIMER_DCR",
};
static uint32_t snapshots[MAX_CPUS][N_VIEW_REGS];
static bool snapshot_present[MAX_CPUS][N_VIEW_REGS];
static bool snapshot_taken[MAX_CPUS];

/* VER bits 23:16 hold the highest LVT index (SDM 10.4.8): 6 means the CMCI
 * LVT exists. Reading an absent register faults in x2APIC mode. */
static bool lapic_has_reg(enum lapic_reg r, uint32_t ver)
{
	return r != LAPIC_LVT_CMCI || ((ver >> 16) & 0xFF) >= 6;
}

void lapic_snapshot(void *unused)
{
	unsigned cpu = cpu_current_index();
	uint32_t ver = lapic_read(LAPIC_VER);

	(void)unused;
	for (unsigned i = 0; i < N_VIEW_REGS; i++) {
		snapshot_present[cpu][i] = lapic_has_reg(view_regs[i], ver);
		if (snapshot_present[cpu][i])
			snapshots[cpu][i] = view_regs[i] == LAPIC_ESR ? lapic_read_esr() :
					    lapic_read(view_regs[i]);
	}
	snapshot_taken[cpu] = true;
}

static void lvt_decode(char *buf, size_t len, enum lapic_reg r, uint32_t v)
{
	static const char *const dm[8] = { "fixed", "reserved", "smi", "reserved",
					   "nmi", "init", "reserved", "extint" };
	static const char *const timer_mode[4] = { "one-shot", "periodic", "tsc-deadline", "reserved" };

	ksnprintf(buf, len, "vector 0x%02x %s%s%s%s%s%s", v & 0xFF,
		  r == LAPIC_LVT_TIMER ? timer_mode[(v >> 17) & 3] : dm[(v >> 8) & 7],
		  v & LAPIC_LVT_DELIVERY_PENDING ? " send-pending" : " idle",
		  r == LAPIC_LVT_LINT0 || r == LAPIC_LVT_LINT1 ?
		  (v & LAPIC_LVT_ACTIVE_LOW ? " active-low" : " active-high") : "",
		  r == LAPIC_LVT_LINT0 || r == LAPIC_LVT_LINT1 ?
		  (v & LAPIC_LVT_LEVEL ? " level" : " edge") : "",
		  v & LAPIC_LVT_REMOTE_IRR ? " remote-irr" : "",
		  v & LAPIC_LVT_MASKED ? " masked" : " unmasked");
}

static void reg_decode(char *buf, size_t len, enum lapic_reg r, uint32_t v)
{
	switch (r) {
	case LAPIC_ID:
		ksnprintf(buf, len, "apic id %u", lapic_access.mode == LAPIC_MODE_X2APIC ? v : v >> 24);
		break;
	case LAPIC_VER:
		ksnprintf(buf, len, "version 0x%02x lvt entries %u%s", v & 0xFF, ((v >> 16) & 0xFF) + 1,
			  v & LAPIC_VER_EOI_SUPPRESSION ? " eoi-broadcast-suppression" : "");
		break;
	case LAPIC_SVR:
		ksnprintf(buf, len, "spurious vector 0x%02x %s", v & 0xFF,
			  v & LAPIC_SVR_ENABLE ? "apic enabled" : "apic software-disabled");
		break;
	case LAPIC_ESR:
		ksnprintf(buf, len, "%s", v ? "errors latched" : "no errors");
		break;
	case LAPIC_TPR:
		ksnprintf(buf, len, "priority class %u sub-class %u", (v >> 4) & 0xF, v & 0xF);
		break;
	case LAPIC_TIMER_DCR: {
		/* SDM 10.5.4, figure 10-10: bits 3,1,0 encode divide by 2^(n+1), 7 is 1. */
		unsigned n = ((v >> 1) & 4) | (v & 3);
		ksnprintf(buf, len, "divide by %u", n == 7 ? 1 : 2u << n);
		break;
	}
	case LAPIC_LVT_TIMER: case LAPIC_LVT_THERMAL: case LAPIC_LVT_PERF:
	case LAPIC_LVT_LINT0: case LAPIC_LVT_LINT1: case LAPIC_LVT_ERROR: case LAPIC_LVT_CMCI:
		lvt_decode(buf, len, r, v);
		break;
	default:
		ksnprintf(buf, len, "%u", v);
	}
}

static bool reg_differs(unsigned cpu, unsigned i)
{
	return snapshot_present[cpu][i] != snapshot_present[0][i] ||
	       (snapshot_present[cpu][i] && snapshots[cpu][i] != snapshots[0][i]);
}

unsigned lapic_snapshot_differences(unsigned cpu)
{
	unsigned n = 0;

	for (unsigned i = 0; i < N_VIEW_REGS; i++)
		n += reg_differs(cpu, i);
	return n;
}

static void reg_row(struct frame *f, unsigned cpu, unsigned i)
{
	char decoded[128];

	if (!snapshot_present[cpu][i]) {
		frame_row(f, "%u,%u,%s,%s,,absent", cpu, cpus[cpu].apic_id, lapic_mode_name(),
			  view_names[i]);
		return;
	}
	reg_decode(decoded, sizeof(decoded), view_regs[i], snapshots[cpu][i]);
	frame_row(f, "%u,%u,%s,%s,0x%08x,%s", cpu, cpus[cpu].apic_id, lapic_mode_name(),
		  view_names[i], snapshots[cpu][i], decoded);
}

/* CPU 0's registers in full, then each other CPU's that differ from CPU
 * 0's (its ID at least): the same rule as the idt table. */
void lapic_emit_table(void)
{
	struct frame f;

	console_lock();
	frame_begin(&f, "apic", "cpu,apic_id,mode,register,raw,decoded");
	for (unsigned cpu = 0; cpu < MAX_CPUS; cpu++) {
		if (!snapshot_taken[cpu])
			continue;
		for (unsigned i = 0; i < N_VIEW_REGS; i++)
			if (cpu == 0 || reg_differs(cpu, i))
				reg_row(&f, cpu, i);
	}
	frame_end(&f);
	console_unlock();
}

/* Divide configuration 0b1011: divide by 1 (SDM 10.5.4, figure 10-10). */
#define LAPIC_TIMER_DIVIDE_BY_1 0xB
#define LAPIC_TIMER_WINDOW_US 10000

static uint64_t timer_hz, timer_hz_measured, timer_hz_leaf;
static uint32_t timer_hz_measured_ppm;
static const char *timer_source;

/* The hypervisor timing leaf's EBX: the APIC bus (timer input) in kHz,
 * the VMware/KVM convention beside EAX's TSC kHz. */
static uint64_t hypervisor_leaf_timer_hz(void)
{
	struct cpuinfo ci;

	cpuinfo_read(&ci);
	if (!ci.hypervisor_present || cpuid(0x40000000, 0).eax < 0x40000010)
		return 0;
	return (uint64_t)cpuid(0x40000010, 0).ebx * 1000;
}

/* One window: the timer counts down from its whole count against the
 * TSC, masked, so no interrupt fires. Its frequency and resolution in
 * *ppm (tsc_window_counter_hz: the first write and the last read each
 * bracketed by TSC reads and timed at their middle), or 0 and why not in
 * *ctx, a const char * (tsc_sharpest_window's window). */
static uint64_t timer_window_hz(void *ctx, uint32_t *ppm)
{
	const char **why = ctx;
	struct tsc_bracket start, end;

	start.before = tsc_read_fenced();
	lapic_write(LAPIC_TIMER_ICR, 0xFFFFFFFF);
	start.after = tsc_read_fenced();
	tsc_delay_us(LAPIC_TIMER_WINDOW_US);
	end.before = tsc_read_fenced();
	uint32_t ccr = lapic_read(LAPIC_TIMER_CCR);
	end.after = tsc_read_fenced();
	lapic_write(LAPIC_TIMER_ICR, 0);
	if (ccr == 0 || ccr == 0xFFFFFFFF) {
		*why = ccr ? "lapic: the timer did not count" : "lapic: the timer ran out during calibration";
		return 0;
	}
	return tsc_window_counter_hz(start, end, 0xFFFFFFFFu - ccr, tsc_info()->hz, ppm);
}

/* The sharpest of up to TSC_WINDOWS_MAX windows, taken until one is
 * sharp (tsc.h): under a loaded nested hypervisor one access can take
 * milliseconds, and a single window was seen 6 % off (938 MHz against
 * the hypervisor leaf's 1 GHz). */
static const char *timer_measure(void)
{
	const char *why = "lapic: the timer did not count";

	lapic_write(LAPIC_LVT_TIMER, LAPIC_LVT_MASKED);
	lapic_write(LAPIC_TIMER_DCR, LAPIC_TIMER_DIVIDE_BY_1);
	struct tsc_best_window b = tsc_sharpest_window(timer_window_hz, &why);
	timer_hz_measured = b.hz;
	timer_hz_measured_ppm = b.ppm;
	return b.hz ? 0 : why;
}

/* Measured always (a cross-check); the hypervisor's figure, when it
 * gives one, is exact and wins. */
const char *lapic_timer_calibrate(void)
{
	const char *why = timer_measure();

	if (why)
		return why;
	timer_hz = timer_hz_leaf = hypervisor_leaf_timer_hz();
	timer_source = "cpuid_40000010h";
	if (!timer_hz) {
		timer_hz = timer_hz_measured;
		timer_source = "measured against the TSC";
	}
	return 0;
}

uint64_t lapic_timer_hz(void)
{
	return timer_hz;
}

uint64_t lapic_timer_hz_measured(void)
{
	return timer_hz_measured;
}

uint32_t lapic_timer_hz_measured_ppm(void)
{
	return timer_hz_measured_ppm;
}

uint64_t lapic_timer_hz_leaf(void)
{
	return timer_hz_leaf;
}

const char *lapic_timer_source(void)
{
	return timer_source;
}

uint32_t lapic_timer_us_to_ticks(uint64_t us)
{
	uint64_t ticks = us * timer_hz / 1000000;

	return ticks > 0xFFFFFFFF ? 0xFFFFFFFF : ticks ? (uint32_t)ticks : 1;
}

/* Writing the initial count starts the countdown (SDM 10.5.4). */
void lapic_timer_oneshot_ticks(uint8_t vector, uint32_t ticks)
{
	lapic_write(LAPIC_TIMER_DCR, LAPIC_TIMER_DIVIDE_BY_1);
	lapic_write(LAPIC_LVT_TIMER, vector);
	lapic_write(LAPIC_TIMER_ICR, ticks);
}

void lapic_timer_oneshot_us(uint8_t vector, uint64_t us)
{
	lapic_timer_oneshot_ticks(vector, lapic_timer_us_to_ticks(us));
}

void lapic_timer_periodic_ticks(uint8_t vector, uint32_t ticks)
{
	lapic_write(LAPIC_TIMER_DCR, LAPIC_TIMER_DIVIDE_BY_1);
	lapic_write(LAPIC_LVT_TIMER, LAPIC_LVT_TIMER_PERIODIC | vector);
	lapic_write(LAPIC_TIMER_ICR, ticks);
}

/* SDM 10.5.4.1: select TSC-deadline mode in the LVT, then arm by writing
 * IA32_TSC_DEADLINE; the fence keeps the MSR write from passing the LVT
 * write (the SDM asks for it in xAPIC mode, where the LVT is MMIO). */
void lapic_timer_deadline(uint8_t vector, uint64_t tsc)
{
	lapic_write(LAPIC_LVT_TIMER, LAPIC_LVT_TIMER_TSC_DEADLINE | vector);
	__asm__ volatile("mfence" : : : "memory");
	wrmsr(MSR_IA32_TSC_DEADLINE, tsc);
}

/* Whether the timer is still certain to raise its interrupt: a one-shot
 * count not yet at zero (10.5.4: the interrupt comes when it reaches zero),
 * or a deadline not yet reached (10.5.4.1: when the timer fires it disarms
 * itself and clears IA32_TSC_DEADLINE). */
bool lapic_timer_armed(void)
{
	uint32_t lvt = lapic_read(LAPIC_LVT_TIMER);

	if (lvt & LAPIC_LVT_MASKED)
		return false;
	if ((lvt & LAPIC_LVT_TIMER_TSC_DEADLINE) == LAPIC_LVT_TIMER_TSC_DEADLINE)
		return rdmsr(MSR_IA32_TSC_DEADLINE) != 0;
	return lapic_read(LAPIC_TIMER_CCR) != 0;
}

/* SDM 10.6.2.2: DFR all ones selects the flat model, where LDR bits 31:24
 * are the logical ID, one bit per CPU, so eight CPUs at most. */
#define XAPIC_DFR_FLAT 0xFFFFFFFFu
#define XAPIC_LDR_SHIFT 24
#define XAPIC_FLAT_CPUS 8

/* x2APIC's LDR is read-only: cluster in bits 31:16, one bit in 15:0
 * (SDM 10.12.10.2); an 8-bit IOAPIC destination reaches cluster 0, bits 0-7. */
const char *lapic_logical_dest_claim(unsigned index, uint8_t *dest, struct lapic_saved *saved)
{
	if (lapic_access.mode == LAPIC_MODE_X2APIC) {
		uint32_t ldr = lapic_read(LAPIC_LDR);
		if (ldr >> 16 || (ldr & 0xFFFF) > 0xFF)
			return "this CPU's x2APIC logical ID is outside cluster 0 bits 0-7, "
			       "which an 8-bit IOAPIC destination reaches";
		*dest = (uint8_t)ldr;
		return 0;
	}
	if (lapic_read(LAPIC_DFR) != XAPIC_DFR_FLAT)
		return "the xAPIC DFR selects the cluster model, not the flat one";
	if (index >= XAPIC_FLAT_CPUS)
		return "the xAPIC flat logical model addresses only CPUs 0-7";
	saved->ldr = lapic_read(LAPIC_LDR);
	saved->ldr_set = true;
	*dest = (uint8_t)(1u << index);
	lapic_write(LAPIC_LDR, (uint32_t)*dest << XAPIC_LDR_SHIFT);
	return 0;
}

bool lapic_can_suppress_eoi_broadcast(void)
{
	return lapic_read(LAPIC_VER) & LAPIC_VER_EOI_SUPPRESSION;
}

/* SDM 10.8.5: with SVR bit 12 set, an EOI for a level-triggered interrupt
 * is not broadcast to the IOAPICs; software sends a directed EOI instead. */
void lapic_suppress_eoi_broadcast(struct lapic_saved *saved)
{
	saved->svr = lapic_read(LAPIC_SVR);
	saved->svr_set = true;
	lapic_write(LAPIC_SVR, saved->svr | LAPIC_SVR_SUPPRESS_EOI_BROADCAST);
}

void lapic_restore(const struct lapic_saved *saved)
{
	if (saved->ldr_set)
		lapic_write(LAPIC_LDR, saved->ldr);
	if (saved->svr_set)
		lapic_write(LAPIC_SVR, saved->svr);
}

/* Masks the LVT and disarms both the count and a deadline (writing 0 to
 * IA32_TSC_DEADLINE disarms, SDM 10.5.4.1). */
void lapic_timer_stop(void)
{
	uint32_t lvt = lapic_read(LAPIC_LVT_TIMER);

	if ((lvt & LAPIC_LVT_TIMER_TSC_DEADLINE) == LAPIC_LVT_TIMER_TSC_DEADLINE)
		wrmsr(MSR_IA32_TSC_DEADLINE, 0);
	lapic_write(LAPIC_TIMER_ICR, 0);
	lapic_write(LAPIC_LVT_TIMER, LAPIC_LVT_MASKED);
}
