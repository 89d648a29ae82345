/*
 * Topology decoding (kernel/topology.c) on CPUID values as real CPUs and
 * QEMU return them: an SMT Intel part, one without SMT, leaf 0x1F with a
 * die level, the legacy leaves 1 and 4, and tables the decoder must refuse.
 */
#include <stdint.h>
#include <string.h>

#include "check.h"
#include "topology.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

static void ids_of(const struct topology_shifts *s, uint32_t apic, uint32_t pkg, uint32_t die,
		   uint32_t core, uint32_t thread, int *bad)
{
	struct topology_ids ids;

	topology_decode(s, apic, &ids);
	if (ids.package != pkg || ids.die != die || ids.core != core || ids.thread != thread) {
		printf("  APIC ID 0x%x: package %u die %u core %u thread %u, expected %u %u %u %u\n",
		       apic, ids.package, ids.die, ids.core, ids.thread, pkg, die, core, thread);
		*bad = 1;
	}
}

/* Core i7-6700 (Skylake, 4 cores, 2 threads each), leaf 0xB: SMT level
 * shift 1 (2 logical), core level shift 4 (8 logical), then invalid. */
static void leaf_b_two_threads_per_core(void)
{
	static const struct topology_subleaf b[] = {
		{ 1, 2, 0x100, 5 }, { 4, 8, 0x201, 5 }, { 0, 0, 0x002, 5 },
	};
	struct topology_shifts s;
	int bad = 0;

	CHECK(topology_from_extended(TOPOLOGY_LEAF_B, b, N(b), &s));
	CHECK(s.source == TOPOLOGY_LEAF_B);
	CHECK(s.smt_shift == 1 && s.die_shift == 4 && s.package_shift == 4);
	ids_of(&s, 0, 0, 0, 0, 0, &bad);
	ids_of(&s, 5, 0, 0, 2, 1, &bad);
	ids_of(&s, 6, 0, 0, 3, 0, &bad);
	ids_of(&s, 0x13, 1, 0, 1, 1, &bad);	/* a second socket */
	CHECK(!bad);
}

/* Core i5-9400 (Coffee Lake, 6 cores, no SMT): the SMT level has shift 0. */
static void leaf_b_no_smt(void)
{
	static const struct topology_subleaf b[] = {
		{ 0, 1, 0x100, 4 }, { 3, 6, 0x201, 4 }, { 0, 0, 0x002, 4 },
	};
	struct topology_shifts s;
	struct topology_ids a, c;
	int bad = 0;

	CHECK(topology_from_extended(TOPOLOGY_LEAF_B, b, N(b), &s));
	CHECK(s.smt_shift == 0 && s.package_shift == 3);
	ids_of(&s, 4, 0, 0, 4, 0, &bad);
	ids_of(&s, 5, 0, 0, 5, 0, &bad);
	CHECK(!bad);
	topology_decode(&s, 4, &a);
	topology_decode(&s, 5, &c);
	CHECK(!topology_same_core(&a, &c));
}

/* QEMU -smp 8,sockets=1,dies=2,cores=2,threads=2 with an Intel vendor:
 * leaf 0x1F lists SMT (shift 1), core (2), die (type 5, shift 3). */
static void leaf_1f_with_die(void)
{
	static const struct topology_subleaf f[] = {
		{ 1, 2, 0x100, 6 }, { 2, 4, 0x201, 6 }, { 3, 8, 0x502, 6 }, { 0, 0, 0x003, 6 },
	};
	struct topology_shifts s;
	struct topology_ids a, c;
	int bad = 0;

	CHECK(topology_from_extended(TOPOLOGY_LEAF_1F, f, N(f), &s));
	CHECK(s.source == TOPOLOGY_LEAF_1F);
	CHECK(s.smt_shift == 1 && s.die_shift == 2 && s.package_shift == 3);
	ids_of(&s, 6, 0, 1, 1, 0, &bad);
	ids_of(&s, 7, 0, 1, 1, 1, &bad);
	ids_of(&s, 2, 0, 0, 1, 0, &bad);
	ids_of(&s, 9, 1, 0, 0, 1, &bad);
	CHECK(!bad);
	/* APIC IDs 2 and 6: the same core number on different dies. */
	topology_decode(&s, 2, &a);
	topology_decode(&s, 6, &c);
	CHECK(!topology_same_core(&a, &c));
	topology_decode(&s, 7, &c);
	topology_decode(&s, 6, &a);
	CHECK(topology_same_core(&a, &c));
}

/* Pentium 4 with Hyper-Threading (2 logical, leaf 4 says 1 core) and
 * Core 2 Quad (4 logical, 4 cores); a CPU without HTT; AMD without leaf 4. */
static void legacy_leaves(void)
{
	struct topology_shifts s;
	int bad = 0;

	topology_from_legacy(0x00020800, 1u << 28, 0x00000121, &s);
	CHECK(s.source == TOPOLOGY_LEAF_1_4 && s.smt_shift == 1 && s.package_shift == 1);
	ids_of(&s, 1, 0, 0, 0, 1, &bad);
	ids_of(&s, 6, 3, 0, 0, 0, &bad);
	topology_from_legacy(0x00040800, 1u << 28, 0x0C000121, &s);
	CHECK(s.smt_shift == 0 && s.package_shift == 2);
	ids_of(&s, 3, 0, 0, 3, 0, &bad);
	topology_from_legacy(0x01000800, 0, 0x00000121, &s);
	CHECK(s.smt_shift == 0 && s.package_shift == 0);
	ids_of(&s, 1, 1, 0, 0, 0, &bad);
	topology_from_legacy(0x00020800, 1u << 28, 0, &s);
	CHECK(s.source == TOPOLOGY_LEAF_1 && s.smt_shift == 0 && s.package_shift == 1);
	ids_of(&s, 3, 1, 0, 1, 0, &bad);
	CHECK(!bad);
}

static void extended_refused(void)
{
	static const struct topology_subleaf no_ebx[] = { { 1, 0, 0x100, 0 } };
	static const struct topology_subleaf no_type[] = { { 1, 2, 0x000, 0 } };
	static const struct topology_subleaf down[] = { { 4, 2, 0x100, 0 }, { 1, 8, 0x201, 0 } };
	struct topology_shifts s = { TOPOLOGY_NONE, 7, 7, 7 };

	CHECK(!topology_from_extended(TOPOLOGY_LEAF_B, no_ebx, N(no_ebx), &s));
	CHECK(!topology_from_extended(TOPOLOGY_LEAF_B, no_type, N(no_type), &s));
	CHECK(!topology_from_extended(TOPOLOGY_LEAF_1F, down, N(down), &s));
	CHECK(!topology_from_extended(TOPOLOGY_LEAF_B, down, 0, &s));
	CHECK(s.smt_shift == 7);	/* untouched on failure */
}

/* A 32-bit package shift (one package holds the whole ID space). */
static void full_width_shift(void)
{
	static const struct topology_subleaf b[] = { { 1, 2, 0x100, 0 }, { 32 & 0x1F, 4, 0x201, 0 } };
	struct topology_shifts s = { TOPOLOGY_LEAF_B, 1, 32, 32 };
	int bad = 0;

	/* EAX[4:0] cannot say 32: such a table reads as shift 0, decreasing. */
	CHECK(!topology_from_extended(TOPOLOGY_LEAF_B, b, N(b), &s));
	ids_of(&s, 0xFFFFFFFFu, 0, 0, 0x7FFFFFFF, 1, &bad);
	CHECK(!bad);
	CHECK(topology_source_name(TOPOLOGY_LEAF_1F)[0] == 'c');
	CHECK(topology_source_name(TOPOLOGY_NONE)[0] == 'n');
}

/* Cache subleaf EAX: type, level, sharing count (EAX[25:14] + 1). */
static uint32_t cache(unsigned type, unsigned level, unsigned sharing)
{
	return type | level << 5 | (sharing - 1) << 14;
}

/* Core i7-6700: L1d, L1i, L2 per core (2 threads), L3 for all 8. */
static void caches_intel_client(void)
{
	const uint32_t leaf4[] = { cache(1, 1, 2), cache(2, 1, 2), cache(3, 2, 2), cache(3, 3, 16), 0 };
	uint32_t l2, l3;

	topology_caches(leaf4, N(leaf4), 5, &l2, &l3);
	CHECK(l2 == 2 && l3 == 0);
	topology_caches(leaf4, N(leaf4), 0x13, &l2, &l3);
	CHECK(l2 == 9 && l3 == 1);
}

/* EPYC 7742 (Zen 2), leaf 0x8000001D: L2 per core, L3 per 4-core CCX
 * (8 threads); an unknown L3 where the CPU lists none. */
static void caches_amd_ccx(void)
{
	const uint32_t leaf[] = { cache(1, 1, 2), cache(2, 1, 2), cache(3, 2, 2), cache(3, 3, 8),
				  cache(0, 0, 1) };
	const uint32_t no_l3[] = { cache(1, 1, 1), cache(3, 2, 1), 0 };
	uint32_t l2, l3;

	topology_caches(leaf, N(leaf), 0x17, &l2, &l3);
	CHECK(l2 == 0xB && l3 == 2);
	topology_caches(no_l3, N(no_l3), 6, &l2, &l3);
	CHECK(l2 == 6 && l3 == TOPOLOGY_UNKNOWN);
	topology_caches(leaf, 0, 6, &l2, &l3);
	CHECK(l2 == TOPOLOGY_UNKNOWN && l3 == TOPOLOGY_UNKNOWN);
}

static struct topology_place place(uint32_t pkg, uint32_t die, uint32_t core, uint32_t thread,
				   uint32_t l2, uint32_t l3, uint32_t node)
{
	return (struct topology_place){ { pkg, die, core, thread }, l2, l3, node };
}

static enum topology_class class_to(const struct topology_place *a, struct topology_place b)
{
	return topology_class_of(a, &b);
}

static void classes(void)
{
	const uint32_t U = TOPOLOGY_UNKNOWN;
	struct topology_place a = place(0, 0, 0, 0, 0, 0, 0);

	CHECK(class_to(&a, place(0, 0, 0, 1, 0, 0, 0)) == TOPOLOGY_SMT);
	CHECK(class_to(&a, place(0, 0, 1, 0, 0, 0, 0)) == TOPOLOGY_L2);
	CHECK(class_to(&a, place(0, 0, 2, 0, 1, 0, 0)) == TOPOLOGY_L3);
	CHECK(class_to(&a, place(0, 0, 4, 0, 2, 1, 0)) == TOPOLOGY_DIE);
	CHECK(class_to(&a, place(0, 1, 0, 0, 8, 4, 0)) == TOPOLOGY_PACKAGE);
	CHECK(class_to(&a, place(0, 1, 0, 0, 8, 4, 1)) == TOPOLOGY_NUMA);
	CHECK(class_to(&a, place(1, 0, 0, 0, 0, 0, 0)) == TOPOLOGY_REMOTE);
	/* Unknown caches and nodes never make two CPUs near. */
	struct topology_place u = place(0, 0, 0, 0, U, U, U);
	CHECK(class_to(&u, place(0, 0, 3, 0, U, U, U)) == TOPOLOGY_DIE);
	CHECK(class_to(&u, place(0, 0, 3, 0, U, U, 4)) == TOPOLOGY_DIE);
	CHECK(strcmp(topology_class_name(TOPOLOGY_NUMA), "numa") == 0);
	CHECK(strcmp(topology_class_name(TOPOLOGY_CLASSES), "") == 0);
}

int main(void)
{
	RUN(caches_intel_client);
	RUN(caches_amd_ccx);
	RUN(classes);
	RUN(leaf_b_two_threads_per_core);
	RUN(leaf_b_no_smt);
	RUN(leaf_1f_with_die);
	RUN(legacy_leaves);
	RUN(extended_refused);
	RUN(full_width_shift);
	return check_exit();
}
