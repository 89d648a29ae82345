/*
 * Figures that cannot lie: every summary row's samples are checked against
 * what they are before any figure is computed from them (emit.c). A
 * latency cannot end before its trigger, nor a cost take less than
 * nothing: a sample below its floor shows two clocks that disagree, and
 * fails its row. A row with fewer completed samples than min_samples= is
 * `insufficient`: its figures stand, but are no headline. Pure code,
 * shared with the host unit tests (tests/unit/test_rowcheck.c).
 */
#ifndef ROWCHECK_H
#define ROWCHECK_H

#include <stddef.h>
#include <stdint.h>

/* What a row's samples are. SAMPLE_LATENCY is 0, so a variant that says
 * nothing gets the strict check. */
enum sample_kind {
	SAMPLE_LATENCY,		/* from a trigger to its effect: at least the floor */
	SAMPLE_COST,		/* what an operation takes: at least the floor */
	SAMPLE_SIGNED_ERROR,	/* an error around an expected instant: any sign */
};

struct sample_rule {
	enum sample_kind kind;
	int64_t floor;		/* cycles; no latency or cost lies below it */
	/* The clocks a sample compares, named as a subject ("the HPET
	 * comparator and the TSC"); NULL: the TSC alone. */
	const char *clocks;
};

struct row_check {
	uint64_t impossible;	/* samples below the floor */
	int64_t floor;		/* the floor applied */
	int64_t lowest;		/* the lowest sample (when impossible) */
};

/* Counts v's samples below rule's floor lowered by slack cycles (a one-way
 * time's TSC offsets bound); none for a signed error. */
void rowcheck_samples(const struct sample_rule *rule, uint64_t slack, const int64_t *v, size_t n,
		      struct row_check *out);

enum row_status { ROW_OK, ROW_INSUFFICIENT, ROW_FAILED };

/* Any impossible sample fails the row; else fewer than min_samples
 * completed samples make it insufficient. */
enum row_status rowcheck_status(const struct row_check *k, uint64_t n, uint32_t min_samples);
/* "ok", "insufficient", "failed". */
const char *rowcheck_status_name(enum row_status s);

/* min_samples=auto: 100, or samples/10 when smaller. */
#define MIN_SAMPLES_AUTO UINT32_MAX
#define MIN_SAMPLES_DEFAULT 100
uint32_t rowcheck_min_samples(uint32_t given, uint32_t samples);

/* Why a row with impossible samples failed, naming the clocks: "9 of 10
 * samples arrived before their trigger: the HPET comparator and the TSC
 * disagree by up to 268367 cycles (126 us)". tsc_hz 0: cycles alone. */
void rowcheck_reason(char *buf, size_t len, const struct sample_rule *rule,
		     const struct row_check *k, uint64_t n, uint64_t tsc_hz);

#endif
