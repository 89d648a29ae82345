/*
 * The pairs and sources the plan runs pair variants on (pairs.h): under
 * pairs=auto|classes a few representative ordered pairs per topology
 * class (topology_class_of), CPU 0's first; under pairs=LIST the pairs
 * named. Broadcast
 * sources: CPU 0 and the first selected CPU of every other package.
 */
#include "pairs.h"

#include "console.h"
#include "cpu.h"
#include "fmt.h"
#include "smp.h"
#include "topology.h"

/* Pairs per class under pairs=auto|classes: CPU 0's and one elsewhere. */
#define PAIRS_PER_CLASS 2

#define N_CLASSES TOPOLOGY_CLASSES

static struct topology_place place_of(unsigned cpu)
{
	const struct cpu *c = &cpus[cpu];

	return (struct topology_place){ c->topo, c->l2_id, c->l3_id, c->numa_node };
}

static uint8_t class_of(const void *ctx, unsigned a, unsigned b)
{
	struct topology_place x = place_of(a), y = place_of(b);

	(void)ctx;
	return (uint8_t)topology_class_of(&x, &y);
}

const char *pairs_class_name(unsigned cls)
{
	return topology_class_name(cls);
}

static struct plan_pair pairs[CMDLINE_MAX_PAIRS];
static unsigned sources[MAX_CPUS];

static bool picked(unsigned n, unsigned a, unsigned b)
{
	for (unsigned i = 0; i < n; i++)
		if (pairs[i].src == a && pairs[i].dst == b)
			return true;
	return false;
}

/* The first pair of class cls from src, scanning destinations upward or
 * downward; false when src has none left. */
static bool pick_from(unsigned *np, const unsigned *sel, unsigned n, unsigned src, unsigned cls,
		      bool down)
{
	for (unsigned k = 0; k < n; k++) {
		unsigned b = sel[down ? n - 1 - k : k];
		if (b == src || class_of(0, src, b) != cls || picked(*np, src, b))
			continue;
		pairs[(*np)++] = (struct plan_pair){ (uint16_t)src, (uint16_t)b };
		return true;
	}
	return false;
}

/* For each class: the nearest pair from the first selected CPU, and the
 * farthest from the middle one, so that not every pick shares a source.
 * Deterministic for a given topology and cpus=. */
static unsigned pick_representatives(const unsigned *sel, unsigned n)
{
	unsigned np = 0;

	_Static_assert(N_CLASSES * PAIRS_PER_CLASS <= CMDLINE_MAX_PAIRS, "pairs[] holds the picks");
	for (unsigned cls = 0; n > 1 && cls < N_CLASSES; cls++) {
		pick_from(&np, sel, n, sel[0], cls, false);
		pick_from(&np, sel, n, sel[n / 2], cls, true);
	}
	return np;
}

static unsigned pick_sources(const unsigned *sel, unsigned n)
{
	unsigned ns = 0;

	for (unsigned i = 0; i < n; i++) {
		bool new_package = true;
		for (unsigned k = 0; k < ns; k++)
			new_package &= cpus[sources[k]].topo.package != cpus[sel[i]].topo.package;
		if (new_package)
			sources[ns++] = sel[i];
	}
	return ns;
}

/* pairs=LIST: every CPU named must run benchmarks; its sources in order. */
static unsigned list_pairs(const struct cmdline *c)
{
	unsigned ns = 0;

	for (unsigned i = 0; i < c->n_pairs; i++) {
		unsigned a = c->pairs[i].src, b = c->pairs[i].dst;
		char named_by[32];

		ksnprintf(named_by, sizeof(named_by), "pairs= pair %u:%u", a, b);
		smp_require_named_cpu(c, a, named_by);
		smp_require_named_cpu(c, b, named_by);
		pairs[i] = (struct plan_pair){ (uint16_t)a, (uint16_t)b };
		bool seen = false;
		for (unsigned k = 0; k < ns; k++)
			seen |= sources[k] == a;
		if (!seen)
			sources[ns++] = a;
	}
	return ns;
}

void pairs_choose(const struct cmdline *c, struct plan_input *in)
{
	in->class_of = class_of;
	in->ctx = 0;
	in->pairs = pairs;
	in->sources = sources;
	if (c->pairs_mode == PAIRS_LIST) {
		in->n_sources = list_pairs(c);
		in->n_pairs = c->n_pairs;
		return;
	}
	in->n_pairs = pick_representatives(in->sel, in->n_sel);
	in->n_sources = pick_sources(in->sel, in->n_sel);
}

/* One line however many pairs are named (up to CMDLINE_MAX_PAIRS), written
 * in pieces under the console lock: a fixed buffer would cut it. */
void pairs_describe(const struct plan_input *in)
{
	uint32_t count[N_CLASSES] = { 0 };
	const char *sep = "";

	if (in->n_sel < 2) {
		kprintf("plan: ordered pairs by class: none (one CPU)\n");
		return;
	}
	for (unsigned a = 0; a < in->n_sel; a++)
		for (unsigned b = 0; b < in->n_sel; b++)
			if (a != b)
				count[class_of(0, in->sel[a], in->sel[b])]++;
	console_lock();
	kprintf("plan: ordered pairs by class:");
	for (unsigned k = 0; k < N_CLASSES; k++)
		if (count[k]) {
			kprintf("%s %s %u", sep, topology_class_name(k), count[k]);
			sep = ",";
		}
	kprintf("; named pairs:");
	for (unsigned i = 0; i < in->n_pairs; i++)
		kprintf(" %u->%u", in->pairs[i].src, in->pairs[i].dst);
	kprintf("\n");
	console_unlock();
}
