/* Log-linear histograms (hist.h, docs/statistics.md). */
#include "hist.h"

#define HIST_LIMIT (1ull << HIST_MAX_BITS)

/* Index of the highest set bit of m > 0. */
static unsigned top_bit(uint64_t m)
{
	return 63u - (unsigned)__builtin_clzll(m);
}

/* Above the exact range, m in [2^k, 2^(k+1)) falls in one of HIST_SUB
 * buckets of width 2^(k - HIST_SUB_BITS): the bits below m's top bit
 * that follow it pick the bucket. */
unsigned hist_bucket(uint64_t m)
{
	if (m < HIST_EXACT)
		return (unsigned)m;
	unsigned k = top_bit(m);
	unsigned sub = (unsigned)(m >> (k - HIST_SUB_BITS)) - HIST_SUB;
	return HIST_EXACT + (k - 6) * HIST_SUB + sub;
}

uint64_t hist_bucket_lo(unsigned b)
{
	if (b < HIST_EXACT)
		return b;
	unsigned i = b - HIST_EXACT, k = 6 + i / HIST_SUB;
	return (uint64_t)(HIST_SUB + i % HIST_SUB) << (k - HIST_SUB_BITS);
}

uint64_t hist_bucket_hi(unsigned b)
{
	if (b < HIST_EXACT)
		return b + 1ull;
	unsigned k = 6 + (b - HIST_EXACT) / HIST_SUB;
	return hist_bucket_lo(b) + (1ull << (k - HIST_SUB_BITS));
}

void hist_clear(struct hist *h)
{
	*h = (struct hist){ 0 };
}

static uint64_t magnitude(int64_t v)
{
	return v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
}

/* The counter v belongs in. */
static uint32_t *counter(struct hist *h, int64_t v, bool *beyond)
{
	uint64_t m = magnitude(v);

	*beyond = m >= HIST_LIMIT;
	if (*beyond)
		return 0;
	return v < 0 ? &h->neg[hist_bucket(m)] : &h->pos[hist_bucket(m)];
}

void hist_add(struct hist *h, int64_t v)
{
	bool beyond;
	uint32_t *c = counter(h, v, &beyond);

	h->n++;
	if (!beyond)
		(*c)++;
	else if (v < 0)
		h->underflow++;
	else
		h->overflow++;
}

/* The row of values counter(v) counts: [lo, hi). */
static struct hist_row row_of(int64_t v)
{
	uint64_t m = magnitude(v);

	if (m >= HIST_LIMIT)
		return v < 0 ? (struct hist_row){ INT64_MIN, 1 - (int64_t)HIST_LIMIT, 0 } :
			       (struct hist_row){ (int64_t)HIST_LIMIT, INT64_MAX, 0 };
	unsigned b = hist_bucket(m);
	int64_t lo = (int64_t)hist_bucket_lo(b), hi = (int64_t)hist_bucket_hi(b);
	return v < 0 ? (struct hist_row){ 1 - hi, 1 - lo, 0 } : (struct hist_row){ lo, hi, 0 };
}

void hist_from_sorted(struct hist *h, const int64_t *sorted, size_t n)
{
	struct hist_row cur = { 0, 0, 0 };
	uint32_t *c = 0;
	bool beyond = false;

	hist_clear(h);
	for (size_t i = 0; i < n; i++) {
		int64_t v = sorted[i];
		/* A run of samples in one bucket costs a compare each. */
		if (i == 0 || v >= cur.hi) {
			cur = row_of(v);
			c = counter(h, v, &beyond);
		}
		h->n++;
		if (!beyond)
			(*c)++;
		else if (v < 0)
			h->underflow++;
		else
			h->overflow++;
	}
}

void hist_merge(struct hist *into, const struct hist *from)
{
	into->n += from->n;
	into->underflow += from->underflow;
	into->overflow += from->overflow;
	for (unsigned b = 0; b < HIST_BUCKETS; b++) {
		into->pos[b] += from->pos[b];
		into->neg[b] += from->neg[b];
	}
}

/* Stages of the walk, in ascending order of value. */
enum { STAGE_UNDER, STAGE_NEG, STAGE_POS, STAGE_OVER, STAGE_DONE };

bool hist_next(const struct hist *h, struct hist_cursor *cur, struct hist_row *row)
{
	for (;;) {
		switch (cur->stage) {
		case STAGE_UNDER:
			cur->stage = STAGE_NEG;
			cur->b = HIST_BUCKETS;
			if (h->underflow) {
				*row = row_of(INT64_MIN);
				row->count = h->underflow;
				return true;
			}
			break;
		case STAGE_NEG:
			/* Larger magnitudes are further below zero: walk down. */
			while (cur->b > 0) {
				unsigned b = --cur->b;
				if (h->neg[b]) {
					*row = row_of(-(int64_t)hist_bucket_lo(b));
					row->count = h->neg[b];
					return true;
				}
			}
			cur->stage = STAGE_POS;
			break;
		case STAGE_POS:
			while (cur->b < HIST_BUCKETS) {
				unsigned b = cur->b++;
				if (h->pos[b]) {
					*row = row_of((int64_t)hist_bucket_lo(b));
					row->count = h->pos[b];
					return true;
				}
			}
			cur->stage = STAGE_OVER;
			break;
		case STAGE_OVER:
			cur->stage = STAGE_DONE;
			if (h->overflow) {
				*row = row_of(INT64_MAX);
				row->count = h->overflow;
				return true;
			}
			break;
		default:
			return false;
		}
	}
}

unsigned hist_rows(const struct hist *h)
{
	unsigned n = (h->underflow != 0) + (h->overflow != 0);

	for (unsigned b = 0; b < HIST_BUCKETS; b++)
		n += (h->pos[b] != 0) + (h->neg[b] != 0);
	return n;
}

struct hist_row hist_percentile(const struct hist *h, unsigned permille)
{
	uint64_t rank = (permille > 1000 ? 1000 : permille) * h->n;
	struct hist_cursor cur = { 0, 0 };
	struct hist_row row = { 0, 0, 0 };
	uint64_t seen = 0;

	rank = rank / 1000 + (rank % 1000 != 0);
	if (rank == 0)
		rank = 1;
	while (hist_next(h, &cur, &row)) {
		seen += row.count;
		if (seen >= rank)
			break;
	}
	return row;
}
