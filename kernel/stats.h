/*
 * Statistics over raw integer samples (cycles, nanoseconds): order
 * statistics, mean, population standard deviation and a fixed-width
 * histogram. Pure code shared by the kernel and the host unit tests; every
 * figure is exact or rounded in a documented direction (docs/statistics.md),
 * and no sample is ever dropped.
 *
 * Sample counts are bounded by n < 2^32 (the benchmark stores at most 1e7
 * samples); the exact variance correction relies on that bound.
 */
#ifndef STATS_H
#define STATS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct stats {
	uint64_t n;
	int64_t min, p1, p50, p90, p99, p999, max;
	int64_t mean;		/* rounded toward zero */
	uint64_t stdev;		/* population standard deviation, rounded down */
	bool stdev_saturated;	/* a deviation too large for 64-bit squares was clamped: stdev is a lower bound */
};

/* Sorts ascending in place: heapsort, O(n log n) worst case, no recursion, no allocation. */
void stats_sort(int64_t *v, size_t n);

/*
 * Nearest-rank percentile of sorted[0..n-1], n > 0: the value of rank
 * ceil(permille * n / 1000), at least 1. permille above 1000 means 1000.
 */
int64_t stats_percentile(const int64_t *sorted, size_t n, unsigned permille);

/* Sorts v in place and fills *out; n == 0 gives a struct of zeros. */
void stats_compute(int64_t *v, size_t n, struct stats *out);

/* floor(sqrt(x)), exact for every uint64_t. */
uint64_t stats_isqrt(uint64_t x);

/*
 * Fixed-width buckets in the style of cyclictest. The caller owns buckets[]
 * (nbuckets counters, zeroed) and must set width >= 1. Every sample lands in
 * exactly one of underflow, buckets[i] or overflow.
 */
struct histogram {
	int64_t lo;
	uint64_t width;
	unsigned nbuckets;
	uint64_t *buckets;
	uint64_t underflow, overflow;
};

/* v < lo: underflow; else bucket (v - lo) / width, or overflow past the last one. */
void histogram_add(struct histogram *h, int64_t v);

#endif
