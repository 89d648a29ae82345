/* The IPI latency benchmark (bench=ipi). */
#ifndef IPI_H
#define IPI_H

#include <stdint.h>

#include "cmdline.h"

void ipi_run(const struct cmdline *c);
/* The most sample memory ipi_run allocates at once (struct bench.need). */
uint64_t ipi_need(const struct cmdline *c, unsigned n_sel, unsigned n_cpus);

#endif
