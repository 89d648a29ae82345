/*
 * The plan as it leaves the machine (docs/plan.md): the `plan` table, one
 * row per run of like series, each representative pair and source named;
 * `plan_summary`, the totals a person checks first; and the same totals on
 * the console and the screen, before the first series runs.
 */
#include "plan_emit.h"

#include "bench.h"
#include "console.h"
#include "emit.h"
#include "fmt.h"
#include "frame.h"
#include "pairs.h"
#include "serial.h"

#define PLAN_COLUMNS "series,count,bench,variant,period_us,src_cpu,dst_cpu,last_src_cpu," \
	"last_dst_cpu,class,samples,emit,est_bytes,est_ms"

/* auto: unbounded on the fast path (a debug console under a hypervisor),
 * else the UART's programmed rate. */
uint64_t output_link_bps(const struct cmdline *c)
{
	if (c->link_bps != LINK_BPS_AUTO)
		return c->link_bps;
	return console_fast_path() ? 0 : serial_link_bps();
}

static uint32_t period_of(const struct plan_input *in, const struct plan_series *s)
{
	return plan_variant(in, s)->per_period ? in->c->timer_period_us[s->param] : 0;
}

/* One row for series [first, first + count): alike but for their CPUs. */
static void plan_row(struct frame *f, const struct plan_input *in, const struct plan *p,
		     size_t first, size_t count)
{
	const struct plan_series *a = &p->s[first], *z = &p->s[first + count - 1];
	char src[12], dst[12], lsrc[12], ldst[12], period[12] = "";
	uint64_t bytes = 0, ns = 0;
	bool one_class = true;

	for (size_t i = first; i < first + count; i++) {
		bytes += plan_series_bytes(in, &p->s[i]);
		ns += (uint64_t)p->s[i].samples * plan_variant(in, &p->s[i])->sample_ns;
		one_class &= p->s[i].cls == a->cls;
	}
	if (period_of(in, a))
		ksnprintf(period, sizeof(period), "%u", period_of(in, a));
	frame_row(f, "%lu,%lu,%s,%s,%s,%s,%s,%s,%s,%s,%u,%s,%lu,%lu", first, count,
		  in->benches[a->bench].name, plan_variant(in, a)->name, period,
		  bench_cpu_field(src, a->src), bench_cpu_field(dst, a->dst),
		  bench_cpu_field(lsrc, z->src), bench_cpu_field(ldst, z->dst),
		  one_class && a->cls != PLAN_NO_CLASS ? pairs_class_name(a->cls) : "", a->samples,
		  plan_emit_name(a->emit), bytes, ns / 1000000);
}

static void plan_table(const struct plan_input *in, const struct plan *p)
{
	struct frame f;

	console_lock();
	frame_begin(&f, "plan", PLAN_COLUMNS);
	for (size_t i = 0; i < p->n;) {
		size_t k = i + 1;
		while (k < p->n && plan_same_run(&p->s[k - 1], &p->s[k]))
			k++;
		plan_row(&f, in, p, i, k - i);
		i = k;
	}
	frame_end(&f);
	console_unlock();
}

static const char *const raw_names[] = { "auto", "all", "none" };
static const char *const pairs_names[] = { "auto", "all", "classes", "list" };

struct plan_memory {
	uint64_t plan, samples;
};

static void plan_summary(const struct plan_input *in, const struct plan *p,
			 const struct plan_memory *m)
{
	const struct plan_totals *t = &p->t;
	struct frame f;

	console_lock();
	frame_begin(&f, "plan_summary", "key,value");
	frame_row(&f, "series,%lu", t->series);
	frame_row(&f, "summary_rows,%lu", t->rows);
	frame_row(&f, "samples,%lu", t->samples);
	frame_row(&f, "skipped_variants,%u", p->skipped_variants);
	frame_row(&f, "pairs,%s", pairs_names[in->c->pairs_mode]);
	frame_row(&f, "representative_pairs,%u", in->n_pairs);
	frame_row(&f, "raw,%s", raw_names[in->c->raw_mode]);
	frame_row(&f, "link_bps,%lu", in->link_bps);
	frame_row(&f, "serial_budget_s,%u", in->c->serial_budget_s);
	frame_row(&f, "budget_bytes,%lu", t->budget_bytes);
	frame_row(&f, "est_bytes,%lu", t->bytes);
	frame_row(&f, "est_summary_bytes,%lu", t->summary_bytes);
	frame_row(&f, "est_link_s,%lu", plan_link_seconds(t->bytes, in->link_bps));
	frame_row(&f, "est_run_s,%lu", t->run_ns / 1000000000);
	frame_row(&f, "hist_series,%lu", t->hist_series);
	frame_row(&f, "raw_series,%lu", t->raw_series);
	frame_row(&f, "hist_cut,%lu", t->hist_cut);
	frame_row(&f, "raw_cut,%lu", t->raw_cut);
	frame_row(&f, "over_budget,%s", t->over_budget ? "yes" : "no");
	frame_row(&f, "plan_bytes,%lu", m->plan);
	frame_row(&f, "sample_bytes,%lu", m->samples);
	frame_end(&f);
	console_unlock();
}

/* A size as a person reads it: bytes, KB or MB, three or more digits. */
static const char *human_bytes(char buf[24], uint64_t b)
{
	if (b < 10 * 1024)
		ksnprintf(buf, 24, "%lu bytes", b);
	else if (b < 10 * 1024 * 1024)
		ksnprintf(buf, 24, "%lu KB", b / 1024);
	else
		ksnprintf(buf, 24, "%lu MB", b / (1024 * 1024));
	return buf;
}

/* A duration in ms below 10 s, else in s. */
static const char *human_ns(char buf[24], uint64_t ns)
{
	if (ns < 10000000000ull)
		ksnprintf(buf, 24, "%lu ms", ns / 1000000);
	else
		ksnprintf(buf, 24, "%lu s", ns / 1000000000);
	return buf;
}

/* What a person reads before the run starts: how much, how long, what was
 * cut to fit. */
static void plan_lines(const struct plan_input *in, const struct plan *p,
		       const struct plan_memory *m)
{
	const struct plan_totals *t = &p->t;
	char run[24], plan_mem[24], samples_mem[24], out[24];

	kprintf("plan: %lu series (%lu summary rows, %lu samples) on %u CPUs, %u representative "
		"pairs (pairs=%s); about %s of measuring at nominal hardware speed; memory: %s for "
		"the plan, at most %s of samples at once\n", t->series, t->rows, t->samples,
		in->n_sel, in->n_pairs, pairs_names[in->c->pairs_mode], human_ns(run, t->run_ns),
		human_bytes(plan_mem, m->plan), human_bytes(samples_mem, m->samples));
	if (in->link_bps)
		kprintf("plan: about %s of output, %lu s at %lu bit/s (budget %u s, "
			"serial_budget_s)\n", human_bytes(out, t->bytes),
			plan_link_seconds(t->bytes, in->link_bps), in->link_bps, in->c->serial_budget_s);
	else
		kprintf("plan: about %s of output; the link is not bounded (link_bps)\n",
			human_bytes(out, t->bytes));
	kprintf("plan: histograms for %lu series, raw samples for %lu (raw=%s)\n", t->hist_series,
		t->raw_series, raw_names[in->c->raw_mode]);
	if (t->over_budget)
		kprintf("plan: the summary rows alone need %lu s of link time, over serial_budget_s=%u: "
			"every series still runs and sends its summary row; no histogram and no raw "
			"sample is sent\n", plan_link_seconds(t->summary_bytes + in->spent_bytes,
							      in->link_bps), in->c->serial_budget_s);
	else if (t->hist_cut || t->raw_cut)
		kprintf("plan: cut to fit the budget: %lu histograms and %lu raw series not sent "
			"(the plan table says which)\n", t->hist_cut, t->raw_cut);
}

void plan_emit(const struct plan_input *in, const struct plan *p, uint64_t plan_bytes,
	       uint64_t sample_bytes)
{
	struct plan_memory m = { plan_bytes, sample_bytes };

	plan_table(in, p);
	plan_summary(in, p, &m);
	plan_lines(in, p, &m);
	pairs_describe(in);
}

void plan_report_cuts(void)
{
	uint64_t raw, hist;

	emit_cut_counts(&raw, &hist);
	if (raw || hist)
		kprintf("plan: the link budget ran out before the plan's estimate: %lu more "
			"histograms and %lu more raw series not sent (each row's reason says so)\n",
			hist, raw);
}
