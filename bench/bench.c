/*
 * Runs the benchmarks bench= selected, in table order, each either run or
 * reported as skipped with its reason; and writes summary rows, one schema
 * for every benchmark (docs/results-schema.md).
 */
#include "bench.h"

#include <stdarg.h>

#include "console.h"
#include "fmt.h"
#include "frame.h"
#include "kstring.h"
#include "cpu.h"
#include "lapic.h"
#include "mem.h"
#include "memsize.h"
#include "panic.h"
#include "smi.h"
#include "serial.h"
#include "smp.h"
#include "stats.h"
#include "tally.h"
#include "tsc.h"
#include "x86.h"

#include "checks_emit.h"
#include "emit.h"
#include "pairs.h"
#include "plan_emit.h"
#include "result_line.h"

#include "gates.h"
#include "ioapic_bench.h"
#include "ipi.h"
#include "timer.h"

static const struct bench benches[] = {
	{ "ipi", ipi_variants, IPI_VARIANTS, 0, ipi_begin, ipi_end, ipi_need },
	{ "timer", timer_variants, TIMER_VARIANTS, 0, timer_begin, timer_end, timer_need },
	{ "gates", gates_variants, GATES_VARIANTS, 0, gates_begin, gates_end, gates_need },
	{ "ioapic", ioapic_variants, IOAPIC_VARIANTS, 0, ioapic_bench_begin, ioapic_bench_end,
	  ioapic_bench_need },
};
#define N_BENCHES (sizeof(benches) / sizeof(benches[0]))

static const char *names[N_BENCHES];

const char *const *bench_names(unsigned *n)
{
	for (unsigned i = 0; i < N_BENCHES; i++)
		names[i] = benches[i].name;
	*n = N_BENCHES;
	return names;
}

/* inject=uart_stall: the stall starts this many bytes into the first
 * benchmark's output (inside its first frames) and lasts this many bytes. */
#define UART_STALL_AFTER 256
#define UART_STALL_BYTES 48
/* inject=apic_error: inside the first benchmark's first frames. */
#define APIC_ERROR_AFTER_ROWS 5

static uint64_t drops_reported;

/* Said once the transmitter works again, so that this line itself arrives. */
static void serial_drops_report(const char *during)
{
	uint64_t now = serial_dropped();

	if (!serial_present() || now == drops_reported)
		return;
	kprintf("serial: UART at port 0x%x dropped %lu bytes during %s: its transmitter was not "
		"ready (LSR.THRE) within the bounded wait\n", serial_port(), now - drops_reported,
		during);
	drops_reported = now;
}

/* The run's verdict once every benchmark has run and written its summary
 * rows. Lost output comes first: the tables it belonged to are incomplete;
 * then APIC errors: the interrupts measured may not all have arrived. */
static void bench_verdict(void)
{
	char why[320];

	if (serial_present() && serial_dropped())
		panic_stop(EXIT_TIMEOUT, "serial: UART at port 0x%x dropped %lu bytes (transmitter "
			   "not ready): the output is incomplete", serial_port(), serial_dropped());
	if (lapic_error_count()) {
		lapic_emit_errors();
		panic_stop(EXIT_CHECK, "%s", lapic_error_summary(why, sizeof(why)));
	}
	/* Failed rows, then failed cross-row checks (checks.csv). */
	char rows[240] = "", checks[280] = "";
	if (tally_failed())
		ksnprintf(rows, sizeof(rows), "%u summary rows failed (see summary.csv); the first: %s",
			  tally_failed(), emit_first_failed());
	if (checks_emit_failed())
		ksnprintf(checks, sizeof(checks), "%u cross-row checks failed (see checks.csv); the "
			  "first: %s", checks_emit_failed(), checks_emit_first_failed());
	if (rows[0] || checks[0])
		panic_stop(EXIT_CHECK, "%s%s%s", rows, rows[0] && checks[0] ? "; and " : "", checks);
}

/* What the suite needs with samples= replaced: the most any one selected
 * benchmark needs (each gives its memory back before the next runs). */
struct suite {
	const struct cmdline *c;
	unsigned n_sel, n_cpus;
};

static bool bench_runs(const struct cmdline *c, unsigned i)
{
	return (c->bench_mask & (1u << i)) && !(benches[i].supported && benches[i].supported());
}

/* The selected benchmark that will run and needs the most sample memory
 * with samples= replaced, its need in *most; NULL when none runs. */
static const struct bench *suite_largest(const struct suite *su, uint32_t samples, uint64_t *most)
{
	struct cmdline c = *su->c;
	const struct bench *largest = 0;

	c.samples = samples;
	*most = 0;
	for (unsigned i = 0; i < N_BENCHES; i++) {
		if (!bench_runs(&c, i))
			continue;
		uint64_t n = benches[i].need(&c, su->n_sel, su->n_cpus);
		if (!largest || n > *most) {
			*most = n;
			largest = &benches[i];
		}
	}
	return largest;
}

static uint64_t suite_need(uint32_t samples, const void *arg)
{
	uint64_t most;

	suite_largest(arg, samples, &most);
	return size_add(most, MEM_ALIGN);
}

/* The most sample memory a series of the plan needs, once checked to fit. */
static uint64_t check_memory(const struct cmdline *c, unsigned n_sel)
{
	struct suite su = { c, n_sel, smp_cpus_expected() };
	uint64_t need = suite_need(c->samples, &su), limit = mem_available();

	if (need <= limit) {
		kprintf("mem: the selected benchmarks need at most %lu bytes of the %lu available\n",
			need, limit);
		return need;
	}
	uint32_t fit = size_fit_samples(suite_need, &su, limit, CMDLINE_SAMPLES_MAX);
	char hint[64] = "no samples= fits";
	uint64_t most;
	const struct bench *largest = suite_largest(&su, c->samples, &most);

	if (fit)
		ksnprintf(hint, sizeof(hint), "the largest samples= that fits is %u", fit);
	panic_stop(EXIT_CMDLINE, "mem: samples=%u needs %lu bytes of sample memory (bench %s, %u "
		   "CPUs), but the memory map gives %lu: %s", c->samples, need,
		   largest ? largest->name : "none", su.n_sel, limit, hint);
}

/* ---- the plan ---- */

static struct plan_bench plan_benches[N_BENCHES];
static struct plan_input in;
static struct plan plan;

static void plan_input_fill(const struct cmdline *c)
{
	static unsigned sel[MAX_CPUS];

	for (unsigned i = 0; i < N_BENCHES; i++) {
		plan_benches[i] = (struct plan_bench){ benches[i].name, benches[i].variants,
						       benches[i].n_variants };
		if (bench_runs(c, i))
			in.bench_mask |= 1u << i;
	}
	in.c = c;
	in.benches = plan_benches;
	in.n_benches = N_BENCHES;
	in.n_sel = smp_selected_cpus(c, sel);
	in.sel = sel;
	pairs_choose(c, &in);
	in.oneway_ok = !bench_oneway_unavailable();
	in.link_bps = output_link_bps(c);
	in.spent_bytes = console_stream_bytes();
}

static void plan_make(const struct cmdline *c)
{
	plan_input_fill(c);
	plan.cap = plan_capacity(&in);
	plan.s = mem_alloc(size_mul(plan.cap ? plan.cap : 1, sizeof(*plan.s)), "the run's plan");
	plan_build(&in, &plan);
	emit_init(plan.t.budget_bytes, pairs_class_name, &in);
}

/* Rows for what the plan leaves out: a benchmark this machine cannot run,
 * a variant it cannot run, a variant with no CPU or pair to run on. */
static void plan_skipped_rows(const struct cmdline *c)
{
	for (unsigned b = 0; b < N_BENCHES; b++) {
		const struct bench *be = &benches[b];
		if (!(c->bench_mask & (1u << b)))
			continue;
		const char *why = be->supported ? be->supported() : 0;
		if (why) {
			kprintf("bench %s: skipped: %s\n", be->name, why);
			bench_summary_status(0, be->name, "all", BENCH_NO_CPU, BENCH_NO_CPU, "skipped",
					     why, 0);
			continue;
		}
		for (unsigned v = 0; v < be->n_variants; v++) {
			const struct bench_variant *va = &be->variants[v];
			const char *vwhy = va->unsupported ? va->unsupported(c) : 0;
			if (!vwhy && !plan_variant_series(&plan, b, v))
				vwhy = va->shape == SHAPE_CPU ? "no selected online CPU" :
								"needs at least two selected online CPUs";
			if (vwhy)
				bench_skip_once(be->name, va->name, vwhy);
		}
	}
	bench_summary_flush();
}

/* ---- running it ---- */

struct progress {
	uint64_t start, last_line, done_ns, total_ns;
	size_t done;
};

#define PROGRESS_EVERY_US 10000000

static void progress_line(struct progress *pr, const struct plan_series *s, bool force)
{
	uint64_t now = tsc_read_fenced();
	char cpus[24], eta[32] = "ETA unknown";

	if (!force && now - pr->last_line < tsc_ns_to_cycles(PROGRESS_EVERY_US * 1000ull))
		return;
	pr->last_line = now;
	if (pr->done_ns) {
		uint64_t spent = tsc_cycles_to_ns(now - pr->start) / 1000000;
		uint64_t left = spent * (pr->total_ns - pr->done_ns) / pr->done_ns;
		ksnprintf(eta, sizeof(eta), "ETA %lu s", (left + 999) / 1000);
	}
	kprintf("plan: series %lu of %lu: %s %s cpu %s; %s\n", pr->done + 1, plan.n,
		benches[s->bench].name, plan_variant(&in, s)->name,
		bench_cpu_pair(cpus, s->src, s->dst), eta);
}

/* What a benchmark's begin() allocates lives until its end(). */
static uint64_t bench_mark;

static void bench_enter(const struct cmdline *c, unsigned b)
{
	bench_summary_flush();
	kprintf("bench %s: running\n", benches[b].name);
	panic_set_activity(benches[b].name);
	smi_count_before(c);
	bench_mark = mem_mark();
	if (benches[b].begin)
		benches[b].begin(c);
}

static void bench_leave(unsigned b)
{
	if (benches[b].end)
		benches[b].end();
	mem_release(bench_mark);
	bench_summary_flush();
	smi_count_after(benches[b].name);
	panic_set_activity("between benchmarks");
	serial_drops_report(benches[b].name);
	lapic_report_errors(benches[b].name);
}

static void plan_run(const struct cmdline *c)
{
	struct progress pr = { .start = tsc_read_fenced(), .total_ns = plan.t.run_ns };
	int current = -1;

	for (size_t i = 0; i < plan.n; i++) {
		const struct plan_series *s = &plan.s[i];
		const struct bench_variant *v = plan_variant(&in, s);
		if (s->bench != current) {
			if (current >= 0)
				bench_leave((unsigned)current);
			current = s->bench;
			bench_enter(c, (unsigned)current);
			progress_line(&pr, s, true);
		} else {
			progress_line(&pr, s, false);
		}
		v->run(c, s);
		pr.done++;
		pr.done_ns += (uint64_t)s->samples * v->sample_ns;
	}
	if (current >= 0)
		bench_leave((unsigned)current);
}

/* Benchmarks run with interrupts enabled: every source is masked except
 * the ones a benchmark arms itself. */
void bench_run_selected(const struct cmdline *c)
{
	plan_make(c);
	checks_emit_init(c);
	plan_emit(&in, &plan, size_mul(plan.cap, sizeof(*plan.s)), check_memory(c, in.n_sel));
	result_line_begin(c, in.n_sel, in.n_sel ? in.sel[0] : 0);
	plan_skipped_rows(c);
	serial_drops_report("boot");
	lapic_report_errors("boot");
	if (c->inject & INJECT_UART_STALL) {
		kprintf("serial: fault injection (inject=uart_stall): %u bytes dropped after the next %u\n",
			UART_STALL_BYTES, UART_STALL_AFTER);
		serial_inject_stall(UART_STALL_AFTER, UART_STALL_BYTES);
	}
	if (c->inject & INJECT_APIC_ERROR) {
		kprintf("lapic: fault injection (inject=apic_error): an APIC error interrupt right "
			"after row %u of the frames to come\n", APIC_ERROR_AFTER_ROWS);
		frame_inject_after_rows(APIC_ERROR_AFTER_ROWS, lapic_inject_error);
	}
	sti();
	plan_run(c);
	cli();
	plan_report_cuts();
	checks_emit_run();
	bench_verdict();
}

void pacer_start(struct pacer *p, const struct cmdline *c)
{
	uint64_t now = tsc_read_fenced(), budget = tsc_ns_to_cycles(c->series_ms * 1000000ull);

	*p = (struct pacer){ .warmup_left = c->warmup, .samples = c->samples,
			     .budget_ms = c->series_ms, .warmup_end = now + budget / 2,
			     .end = now + budget };
}

bool pacer_next(struct pacer *p, bool *measured)
{
	if (p->warmup_left && !tsc_passed(p->warmup_end)) {
		p->warmup_left--;
		*measured = false;
		return true;
	}
	p->warmup_left = 0;
	if (p->taken == p->samples)
		return false;
	if (tsc_passed(p->end)) {
		p->cut_short = true;
		return false;
	}
	p->taken++;
	*measured = true;
	return true;
}

const char *bench_cpu_field(char buf[12], int cpu)
{
	if (cpu == BENCH_NO_CPU)
		buf[0] = 0;
	else
		ksnprintf(buf, 12, "%d", cpu);
	return buf;
}

uint64_t bench_series_bytes(const struct cmdline *c)
{
	return size_mul(c->samples, sizeof(int64_t));
}

const char *bench_oneway_unavailable(void)
{
	const struct tsc_info *ti = tsc_info();

	return ti->invariant || ti->assume_synced ? 0 :
	       "no invariant TSC (CPUID.80000007H:EDX[8] is 0): TSC offsets between CPUs cannot be "
	       "trusted";
}

const char *bench_cpu_pair(char buf[24], int src, int dst)
{
	char a[12], b[12];

	ksnprintf(buf, 24, "%s%s%s", bench_cpu_field(a, src), dst == BENCH_NO_CPU ? "" : "->",
		  bench_cpu_field(b, dst));
	return buf;
}

