/*
 * The plan as it leaves the machine (plan_emit.c, docs/plan.md).
 */
#ifndef PLAN_EMIT_H
#define PLAN_EMIT_H

#include <stdint.h>

#include "plan.h"

/* link_bps= resolved: auto is unbounded on the console's fast path, else
 * the UART's programmed rate (serial.c). */
uint64_t output_link_bps(const struct cmdline *c);
/* The plan and plan_summary tables, and the plan's lines on the console;
 * plan_bytes: the plan's own memory, sample_bytes: the most sample memory
 * a benchmark holds at once. */
void plan_emit(const struct plan_input *in, const struct plan *p, uint64_t plan_bytes,
	       uint64_t sample_bytes);
/* After the run: what the budget cut beyond the plan's estimate. */
void plan_report_cuts(void);

#endif
