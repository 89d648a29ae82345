/*
 * Measuring a clock against the TSC in windows: the arithmetic, kept pure
 * so the host tests can check it (tsc.c measures the TSC against the PIT,
 * HPET and PM timer with it; lapic.c the LAPIC timer against the TSC).
 * Each device access is bracketed by TSC reads and timed at their middle,
 * so a window's error is bounded by its resolution: half of each bracket,
 * over the window. The sharpest window is kept: under a loaded nested
 * hypervisor, or with an SMI, one access can take milliseconds.
 */
#include "tsc.h"

struct tsc_best_window tsc_sharpest_window(uint64_t (*window)(void *ctx, uint32_t *ppm), void *ctx)
{
	struct tsc_best_window b = { 0, 0 };

	for (unsigned i = 0; i < TSC_WINDOWS_MAX && !(b.hz && b.ppm <= TSC_WINDOW_SHARP_PPM); i++) {
		uint32_t ppm = 0;
		uint64_t hz = window(ctx, &ppm);

		if (hz && (!b.hz || ppm < b.ppm))
			b = (struct tsc_best_window){ hz, ppm };
	}
	return b;
}

uint32_t tsc_window_ppm(uint64_t slack, uint64_t cycles)
{
	return cycles ? (uint32_t)((slack * 1000000 + cycles - 1) / cycles) : 0;
}

/* Each end is known to half its bracket; the count to a tick (the read
 * falls anywhere within one). In 64 bits (the kernel has no libgcc
 * for a 128-bit division): the LAPIC timer's whole 32-bit count against
 * a TSC below 4.29 GHz fits; a 10-20 ms window, far more. */
uint64_t tsc_window_counter_hz(struct tsc_bracket start, struct tsc_bracket end, uint64_t ticks,
			       uint64_t tsc_hz, uint32_t *ppm)
{
	uint64_t t0 = tsc_mid(start.before, start.after), t1 = tsc_mid(end.before, end.after);
	uint64_t slack = (start.after - start.before) / 2 + (end.after - end.before) / 2;

	if (t1 <= t0 || !ticks)
		return 0;
	*ppm = tsc_window_ppm(slack, t1 - t0) + tsc_window_ppm(1, ticks);
	return ticks * tsc_hz / (t1 - t0);
}
