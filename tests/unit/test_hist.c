/*
 * The log-linear histogram (kernel/hist.c): buckets tile the value line
 * with no gap or overlap, exact below 64, at most 1/32 wide relative to
 * their lower bound above; every sample counted once; the one-pass build
 * from sorted samples equals adding them one by one; merging equals
 * adding both; the percentile bucket holds stats_percentile's value.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "hist.h"
#include "stats.h"

static struct hist a, b, c;

static void test_tiling(void)
{
	CHECK(hist_bucket_lo(0) == 0);
	for (unsigned k = 0; k < HIST_BUCKETS; k++) {
		uint64_t lo = hist_bucket_lo(k), hi = hist_bucket_hi(k);
		CHECK(lo < hi);
		if (k + 1 < HIST_BUCKETS)
			CHECK(hi == hist_bucket_lo(k + 1));
		if (lo < HIST_EXACT)
			CHECK(hi - lo == 1);
		else
			CHECK((hi - lo) * 32 <= lo);
		CHECK(hist_bucket(lo) == k && hist_bucket(hi - 1) == k);
	}
	CHECK(hist_bucket_hi(HIST_BUCKETS - 1) == 1ull << HIST_MAX_BITS);
}

/* Each value is in the row hist_next reports for it, and only there. */
static void check_value(int64_t v)
{
	struct hist_cursor cur = { 0, 0 };
	struct hist_row r;
	unsigned rows = 0, holding = 0;

	hist_clear(&a);
	hist_add(&a, v);
	while (hist_next(&a, &cur, &r)) {
		rows++;
		CHECK(r.count == 1);
		holding += v >= r.lo && (v < r.hi || (r.hi == INT64_MAX && v == INT64_MAX));
	}
	CHECK(rows == 1 && holding == 1 && hist_rows(&a) == 1 && a.n == 1);
}

static void test_every_value_once(void)
{
	static const int64_t edges[] = { 0, 1, -1, 63, 64, -64, -63, 65, 127, 128, 129, 1000, -1000,
					  (1ll << 40) - 1, 1ll << 40, -(1ll << 40) + 1, -(1ll << 40),
					  INT64_MAX, INT64_MIN, INT64_MIN + 1 };

	for (unsigned i = 0; i < sizeof(edges) / sizeof(edges[0]); i++)
		check_value(edges[i]);
	for (unsigned k = 1; k < 63; k++) {
		check_value((int64_t)1 << k);
		check_value(((int64_t)1 << k) - 1);
		check_value(-((int64_t)1 << k));
		check_value(1 - ((int64_t)1 << k));
	}
	srand(7);
	for (unsigned i = 0; i < 20000; i++) {
		int64_t v = ((int64_t)rand() << 31 ^ rand()) >> (rand() % 62);
		check_value(rand() % 2 ? v : -v);
	}
}

static int cmp64(const void *x, const void *y)
{
	int64_t p = *(const int64_t *)x, q = *(const int64_t *)y;

	return (p > q) - (p < q);
}

/* Rows ascending, not overlapping, counting every sample. */
static void check_rows(const struct hist *h)
{
	struct hist_cursor cur = { 0, 0 };
	struct hist_row r;
	uint64_t total = 0;
	int64_t last_hi = INT64_MIN;
	bool first = true;

	while (hist_next(h, &cur, &r)) {
		CHECK(r.count > 0 && r.lo < r.hi);
		CHECK(first || r.lo >= last_hi);
		first = false;
		last_hi = r.hi;
		total += r.count;
	}
	CHECK(total == h->n);
}

static void build_both_ways(int64_t *v, size_t n)
{
	hist_clear(&a);
	for (size_t i = 0; i < n; i++)
		hist_add(&a, v[i]);
	qsort(v, n, sizeof(*v), cmp64);
	hist_from_sorted(&b, v, n);
	CHECK(memcmp(&a, &b, sizeof(a)) == 0);
	check_rows(&b);
}

static void test_sorted_equals_added(void)
{
	static int64_t v[5000];

	srand(11);
	for (size_t i = 0; i < 5000; i++)
		v[i] = (int64_t)(rand() % 200000) - 20000;
	build_both_ways(v, 5000);
	for (size_t i = 0; i < 5000; i++)
		v[i] = 4242;
	build_both_ways(v, 5000);
	for (size_t i = 0; i < 5000; i++)
		v[i] = i % 3 ? INT64_MAX - (int64_t)i : INT64_MIN + (int64_t)i;
	build_both_ways(v, 5000);
	CHECK(b.overflow + b.underflow == 5000);
	for (size_t i = 0; i < 64; i++)
		v[i] = ((int64_t)1 << (i % 63)) - (int64_t)(i % 2);
	build_both_ways(v, 64);
	hist_from_sorted(&b, v, 0);
	CHECK(b.n == 0 && hist_rows(&b) == 0);
}

static void test_merge(void)
{
	static int64_t x[3000], y[3000];

	srand(5);
	hist_clear(&c);
	for (size_t i = 0; i < 3000; i++) {
		x[i] = rand() % 100000;
		y[i] = -(rand() % 300);
		hist_add(&c, x[i]);
		hist_add(&c, y[i]);
	}
	qsort(x, 3000, sizeof(*x), cmp64);
	qsort(y, 3000, sizeof(*y), cmp64);
	hist_from_sorted(&a, x, 3000);
	hist_from_sorted(&b, y, 3000);
	hist_merge(&a, &b);
	CHECK(memcmp(&a, &c, sizeof(a)) == 0);
}

static void test_percentile_bucket(void)
{
	static int64_t v[9999];
	static const unsigned pm[] = { 0, 10, 500, 900, 990, 999, 1000 };

	srand(3);
	for (size_t i = 0; i < 9999; i++)
		v[i] = (rand() % 7 == 0) ? rand() % 5000000 : 1500 + rand() % 300 - 150 * (int)(i % 2);
	qsort(v, 9999, sizeof(*v), cmp64);
	hist_from_sorted(&a, v, 9999);
	for (unsigned i = 0; i < sizeof(pm) / sizeof(pm[0]); i++) {
		int64_t exact = stats_percentile(v, 9999, pm[i]);
		struct hist_row r = hist_percentile(&a, pm[i]);
		CHECK(exact >= r.lo && exact < r.hi);
	}
}

int main(void)
{
	RUN(test_tiling);
	RUN(test_every_value_once);
	RUN(test_sorted_equals_added);
	RUN(test_merge);
	RUN(test_percentile_bucket);
	return check_exit();
}
