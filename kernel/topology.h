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

/* No cache or NUMA node known. */
#define TOPOLOGY_UNKNOWN UINT32_MAX
#define TOPOLOGY_MAX_CACHES 8

/*
 * The caches a CPU shares: from the EAX of each subleaf of leaf 4 (Intel)
 * or 0x8000001D (AMD), which share one layout (SDM Vol. 2A CPUID leaf 04H;
 * AMD APM Vol. 3 E.4.15): EAX[4:0] type (0: no more caches, 1 data, 2
 * instruction, 3 unified), EAX[7:5] level, EAX[25:14] + 1 the logical
 * processors sharing it, as a count of APIC IDs. The L2 and L3 IDs are
 * the APIC ID shifted right by the bits of that count, rounded up to a
 * power of 2; TOPOLOGY_UNKNOWN when the CPU reports no such cache.
 */
void topology_caches(const uint32_t *eax, unsigned n, uint32_t apic_id, uint32_t *l2,
		     uint32_t *l3);

/* Where a CPU is, for the distance between two. */
struct topology_place {
	struct topology_ids ids;
	uint32_t l2, l3;	/* cache IDs (topology_caches) or TOPOLOGY_UNKNOWN */
	uint32_t node;		/* ACPI SRAT proximity domain, or TOPOLOGY_UNKNOWN */
};

/* Classes of an ordered pair of CPUs by distance, nearest first. */
enum topology_class {
	TOPOLOGY_SMT,		/* two threads of one core */
	TOPOLOGY_L2,		/* other cores sharing an L2 (a core cluster) */
	TOPOLOGY_L3,		/* sharing an L3 */
	TOPOLOGY_DIE,		/* the same die, no cache in common known */
	TOPOLOGY_PACKAGE,	/* the same package and NUMA node */
	TOPOLOGY_NUMA,		/* the same package, another NUMA node (SRAT) */
	TOPOLOGY_REMOTE,	/* another package */
	TOPOLOGY_CLASSES
};

enum topology_class topology_class_of(const struct topology_place *a,
				      const struct topology_place *b);
/* "smt", "l2", "l3", "die", "package", "numa", "remote". */
const char *topology_class_name(unsigned cls);
const char *topology_source_name(enum topology_source source);

#endif
