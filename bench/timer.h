/* The LAPIC timer jitter benchmark (bench=timer). */
#ifndef TIMER_H
#define TIMER_H

#include <stdint.h>

#include "cmdline.h"

void timer_run(const struct cmdline *c);
/* The most sample memory timer_run allocates at once (struct bench.need). */
uint64_t timer_need(const struct cmdline *c, unsigned n_sel, unsigned n_cpus);

#endif
