/* Every summary row's samples against what they are (rowcheck.h). */
#include "rowcheck.h"

#include <stdbool.h>

#include "fmt.h"

void rowcheck_samples(const struct sample_rule *rule, uint64_t slack, const int64_t *v, size_t n,
		      struct row_check *out)
{
	*out = (struct row_check){ .floor = rule->floor - (int64_t)slack };
	if (rule->kind == SAMPLE_SIGNED_ERROR)
		return;
	for (size_t i = 0; i < n; i++)
		if (v[i] < out->floor && (!out->impossible++ || v[i] < out->lowest))
			out->lowest = v[i];
}

enum row_status rowcheck_status(const struct row_check *k, uint64_t n, uint32_t min_samples)
{
	if (k->impossible)
		return ROW_FAILED;
	return n < min_samples ? ROW_INSUFFICIENT : ROW_OK;
}

const char *rowcheck_status_name(enum row_status s)
{
	return s == ROW_OK ? "ok" : s == ROW_INSUFFICIENT ? "insufficient" : "failed";
}

uint32_t rowcheck_min_samples(uint32_t given, uint32_t samples)
{
	if (given != MIN_SAMPLES_AUTO)
		return given;
	return samples / 10 < MIN_SAMPLES_DEFAULT ? samples / 10 : MIN_SAMPLES_DEFAULT;
}

/* "268367 cycles (126 us)": the time too, when the TSC's rate is known. */
static void cycles_and_time(char *buf, size_t len, uint64_t cycles, uint64_t tsc_hz)
{
	uint64_t ns = tsc_hz ? cycles / tsc_hz * 1000000000ull +
			       cycles % tsc_hz * 1000000000ull / tsc_hz : 0;

	if (!tsc_hz)
		ksnprintf(buf, len, "%lu cycles", cycles);
	else if (ns >= 1000)
		ksnprintf(buf, len, "%lu cycles (%lu us)", cycles, ns / 1000);
	else
		ksnprintf(buf, len, "%lu cycles (%lu ns)", cycles, ns);
}

void rowcheck_reason(char *buf, size_t len, const struct sample_rule *rule,
		     const struct row_check *k, uint64_t n, uint64_t tsc_hz)
{
	static const char *const what[2][2] = {
		{ "arrived before their trigger", "arrived sooner than their floor of" },
		{ "took less than no time", "took less than their floor of" },
	};
	bool cost = rule->kind == SAMPLE_COST, zero = k->floor == 0;
	char floor[32] = "", by[64];

	if (!zero)
		ksnprintf(floor, sizeof(floor), " %ld cycles", k->floor);
	cycles_and_time(by, sizeof(by), (uint64_t)(k->floor - k->lowest), tsc_hz);
	if (rule->clocks)
		ksnprintf(buf, len, "%lu of %lu samples %s%s: %s disagree by up to %s", k->impossible,
			  n, what[cost][!zero], floor, rule->clocks, by);
	else
		ksnprintf(buf, len, "%lu of %lu samples %s%s: the TSC ran backwards by up to %s",
			  k->impossible, n, what[cost][!zero], floor, by);
}
