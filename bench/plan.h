/*
 * The run as data: before the first benchmark the kernel lists every series
 * it will measure (benchmark, variant, source and destination CPU, samples,
 * and what of it leaves the machine), so that the serial bytes, the link
 * time and the run time are known, and bounded, before they are spent
 * (docs/plan.md). Pure code, shared with the host unit tests: the topology
 * comes in as a class callback and a list of representative pairs.
 */
#ifndef PLAN_H
#define PLAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cmdline.h"
#include "rowcheck.h"

/* Which CPUs a variant's series run on. */
enum plan_shape {
	SHAPE_CPU,	/* one series on each selected CPU */
	SHAPE_PAIR,	/* ordered pairs: the representative pairs (or pairs=all|LIST) */
	SHAPE_MATRIX,	/* every ordered pair under pairs=auto|all; else as SHAPE_PAIR */
	SHAPE_SOURCE,	/* from each source CPU: CPU 0 and the first CPU of every other
			 * package under pairs=auto|classes, every CPU under pairs=all,
			 * the sources named under pairs=LIST */
	SHAPE_ALL,	/* one series with every selected CPU at once (two or more) */
	SHAPE_ONCE,	/* one series, whatever the CPUs */
};

/* What of a series leaves the machine besides its summary row(s), which
 * always do: its distribution as a histogram, or its raw samples (from
 * which any histogram follows, so the two are not both sent). */
enum plan_emit {
	EMIT_SUMMARY,	/* the summary row(s) only */
	EMIT_HIST,	/* and the histogram */
	EMIT_RAW,	/* and the raw samples */
};

#define PLAN_NO_CPU (-1)
#define PLAN_NO_CLASS 0xFF

struct cmdline;
struct plan_series;

/*
 * One variant of a benchmark. rows is how many summary rows one series
 * writes; with oneway, the rows after the first are one-way times across
 * CPUs, written only where those can be taken (an invariant TSC, or
 * tsc_trust=assume), and
 * rows_per_receiver adds one such row per other selected CPU (a
 * broadcast's receivers). per_period: one series per timer_period_us
 * entry (plan_series.param is its index).
 */
struct bench_variant {
	const char *name;
	enum plan_shape shape;
	/* NULL, or why this machine or command line cannot run it: one
	 * skipped row for the variant, and no series planned. */
	const char *(*unsupported)(const struct cmdline *c);
	void (*run)(const struct cmdline *c, const struct plan_series *s);
	/* Nominal time of one sample on hardware, for the planned run time. */
	uint32_t sample_ns;
	uint8_t rows;
	bool oneway, rows_per_receiver;
	bool per_period;	/* one series per timer_period_us entry */
	/* Rows whose samples are derived from the first row's (the gates' net
	 * rows): they send no raw samples of their own. */
	bool derived_rows;
	/* What its samples are and the floor no latency or cost lies below,
	 * in cycles (rowcheck.h): a latency from 0 unless it says otherwise.
	 * clocks names what a sample below the floor shows disagreeing
	 * (NULL: the TSC alone). A row of another kind says so in its
	 * struct series. */
	enum sample_kind kind;
	int64_t floor;
	const char *clocks;
};

struct plan_bench {
	const char *name;
	const struct bench_variant *variants;
	unsigned n_variants;
};

struct plan_series {
	uint8_t bench, variant, param;
	uint8_t cls;		/* topology class of (src, dst), PLAN_NO_CLASS without a pair */
	uint8_t emit;		/* enum plan_emit */
	uint8_t rep;		/* named in the plan: a representative pair, a source */
	/* A matrix pair that is not representative, under pairs=auto: its
	 * figures go out as one compact matrix row, not as summary rows. */
	uint8_t compact;
	int16_t src, dst;	/* CPU indexes, PLAN_NO_CPU where none */
	uint32_t samples;
};

struct plan_pair {
	uint16_t src, dst;
};

/* What the planner is given. */
struct plan_input {
	const struct cmdline *c;
	const struct plan_bench *benches;
	unsigned n_benches;
	uint32_t bench_mask;		/* bit i: benches[i] runs (selected and supported) */
	const unsigned *sel;		/* selected online CPUs, ascending */
	unsigned n_sel;
	/* Representative pairs (pairs=auto|classes), or the LIST (pairs=LIST). */
	const struct plan_pair *pairs;
	unsigned n_pairs;
	const unsigned *sources;	/* SHAPE_SOURCE's source CPUs */
	unsigned n_sources;
	uint8_t (*class_of)(const void *ctx, unsigned a, unsigned b);
	const void *ctx;
	bool oneway_ok;			/* one-way times across CPUs can be taken */
	uint64_t link_bps;		/* bits per second; 0: unbounded */
	uint64_t spent_bytes;		/* already sent before the plan (boot, machine) */
};

/* The estimates behind every figure the plan states (docs/plan.md). */
#define PLAN_SUMMARY_ROW_BYTES 120	/* a summary row in a shared frame (measured: 102-138) */
#define PLAN_MATRIX_ROW_BYTES 52	/* a compact matrix row (ipi_matrix; 46 at 16 CPUs) */
#define PLAN_SERIES_BYTES 16		/* per full series: its share of progress lines */
#define PLAN_HIST_ROW_BYTES 20		/* one histogram bucket row */
#define PLAN_HIST_ROWS 64		/* buckets a series is expected to fill */
#define PLAN_HIST_FRAME_BYTES 160	/* a histogram's begin and end markers */
#define PLAN_RAW_SAMPLE_BYTES 8		/* one raw sample in a compact frame */
#define PLAN_RAW_FRAME_BYTES 160	/* a raw series' begin and end markers */
#define PLAN_RESULT_LINE_BYTES 56	/* a result line (bench/result_line.c; measured: 36-60) */
#define PLAN_BITS_PER_BYTE 10		/* 8N1: start, 8 data, stop */

struct plan_totals {
	uint64_t series, rows, samples;
	uint64_t bytes;			/* everything the plan emits, estimated */
	uint64_t summary_bytes;		/* of which the summary rows, which are never cut */
	uint64_t budget_bytes;		/* what the link carries in serial_budget_s; 0: unbounded */
	uint64_t run_ns;		/* at each variant's nominal sample time */
	uint64_t hist_series, raw_series;	/* series sending a histogram / raw samples */
	uint64_t hist_cut, raw_cut;	/* series left without a histogram / raw samples */
	bool over_budget;		/* the summaries alone exceed the budget */
};

struct plan {
	struct plan_series *s;
	size_t n, cap;
	unsigned skipped_variants;
	struct plan_totals t;
};

/* How many series plan_build can list at most for this input (an upper
 * bound, to size plan.s before building). */
size_t plan_capacity(const struct plan_input *in);
/*
 * Lists the series in run order: benchmarks in table order, their variants
 * in table order, a variant's series CPU by CPU (pairs: representatives
 * first, then the matrix's others in row-major order). Then decides what
 * each emits: summaries always; histograms, then raw samples (raw=auto),
 * series by series in plan order, while the estimated bytes fit the link
 * budget. p->s must hold plan_capacity(in) entries.
 */
void plan_build(const struct plan_input *in, struct plan *p);

/* The series' variant. */
const struct bench_variant *plan_variant(const struct plan_input *in, const struct plan_series *s);
/* Estimated bytes one series emits at its emit level. */
uint64_t plan_series_bytes(const struct plan_input *in, const struct plan_series *s);
/* Series the plan lists for benches[b].variants[v]. */
size_t plan_variant_series(const struct plan *p, unsigned b, unsigned v);
/* Summary rows one series writes (none for a compact one). */
unsigned plan_series_rows(const struct plan_input *in, const struct plan_series *s);
/* Result lines (bench/result_line.c) while the selected CPUs are at most
 * this many; beyond, a line per row of the first selected CPU only. */
#define PLAN_RESULT_ALL_CPUS 16

/* Whether results= gives an ok summary row of CPUs src, dst (PLAN_NO_CPU:
 * none) a result line, on n_sel selected CPUs the first of which is
 * first. results=all: every row. results=auto: a row without a source
 * CPU; a pair's row, except under pairs=all (a line per ordered pair:
 * 147,072 at 384 CPUs); a CPU's own row on up to PLAN_RESULT_ALL_CPUS
 * CPUs, beyond that only the first CPU's (the gates and timers on 384
 * CPUs: some 16,000 lines, 80 s at 115200 bit/s). results=none: none. A
 * row that is not ok has its line under auto and all (not planned: the
 * plan cannot know them). */
bool plan_result_line_wanted(const struct cmdline *c, unsigned n_sel, unsigned first, int src,
			     int dst);
/* Seconds the bytes take at link_bps, rounded up; 0 when unbounded. */
uint64_t plan_link_seconds(uint64_t bytes, uint64_t link_bps);
/* Whether two consecutive series can share one line of the plan table:
 * same benchmark, variant, period and emit level, neither representative. */
bool plan_same_run(const struct plan_series *a, const struct plan_series *b);
/* "summary", "hist" or "raw". */
const char *plan_emit_name(unsigned emit);

#endif
