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

#define CACHE_TYPE(eax) ((eax) & 0x1F)
#define CACHE_LEVEL(eax) (((eax) >> 5) & 0x7)
#define CACHE_SHARING(eax) ((((eax) >> 14) & 0xFFF) + 1)
#define CACHE_NONE 0
#define CACHE_INSTRUCTION 2

void topology_caches(const uint32_t *eax, unsigned n, uint32_t apic_id, uint32_t *l2,
		     uint32_t *l3)
{
	*l2 = *l3 = TOPOLOGY_UNKNOWN;
	for (unsigned i = 0; i < n && CACHE_TYPE(eax[i]) != CACHE_NONE; i++) {
		if (CACHE_TYPE(eax[i]) == CACHE_INSTRUCTION)
			continue;
		unsigned shift = ceil_log2(CACHE_SHARING(eax[i]));
		uint32_t id = shift >= 32 ? 0 : apic_id >> shift;
		if (CACHE_LEVEL(eax[i]) == 2)
			*l2 = id;
		else if (CACHE_LEVEL(eax[i]) == 3)
			*l3 = id;
	}
}

static bool known_and_equal(uint32_t a, uint32_t b)
{
	return a != TOPOLOGY_UNKNOWN && a == b;
}

/* Cache IDs are APIC IDs shifted: equal IDs name one cache only within a
 * package, which the caller has checked. */
enum topology_class topology_class_of(const struct topology_place *a,
				      const struct topology_place *b)
{
	if (a->ids.package != b->ids.package)
		return TOPOLOGY_REMOTE;
	if (topology_same_core(&a->ids, &b->ids))
		return TOPOLOGY_SMT;
	if (known_and_equal(a->l2, b->l2))
		return TOPOLOGY_L2;
	if (known_and_equal(a->l3, b->l3))
		return TOPOLOGY_L3;
	if (a->node != b->node && a->node != TOPOLOGY_UNKNOWN && b->node != TOPOLOGY_UNKNOWN)
		return TOPOLOGY_NUMA;
	return a->ids.die == b->ids.die ? TOPOLOGY_DIE : TOPOLOGY_PACKAGE;
}

const char *topology_class_name(unsigned cls)
{
	static const char *const names[TOPOLOGY_CLASSES] = {
		"smt", "l2", "l3", "die", "package", "numa", "remote",
	};

	return cls < TOPOLOGY_CLASSES ? names[cls] : "";
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
