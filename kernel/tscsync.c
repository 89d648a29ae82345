/*
 * TSC offsets by ping-pong, as NTP estimates a clock offset: CPU 0 reads t0,
 * signals; the other CPU reads t1 and answers; CPU 0 reads t2. If the two
 * one-way trips take equally long, t1 - (t0 + t2) / 2 is the other CPU's
 * TSC minus CPU 0's; whatever the trips' asymmetry, the error is at most
 * (t2 - t0) / 2. The round with the shortest round trip gives the tightest
 * bound and is the one kept. Offsets are signed; an invariant TSC on
 * hardware usually shows 0 within the bound.
 */
#include "tscsync.h"

#include "cpu.h"
#include "panic.h"
#include "smp.h"
#include "tsc.h"
#include "x86.h"

#define TSCSYNC_ROUNDS 32
#define TSCSYNC_WAIT_US 1000000

/* One cache line, written alternately by the two CPUs. */
static struct {
	volatile uint32_t phase;
	volatile uint64_t t_other;
} sync __attribute__((aligned(64)));

static bool wait_phase(uint32_t want, uint64_t deadline)
{
	while (__atomic_load_n(&sync.phase, __ATOMIC_ACQUIRE) != want) {
		if (tsc_passed(deadline))
			return false;
		cpu_relax();
	}
	return true;
}

/* The other CPU's side: answer each odd phase with its TSC. */
static void tscsync_responder(void *unused)
{
	uint64_t deadline = tsc_deadline_us(TSCSYNC_WAIT_US);

	(void)unused;
	for (uint32_t i = 0; i < TSCSYNC_ROUNDS; i++) {
		if (!wait_phase(2 * i + 1, deadline))
			return;
		sync.t_other = tsc_read_fenced();
		__atomic_store_n(&sync.phase, 2 * i + 2, __ATOMIC_RELEASE);
	}
}

static void tscsync_one(struct cpu *c)
{
	uint64_t best_rtt = UINT64_MAX;

	sync.phase = 0;
	smp_post(c->index, tscsync_responder, 0);
	uint64_t deadline = tsc_deadline_us(TSCSYNC_WAIT_US);
	for (uint32_t i = 0; i < TSCSYNC_ROUNDS; i++) {
		uint64_t t0 = tsc_read_fenced();
		__atomic_store_n(&sync.phase, 2 * i + 1, __ATOMIC_RELEASE);
		if (!wait_phase(2 * i + 2, deadline))
			panic_stop(EXIT_TIMEOUT, "tscsync: cpu %u did not answer round %u within %u us",
				   c->index, i, TSCSYNC_WAIT_US);
		uint64_t t2 = tsc_read_fenced();
		if (t2 - t0 < best_rtt) {
			best_rtt = t2 - t0;
			c->tsc_offset = (int64_t)(sync.t_other - (t0 + (t2 - t0) / 2));
			c->tsc_offset_uncertainty = (best_rtt + 1) / 2;
		}
	}
	if (!smp_wait(c->index, TSCSYNC_WAIT_US))
		panic_stop(EXIT_TIMEOUT, "tscsync: cpu %u did not finish", c->index);
}

void tscsync_measure(void)
{
	for (unsigned i = 1; i < smp_cpus_expected(); i++)
		if (cpus[i].online)
			tscsync_one(&cpus[i]);
}

uint64_t tscsync_pair_bound(unsigned a, unsigned b)
{
	return cpus[a].tsc_offset_uncertainty + cpus[b].tsc_offset_uncertainty;
}
