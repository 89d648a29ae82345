/* The IOAPIC redirection benchmark (bench=ioapic; docs/ioapic-bench.md). */
#ifndef IOAPIC_BENCH_H
#define IOAPIC_BENCH_H

#include <stdint.h>

#include "cmdline.h"
#include "plan.h"

#define IOAPIC_VARIANTS 15
extern const struct bench_variant ioapic_variants[IOAPIC_VARIANTS];
/* Probes the sources and the unused pin before the first series; gives
 * back what it changed, and checks it, after the last. */
void ioapic_bench_begin(const struct cmdline *c);
void ioapic_bench_end(void);
/* The most sample memory ioapic_bench_run allocates at once (struct bench.need). */
uint64_t ioapic_bench_need(const struct cmdline *c, unsigned n_sel, unsigned n_cpus);

#endif
