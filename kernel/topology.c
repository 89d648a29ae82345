/*
 * CPU topology from APIC ID bit fields (SDM Vol. 3A 9.9.1, 9.9.2). Leaf
 * 0x1F and 0xB list levels from the lowest (SMT) up, each with "the number
 * of bits to shift right on the x2APIC ID to get a unique topology ID of
 * the next level type" in EAX[4:0] and its level type in ECX[15:8]; the
 * last valid level's shift gives the package ID. Older CPUs give only the
 * addressable logical IDs per package (leaf 1 EBX[23:16], with HTT) and
 * cores per package (leaf 4 EAX[31:26] + 1), both rounded to powers of 2.
 */
#include "topology.h"

#define LEVEL_INVALID 0
#define LEVEL_SMT 1
#define LEVEL_DIE 5
#define LEAF1_EDX_HTT (1u << 28)

static unsigned ceil_log2(uint32_t v)
{
	unsigned bits = 0;

	while (bits < 32 && (1ull << bits) < v)
		bits++;
	return bits;
}

static uint32_t field(uint32_t id, unsigned lo, unsigned hi)
{
	if (lo >= 32)
		return 0;
	uint64_t mask = hi >= 32 ? 0xFFFFFFFFull : (1ull << hi) - 1;
	return (uint32_t)((id & mask) >> lo);
}

bool topology_from_extended(enum topology_source source, const struct topology_subleaf *sub,
			    unsigned n, struct topology_shifts *s)
{
	unsigned prev = 0, smt = 0, die = 0;
	bool have_die = false;

	if (n == 0 || sub[0].ebx == 0 || ((sub[0].ecx >> 8) & 0xFF) == LEVEL_INVALID)
		return false;
	for (unsigned i = 0; i < n; i++) {
		unsigned type = (sub[i].ecx >> 8) & 0xFF, shift = sub[i].eax & 0x1F;
		if (type == LEVEL_INVALID)
			break;
		if (shift < prev)
			return false;
		if (type == LEVEL_SMT)
			smt = shift;
		if (type == LEVEL_DIE) {
			die = prev;
			have_die = true;
		}
		prev = shift;
	}
	*s = (struct topology_shifts){ source, smt, have_die ? die : prev, prev };
	return true;
}

void topology_from_legacy(uint32_t leaf1_ebx, uint32_t leaf1_edx, uint32_t leaf4_eax,
			  struct topology_shifts *s)
{
	unsigned logical = (leaf1_edx & LEAF1_EDX_HTT) ? (leaf1_ebx >> 16) & 0xFF : 1;
	unsigned package = ceil_log2(logical);

	if (!leaf4_eax) {
		*s = (struct topology_shifts){ TOPOLOGY_LEAF_1, 0, package, package };
		return;
	}
	unsigned core_bits = ceil_log2((leaf4_eax >> 26) + 1);
	unsigned smt = core_bits <= package ? package - core_bits : 0;
	*s = (struct topology_shifts){ TOPOLOGY_LEAF_1_4, smt, package, package };
}

void topology_decode(const struct topology_shifts *s, uint32_t apic_id, struct topology_ids *ids)
{
	ids->thread = field(apic_id, 0, s->smt_shift);
	ids->core = field(apic_id, s->smt_shift, s->die_shift);
	ids->die = field(apic_id, s->die_shift, s->package_shift);
	ids->package = field(apic_id, s->package_shift, 32);
}

bool topology_same_core(const struct topology_ids *a, const struct topology_ids *b)
{
	return a->package == b->package && a->die == b->die && a->core == b->core;
}

const char *topology_source_name(enum topology_source source)
{
	switch (source) {
	case TOPOLOGY_LEAF_1F: return "cpuid_1fh";
	case TOPOLOGY_LEAF_B: return "cpuid_0bh";
	case TOPOLOGY_LEAF_1_4: return "cpuid_01h_04h";
	case TOPOLOGY_LEAF_1: return "cpuid_01h";
	case TOPOLOGY_NONE: break;
	}
	return "none";
}
