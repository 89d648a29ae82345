/*
 * AP start-up (SDM Vol. 3A 8.4.4.1, "Typical BSP Initialization Sequence":
 * INIT IPI, wait 10 ms (not on a modern CPU: init_delay_us), STARTUP IPI,
 * wait 200 us, second STARTUP IPI) and
 * the per-CPU work mailbox. APs are started one at a time: they share the
 * trampoline's parameter block, and each one's start time is recorded.
 * An idle AP waits in sti;hlt, woken by SMP_WAKE_VECTOR.
 */
#include "smp.h"

#include "console.h"
#include "cpu.h"
#include "cpuinfo.h"
#include "fmt.h"
#include "frame.h"
#include "kstring.h"
#include "lapic.h"
#include "panic.h"
#include "trap.h"
#include "tsc.h"
#include "x86.h"

extern const char trampoline_start[], trampoline_end[], trampoline_params[];

#define INIT_DELAY_US 10000
#define SIPI_DELAY_US 200
/* After the second SIPI. Nested hypervisors take milliseconds (see
 * docs/platform-discovery.md); real hardware takes microseconds. */
#define AP_ONLINE_TIMEOUT_US 500000

static unsigned n_expected = 1, n_online = 1;
static volatile bool stopping;

unsigned smp_cpus_expected(void)
{
	return n_expected;
}

unsigned smp_cpus_online(void)
{
	return n_online;
}

static struct trampoline_params *trampoline_params_at_runtime(void)
{
	return (struct trampoline_params *)(uintptr_t)(TRAMPOLINE_ADDR +
						       (trampoline_params - trampoline_start));
}

static void ap_idle(struct cpu *c)
{
	for (;;) {
		cli();
		uint32_t posted = __atomic_load_n(&c->work_posted, __ATOMIC_ACQUIRE);
		if (posted == c->work_done) {
			sti_hlt();
			continue;
		}
		sti();
		c->work_fn(c->work_arg);
		__atomic_store_n(&c->work_done, posted, __ATOMIC_RELEASE);
		lapic_write_icr(c->work_notify_apic, LAPIC_ICR_DM_FIXED | SMP_WAKE_VECTOR);
	}
}

/* Called by trampoline.S on the AP's own stack. */
static void ap_entry(struct cpu *c)
{
	cpu_setup(c, c->index, c->apic_id);
	lapic_init_ap();
	__atomic_store_n(&c->online, true, __ATOMIC_RELEASE);
	ap_idle(c);
}

static bool wait_online(struct cpu *c, uint64_t us)
{
	uint64_t deadline = tsc_deadline_us(us);

	while (!__atomic_load_n(&c->online, __ATOMIC_ACQUIRE)) {
		if (tsc_passed(deadline))
			return __atomic_load_n(&c->online, __ATOMIC_ACQUIRE);
		cpu_relax();
	}
	return true;
}

/* An APIC ID no listed CPU has (never 0xFF, the xAPIC broadcast): where
 * inject=ap_nostart sends the last AP's start-up IPIs. */
static uint32_t unused_apic_id(const uint32_t *ids, unsigned n)
{
	for (uint32_t id = 0xFE;; id--) {
		unsigned i = 0;
		while (i < n && ids[i] != id)
			i++;
		if (i == n)
			return id;
	}
}

/* The 10 ms wait after INIT (SDM Vol. 3A 8.4.4.1; MP spec 1.4 B.4) is for
 * the discrete 82489DX and the P5's APIC: the integrated APIC of an Intel
 * P6-family or later CPU, or of an AMD family 0Fh or later (Hygon's
 * included), takes the STARTUP IPI at once, as Linux has relied on since
 * 2015. Waiting anyway costs 3.8 s of boot at 384 CPUs, and under QEMU
 * -icount each wait is 10^7 instructions spun for every AP. */
static uint64_t init_delay_us(void)
{
	struct cpuinfo ci;

	cpuinfo_read(&ci);
	if (!strcmp(ci.vendor, "GenuineIntel"))
		return ci.family >= 6 ? 0 : INIT_DELAY_US;
	if (!strcmp(ci.vendor, "AuthenticAMD") || !strcmp(ci.vendor, "HygonGenuine"))
		return ci.family >= 0xF ? 0 : INIT_DELAY_US;
	return INIT_DELAY_US;
}

static void ap_start(struct cpu *c, uint32_t dest, uint64_t init_us)
{
	struct trampoline_params *p = trampoline_params_at_runtime();

	*p = (struct trampoline_params){ read_cr3(), (uint64_t)(c->kstack + KSTACK_SIZE),
					 (uint64_t)ap_entry, (uint64_t)c };
	uint64_t t0 = tsc_start();
	lapic_write_icr(dest, LAPIC_ICR_DM_INIT | LAPIC_ICR_LEVEL_ASSERT);
	tsc_delay_us(init_us);
	c->sipis = 1;
	lapic_write_icr(dest, LAPIC_ICR_DM_STARTUP | (TRAMPOLINE_ADDR >> 12));
	if (!wait_online(c, SIPI_DELAY_US)) {
		c->sipis = 2;
		lapic_write_icr(dest, LAPIC_ICR_DM_STARTUP | (TRAMPOLINE_ADDR >> 12));
		wait_online(c, AP_ONLINE_TIMEOUT_US);
	}
	c->start_cycles = tsc_stop() - t0;
}

static void smp_wake(struct trap_frame *f)
{
	(void)f;
	lapic_eoi();
}

/* Milliseconds with one decimal, as "14.2". */
static const char *ms_text(char *buf, size_t len, uint64_t cycles)
{
	uint64_t us = tsc_cycles_to_ns(cycles) / 1000;

	ksnprintf(buf, len, "%lu.%lu", us / 1000, us / 100 % 10);
	return buf;
}

/*
 * The start-up on one line, whatever the CPU count: how many APs came up,
 * how many STARTUP IPIs they took (the APs that needed the second one
 * named, up to 8) and the slowest. A CPU that did not come up has had its
 * own line already; cpus.csv has every AP's figures.
 */
static void report_start(uint64_t cycles)
{
	unsigned aps = n_expected - 1, second = 0, slowest = 0;
	char t[24], slow[24];
	char named[64];
	size_t at = 0;

	named[0] = 0;
	for (unsigned i = 1; i < n_expected; i++) {
		const struct cpu *c = &cpus[i];

		if (c->online && (!slowest || c->start_cycles > cpus[slowest].start_cycles))
			slowest = i;
		if (c->online && c->sipis > 1 && second++ < 8)
			at += (size_t)ksnprintf(named + at, sizeof(named) - at, " %u", i);
	}
	if (aps == 0) {
		kprintf("smp: 1 CPU, no APs to start\n");
		return;
	}
	kprintf("smp: %u of %u CPUs online; %u of %u APs started in %s ms, STARTUP IPIs: 1 x%u, "
		"2 x%u%s%s%s", n_online, n_expected, n_online - 1, aps, ms_text(t, sizeof(t), cycles),
		n_online - 1 - second, second, second == 1 ? " (cpu" : second ? " (cpus" : "", named,
		second > 8 ? " ...)" : second ? ")" : "");
	if (slowest)
		kprintf("; slowest cpu %u %s ms", slowest,
			ms_text(slow, sizeof(slow), cpus[slowest].start_cycles));
	kprintf("\n");
}

void smp_start_aps(const uint32_t *apic_ids, unsigned n, uint32_t inject)
{
	uint32_t bsp = cpus[0].apic_id;
	uint64_t t0 = tsc_read_fenced(), init_us = init_delay_us();
	unsigned last = n;

	while (last > 0 && apic_ids[last - 1] == bsp)
		last--;

	cpus[0].online = true;
	trap_set_handler(SMP_WAKE_VECTOR, smp_wake, "smp_wake");
	memcpy((void *)TRAMPOLINE_ADDR, trampoline_start, (size_t)(trampoline_end - trampoline_start));
	for (unsigned i = 0; i < n && n_expected < MAX_CPUS; i++) {
		if (apic_ids[i] == bsp)
			continue;
		struct cpu *c = &cpus[n_expected];
		c->index = n_expected++;
		c->apic_id = apic_ids[i];
		bool sabotage = (inject & INJECT_AP_NOSTART) && i + 1 == last;
		if (sabotage)
			kprintf("smp: fault injection (inject=ap_nostart): cpu %u's start-up IPIs go to "
				"APIC ID 0x%x, which no CPU has\n", c->index, unused_apic_id(apic_ids, n));
		ap_start(c, sabotage ? unused_apic_id(apic_ids, n) : c->apic_id, init_us);
		if (c->online)
			n_online++;
		else
			kprintf("smp: cpu %u (APIC ID %u) did not come up after %u STARTUP IPIs and %u ms\n",
				c->index, c->apic_id, c->sipis, AP_ONLINE_TIMEOUT_US / 1000);
	}
	report_start(tsc_read_fenced() - t0);
}

void smp_post(unsigned cpu, void (*fn)(void *), void *arg)
{
	struct cpu *c = &cpus[cpu];

	ASSERT(cpu < n_expected && c->online && c != this_cpu());
	ASSERT(c->work_posted == c->work_done);
	c->work_fn = fn;
	c->work_arg = arg;
	c->work_notify_apic = this_cpu()->apic_id;
	__atomic_store_n(&c->work_posted, c->work_posted + 1, __ATOMIC_RELEASE);
	lapic_write_icr(c->apic_id, LAPIC_ICR_DM_FIXED | SMP_WAKE_VECTOR);
}

static bool work_finished(const struct cpu *c)
{
	return __atomic_load_n(&c->work_done, __ATOMIC_ACQUIRE) == c->work_posted;
}

/* Halt until woken, not spin: a spinning vCPU steals the host core that the
 * measured CPUs need. The worker's completion IPI wakes us; a one-shot
 * LAPIC timer bounds the wait (re-armed, since one arming has a limit). */
bool smp_wait(unsigned cpu, uint64_t timeout_us)
{
	struct cpu *c = &cpus[cpu];
	uint64_t deadline = tsc_deadline_us(timeout_us);
	bool had_if = read_rflags() & RFLAGS_IF;
	bool done;

	for (;;) {
		cli();
		if ((done = work_finished(c)) || tsc_passed(deadline))
			break;
		lapic_timer_oneshot_us(SMP_WAKE_VECTOR, timeout_us);
		sti_hlt();
	}
	lapic_timer_stop();
	if (had_if)
		sti();
	return done;
}

void smp_run_on(unsigned cpu, void (*fn)(void *), void *arg, uint64_t timeout_us)
{
	if (cpu == this_cpu()->index) {
		fn(arg);
		return;
	}
	smp_post(cpu, fn, arg);
	if (!smp_wait(cpu, timeout_us))
		panic_stop(EXIT_TIMEOUT, "cpu %u did not finish work posted by cpu %u within %lu us",
			   cpu, this_cpu()->index, timeout_us);
}

/* Each online CPU reports its own tables and APIC ID; a CPU whose SIDT is
 * not its own IDT, or whose LAPIC answers with another ID, makes every
 * per-CPU figure meaningless, so that ends the run. */
void smp_check_cpus(void)
{
	for (unsigned i = 0; i < n_expected; i++) {
		struct cpu *c = &cpus[i];

		if (!c->online)
			continue;
		smp_run_on(i, cpu_record_self, 0, SMP_CALL_TIMEOUT_US);
		if (c->seen_idt_base != (uint64_t)c->idt || c->seen_gdt_base != (uint64_t)c->gdt ||
		    c->seen_tr != SEL_TSS || c->seen_apic_id != c->apic_id)
			panic_stop(EXIT_CHECK,
				   "smp: cpu %u reports IDT 0x%lx GDT 0x%lx TR 0x%x APIC ID %u, "
				   "expected 0x%lx 0x%lx 0x%x %u", i, c->seen_idt_base, c->seen_gdt_base,
				   c->seen_tr, c->seen_apic_id, (uint64_t)c->idt, (uint64_t)c->gdt,
				   SEL_TSS, c->apic_id);
	}
}

/* A topology ID for a CSV cell: empty when unknown. */
static const char *known(char buf[12], uint32_t id)
{
	if (id == TOPOLOGY_UNKNOWN)
		buf[0] = 0;
	else
		ksnprintf(buf, 12, "%u", id);
	return buf;
}

/* The other online CPUs on c's core, as "1 5", into buf. */
static const char *smt_siblings(char *buf, size_t len, unsigned c)
{
	size_t n = 0;

	buf[0] = 0;
	for (unsigned j = 0; cpus[c].online && j < n_expected && n < len; j++)
		if (j != c && cpus[j].online && topology_same_core(&cpus[c].topo, &cpus[j].topo))
			n += (size_t)ksnprintf(buf + n, len - n, "%s%u", n ? " " : "", j);
	return buf;
}

void smp_emit_cpus(void)
{
	struct frame f;
	char siblings[64];

	console_lock();
	frame_begin(&f, "cpus", "cpu,apic_id,online,sipis,start_us,idt_base,gdt_base,tss_base,"
		    "kstack_top,seen_idt_base,seen_gdt_base,seen_tr,seen_apic_id,"
		    "tsc_offset_cycles,tsc_offset_uncertainty_cycles,timing_overhead_min_cycles,"
		    "timing_overhead_median_cycles,cpuid_apic_id,topology_source,package_id,die_id,"
		    "core_id,smt_id,smt_siblings,l2_id,l3_id,numa_node");
	for (unsigned i = 0; i < n_expected; i++) {
		const struct cpu *c = &cpus[i];
		/* CPU 0 was not started by us and is the offset reference. */
		bool ap = i != 0;

		char l2[12], l3[12], node[12];
		frame_row(&f, "%u,%u,%u,%u,%lu,0x%lx,0x%lx,0x%lx,0x%lx,0x%lx,0x%lx,0x%x,%u,%ld,%lu,%ld,%ld,"
			  "%u,%s,%u,%u,%u,%u,%s,%s,%s,%s",
			  i, c->apic_id, c->online, c->sipis,
			  ap ? tsc_cycles_to_ns(c->start_cycles) / 1000 : 0,
			  (uint64_t)c->idt, (uint64_t)c->gdt, (uint64_t)&c->tss,
			  (uint64_t)(c->kstack + KSTACK_SIZE), c->seen_idt_base, c->seen_gdt_base,
			  c->seen_tr, c->seen_apic_id, c->tsc_offset, c->tsc_offset_uncertainty,
			  c->timing_overhead_min, c->timing_overhead_median, c->cpuid_apic_id,
			  topology_source_name(c->topo_shifts.source), c->topo.package, c->topo.die,
			  c->topo.core, c->topo.thread, smt_siblings(siblings, sizeof(siblings), i),
			  known(l2, c->l2_id), known(l3, c->l3_id), known(node, c->numa_node));
	}
	frame_end(&f);
	console_unlock();
}

/* NMI reaches a CPU whatever its IF (SDM 6.7.1): the way to stop CPUs that
 * may be spinning with interrupts off. One NMI per CPU that came online,
 * not the all-but-self shorthand: a CPU that never started must be left
 * alone (QEMU runs the NMI of an unstarted CPU from its reset state, and
 * it triple-faults). Only once APs exist, which implies an initialised
 * LAPIC. */
void smp_stop_others(void)
{
	unsigned me = cpu_current_index();

	if (n_expected <= 1 || __atomic_exchange_n(&stopping, true, __ATOMIC_ACQ_REL))
		return;
	for (unsigned i = 0; i < n_expected; i++)
		if (i != me && cpus[i].online)
			lapic_send_nmi(cpus[i].apic_id);
}

void smp_require_named_cpu(const struct cmdline *c, unsigned cpu, const char *named_by)
{
	const char *why = cpu >= n_expected ? "does not exist" :
			  !cpus[cpu].online ? "did not come online" :
			  !cmdline_cpu_selected(c, cpu) ? "is not selected by cpus=" : 0;

	if (why)
		panic_stop(EXIT_CMDLINE, "cmdline: %s names CPU %u, which %s (this machine has %u "
			   "CPUs, 0 to %u; %u online)", named_by, cpu, why, n_expected, n_expected - 1,
			   smp_cpus_online());
}

void smp_check_selection(const struct cmdline *c)
{
	if (c->cpus_all)
		return;
	for (unsigned i = 0; i < CMDLINE_MAX_CPUS; i++)
		if (cmdline_cpu_selected(c, i))
			smp_require_named_cpu(c, i, "cpus=");
}

unsigned smp_selected_cpus(const struct cmdline *c, unsigned *sel)
{
	unsigned n = 0;

	for (unsigned i = 0; i < n_expected; i++)
		if (cpus[i].online && cmdline_cpu_selected(c, i))
			sel[n++] = i;
	return n;
}

bool smp_stopping(void)
{
	return __atomic_load_n(&stopping, __ATOMIC_ACQUIRE);
}
