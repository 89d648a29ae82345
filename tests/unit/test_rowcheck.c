/* Host tests of bench/rowcheck.c: floors, impossible samples, the reason
 * that names the clocks, min_samples and the row status. */
#include <string.h>

#include "check.h"
#include "rowcheck.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* The measured case of issue 15: HPET deliveries, 9 of 10 before their
 * trigger, at a 2.12 GHz TSC. */
static void test_latency_before_trigger(void)
{
	static const int64_t v[] = { -268367, -1000, -5, 300, -1, -2, -3, -4, -6, -7 };
	struct sample_rule rule = { SAMPLE_LATENCY, 0, "the HPET comparator and the TSC" };
	struct row_check k;
	char why[200];

	rowcheck_samples(&rule, 0, v, N(v), &k);
	CHECK(k.impossible == 9);
	CHECK(k.lowest == -268367);
	CHECK(k.floor == 0);
	CHECK(rowcheck_status(&k, N(v), 0) == ROW_FAILED);
	rowcheck_reason(why, sizeof(why), &rule, &k, N(v), 2120000000);
	CHECK(strcmp(why, "9 of 10 samples arrived before their trigger: the HPET comparator and "
		     "the TSC disagree by up to 268367 cycles (126 us)") == 0);
}

/* Zero is possible (an interrupt and its trigger within one TSC tick);
 * the floor itself is allowed, one below it is not. */
static void test_floor_edges(void)
{
	static const int64_t v[] = { 0, 0, 1, 50 };
	static const int64_t w[] = { 49, 50, 51 };
	struct sample_rule zero = { 0 }, fifty = { SAMPLE_COST, 50, 0 };
	struct row_check k;
	char why[200];

	rowcheck_samples(&zero, 0, v, N(v), &k);
	CHECK(k.impossible == 0);
	CHECK(rowcheck_status(&k, N(v), 4) == ROW_OK);
	rowcheck_samples(&fifty, 0, w, N(w), &k);
	CHECK(k.impossible == 1 && k.lowest == 49);
	rowcheck_reason(why, sizeof(why), &fifty, &k, N(w), 0);
	CHECK(strcmp(why, "1 of 3 samples took less than their floor of 50 cycles: the TSC ran "
		     "backwards by up to 1 cycles") == 0);
}

/* A one-way time may lie below 0 by the TSC offsets' bound, not beyond. */
static void test_slack(void)
{
	static const int64_t v[] = { -300, -120, 40, -121 };
	struct sample_rule rule = { SAMPLE_LATENCY, 0, "the TSCs of the two CPUs" };
	struct row_check k;
	char why[200];

	rowcheck_samples(&rule, 120, v, N(v), &k);
	CHECK(k.floor == -120);
	CHECK(k.impossible == 2 && k.lowest == -300);
	rowcheck_reason(why, sizeof(why), &rule, &k, N(v), 1000000000);
	CHECK(strcmp(why, "2 of 4 samples arrived sooner than their floor of -120 cycles: the TSCs "
		     "of the two CPUs disagree by up to 180 cycles (180 ns)") == 0);
}

/* A signed error (a periodic interval minus its period) has no floor. */
static void test_signed_error(void)
{
	static const int64_t v[] = { -900000, 3, -1 };
	struct sample_rule rule = { SAMPLE_SIGNED_ERROR, 0, 0 };
	struct row_check k;

	rowcheck_samples(&rule, 0, v, N(v), &k);
	CHECK(k.impossible == 0);
	CHECK(rowcheck_status(&k, N(v), 3) == ROW_OK);
}

static void test_min_samples(void)
{
	struct row_check none = { 0 }, one = { 1, 0, -1 };

	CHECK(rowcheck_min_samples(MIN_SAMPLES_AUTO, 10000) == 100);
	CHECK(rowcheck_min_samples(MIN_SAMPLES_AUTO, 1000) == 100);
	CHECK(rowcheck_min_samples(MIN_SAMPLES_AUTO, 999) == 99);
	CHECK(rowcheck_min_samples(MIN_SAMPLES_AUTO, 20) == 2);
	CHECK(rowcheck_min_samples(MIN_SAMPLES_AUTO, 5) == 0);
	CHECK(rowcheck_min_samples(500, 20) == 500);
	CHECK(rowcheck_min_samples(0, 10000) == 0);
	/* 74 of 2000 samples (roundtrip_spin, TCG): insufficient at 100. */
	CHECK(rowcheck_status(&none, 74, 100) == ROW_INSUFFICIENT);
	CHECK(rowcheck_status(&none, 100, 100) == ROW_OK);
	CHECK(rowcheck_status(&none, 0, 0) == ROW_OK);
	/* Impossible wins over insufficient: a check failed. */
	CHECK(rowcheck_status(&one, 7, 100) == ROW_FAILED);
	CHECK(strcmp(rowcheck_status_name(ROW_INSUFFICIENT), "insufficient") == 0);
	CHECK(strcmp(rowcheck_status_name(ROW_FAILED), "failed") == 0);
	CHECK(strcmp(rowcheck_status_name(ROW_OK), "ok") == 0);
}

int main(void)
{
	RUN(test_latency_before_trigger);
	RUN(test_floor_edges);
	RUN(test_slack);
	RUN(test_signed_error);
	RUN(test_min_samples);
	return check_exit();
}
