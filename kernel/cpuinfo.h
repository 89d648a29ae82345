/* What the CPU says about itself through CPUID (SDM Vol. 2A, CPUID). */
#ifndef CPUINFO_H
#define CPUINFO_H

#include <stdbool.h>
#include <stdint.h>

struct cpuinfo {
	char vendor[13];
	char brand[49];
	char hypervisor[13];	/* CPUID 0x40000000 signature, "" when none */
	unsigned family, model, stepping;
	bool x2apic, tsc_deadline, invariant_tsc, rdtscp, hypervisor_present;
};

void cpuinfo_read(struct cpuinfo *ci);

#endif
