/*
 * Result lines: one plain line per summary row, in a fixed grammar that a
 * lab's console reader (LAVA's `monitors` test action) turns into test
 * cases with a measurement and units, between a begin and an end marker
 * printed once per boot (docs/output-format.md, "Result lines").
 */
#ifndef RESULT_LINE_H
#define RESULT_LINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cmdline.h"

/* "pass", "fail" or "skip" for a summary row's status: ok, skipped, and
 * everything else (failed, insufficient) a failure. */
const char *result_line_verdict(const char *status);
/* Formats one result line, '\n' included; returns its length (truncated
 * to len - 1 like ksnprintf when it does not fit). */
size_t result_line_format(char *buf, size_t len, const char *bench, const char *variant,
			  int src_cpu, int dst_cpu, const char *status, int64_t p50_ns);

/* The begin marker; from here on result_line_add prints, as
 * plan_result_line_wanted says for n_sel CPUs from first. */
void result_line_begin(const struct cmdline *c, unsigned n_sel, unsigned first);
/* One summary row's line, as results= allows. */
void result_line_add(const char *bench, const char *variant, int src_cpu, int dst_cpu,
		     const char *status, int64_t p50_ns);
/* The run's own case and the end marker, once, and only after a begin. */
void result_line_end(int code);

#endif
