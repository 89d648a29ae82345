/*
 * The planner (plan.h, docs/plan.md): lists the run's series from the
 * benchmarks' variant tables and the CPUs, then fits what they emit to the
 * link budget. The summaries are never cut; histograms come before raw
 * samples, and both go to the series that come first in the plan.
 */
#include "plan.h"

const struct bench_variant *plan_variant(const struct plan_input *in, const struct plan_series *s)
{
	return &in->benches[s->bench].variants[s->variant];
}

static unsigned params_of(const struct plan_input *in, const struct bench_variant *v)
{
	return v->per_period ? in->c->n_timer_periods : 1;
}

static bool matrix_wanted(const struct plan_input *in, const struct bench_variant *v)
{
	if (v->shape == SHAPE_MATRIX)
		return in->c->pairs_mode == PAIRS_AUTO || in->c->pairs_mode == PAIRS_ALL;
	return v->shape == SHAPE_PAIR && in->c->pairs_mode == PAIRS_ALL;
}

/* Series one variant lists (one period), before the emit decision. */
static size_t variant_series(const struct plan_input *in, const struct bench_variant *v)
{
	size_t n = in->n_sel;

	switch (v->shape) {
	case SHAPE_CPU:
		return n;
	case SHAPE_PAIR:
	case SHAPE_MATRIX:
		if (n < 2)
			return 0;
		return matrix_wanted(in, v) ? n * (n - 1) : in->n_pairs;
	case SHAPE_SOURCE:
		if (n < 2)
			return 0;
		return in->c->pairs_mode == PAIRS_ALL ? n : in->n_sources;
	case SHAPE_ALL:
		return n > 1;
	case SHAPE_ONCE:
		return 1;
	}
	return 0;
}

static bool runs(const struct plan_input *in, unsigned b, const struct bench_variant *v)
{
	return (in->bench_mask >> b & 1) && !(v->unsupported && v->unsupported(in->c));
}

size_t plan_capacity(const struct plan_input *in)
{
	size_t n = 0;

	for (unsigned b = 0; b < in->n_benches; b++)
		for (unsigned i = 0; i < in->benches[b].n_variants; i++) {
			const struct bench_variant *v = &in->benches[b].variants[i];
			if (runs(in, b, v))
				n += variant_series(in, v) * params_of(in, v);
		}
	return n;
}

/* ---- listing ---- */

struct lister {
	const struct plan_input *in;
	struct plan *p;
	uint8_t bench, variant, param;
	enum plan_shape shape;
};

static void add(struct lister *l, int src, int dst, bool rep)
{
	const struct plan_input *in = l->in;
	struct plan *p = l->p;

	if (p->n == p->cap)
		return;
	p->s[p->n++] = (struct plan_series){
		.bench = l->bench, .variant = l->variant, .param = l->param,
		.cls = src >= 0 && dst >= 0 ? in->class_of(in->ctx, (unsigned)src, (unsigned)dst) :
					      PLAN_NO_CLASS,
		.emit = EMIT_SUMMARY, .rep = rep,
		.compact = !rep && l->shape == SHAPE_MATRIX && in->c->pairs_mode != PAIRS_ALL,
		.src = (int16_t)src, .dst = (int16_t)dst,
		.samples = in->c->samples,
	};
}

static bool is_listed_pair(const struct plan_input *in, unsigned a, unsigned b)
{
	for (unsigned i = 0; i < in->n_pairs; i++)
		if (in->pairs[i].src == a && in->pairs[i].dst == b)
			return true;
	return false;
}

/* The named pairs first (they are what a reader compares across classes
 * and machines), then, for a matrix, every other ordered pair. */
static void list_pairs(struct lister *l, bool matrix)
{
	const struct plan_input *in = l->in;

	if (in->n_sel < 2)
		return;
	for (unsigned i = 0; i < in->n_pairs; i++)
		add(l, in->pairs[i].src, in->pairs[i].dst, true);
	if (!matrix)
		return;
	for (unsigned a = 0; a < in->n_sel; a++)
		for (unsigned b = 0; b < in->n_sel; b++)
			if (a != b && !is_listed_pair(in, in->sel[a], in->sel[b]))
				add(l, (int)in->sel[a], (int)in->sel[b], false);
}

static void list_variant(struct lister *l, const struct bench_variant *v)
{
	const struct plan_input *in = l->in;

	switch (v->shape) {
	case SHAPE_CPU:
		for (unsigned i = 0; i < in->n_sel; i++)
			add(l, (int)in->sel[i], PLAN_NO_CPU, false);
		break;
	case SHAPE_PAIR:
	case SHAPE_MATRIX:
		list_pairs(l, matrix_wanted(in, v));
		break;
	case SHAPE_SOURCE:
		if (in->n_sel < 2)
			break;
		if (in->c->pairs_mode == PAIRS_ALL)
			for (unsigned i = 0; i < in->n_sel; i++)
				add(l, (int)in->sel[i], PLAN_NO_CPU, true);
		else
			for (unsigned i = 0; i < in->n_sources; i++)
				add(l, (int)in->sources[i], PLAN_NO_CPU, true);
		break;
	case SHAPE_ALL:
		if (in->n_sel > 1)
			add(l, PLAN_NO_CPU, PLAN_NO_CPU, true);
		break;
	case SHAPE_ONCE:
		add(l, PLAN_NO_CPU, PLAN_NO_CPU, true);
		break;
	}
}

static void list_all(const struct plan_input *in, struct plan *p)
{
	struct lister l = { in, p, 0, 0, 0, SHAPE_CPU };

	for (unsigned b = 0; b < in->n_benches; b++)
		for (unsigned i = 0; i < in->benches[b].n_variants; i++) {
			const struct bench_variant *v = &in->benches[b].variants[i];
			if (!(in->bench_mask >> b & 1))
				continue;
			if (!runs(in, b, v)) {
				p->skipped_variants++;
				continue;
			}
			l.bench = (uint8_t)b;
			l.variant = (uint8_t)i;
			l.shape = v->shape;
			for (unsigned k = 0; k < params_of(in, v); k++) {
				l.param = (uint8_t)k;
				list_variant(&l, v);
			}
		}
}

/* ---- estimates ---- */

unsigned plan_series_rows(const struct plan_input *in, const struct plan_series *s)
{
	const struct bench_variant *v = plan_variant(in, s);

	if (s->compact)
		return 0;
	if (v->oneway && !in->oneway_ok)
		return 1;
	return v->rows + (v->rows_per_receiver && in->n_sel ? in->n_sel - 1 : 0);
}

size_t plan_variant_series(const struct plan *p, unsigned b, unsigned v)
{
	size_t n = 0;

	for (size_t i = 0; i < p->n; i++)
		n += p->s[i].bench == b && p->s[i].variant == v;
	return n;
}

static uint64_t hist_bytes(const struct plan_series *s, unsigned rows)
{
	uint64_t buckets = s->samples < PLAN_HIST_ROWS ? s->samples : PLAN_HIST_ROWS;

	return rows * (PLAN_HIST_FRAME_BYTES + buckets * PLAN_HIST_ROW_BYTES);
}

static uint64_t raw_bytes(const struct plan_series *s, unsigned rows)
{
	return rows * (PLAN_RAW_FRAME_BYTES + (uint64_t)s->samples * PLAN_RAW_SAMPLE_BYTES);
}

bool plan_result_line_wanted(const struct cmdline *c, unsigned n_sel, unsigned first, int src,
			     int dst)
{
	if (c->results_mode != RESULTS_AUTO)
		return c->results_mode == RESULTS_ALL;
	if (src == PLAN_NO_CPU)
		return true;
	if (dst != PLAN_NO_CPU)
		return c->pairs_mode != PAIRS_ALL;
	return n_sel <= PLAN_RESULT_ALL_CPUS || src == (int)first;
}

uint64_t plan_series_bytes(const struct plan_input *in, const struct plan_series *s)
{
	unsigned rows = plan_series_rows(in, s);
	/* A compact series' matrix row stands in for its summary row; its
	 * histogram and raw samples are those of one measured row. Derived
	 * rows have a histogram of their own, and no raw samples. */
	unsigned measured = s->compact ? 1 : rows;
	unsigned raw_rows = plan_variant(in, s)->derived_rows ? 1 : measured;
	uint64_t bytes = s->compact ? PLAN_MATRIX_ROW_BYTES :
			 PLAN_SERIES_BYTES + (uint64_t)rows * PLAN_SUMMARY_ROW_BYTES;

	if (!s->compact && plan_result_line_wanted(in->c, in->n_sel, in->n_sel ? in->sel[0] : 0,
						   s->src, s->dst))
		bytes += (uint64_t)rows * PLAN_RESULT_LINE_BYTES;
	if (s->emit == EMIT_HIST)
		bytes += hist_bytes(s, measured);
	if (s->emit == EMIT_RAW)	/* derived rows still send their histogram */
		bytes += raw_bytes(s, raw_rows) + hist_bytes(s, measured - raw_rows);
	return bytes;
}

uint64_t plan_link_seconds(uint64_t bytes, uint64_t link_bps)
{
	if (!link_bps)
		return 0;
	return (bytes * PLAN_BITS_PER_BYTE + link_bps - 1) / link_bps;
}

/* ---- fitting the link budget ---- */

/* Raises each series at the level below `level` to it, in plan order,
 * while the bytes fit; the ones that do not fit stay where they are, and
 * are counted. */
static uint64_t raise_to(const struct plan_input *in, struct plan *p, unsigned level,
			 uint64_t bytes, uint64_t budget, uint64_t *cut)
{
	for (size_t i = 0; i < p->n; i++) {
		struct plan_series *s = &p->s[i];
		uint64_t before = plan_series_bytes(in, s);

		if (s->emit != level - 1) {
			(*cut)++;
			continue;
		}
		s->emit = (uint8_t)level;
		uint64_t after = plan_series_bytes(in, s);
		/* Raw samples can cost less than the histogram they replace. */
		if (after > before && budget && bytes + (after - before) > budget) {
			s->emit = (uint8_t)(level - 1);
			(*cut)++;
			continue;
		}
		bytes = bytes + after - before;
	}
	return bytes;
}

static void fit(const struct plan_input *in, struct plan *p)
{
	struct plan_totals *t = &p->t;
	uint64_t bytes = in->spent_bytes;

	t->budget_bytes = in->link_bps ? in->link_bps * in->c->serial_budget_s / PLAN_BITS_PER_BYTE : 0;
	for (size_t i = 0; i < p->n; i++)
		bytes += plan_series_bytes(in, &p->s[i]);
	t->summary_bytes = bytes - in->spent_bytes;
	t->over_budget = t->budget_bytes && bytes > t->budget_bytes;
	/* raw=all sends everything whatever the budget: the plan says how long. */
	uint64_t budget = in->c->raw_mode == RAW_ALL ? 0 : t->budget_bytes;
	if (t->over_budget && budget) {
		t->hist_cut = t->raw_cut = p->n;
		return;
	}
	bytes = raise_to(in, p, EMIT_HIST, bytes, budget, &t->hist_cut);
	if (in->c->raw_mode != RAW_NONE)
		raise_to(in, p, EMIT_RAW, bytes, budget, &t->raw_cut);
	else
		t->raw_cut = 0;
}

static void total(const struct plan_input *in, struct plan *p)
{
	struct plan_totals *t = &p->t;

	t->series = p->n;
	t->bytes = in->spent_bytes;
	for (size_t i = 0; i < p->n; i++) {
		const struct plan_series *s = &p->s[i];
		t->rows += plan_series_rows(in, s);
		t->samples += s->samples;
		t->bytes += plan_series_bytes(in, s);
		t->run_ns += (uint64_t)s->samples * plan_variant(in, s)->sample_ns;
		t->hist_series += s->emit == EMIT_HIST;
		t->raw_series += s->emit == EMIT_RAW;
	}
}

void plan_build(const struct plan_input *in, struct plan *p)
{
	p->n = 0;
	p->skipped_variants = 0;
	p->t = (struct plan_totals){ 0 };
	list_all(in, p);
	fit(in, p);
	total(in, p);
}

bool plan_same_run(const struct plan_series *a, const struct plan_series *b)
{
	return a->bench == b->bench && a->variant == b->variant && a->param == b->param &&
	       a->emit == b->emit && !a->rep && !b->rep;
}

const char *plan_emit_name(unsigned emit)
{
	static const char *const names[] = { "summary", "hist", "raw" };

	return emit < 3 ? names[emit] : "?";
}
