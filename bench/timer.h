/* The LAPIC timer jitter benchmark (bench=timer). */
#ifndef TIMER_H
#define TIMER_H

#include <stdint.h>

#include "cmdline.h"
#include "plan.h"

#define TIMER_VARIANTS 7
extern const struct bench_variant timer_variants[TIMER_VARIANTS];
void timer_begin(const struct cmdline *c);
void timer_end(void);
/* The most sample memory one series holds at once (struct bench.need). */
uint64_t timer_need(const struct cmdline *c, unsigned n_sel, unsigned n_cpus);

#endif
