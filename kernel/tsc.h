/*
 * Time in TSC cycles: the one timing API every benchmark uses, and the TSC
 * frequency that turns cycles into nanoseconds.
 */
#ifndef TSC_H
#define TSC_H

#include <stdbool.h>
#include <stdint.h>

#include "platform.h"

/*
 * Serialised reads (SDM Vol. 2B, RDTSC: "LFENCE immediately before RDTSC"
 * waits for earlier instructions, "LFENCE immediately after" keeps later ones
 * from starting early). tsc_start() is fenced on both sides; tsc_stop() lets
 * the measured code finish first, then fences what follows. RDTSCP is not
 * used: several hypervisors (this project's nested KVM among them) hide it.
 */
static inline uint64_t tsc_read_fenced(void)
{
	uint32_t lo, hi;

	__asm__ volatile("lfence\n\trdtsc\n\tlfence" : "=a"(lo), "=d"(hi) : : "memory");
	return ((uint64_t)hi << 32) | lo;
}

static inline uint64_t tsc_start(void)
{
	return tsc_read_fenced();
}

static inline uint64_t tsc_stop(void)
{
	return tsc_read_fenced();
}

/* Signed difference: a later reading on another CPU may be smaller. */
static inline int64_t tsc_delta(uint64_t from, uint64_t to)
{
	return (int64_t)(to - from);
}

enum tsc_source {
	TSC_SOURCE_CPUID_15H,		/* crystal clock ratio, exact */
	TSC_SOURCE_HYPERVISOR_LEAF,	/* CPUID 0x40000010 EAX, kHz */
	TSC_SOURCE_PIT,			/* measured against the 8254 */
	TSC_SOURCE_HPET,		/* measured against the HPET main counter */
	TSC_SOURCE_PM_TIMER,		/* measured against the ACPI PM timer */
	TSC_SOURCES
};

struct tsc_info {
	uint64_t hz;
	enum tsc_source source;
	uint64_t pit_hz;	/* the PIT measurement, 0 if not taken */
	/* What every source gave, for the cross-check (checks.csv): 0 and
	 * why not where a source is absent or did not count. */
	uint64_t source_hz[TSC_SOURCES];
	const char *source_absent[TSC_SOURCES];
	/* A measured source's resolution, in ppm: how far its windows' ends
	 * may be off (each device access bracketed by TSC reads), 0 for one
	 * that is read, not measured. */
	uint32_t source_ppm[TSC_SOURCES];
	uint64_t crystal_hz;	/* CPUID 0x15 ECX (the LAPIC timer's clock), 0 if not given */
	bool invariant;
	/* tsc_trust=assume: the TSCs are taken as synchronized although
	 * CPUID does not say they are invariant. */
	bool assume_synced;
};

/* Find the TSC frequency; returns NULL or why it cannot be known. */
const char *tsc_calibrate(const struct platform *p);
const struct tsc_info *tsc_info(void);
/* tsc_trust=assume: take the TSCs as synchronized without an invariant TSC. */
void tsc_assume_synced(bool assume);
/* Whether one-way times across CPUs rest on that assumption alone
 * (assumed, and not invariant). */
bool tsc_sync_assumed(void);
const char *tsc_source_name(enum tsc_source s);
uint64_t tsc_cycles_to_ns(uint64_t cycles);
uint64_t tsc_ns_to_cycles(uint64_t ns);
/* Run on a CPU: measure an empty tsc_start/tsc_stop pair there (min and
 * median) into its struct cpu. Runs on one CPU at a time. */
void tsc_record_overhead(void *unused);

/* ---- a clock measured against the TSC in windows (tsc_window.c, host-tested) ---- */
/* Windows are taken until one resolves the frequency to TSC_WINDOW_SHARP_PPM
 * (0.01 %, a tenth of checks.csv's agreement bound), at most TSC_WINDOWS_MAX. */
#define TSC_WINDOW_SHARP_PPM 100u
#define TSC_WINDOWS_MAX 10

/* The TSC at the middle of an interval whose ends were read: where a
 * device access between them most likely took effect. Under a hypervisor
 * one access costs tens of microseconds (two VM exits nested), and taking
 * either end instead would lengthen or shorten every window by half that:
 * 0.1 % of a 20 ms window. */
static inline uint64_t tsc_mid(uint64_t before, uint64_t after)
{
	return before + (after - before) / 2;
}

/* One device access: the TSC read just before it and just after. */
struct tsc_bracket {
	uint64_t before, after;
};

/* The sharpest of the windows so far: its frequency and resolution. */
struct tsc_best_window {
	uint64_t hz;
	uint32_t ppm;
};

/* Takes windows, window(ctx, &ppm) each (a frequency and its resolution;
 * 0 when the window did not complete), until one is sharp, at most
 * TSC_WINDOWS_MAX: the sharpest ({0, 0} when none completed). */
struct tsc_best_window tsc_sharpest_window(uint64_t (*window)(void *ctx, uint32_t *ppm), void *ctx);
/* How far off a window of `cycles` may be, its ends known to +-slack
 * cycles together, in ppm (rounded up): the resolution of a measurement. */
uint32_t tsc_window_ppm(uint64_t slack, uint64_t cycles);
/* A counter that advanced `ticks` between the accesses start and end,
 * against a TSC of tsc_hz: its frequency, and its resolution in *ppm.
 * 0 if the window is empty. */
uint64_t tsc_window_counter_hz(struct tsc_bracket start, struct tsc_bracket end, uint64_t ticks,
			       uint64_t tsc_hz, uint32_t *ppm);

/* Busy-wait at least us microseconds. */
void tsc_delay_us(uint64_t us);
/* A deadline us microseconds from now, for bounded waits. */
uint64_t tsc_deadline_us(uint64_t us);
bool tsc_passed(uint64_t deadline);

#endif
