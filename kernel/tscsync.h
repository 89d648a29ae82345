/* TSC agreement between CPUs: each CPU's offset to CPU 0, measured. */
#ifndef TSCSYNC_H
#define TSCSYNC_H

/* Fill tsc_offset and tsc_offset_uncertainty of every online CPU. */
void tscsync_measure(void);

#endif
