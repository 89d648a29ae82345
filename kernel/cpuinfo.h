/* What the CPU says about itself through CPUID (SDM Vol. 2A, CPUID). */
#ifndef CPUINFO_H
#define CPUINFO_H

#include <stdbool.h>
#include <stdint.h>

#include "topology.h"

struct cpuinfo {
	char vendor[13];
	char brand[49];
	char hypervisor[13];	/* CPUID 0x40000000 signature, "" when none */
	unsigned family, model, stepping;
	bool apic, x2apic, tsc_deadline, invariant_tsc, rdtscp, hypervisor_present;
};

void cpuinfo_read(struct cpuinfo *ci);
/* Run on a CPU: its topology field widths from its own CPUID (leaf 0x1F,
 * else 0xB, else 1 and 4) and its initial APIC ID (x2APIC ID from the
 * leaf used, else the 8-bit ID of leaf 1). */
void cpuinfo_read_topology(struct topology_shifts *s, uint32_t *apic_id);
/* This CPU's L2 and L3 IDs (topology_caches), TOPOLOGY_UNKNOWN if none. */
void cpuinfo_read_caches(uint32_t apic_id, uint32_t *l2, uint32_t *l3);

#endif
