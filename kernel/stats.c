/*
 * Statistics over raw samples. The kernel has no FPU state to spare and no
 * libgcc, so everything is 64-bit integer arithmetic: sums are carried as a
 * quotient and a remainder by n, which keeps them exact without 128-bit
 * types. docs/statistics.md explains each figure for the reader of results.
 */
#include "stats.h"

/* Ranks of the reported percentiles, in permille. */
#define P1_PERMILLE 10u
#define P50_PERMILLE 500u
#define P90_PERMILLE 900u
#define P99_PERMILLE 990u
#define P999_PERMILLE 999u

/*
 * A signed sum kept as q * n + r with |r| < n. q is within 1 of (sum so far)
 * / n, which lies between INT64_MIN and INT64_MAX because at most n samples
 * are added: q cannot overflow however large the samples. |r| < 2n before
 * the carry, fine for n < 2^32.
 */
struct sum_by_n {
	int64_t q, r, n;
};

/* Same for a sum of non-negative terms: q + r / n never exceeds the largest term. */
struct usum_by_n {
	uint64_t q, r, n;
};

static void sift_down(int64_t *v, size_t root, size_t n)
{
	int64_t x = v[root];

	/* Move the hole down instead of swapping: one store per level. */
	for (;;) {
		size_t child = 2 * root + 1;

		if (child >= n)
			break;
		if (child + 1 < n && v[child + 1] > v[child])
			child++;
		if (v[child] <= x)
			break;
		v[root] = v[child];
		root = child;
	}
	v[root] = x;
}

/* Heapsort: guaranteed O(n log n) and constant stack, unlike quicksort. */
void stats_sort(int64_t *v, size_t n)
{
	for (size_t i = n / 2; i-- > 0;)
		sift_down(v, i, n);
	for (size_t end = n; end-- > 1;) {
		int64_t top = v[0];

		v[0] = v[end];
		v[end] = top;
		sift_down(v, 0, end);
	}
}

int64_t stats_percentile(const int64_t *sorted, size_t n, unsigned permille)
{
	if (permille > 1000)
		permille = 1000;
	/*
	 * ceil(permille * n / 1000) with n = 1000 * a + b is
	 * a * permille + ceil(b * permille / 1000): a * permille <= n and
	 * b * permille < 10^6, so nothing overflows for any n.
	 */
	size_t rank = n / 1000 * permille + (n % 1000 * permille + 999) / 1000;

	if (rank == 0)
		rank = 1;
	return sorted[rank - 1];
}

static void sum_add(struct sum_by_n *s, int64_t v)
{
	int64_t carry = 0;

	/* Carry first, so that q is only ever updated to its final value. */
	s->r += v % s->n;
	if (s->r >= s->n) {
		s->r -= s->n;
		carry = 1;
	} else if (s->r <= -s->n) {
		s->r += s->n;
		carry = -1;
	}
	s->q += v / s->n + carry;
}

/*
 * trunc(q + r / n). q and r may disagree in sign (q = 3, r = -n/2 is 2.5),
 * in which case the quotient moves one step toward zero. Afterwards r is the
 * remainder of the truncated mean: sum = mean * n + r.
 */
static int64_t sum_trunc(struct sum_by_n *s)
{
	if (s->q > 0 && s->r < 0) {
		s->q--;
		s->r += s->n;
	} else if (s->q < 0 && s->r > 0) {
		s->q++;
		s->r -= s->n;
	}
	return s->q;
}

static void usum_add(struct usum_by_n *s, uint64_t x)
{
	s->r += x % s->n;
	if (s->r >= s->n) {
		s->r -= s->n;
		s->q++;
	}
	s->q += x / s->n;
}

/*
 * |v - mean|, computed in unsigned arithmetic because it can reach 2^64 - 1,
 * then clamped to 2^32 - 1 so that its square fits in 64 bits.
 */
static uint64_t deviation(int64_t v, int64_t mean, bool *saturated)
{
	uint64_t d = v >= mean ? (uint64_t)v - (uint64_t)mean
			       : (uint64_t)mean - (uint64_t)v;

	if (d > UINT32_MAX) {
		*saturated = true;
		return UINT32_MAX;
	}
	return d;
}

/*
 * floor of the population variance. The squares are taken around the
 * truncated mean m' = m - f with f = rem / n, and sum((v - m')^2) exceeds
 * sum((v - m)^2) by n * f^2. So variance = q + r / n - rem^2 / n^2
 * = q + (r * n - rem^2) / n^2, where the fraction lies in (-1, 1): the floor
 * is q, or q - 1 when the fraction is negative. Both products are below
 * n^2 < 2^64. q >= 1 whenever the fraction is negative, since the exact
 * variance is not negative.
 */
static uint64_t variance_floor(const int64_t *v, size_t n, int64_t mean,
			       int64_t rem, bool *saturated)
{
	struct usum_by_n s = { .n = n };
	uint64_t abs_rem = rem < 0 ? (uint64_t)-rem : (uint64_t)rem;

	for (size_t i = 0; i < n; i++) {
		uint64_t d = deviation(v[i], mean, saturated);

		usum_add(&s, d * d);
	}
	return s.r * s.n >= abs_rem * abs_rem ? s.q : s.q - 1;
}

void stats_compute(int64_t *v, size_t n, struct stats *out)
{
	struct sum_by_n sum = { .n = (int64_t)n };

	*out = (struct stats){ 0 };
	if (n == 0)
		return;
	stats_sort(v, n);
	out->n = n;
	out->min = v[0];
	out->max = v[n - 1];
	out->p1 = stats_percentile(v, n, P1_PERMILLE);
	out->p50 = stats_percentile(v, n, P50_PERMILLE);
	out->p90 = stats_percentile(v, n, P90_PERMILLE);
	out->p99 = stats_percentile(v, n, P99_PERMILLE);
	out->p999 = stats_percentile(v, n, P999_PERMILLE);
	for (size_t i = 0; i < n; i++)
		sum_add(&sum, v[i]);
	out->mean = sum_trunc(&sum);
	out->stdev = stats_isqrt(variance_floor(v, n, out->mean, sum.r,
						&out->stdev_saturated));
}

/*
 * Digit-by-digit square root, two bits of x per step: exact for every input
 * and free of multiplications, so nothing can overflow or round.
 */
uint64_t stats_isqrt(uint64_t x)
{
	uint64_t root = 0;
	uint64_t bit = (uint64_t)1 << 62;

	while (bit > x)
		bit >>= 2;
	while (bit != 0) {
		if (x >= root + bit) {
			x -= root + bit;
			root = (root >> 1) + bit;
		} else {
			root >>= 1;
		}
		bit >>= 2;
	}
	return root;
}

void histogram_add(struct histogram *h, int64_t v)
{
	uint64_t bucket;

	if (v < h->lo) {
		h->underflow++;
		return;
	}
	/* Divide the offset instead of computing lo + nbuckets * width, which could overflow. */
	bucket = ((uint64_t)v - (uint64_t)h->lo) / h->width;
	if (bucket >= h->nbuckets)
		h->overflow++;
	else
		h->buckets[bucket]++;
}
