/*
 * The emit path's state across a run (emit.c; the per-series calls are in
 * bench.h): the link budget it holds optional output to, and what it had
 * to cut or found failed.
 */
#ifndef EMIT_H
#define EMIT_H

#include <stdint.h>

#include "plan.h"

/* budget_bytes: the console stream position past which no histogram or
 * raw sample goes (0: unbounded); name_of_class names a pair's class; in
 * gives each series' variant (its sample rule) and the command line
 * (min_samples=, inject=impossible). */
void emit_init(uint64_t budget_bytes, const char *(*name_of_class)(unsigned cls),
	       const struct plan_input *in);
/* "bench variant: reason" of the first failed row, or "". */
const char *emit_first_failed(void);
/* How an ok run ends: "completed", with the insufficient rows counted and
 * the first named when there are any. */
const char *emit_outcome(void);
/* Series whose raw samples / histogram the budget cut at run time. */
void emit_cut_counts(uint64_t *raw, uint64_t *hist);

#endif
