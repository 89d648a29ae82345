/*
 * Which package, die, core and SMT thread a CPU is, from its APIC ID and
 * the field widths CPUID gives (SDM Vol. 3A 9.9 "Identifying Topological
 * Relationships"; Vol. 2A CPUID leaves 01H, 04H, 0BH, 1FH). Pure code: the
 * kernel hands in each CPU's own CPUID values (cpuinfo.c), the host tests
 * recorded ones.
 */
#ifndef TOPOLOGY_H
#define TOPOLOGY_H

#include <stdbool.h>
#include <stdint.h>

enum topology_source {
	TOPOLOGY_NONE,		/* nothing known: every CPU its own core */
	TOPOLOGY_LEAF_1F,	/* V2 extended topology (dies, modules, tiles) */
	TOPOLOGY_LEAF_B,	/* extended topology: SMT and core levels */
	TOPOLOGY_LEAF_1_4,	/* legacy: logical IDs per package, cores per package */
	TOPOLOGY_LEAF_1,	/* legacy without leaf 4: logical IDs per package only */
};

/* APIC ID bit positions: [0, smt) thread, [smt, die) core (with any
 * module and tile bits), [die, package) die, [package, 32) package. */
struct topology_shifts {
	enum topology_source source;
	unsigned smt_shift, die_shift, package_shift;
};

struct topology_ids {
	uint32_t package, die, core, thread;
};

/* One subleaf of leaf 0x1F or 0xB, as CPUID returns it. */
struct topology_subleaf {
	uint32_t eax, ebx, ecx, edx;
};

/* Subleaves 0..n-1 of leaf 0x1F or 0xB (source says which). False when
 * subleaf 0 is invalid (EBX 0 or level type 0) or the shifts make no
 * sense (decreasing, or beyond 32 bits). */
bool topology_from_extended(enum topology_source source, const struct topology_subleaf *sub,
			    unsigned n, struct topology_shifts *s);
/* Leaf 1's EBX and EDX and, when leaf 4 exists (Intel), its subleaf 0 EAX
 * (else 0). Always succeeds. */
void topology_from_legacy(uint32_t leaf1_ebx, uint32_t leaf1_edx, uint32_t leaf4_eax,
			  struct topology_shifts *s);
void topology_decode(const struct topology_shifts *s, uint32_t apic_id, struct topology_ids *ids);
/* Two SMT threads of one core. */
bool topology_same_core(const struct topology_ids *a, const struct topology_ids *b);
const char *topology_source_name(enum topology_source source);

#endif
