/*
 * checks.csv (checks_emit.h): the cross-row checks of checks.h over this
 * run's summary rows, clocks and CPUs, written once after the last
 * benchmark (docs/results-schema.md#checkscsv).
 */
#include "checks_emit.h"

#include "bench.h"
#include "checks.h"
#include "cmdline.h"
#include "console.h"
#include "cpu.h"
#include "cpuinfo.h"
#include "fmt.h"
#include "frame.h"
#include "kstring.h"
#include "lapic.h"
#include "smp.h"
#include "tsc.h"

#define CHECKS_COLUMNS "check,subject,figures,bound,verdict,reason"
/* The representative pairs' and sources' rows: 5 per pair and 2 per
 * source under pairs=auto, at any CPU count; pairs=all at 256 CPUs has
 * more, and the rows past these are counted as unchecked. */
#define CHECKS_RECORDS 4096
/* 0.1 %: the clocks of a PC agree far better (tens of ppm); a measured
 * frequency off by more was measured wrong. */
#define CHECKS_HZ_PPM 1000
/* A CPU's empty measurement within 4x of CPU 0's: hybrid cores differ by
 * less; more says the CPU's timing path is another one. */
#define CHECKS_OVERHEAD_FACTOR 4

static struct check_record records[CHECKS_RECORDS];
static struct check_store store = { .r = records, .cap = CHECKS_RECORDS };
static unsigned n_failed, n_verdict[3];
static char first_failed[200];
static bool inject_pending;
static int64_t last_roundtrip_p50;

void checks_emit_init(const struct cmdline *c)
{
	inject_pending = c->inject & INJECT_CHECK_FAIL;
}

/* inject=check_fail: the first one-way figure kept above what its round
 * trip (noted just before it, from the same samples) allows. */
static int64_t inject(const char *variant, int src, int dst, int64_t p50, uint64_t bound)
{
	if (strcmp(variant, "roundtrip_spin") == 0 || strcmp(variant, "roundtrip_halt") == 0)
		last_roundtrip_p50 = p50;
	if (!inject_pending || (strcmp(variant, "oneway_spin") && strcmp(variant, "oneway_halt")))
		return p50;
	inject_pending = false;
	kprintf("checks: fault injection (inject=check_fail): ipi %s cpu %d->%d kept with p50 %ld "
		"cycles (measured %ld)\n", variant, src, dst,
		last_roundtrip_p50 + (int64_t)bound + 1000, p50);
	return last_roundtrip_p50 + (int64_t)bound + 1000;
}

void checks_emit_note(const char *bench, const char *variant, int src, int dst,
		      const char *status, int64_t p50, int64_t p99, uint64_t bound,
		      const char *reason)
{
	if (strcmp(bench, "ipi") == 0)
		p50 = inject(variant, src, dst, p50, bound);
	checks_note(&store, bench, variant, src, dst, status, p50, p99, bound, reason);
}

typedef void row_sink(const struct check_row *r, void *ctx);

/* A row of the frame; the failed ones counted, the first named. */
static void row_out(const struct check_row *r, void *ctx)
{
	struct frame *f = ctx;
	char fig[2 * sizeof(r->figures)], bound[2 * sizeof(r->bound)], why[2 * sizeof(r->reason)];

	frame_csv_field(fig, sizeof(fig), r->figures);
	frame_csv_field(bound, sizeof(bound), r->bound);
	frame_csv_field(why, sizeof(why), r->reason);
	frame_row(f, "%s,%s,%s,%s,%s,%s", r->check, r->subject, fig, bound,
		  checks_verdict_name(r->verdict), why);
	n_verdict[r->verdict]++;
	if (r->verdict == CHECK_FAILED && !n_failed++)
		ksnprintf(first_failed, sizeof(first_failed), "%s %s: %s", r->check, r->subject,
			  r->reason);
}

/* After the frame: each failed check said on the console. */
static void row_say(const struct check_row *r, void *ctx)
{
	(void)ctx;
	if (r->verdict == CHECK_FAILED)
		kprintf("checks: %s %s: failed: %s (%s; %s)\n", r->check, r->subject, r->reason,
			r->figures, r->bound);
}

/* Every TSC frequency source against the one used. */
static void tsc_rows(row_sink *out, void *f)
{
	const struct tsc_info *ti = tsc_info();
	const char *ref = tsc_source_name(ti->source);
	struct check_row r;

	for (unsigned s = 0; s < TSC_SOURCES; s++) {
		if (s == ti->source)
			continue;
		r = (struct check_row){ .check = "tsc_hz_agree" };
		ksnprintf(r.subject, sizeof(r.subject), "source %s", tsc_source_name(s));
		checks_hz_agree(&r, tsc_source_name(s), ti->source_hz[s], ti->source_absent[s], ref,
				ti->hz, CHECKS_HZ_PPM, ti->source_ppm[s] + ti->source_ppm[ti->source]);
		out(&r, f);
	}
}

/* The LAPIC timer as measured against the TSC, and as given: CPUID 0x15's
 * crystal (the timer's clock where the leaf names it) and the hypervisor
 * leaf. The measurement's resolution is its own windows' and the TSC
 * frequency's, where that was measured too. */
static void lapic_rows(row_sink *out, void *f)
{
	static const char *const names[2] = { "cpuid_15h", "cpuid_40000010h" };
	static const char *const absent[2] = { "CPUID leaf 0x15 gives no crystal frequency",
					       "no hypervisor timing leaf 0x40000010" };
	const struct tsc_info *ti = tsc_info();
	uint64_t given[2] = { ti->crystal_hz, lapic_timer_hz_leaf() };
	uint32_t resolution = lapic_timer_hz_measured_ppm() + ti->source_ppm[ti->source];
	struct check_row r;

	for (unsigned i = 0; i < 2; i++) {
		r = (struct check_row){ .check = "lapic_timer_hz_agree" };
		ksnprintf(r.subject, sizeof(r.subject), "source %s", names[i]);
		checks_hz_agree(&r, names[i], given[i], absent[i], "measured",
				lapic_timer_hz_measured(), CHECKS_HZ_PPM, resolution);
		out(&r, f);
	}
}

static void overhead_rows(row_sink *out, void *f)
{
	struct check_row r;

	for (unsigned i = 0; i < smp_cpus_expected(); i++) {
		if (!cpus[i].online)
			continue;
		r = (struct check_row){ .check = "timing_overhead" };
		checks_overhead(&r, i, cpus[i].timing_overhead_median, cpus[0].timing_overhead_median,
				CHECKS_OVERHEAD_FACTOR);
		out(&r, f);
	}
}

/* Under QEMU's TCG (hypervisor signature "TCGTCGTCGTCG", CPUID 0x40000000)
 * an ICR write takes QEMU's global lock and wakes the target vCPU's host
 * thread from the sender's: it costs about a whole halted round trip, and
 * which of the two series comes out lower depends on the host's load
 * (icr p50 38,168 cycles against a round trip p99 of 32,760 was seen). */
static const char *apart_unordered(void)
{
	struct cpuinfo ci;

	cpuinfo_read(&ci);
	return strcmp(ci.hypervisor, "TCGTCGTCGTCG") ? 0 :
	       "TCG: an emulated ICR write wakes the target's host thread itself; "
	       "the two series are not ordered as on hardware";
}

static void all_rows(row_sink *out, void *ctx)
{
	store.apart_unordered = apart_unordered();
	checks_rows(&store, out, ctx);
	tsc_rows(out, ctx);
	lapic_rows(out, ctx);
	overhead_rows(out, ctx);
}

void checks_emit_run(void)
{
	struct frame f;

	console_lock();
	frame_begin(&f, "checks", CHECKS_COLUMNS);
	all_rows(row_out, &f);
	frame_end(&f);
	console_unlock();
	all_rows(row_say, 0);
	kprintf("checks: %u ok, %u failed, %u skipped (checks.csv)\n", n_verdict[CHECK_OK],
		n_verdict[CHECK_FAILED], n_verdict[CHECK_SKIPPED]);
}

unsigned checks_emit_failed(void)
{
	return n_failed;
}

const char *checks_emit_first_failed(void)
{
	return first_failed;
}
