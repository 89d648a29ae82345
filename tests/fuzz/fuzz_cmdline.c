/*
 * libFuzzer target: cmdline_parse (kernel/cmdline.c). The input is the
 * command line itself (a NUL ends it early, as in the kernel's copy).
 *
 * Invariants, beyond no crash and no sanitizer report:
 *  - success: err is empty and every field of out is in its documented
 *    range (docs/cmdline.md), with 1 to 8 timer periods; failure: err is one printable line starting
 *    "cmdline: " and out is untouched;
 *  - the result does not depend on the size of the error buffer, and a
 *    shorter buffer holds a prefix of the full message (checked with a
 *    buffer of exactly that size, so an overflow is an ASan report);
 *  - the parse is deterministic, with 5 benchmark names and with 32, the
 *    most allowed; 33 names is always an error.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cmdline.h"
#include "fuzz.h"

#define LEN(a) (sizeof(a) / sizeof((a)[0]))

static const char *const names32[32] = {
	"int_n", "self_ipi", "ipi", "timer", "nmi", "b5", "b6", "b7",
	"b8", "b9", "b10", "b11", "b12", "b13", "b14", "b15",
	"b16", "b17", "b18", "b19", "b20", "b21", "b22", "b23",
	"b24", "b25", "b26", "b27", "b28", "b29", "b30", "all_but_name",
};
static const char *const names33[33];

/* A pattern that no successful parse can leave (samples 0 is out of range). */
static void poison(struct cmdline *c)
{
	memset(c, 0xA5, sizeof(*c));
	c->samples = 0;
}

static void check_out(const struct cmdline *c, unsigned n_bench)
{
	uint32_t bench_all = n_bench >= 32 ? UINT32_MAX : (1u << n_bench) - 1;

	FUZZ_CHECK((c->bench_mask & ~bench_all) == 0, "bench_mask %#x with %u benchmarks",
		   c->bench_mask, n_bench);
	FUZZ_CHECK(c->samples >= 1 && c->samples <= 10000000, "samples %u", c->samples);
	FUZZ_CHECK(c->warmup <= 1000000, "warmup %u", c->warmup);
	FUZZ_CHECK(c->series_ms >= 1 && c->series_ms <= 3600000, "series_ms %u", c->series_ms);
	FUZZ_CHECK(c->n_timer_periods >= 1 && c->n_timer_periods <= CMDLINE_MAX_PERIODS,
		   "%u timer periods", c->n_timer_periods);
	for (unsigned i = 0; i < c->n_timer_periods && i < CMDLINE_MAX_PERIODS; i++)
		FUZZ_CHECK(c->timer_period_us[i] >= 1 && c->timer_period_us[i] <= 1000000,
			   "timer period %u: %u us", i, c->timer_period_us[i]);
	FUZZ_CHECK(c->hist_bucket_ns >= 1 && c->hist_bucket_ns <= 1000000, "hist_bucket_ns %u",
		   c->hist_bucket_ns);
	FUZZ_CHECK(c->apic == APIC_PREF_AUTO || c->apic == APIC_PREF_XAPIC ||
		   c->apic == APIC_PREF_X2APIC, "apic %d", (int)c->apic);
	FUZZ_CHECK((c->selftest & ~(uint32_t)(SELFTEST_EXCEPTIONS | SELFTEST_FATAL)) == 0,
		   "selftest %#x", c->selftest);
	for (unsigned i = 0; i < CMDLINE_MAX_CPUS; i++)
		FUZZ_CHECK(cmdline_cpu_selected(c, i) == ((c->cpus[i / 64] >> (i % 64)) & 1),
			   "cmdline_cpu_selected(%u) disagrees with the mask", i);
	FUZZ_CHECK(!cmdline_cpu_selected(c, CMDLINE_MAX_CPUS), "CPU %u selected",
		   CMDLINE_MAX_CPUS);
}

/* One parse with the full-size buffer, checked, and again with a small one. */
static void parse_checked(const char *line, const char *const *names, unsigned n_bench,
			  size_t small_len)
{
	char err[256];
	struct cmdline out, again;
	int rc;

	poison(&out);
	rc = cmdline_parse(line, names, n_bench, &out, err, sizeof(err));
	FUZZ_CHECK(rc == 0 || rc == -1, "return value %d", rc);
	FUZZ_LOG("cmdline_parse with %u names: %d %s", n_bench, rc, err);
	if (rc == 0) {
		FUZZ_CHECK(err[0] == '\0', "success with err \"%s\"", err);
		check_out(&out, n_bench);
	} else {
		struct cmdline untouched;

		poison(&untouched);
		fuzz_check_err_line(err, sizeof(err), "cmdline: ");
		FUZZ_CHECK(memcmp(&out, &untouched, sizeof(out)) == 0,
			   "failure changed out (err \"%s\")", err);
	}

	/* Same answer again, with an error buffer of exactly small_len bytes. */
	char *small = small_len ? malloc(small_len) : NULL;
	poison(&again);
	int rc2 = cmdline_parse(line, names, n_bench, &again, small, small_len);
	FUZZ_CHECK(rc2 == rc, "errlen %zu changed the result from %d to %d", small_len, rc, rc2);
	if (rc == 0)
		FUZZ_CHECK(memcmp(&out, &again, sizeof(out)) == 0, "two parses differ");
	if (small_len) {
		size_t n = strnlen(small, small_len);
		FUZZ_CHECK(n < small_len, "small err not terminated");
		FUZZ_CHECK(strncmp(small, err, n) == 0 && (rc == 0 ? n == 0 : true),
			   "err with %zu bytes \"%s\" is not a prefix of \"%s\"", small_len, small,
			   err);
		FUZZ_CHECK(rc == 0 || n == strlen(err) || n == small_len - 1,
			   "err cut at %zu in a %zu-byte buffer", n, small_len);
	}
	free(small);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* The kernel's line is a NUL-terminated copy (bootinfo.cmdline). */
	char *line = malloc(size + 1);
	struct cmdline out;
	char err[128];

	if (!line)
		abort();
	memcpy(line, data, size);
	line[size] = '\0';

	/* Error buffer sizes from 0 to 80 bytes, by input length. */
	size_t small_len = size % 81;

	parse_checked(line, names32, 5, small_len);
	parse_checked(line, names32, LEN(names32), small_len);
	FUZZ_CHECK(cmdline_parse(line, names33, LEN(names33), &out, err, sizeof(err)) == -1,
		   "33 benchmark names accepted");
	fuzz_check_err_line(err, sizeof(err), "cmdline: ");

	free(line);
	return 0;
}
