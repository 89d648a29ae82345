/* The IPI latency benchmark (bench=ipi). */
#ifndef IPI_H
#define IPI_H

#include <stdint.h>

#include "cmdline.h"
#include "plan.h"

#define IPI_VARIANTS 7
extern const struct bench_variant ipi_variants[IPI_VARIANTS];
/* Handlers and the pair matrix before the first series; ipi_matrix after
 * the last. */
void ipi_begin(const struct cmdline *c);
void ipi_end(void);
/* The most sample memory the benchmark holds at once (struct bench.need). */
uint64_t ipi_need(const struct cmdline *c, unsigned n_sel, unsigned n_cpus);

#endif
