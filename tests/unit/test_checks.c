/* Host tests of bench/checks.c: the cross-row comparisons on fixtures of
 * summary rows, the frequency and overhead checks, and the store's bound. */
#include <string.h>

#include "check.h"
#include "checks.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* The rows checks_rows gives, copied. */
static struct check_row got[64];
static unsigned n_got;

static void collect(const struct check_row *r, void *ctx)
{
	(void)ctx;
	if (n_got < N(got))
		got[n_got] = *r;
	n_got++;
}

static struct check_record recs[32];
static struct check_store store;

static void store_reset(size_t cap)
{
	memset(&store, 0, sizeof(store));
	store.r = recs;
	store.cap = cap;
	n_got = 0;
}

static const struct check_row *row(const char *check, const char *subject)
{
	for (unsigned i = 0; i < n_got && i < N(got); i++)
		if (strcmp(got[i].check, check) == 0 && strcmp(got[i].subject, subject) == 0)
			return &got[i];
	return 0;
}

/* A 2-CPU ipi run as the kernel notes it (TCG -icount figures). */
static void note_pair(int a, int b, int64_t icr, int64_t rt, int64_t ow, uint64_t bound)
{
	checks_note(&store, "ipi", "icr", a, b, "ok", icr, icr + 1, 0, "");
	checks_note(&store, "ipi", "roundtrip_spin", a, b, "ok", rt, rt + 10, 0, "");
	checks_note(&store, "ipi", "oneway_spin", a, b, "ok", ow, ow + 10, bound, "one-way");
	checks_note(&store, "ipi", "roundtrip_halt", a, b, "ok", rt + 5, rt + 50, 0, "");
	checks_note(&store, "ipi", "oneway_halt", a, b, "insufficient", ow + 2, ow + 4, bound, "few");
}

static void test_all_ok(void)
{
	store_reset(N(recs));
	note_pair(0, 1, 28, 259, 114, 33);
	note_pair(1, 0, 28, 259, 114, 33);
	checks_note(&store, "ipi", "broadcast_last", 0, -1, "ok", 139, 139, 0, "");
	checks_note(&store, "ipi", "broadcast_each", 0, 1, "ok", 92, 92, 33, "");
	checks_note(&store, "timer", "oneshot", 0, -1, "ok", 5000, 5000, 0, "");
	checks_rows(&store, collect, 0);
	CHECK(n_got == 2 + 2 + 1 + 2 + 3);	/* and no retargeting: one skipped row per source */
	const struct check_row *r = row("oneway_le_roundtrip", "pair 0->1 spin");
	CHECK(r && r->verdict == CHECK_OK && r->reason[0] == 0);
	CHECK(r && strcmp(r->figures, "oneway_spin p50 114 cycles, roundtrip_spin p50 259 cycles") == 0);
	CHECK(r && strcmp(r->bound, "oneway_spin p50 <= roundtrip_spin p50 + 33 cycles "
			  "(the TSC offsets' bound)") == 0);
	r = row("oneway_le_roundtrip", "pair 1->0 halt");
	CHECK(r && r->verdict == CHECK_OK);
	r = row("icr_le_roundtrip", "pair 0->1");
	CHECK(r && r->verdict == CHECK_OK);
	CHECK(r && strcmp(r->bound, "icr p50 <= roundtrip_halt p99") == 0);
	r = row("broadcast_each_le_last", "source 0");
	CHECK(r && r->verdict == CHECK_OK);
	CHECK(r && strstr(r->figures, "the highest of 1 receivers: cpu 1"));
	for (unsigned i = 0; i < 7; i++)
		CHECK(strcmp(checks_verdict_name(got[i].verdict), "ok") == 0);
	r = row("deliver_le_roundtrip", "all pit");
	CHECK(r && r->verdict == CHECK_SKIPPED);
	CHECK(r && strcmp(r->reason, "nothing to check: no retarget_roundtrip_pit row") == 0);
}

/* The IOAPIC's retargeting: a's trigger to b's handler is part of the
 * round trip back to a, per source. */
static void test_retarget(void)
{
	store_reset(N(recs));
	checks_note(&store, "ioapic", "retarget_roundtrip_pit", 0, 1, "ok", 259, 300, 0, "");
	checks_note(&store, "ioapic", "retarget_deliver_pit", 0, 1, "ok", 66, 70, 33, "");
	checks_note(&store, "ioapic", "retarget_roundtrip_hpet", 0, 1, "ok", 100, 120, 0, "");
	checks_note(&store, "ioapic", "retarget_deliver_hpet", 0, 1, "ok", 140, 150, 33, "");
	checks_note(&store, "ioapic", "retarget_deliver_uart", -1, -1, "skipped", 0, 0, 0,
		    "no invariant TSC");
	checks_rows(&store, collect, 0);
	const struct check_row *r = row("deliver_le_roundtrip", "pair 0->1 pit");
	CHECK(r && r->verdict == CHECK_OK);
	r = row("deliver_le_roundtrip", "pair 0->1 hpet");
	CHECK(r && r->verdict == CHECK_FAILED);
	r = row("deliver_le_roundtrip", "all uart");
	CHECK(r && r->verdict == CHECK_SKIPPED);
}

/* The fixture of issue 15: a one-way p50 above its round trip's by more
 * than the offsets' bound cannot be; within the bound it can. */
static void test_oneway_above_roundtrip_fails(void)
{
	store_reset(N(recs));
	note_pair(0, 1, 28, 259, 300, 33);
	note_pair(1, 0, 28, 259, 280, 33);
	checks_rows(&store, collect, 0);
	const struct check_row *r = row("oneway_le_roundtrip", "pair 0->1 spin");
	CHECK(r && r->verdict == CHECK_FAILED);
	CHECK(r && strcmp(r->reason, "oneway_spin p50 exceeds roundtrip_spin p50 by 41 cycles, "
			  "beyond the TSC offsets' bound") == 0);
	r = row("oneway_le_roundtrip", "pair 1->0 spin");
	CHECK(r && r->verdict == CHECK_OK);
	/* An ICR write slower than the quickest round trip it is part of. */
	store_reset(N(recs));
	note_pair(0, 1, 320, 259, 114, 33);
	checks_rows(&store, collect, 0);
	r = row("icr_le_roundtrip", "pair 0->1");
	CHECK(r && r->verdict == CHECK_FAILED);
	CHECK(r && strcmp(r->reason, "icr p50 exceeds roundtrip_halt p99 by 11 cycles: it is part "
			  "of it") == 0);
}

/* Without an invariant TSC the one-way variants are skipped once, for
 * every pair: each pair's check is skipped, saying why. */
static void test_skipped_inputs(void)
{
	store_reset(N(recs));
	checks_note(&store, "ipi", "icr", 0, 1, "ok", 28, 28, 0, "");
	checks_note(&store, "ipi", "roundtrip_spin", 0, 1, "failed", 0, 0, 0, "no sample completed");
	checks_note(&store, "ipi", "oneway_spin", -1, -1, "skipped", 0, 0, 0, "no invariant TSC");
	checks_note(&store, "ipi", "roundtrip_halt", 0, 1, "ok", 264, 264, 0, "");
	checks_rows(&store, collect, 0);
	const struct check_row *r = row("oneway_le_roundtrip", "pair 0->1 halt");
	CHECK(r && r->verdict == CHECK_SKIPPED);
	CHECK(r && strcmp(r->reason, "no oneway_halt figure: no oneway_halt row") == 0);
	CHECK(r && strcmp(r->figures, "roundtrip_halt p50 264 cycles") == 0);
	r = row("oneway_le_roundtrip", "pair 0->1 spin");
	CHECK(r && r->verdict == CHECK_SKIPPED);
	CHECK(r && strstr(r->reason, "oneway_spin skipped: no invariant TSC"));
	/* icr against the halted round trip, which stands. */
	r = row("icr_le_roundtrip", "pair 0->1");
	CHECK(r && r->verdict == CHECK_OK);
	CHECK(r && strcmp(r->figures, "icr p50 28 cycles, roundtrip_halt p99 264 cycles") == 0);
	/* No broadcast at all: one row says there was nothing to check. */
	r = row("broadcast_each_le_last", "all");
	CHECK(r && r->verdict == CHECK_SKIPPED);
	CHECK(r && strcmp(r->reason, "nothing to check: no broadcast_last row") == 0);
}

/* broadcast_each folds to one record per source: the receiver furthest
 * above its bound is the one compared. */
static void test_broadcast_fold(void)
{
	store_reset(N(recs));
	checks_note(&store, "ipi", "broadcast_last", 0, -1, "ok", 500, 500, 0, "");
	checks_note(&store, "ipi", "broadcast_each", 0, 1, "ok", 300, 300, 10, "");
	checks_note(&store, "ipi", "broadcast_each", 0, 2, "ok", 560, 560, 20, "");
	checks_note(&store, "ipi", "broadcast_each", 0, 3, "ok", 400, 400, 10, "");
	CHECK(store.n == 2);
	checks_rows(&store, collect, 0);
	const struct check_row *r = row("broadcast_each_le_last", "source 0");
	CHECK(r && r->verdict == CHECK_FAILED);
	CHECK(r && strstr(r->figures, "broadcast_each p50 560 cycles"));
	CHECK(r && strstr(r->figures, "the highest of 3 receivers: cpu 2"));
}

/* A full store counts what it drops, and a row says so. */
static void test_store_bound(void)
{
	store_reset(3);
	note_pair(0, 1, 28, 259, 114, 33);
	CHECK(store.n == 3 && store.dropped == 2);
	checks_rows(&store, collect, 0);
	const struct check_row *r = row("rows_checked", "summary rows");
	CHECK(r && r->verdict == CHECK_SKIPPED);
	CHECK(r && strstr(r->reason, "2 summary rows came after"));
}

static void test_hz_agree(void)
{
	struct check_row r = { .check = "tsc_hz_agree" };

	checks_hz_agree(&r, "pit", 1000001314, 0, "cpuid_15h", 1000000000, 1000, 0);
	CHECK(r.verdict == CHECK_OK);
	CHECK(strcmp(r.bound, "within 0.1 % of cpuid_15h") == 0);
	CHECK(strcmp(r.figures, "pit 1000001314 Hz, cpuid_15h 1000000000 Hz (1 ppm apart)") == 0);
	checks_hz_agree(&r, "pit", 1001000000, 0, "cpuid_15h", 1000000000, 1000, 0);
	CHECK(r.verdict == CHECK_OK);		/* exactly 0.1 % */
	checks_hz_agree(&r, "pit", 1001000001, 0, "cpuid_15h", 1000000000, 1000, 0);
	CHECK(r.verdict == CHECK_FAILED);
	CHECK(strcmp(r.reason, "pit and cpuid_15h disagree by 1000001 Hz") == 0);
	/* A measurement's resolution widens the bound, and the row says so:
	 * nested KVM's PIT, 1007 ppm from the leaf, read 25 us at a time. */
	checks_hz_agree(&r, "pit", 2598758295, 0, "cpuid_40000010h", 2596142000, 1000, 1300);
	CHECK(r.verdict == CHECK_OK);
	CHECK(strcmp(r.bound, "within 0.1 % of cpuid_40000010h, and 1300 ppm (the measurements' "
		     "resolution)") == 0);
	checks_hz_agree(&r, "pit", 2598758295, 0, "cpuid_40000010h", 2596142000, 1000, 5);
	CHECK(r.verdict == CHECK_FAILED);
	checks_hz_agree(&r, "hpet", 0, "no HPET in the firmware tables", "pit", 2596162235, 1000, 0);
	CHECK(r.verdict == CHECK_SKIPPED);
	CHECK(strcmp(r.reason, "no HPET in the firmware tables") == 0);
}

static void test_overhead(void)
{
	struct check_row r = { .check = "timing_overhead" };

	checks_overhead(&r, 0, 7, 7, 4);
	CHECK(r.verdict == CHECK_OK && strcmp(r.subject, "cpu 0") == 0);
	checks_overhead(&r, 2, 28, 7, 4);
	CHECK(r.verdict == CHECK_OK);
	checks_overhead(&r, 2, 29, 7, 4);
	CHECK(r.verdict == CHECK_FAILED);
	checks_overhead(&r, 3, 1, 7, 4);
	CHECK(r.verdict == CHECK_FAILED);
	checks_overhead(&r, 1, 0, 7, 4);
	CHECK(r.verdict == CHECK_FAILED);
	CHECK(strstr(r.reason, "did not advance") != 0);
}

/* Under an emulator that does not order two series taken apart, the icr
 * check keeps its figures but is skipped with the store's reason, even
 * when it would fail; the checks within one series still judge. */
static void test_apart_unordered(void)
{
	store_reset(N(recs));
	store.apart_unordered = "an emulator";
	note_pair(0, 1, 38168, 259, 300, 33);
	checks_rows(&store, collect, 0);
	const struct check_row *r = row("icr_le_roundtrip", "pair 0->1");
	CHECK(r && r->verdict == CHECK_SKIPPED && strcmp(r->reason, "an emulator") == 0);
	CHECK(r && strcmp(r->figures, "icr p50 38168 cycles, roundtrip_halt p99 309 cycles") == 0);
	r = row("oneway_le_roundtrip", "pair 0->1 spin");
	CHECK(r && r->verdict == CHECK_FAILED);
}

int main(void)
{
	RUN(test_all_ok);
	RUN(test_oneway_above_roundtrip_fails);
	RUN(test_skipped_inputs);
	RUN(test_broadcast_fold);
	RUN(test_retarget);
	RUN(test_store_bound);
	RUN(test_hz_agree);
	RUN(test_overhead);
	RUN(test_apart_unordered);
	return check_exit();
}
