/*
 * kernel/stats.c on the host: percentiles against hand-computed ranks, the
 * sort against qsort, mean and stdev against an exact __int128 reference,
 * isqrt at every edge, and histogram bucket boundaries.
 */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "stats.h"

#define BIG_N 1000000u

/* Scratch big enough for the largest case; tests fill a prefix. */
static int64_t buf[BIG_N], copy[BIG_N];

static uint64_t rng_state = 88172645463325252ull;

/* xorshift64: reproducible data without depending on libc's rand(). */
static uint64_t rng(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

/* v[i] = i + 1, so that the value at a rank equals the rank. */
static void fill_ranks(size_t n)
{
	for (size_t i = 0; i < n; i++)
		buf[i] = (int64_t)i + 1;
}

static int64_t pct(size_t n, unsigned permille)
{
	return stats_percentile(buf, n, permille);
}

static void test_percentile_small(void)
{
	buf[0] = 42;
	CHECK(pct(1, 0) == 42 && pct(1, 10) == 42 && pct(1, 500) == 42);
	CHECK(pct(1, 999) == 42 && pct(1, 1000) == 42);

	buf[0] = 10, buf[1] = 20;
	CHECK(pct(2, 10) == 10);	/* ceil(0.02) = 1 */
	CHECK(pct(2, 500) == 10);	/* ceil(1.0) = 1 */
	CHECK(pct(2, 501) == 20);	/* ceil(1.002) = 2 */
	CHECK(pct(2, 900) == 20);
	CHECK(pct(2, 999) == 20);

	fill_ranks(3);
	CHECK(pct(3, 10) == 1);
	CHECK(pct(3, 333) == 1);	/* ceil(0.999) = 1 */
	CHECK(pct(3, 334) == 2);	/* ceil(1.002) = 2 */
	CHECK(pct(3, 500) == 2);	/* ceil(1.5) = 2 */
	CHECK(pct(3, 667) == 3);	/* ceil(2.001) = 3 */
	CHECK(pct(3, 900) == 3);
}

static void test_percentile_ranks(void)
{
	fill_ranks(10);
	CHECK(pct(10, 10) == 1 && pct(10, 100) == 1 && pct(10, 101) == 2);
	CHECK(pct(10, 500) == 5 && pct(10, 900) == 9);
	CHECK(pct(10, 990) == 10 && pct(10, 999) == 10);

	fill_ranks(100);
	CHECK(pct(100, 10) == 1 && pct(100, 500) == 50 && pct(100, 900) == 90);
	CHECK(pct(100, 990) == 99 && pct(100, 999) == 100);

	fill_ranks(1000);
	CHECK(pct(1000, 10) == 10 && pct(1000, 500) == 500);
	CHECK(pct(1000, 900) == 900 && pct(1000, 990) == 990);

	fill_ranks(1001);
	CHECK(pct(1001, 10) == 11);	/* ceil(10.01) */
	CHECK(pct(1001, 500) == 501);	/* ceil(500.5) */
	CHECK(pct(1001, 900) == 901);	/* ceil(900.9) */
	CHECK(pct(1001, 990) == 991);	/* ceil(990.99) */
}

static void test_percentile_p999(void)
{
	fill_ranks(10000);
	CHECK(pct(999, 999) == 999);	/* ceil(998.001) */
	CHECK(pct(1000, 999) == 999);	/* exactly 999 */
	CHECK(pct(1001, 999) == 1000);	/* ceil(999.999) */
	CHECK(pct(10000, 999) == 9990);
	CHECK(pct(10000, 1000) == 10000);
	CHECK(pct(10000, 5000) == 10000);	/* above 1000 means the maximum */
}

static void test_percentile_ties_negative(void)
{
	int64_t ties[] = { 5, 5, 5, 7, 7, 9 };
	int64_t neg[] = { -30, -20, -10, 0, 10 };

	CHECK(stats_percentile(ties, 6, 10) == 5);
	CHECK(stats_percentile(ties, 6, 500) == 5);	/* rank 3 */
	CHECK(stats_percentile(ties, 6, 501) == 7);	/* rank ceil(3.006) = 4 */
	CHECK(stats_percentile(ties, 6, 833) == 7);	/* rank ceil(4.998) = 5 */
	CHECK(stats_percentile(ties, 6, 900) == 9);	/* rank ceil(5.4) = 6 */

	CHECK(stats_percentile(neg, 5, 10) == -30);
	CHECK(stats_percentile(neg, 5, 200) == -30);	/* rank 1 */
	CHECK(stats_percentile(neg, 5, 201) == -20);	/* rank ceil(1.005) = 2 */
	CHECK(stats_percentile(neg, 5, 500) == -10);	/* rank ceil(2.5) = 3 */
	CHECK(stats_percentile(neg, 5, 900) == 10);
}

/* stats_compute puts each permille into its own field. */
static void test_compute_fields(void)
{
	struct stats s;

	/* Reverse, so the fields also depend on the sort. */
	for (size_t i = 0; i < 1001; i++)
		buf[i] = 1001 - (int64_t)i;
	stats_compute(buf, 1001, &s);
	CHECK(s.n == 1001 && s.min == 1 && s.max == 1001);
	CHECK(s.p1 == 11 && s.p50 == 501 && s.p90 == 901);
	CHECK(s.p99 == 991 && s.p999 == 1000);
	CHECK(s.mean == 501);
}

static void test_compute_empty(void)
{
	struct stats s;

	memset(&s, 0xa5, sizeof s);
	stats_compute(NULL, 0, &s);
	CHECK(s.n == 0 && s.min == 0 && s.max == 0 && s.p50 == 0 && s.p999 == 0);
	CHECK(s.mean == 0 && s.stdev == 0 && !s.stdev_saturated);
}

static int cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

/* Sorts buf[0..n-1] with stats_sort and qsort; the results must agree. */
static bool sorts_like_qsort(size_t n)
{
	memcpy(copy, buf, n * sizeof buf[0]);
	qsort(copy, n, sizeof copy[0], cmp_i64);
	stats_sort(buf, n);
	return memcmp(buf, copy, n * sizeof buf[0]) == 0;
}

static void test_sort_shapes(void)
{
	static const size_t sizes[] = { 0, 1, 2, 3, 4, 7, 100, 1001, 65536 };

	for (size_t k = 0; k < sizeof sizes / sizeof sizes[0]; k++) {
		size_t n = sizes[k];

		for (size_t i = 0; i < n; i++)
			buf[i] = (int64_t)rng();
		CHECK(sorts_like_qsort(n));
		for (size_t i = 0; i < n; i++)
			buf[i] = (int64_t)(rng() % 8) - 4;	/* many ties */
		CHECK(sorts_like_qsort(n));
		for (size_t i = 0; i < n; i++)
			buf[i] = (int64_t)i;
		CHECK(sorts_like_qsort(n));
		for (size_t i = 0; i < n; i++)
			buf[i] = -(int64_t)i;
		CHECK(sorts_like_qsort(n));
		for (size_t i = 0; i < n; i++)
			buf[i] = 7;
		CHECK(sorts_like_qsort(n));
	}
}

static void test_sort_extremes(void)
{
	int64_t v[] = { INT64_MAX, 0, INT64_MIN, -1, INT64_MAX, 1, INT64_MIN, INT64_MIN + 1 };
	const int64_t want[] = { INT64_MIN, INT64_MIN, INT64_MIN + 1, -1, 0, 1, INT64_MAX, INT64_MAX };

	stats_sort(v, 8);
	CHECK(memcmp(v, want, sizeof want) == 0);

	for (size_t i = 0; i < 10000; i++) {
		uint64_t r = rng() % 3;

		buf[i] = r == 0 ? INT64_MIN : r == 1 ? INT64_MAX : (int64_t)rng();
	}
	CHECK(sorts_like_qsort(10000));
}

/* floor(sqrt(x)) by bisection: slow, obviously right, no libm. */
static uint64_t ref_isqrt(unsigned __int128 x)
{
	uint64_t lo = 0, hi = UINT32_MAX;	/* answer in [lo, hi] for x < 2^64 */

	while (lo < hi) {
		uint64_t mid = lo + (hi - lo + 1) / 2;

		if ((unsigned __int128)mid * mid <= x)
			lo = mid;
		else
			hi = mid - 1;
	}
	return lo;
}

/*
 * Exact reference: mean = sum / n truncated (C division of __int128), and
 * variance = (n * sum(v^2) - sum(v)^2) / n^2 rounded down, a different
 * formula from the kernel's. Valid while n * sum(v^2) fits in 127 bits.
 */
static bool matches_reference(size_t n)
{
	__int128 sum = 0;
	unsigned __int128 sumsq = 0, num;
	int64_t mean;
	uint64_t stdev;
	struct stats s;

	for (size_t i = 0; i < n; i++) {
		sum += buf[i];
		sumsq += (unsigned __int128)((__int128)buf[i] * buf[i]);
	}
	mean = (int64_t)(sum / (__int128)n);
	num = (unsigned __int128)n * sumsq - (unsigned __int128)(sum * sum);
	stdev = ref_isqrt(num / ((unsigned __int128)n * n));

	stats_compute(buf, n, &s);
	if (s.mean == mean && s.stdev == stdev && !s.stdev_saturated)
		return true;
	printf("  n=%zu mean %lld want %lld, stdev %llu want %llu, saturated %d\n",
	       n, (long long)s.mean, (long long)mean,
	       (unsigned long long)s.stdev, (unsigned long long)stdev,
	       s.stdev_saturated);
	return false;
}

static void test_mean_stdev_small(void)
{
	static const int64_t cases[][4] = {
		{ 0, 1 },		/* mean 0.5 -> 0 */
		{ -1, 0 },		/* mean -0.5 -> 0 */
		{ -3, 0 },		/* mean -1.5 -> -1 */
		{ -3, 10 },		/* mean 3.5 -> 3: remainders summed negative */
		{ 3, -10 },		/* mean -3.5 -> -3 */
		{ 4, 6, 6 },		/* mean 16/3 -> 5; variance 8/9 -> stdev 0 */
		{ -6, -6, -4 },		/* same, negative */
		{ -6, -6, -6, -4 },	/* variance 3/4 -> stdev 0 */
		{ 2, 4, 4, 4 },
		{ 1, 2, 3, 4 },
	};
	static const size_t lens[] = { 2, 2, 2, 2, 2, 3, 3, 4, 4, 4 };
	int64_t v[] = { 4, 6, 6 };
	int64_t w[] = { 2, 4, 4, 4, 5, 5, 7, 9 };	/* textbook: mean 5, stdev 2 */
	int64_t one[] = { -17 };
	struct stats s;

	for (size_t k = 0; k < sizeof lens / sizeof lens[0]; k++) {
		memcpy(buf, cases[k], lens[k] * sizeof buf[0]);
		CHECK(matches_reference(lens[k]));
	}

	/* Squares around the truncated mean alone would say 1 here. */
	stats_compute(v, 3, &s);
	CHECK(s.mean == 5 && s.stdev == 0);

	stats_compute(w, 8, &s);
	CHECK(s.mean == 5 && s.stdev == 2 && !s.stdev_saturated);

	stats_compute(one, 1, &s);
	CHECK(s.mean == -17 && s.stdev == 0 && s.p1 == -17 && s.p999 == -17);
}

static void test_mean_stdev_random(void)
{
	for (int round = 0; round < 200; round++) {
		size_t n = 1 + rng() % 2000;
		int64_t centre = (int64_t)(rng() % 2000001) - 1000000;
		uint64_t spread = 1 + rng() % 100000;

		/* Centres near zero mix signs, which exercises the mean's rounding. */
		if (round % 2)
			centre /= 1000;

		for (size_t i = 0; i < n; i++)
			buf[i] = centre + (int64_t)(rng() % (2 * spread + 1)) - (int64_t)spread;
		CHECK(matches_reference(n));
	}
}

/* 1e6 samples near +-1e12: sums reach 1e18, squares of raw values 1e24. */
static void test_huge_values(void)
{
	struct stats s;

	for (size_t i = 0; i < BIG_N; i++)
		buf[i] = 1000000000000 + (int64_t)(rng() % 2000000001) - 1000000000;
	CHECK(matches_reference(BIG_N));
	for (size_t i = 0; i < BIG_N; i++)
		buf[i] = -1000000000000 - (int64_t)(rng() % 2000000001);
	CHECK(matches_reference(BIG_N));
	for (size_t i = 0; i < BIG_N; i++)
		buf[i] = 999999999999 + (int64_t)(i & 1) * 2;	/* mean exactly 1e12 */
	CHECK(matches_reference(BIG_N));

	for (size_t i = 0; i < BIG_N; i++)
		buf[i] = INT64_MAX - (int64_t)(i % 3);	/* sum far beyond 64 bits */
	stats_compute(buf, BIG_N, &s);
	CHECK(s.mean == INT64_MAX - 1);	/* MAX - 0.999999, toward zero */
	CHECK(s.stdev == 0 && !s.stdev_saturated);

	for (size_t i = 0; i < BIG_N; i++)
		buf[i] = INT64_MIN;
	stats_compute(buf, BIG_N, &s);
	CHECK(s.mean == INT64_MIN && s.stdev == 0 && s.min == INT64_MIN);
}

static void test_saturation(void)
{
	struct stats s;
	int64_t limit[] = { 0, 2 * (int64_t)UINT32_MAX };	/* |d| = 2^32 - 1: still exact */
	int64_t over[] = { 0, (int64_t)1 << 33 };		/* |d| = 2^32: clamped */
	int64_t wide[] = { INT64_MIN, INT64_MAX };		/* |d| near 2^63 */

	stats_compute(limit, 2, &s);
	CHECK(!s.stdev_saturated && s.stdev == UINT32_MAX);

	stats_compute(over, 2, &s);
	CHECK(s.stdev_saturated && s.stdev == UINT32_MAX);	/* true value 2^32 */
	CHECK(s.mean == (int64_t)1 << 32);

	stats_compute(wide, 2, &s);
	CHECK(s.stdev_saturated && s.mean == 0);	/* sum -1, mean -0.5 -> 0 */

	for (size_t i = 0; i < BIG_N; i++)
		buf[i] = (i & 1) ? 1000000000000 : -1000000000000;
	stats_compute(buf, BIG_N, &s);
	CHECK(s.stdev_saturated && s.mean == 0 && s.stdev == UINT32_MAX);
}

static bool isqrt_ok(uint64_t x)
{
	uint64_t r = stats_isqrt(x);

	return (unsigned __int128)r * r <= x &&
	       (unsigned __int128)(r + 1) * (r + 1) > x;
}

static void test_isqrt(void)
{
	bool all = true;

	for (uint64_t x = 0; x <= 1u << 20; x++)
		all &= isqrt_ok(x);
	/* Both sides of k^2 for the largest roots, then a random sample of k. */
	for (uint64_t k = UINT32_MAX - 100000; k <= UINT32_MAX; k++)
		all &= stats_isqrt(k * k) == k && stats_isqrt(k * k - 1) == k - 1 &&
		       stats_isqrt(k * k + 1) == k;
	for (int i = 0; i < 100000; i++) {
		uint64_t k = 1 + rng() % UINT32_MAX;

		all &= stats_isqrt(k * k) == k && stats_isqrt(k * k - 1) == k - 1 &&
		       isqrt_ok(rng());
	}
	CHECK(all);
	CHECK(stats_isqrt(0) == 0 && stats_isqrt(1) == 1 && stats_isqrt(3) == 1);
	CHECK(stats_isqrt(4) == 2);
	CHECK(stats_isqrt(UINT64_MAX) == UINT32_MAX);	/* (2^32)^2 - 1 */
	CHECK(stats_isqrt((uint64_t)1 << 62) == (uint64_t)1 << 31);
}

static void test_histogram_edges(void)
{
	uint64_t b[4] = { 0 };
	struct histogram h = { .lo = -10, .width = 5, .nbuckets = 4, .buckets = b };

	histogram_add(&h, -10);		/* lo: first bucket */
	histogram_add(&h, -6);		/* lo + width - 1: still first */
	histogram_add(&h, -5);		/* lo + width: second */
	histogram_add(&h, 9);		/* lo + 4 * width - 1: last */
	histogram_add(&h, 10);		/* lo + 4 * width: overflow */
	histogram_add(&h, -11);		/* lo - 1: underflow */
	histogram_add(&h, INT64_MIN);
	histogram_add(&h, INT64_MAX);
	CHECK(b[0] == 2 && b[1] == 1 && b[2] == 0 && b[3] == 1);
	CHECK(h.underflow == 2 && h.overflow == 2);
}

/* Range covering all of int64: offsets up to 2^64 - 1 must not wrap. */
static void test_histogram_full_range(void)
{
	uint64_t b[2] = { 0 };
	struct histogram h = { .lo = INT64_MIN, .width = (uint64_t)1 << 63,
			       .nbuckets = 2, .buckets = b };

	histogram_add(&h, INT64_MIN);
	histogram_add(&h, -1);
	histogram_add(&h, 0);
	histogram_add(&h, INT64_MAX);
	CHECK(b[0] == 2 && b[1] == 2 && h.underflow == 0 && h.overflow == 0);
}

static void test_histogram_counts_all(void)
{
	uint64_t b[100] = { 0 }, total;
	struct histogram h = { .lo = 1000, .width = 7, .nbuckets = 100, .buckets = b };

	for (int i = 0; i < 100000; i++)
		histogram_add(&h, (int64_t)(rng() % 2000));
	total = h.underflow + h.overflow;
	for (int i = 0; i < 100; i++)
		total += b[i];
	CHECK(total == 100000);
	CHECK(h.underflow > 0 && h.overflow > 0);
}

int main(void)
{
	RUN(test_percentile_small);
	RUN(test_percentile_ranks);
	RUN(test_percentile_p999);
	RUN(test_percentile_ties_negative);
	RUN(test_compute_fields);
	RUN(test_compute_empty);
	RUN(test_sort_shapes);
	RUN(test_sort_extremes);
	RUN(test_mean_stdev_small);
	RUN(test_mean_stdev_random);
	RUN(test_huge_values);
	RUN(test_saturation);
	RUN(test_isqrt);
	RUN(test_histogram_edges);
	RUN(test_histogram_full_range);
	RUN(test_histogram_counts_all);
	return check_exit();
}
