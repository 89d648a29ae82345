/*
 * The planner (bench/plan.c) on synthetic machines: 1 package x 8 cores x
 * 2 threads (16 CPUs), 2x64x2 (256) and 2x96x2 (384), with a suite shaped
 * like irqbench's own (the variant counts and shapes of ipi, timer, gates
 * and ioapic). What a run on each would send, how long that takes at
 * 115200 baud and how long the measuring takes at 2 us per round trip are
 * printed; the checks are that the plan covers what it must (every
 * ordered pair once in the matrix, representatives named, nothing
 * listed twice) and fits what it must (15 minutes of a 115200-baud line
 * at 256 and 384 CPUs, the budget whenever the summaries fit it).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "cmdline.h"
#include "plan.h"

static void no_run(const struct cmdline *c, const struct plan_series *s)
{
	(void)c;
	(void)s;
}

static const char *never(const struct cmdline *c)
{
	(void)c;
	return "not on this machine";
}

/* irqbench's suite, by shape: what the planner sees of it. */
static const struct bench_variant ipi[] = {
	{ .name = "self_shorthand", .shape = SHAPE_CPU,
	  .run = no_run, .sample_ns = 1000, .rows = 1 },
	{ .name = "self_register", .shape = SHAPE_CPU, .unsupported = never,
	  .run = no_run, .sample_ns = 1000, .rows = 1 },
	{ .name = "icr", .shape = SHAPE_PAIR, .run = no_run, .sample_ns = 1000, .rows = 1 },
	{ .name = "roundtrip_spin", .shape = SHAPE_PAIR,
	  .run = no_run, .sample_ns = 2000, .rows = 2, .oneway = true },
	{ .name = "roundtrip_halt", .shape = SHAPE_MATRIX,
	  .run = no_run, .sample_ns = 2000, .rows = 2, .oneway = true },
	{ .name = "nmi", .shape = SHAPE_PAIR, .run = no_run, .sample_ns = 2000, .rows = 1 },
	{ .name = "broadcast_last", .shape = SHAPE_SOURCE,
	  .run = no_run, .sample_ns = 5000, .rows = 1, .oneway = true, .rows_per_receiver = true },
};
static const struct bench_variant timer[] = {
	{ .name = "oneshot", .shape = SHAPE_CPU,
	  .run = no_run, .sample_ns = 101000, .rows = 1, .per_period = true },
	{ .name = "oneshot_halt", .shape = SHAPE_CPU,
	  .run = no_run, .sample_ns = 101000, .rows = 1, .per_period = true },
	{ .name = "periodic", .shape = SHAPE_CPU,
	  .run = no_run, .sample_ns = 100000, .rows = 2, .per_period = true },
	{ .name = "deadline", .shape = SHAPE_CPU,
	  .run = no_run, .sample_ns = 101000, .rows = 1, .per_period = true },
	{ .name = "deadline_halt", .shape = SHAPE_CPU,
	  .run = no_run, .sample_ns = 101000, .rows = 1, .per_period = true },
	{ .name = "deadline_immediate", .shape = SHAPE_CPU,
	  .run = no_run, .sample_ns = 2000, .rows = 1 },
	{ .name = "oneshot_concurrent", .shape = SHAPE_ALL,
	  .run = no_run, .sample_ns = 101000, .rows = 1, .rows_per_receiver = true, .per_period = true },
};
/* gates: 16 variants a CPU, most with a net row; ioapic: costs and
 * deliveries on the BSP, retargeting over pairs. */
#define GATES_LIKE { .name = "gate", .shape = SHAPE_CPU, .run = no_run, .sample_ns = 300, \
	.rows = 2, .derived_rows = true }
static const struct bench_variant gates[] = {
	GATES_LIKE, GATES_LIKE, GATES_LIKE, GATES_LIKE, GATES_LIKE, GATES_LIKE, GATES_LIKE,
	GATES_LIKE, GATES_LIKE, GATES_LIKE, GATES_LIKE, GATES_LIKE, GATES_LIKE, GATES_LIKE,
	GATES_LIKE, GATES_LIKE,
};
#define IOAPIC_LIKE { .name = "cost", .shape = SHAPE_ONCE, .run = no_run, .sample_ns = 2000, .rows = 1 }
static const struct bench_variant ioapic[] = {
	IOAPIC_LIKE, IOAPIC_LIKE, IOAPIC_LIKE, IOAPIC_LIKE, IOAPIC_LIKE, IOAPIC_LIKE,
	IOAPIC_LIKE, IOAPIC_LIKE, IOAPIC_LIKE, IOAPIC_LIKE, IOAPIC_LIKE, IOAPIC_LIKE,
	{ .name = "retarget_deliver", .shape = SHAPE_PAIR,
	  .run = no_run, .sample_ns = 20000, .rows = 1, .oneway = true },
};
#define LEN(a) (sizeof(a) / sizeof((a)[0]))
static const struct plan_bench suite[] = {
	{ "ipi", ipi, LEN(ipi) }, { "timer", timer, LEN(timer) },
	{ "gates", gates, LEN(gates) }, { "ioapic", ioapic, LEN(ioapic) },
};
static const char *const bench_list[] = { "ipi", "timer", "gates", "ioapic" };

/* A machine of packages x cores x threads, CPUs numbered thread-fastest. */
struct machine {
	unsigned packages, cores, threads;
};

enum { SMT, PACKAGE, REMOTE };

static uint8_t class_of(const void *ctx, unsigned a, unsigned b)
{
	const struct machine *m = ctx;
	unsigned per_package = m->cores * m->threads;

	if (a / per_package != b / per_package)
		return REMOTE;
	return a / m->threads == b / m->threads ? SMT : PACKAGE;
}

static struct cmdline cmd;
static unsigned sel[512];
static struct plan_pair reps[8];
static unsigned sources[4];

/* Two pairs a class, as bench/pairs.c picks them: from CPU 0 and from the
 * middle CPU; sources CPU 0 and the first CPU of the other package. */
static void input(struct plan_input *in, const struct machine *m, const char *line)
{
	unsigned n = m->packages * m->cores * m->threads, np = 0;
	char err[256];

	CHECK(cmdline_parse(line, bench_list, 4, &cmd, err, sizeof(err)) == 0);
	for (unsigned i = 0; i < n; i++)
		sel[i] = i;
	for (unsigned cls = SMT; cls <= REMOTE; cls++)
		for (unsigned from = 0; from <= n / 2; from += n / 2)
			for (unsigned b = 0; b < n; b++)
				if (b != from && class_of(m, from, b) == cls) {
					reps[np++] = (struct plan_pair){ (uint16_t)from, (uint16_t)b };
					break;
				}
	sources[0] = 0;
	sources[1] = n / m->packages;
	*in = (struct plan_input){ .c = &cmd, .benches = suite, .n_benches = 4, .bench_mask = 15,
				   .sel = sel, .n_sel = n, .pairs = reps, .n_pairs = np,
				   .sources = sources, .n_sources = m->packages > 1 ? 2 : 1,
				   .class_of = class_of, .ctx = m, .oneway_ok = true,
				   .link_bps = 115200, .spent_bytes = 32768 };
}

static void build(const struct plan_input *in, struct plan *p)
{
	p->cap = plan_capacity(in);
	p->s = calloc(p->cap ? p->cap : 1, sizeof(*p->s));
	plan_build(in, p);
}

static size_t count_variant(const struct plan *p, unsigned b, unsigned v)
{
	return plan_variant_series(p, b, v);
}

/* Every ordered pair once in roundtrip_halt; the representatives first,
 * full; every other one compact. */
static void check_matrix(const struct plan_input *in, const struct plan *p)
{
	unsigned n = in->n_sel;
	unsigned char *seen = calloc((size_t)n * n, 1);
	size_t k = 0;

	for (size_t i = 0; i < p->n; i++) {
		const struct plan_series *s = &p->s[i];
		if (s->bench != 0 || s->variant != 4)
			continue;
		CHECK(s->src >= 0 && s->dst >= 0 && s->src != s->dst);
		CHECK(!seen[s->src * n + s->dst]);
		seen[s->src * n + s->dst] = 1;
		CHECK(s->cls == class_of(in->ctx, (unsigned)s->src, (unsigned)s->dst));
		CHECK(s->compact == (k >= in->n_pairs));
		CHECK(s->rep == (k < in->n_pairs));
		k++;
	}
	CHECK(k == (size_t)n * (n - 1));
	free(seen);
}

/* Summaries never cut; every series sends its summary only, its histogram
 * or its raw samples; the budget holds unless the summaries alone exceed
 * it. */
static void check_fit(const struct plan_input *in, const struct plan *p)
{
	const struct plan_totals *t = &p->t;

	CHECK(t->hist_series + t->raw_series + t->hist_cut == t->series);
	if (!t->over_budget && t->budget_bytes && in->c->raw_mode != RAW_ALL)
		CHECK(t->bytes <= t->budget_bytes);
	if (t->over_budget)
		CHECK(t->hist_series == 0 && t->raw_series == 0);
	for (size_t i = 0; i < p->n; i++)
		CHECK(p->s[i].emit <= EMIT_RAW);
}

static void report(const char *name, const struct plan_input *in, const struct plan *p)
{
	const struct plan_totals *t = &p->t;
	size_t rt = count_variant(p, 0, 3) + count_variant(p, 0, 4) + count_variant(p, 0, 5);

	printf("  %s: %zu series, %lu summary rows, %.2f MB planned, %.1f min at 115200 baud; "
	       "histograms %lu, raw %lu; %zu round-trip series at 2 us: %.1f min of measuring "
	       "(samples=%u)\n", name, (size_t)t->series, (unsigned long)t->rows, t->bytes / 1e6,
	       plan_link_seconds(t->bytes, 115200) / 60.0, (unsigned long)t->hist_series,
	       (unsigned long)t->raw_series, rt, rt * in->c->samples * 2e-6 / 60, in->c->samples);
}

static void test_machine(const char *name, struct machine m, unsigned max_minutes)
{
	struct plan_input in;
	struct plan p, again;
	unsigned n = m.packages * m.cores * m.threads;

	input(&in, &m, "");
	build(&in, &p);
	report(name, &in, &p);
	check_matrix(&in, &p);
	check_fit(&in, &p);
	CHECK(count_variant(&p, 0, 0) == n);			/* self: every CPU */
	CHECK(count_variant(&p, 0, 1) == 0 && p.skipped_variants == 1);	/* self_register */
	CHECK(count_variant(&p, 0, 3) == in.n_pairs);		/* roundtrip_spin: representatives */
	CHECK(count_variant(&p, 0, 6) == in.n_sources);		/* broadcast: sources */
	CHECK(count_variant(&p, 1, 0) == n);			/* timer: every CPU, one period */
	CHECK(count_variant(&p, 1, 6) == 1);			/* concurrent: once */
	CHECK(plan_link_seconds(p.t.bytes, 115200) <= max_minutes * 60);
	build(&in, &again);
	CHECK(again.n == p.n && memcmp(again.s, p.s, p.n * sizeof(*p.s)) == 0);
	free(p.s);
	free(again.s);
}

static void test_16(void)
{
	test_machine("1x8x2", (struct machine){ 1, 8, 2 }, 5);
}

static void test_256(void)
{
	test_machine("2x64x2", (struct machine){ 2, 64, 2 }, 15);
}

static void test_384(void)
{
	test_machine("2x96x2", (struct machine){ 2, 96, 2 }, 15);
}

/* Result lines are planned bytes: results=all adds one line per summary
 * row to results=none's estimate; results=auto on 384 CPUs keeps the
 * first CPU's rows and the pairs', not every CPU's. */
static void test_result_lines(void)
{
	struct machine small = { 1, 4, 1 }, big = { 2, 96, 2 };
	struct cmdline c = { .results_mode = RESULTS_AUTO, .pairs_mode = PAIRS_AUTO };
	struct plan_input in;
	struct plan none, all;

	input(&in, &small, "results=none raw=none");
	in.link_bps = 0;
	build(&in, &none);
	input(&in, &small, "results=all raw=none");
	in.link_bps = 0;
	build(&in, &all);
	CHECK(all.t.rows == none.t.rows && all.t.rows > 0);
	CHECK(all.t.bytes - none.t.bytes == all.t.rows * PLAN_RESULT_LINE_BYTES);
	free(none.s);
	free(all.s);
	input(&in, &big, "results=none raw=none");
	in.link_bps = 0;
	build(&in, &none);
	input(&in, &big, "raw=none");
	in.link_bps = 0;
	build(&in, &all);
	uint64_t lines = (all.t.bytes - none.t.bytes) / PLAN_RESULT_LINE_BYTES;
	printf("  2x96x2: %lu result lines for %lu summary rows (results=auto), %lu s at 115200 baud\n",
	       (unsigned long)lines, (unsigned long)all.t.rows,
	       (unsigned long)plan_link_seconds(lines * PLAN_RESULT_LINE_BYTES, 115200));
	CHECK(lines > 0 && lines * 8 < all.t.rows);
	free(none.s);
	free(all.s);
	CHECK(plan_result_line_wanted(&c, 4, 0, 3, PLAN_NO_CPU));
	CHECK(!plan_result_line_wanted(&c, 384, 0, 3, PLAN_NO_CPU));
	CHECK(plan_result_line_wanted(&c, 384, 0, 0, PLAN_NO_CPU));
	CHECK(plan_result_line_wanted(&c, 384, 0, 3, 200));
	CHECK(plan_result_line_wanted(&c, 384, 0, PLAN_NO_CPU, PLAN_NO_CPU));
	c.pairs_mode = PAIRS_ALL;
	CHECK(!plan_result_line_wanted(&c, 384, 0, 3, 200));
	c.results_mode = RESULTS_NONE;
	CHECK(!plan_result_line_wanted(&c, 2, 0, PLAN_NO_CPU, PLAN_NO_CPU));
}

/* raw=none sends no raw sample; raw=all every one; link_bps=0 is
 * unbounded, so raw=auto sends everything too. */
static void test_raw_modes(void)
{
	struct machine m = { 1, 8, 2 };
	struct plan_input in;
	struct plan p;

	input(&in, &m, "raw=none");
	build(&in, &p);
	CHECK(p.t.raw_series == 0 && p.t.hist_series == p.t.series);
	free(p.s);
	input(&in, &m, "raw=all");
	build(&in, &p);
	CHECK(p.t.raw_series == p.t.series);
	free(p.s);
	input(&in, &m, "");
	in.link_bps = 0;
	build(&in, &p);
	CHECK(p.t.raw_series == p.t.series && p.t.budget_bytes == 0);
	free(p.s);
}

/* A budget too small even for the summaries: every series still runs and
 * sends its summary, nothing optional, and the plan says so. */
static void test_tiny_budget(void)
{
	struct machine m = { 2, 64, 2 };
	struct plan_input in;
	struct plan p;

	input(&in, &m, "serial_budget_s=1");
	build(&in, &p);
	CHECK(p.t.over_budget);
	CHECK(p.t.series > 0 && p.t.hist_series == 0 && p.t.raw_series == 0);
	check_fit(&in, &p);
	free(p.s);
}

/* A budget that holds the histograms but not every raw series: the raw
 * samples go to the first series in plan order. */
static void test_raw_in_plan_order(void)
{
	struct machine m = { 1, 8, 2 };
	struct plan_input in;
	struct plan p;
	uint64_t smallest_cut = UINT64_MAX;

	input(&in, &m, "serial_budget_s=150");
	build(&in, &p);
	CHECK(p.t.raw_series > 0 && p.t.raw_series < p.t.series);
	for (size_t i = 0; i < p.n; i++) {
		struct plan_series hist = p.s[i], raw = p.s[i];
		hist.emit = EMIT_HIST;
		raw.emit = EMIT_RAW;
		uint64_t need = plan_series_bytes(&in, &raw) - plan_series_bytes(&in, &hist);
		/* once a series did not fit, a later one fits only if smaller */
		if (p.s[i].emit == EMIT_RAW)
			CHECK(need < smallest_cut);
		else if (need < smallest_cut)
			smallest_cut = need;
	}
	CHECK(p.s[0].emit == EMIT_RAW);
	check_fit(&in, &p);
	free(p.s);
}

/* pairs=all: every pair variant over every ordered pair, none compact;
 * pairs=classes: no matrix; pairs=LIST: the pairs named. */
static void test_pairs_modes(void)
{
	struct machine m = { 1, 4, 2 };
	struct plan_input in;
	struct plan p;

	input(&in, &m, "pairs=all");
	build(&in, &p);
	CHECK(count_variant(&p, 0, 3) == 56 && count_variant(&p, 0, 4) == 56);
	CHECK(count_variant(&p, 0, 6) == 8);
	for (size_t i = 0; i < p.n; i++)
		CHECK(!p.s[i].compact);
	free(p.s);
	input(&in, &m, "pairs=classes");
	build(&in, &p);
	CHECK(count_variant(&p, 0, 4) == in.n_pairs);
	free(p.s);
	input(&in, &m, "pairs=0:1,3:2");
	struct plan_pair listed[] = { { 0, 1 }, { 3, 2 } };
	in.pairs = listed;
	in.n_pairs = 2;
	build(&in, &p);
	CHECK(count_variant(&p, 0, 3) == 2 && count_variant(&p, 0, 4) == 2);
	CHECK(p.s[count_variant(&p, 0, 0) + count_variant(&p, 0, 2)].src == 0);
	free(p.s);
}

int main(void)
{
	RUN(test_16);
	RUN(test_256);
	RUN(test_384);
	RUN(test_raw_modes);
	RUN(test_result_lines);
	RUN(test_tiny_budget);
	RUN(test_raw_in_plan_order);
	RUN(test_pairs_modes);
	return check_exit();
}
