/*
 * The benchmark table and what every benchmark shares: each entry has a
 * name (chosen with bench= on the command line), a run function, and a
 * supported() check that returns NULL or the reason the machine cannot run
 * it, reported as "skipped: reason". Results go out as raw-sample tables
 * and summary rows in one schema (docs/results-schema.md).
 */
#ifndef BENCH_H
#define BENCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cmdline.h"

#include "plan.h"

/*
 * A benchmark: its variants (plan.h), each run one series at a time as the
 * plan asks; begin() before its first series (handlers, probing), end()
 * after its last. supported() is NULL or why the machine cannot run any of
 * it; need() the most sample memory one of its series allocates at once
 * with n_sel CPUs selected of n_cpus, in memsize.h blocks, computed by the
 * functions that size its mem_alloc calls.
 */
struct bench {
	const char *name;
	const struct bench_variant *variants;
	unsigned n_variants;
	const char *(*supported)(void);
	void (*begin)(const struct cmdline *c);
	void (*end)(void);
	uint64_t (*need)(const struct cmdline *c, unsigned n_sel, unsigned n_cpus);
};

/* The benchmark names in table order, for cmdline_parse. */
const char *const *bench_names(unsigned *n);
/* Plans the run (plan.h), checks that the sample memory it needs fits in
 * what the memory map gave (else the run ends with EXIT_CMDLINE), emits
 * the plan and runs it series by series. */
void bench_run_selected(const struct cmdline *c);

/* No CPU in a summary row's src_cpu or dst_cpu column. */
#define BENCH_NO_CPU (-1)

/*
 * Paces one series: warm-up iterations first (for at most half of the
 * series_ms budget), then up to `samples` measured ones, stopping early when
 * the budget is spent. Loops call pacer_next at the top of each iteration,
 * outside the timed window.
 */
struct pacer {
	uint32_t warmup_left, samples, taken, budget_ms;
	uint64_t warmup_end, end;
	bool cut_short;
};

void pacer_start(struct pacer *p, const struct cmdline *c);
/* False when the series is over; else *measured says whether this
 * iteration counts (a sample, kept or lost) or is warm-up. */
bool pacer_next(struct pacer *p, bool *measured);

/*
 * One measured series' rows: samples in seq order until bench_emit sorts
 * them. raw_fixed holds the fields that lead each of the benchmark's raw
 * rows (CSV, the columns of raw_columns before seq), so that one emit path
 * writes every benchmark's raw table.
 */
struct series {
	const struct plan_series *ps;	/* what to emit, the pair's class */
	const char *bench, *variant;
	int src_cpu, dst_cpu;
	const char *raw_columns, *raw_fixed;
	int64_t *v;
	size_t n;
	uint64_t lost;
	const struct pacer *pace;	/* for the "time budget" note, or NULL */
	const char *note;		/* anything else the reader must know, or NULL */
	/* A one-way time across CPUs: its error bound from the TSC offsets
	 * (tscsync_pair_bound), said in the row; 0 for times on one CPU. */
	uint64_t offset_bound;
	/* What the samples are, where not what the variant says (an EOI cost
	 * in a delivery variant, a source's clock): NULL, the variant's. */
	const struct sample_rule *rule;
};

/*
 * The one emit path: s's raw samples (when the plan says so and the link
 * budget still holds), then its statistics (sorting s->v), histogram and
 * summary row; returns the p50 and p99 via the optional pointers, and
 * leaves s->v sorted (for derived tables such as ipi_matrix).
 */
void bench_emit(struct series *s, int64_t *p50, int64_t *p99);
/* The same for a compact series (plan_series.compact): no summary row;
 * s->v is left sorted for the benchmark's compact matrix row. */
void bench_emit_compact(struct series *s);
/* A summary row without figures: status "skipped" or "failed", and why.
 * ps gives the pair's class (NULL: none). */
void bench_summary_status(const struct plan_series *ps, const char *bench, const char *variant,
			  int src_cpu, int dst_cpu, const char *status, const char *reason,
			  uint64_t lost);
/* The same skipped row once per run for (bench, variant): a reason that
 * holds for every CPU is said once, not once per CPU. */
void bench_skip_once(const char *bench, const char *variant, const char *reason);
/* Summary rows wait in a buffer to share frames; this sends them. */
void bench_summary_flush(void);
/* Format a CPU index for a CSV cell: empty for BENCH_NO_CPU. */
const char *bench_cpu_field(char buf[12], int cpu);
/* Bytes of one series' samples, int64_t each: what every benchmark
 * allocates per series, and sizes its need with. */
uint64_t bench_series_bytes(const struct cmdline *c);
/* NULL when times from one CPU's TSC to another's can be taken (the TSCs
 * tick alike: an invariant TSC, or tsc_trust=assume says to take them as
 * such), else why not, for a skipped row. */
const char *bench_oneway_unavailable(void);
/* "src" or "src->dst" (a pair), as the console and the screen show CPUs. */
const char *bench_cpu_pair(char buf[24], int src, int dst);

#endif
