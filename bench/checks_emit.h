/*
 * The run's cross-row checks (checks.h) in the kernel: the summary rows
 * they need, kept as emit.c sends them; the clocks' frequencies and the
 * CPUs' timing overheads; checks.csv once every benchmark has run, and its
 * failures for the run's verdict.
 */
#ifndef CHECKS_EMIT_H
#define CHECKS_EMIT_H

#include <stdint.h>

struct cmdline;

/* Before the first benchmark: inject=check_fail. */
void checks_emit_init(const struct cmdline *c);
/* One summary row as it goes out (status "ok" or "insufficient" with its
 * p50 and p99 in cycles; bound: a one-way figure's TSC offsets' bound). */
void checks_emit_note(const char *bench, const char *variant, int src, int dst,
		      const char *status, int64_t p50, int64_t p99, uint64_t bound,
		      const char *reason);
/* Makes every check and writes checks.csv; says the failed ones. */
void checks_emit_run(void);
/* How many checks failed, and "check subject: reason" of the first. */
unsigned checks_emit_failed(void);
const char *checks_emit_first_failed(void);

#endif
