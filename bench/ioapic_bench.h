/* The IOAPIC redirection benchmark (bench=ioapic; docs/ioapic-bench.md). */
#ifndef IOAPIC_BENCH_H
#define IOAPIC_BENCH_H

#include <stdint.h>

#include "cmdline.h"
#include "plan.h"

#define IOAPIC_VARIANTS 1
extern const struct bench_variant ioapic_variants[IOAPIC_VARIANTS];
/* The most sample memory ioapic_bench_run allocates at once (struct bench.need). */
uint64_t ioapic_bench_need(const struct cmdline *c, unsigned n_sel, unsigned n_cpus);

#endif
