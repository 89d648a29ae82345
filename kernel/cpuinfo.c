/*
 * CPUID decoding (SDM Vol. 2A, CPUID, tables 3-8 and 3-17): vendor,
 * display family/model/stepping, brand string, hypervisor signature, and
 * the feature bits the benchmarks depend on.
 */
#include "cpuinfo.h"

#include "kstring.h"
#include "x86.h"

#define CPUID1_EDX_APIC (1u << 9)
#define CPUID1_ECX_X2APIC (1u << 21)
#define CPUID1_ECX_TSC_DEADLINE (1u << 24)
#define CPUID1_ECX_HYPERVISOR (1u << 31)
#define CPUID80000001_EDX_RDTSCP (1u << 27)
#define CPUID80000007_EDX_INVARIANT_TSC (1u << 8)
#define CPUID_HYPERVISOR_LEAF 0x40000000
#define CPUID_LEAF_CACHE_PARAMS 0x4
#define CPUID_LEAF_TOPOLOGY 0xB
#define CPUID_LEAF_TOPOLOGY_V2 0x1F
#define CPUID80000001_ECX_TOPOEXT (1u << 22)
#define CPUID_LEAF_AMD_CACHE 0x8000001D
/* Leaf 0x1F defines types up to 6 (die group): 8 subleaves are enough. */
#define TOPOLOGY_MAX_LEVELS 8

static void put_regs(char *dst, uint32_t a, uint32_t b, uint32_t c)
{
	memcpy(dst, &a, 4);
	memcpy(dst + 4, &b, 4);
	memcpy(dst + 8, &c, 4);
	dst[12] = 0;
}

/* Display family and model (SDM Vol. 2A, CPUID, "EAX: version information"). */
static void read_signature(struct cpuinfo *ci, uint32_t eax)
{
	unsigned base_family = (eax >> 8) & 0xF, base_model = (eax >> 4) & 0xF;

	ci->stepping = eax & 0xF;
	ci->family = base_family == 0xF ? base_family + ((eax >> 20) & 0xFF) : base_family;
	ci->model = (base_family == 0x6 || base_family == 0xF) ?
		    base_model + (((eax >> 16) & 0xF) << 4) : base_model;
}

/* Brand string from leaves 0x80000002-4, leading blanks removed. */
static void read_brand(struct cpuinfo *ci)
{
	char raw[49];

	for (uint32_t i = 0; i < 3; i++) {
		struct cpuid_regs r = cpuid(0x80000002 + i, 0);
		memcpy(raw + 16 * i, &r, 16);
	}
	raw[48] = 0;
	const char *p = raw;
	while (*p == ' ')
		p++;
	memcpy(ci->brand, p, strlen(p) + 1);
}

void cpuinfo_read(struct cpuinfo *ci)
{
	struct cpuid_regs r = cpuid(0, 0);

	memset(ci, 0, sizeof(*ci));
	put_regs(ci->vendor, r.ebx, r.edx, r.ecx);
	r = cpuid(1, 0);
	read_signature(ci, r.eax);
	ci->apic = r.edx & CPUID1_EDX_APIC;
	ci->x2apic = r.ecx & CPUID1_ECX_X2APIC;
	ci->tsc_deadline = r.ecx & CPUID1_ECX_TSC_DEADLINE;
	ci->hypervisor_present = r.ecx & CPUID1_ECX_HYPERVISOR;
	if (ci->hypervisor_present) {
		r = cpuid(CPUID_HYPERVISOR_LEAF, 0);
		put_regs(ci->hypervisor, r.ebx, r.ecx, r.edx);
	}
	uint32_t max_ext = cpuid(0x80000000, 0).eax;
	if (max_ext >= 0x80000001)
		ci->rdtscp = cpuid(0x80000001, 0).edx & CPUID80000001_EDX_RDTSCP;
	if (max_ext >= 0x80000004)
		read_brand(ci);
	if (max_ext >= 0x80000007)
		ci->invariant_tsc = cpuid(0x80000007, 0).edx & CPUID80000007_EDX_INVARIANT_TSC;
}

/* Leaf 0x1F or 0xB, when this CPU has it and subleaf 0 is valid. */
static bool read_extended_topology(uint32_t leaf, enum topology_source src,
				   struct topology_shifts *s, uint32_t *apic_id)
{
	struct topology_subleaf sub[TOPOLOGY_MAX_LEVELS];

	if (cpuid(0, 0).eax < leaf)
		return false;
	for (uint32_t i = 0; i < TOPOLOGY_MAX_LEVELS; i++) {
		struct cpuid_regs r = cpuid(leaf, i);
		sub[i] = (struct topology_subleaf){ r.eax, r.ebx, r.ecx, r.edx };
	}
	if (!topology_from_extended(src, sub, TOPOLOGY_MAX_LEVELS, s))
		return false;
	*apic_id = sub[0].edx;
	return true;
}

void cpuinfo_read_topology(struct topology_shifts *s, uint32_t *apic_id)
{
	if (read_extended_topology(CPUID_LEAF_TOPOLOGY_V2, TOPOLOGY_LEAF_1F, s, apic_id) ||
	    read_extended_topology(CPUID_LEAF_TOPOLOGY, TOPOLOGY_LEAF_B, s, apic_id))
		return;
	struct cpuid_regs r1 = cpuid(1, 0);
	uint32_t leaf4 = 0;
	/* Leaf 4 is Intel's (AMD reserves it); cache type 0 means no data. */
	if (cpuid(0, 0).eax >= CPUID_LEAF_CACHE_PARAMS && (cpuid(CPUID_LEAF_CACHE_PARAMS, 0).eax & 0x1F))
		leaf4 = cpuid(CPUID_LEAF_CACHE_PARAMS, 0).eax;
	topology_from_legacy(r1.ebx, r1.edx, leaf4, s);
	*apic_id = r1.ebx >> 24;
}

/* AMD's cache topology leaf where TOPOEXT says it exists, else Intel's
 * leaf 4 (which AMD reserves: it reads as "no cache" there). */
void cpuinfo_read_caches(uint32_t apic_id, uint32_t *l2, uint32_t *l3)
{
	uint32_t eax[TOPOLOGY_MAX_CACHES], leaf = CPUID_LEAF_CACHE_PARAMS;
	unsigned n = 0;

	if (cpuid(0x80000000, 0).eax >= CPUID_LEAF_AMD_CACHE &&
	    (cpuid(0x80000001, 0).ecx & CPUID80000001_ECX_TOPOEXT))
		leaf = CPUID_LEAF_AMD_CACHE;
	else if (cpuid(0, 0).eax < CPUID_LEAF_CACHE_PARAMS)
		leaf = 0;
	for (; leaf && n < TOPOLOGY_MAX_CACHES; n++)
		eax[n] = cpuid(leaf, n).eax;
	topology_caches(eax, n, apic_id, l2, l3);
}
