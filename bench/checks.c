/* Cross-row checks (checks.h): the comparisons, and the rows they read. */
#include "checks.h"

#include "fmt.h"
#include "kstring.h"

const char *checks_verdict_name(enum check_verdict v)
{
	return v == CHECK_OK ? "ok" : v == CHECK_FAILED ? "failed" : "skipped";
}

static void row_init(struct check_row *r, const char *check)
{
	*r = (struct check_row){ .check = check, .verdict = CHECK_SKIPPED };
}

void checks_at_most(struct check_row *r, const struct check_fig *a, const struct check_fig *b,
		    uint64_t slack, const char *slack_what)
{
	if (slack_what)
		ksnprintf(r->bound, sizeof(r->bound), "%s %s <= %s %s + %lu cycles (%s)", a->name,
			  a->stat, b->name, b->stat, slack, slack_what);
	else
		ksnprintf(r->bound, sizeof(r->bound), "%s %s <= %s %s", a->name, a->stat, b->name,
			  b->stat);
	r->verdict = CHECK_SKIPPED;
	if (!a->present || !b->present) {
		const struct check_fig *m = a->present ? b : a;
		ksnprintf(r->reason, sizeof(r->reason), "no %s figure: %s", m->name, m->missing);
		if (a->present || b->present) {
			const struct check_fig *p = a->present ? a : b;
			ksnprintf(r->figures, sizeof(r->figures), "%s %s %ld cycles", p->name, p->stat,
				  p->value);
		}
		return;
	}
	ksnprintf(r->figures, sizeof(r->figures), "%s %s %ld cycles, %s %s %ld cycles", a->name,
		  a->stat, a->value, b->name, b->stat, b->value);
	if (a->value <= b->value + (int64_t)slack) {
		r->verdict = CHECK_OK;
		r->reason[0] = 0;
		return;
	}
	r->verdict = CHECK_FAILED;
	int n = ksnprintf(r->reason, sizeof(r->reason), "%s %s exceeds %s %s by %ld cycles", a->name,
			  a->stat, b->name, b->stat, a->value - b->value);
	if (n > 0 && (size_t)n < sizeof(r->reason))
		ksnprintf(r->reason + n, sizeof(r->reason) - (size_t)n, slack_what ? ", beyond %s" :
			  ": it is part of it", slack_what);
}

/* |hz - ref| <= ref * ppm / 1e6, in integers. */
static bool within_ppm(uint64_t hz, uint64_t ref, uint32_t ppm)
{
	uint64_t d = hz > ref ? hz - ref : ref - hz;

	return d <= ref / 1000000 * ppm + ref % 1000000 * ppm / 1000000;
}

void checks_hz_agree(struct check_row *r, const char *name, uint64_t hz, const char *absent,
		     const char *ref_name, uint64_t ref_hz, uint32_t ppm, uint32_t resolution_ppm)
{
	uint64_t d = hz > ref_hz ? hz - ref_hz : ref_hz - hz;
	int n = ksnprintf(r->bound, sizeof(r->bound), "within %u.%u %% of %s", ppm / 10000,
			  ppm % 10000 / 1000, ref_name);

	if (resolution_ppm && n > 0 && (size_t)n < sizeof(r->bound))
		ksnprintf(r->bound + n, sizeof(r->bound) - (size_t)n, ", and %u ppm (the "
			  "measurements' resolution)", resolution_ppm);
	r->reason[0] = 0;
	if (!hz || !ref_hz) {
		r->verdict = CHECK_SKIPPED;
		ksnprintf(r->reason, sizeof(r->reason), "%s", !hz ? absent : "no reference frequency");
		if (ref_hz)
			ksnprintf(r->figures, sizeof(r->figures), "%s %lu Hz", ref_name, ref_hz);
		return;
	}
	ksnprintf(r->figures, sizeof(r->figures), "%s %lu Hz, %s %lu Hz (%lu ppm apart)", name, hz,
		  ref_name, ref_hz, d / (ref_hz / 1000000 ? ref_hz / 1000000 : 1));
	r->verdict = within_ppm(hz, ref_hz, ppm + resolution_ppm) ? CHECK_OK : CHECK_FAILED;
	if (r->verdict == CHECK_FAILED)
		ksnprintf(r->reason, sizeof(r->reason), "%s and %s disagree by %lu Hz", name, ref_name,
			  d);
}

void checks_overhead(struct check_row *r, unsigned cpu, int64_t median, int64_t cpu0_median,
		     unsigned factor)
{
	ksnprintf(r->subject, sizeof(r->subject), "cpu %u", cpu);
	if (cpu == 0) {
		ksnprintf(r->figures, sizeof(r->figures), "median %ld cycles", median);
		ksnprintf(r->bound, sizeof(r->bound), "above 0 cycles");
	} else {
		ksnprintf(r->figures, sizeof(r->figures), "median %ld cycles, cpu 0's %ld cycles",
			  median, cpu0_median);
		ksnprintf(r->bound, sizeof(r->bound), "above 0 cycles, within %ux cpu 0's either way",
			  factor);
	}
	r->reason[0] = 0;
	r->verdict = CHECK_OK;
	if (median <= 0) {
		r->verdict = CHECK_FAILED;
		ksnprintf(r->reason, sizeof(r->reason), "an empty measurement took %ld cycles: the "
			  "TSC did not advance across it", median);
	} else if (cpu != 0 && cpu0_median > 0 &&
		   (median > cpu0_median * (int64_t)factor || cpu0_median > median * (int64_t)factor)) {
		r->verdict = CHECK_FAILED;
		ksnprintf(r->reason, sizeof(r->reason), "more than %ux apart from cpu 0's: every "
			  "figure on this CPU carries another overhead", factor);
	}
}

/* ---- the rows the checks read ---- */

static const struct {
	const char *bench, *variant;
} kinds[CHECK_KINDS] = {
	[KIND_ICR] = { "ipi", "icr" },
	[KIND_RT_SPIN] = { "ipi", "roundtrip_spin" },
	[KIND_RT_HALT] = { "ipi", "roundtrip_halt" },
	[KIND_OW_SPIN] = { "ipi", "oneway_spin" },
	[KIND_OW_HALT] = { "ipi", "oneway_halt" },
	[KIND_BCAST_LAST] = { "ipi", "broadcast_last" },
	[KIND_BCAST_EACH] = { "ipi", "broadcast_each" },
	[KIND_RETARGET_RT_UART] = { "ioapic", "retarget_roundtrip_uart" },
	[KIND_RETARGET_RT_PIT] = { "ioapic", "retarget_roundtrip_pit" },
	[KIND_RETARGET_RT_HPET] = { "ioapic", "retarget_roundtrip_hpet" },
	[KIND_RETARGET_DL_UART] = { "ioapic", "retarget_deliver_uart" },
	[KIND_RETARGET_DL_PIT] = { "ioapic", "retarget_deliver_pit" },
	[KIND_RETARGET_DL_HPET] = { "ioapic", "retarget_deliver_hpet" },
};

static int kind_of(const char *bench, const char *variant)
{
	for (int k = 0; k < CHECK_KINDS; k++)
		if (strcmp(kinds[k].bench, bench) == 0 && strcmp(kinds[k].variant, variant) == 0)
			return k;
	return -1;
}

/* find()'s dst for a record of any destination (a folded broadcast_each). */
#define ANY_DST (-2)

/* The latest record of kind from src to dst. */
static struct check_record *find(const struct check_store *s, int kind, int src, int dst)
{
	for (size_t i = s->n; i-- > 0;)
		if (s->r[i].kind == kind && s->r[i].src == src && (dst == ANY_DST || s->r[i].dst == dst))
			return &s->r[i];
	return 0;
}

/* broadcast_each: one record per source, its receiver highest above its
 * bound; a receiver's row without figures makes the record so. */
static bool fold_each(struct check_store *s, const struct check_record *n)
{
	struct check_record *r = find(s, KIND_BCAST_EACH, n->src, ANY_DST);

	if (!r)
		return false;
	r->folded++;
	if (!r->figures)
		return true;
	if (!n->figures || n->p50 - (int64_t)n->bound > r->p50 - (int64_t)r->bound) {
		uint32_t folded = r->folded;
		*r = *n;
		r->folded = folded;
	}
	return true;
}

void checks_note(struct check_store *s, const char *bench, const char *variant, int src, int dst,
		 const char *status, int64_t p50, int64_t p99, uint64_t bound, const char *reason)
{
	int k = kind_of(bench, variant);
	bool figures = strcmp(status, "ok") == 0 || strcmp(status, "insufficient") == 0;

	if (k < 0)
		return;
	if (src < 0) {
		if (!s->skip[k][0])
			ksnprintf(s->skip[k], sizeof(s->skip[k]), "%s %s: %s", variant, status,
				  reason ? reason : "");
		return;
	}
	struct check_record n = { (uint8_t)k, figures, (int16_t)src, (int16_t)dst, figures ? p50 : 0,
				  figures ? p99 : 0, bound, 1 };
	if (k == KIND_BCAST_EACH && fold_each(s, &n))
		return;
	if (s->n == s->cap) {
		s->dropped++;
		return;
	}
	s->r[s->n++] = n;
}

/* ---- the checks over the rows ---- */

struct emit {
	void (*sink)(const struct check_row *r, void *ctx);
	void *ctx;
	unsigned rows;
};

static void emit_row(struct emit *e, const struct check_row *r)
{
	e->sink(r, e->ctx);
	e->rows++;
}

/* The figure of a record, or why there is none. */
static void fig_of(const struct check_store *s, int kind, const struct check_record *r,
		   bool p99, char *why, size_t len, struct check_fig *f)
{
	*f = (struct check_fig){ .name = kinds[kind].variant, .stat = p99 ? "p99" : "p50",
				 .missing = why };
	if (r && r->figures) {
		f->present = true;
		f->value = p99 ? r->p99 : r->p50;
	} else if (r) {
		ksnprintf(why, len, "its row is failed or skipped (summary.csv)");
	} else if (s->skip[kind][0]) {
		ksnprintf(why, len, "%s", s->skip[kind]);
	} else {
		ksnprintf(why, len, "no %s row", kinds[kind].variant);
	}
}

/* One check over every record of the anchor kind b_kind: a (the figure
 * that must be lower) from a_kind of the same CPUs; a's p50 against b's
 * p50, or with b_p99 b's p99; offsets: a is a one-way time, allowed its
 * TSC offsets' bound. suffix ends the subject. */
struct pair_check {
	const char *check, *suffix;
	uint8_t a_kind, b_kind;
	bool offsets, b_p99;
	bool apart;		/* a and b are separate series */
};

static const struct pair_check pair_checks[] = {
	{ "oneway_le_roundtrip", " spin", KIND_OW_SPIN, KIND_RT_SPIN, true, false, false },
	{ "oneway_le_roundtrip", " halt", KIND_OW_HALT, KIND_RT_HALT, true, false, false },
	{ "broadcast_each_le_last", "", KIND_BCAST_EACH, KIND_BCAST_LAST, true, false, false },
	{ "icr_le_roundtrip", "", KIND_ICR, KIND_RT_HALT, false, true, true },
	{ "deliver_le_roundtrip", " uart", KIND_RETARGET_DL_UART, KIND_RETARGET_RT_UART,
	  true, false, false },
	{ "deliver_le_roundtrip", " pit", KIND_RETARGET_DL_PIT, KIND_RETARGET_RT_PIT, true, false, false },
	{ "deliver_le_roundtrip", " hpet", KIND_RETARGET_DL_HPET, KIND_RETARGET_RT_HPET,
	  true, false, false },
};

static void check_each(const struct check_store *s, struct emit *e, const struct pair_check *c)
{
	const char *check = c->check, *suffix = c->suffix;
	int a_kind = c->a_kind, b_kind = c->b_kind;
	bool offsets = c->offsets, b_p99 = c->b_p99;
	char wa[CHECK_SKIP_MAX + 40], wb[CHECK_SKIP_MAX + 40];
	unsigned before = e->rows;
	struct check_fig a, b;
	struct check_row r;

	for (size_t i = 0; i < s->n; i++) {
		const struct check_record *rb = &s->r[i];
		if (rb->kind != b_kind)
			continue;
		const struct check_record *ra = find(s, a_kind, rb->src,
						   b_kind == KIND_BCAST_LAST ? ANY_DST : rb->dst);
		row_init(&r, check);
		if (b_kind == KIND_BCAST_LAST)
			ksnprintf(r.subject, sizeof(r.subject), "source %d", rb->src);
		else
			ksnprintf(r.subject, sizeof(r.subject), "pair %d->%d%s", rb->src, rb->dst, suffix);
		fig_of(s, a_kind, ra, false, wa, sizeof(wa), &a);
		fig_of(s, b_kind, rb, b_p99, wb, sizeof(wb), &b);
		checks_at_most(&r, &a, &b, offsets && ra ? ra->bound : 0,
			       offsets ? "the TSC offsets' bound" : 0);
		if (c->apart && s->apart_unordered && r.verdict != CHECK_SKIPPED) {
			r.verdict = CHECK_SKIPPED;
			ksnprintf(r.reason, sizeof(r.reason), "%s", s->apart_unordered);
		}
		if (ra && a_kind == KIND_BCAST_EACH && a.present && r.verdict != CHECK_SKIPPED) {
			size_t used = strlen(r.figures);
			ksnprintf(r.figures + used, sizeof(r.figures) - used, "; the highest of %u "
				  "receivers: cpu %d", ra->folded, ra->dst);
		}
		emit_row(e, &r);
	}
	if (e->rows != before)
		return;
	row_init(&r, check);
	ksnprintf(r.subject, sizeof(r.subject), "all%s", suffix);
	fig_of(s, b_kind, 0, b_p99, wb, sizeof(wb), &b);
	ksnprintf(r.reason, sizeof(r.reason), "nothing to check: %s", wb);
	emit_row(e, &r);
}

void checks_rows(const struct check_store *s, void (*sink)(const struct check_row *r, void *ctx),
		 void *ctx)
{
	struct emit e = { sink, ctx, 0 };

	for (size_t i = 0; i < sizeof(pair_checks) / sizeof(pair_checks[0]); i++)
		check_each(s, &e, &pair_checks[i]);
	if (s->dropped) {
		struct check_row r;
		row_init(&r, "rows_checked");
		ksnprintf(r.subject, sizeof(r.subject), "summary rows");
		ksnprintf(r.figures, sizeof(r.figures), "%lu rows kept, %lu not", (uint64_t)s->n,
			  s->dropped);
		ksnprintf(r.bound, sizeof(r.bound), "at most %lu rows kept", (uint64_t)s->cap);
		ksnprintf(r.reason, sizeof(r.reason), "%lu summary rows came after the checks' store "
			  "was full: their cross-row checks were not made", s->dropped);
		emit_row(&e, &r);
	}
}
