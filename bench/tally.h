/*
 * The run's summary rows kept short for the screen: a person at the machine
 * sees counts of ok, skipped and failed series and each series' p50 and p99
 * when the run ends. Serial carries the full summary table.
 */
#ifndef TALLY_H
#define TALLY_H

#include <stdint.h>

/* One summary row; the strings are copied. For status "ok" the figures
 * count and reason is ignored; otherwise reason says why. */
void tally_add(const char *bench, const char *variant, int src_cpu, int dst_cpu,
	       const char *status, int64_t p50_ns, int64_t p99_ns, const char *reason);
/* How many rows were added with status "failed". */
unsigned tally_failed(void);
/* Clears the screen and shows the counts and as many rows as fit. */
void tally_show(void);

#endif
