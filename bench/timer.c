/*
 * LAPIC timer jitter (SDM Vol. 3A 10.5.4). On every selected CPU, for each
 * period P of timer_period_us:
 *   oneshot_P        arm the timer for P (one-shot, divide by 1); lateness =
 *                    handler's TSC - (TSC just before the initial-count write
 *                    + P rounded to whole timer ticks, in TSC cycles);
 *   periodic_P       periodic mode at P: each interval minus P;
 *   periodic_drift_P the accumulated drift after each interval: how far the
 *                    n-th interrupt is from n * P after the first;
 *   deadline_P       TSC-deadline mode (10.5.4.1), deadline = now + P;
 *                    lateness = handler's TSC - deadline;
 *   oneshot_halt_P, deadline_halt_P  the same with the measuring CPU halted
 *                    until the interrupt wakes it: what a tickless idle
 *                    kernel sees, the CPU's wake-up from hlt (and from
 *                    whatever idle state the platform puts it in) included;
 *   oneshot_concurrent_P  oneshot_P on every selected CPU at once.
 * and deadline_immediate: a deadline already in the past, i.e. the timer
 * path's own latency from the MSR write to the handler.
 * The timer's frequency is measured against the TSC (lapic.c) and recorded.
 * Otherwise the measuring CPU polls with interrupts enabled, bounded per
 * sample; a timer that does not fire within P + TIMER_FIRE_TIMEOUT_US is a
 * lost sample. Lateness is signed: a timer that fires early is negative.
 */
#include "timer.h"

#include "bench.h"
#include "console.h"
#include "cpu.h"
#include "cpuinfo.h"
#include "fmt.h"
#include "frame.h"
#include "lapic.h"
#include "mem.h"
#include "memsize.h"
#include "panic.h"
#include "smp.h"
#include "stats.h"
#include "trap.h"
#include "tsc.h"
#include "x86.h"

#define TIMER_FIRE_TIMEOUT_US 100000
#define HIST_BUCKETS 10000
#define RAW_COLUMNS "bench,variant,cpu,period_cycles,seq,lateness_cycles"
#define HIST_COLUMNS "bench,variant,cpu,bucket,lo_cycles,hi_cycles,count"
/* A periodic timer whose mean interval is this far (percent) from the one
 * asked for has been clamped or coarsened by the platform: say so. */
#define PERIOD_MISMATCH_PERCENT 10

enum timer_mode { MODE_ONESHOT, MODE_DEADLINE, MODE_DEADLINE_IMMEDIATE, MODE_PERIODIC };

/* What the handler saw, per CPU (the LAPIC timer is per CPU). */
static struct timer_seen {
	volatile uint32_t fired;
	volatile uint64_t t;
	uint64_t *periodic_t;	/* periodic mode: every interrupt's TSC */
	volatile uint32_t periodic_n;
	uint32_t periodic_max;
} seen[MAX_CPUS];

static void on_timer(struct trap_frame *f)
{
	uint64_t t = trap_entry_tsc(f);
	struct timer_seen *s = &seen[this_cpu()->index];

	if (s->periodic_t && s->periodic_n < s->periodic_max)
		s->periodic_t[s->periodic_n++] = t;
	s->t = t;
	__atomic_add_fetch(&s->fired, 1, __ATOMIC_RELEASE);
	lapic_eoi();
}

struct timer_job {
	const struct cmdline *c;
	const struct plan_series *ps;
	enum timer_mode mode;
	bool halt;		/* wait in hlt, not polling */
	uint32_t period_us, ticks;
	uint64_t period_cycles;	/* the period actually armed, in TSC cycles */
	struct pacer pace;
	int64_t *v, *drift;
	uint64_t *times;	/* periodic: every interrupt's TSC */
	size_t kept, n_drift;
	uint64_t lost;
	const char *failure;
	char note[96];
};

static bool wait_fired(struct timer_seen *s, uint32_t before, uint64_t deadline)
{
	while (__atomic_load_n(&s->fired, __ATOMIC_ACQUIRE) == before) {
		if (tsc_passed(deadline))
			return false;
		cpu_relax();
	}
	return true;
}

/* Halts only while the timer is still armed, so its interrupt is certain to
 * come and wake the CPU: with interrupts off from the check to the sti;hlt
 * pair, an interrupt raised after the check is taken at the hlt (sti's
 * one-instruction shadow, SDM Vol. 3A 6.8.3). A timer that has counted out
 * without its interrupt arriving yet is waited for by bounded polling. */
static bool wait_fired_halted(struct timer_seen *s, uint32_t before, uint64_t deadline)
{
	for (;;) {
		cli();
		if (__atomic_load_n(&s->fired, __ATOMIC_ACQUIRE) != before) {
			sti();
			return true;
		}
		if (!lapic_timer_armed()) {
			sti();
			return wait_fired(s, before, deadline);
		}
		sti_hlt();
	}
}

/* Arm once; returns the TSC the lateness is counted from. */
static uint64_t arm(const struct timer_job *j)
{
	uint64_t now = tsc_start();

	switch (j->mode) {
	case MODE_ONESHOT:
		lapic_timer_oneshot_ticks(TIMER_BENCH_VECTOR, j->ticks);
		return now + j->period_cycles;
	case MODE_DEADLINE:
		lapic_timer_deadline(TIMER_BENCH_VECTOR, now + j->period_cycles);
		return now + j->period_cycles;
	default:
		/* 1, not 0: writing 0 disarms (SDM 10.5.4.1). */
		lapic_timer_deadline(TIMER_BENCH_VECTOR, 1);
		return now;
	}
}

static void single_shots(void *arg)
{
	struct timer_job *j = arg;
	struct timer_seen *s = &seen[this_cpu()->index];
	bool measured;

	sti();
	pacer_start(&j->pace, j->c);
	while (pacer_next(&j->pace, &measured)) {
		uint32_t before = s->fired;
		uint64_t bound = tsc_deadline_us(j->period_us + TIMER_FIRE_TIMEOUT_US);
		uint64_t due = arm(j);
		bool fired = j->halt ? wait_fired_halted(s, before, bound) :
				       wait_fired(s, before, bound);
		if (!fired) {
			lapic_timer_stop();
			j->lost += measured;
			continue;
		}
		if (measured)
			j->v[j->kept++] = tsc_delta(due, s->t);
	}
	lapic_timer_stop();
}

/* Let the timer run; stop at warmup + samples + 1 interrupts, at the
 * series budget, or when no interrupt comes for a period plus the timeout. */
static void periodic_run(struct timer_job *j, struct timer_seen *s)
{
	uint64_t end = tsc_deadline_us(j->c->series_ms * 1000ull);
	uint32_t last = 0;
	uint64_t quiet = tsc_deadline_us(j->period_us + TIMER_FIRE_TIMEOUT_US);

	lapic_timer_periodic_ticks(TIMER_BENCH_VECTOR, j->ticks);
	while (s->periodic_n < s->periodic_max) {
		if (s->periodic_n != last) {
			last = s->periodic_n;
			quiet = tsc_deadline_us(j->period_us + TIMER_FIRE_TIMEOUT_US);
		}
		if (tsc_passed(quiet)) {
			j->failure = "the periodic timer stopped delivering interrupts";
			break;
		}
		if (tsc_passed(end)) {
			j->pace.cut_short = true;
			break;
		}
		cpu_relax();
	}
	lapic_timer_stop();
}

/* Interval errors and the accumulated drift, both after warm-up. */
static void periodic_series(struct timer_job *j, const uint64_t *t, uint32_t n)
{
	uint32_t first = j->c->warmup < n ? j->c->warmup : n;

	for (uint32_t i = first + 1; i < n; i++) {
		j->v[j->kept++] = tsc_delta(t[i - 1], t[i]) - (int64_t)j->period_cycles;
		j->drift[j->n_drift++] = tsc_delta(t[first], t[i]) -
					 (int64_t)((i - first) * j->period_cycles);
	}
	j->pace.taken = (uint32_t)j->kept;
}

/* KVM clamps periodic LAPIC timers below 200 us (min_timer_period_us):
 * report the period delivered when it is not the one asked for. */
static void check_delivered_period(struct timer_job *j)
{
	if (j->kept == 0)
		return;
	int64_t sum = 0;
	for (size_t i = 0; i < j->kept; i++)
		sum += j->v[i];
	int64_t delivered = (int64_t)j->period_cycles + sum / (int64_t)j->kept;
	int64_t off = delivered - (int64_t)j->period_cycles;
	if (off < 0)
		off = -off;
	if (off * 100 > (int64_t)j->period_cycles * PERIOD_MISMATCH_PERCENT)
		ksnprintf(j->note, sizeof(j->note), "asked %u us and the platform delivered %lu us",
			  j->period_us, tsc_cycles_to_ns((uint64_t)delivered) / 1000);
}

/* A series' worst case: its budget, plus one fire timeout. */
static uint64_t series_bound(const struct cmdline *c, uint32_t period_us)
{
	return c->series_ms * 1000ull + period_us + 2 * TIMER_FIRE_TIMEOUT_US;
}

static void periodic(void *arg)
{
	struct timer_job *j = arg;
	struct timer_seen *s = &seen[this_cpu()->index];

	sti();
	j->pace = (struct pacer){ .samples = j->c->samples, .budget_ms = j->c->series_ms };
	s->periodic_n = 0;
	s->periodic_max = j->c->warmup + j->c->samples + 1;
	s->periodic_t = j->times;
	periodic_run(j, s);
	s->periodic_t = 0;
	periodic_series(j, j->times, s->periodic_n);
	check_delivered_period(j);
}

/* ---- sample memory: these size every mem_alloc below, and timer_need ---- */

/* Periodic mode keeps a timestamp per tick, warm-up ones included. */
static uint64_t times_bytes(const struct cmdline *c)
{
	return size_mul(size_add(size_add(c->warmup, c->samples), 1), sizeof(uint64_t));
}

static uint64_t hist_bytes(void)
{
	return HIST_BUCKETS * sizeof(uint64_t);
}

static uint64_t jobs_bytes(unsigned n)
{
	return size_mul(n, sizeof(struct timer_job));
}

/* What job_init allocates for one job in mode. */
static uint64_t job_bytes(const struct cmdline *c, enum timer_mode mode)
{
	uint64_t v = size_block(bench_series_bytes(c));

	if (mode != MODE_PERIODIC)
		return v;
	return size_add(size_mul(2, v), size_block(times_bytes(c)));
}

/* A periodic series, or every CPU's one-shot job at once; each with the
 * histogram allocated while its samples are still held. */
uint64_t timer_need(const struct cmdline *c, unsigned n_sel, unsigned n_cpus)
{
	uint64_t hist = size_block(hist_bytes());
	uint64_t series = size_add(job_bytes(c, MODE_PERIODIC), hist);
	uint64_t all = size_add(size_block(jobs_bytes(n_sel)), size_mul(n_sel, job_bytes(c, MODE_ONESHOT)));

	(void)n_cpus;
	return size_max(series, size_add(all, hist));
}

/* cyclictest's histogram: fixed buckets from 0, plus underflow (early) and
 * overflow, so that every sample is counted somewhere; empty buckets are
 * left out. */
static void emit_hist(const struct cmdline *c, const char *variant, unsigned cpu,
		      const int64_t *v, size_t n)
{
	uint64_t mark = mem_mark(), width = tsc_ns_to_cycles(c->hist_bucket_ns);
	struct histogram h = { 0, width ? width : 1, HIST_BUCKETS,
			       mem_alloc(hist_bytes(), "timer histogram"), 0, 0 };
	struct frame f;

	for (size_t i = 0; i < n; i++)
		histogram_add(&h, v[i]);
	console_lock();
	frame_begin(&f, "timer_hist", HIST_COLUMNS);
	frame_row(&f, "timer,%s,%u,underflow,,%ld,%lu", variant, cpu, h.lo, h.underflow);
	for (unsigned b = 0; b < HIST_BUCKETS; b++)
		if (h.buckets[b])
			frame_row(&f, "timer,%s,%u,%u,%lu,%lu,%lu", variant, cpu, b, b * h.width,
				  (b + 1) * h.width, h.buckets[b]);
	frame_row(&f, "timer,%s,%u,overflow,%lu,,%lu", variant, cpu, HIST_BUCKETS * h.width,
		  h.overflow);
	frame_end(&f);
	console_unlock();
	mem_release(mark);
}

/* The cyclictest-style histogram goes where the plan sends a histogram in
 * place of the raw samples (which hold it), before bench_emit sorts them. */
static void emit_series(const char *variant, unsigned cpu, struct timer_job *j, int64_t *v,
			size_t n, const char *note)
{
	char fixed[80];
	struct series s = { j->ps, "timer", variant, (int)cpu, BENCH_NO_CPU, RAW_COLUMNS, fixed,
			    v, n, j->lost, &j->pace, note, 0, 0 };

	ksnprintf(fixed, sizeof(fixed), "timer,%s,%u,%lu", variant, cpu, j->period_cycles);
	if (j->ps->emit == EMIT_HIST)
		emit_hist(j->c, variant, cpu, v, n);
	bench_emit(&s, 0, 0);
}

/* ---- running ---- */

static const char *const mode_names[] = {
	[MODE_ONESHOT] = "oneshot", [MODE_DEADLINE] = "deadline",
	[MODE_DEADLINE_IMMEDIATE] = "deadline_immediate", [MODE_PERIODIC] = "periodic",
};

static void job_init(struct timer_job *j, const struct cmdline *c, const struct plan_series *ps,
		     enum timer_mode mode, bool halt, uint32_t period_us)
{
	*j = (struct timer_job){ .c = c, .ps = ps, .mode = mode, .halt = halt,
				 .period_us = period_us };
	if (mode == MODE_DEADLINE) {
		j->period_cycles = tsc_ns_to_cycles(period_us * 1000ull);
	} else if (mode != MODE_DEADLINE_IMMEDIATE) {
		/* The period the timer can really count: whole ticks. */
		j->ticks = lapic_timer_us_to_ticks(period_us);
		j->period_cycles = j->ticks * tsc_info()->hz / lapic_timer_hz();
	}
	j->v = mem_alloc(bench_series_bytes(c), "timer samples");
	if (mode == MODE_PERIODIC) {
		j->drift = mem_alloc(bench_series_bytes(c), "timer drift");
		j->times = mem_alloc(times_bytes(c), "periodic timestamps");
	}
}

static void report(struct timer_job *j, unsigned cpu, const char *suffix)
{
	char name[48], drift[48];

	ksnprintf(name, sizeof(name), "%s%s%s", mode_names[j->mode], j->halt ? "_halt" : "", suffix);
	if (j->failure) {
		bench_summary_status(j->ps, "timer", name, (int)cpu, BENCH_NO_CPU, "failed", j->failure,
				     j->lost);
		return;
	}
	emit_series(name, cpu, j, j->v, j->kept, j->note[0] ? j->note : 0);
	if (j->mode == MODE_PERIODIC) {
		ksnprintf(drift, sizeof(drift), "periodic_drift%s", suffix);
		emit_series(drift, cpu, j, j->drift, j->n_drift, 0);
	}
}

static void series_on(const struct cmdline *c, const struct plan_series *ps, enum timer_mode mode,
		      bool halt)
{
	uint64_t mark = mem_mark();
	uint32_t us = mode == MODE_DEADLINE_IMMEDIATE ? 0 : c->timer_period_us[ps->param];
	unsigned cpu = (unsigned)ps->src;
	struct timer_job j;
	char suffix[16] = "";

	job_init(&j, c, ps, mode, halt, us);
	if (mode != MODE_DEADLINE_IMMEDIATE)
		ksnprintf(suffix, sizeof(suffix), "_%uus", us);
	smp_run_on(cpu, mode == MODE_PERIODIC ? periodic : single_shots, &j, series_bound(c, us));
	report(&j, cpu, suffix);
	mem_release(mark);
}

/* Every selected CPU at once: the interference between them shows. */
static void run_oneshot_concurrent(const struct cmdline *c, const struct plan_series *ps)
{
	static unsigned sel[MAX_CPUS];
	unsigned n = smp_selected_cpus(c, sel);
	uint32_t us = c->timer_period_us[ps->param];
	uint64_t mark = mem_mark();
	struct timer_job *jobs = mem_alloc(jobs_bytes(n), "concurrent timer jobs");
	unsigned me = this_cpu()->index;
	char suffix[24];

	for (unsigned i = 0; i < n; i++)
		job_init(&jobs[i], c, ps, MODE_ONESHOT, false, us);
	for (unsigned i = 0; i < n; i++)
		if (sel[i] != me)
			smp_post(sel[i], single_shots, &jobs[i]);
	for (unsigned i = 0; i < n; i++)
		if (sel[i] == me)
			single_shots(&jobs[i]);
	for (unsigned i = 0; i < n; i++)
		if (sel[i] != me && !smp_wait(sel[i], series_bound(c, us)))
			panic_stop(EXIT_TIMEOUT, "timer: cpu %u did not finish its concurrent series", sel[i]);
	ksnprintf(suffix, sizeof(suffix), "_concurrent_%uus", us);
	for (unsigned i = 0; i < n; i++)
		report(&jobs[i], sel[i], suffix);
	mem_release(mark);
}

static void run_oneshot(const struct cmdline *c, const struct plan_series *ps)
{
	series_on(c, ps, MODE_ONESHOT, false);
}

static void run_oneshot_halt(const struct cmdline *c, const struct plan_series *ps)
{
	series_on(c, ps, MODE_ONESHOT, true);
}

static void run_periodic(const struct cmdline *c, const struct plan_series *ps)
{
	series_on(c, ps, MODE_PERIODIC, false);
}

static void run_deadline(const struct cmdline *c, const struct plan_series *ps)
{
	series_on(c, ps, MODE_DEADLINE, false);
}

static void run_deadline_halt(const struct cmdline *c, const struct plan_series *ps)
{
	series_on(c, ps, MODE_DEADLINE, true);
}

static void run_deadline_immediate(const struct cmdline *c, const struct plan_series *ps)
{
	series_on(c, ps, MODE_DEADLINE_IMMEDIATE, false);
}

static const char *no_deadline(const struct cmdline *c)
{
	struct cpuinfo ci;

	(void)c;
	cpuinfo_read(&ci);
	return ci.tsc_deadline ? 0 : "CPUID.1:ECX.TSC_Deadline[bit 24] is 0: no TSC-deadline timer";
}

void timer_begin(const struct cmdline *c)
{
	(void)c;
	kprintf("timer: LAPIC timer %lu Hz at divide 1 (%s)\n", lapic_timer_hz(), lapic_timer_source());
	trap_set_timed_handler(TIMER_BENCH_VECTOR, on_timer, "timer_bench");
}

void timer_end(void)
{
	trap_set_handler(TIMER_BENCH_VECTOR, 0, 0);
}

/* Nominal sample times for the plan: the period itself (taken as 100 us,
 * the default) plus the handler; deadline_immediate is the path alone. */
#define PER_PERIOD(n, fn, ns, unsup, clk) { .name = n, .shape = SHAPE_CPU, .unsupported = unsup, \
	.run = fn, .sample_ns = ns, .rows = 1, .per_period = true, .clocks = clk }
/* What an expiry before its due time shows: the timer's count, converted
 * to TSC cycles with the rate measured at boot, disagrees with the TSC. */
#define LAPIC_CLOCKS "the LAPIC timer (its rate measured against the TSC) and the TSC"
#define DEADLINE_CLOCKS "the TSC-deadline timer and the TSC"

const struct bench_variant timer_variants[TIMER_VARIANTS] = {
	PER_PERIOD("oneshot", run_oneshot, 101000, 0, LAPIC_CLOCKS),
	PER_PERIOD("oneshot_halt", run_oneshot_halt, 101000, 0, LAPIC_CLOCKS),
	/* An interval minus its period, and the drift: errors of either sign. */
	{ .name = "periodic", .shape = SHAPE_CPU, .run = run_periodic, .sample_ns = 100000,
	  .rows = 2, .per_period = true, .kind = SAMPLE_SIGNED_ERROR },
	PER_PERIOD("deadline", run_deadline, 101000, no_deadline, DEADLINE_CLOCKS),
	PER_PERIOD("deadline_halt", run_deadline_halt, 101000, no_deadline, DEADLINE_CLOCKS),
	{ .name = "deadline_immediate", .shape = SHAPE_CPU, .unsupported = no_deadline,
	  .run = run_deadline_immediate, .sample_ns = 2000, .rows = 1, .clocks = DEADLINE_CLOCKS },
	{ .name = "oneshot_concurrent", .shape = SHAPE_ALL, .run = run_oneshot_concurrent,
	  .sample_ns = 101000, .rows = 1, .rows_per_receiver = true, .per_period = true,
	  .clocks = LAPIC_CLOCKS },
};

