/*
 * System Management Interrupts counted around every benchmark. An SMI
 * stops the CPU for microseconds to milliseconds, invisibly to the OS, and
 * so inflates a benchmark's tail; Intel CPUs count them in MSR_SMI_COUNT.
 * smi.c is the only file that reads it.
 */
#ifndef SMI_H
#define SMI_H

#include "cmdline.h"

/* Read MSR_SMI_COUNT on every CPU cmdline selects, before a benchmark
 * (and, with inject=smi, raise one SMI on the calling CPU). */
void smi_count_before(const struct cmdline *c);
/* Read it again on the same CPUs and write the `smi` rows for bench
 * (bench,cpu,status,before,after,delta,reason); a CPU that saw SMIs is
 * named on the console. */
void smi_count_after(const char *bench);

#endif
