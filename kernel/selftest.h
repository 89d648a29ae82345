/* Kernel self-tests chosen by selftest= (docs/cmdline.md). */
#ifndef SELFTEST_H
#define SELFTEST_H

#include <stdint.h>

/* Run the self-tests named by the selftest= bits; a failed check ends the
 * run with EXIT_CHECK, the fatal test with the fault report. */
void selftest_run(uint32_t selftest_bits);

#endif
