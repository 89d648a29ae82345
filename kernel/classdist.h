/*
 * The distribution of per-pair figures within each topology class: for a
 * variant measured over many ordered pairs, what a class's pairs have in
 * common and which pair is the worst (docs/plan.md). Pure code, shared
 * with the host unit tests; the caller gives every array.
 */
#ifndef CLASSDIST_H
#define CLASSDIST_H

#include <stddef.h>
#include <stdint.h>

#define CLASSDIST_MAX 16	/* classes 0..15 */

/* One pair's figures. */
struct classdist_pair {
	uint8_t cls;
	uint16_t src, dst;
	int64_t p50, p99;
};

/* One class: pair count, min, median and max of the pairs' p50 and p99
 * (nearest-rank median, as stats.c), and the pair with the highest p99
 * (ties: the lowest src, then dst). */
struct classdist {
	uint8_t cls;
	uint32_t pairs;
	int64_t p50_min, p50_median, p50_max;
	int64_t p99_min, p99_median, p99_max;
	uint16_t worst_src, worst_dst;
	int64_t worst_p99;
};

/*
 * Fills out[] with one entry per class present, in class order; returns
 * how many. scratch holds n int64_t. Classes at or above CLASSDIST_MAX
 * are left out.
 */
unsigned classdist_compute(const struct classdist_pair *pairs, size_t n, int64_t *scratch,
			   struct classdist out[CLASSDIST_MAX]);

#endif
