/*
 * Kernel command line: space-separated key=value words. Pure code, shared with
 * the host unit tests and fuzzers. Every accepted key is listed in
 * docs/cmdline.md.
 */
#ifndef CMDLINE_H
#define CMDLINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define CMDLINE_MAX_CPUS 256
#define CMDLINE_MAX_BENCH 32
#define CMDLINE_MAX_PERIODS 8
#define CMDLINE_SAMPLES_MAX 10000000
/* Room for the longest error line cmdline_parse writes, NUL included:
 * tests/unit/test_cmdline.c builds the longest there is and checks it. */
#define CMDLINE_ERR_MAX 1024
/* The benchmark names, a byte more each, take at most this much, so that
 * bench='s "accepted:" list fits in CMDLINE_ERR_MAX. */
#define CMDLINE_BENCH_NAMES_MAX 256

enum apic_pref { APIC_PREF_AUTO, APIC_PREF_XAPIC, APIC_PREF_X2APIC };

/* inject= names, as bits: faults the tests inject on purpose. */
enum {
	INJECT_AP_NOSTART = 1u << 0,	/* the last AP's start-up IPIs go nowhere */
	INJECT_IPI_DROP = 1u << 1,	/* the IPI receiver withholds some replies */
	INJECT_HANDLER_FAULT = 1u << 2,	/* an AP faults inside an IPI handler */
	INJECT_UART_STALL = 1u << 3,	/* the UART transmitter looks stuck for a while */
	INJECT_SMI = 1u << 4,		/* an SMI on CPU 0 at the start of each benchmark */
	INJECT_APIC_ERROR = 1u << 5,	/* an APIC error interrupt inside a frame */
	INJECT_IMPOSSIBLE = 1u << 6,	/* one sample below its floor in the first series */
	INJECT_CHECK_FAIL = 1u << 7,	/* the first one-way p50 noted above its round trip */
};

/* selftest= names, as bits. */
enum {
	SELFTEST_EXCEPTIONS = 1u << 0, /* raise recoverable exceptions, check frames */
	SELFTEST_FATAL = 1u << 1,      /* an unrecoverable fault: report and fail */
};

/* raw=: which series send their raw samples (docs/plan.md). */
enum raw_mode { RAW_AUTO, RAW_ALL, RAW_NONE };
/* results=: which summary rows get a result line (docs/output-format.md). */
enum results_mode { RESULTS_AUTO, RESULTS_ALL, RESULTS_NONE };
/* pairs=: which ordered CPU pairs the pair variants run on. */
enum pairs_mode { PAIRS_AUTO, PAIRS_ALL, PAIRS_CLASSES, PAIRS_LIST };
#define CMDLINE_MAX_PAIRS 64
/* tsc_trust=: whether one-way times across CPUs need an invariant TSC. */
enum tsc_trust { TSC_TRUST_INVARIANT, TSC_TRUST_ASSUME };
/* link_bps=auto: the UART's rate on hardware, unbounded on a fast path. */
#define LINK_BPS_AUTO UINT32_MAX

struct cmdline {
	uint32_t bench_mask;	/* bit i selects bench_names[i] */
	uint32_t samples;
	uint32_t warmup;
	uint32_t series_ms;	/* time budget of one measured series */
	uint32_t timer_period_us[CMDLINE_MAX_PERIODS];
	unsigned n_timer_periods;
	uint32_t hist_bucket_ns;	/* timer lateness histogram bucket width */
	uint64_t cpus[CMDLINE_MAX_CPUS / 64];	/* bit n selects CPU index n */
	bool cpus_all;		/* cpus= holds all: no CPU is named, each one there runs */
	enum apic_pref apic;
	uint32_t selftest;
	uint32_t inject;
	uint16_t serial_port;	/* the UART's I/O port; 0: serial=none */
	uint16_t debugcon_port;	/* QEMU's debug console port; 0: debugcon=off */
	bool hold;		/* halt after the run instead of exiting */
	enum raw_mode raw_mode;
	enum results_mode results_mode;
	enum pairs_mode pairs_mode;
	struct { uint16_t src, dst; } pairs[CMDLINE_MAX_PAIRS];	/* pairs=LIST */
	unsigned n_pairs;
	uint32_t link_bps;	/* bits per second of the output link, 0: unbounded */
	uint32_t serial_budget_s;	/* what the plan may send, in seconds of link time */
	uint32_t min_samples;	/* fewer completed samples: insufficient; UINT32_MAX: auto */
	enum tsc_trust tsc_trust;	/* assume: the TSCs are taken as synchronized without
					 * an invariant TSC (emulators, tests) */
};

/*
 * Parse line into out (defaults first: every benchmark, every CPU, apic=auto,
 * samples/warmup defaults). bench_names lists the benchmarks the kernel has,
 * n_bench of them. A leading word without '=' (the boot file name that QEMU,
 * GRUB and iPXE pass first) is skipped; a NULL line is an empty one.
 * Returns 0 with out filled and err empty, or -1 with out untouched and one
 * line in err (no newline, truncated to errlen) naming the offending word and
 * what is accepted; an errlen of CMDLINE_ERR_MAX holds any error whole.
 * n_bench above CMDLINE_MAX_BENCH, or names longer than
 * CMDLINE_BENCH_NAMES_MAX together, is an error too.
 */
int cmdline_parse(const char *line, const char *const *bench_names,
		  unsigned n_bench, struct cmdline *out, char *err, size_t errlen);

bool cmdline_cpu_selected(const struct cmdline *c, unsigned cpu);

#endif
