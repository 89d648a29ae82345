/*
 * The one emit path of every benchmark (bench.h): a series' raw samples,
 * histogram and summary row, as the plan allots them (docs/plan.md), and
 * skipped or failed rows. Summary rows wait in a buffer so that many share
 * one frame: a frame's markers cost as much as two rows, and a 256-CPU
 * matrix has 65,280 of them.
 */
#include "bench.h"

#include <stdarg.h>

#include "checks_emit.h"
#include "console.h"
#include "emit.h"
#include "fmt.h"
#include "frame.h"
#include "hist.h"
#include "kstring.h"
#include "lapic.h"
#include "rowcheck.h"
#include "stats.h"
#include "tally.h"
#include "tsc.h"

#define SUMMARY_COLUMNS "bench,variant,apic_mode,src_cpu,dst_cpu,status,reason,samples,lost," \
	"min,p1,p50,p90,p99,p999,max,mean,stdev,p50_ns,p99_ns,class,impossible"
#define HIST_COLUMNS "bench,variant,apic_mode,src_cpu,dst_cpu,bucket,lo_cycles,hi_cycles,count"
#define SUMMARY_BUFFER 16384
#define REASON_MAX 288

static struct {
	char text[SUMMARY_BUFFER];
	size_t len;
	unsigned rows;
} pending;

/* The stream position past which no optional output goes; 0: unbounded. */
static uint64_t budget_end;
static uint64_t raw_cut, hist_cut;
/* The first summary row with status "failed", and with "insufficient",
 * for the verdict. */
static char first_failed[160], first_insufficient[160];
static unsigned n_insufficient;
static const char *(*class_name)(unsigned cls);
/* The plan's variants (each series' sample rule), min_samples=, and
 * inject=impossible until it has planted its sample. */
static const struct plan_input *plan_in;
static uint32_t min_samples;
static bool plant_impossible;

void emit_init(uint64_t budget_bytes, const char *(*name_of_class)(unsigned cls),
	       const struct plan_input *in)
{
	budget_end = budget_bytes;
	class_name = name_of_class;
	plan_in = in;
	min_samples = rowcheck_min_samples(in->c->min_samples, in->c->samples);
	plant_impossible = in->c->inject & INJECT_IMPOSSIBLE;
}

const char *emit_first_failed(void)
{
	return first_failed;
}

const char *emit_outcome(void)
{
	static char outcome[256];

	if (!n_insufficient)
		return "completed";
	ksnprintf(outcome, sizeof(outcome), "completed; %u summary row%s insufficient (fewer than "
		  "min_samples=%u samples; see summary.csv), the first: %s", n_insufficient,
		  n_insufficient == 1 ? "" : "s", min_samples, first_insufficient);
	return outcome;
}

void emit_cut_counts(uint64_t *raw, uint64_t *hist)
{
	*raw = raw_cut;
	*hist = hist_cut;
}

void bench_summary_flush(void)
{
	struct frame f;
	size_t at = 0;

	if (!pending.rows)
		return;
	console_lock();
	frame_begin(&f, "summary", SUMMARY_COLUMNS);
	for (unsigned r = 0; r < pending.rows; r++) {
		frame_row(&f, "%s", &pending.text[at]);
		at += strlen(&pending.text[at]) + 1;
	}
	frame_end(&f);
	console_unlock();
	pending.len = 0;
	pending.rows = 0;
}

static void __attribute__((format(printf, 1, 2))) summary_row(const char *fmt, ...)
{
	char row[FRAME_ROW_MAX + 2];
	va_list ap;

	va_start(ap, fmt);
	size_t n = (size_t)kvsnprintf(row, sizeof(row), fmt, ap);
	va_end(ap);
	if (n >= sizeof(row))
		n = sizeof(row) - 1;	/* frame_row refuses it, as a row too long */
	if (pending.len + n + 1 > sizeof(pending.text))
		bench_summary_flush();
	memcpy(&pending.text[pending.len], row, n + 1);
	pending.len += n + 1;
	pending.rows++;
}

static const char *class_field(const struct plan_series *ps)
{
	return ps && ps->cls != PLAN_NO_CLASS && class_name ? class_name(ps->cls) : "";
}

/* A failed row is a finding: said at once, and the first one named in
 * the verdict. A skipped one is in the plan. */
static void row_failed(const char *bench, const char *variant, int src_cpu, int dst_cpu,
		       const char *reason)
{
	char cpus[24];

	if (!first_failed[0])
		ksnprintf(first_failed, sizeof(first_failed), "%s %s: %s", bench, variant, reason);
	kprintf("%s %s cpu %s: failed: %s\n", bench, variant, bench_cpu_pair(cpus, src_cpu, dst_cpu),
		reason);
}

void bench_summary_status(const struct plan_series *ps, const char *bench, const char *variant,
			  int src_cpu, int dst_cpu, const char *status, const char *reason,
			  uint64_t lost)
{
	char src[12], dst[12], why[2 * 160];

	frame_csv_field(why, sizeof(why), reason);
	summary_row("%s,%s,%s,%s,%s,%s,%s,,%lu,,,,,,,,,,,,%s,", bench, variant, lapic_mode_name(),
		    bench_cpu_field(src, src_cpu), bench_cpu_field(dst, dst_cpu), status, why, lost,
		    class_field(ps));
	tally_add(bench, variant, src_cpu, dst_cpu, status, 0, 0, reason);
	checks_emit_note(bench, variant, src_cpu, dst_cpu, status, 0, 0, 0, reason);
	if (strcmp(status, "failed") == 0)
		row_failed(bench, variant, src_cpu, dst_cpu, reason);
}

/* The variants bench_skip_once has reported, by name (copied: callers
 * build names in buffers of their own). */
#define SKIP_ONCE_MAX 256
static struct {
	char bench[16], variant[48];
} skipped_once[SKIP_ONCE_MAX];
static unsigned n_skipped_once;

void bench_skip_once(const char *bench, const char *variant, const char *reason)
{
	for (unsigned i = 0; i < n_skipped_once; i++)
		if (strcmp(skipped_once[i].bench, bench) == 0 &&
		    strcmp(skipped_once[i].variant, variant) == 0)
			return;
	if (n_skipped_once < SKIP_ONCE_MAX) {
		ksnprintf(skipped_once[n_skipped_once].bench, sizeof(skipped_once[0].bench), "%s", bench);
		ksnprintf(skipped_once[n_skipped_once++].variant, sizeof(skipped_once[0].variant), "%s",
			  variant);
	}
	bench_summary_status(0, bench, variant, BENCH_NO_CPU, BENCH_NO_CPU, "skipped", reason, 0);
}

/* Appends one note to a row's reason, after "; " when there is one already. */
static void __attribute__((format(printf, 3, 4)))
note_add(char *note, size_t len, const char *fmt, ...)
{
	size_t used = strlen(note);
	va_list ap;

	if (used && used + 2 < len) {
		memcpy(note + used, "; ", 3);
		used += 2;
	}
	va_start(ap, fmt);
	kvsnprintf(note + used, len - used, fmt, ap);
	va_end(ap);
}

/* Whether `bytes` more optional output still fit the link budget. */
static bool budget_allows(uint64_t bytes)
{
	return !budget_end || console_stream_bytes() + bytes <= budget_end;
}

static unsigned emit_level(const struct series *s)
{
	return s->ps ? s->ps->emit : EMIT_RAW;
}

static void emit_raw(const struct series *s, char *note, size_t len)
{
	if (emit_level(s) < EMIT_RAW || !s->raw_columns)
		return;
	if (!budget_allows(PLAN_RAW_FRAME_BYTES + s->n * PLAN_RAW_SAMPLE_BYTES)) {
		raw_cut++;
		note_add(note, len, "raw samples not sent: the link budget (serial_budget_s) is spent");
		return;
	}
	console_lock();
	frame_series(s->bench, s->raw_columns, s->v, s->n, "%s", s->raw_fixed);
	console_unlock();
}

/* The histogram of the sorted samples, empty buckets left out. */
static void emit_hist(const struct series *s, char *note, size_t len)
{
	static struct hist h;
	struct hist_cursor cur = { 0 };
	struct hist_row r;
	struct frame f;
	char fixed[160], src[12], dst[12];

	/* Raw samples carry the whole distribution; a derived series (no raw
	 * columns) sends its histogram in their place. */
	if (emit_level(s) == EMIT_SUMMARY || (emit_level(s) == EMIT_RAW && s->raw_columns))
		return;
	hist_from_sorted(&h, s->v, s->n);
	if (!budget_allows(PLAN_HIST_FRAME_BYTES + hist_rows(&h) * PLAN_HIST_ROW_BYTES)) {
		hist_cut++;
		note_add(note, len, "histogram not sent: the link budget (serial_budget_s) is spent");
		return;
	}
	ksnprintf(fixed, sizeof(fixed), "%s,%s,%s,%s,%s", s->bench, s->variant, lapic_mode_name(),
		  bench_cpu_field(src, s->src_cpu), bench_cpu_field(dst, s->dst_cpu));
	console_lock();
	frame_begin_fixed(&f, "hist", HIST_COLUMNS, fixed);
	while (hist_next(&h, &cur, &r))
		frame_row(&f, "%ld,%ld,%lu", r.lo, r.hi, r.count);
	frame_end(&f);
	console_unlock();
}

static int64_t signed_ns(int64_t cycles)
{
	return cycles < 0 ? -(int64_t)tsc_cycles_to_ns((uint64_t)-cycles) :
	       (int64_t)tsc_cycles_to_ns((uint64_t)cycles);
}

/* A one-way figure is only as good as the TSC offsets it is corrected by:
 * the row says how good, and says so plainly when the p50 is within that
 * bound (negative one-way times are then no surprise, and no finding). */
static void add_offset_note(const struct series *s, const struct stats *st, char *note,
			    size_t len)
{
	if (!s->offset_bound)
		return;
	uint64_t p50 = st->p50 < 0 ? (uint64_t)-st->p50 : (uint64_t)st->p50;
	note_add(note, len, "one-way across CPUs: TSC offsets known to +-%lu cycles%s",
		 s->offset_bound,
		 p50 <= s->offset_bound ? " (the p50 lies within that: it shows nothing)" : "");
	if (tsc_sync_assumed())
		note_add(note, len, "TSCs assumed synchronized (tsc_trust=assume)");
}

/* ---- the check every row's samples get (rowcheck.h) ---- */

/* The series' sample rule: its own, else its variant's; a one-way time
 * compares two CPUs' TSCs, whatever its variant measures. */
static void series_rule(const struct series *s, struct sample_rule *r, char *clocks, size_t len)
{
	const struct bench_variant *v = s->ps && plan_in ? plan_variant(plan_in, s->ps) : 0;

	if (s->rule)
		*r = *s->rule;
	else
		*r = v ? (struct sample_rule){ v->kind, v->floor, v->clocks } : (struct sample_rule){ 0 };
	if (s->offset_bound) {
		ksnprintf(clocks, len, "the TSCs of CPUs %d and %d, beyond their offsets' bound,",
			  s->src_cpu, s->dst_cpu);
		r->clocks = clocks;
	}
}

/* inject=impossible: the first checked series of the run gets one sample
 * 1000 cycles below its floor, which must fail its row and no other. */
static void plant(struct series *s, const struct sample_rule *r)
{
	char cpus[24];

	if (!plant_impossible || r->kind == SAMPLE_SIGNED_ERROR || !s->n)
		return;
	plant_impossible = false;
	s->v[0] = r->floor - (int64_t)s->offset_bound - 1000;
	kprintf("emit: fault injection (inject=impossible): %s %s cpu %s: sample 0 set to %ld cycles\n",
		s->bench, s->variant, bench_cpu_pair(cpus, s->src_cpu, s->dst_cpu), s->v[0]);
}

/* The row's status from its raw samples, before anything is reduced from
 * them; a failed or insufficient row's reason leads its notes. */
static enum row_status row_check(struct series *s, char *why, size_t len, char *impossible)
{
	struct sample_rule r;
	struct row_check k;
	char clocks[96];

	series_rule(s, &r, clocks, sizeof(clocks));
	plant(s, &r);
	rowcheck_samples(&r, s->offset_bound, s->v, s->n, &k);
	impossible[0] = 0;
	if (r.kind != SAMPLE_SIGNED_ERROR)
		ksnprintf(impossible, 24, "%lu", k.impossible);
	enum row_status st = rowcheck_status(&k, s->n, min_samples);
	if (st == ROW_FAILED)
		rowcheck_reason(why, len, &r, &k, s->n, tsc_info()->hz);
	else if (st == ROW_INSUFFICIENT)
		ksnprintf(why, len, "%lu samples, fewer than min_samples=%u: no headline figure",
			  (uint64_t)s->n, min_samples);
	return st;
}

/* A status other than ok, for the verdict. */
static void note_status(const struct series *s, enum row_status st, const char *reason)
{
	char cpus[24];

	if (st == ROW_INSUFFICIENT && !n_insufficient++)
		ksnprintf(first_insufficient, sizeof(first_insufficient), "%s %s cpu %s", s->bench,
			  s->variant, bench_cpu_pair(cpus, s->src_cpu, s->dst_cpu));
	if (st == ROW_FAILED)
		row_failed(s->bench, s->variant, s->src_cpu, s->dst_cpu, reason);
}

static void summary_figures(const struct series *s, const struct stats *st, enum row_status rs,
			    const char *note, const char *impossible)
{
	char src[12], dst[12], field[2 * REASON_MAX + 3];
	const char *status = rowcheck_status_name(rs);

	frame_csv_field(field, sizeof(field), note);
	summary_row("%s,%s,%s,%s,%s,%s,%s,%lu,%lu,%ld,%ld,%ld,%ld,%ld,%ld,%ld,%ld,%lu,%ld,%ld,%s,%s",
		    s->bench, s->variant, lapic_mode_name(), bench_cpu_field(src, s->src_cpu),
		    bench_cpu_field(dst, s->dst_cpu), status, field, st->n, s->lost, st->min, st->p1,
		    st->p50, st->p90, st->p99, st->p999, st->max, st->mean, st->stdev,
		    signed_ns(st->p50), signed_ns(st->p99), class_field(s->ps), impossible);
	tally_add(s->bench, s->variant, s->src_cpu, s->dst_cpu, status, signed_ns(st->p50),
		  signed_ns(st->p99), note);
	checks_emit_note(s->bench, s->variant, s->src_cpu, s->dst_cpu, status, st->p50, st->p99,
			 s->offset_bound, note);
	note_status(s, rs, note);
}

void bench_emit_compact(struct series *s)
{
	char note[REASON_MAX] = "", impossible[24];

	/* A pair with an impossible sample writes its failed summary row. */
	if (row_check(s, note, sizeof(note), impossible) == ROW_FAILED) {
		bench_emit(s, 0, 0);
		return;
	}
	note[0] = 0;
	emit_raw(s, note, sizeof(note));
	stats_sort(s->v, s->n);
	emit_hist(s, note, sizeof(note));
}

void bench_emit(struct series *s, int64_t *p50, int64_t *p99)
{
	struct stats st;
	char note[REASON_MAX] = "", impossible[24];

	if (s->pace && s->pace->cut_short)
		note_add(note, sizeof(note), "time budget: %u of %u samples in %u ms (series_ms)",
			 s->pace->taken, s->pace->samples, s->pace->budget_ms);
	if (s->note)
		note_add(note, sizeof(note), "%s", s->note);
	/* A budget spent before a sample completed is a platform too slow for
	 * series_ms, not a wrong result (samples it lost are counted); every
	 * sample taken and all of them lost is. */
	if (s->n == 0) {
		bool budget = s->pace && s->pace->cut_short;
		char why[REASON_MAX + 80];
		ksnprintf(why, sizeof(why), "the series' time budget ran out before a sample "
			  "completed; %s", note);
		bench_summary_status(s->ps, s->bench, s->variant, s->src_cpu, s->dst_cpu,
				     budget ? "skipped" : "failed",
				     budget ? why : "no sample completed", s->lost);
		return;
	}
	char why[REASON_MAX] = "";
	enum row_status rs = row_check(s, why, sizeof(why), impossible);
	emit_raw(s, note, sizeof(note));
	stats_compute(s->v, s->n, &st);
	emit_hist(s, note, sizeof(note));
	add_offset_note(s, &st, note, sizeof(note));
	if (why[0] && note[0])
		note_add(why, sizeof(why), "%s", note);
	if (why[0]) {
		memcpy(note, why, sizeof(note));
	}
	summary_figures(s, &st, rs, note, impossible);
	if (p50)
		*p50 = st.p50;
	if (p99)
		*p99 = st.p99;
}
