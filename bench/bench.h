/*
 * The benchmark table: each entry has a name (chosen with bench= on the
 * command line), a run function, and a supported() check that returns NULL
 * or the reason the machine cannot run it, reported as "skipped: reason".
 */
#ifndef BENCH_H
#define BENCH_H

#include "cmdline.h"

struct bench {
	const char *name;
	void (*run)(const struct cmdline *c);
	const char *(*supported)(void);
};

/* The benchmark names in table order, for cmdline_parse. */
const char *const *bench_names(unsigned *n);
void bench_run_selected(const struct cmdline *c);

#endif
