/*
 * The window arithmetic of kernel/tsc_window.c: a window's frequency and
 * resolution from its bracketed ends, and the choice of the sharpest
 * window, including the nested-KVM case where one slow access put a lone
 * LAPIC timer window 6 % off.
 */
#include "check.h"
#include "tsc.h"

#define GHZ 1000000000ull

static struct tsc_bracket bracket(uint64_t before, uint64_t after)
{
	return (struct tsc_bracket){ before, after };
}

static void ppm_rounds_up(void)
{
	CHECK(tsc_window_ppm(0, 1000) == 0);
	CHECK(tsc_window_ppm(1, 1000000) == 1);
	CHECK(tsc_window_ppm(1, 1000001) == 1);
	CHECK(tsc_window_ppm(3, 2000000) == 2);
	CHECK(tsc_window_ppm(5, 0) == 0);
}

/* 10 ms of a 1 GHz TSC, 10^7 ticks of a 1 GHz timer, 100-cycle brackets:
 * exact, resolved to 10 ppm (50 + 50 cycles) and a tick (1 ppm). */
static void counter_sharp_window(void)
{
	uint32_t ppm = 0;
	uint64_t hz = tsc_window_counter_hz(bracket(1000, 1100), bracket(10001000, 10001100),
					    10000000, GHZ, &ppm);

	CHECK(hz == GHZ);
	CHECK(ppm == 11);
}

/* The end read took 1.2 ms (a loaded nested hypervisor): timed at its
 * middle the window reads 6 % long, and its resolution says so. */
static void counter_slow_access(void)
{
	uint32_t ppm = 0;
	uint64_t hz = tsc_window_counter_hz(bracket(0, 100), bracket(10000000, 11200000),
					    10000000, GHZ, &ppm);

	CHECK(hz < GHZ * 95 / 100);
	CHECK(ppm >= 56000);
	CHECK((GHZ - hz) / (GHZ / 1000000) <= ppm);
}

static void counter_empty_window(void)
{
	uint32_t ppm = 7;

	CHECK(tsc_window_counter_hz(bracket(10, 20), bracket(10, 20), 5, GHZ, &ppm) == 0);
	CHECK(tsc_window_counter_hz(bracket(10, 20), bracket(100, 200), 0, GHZ, &ppm) == 0);
	CHECK(ppm == 7);
}

/* Windows handed out in turn; the count of those taken. */
struct fake_windows {
	const struct tsc_best_window *w;
	unsigned n, taken;
};

static uint64_t fake_window(void *ctx, uint32_t *ppm)
{
	struct fake_windows *f = ctx;
	struct tsc_best_window w = f->taken < f->n ? f->w[f->taken] : (struct tsc_best_window){ 0, 0 };

	f->taken++;
	*ppm = w.ppm;
	return w.hz;
}

/* A failed window (0 Hz) is never kept; a sharper one replaces the best;
 * taking stops once the best is sharp. */
static void best_keeps_sharpest(void)
{
	static const struct tsc_best_window w[] = {
		{ 0, 0 }, { 938000000, 56000 }, { 990000000, 9000 }, { 900000000, 90000 },
		{ GHZ, TSC_WINDOW_SHARP_PPM }, { 999000000, 1 },
	};
	struct fake_windows f = { w, 6, 0 };
	struct tsc_best_window b = tsc_sharpest_window(fake_window, &f);

	CHECK(b.hz == GHZ && b.ppm == TSC_WINDOW_SHARP_PPM);
	CHECK(f.taken == 5);
}

/* None sharp: TSC_WINDOWS_MAX taken, the sharpest kept; none completed: 0. */
static void best_of_at_most_max(void)
{
	static const struct tsc_best_window w[] = { { 938000000, 56000 }, { 990000000, 9000 } };
	struct fake_windows f = { w, 2, 0 };
	struct tsc_best_window b = tsc_sharpest_window(fake_window, &f);

	CHECK(b.hz == 990000000 && b.ppm == 9000);
	CHECK(f.taken == TSC_WINDOWS_MAX);
	f = (struct fake_windows){ w, 0, 0 };
	b = tsc_sharpest_window(fake_window, &f);
	CHECK(b.hz == 0 && b.ppm == 0 && f.taken == TSC_WINDOWS_MAX);
}

int main(void)
{
	RUN(ppm_rounds_up);
	RUN(counter_sharp_window);
	RUN(counter_slow_access);
	RUN(counter_empty_window);
	RUN(best_keeps_sharpest);
	RUN(best_of_at_most_max);
	return check_exit();
}
