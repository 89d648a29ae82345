/* The IOAPIC redirection benchmark (bench=ioapic; docs/ioapic-bench.md). */
#ifndef IOAPIC_BENCH_H
#define IOAPIC_BENCH_H

#include "cmdline.h"

void ioapic_bench_run(const struct cmdline *c);

#endif
