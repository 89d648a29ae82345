/*
 * TSC frequency. In order of trust: CPUID leaf 0x15 when it names the
 * crystal frequency (SDM Vol. 3B 18.7.3: TSC = crystal * EBX / EAX); the
 * hypervisor timing leaf 0x40000010 (EAX = TSC kHz, the VMware/KVM
 * convention); else a measurement against the 8254 PIT, whose input clock
 * is 1.193182 MHz on every PC (IBM PC/AT technical reference), or, on
 * machines without a PIT, against the HPET's main counter (its period in
 * femtoseconds is in its capabilities register, HPET spec 2.3.4) or else
 * the ACPI PM timer (3.579545 MHz, ACPI 6.5 4.8.3.3). The HPET comes
 * before the PM timer: it ticks at least 10 MHz, its counter is 32 or 64
 * bits wide (the PM timer may have 24) and it is read by MMIO, not by a
 * port. Every source that exists is read or measured, whichever is used,
 * so that checks.csv can hold them to each other. A measurement times each
 * device access at the middle of the TSC reads around it, so each window's
 * error is bounded by its resolution (half of each bracketing read):
 * under a nested hypervisor one access takes tens of microseconds, and
 * timing a window's end after it made every measured frequency 0.1 % high
 * there. It keeps the sharpest window, taking more while none is sharp:
 * on a loaded host, or with an SMI, one read can take milliseconds, and a
 * median of five windows, most of them disturbed, was seen 19 % off (its
 * resolution 39 %).
 */
#include "tsc.h"

#include "cpu.h"
#include "cpuinfo.h"
#include "hpet.h"
#include "pit.h"
#include "stats.h"
#include "x86.h"

/* 20 ms windows: a port read under a hypervisor that emulates it (up to
 * ~50 us) is a resolution of 0.25% at most, timed at its middle. */
#define PIT_WINDOW_TICKS 23864u
/* A 20 ms window even at a 10 GHz TSC: a timer that has not counted its
 * window by then is not there. Bounded in TSC cycles, not in polls, since a
 * port read's cost ranges from ~1 us (hardware) to almost nothing (QEMU
 * -icount, where time advances by instructions). */
#define WINDOW_MAX_CYCLES 200000000ull
#define PM_TIMER_HZ 3579545ull
#define COUNTER_WINDOW_US 20000ull
#define FS_PER_S 1000000000000000ull
#define CPUID_HV_TIMING_LEAF 0x40000010

#define OVERHEAD_WARMUP 64
#define OVERHEAD_SAMPLES 1024

static struct tsc_info info;
static int64_t overhead_samples[OVERHEAD_SAMPLES];

/* One PIT window: TSC cycles while channel 2 counts PIT_WINDOW_TICKS down
 * in mode 0 (OUT2 goes high at terminal count), its resolution in *ppm.
 * 0 if OUT2 never rises. */
static uint64_t pit_window_cycles(uint32_t *ppm)
{
	pit_ch2_load_begin(PIT_WINDOW_TICKS);
	/* The count starts within the count's last byte and the gate (either
	 * may start it: QEMU's 8254 ignores the gate in mode 0). */
	uint64_t before = tsc_read_fenced();
	pit_ch2_load_end(PIT_WINDOW_TICKS);
	uint64_t after = tsc_read_fenced(), t0 = tsc_mid(before, after);
	uint64_t slack = (after - before) / 2;
	/* A freshly loaded mode 0 count holds OUT low for the whole window
	 * (8254 data sheet, mode 0): high at once means no PIT answers here
	 * (or this window was disturbed; the other windows decide). */
	if (pit_ch2_out())
		return 0;
	/* OUT2 rose after the last read that saw it low began and before the
	 * first that saw it high ended: the middle of those two TSC reads,
	 * give or take half their distance (a read delayed after its access,
	 * as on a loaded host, widens the bound instead of moving the rise). */
	uint64_t low = before;
	while (tsc_read_fenced() - t0 < WINDOW_MAX_CYCLES) {
		before = tsc_read_fenced();
		bool high = pit_ch2_out();
		after = tsc_read_fenced();
		if (high) {
			uint64_t cycles = tsc_mid(low, after) - t0;
			*ppm = tsc_window_ppm(slack + (after - low) / 2, cycles);
			return cycles;
		}
		low = before;
	}
	return 0;
}

/* No x86-64 CPU has a TSC below this: a slower result is a broken timer. */
#define TSC_MIN_PLAUSIBLE_HZ 100000000ull

/* One PIT window as a TSC frequency (tsc_sharpest_window's window). */
static uint64_t pit_window_hz(void *unused, uint32_t *ppm)
{
	(void)unused;
	return pit_window_cycles(ppm) * PIT_HZ / PIT_WINDOW_TICKS;
}

/* The sharpest window's frequency, its resolution in *ppm. */
static uint64_t pit_measure_hz(uint32_t *ppm)
{
	struct tsc_best_window b = tsc_sharpest_window(pit_window_hz, 0);

	*ppm = b.ppm;
	return b.hz >= TSC_MIN_PLAUSIBLE_HZ ? b.hz : 0;
}

/* A free-running up-counter of known frequency: the HPET or the PM timer. */
struct ref_counter {
	uint32_t (*read)(const void *ctx);
	const void *ctx;
	uint32_t mask;		/* its width: 0xFFFFFF or 0xFFFFFFFF */
	uint64_t hz;
};

/* One read of the counter, the TSC at its middle, and half its length. */
static uint32_t counter_read(const struct ref_counter *rc, uint64_t *at, uint64_t *half)
{
	uint64_t before = tsc_read_fenced();
	uint32_t v = rc->read(rc->ctx) & rc->mask;
	uint64_t after = tsc_read_fenced();

	*at = tsc_mid(before, after);
	*half = (after - before) / 2;
	return v;
}

/* One window of COUNTER_WINDOW_US between two reads of the counter, each
 * timed at its middle, its resolution in *ppm (the two reads' half
 * lengths, and a tick). 0 if the counter did not advance. ctx: the
 * ref_counter (tsc_sharpest_window's window). */
static uint64_t counter_window_hz(void *ctx, uint32_t *ppm)
{
	const struct ref_counter *rc = ctx;
	uint32_t window = (uint32_t)(rc->hz * COUNTER_WINDOW_US / 1000000);
	uint64_t t0, t, h0, h;
	uint32_t start = counter_read(rc, &t0, &h0), ticks;

	do
		ticks = (counter_read(rc, &t, &h) - start) & rc->mask;
	while (ticks < window && t - t0 < WINDOW_MAX_CYCLES);
	if (ticks < window)
		return 0;
	*ppm = tsc_window_ppm(h0 + h, t - t0) + tsc_window_ppm(1, ticks);
	return (t - t0) * rc->hz / ticks;
}

/* The sharpest window's frequency, its resolution in *ppm. */
static uint64_t counter_measure_hz(struct ref_counter *rc, uint32_t *ppm)
{
	struct tsc_best_window b = tsc_sharpest_window(counter_window_hz, rc);

	*ppm = b.ppm;
	return b.hz >= TSC_MIN_PLAUSIBLE_HZ ? b.hz : 0;
}

static uint32_t pm_timer_read(const void *port)
{
	return inl(*(const uint16_t *)port);
}

/* The PM timer counts up, 24 or 32 bits wide (FADT TMR_VAL_EXT). */
static uint64_t pm_timer_measure_hz(const struct platform_fadt *fadt, uint32_t *ppm)
{
	struct ref_counter rc = { pm_timer_read, &fadt->pm_timer_port,
				  fadt->pm_timer_32bit ? 0xFFFFFFFFu : 0xFFFFFFu, PM_TIMER_HZ };

	return counter_measure_hz(&rc, ppm);
}

static uint32_t hpet_read(const void *unused)
{
	(void)unused;
	return hpet_read_counter();
}

/* The main counter's low 32 bits (every HPET has them), at 10-100+ MHz;
 * 0 and why not in *why when it cannot be used. */
static uint64_t hpet_measure_hz(const struct platform_hpet *h, const char **why, uint32_t *ppm)
{
	uint32_t saved;

	if ((*why = hpet_counter_start(h, &saved)))
		return 0;
	struct ref_counter rc = { hpet_read, 0, 0xFFFFFFFFu, FS_PER_S / hpet_period_fs() };
	uint64_t hz = counter_measure_hz(&rc, ppm);
	hpet_counter_restore(saved);
	return hz;
}

static uint64_t cpuid_15h_hz(void)
{
	if (cpuid(0, 0).eax < 0x15)
		return 0;
	struct cpuid_regs r = cpuid(0x15, 0);
	if (!r.eax || !r.ebx || !r.ecx)
		return 0;
	return (uint64_t)r.ecx * r.ebx / r.eax;
}

static uint64_t hypervisor_leaf_hz(const struct cpuinfo *ci)
{
	if (!ci->hypervisor_present || cpuid(0x40000000, 0).eax < CPUID_HV_TIMING_LEAF)
		return 0;
	return (uint64_t)cpuid(CPUID_HV_TIMING_LEAF, 0).eax * 1000;
}

/* Every source that exists is read or measured, not only the one used:
 * checks.csv holds them to each other. The HPET and the PM timer cost a
 * 100 ms measurement each. */
static void sources_find(const struct platform *p, const struct cpuinfo *ci)
{
	static const char *const absent[TSC_SOURCES] = {
		[TSC_SOURCE_CPUID_15H] = "CPUID leaf 0x15 gives no crystal frequency",
		[TSC_SOURCE_HYPERVISOR_LEAF] = "no hypervisor timing leaf 0x40000010",
		[TSC_SOURCE_PIT] = "the PIT never counted down",
		[TSC_SOURCE_HPET] = "no HPET in the firmware tables",
		[TSC_SOURCE_PM_TIMER] = "no ACPI PM timer in the FADT",
	};
	uint64_t *hz = info.source_hz;
	uint32_t *ppm = info.source_ppm;
	const char *hpet_why = "the HPET's main counter did not count";

	hz[TSC_SOURCE_CPUID_15H] = cpuid_15h_hz();
	hz[TSC_SOURCE_HYPERVISOR_LEAF] = hypervisor_leaf_hz(ci);
	hz[TSC_SOURCE_PIT] = info.pit_hz = pit_measure_hz(&ppm[TSC_SOURCE_PIT]);
	if (p->hpet.present)
		hz[TSC_SOURCE_HPET] = hpet_measure_hz(&p->hpet, &hpet_why, &ppm[TSC_SOURCE_HPET]);
	if (p->fadt.pm_timer_port)
		hz[TSC_SOURCE_PM_TIMER] = pm_timer_measure_hz(&p->fadt, &ppm[TSC_SOURCE_PM_TIMER]);
	for (unsigned s = 0; s < TSC_SOURCES; s++)
		info.source_absent[s] = hz[s] ? 0 : absent[s];
	if (p->hpet.present && !hz[TSC_SOURCE_HPET])
		info.source_absent[TSC_SOURCE_HPET] = hpet_why ? hpet_why :
						      "the HPET's main counter did not count";
	if (p->fadt.pm_timer_port && !hz[TSC_SOURCE_PM_TIMER])
		info.source_absent[TSC_SOURCE_PM_TIMER] = "the ACPI PM timer did not count";
	if (cpuid(0, 0).eax >= 0x15)
		info.crystal_hz = cpuid(0x15, 0).ecx;
}

/* The first source in order of trust (the file's opening comment). */
const char *tsc_calibrate(const struct platform *p)
{
	struct cpuinfo ci;

	cpuinfo_read(&ci);
	info.invariant = ci.invariant_tsc;
	sources_find(p, &ci);
	for (unsigned s = 0; s < TSC_SOURCES; s++)
		if (info.source_hz[s]) {
			info.hz = info.source_hz[s];
			info.source = (enum tsc_source)s;
			return 0;
		}
	return "no CPUID 0x15 crystal, no hypervisor timing leaf, the PIT never counted "
	       "down and there is neither a working HPET nor a working ACPI PM timer";
}

const struct tsc_info *tsc_info(void)
{
	return &info;
}

void tsc_assume_synced(bool assume)
{
	info.assume_synced = assume;
}

bool tsc_sync_assumed(void)
{
	return info.assume_synced && !info.invariant;
}

const char *tsc_source_name(enum tsc_source s)
{
	switch (s) {
	case TSC_SOURCE_CPUID_15H: return "cpuid_15h";
	case TSC_SOURCE_HYPERVISOR_LEAF: return "cpuid_40000010h";
	case TSC_SOURCE_PIT: return "pit";
	case TSC_SOURCE_HPET: return "hpet";
	case TSC_SOURCE_PM_TIMER: return "acpi_pm_timer";
	case TSC_SOURCES: break;
	}
	return "unknown";
}

/* Split to keep cycles * 1e9 from overflowing 64 bits. */
uint64_t tsc_cycles_to_ns(uint64_t cycles)
{
	return cycles / info.hz * 1000000000ull + cycles % info.hz * 1000000000ull / info.hz;
}

uint64_t tsc_ns_to_cycles(uint64_t ns)
{
	return ns / 1000000000ull * info.hz + ns % 1000000000ull * info.hz / 1000000000ull;
}

uint64_t tsc_deadline_us(uint64_t us)
{
	return tsc_read_fenced() + tsc_ns_to_cycles(us * 1000);
}

bool tsc_passed(uint64_t deadline)
{
	return tsc_delta(deadline, tsc_read_fenced()) >= 0;
}

void tsc_delay_us(uint64_t us)
{
	uint64_t end = tsc_deadline_us(us);

	while (!tsc_passed(end))
		cpu_relax();
}

void tsc_record_overhead(void *unused)
{
	struct cpu *c = this_cpu();
	struct stats st;

	(void)unused;
	for (unsigned i = 0; i < OVERHEAD_WARMUP + OVERHEAD_SAMPLES; i++) {
		uint64_t t0 = tsc_start();
		uint64_t t1 = tsc_stop();
		if (i >= OVERHEAD_WARMUP)
			overhead_samples[i - OVERHEAD_WARMUP] = tsc_delta(t0, t1);
	}
	stats_compute(overhead_samples, OVERHEAD_SAMPLES, &st);
	c->timing_overhead_min = st.min;
	c->timing_overhead_median = st.p50;
}
