/*
 * Cross-row checks: figures that physics ties together, checked against
 * each other once every benchmark has run (checks.csv, docs/results-schema.md).
 * A one-way time is part of its round trip, so its p50 cannot exceed the
 * round trip's by more than the TSC offsets' bound; a broadcast's receivers
 * each got it no later than the last one did; an ICR write is part of the
 * round trip it starts; every clock that gives the TSC's (and the LAPIC
 * timer's) frequency must agree with the others; every CPU's empty
 * measurement costs something, and about what CPU 0's does.
 *
 * Pure code, shared with the host unit tests (tests/unit/test_checks.c).
 * The summary rows the checks need are kept as they go out (checks_note)
 * in a store of fixed capacity: a few per representative pair and source,
 * never a matrix; rows past its capacity are counted, and said to be
 * unchecked.
 */
#ifndef CHECKS_H
#define CHECKS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum check_verdict { CHECK_OK, CHECK_FAILED, CHECK_SKIPPED };

/* One row of checks.csv. */
struct check_row {
	const char *check;	/* "oneway_le_roundtrip", ... */
	char subject[40];	/* "pair 0->1 spin", "cpu 2", "source pit" */
	char figures[160];	/* the values compared, with units */
	char bound[112];	/* what the comparison allows */
	enum check_verdict verdict;
	char reason[200];	/* why failed or skipped; empty when ok */
};

/* "ok", "failed", "skipped". */
const char *checks_verdict_name(enum check_verdict v);

/* A figure a check compares: a summary row's p50 or p99, or why there is
 * none. */
struct check_fig {
	const char *name;	/* "oneway_spin", "roundtrip_spin", ... */
	const char *stat;	/* "p50", "p99" */
	bool present;
	int64_t value;		/* cycles */
	const char *missing;	/* when !present: why */
};

/* a at most b + slack cycles; skipped when either figure is missing.
 * slack_what names the slack ("the TSC offsets' bound"), NULL for none. */
void checks_at_most(struct check_row *r, const struct check_fig *a, const struct check_fig *b,
		    uint64_t slack, const char *slack_what);

/* Two frequencies of one clock within ppm of the reference's, plus
 * resolution_ppm (what the measurements behind them can tell apart): name's
 * hz (0: none, absent says why) against ref_name's ref_hz. */
void checks_hz_agree(struct check_row *r, const char *name, uint64_t hz, const char *absent,
		     const char *ref_name, uint64_t ref_hz, uint32_t ppm, uint32_t resolution_ppm);

/* A CPU's timing overhead (median cycles of an empty measurement): above
 * 0, and within factor of CPU 0's either way. */
void checks_overhead(struct check_row *r, unsigned cpu, int64_t median, int64_t cpu0_median,
		     unsigned factor);

/* ---- the summary rows the checks read ---- */

enum check_kind {
	KIND_ICR, KIND_RT_SPIN, KIND_RT_HALT, KIND_OW_SPIN, KIND_OW_HALT,
	KIND_BCAST_LAST, KIND_BCAST_EACH,
	/* the IOAPIC's retargeting, per source that can be triggered at will */
	KIND_RETARGET_RT_UART, KIND_RETARGET_RT_PIT, KIND_RETARGET_RT_HPET,
	KIND_RETARGET_DL_UART, KIND_RETARGET_DL_PIT, KIND_RETARGET_DL_HPET,
	CHECK_KINDS
};

struct check_record {
	uint8_t kind;
	bool figures;		/* ok or insufficient: its p50 stands */
	int16_t src, dst;
	int64_t p50, p99;
	uint64_t bound;		/* the TSC offsets' bound of a one-way figure */
	uint32_t folded;	/* broadcast_each: receivers folded into this record */
};

#define CHECK_SKIP_MAX 120

struct check_store {
	struct check_record *r;
	size_t n, cap;
	uint64_t dropped;	/* rows the store had no room for */
	/* The first reason a kind's rows were skipped or failed without a
	 * CPU (a variant skipped once), or "". */
	char skip[CHECK_KINDS][CHECK_SKIP_MAX];
	/* Set where two series taken apart are not ordered as on hardware (an
	 * emulator): the checks between them (icr_le_roundtrip) are skipped
	 * with this reason, their figures kept. */
	const char *apart_unordered;
};

/* Keeps what the checks need of one summary row (others are ignored):
 * status "ok" or "insufficient" with its p50 and p99, else without figures;
 * src/dst -1 where none. broadcast_each rows fold into one record per
 * source, the receiver whose p50 stands highest above its bound. */
void checks_note(struct check_store *s, const char *bench, const char *variant, int src, int dst,
		 const char *status, int64_t p50, int64_t p99, uint64_t bound, const char *reason);

/* Every cross-row check of the store's rows, each row given to sink in
 * order: one-way against round trip per pair (p50s of the same samples;
 * the IPI's, and the IOAPIC retargeting's per source),
 * broadcast_each against broadcast_last per source (the same), icr's
 * p50 against the halted round trip's p99 (two series taken apart: the
 * bound allows the round trip's own spread, and still no typical ICR
 * write is slower than 99 % of the round trips that each hold one); a check with nothing
 * to check says skipped, and why, in one row. */
void checks_rows(const struct check_store *s, void (*sink)(const struct check_row *r, void *ctx),
		 void *ctx);

#endif
