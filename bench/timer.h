/* The LAPIC timer jitter benchmark (bench=timer). */
#ifndef TIMER_H
#define TIMER_H

#include "cmdline.h"

void timer_run(const struct cmdline *c);

#endif
