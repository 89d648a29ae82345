/*
 * Which CPU pairs and sources the plan's pair variants run on, and the
 * topology class of every ordered pair (pairs.c, docs/plan.md).
 */
#ifndef PAIRS_H
#define PAIRS_H

#include "plan.h"

/* Fills in's pairs, sources and class_of from pairs= and the topology;
 * a pairs=LIST naming a CPU that is not selected and online ends the run
 * with EXIT_CMDLINE. */
void pairs_choose(const struct cmdline *c, struct plan_input *in);
const char *pairs_class_name(unsigned cls);
/* One console line: how many ordered pairs each class holds among the
 * selected CPUs, and the representative pairs by name. */
void pairs_describe(const struct plan_input *in);

#endif
