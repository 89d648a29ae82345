/*
 * Log-linear histograms of int64 samples: what a series' distribution
 * looks like when its raw samples do not fit the output link. Pure code,
 * shared with the host unit tests (docs/statistics.md, "Histograms").
 *
 * Buckets by magnitude m = |v|: m below HIST_EXACT (64) one bucket each;
 * above, HIST_SUB (32) buckets per power of two, so that a bucket's width
 * is at most 1/32 of its lower bound, up to 2^HIST_MAX_BITS. Non-negative
 * samples count in pos[], negative ones in neg[] by their magnitude, so
 * magnitude bucket [lo, hi) holds the samples lo <= v < hi, or, in neg[],
 * -hi < v <= -lo. Samples at or past +-2^HIST_MAX_BITS are counted in
 * overflow (positive) or underflow (negative): every sample is counted
 * exactly once.
 */
#ifndef HIST_H
#define HIST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define HIST_EXACT 64
#define HIST_SUB_BITS 5
#define HIST_SUB (1u << HIST_SUB_BITS)
/* 2^40 cycles are about 7 minutes at 2.5 GHz: far beyond any interrupt
 * latency, and beyond a series' own time budget (series_ms). */
#define HIST_MAX_BITS 40
/* 0..63 exact, then 32 a power of two from 2^6 to 2^40. */
#define HIST_BUCKETS (HIST_EXACT + (HIST_MAX_BITS - 6) * HIST_SUB)

struct hist {
	uint64_t n, underflow, overflow;
	uint32_t pos[HIST_BUCKETS], neg[HIST_BUCKETS];
};

/* The magnitude bucket of m < 2^HIST_MAX_BITS, and its bounds [lo, hi). */
unsigned hist_bucket(uint64_t m);
uint64_t hist_bucket_lo(unsigned b);
uint64_t hist_bucket_hi(unsigned b);

void hist_clear(struct hist *h);
void hist_add(struct hist *h, int64_t v);
/* Clears h and counts sorted[0..n-1] (ascending): one pass that moves to
 * the next bucket only when a sample passes the current one's bound. */
void hist_from_sorted(struct hist *h, const int64_t *sorted, size_t n);
void hist_merge(struct hist *into, const struct hist *from);

/* One non-empty bucket, as a row: samples lo <= v < hi. The underflow
 * row's lo is INT64_MIN and the overflow row's hi INT64_MAX (which it
 * includes). */
struct hist_row {
	int64_t lo, hi;
	uint64_t count;
};

/* Walks the non-empty buckets in ascending order of value, underflow
 * first and overflow last; start from a zeroed cursor. */
struct hist_cursor {
	unsigned stage, b;
};
bool hist_next(const struct hist *h, struct hist_cursor *cur, struct hist_row *row);
/* How many rows hist_next yields. */
unsigned hist_rows(const struct hist *h);

/* The row holding the sample of nearest rank ceil(permille * n / 1000)
 * (at least 1), as stats_percentile ranks them; h->n > 0. */
struct hist_row hist_percentile(const struct hist *h, unsigned permille);

#endif
