/*
 * The one emit path of every benchmark (bench.h): a series' raw samples,
 * histogram and summary row, as the plan allots them (docs/plan.md), and
 * skipped or failed rows. Summary rows wait in a buffer so that many share
 * one frame: a frame's markers cost as much as two rows, and a 256-CPU
 * matrix has 65,280 of them.
 */
#include "bench.h"

#include <stdarg.h>

#include "console.h"
#include "emit.h"
#include "fmt.h"
#include "frame.h"
#include "hist.h"
#include "kstring.h"
#include "lapic.h"
#include "stats.h"
#include "tally.h"
#include "tsc.h"

#define SUMMARY_COLUMNS "bench,variant,apic_mode,src_cpu,dst_cpu,status,reason,samples,lost," \
	"min,p1,p50,p90,p99,p999,max,mean,stdev,p50_ns,p99_ns,class"
#define HIST_COLUMNS "bench,variant,apic_mode,src_cpu,dst_cpu,bucket,lo_cycles,hi_cycles,count"
#define SUMMARY_BUFFER 16384
#define REASON_MAX 224

static struct {
	char text[SUMMARY_BUFFER];
	size_t len;
	unsigned rows;
} pending;

/* The stream position past which no optional output goes; 0: unbounded. */
static uint64_t budget_end;
static uint64_t raw_cut, hist_cut;
/* The first summary row with status "failed", for the verdict. */
static char first_failed[160];
static const char *(*class_name)(unsigned cls);

void emit_init(uint64_t budget_bytes, const char *(*name_of_class)(unsigned cls))
{
	budget_end = budget_bytes;
	class_name = name_of_class;
}

const char *emit_first_failed(void)
{
	return first_failed;
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

void bench_summary_status(const struct plan_series *ps, const char *bench, const char *variant,
			  int src_cpu, int dst_cpu, const char *status, const char *reason,
			  uint64_t lost)
{
	char src[12], dst[12], cpus[24], why[2 * 160];
	bool failed = strcmp(status, "failed") == 0;

	if (failed && !first_failed[0])
		ksnprintf(first_failed, sizeof(first_failed), "%s %s: %s", bench, variant, reason);
	frame_csv_field(why, sizeof(why), reason);
	summary_row("%s,%s,%s,%s,%s,%s,%s,,%lu,,,,,,,,,,,,%s", bench, variant, lapic_mode_name(),
		    bench_cpu_field(src, src_cpu), bench_cpu_field(dst, dst_cpu), status, why, lost,
		    class_field(ps));
	tally_add(bench, variant, src_cpu, dst_cpu, status, 0, 0, reason);
	/* A failed row is a finding: said at once. A skipped one is in the plan. */
	if (failed)
		kprintf("%s %s cpu %s: failed: %s\n", bench, variant,
			bench_cpu_pair(cpus, src_cpu, dst_cpu), reason);
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
		 p50 <= s->offset_bound ? ", and the p50 lies within that: it shows nothing" : "");
}

static void summary_ok(const struct series *s, const struct stats *st, const char *note)
{
	char src[12], dst[12], field[2 * REASON_MAX + 3];

	frame_csv_field(field, sizeof(field), note);
	summary_row("%s,%s,%s,%s,%s,ok,%s,%lu,%lu,%ld,%ld,%ld,%ld,%ld,%ld,%ld,%ld,%lu,%ld,%ld,%s",
		    s->bench, s->variant, lapic_mode_name(), bench_cpu_field(src, s->src_cpu),
		    bench_cpu_field(dst, s->dst_cpu), field, st->n, s->lost, st->min, st->p1, st->p50,
		    st->p90, st->p99, st->p999, st->max, st->mean, st->stdev, signed_ns(st->p50),
		    signed_ns(st->p99), class_field(s->ps));
	tally_add(s->bench, s->variant, s->src_cpu, s->dst_cpu, "ok", signed_ns(st->p50),
		  signed_ns(st->p99), "");
}

void bench_emit_compact(struct series *s)
{
	char note[REASON_MAX] = "";

	emit_raw(s, note, sizeof(note));
	stats_sort(s->v, s->n);
	emit_hist(s, note, sizeof(note));
}

void bench_emit(struct series *s, int64_t *p50, int64_t *p99)
{
	struct stats st;
	char note[REASON_MAX] = "";

	if (s->pace && s->pace->cut_short)
		note_add(note, sizeof(note), "time budget: %u of %u samples in %u ms (series_ms)",
			 s->pace->taken, s->pace->samples, s->pace->budget_ms);
	if (s->note)
		note_add(note, sizeof(note), "%s", s->note);
	/* A budget spent before the first sample is a platform too slow for
	 * series_ms, not a wrong result; samples taken and all lost are. */
	if (s->n == 0) {
		bool budget = s->pace && s->pace->cut_short && s->pace->taken == 0;
		bench_summary_status(s->ps, s->bench, s->variant, s->src_cpu, s->dst_cpu,
				     budget ? "skipped" : "failed",
				     budget ? note : "no sample completed", s->lost);
		return;
	}
	emit_raw(s, note, sizeof(note));
	stats_compute(s->v, s->n, &st);
	emit_hist(s, note, sizeof(note));
	add_offset_note(s, &st, note, sizeof(note));
	summary_ok(s, &st, note);
	if (p50)
		*p50 = st.p50;
	if (p99)
		*p99 = st.p99;
}
