/*
 * Per-class distributions (kernel/classdist.c) on hand-made pairs: counts,
 * min/median/max per class by nearest rank, the worst pair and its ties,
 * classes absent or out of range.
 */
#include <stdio.h>

#include "check.h"
#include "classdist.h"

static int64_t scratch[64];
static struct classdist out[CLASSDIST_MAX];

static void test_two_classes(void)
{
	static const struct classdist_pair p[] = {
		{ 2, 0, 1, 100, 300 }, { 0, 0, 2, 50, 90 }, { 2, 1, 0, 120, 500 },
		{ 2, 3, 1, 90, 500 }, { 0, 2, 0, 40, 80 }, { 2, 1, 3, 110, 200 },
	};

	CHECK(classdist_compute(p, 6, scratch, out) == 2);
	CHECK(out[0].cls == 0 && out[0].pairs == 2);
	CHECK(out[0].p50_min == 40 && out[0].p50_median == 40 && out[0].p50_max == 50);
	CHECK(out[0].p99_min == 80 && out[0].p99_median == 80 && out[0].p99_max == 90);
	CHECK(out[0].worst_src == 0 && out[0].worst_dst == 2 && out[0].worst_p99 == 90);
	CHECK(out[1].cls == 2 && out[1].pairs == 4);
	CHECK(out[1].p50_min == 90 && out[1].p50_median == 100 && out[1].p50_max == 120);
	CHECK(out[1].p99_min == 200 && out[1].p99_median == 300 && out[1].p99_max == 500);
	/* 1->0 and 3->1 tie at 500: the lower source wins. */
	CHECK(out[1].worst_src == 1 && out[1].worst_dst == 0 && out[1].worst_p99 == 500);
}

static void test_edges(void)
{
	static const struct classdist_pair p[] = {
		{ 15, 7, 8, -5, -1 }, { 16, 0, 1, 1, 1 }, { 15, 7, 6, -5, -1 },
	};

	CHECK(classdist_compute(p, 0, scratch, out) == 0);
	CHECK(classdist_compute(p, 3, scratch, out) == 1);
	CHECK(out[0].cls == 15 && out[0].pairs == 2 && out[0].p50_median == -5);
	CHECK(out[0].worst_src == 7 && out[0].worst_dst == 6);
}

int main(void)
{
	RUN(test_two_classes);
	RUN(test_edges);
	return check_exit();
}
