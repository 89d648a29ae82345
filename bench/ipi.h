/* The IPI latency benchmark (bench=ipi). */
#ifndef IPI_H
#define IPI_H

#include "cmdline.h"

void ipi_run(const struct cmdline *c);

#endif
