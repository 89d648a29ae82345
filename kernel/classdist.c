/* Per-class distributions of per-pair figures (classdist.h). */
#include "classdist.h"

#include <stdbool.h>

#include "stats.h"

/* The figures of class cls into scratch, sorted; how many. */
static size_t gather(const struct classdist_pair *pairs, size_t n, uint8_t cls, bool p99,
		     int64_t *scratch)
{
	size_t k = 0;

	for (size_t i = 0; i < n; i++)
		if (pairs[i].cls == cls)
			scratch[k++] = p99 ? pairs[i].p99 : pairs[i].p50;
	stats_sort(scratch, k);
	return k;
}

static bool worse(const struct classdist_pair *p, const struct classdist *d)
{
	if (p->p99 != d->worst_p99)
		return p->p99 > d->worst_p99;
	return p->src != d->worst_src ? p->src < d->worst_src : p->dst < d->worst_dst;
}

static void worst_pair(const struct classdist_pair *pairs, size_t n, struct classdist *d)
{
	bool first = true;

	for (size_t i = 0; i < n; i++) {
		if (pairs[i].cls != d->cls || !(first || worse(&pairs[i], d)))
			continue;
		d->worst_src = pairs[i].src;
		d->worst_dst = pairs[i].dst;
		d->worst_p99 = pairs[i].p99;
		first = false;
	}
}

static void one_class(const struct classdist_pair *pairs, size_t n, int64_t *scratch,
		      struct classdist *d)
{
	size_t k = gather(pairs, n, d->cls, false, scratch);

	d->pairs = (uint32_t)k;
	d->p50_min = scratch[0];
	d->p50_median = stats_percentile(scratch, k, 500);
	d->p50_max = scratch[k - 1];
	gather(pairs, n, d->cls, true, scratch);
	d->p99_min = scratch[0];
	d->p99_median = stats_percentile(scratch, k, 500);
	d->p99_max = scratch[k - 1];
	worst_pair(pairs, n, d);
}

unsigned classdist_compute(const struct classdist_pair *pairs, size_t n, int64_t *scratch,
			   struct classdist out[CLASSDIST_MAX])
{
	bool present[CLASSDIST_MAX] = { false };
	unsigned m = 0;

	for (size_t i = 0; i < n; i++)
		if (pairs[i].cls < CLASSDIST_MAX)
			present[pairs[i].cls] = true;
	for (unsigned c = 0; c < CLASSDIST_MAX; c++) {
		if (!present[c])
			continue;
		out[m] = (struct classdist){ .cls = (uint8_t)c };
		one_class(pairs, n, scratch, &out[m++]);
	}
	return m;
}
