/* TSC agreement between CPUs: each CPU's offset to CPU 0, measured. */
#ifndef TSCSYNC_H
#define TSCSYNC_H

#include <stdint.h>

/* Fill tsc_offset and tsc_offset_uncertainty of every online CPU. */
void tscsync_measure(void);
/* How far a time from CPU a's TSC to CPU b's, corrected by both offsets,
 * can be off: each offset is known to its uncertainty against CPU 0. */
uint64_t tscsync_pair_bound(unsigned a, unsigned b);

#endif
