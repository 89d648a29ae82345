/*
 * cmdline_parse: defaults, every key good and bad, the boot file name rule,
 * whitespace, the wording of error lines, and that no input (overlong,
 * binary, random) makes it misbehave.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "cmdline.h"

#define LEN(a) (sizeof(a) / sizeof((a)[0]))

static const char *const benches[] = { "ipi", "timer" };
static char err[CMDLINE_ERR_MAX];
static struct cmdline out;

static int parse(const char *line)
{
	return cmdline_parse(line, benches, LEN(benches), &out, err,
			     sizeof(err));
}

/* The line must be rejected with an error naming the given text. */
static void rejects(const char *line, const char *mentions)
{
	bool ok = parse(line) == -1 && strncmp(err, "cmdline: ", 9) == 0 &&
		  strstr(err, mentions) != NULL;
	if (!ok)
		printf("  line \"%s\": err \"%s\", wanted \"%s\" in it\n", line,
		       err, mentions);
	CHECK(ok);
}

static void accepts(const char *line)
{
	bool ok = parse(line) == 0 && err[0] == '\0';
	if (!ok)
		printf("  line \"%s\": err \"%s\"\n", line, err);
	CHECK(ok);
}

static bool all_cpus(const struct cmdline *c)
{
	for (unsigned i = 0; i < CMDLINE_MAX_CPUS; i++)
		if (!cmdline_cpu_selected(c, i))
			return false;
	return true;
}

static void check_defaults(void)
{
	CHECK(out.bench_mask == 3);
	CHECK(out.samples == 10000);
	CHECK(out.warmup == 1000);
	CHECK(out.series_ms == 2000);
	CHECK(out.n_timer_periods == 1 && out.timer_period_us[0] == 100);
	CHECK(out.hist_bucket_ns == 1000);
	CHECK(all_cpus(&out));
	CHECK(out.apic == APIC_PREF_AUTO);
	CHECK(out.serial_port == 0x3F8);
	CHECK(!out.hold);
	CHECK(out.debugcon_port == 0xE9);
	CHECK(out.selftest == 0);
}

static void test_defaults(void)
{
	static const char *const empty_lines[] = { "", "   ", "\t \t" };

	for (size_t i = 0; i < LEN(empty_lines); i++) {
		memset(&out, 0, sizeof(out));
		accepts(empty_lines[i]);
		check_defaults();
	}
	memset(&out, 0, sizeof(out));
	accepts(NULL);
	check_defaults();
}

static void test_inject(void)
{
	accepts("");
	CHECK(out.inject == 0);
	accepts("inject=ap_nostart,handler_fault");
	CHECK(out.inject == (INJECT_AP_NOSTART | INJECT_HANDLER_FAULT));
	accepts("inject=ipi_drop");
	CHECK(out.inject == INJECT_IPI_DROP);
	accepts("inject=smi,uart_stall");
	CHECK(out.inject == (INJECT_SMI | INJECT_UART_STALL));
	accepts("inject=apic_error");
	CHECK(out.inject == INJECT_APIC_ERROR);
	accepts("inject=impossible");
	CHECK(out.inject == INJECT_IMPOSSIBLE);
	accepts("inject=check_fail");
	CHECK(out.inject == INJECT_CHECK_FAIL);
	rejects("inject=all", "unknown fault to inject 'all'");
	rejects("inject=crash", "unknown fault to inject 'crash'");
}

/* The plan's options (docs/plan.md): pairs=, raw=, link_bps=, serial_budget_s=. */
static void test_plan_options(void)
{
	accepts("");
	CHECK(out.pairs_mode == PAIRS_AUTO && out.n_pairs == 0);
	CHECK(out.raw_mode == RAW_AUTO);
	CHECK(out.link_bps == LINK_BPS_AUTO);
	CHECK(out.serial_budget_s == 300);
	accepts("pairs=classes raw=none link_bps=115200 serial_budget_s=60");
	CHECK(out.pairs_mode == PAIRS_CLASSES && out.raw_mode == RAW_NONE);
	CHECK(out.link_bps == 115200 && out.serial_budget_s == 60);
	accepts("pairs=all raw=all link_bps=0");
	CHECK(out.pairs_mode == PAIRS_ALL && out.raw_mode == RAW_ALL && out.link_bps == 0);
	accepts("pairs=0:1,5:3,255:0");
	CHECK(out.pairs_mode == PAIRS_LIST && out.n_pairs == 3);
	CHECK(out.pairs[1].src == 5 && out.pairs[1].dst == 3);
	CHECK(out.pairs[2].src == 255 && out.pairs[2].dst == 0);
	rejects("pairs=1:1", "a pair needs two CPUs '1:1'");
	rejects("pairs=0:1,0:1", "pair given twice '0:1'");
	rejects("pairs=0-1", "expected SRC:DST '0-1'");
	rejects("pairs=0:256", "bad CPU index '0:256'");
	rejects("pairs=some", "expected SRC:DST 'some'");
	rejects("raw=most", "unknown raw mode 'most'");
	rejects("link_bps=299", "bad value");
	rejects("link_bps=fast", "bad value");
	rejects("serial_budget_s=0", "bad value");
	rejects("serial_budget_s=86401", "bad value");
}

/* min_samples=auto|N (rowcheck.h: auto is UINT32_MAX). */
static void test_min_samples(void)
{
	accepts("");
	CHECK(out.min_samples == UINT32_MAX);
	accepts("min_samples=0");
	CHECK(out.min_samples == 0);
	accepts("min_samples=500 samples=20");
	CHECK(out.min_samples == 500);
	accepts("min_samples=auto");
	CHECK(out.min_samples == UINT32_MAX);
	rejects("min_samples=10000001", "bad value");
	rejects("min_samples=few", "bad value");
	rejects("min_samples=-1", "bad value");
}

/* tsc_trust=invariant|assume: invariant unless told. */
static void test_tsc_trust(void)
{
	accepts("");
	CHECK(out.tsc_trust == TSC_TRUST_INVARIANT);
	accepts("tsc_trust=assume");
	CHECK(out.tsc_trust == TSC_TRUST_ASSUME);
	accepts("tsc_trust=invariant");
	CHECK(out.tsc_trust == TSC_TRUST_INVARIANT);
	rejects("tsc_trust=yes", "bad value");
}

static void test_timer_periods(void)
{
	accepts("timer_period_us=100,1000,250");
	CHECK(out.n_timer_periods == 3 && out.timer_period_us[0] == 100 &&
	      out.timer_period_us[1] == 1000 && out.timer_period_us[2] == 250);
	accepts("timer_period_us=1000000");
	CHECK(out.n_timer_periods == 1 && out.timer_period_us[0] == 1000000);
	rejects("timer_period_us=0", "bad period");
	rejects("timer_period_us=1000001", "bad period");
	rejects("timer_period_us=1,2,3,4,5,6,7,8,9", "too many periods");
	rejects("timer_period_us=10,,20", "empty item");
	rejects("timer_period_us=", "timer_period_us=");
}

static void test_boot_file_name(void)
{
	accepts("/boot/irqbench.elf");
	check_defaults();
	accepts("build/irqbench.elf samples=5");
	CHECK(out.samples == 5);
	accepts(" \t /boot/irqbench.elf\t\tsamples=6 ");
	CHECK(out.samples == 6);
	rejects("/boot/irqbench.elf stray", "missing '=' in 'stray'");
	rejects("samples=5 /boot/irqbench.elf",
		"missing '=' in '/boot/irqbench.elf'");
	rejects("a b", "missing '=' in 'a'");
	rejects("bench", "missing '=' in 'bench'");
	accepts("irqbench.elf bench=none");
	CHECK(out.bench_mask == 0);
}

static void test_whitespace(void)
{
	accepts("  samples=7\t\twarmup=0   apic=xapic\t");
	CHECK(out.samples == 7 && out.warmup == 0);
	CHECK(out.apic == APIC_PREF_XAPIC);
	accepts("samples=8\twarmup=9");
	CHECK(out.samples == 8 && out.warmup == 9);
}

static void test_bench(void)
{
	accepts("bench=ipi");
	CHECK(out.bench_mask == 1);
	accepts("bench=timer,ipi");
	CHECK(out.bench_mask == 3);
	accepts("bench=timer,timer");
	CHECK(out.bench_mask == 2);
	accepts("bench=none");
	CHECK(out.bench_mask == 0);
	accepts("bench=all");
	CHECK(out.bench_mask == 3);
	accepts("bench=none,timer");
	CHECK(out.bench_mask == 2);
	rejects("bench=ipx", "unknown benchmark 'ipx' in 'bench=ipx' "
		"(accepted: all none ipi timer)");
	rejects("bench=IPI", "'IPI'");
	rejects("bench=ipi,,timer", "empty item in 'bench=ipi,,timer'");
	rejects("bench=ipi,", "empty item");
	rejects("bench=,ipi", "empty item");
	rejects("bench=", "empty value in 'bench='");
}

static void test_bench_name_counts(void)
{
	static const char *const many[33] = {
		"b0", "b1", "b2", "b3", "b4", "b5", "b6", "b7", "b8", "b9",
		"b10", "b11", "b12", "b13", "b14", "b15", "b16", "b17", "b18",
		"b19", "b20", "b21", "b22", "b23", "b24", "b25", "b26", "b27",
		"b28", "b29", "b30", "b31", "b32",
	};

	CHECK(cmdline_parse("", NULL, 0, &out, err, sizeof(err)) == 0);
	CHECK(out.bench_mask == 0);
	CHECK(cmdline_parse("bench=all", many, 32, &out, err, sizeof(err)) == 0);
	CHECK(out.bench_mask == UINT32_MAX);
	CHECK(cmdline_parse("bench=b31", many, 32, &out, err, sizeof(err)) == 0);
	CHECK(out.bench_mask == 1u << 31);
	CHECK(cmdline_parse("", many, 33, &out, err, sizeof(err)) == -1);
	CHECK(strstr(err, "33") != NULL);
}

static void test_numbers(void)
{
	accepts("samples=1 warmup=0");
	CHECK(out.samples == 1 && out.warmup == 0);
	accepts("samples=10000000 warmup=1000000");
	CHECK(out.samples == 10000000 && out.warmup == 1000000);
	accepts("samples=007");
	CHECK(out.samples == 7);
	rejects("samples=abc", "cmdline: bad value in 'samples=abc': "
		"expected a whole number from 1 to 10000000");
	rejects("samples=0", "'samples=0'");
	rejects("samples=10000001", "'samples=10000001'");
	rejects("samples=99999999999999999999", "from 1 to 10000000");
	rejects("samples=4294967296", "bad value");
	rejects("samples=-5", "bad value");
	rejects("samples=+5", "bad value");
	rejects("samples=5x", "bad value");
	rejects("samples=0x10", "bad value");
	rejects("samples=1e3", "bad value");
	rejects("samples=1=2", "'samples=1=2'");
	rejects("warmup=1000001", "expected a whole number from 0 to 1000000");
	rejects("samples=", "empty value in 'samples=': expected a whole "
		"number from 1 to 10000000");
}

static void test_cpus(void)
{
	accepts("");
	CHECK(out.cpus_all);
	accepts("cpus=0-3,8,10-11");
	CHECK(!out.cpus_all);
	for (unsigned i = 0; i < 16; i++)
		CHECK(cmdline_cpu_selected(&out, i) ==
		      (i <= 3 || i == 8 || i == 10 || i == 11));
	CHECK(!cmdline_cpu_selected(&out, 255));
	accepts("cpus=255");
	CHECK(cmdline_cpu_selected(&out, 255) && !cmdline_cpu_selected(&out, 0));
	accepts("cpus=0-255");
	CHECK(all_cpus(&out) && !out.cpus_all);
	accepts("cpus=5-5,all");
	CHECK(all_cpus(&out) && out.cpus_all);
	accepts("cpus=63-64");
	CHECK(cmdline_cpu_selected(&out, 63) && cmdline_cpu_selected(&out, 64));
	CHECK(!cmdline_cpu_selected(&out, 62) && !cmdline_cpu_selected(&out, 65));
	rejects("cpus=256", "bad CPU index or range '256' in 'cpus=256'");
	rejects("cpus=3-1", "'3-1'");
	rejects("cpus=0,3-1", "in 'cpus=0,3-1': expected all, or");
	rejects("cpus=1-", "'1-'");
	rejects("cpus=-1", "'-1'");
	rejects("cpus=1--2", "'1--2'");
	rejects("cpus=0-256", "'0-256'");
	rejects("cpus=x", "'x'");
	rejects("cpus=1,,2", "empty item");
	rejects("cpus=", "empty value in 'cpus='");
}

static void test_cpu_selected(void)
{
	accepts("");
	CHECK(cmdline_cpu_selected(&out, 0));
	CHECK(cmdline_cpu_selected(&out, CMDLINE_MAX_CPUS - 1));
	CHECK(!cmdline_cpu_selected(&out, CMDLINE_MAX_CPUS));
	CHECK(!cmdline_cpu_selected(&out, UINT32_MAX));
	accepts("cpus=1");
	CHECK(!cmdline_cpu_selected(&out, 0) && cmdline_cpu_selected(&out, 1));
}

static void test_apic(void)
{
	accepts("apic=auto");
	CHECK(out.apic == APIC_PREF_AUTO);
	accepts("apic=xapic");
	CHECK(out.apic == APIC_PREF_XAPIC);
	accepts("apic=x2apic");
	CHECK(out.apic == APIC_PREF_X2APIC);
	rejects("apic=X2APIC", "unknown APIC mode 'X2APIC' in 'apic=X2APIC' "
		"(accepted: auto xapic x2apic)");
	rejects("apic=xapic,x2apic", "'xapic,x2apic'");
	rejects("apic=", "empty value in 'apic=' (accepted: auto xapic x2apic)");
}

static void test_serial(void)
{
	static const struct { const char *line; uint16_t port; } good[] = {
		{ "serial=com1", 0x3F8 }, { "serial=com2", 0x2F8 },
		{ "serial=com3", 0x3E8 }, { "serial=com4", 0x2E8 },
		{ "serial=none", 0 }, { "serial=0x2f8", 0x2F8 },
		{ "serial=0x3E8", 0x3E8 }, { "serial=0x1", 1 },
		{ "serial=0xfff8", 0xFFF8 }, { "serial=0x0000e000", 0xE000 },
	};
	for (size_t i = 0; i < LEN(good); i++) {
		accepts(good[i].line);
		CHECK(out.serial_port == good[i].port);
	}
	const char *accepted = "(accepted: com1 com2 com3 com4 none, or an I/O port 0x1 to 0xfff8)";
	rejects("serial=com5", "unknown serial port 'com5' in 'serial=com5'");
	rejects("serial=com5", accepted);
	rejects("serial=COM1", "'COM1'");
	rejects("serial=0x0", "'0x0'");
	rejects("serial=0x", "'0x'");
	rejects("serial=0xfff9", "'0xfff9'");
	rejects("serial=0x100000000000003f8", "'0x100000000000003f8'");
	rejects("serial=1016", "'1016'");
	rejects("serial=0x3g8", "'0x3g8'");
	rejects("serial=", "empty value in 'serial='");
	rejects("serial=com1 serial=com2", "repeated key 'serial'");
}

static void test_hold(void)
{
	accepts("hold=yes");
	CHECK(out.hold);
	accepts("hold=no");
	CHECK(!out.hold);
	rejects("hold=1", "bad value '1' in 'hold=1' (accepted: no yes)");
}

/* debugcon=: auto is QEMU's default port, off is port 0. */
static void test_debugcon(void)
{
	static const struct { const char *line; uint16_t port; } good[] = {
		{ "debugcon=auto", 0xE9 }, { "debugcon=off", 0 },
		{ "debugcon=0x402", 0x402 }, { "debugcon=0xE9", 0xE9 },
		{ "debugcon=0xffff", 0xFFFF }, { "debugcon=0x0001", 1 },
	};
	for (size_t i = 0; i < LEN(good); i++) {
		accepts(good[i].line);
		CHECK(out.debugcon_port == good[i].port);
	}
	rejects("debugcon=on", "unknown debug console port 'on' in 'debugcon=on' "
		"(accepted: auto off, or an I/O port 0x1 to 0xffff)");
	rejects("debugcon=0x0", "'0x0'");
	rejects("debugcon=0x", "'0x'");
	rejects("debugcon=0x10000", "'0x10000'");
	rejects("debugcon=233", "'233'");
	rejects("debugcon=OFF", "'OFF'");
	rejects("debugcon=", "empty value in 'debugcon='");
	rejects("debugcon=off debugcon=auto", "repeated key 'debugcon'");
}

static void test_selftest(void)
{
	accepts("selftest=exceptions");
	CHECK(out.selftest == SELFTEST_EXCEPTIONS);
	accepts("selftest=fatal,exceptions");
	CHECK(out.selftest == (SELFTEST_EXCEPTIONS | SELFTEST_FATAL));
	accepts("selftest=none");
	CHECK(out.selftest == 0);
	rejects("selftest=all", "unknown selftest 'all' in 'selftest=all' "
		"(accepted: none exceptions fatal)");
	rejects("selftest=fatal,", "empty item");
}

static void test_keys(void)
{
	rejects("smaples=10", "cmdline: unknown key 'smaples' in 'smaples=10' "
		"(accepted: bench samples warmup series_ms timer_period_us hist_bucket_ns cpus apic selftest inject serial pairs raw results link_bps serial_budget_s hold debugcon min_samples tsc_trust)");
	rejects("=5", "unknown key '' in '=5'");
	rejects("Samples=5", "'Samples'");
	rejects("samples=5 samples=6",
		"repeated key 'samples' in 'samples=6'");
	rejects("bench=ipi warmup=1 bench=ipi", "'bench=ipi'");
	rejects("x=1 samples=5 =", "'x'");
}

static void test_out_untouched_on_error(void)
{
	struct cmdline before;

	memset(&out, 0xab, sizeof(out));
	before = out;
	CHECK(parse("samples=5 warmup=bad") == -1);
	CHECK(memcmp(&before, &out, sizeof(out)) == 0);
}

static void test_err_buffer_sizes(void)
{
	char small[16];

	CHECK(cmdline_parse("bogus=1", benches, 2, &out, NULL, 0) == -1);
	memset(small, 'z', sizeof(small));
	CHECK(cmdline_parse("bogus=1", benches, 2, &out, small, 1) == -1);
	CHECK(small[0] == '\0' && small[1] == 'z');
	memset(small, 'z', sizeof(small));
	CHECK(cmdline_parse("bogus=1", benches, 2, &out, small, 10) == -1);
	CHECK(strcmp(small, "cmdline: ") == 0 && small[10] == 'z');
	memset(small, 'z', sizeof(small));
	CHECK(cmdline_parse("samples=1", benches, 2, &out, small, 4) == 0);
	CHECK(small[0] == '\0');
}

/* Benchmark names as long together as cmdline_parse allows: 32 of 7 bytes. */
static char long_names_buf[CMDLINE_MAX_BENCH][8];
static const char *long_names[CMDLINE_MAX_BENCH];

static void make_long_names(void)
{
	for (unsigned i = 0; i < CMDLINE_MAX_BENCH; i++) {
		snprintf(long_names_buf[i], sizeof(long_names_buf[i]), "bench%02u", i);
		long_names[i] = long_names_buf[i];
	}
}

/* The length of line's error line when nothing cuts it. */
static size_t error_len(const char *line)
{
	static char whole[4 * CMDLINE_ERR_MAX];

	CHECK(cmdline_parse(line, long_names, CMDLINE_MAX_BENCH, &out, whole,
			    sizeof(whole)) == -1);
	CHECK(strlen(whole) < sizeof(whole) - 1);
	return strlen(whole);
}

/* key=VALUE, key=1 key=VALUE and VALUE=1 with VALUE n bytes each shown as
 * \xNN (the longest way to show a byte): the longest error of key. */
static size_t longest_error_of(const char *key)
{
	char value[128], line[512];
	size_t longest = 0, len;

	for (size_t n = 0; n < 100; n++) {
		memset(value, 1, n);
		value[n] = '\0';
		snprintf(line, sizeof(line), "%s=%s", key, value);
		if ((len = error_len(line)) > longest)
			longest = len;
		snprintf(line, sizeof(line), "%s=1 %s=%s", key, key, value);
		if ((len = error_len(line)) > longest)
			longest = len;
		if (n == 0)
			continue;
		snprintf(line, sizeof(line), "%s=1", value);
		if ((len = error_len(line)) > longest)
			longest = len;
	}
	return longest;
}

/*
 * The longest error line there is fits CMDLINE_ERR_MAX: every key (their
 * names taken from the unknown-key error, which lists them) with values
 * made of bytes shown as \xNN, of every length around the cut at
 * SHOWN_MAX, under benchmark names as long as allowed.
 */
static void test_longest_error_fits(void)
{
	char keys[512], *key, *save;
	size_t longest = 0, len;

	make_long_names();
	CHECK(cmdline_parse("x=1", long_names, CMDLINE_MAX_BENCH, &out, err, sizeof(err)) == -1);
	CHECK(strstr(err, "(accepted: ") != NULL);
	snprintf(keys, sizeof(keys), "%s", strstr(err, "(accepted: ") + 11);
	CHECK(strchr(keys, ')') != NULL);
	*strchr(keys, ')') = '\0';
	for (key = strtok_r(keys, " ", &save); key; key = strtok_r(NULL, " ", &save))
		if ((len = longest_error_of(key)) > longest)
			longest = len;
	printf("  longest error line: %zu bytes of %d\n", longest, CMDLINE_ERR_MAX - 1);
	CHECK(longest > 600 && longest < CMDLINE_ERR_MAX);
}

/* Names that could not fit bench='s "accepted:" list are refused. */
static void test_bench_names_too_long(void)
{
	char longer[9] = "bench00x";
	const char *names[CMDLINE_MAX_BENCH];

	make_long_names();
	memcpy(names, long_names, sizeof(names));
	CHECK(cmdline_parse("", names, CMDLINE_MAX_BENCH, &out, err, sizeof(err)) == 0);
	names[0] = longer;
	CHECK(cmdline_parse("", names, CMDLINE_MAX_BENCH, &out, err, sizeof(err)) == -1);
	CHECK(strstr(err, "257 bytes, more than the 256 allowed") != NULL);
}

/* Only printable ASCII may reach the console: others come out as \xNN. */
static bool printable(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || (unsigned char)*s >= 0x7f)
			return false;
	return true;
}

static void test_binary_bytes(void)
{
	rejects("samples=\xff\x01", "'samples=\\xff\\x01'");
	CHECK(printable(err));
	rejects("bench=ipi\nsamples=5", "'bench=ipi\\x0asamples=5'");
	CHECK(printable(err));
	rejects("\x80\xfe=1", "unknown key '\\x80\\xfe'");
	accepts("\xc3\xa9t\xc3\xa9.elf samples=3");
	CHECK(out.samples == 3);
}

static void test_overlong_words(void)
{
	size_t n = 100000;
	char *line = malloc(n + 1);

	memcpy(line, "samples=", 8);
	memset(line + 8, '1', n - 8);
	line[n] = '\0';
	rejects(line, "bad value in 'samples=1111");
	CHECK(strstr(err, "...': expected a whole number") != NULL);
	CHECK(strlen(err) < sizeof(err));
	memset(line, 'k', n);
	memcpy(line + n - 2, "=1", 2);
	rejects(line, "...' (accepted: bench samples");
	memset(line, ' ', n);
	memcpy(line + n - 9, "samples=4", 9);
	accepts(line);
	CHECK(out.samples == 4);
	free(line);
}

/* Tiny deterministic generator: the same lines on every run. */
static uint32_t rng_state = 12345;

static uint32_t rng(void)
{
	rng_state = rng_state * 1103515245u + 12345u;
	return rng_state >> 8;
}

static void random_line(char *line, size_t cap)
{
	static const char *const bits[] = {
		"bench", "samples", "warmup", "cpus", "apic", "selftest", "=",
		",", "-", " ", "\t", "all", "none", "ipi", "timer", "auto",
		"x2apic", "fatal", "0", "9", "255", "256", "99999999999",
		"\xff", "\n", "/boot/irqbench.elf",
	};
	size_t len = 0;
	unsigned pieces = rng() % 12;

	for (unsigned i = 0; i < pieces; i++) {
		const char *b = bits[rng() % LEN(bits)];
		size_t bl = strlen(b);
		if (len + bl >= cap)
			break;
		memcpy(line + len, b, bl);
		len += bl;
	}
	line[len] = '\0';
}

/* Either a result and no message, or one clean line that says cmdline:. */
static void test_random_lines(void)
{
	char line[160];
	unsigned ok = 0, bad = 0;

	for (int i = 0; i < 200000; i++) {
		random_line(line, sizeof(line));
		int r = parse(line);
		bool sane = r == 0 ? err[0] == '\0'
				   : r == -1 && strncmp(err, "cmdline: ", 9) == 0 &&
					     printable(err);
		if (!sane)
			printf("  line \"%s\": %d \"%s\"\n", line, r, err);
		CHECK(sane);
		if (r == 0)
			ok++;
		else
			bad++;
	}
	CHECK(ok > 1000 && bad > 1000);
}

int main(void)
{
	RUN(test_defaults);
	RUN(test_timer_periods);
	RUN(test_inject);
	RUN(test_plan_options);
	RUN(test_min_samples);
	RUN(test_tsc_trust);
	RUN(test_boot_file_name);
	RUN(test_whitespace);
	RUN(test_bench);
	RUN(test_bench_name_counts);
	RUN(test_numbers);
	RUN(test_cpus);
	RUN(test_cpu_selected);
	RUN(test_apic);
	RUN(test_selftest);
	RUN(test_serial);
	RUN(test_hold);
	RUN(test_debugcon);
	RUN(test_keys);
	RUN(test_out_untouched_on_error);
	RUN(test_err_buffer_sizes);
	RUN(test_longest_error_fits);
	RUN(test_bench_names_too_long);
	RUN(test_binary_bytes);
	RUN(test_overlong_words);
	RUN(test_random_lines);
	return check_exit();
}
