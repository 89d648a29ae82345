/*
 * The extractor against good, cut, flipped, duplicated, interleaved, noisy,
 * multi-run and failed logs. Logs are built line by line with CRCs computed
 * here, so each test states its damage next to its expectation; the files in
 * tests/fixtures/logs were signed by an independent CRC (Python's zlib).
 */
#define _POSIX_C_SOURCE 200809L

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "crc32.h"
#include "extract.h"

#define FIXTURES "tests/fixtures/logs/"
#define MAX_LINES 128

struct log {
	char *line[MAX_LINES];
	size_t n;
};

static void log_insert(struct log *l, size_t at, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void log_insert(struct log *l, size_t at, const char *fmt, ...)
{
	va_list ap;
	char tmp[512];

	va_start(ap, fmt);
	vsnprintf(tmp, sizeof tmp, fmt, ap);
	va_end(ap);
	memmove(&l->line[at + 1], &l->line[at], (l->n - at) * sizeof l->line[0]);
	l->line[at] = strdup(tmp);
	l->n++;
}

#define log_add(l, ...) log_insert((l), (l)->n, __VA_ARGS__)
/* Replaces line at; the arguments may refer to the old line. */
#define log_replace(l, at, ...)                  \
	do {                                     \
		log_insert((l), (at), __VA_ARGS__); \
		log_remove((l), (at) + 1);       \
	} while (0)

static void log_remove(struct log *l, size_t at)
{
	free(l->line[at]);
	memmove(&l->line[at], &l->line[at + 1], (l->n - at - 1) * sizeof l->line[0]);
	l->n--;
}

/* Index of the first line starting with prefix; the test fails if none. */
static size_t log_find(const struct log *l, const char *prefix)
{
	for (size_t i = 0; i < l->n; i++)
		if (strncmp(l->line[i], prefix, strlen(prefix)) == 0)
			return i;
	CHECK(!"line not found");
	return 0;
}

static void log_free(struct log *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->line[i]);
	l->n = 0;
}

static uint32_t rows_crc_from(uint32_t crc, const char *const rows[])
{
	for (size_t i = 0; rows[i]; i++) {
		crc = crc32_update(crc, rows[i], strlen(rows[i]));
		crc = crc32_update(crc, "\n", 1);
	}
	return crc;
}

static uint32_t rows_crc(const char *const rows[])
{
	return rows_crc_from(0, rows);
}

static void log_frame(struct log *l, unsigned seq, const char *table,
		      const char *columns, const char *const rows[])
{
	size_t n = 0;

	log_add(l, "@irqbench begin %u %s %s", seq, table, columns);
	for (; rows[n]; n++)
		log_add(l, "%s", rows[n]);
	log_add(l, "@irqbench end %u %s rows=%zu crc32=%08x", seq, table, n,
		(unsigned)rows_crc(rows));
}

static const char *const cpus_rows[] = {
	"0,0,\"Intel(R) Xeon(R) CPU E5-2690 v4 @ 2.60GHz, \"\"engineering sample\"\"\"",
	"1,2,\"Intel(R) Xeon(R) CPU E5-2690 v4 @ 2.60GHz, \"\"engineering sample\"\"\"",
	NULL,
};
static const char *const idt0_rows[] = {
	"0,32,0xffffffff80101000", "0,33,0xffffffff80101010", NULL,
};
static const char *const idt1_rows[] = {
	"1,32,0xffffffff80101000", "1,33,0xffffffff80101010", NULL,
};
static const char *const latency_rows[] = {
	"int_n,0,1000,11,11,12,40", "self_ipi,0,1000,25,25,30,95",
	"empty_reason,1,0,,,,", NULL,
};

static const char cpus_csv[] =
	"0,0,\"Intel(R) Xeon(R) CPU E5-2690 v4 @ 2.60GHz, \"\"engineering sample\"\"\"\n"
	"1,2,\"Intel(R) Xeon(R) CPU E5-2690 v4 @ 2.60GHz, \"\"engineering sample\"\"\"\n";
static const char idt_csv[] =
	"0,32,0xffffffff80101000\n0,33,0xffffffff80101010\n"
	"1,32,0xffffffff80101000\n1,33,0xffffffff80101010\n";
static const char latency_csv[] =
	"int_n,0,1000,11,11,12,40\nself_ipi,0,1000,25,25,30,95\nempty_reason,1,0,,,,\n";

/* The same run as tests/fixtures/logs/good.log. */
static void add_run(struct log *l, const char *status, int code, const char *reason)
{
	log_add(l, "SeaBIOS (version 1.16.2-debian-1.16.2-1)");
	log_add(l, "@irqbench run-begin version=v0.3-12-gabcdef0");
	log_add(l, "irqbench: 2 CPUs, x2apic");
	log_frame(l, 0, "cpus", "cpu,apic_id,brand", cpus_rows);
	log_add(l, "bench: int_n on cpu 0");
	log_frame(l, 1, "idt", "cpu,vector,handler", idt0_rows);
	log_frame(l, 2, "idt", "cpu,vector,handler", idt1_rows);
	log_frame(l, 3, "latency", "bench,cpu,samples,min,p50,p99,max", latency_rows);
	log_add(l, "@irqbench run-end frames=4 status=%s code=%d reason=%s",
		status, code, reason);
	log_add(l, "irqbench: halting");
}

static struct log good_log(void)
{
	struct log l = { .n = 0 };

	add_run(&l, "ok", 0, "all benchmarks done");
	return l;
}

/* The lines joined, each followed by eol. */
static char *log_join(const struct log *l, const char *eol, size_t *len)
{
	size_t n = 0;
	char *s;

	for (size_t i = 0; i < l->n; i++)
		n += strlen(l->line[i]) + strlen(eol);
	s = malloc(n + 1);
	*len = 0;
	for (size_t i = 0; i < l->n; i++)
		*len += (size_t)sprintf(s + *len, "%s%s", l->line[i], eol);
	return s;
}

static enum extract_status parse_log(const struct log *l, unsigned run,
				     struct extract *x)
{
	size_t len;
	char *s = log_join(l, "\n", &len);
	enum extract_status st = extract_parse_log(s, len, run, x);

	free(s);
	return st;
}

/* Some error line holds every one of the NULL-terminated needles. */
static bool has_error(const struct extract *x, ...)
{
	for (size_t i = 0; i < x->nerrors; i++) {
		va_list ap;
		const char *needle;
		bool all = true;

		va_start(ap, x);
		while ((needle = va_arg(ap, const char *)))
			all = all && strstr(x->errors[i], needle);
		va_end(ap);
		if (all)
			return true;
	}
	return false;
}

static bool table_is(const struct extract *x, const char *name,
		     const char *columns, const char *rows, size_t nrows)
{
	const struct extract_table *t = extract_find_table(x, name);

	return t && t->verified && strcmp(t->columns, columns) == 0 &&
	       t->rows_len == strlen(rows) &&
	       memcmp(t->rows, rows, t->rows_len) == 0 && t->nrows == nrows;
}

static bool table_withheld(const struct extract *x, const char *name)
{
	const struct extract_table *t = extract_find_table(x, name);

	return !t || !t->verified;
}

static bool good_tables(const struct extract *x)
{
	return x->ntables == 3 &&
	       table_is(x, "cpus", "cpu,apic_id,brand", cpus_csv, 2) &&
	       table_is(x, "idt", "cpu,vector,handler", idt_csv, 4) &&
	       table_is(x, "latency", "bench,cpu,samples,min,p50,p99,max",
			latency_csv, 3);
}

static void dump_errors(const struct extract *x)
{
	for (size_t i = 0; i < x->nerrors; i++)
		printf("    error: %s\n", x->errors[i]);
}

static void test_good_log(void)
{
	struct log l = good_log();
	struct extract x;

	CHECK(parse_log(&l, 0, &x) == EXTRACT_OK);
	CHECK(x.nerrors == 0 && x.nnotes == 0);
	CHECK(good_tables(&x));
	CHECK(x.runs == 1 && x.run == 1 && x.ended && !x.kernel_failed);
	CHECK(strcmp(x.version, "v0.3-12-gabcdef0") == 0);
	CHECK(strcmp(x.reason, "all benchmarks done") == 0);
	dump_errors(&x);
	extract_free(&x);
	log_free(&l);
}

static char *read_fixture(const char *name, size_t *len)
{
	char path[256];
	FILE *f;
	char *s = malloc(1 << 16);

	snprintf(path, sizeof path, FIXTURES "%s", name);
	f = fopen(path, "rb");
	CHECK(f != NULL);
	*len = f ? fread(s, 1, (1 << 16) - 1, f) : 0;
	if (f)
		fclose(f);
	return s;
}

static enum extract_status parse_fixture(const char *name, unsigned run,
					 struct extract *x)
{
	size_t len;
	char *s = read_fixture(name, &len);
	enum extract_status st = extract_parse_log(s, len, run, x);

	free(s);
	return st;
}

static void test_fixture_good(void)
{
	struct extract x;

	CHECK(parse_fixture("good.log", 0, &x) == EXTRACT_OK);
	CHECK(good_tables(&x));
	extract_free(&x);
}

static void test_fixture_sol_noisy(void)
{
	struct extract x;

	CHECK(parse_fixture("sol-noisy.log", 0, &x) == EXTRACT_OK);
	CHECK(good_tables(&x));
	dump_errors(&x);
	extract_free(&x);
}

static void test_fixture_two_runs(void)
{
	struct extract x;

	CHECK(parse_fixture("two-runs.log", 0, &x) == EXTRACT_OK);
	CHECK(x.runs == 2 && x.run == 2 && good_tables(&x));
	CHECK(x.nnotes == 1 && strstr(x.notes[0], "2 runs"));
	extract_free(&x);
	CHECK(parse_fixture("two-runs.log", 1, &x) == EXTRACT_CORRUPT);
	CHECK(has_error(&x, "seq 2 table idt", "begin without end", NULL));
	CHECK(has_error(&x, "no run-end", "after seq 1 table idt", NULL));
	CHECK(table_is(&x, "cpus", "cpu,apic_id,brand", cpus_csv, 2));
	CHECK(table_withheld(&x, "idt"));
	extract_free(&x);
}

static void test_fixture_kernel_failed(void)
{
	struct extract x;

	CHECK(parse_fixture("kernel-failed.log", 0, &x) == EXTRACT_KERNEL_FAILED);
	CHECK(x.nerrors == 0 && good_tables(&x));
	CHECK(x.kernel_failed && x.code == 7);
	CHECK(strcmp(x.reason, "cpu 1 did not come up, ipi benches skipped") == 0);
	extract_free(&x);
}

/* A verified table of a damaged log holds a prefix of the true rows. */
static bool tables_are_prefixes(const struct extract *x)
{
	static const char *const names[] = { "cpus", "idt", "latency" };
	static const char *const full[] = { cpus_csv, idt_csv, latency_csv };

	for (size_t i = 0; i < 3; i++) {
		const struct extract_table *t = extract_find_table(x, names[i]);

		if (t && t->verified &&
		    (t->rows_len > strlen(full[i]) ||
		     memcmp(t->rows, full[i], t->rows_len) != 0))
			return false;
	}
	return true;
}

static void test_truncated_every_offset(void)
{
	struct log l = good_log();
	size_t len, bad = 0;
	char *s = log_join(&l, "\n", &len);
	size_t run_end = (size_t)(strstr(s, "@irqbench run-end") - s);
	size_t run_end_nl = (size_t)(strchr(s + run_end, '\n') - s);

	for (size_t cut = 0; cut < len; cut++) {
		struct extract x;
		enum extract_status st = extract_parse_log(s, cut, 0, &x);
		bool ok = st == EXTRACT_OK ? good_tables(&x) && cut > run_end_nl
					   : st == EXTRACT_CORRUPT && x.nerrors > 0 &&
						     tables_are_prefixes(&x);

		if (!ok && bad++ == 0)
			printf("    cut at byte %zu: status %d\n", cut, st);
		extract_free(&x);
	}
	CHECK(bad == 0);
	free(s);
	log_free(&l);
}

/* Flips every bit of [from, to) except [skip, skip_end); each flip must
 * fail the log and withhold the table. Returns the undetected flips. */
static size_t flip_region(char *s, size_t len, size_t from, size_t to,
			  size_t skip, size_t skip_end, const char *table)
{
	size_t missed = 0;

	for (size_t i = from; i < to; i++) {
		if (i >= skip && i < skip_end)
			continue;
		for (int bit = 0; bit < 8; bit++) {
			struct extract x;
			enum extract_status st;

			s[i] ^= (char)(1 << bit);
			st = extract_parse_log(s, len, 0, &x);
			s[i] ^= (char)(1 << bit);
			if (st != EXTRACT_CORRUPT || !table_withheld(&x, table)) {
				if (missed++ == 0)
					printf("    flip byte %zu bit %d undetected\n", i, bit);
			}
			extract_free(&x);
		}
	}
	return missed;
}

/* Every frame from its begin line through its end line's newline; only the
 * column names are not covered (see docs/output-format.md). */
static void test_bit_flips(void)
{
	static const char *const frames[][2] = {
		{ "@irqbench begin 0 cpus ", "cpus" },
		{ "@irqbench begin 1 idt ", "idt" },
		{ "@irqbench begin 2 idt ", "idt" },
		{ "@irqbench begin 3 latency ", "latency" },
	};
	struct log l = good_log();
	size_t len, missed = 0;
	char *s = log_join(&l, "\n", &len);

	for (size_t f = 0; f < 4; f++) {
		size_t from = (size_t)(strstr(s, frames[f][0]) - s);
		size_t cols = from + strlen(frames[f][0]);
		size_t cols_end = (size_t)(strchr(s + cols, '\n') - s);
		size_t end = (size_t)(strstr(s + from, "@irqbench end ") - s);
		size_t to = (size_t)(strchr(s + end, '\n') - s) + 1;

		missed += flip_region(s, len, from, to, cols, cols_end, frames[f][1]);
	}
	CHECK(missed == 0);
	free(s);
	log_free(&l);
}

static void test_duplicated_frame(void)
{
	struct log l = good_log();
	struct extract x;
	size_t at = log_find(&l, "@irqbench begin 2 ");

	for (size_t i = 0; i < 4; i++)
		log_insert(&l, at + 4 + i, "%s", l.line[at + i]);
	CHECK(parse_log(&l, 0, &x) == EXTRACT_CORRUPT);
	CHECK(has_error(&x, "seq 2 table idt", "repeated", NULL));
	CHECK(table_withheld(&x, "idt"));
	CHECK(table_is(&x, "cpus", "cpu,apic_id,brand", cpus_csv, 2));
	CHECK(table_is(&x, "latency", "bench,cpu,samples,min,p50,p99,max",
		       latency_csv, 3));
	extract_free(&x);
	log_free(&l);
}

static void test_duplicated_row(void)
{
	struct log l = good_log();
	struct extract x;
	size_t at = log_find(&l, "1,32,");

	log_insert(&l, at, "%s", l.line[at]);
	CHECK(parse_log(&l, 0, &x) == EXTRACT_CORRUPT);
	CHECK(has_error(&x, "seq 2 table idt", "rows=2, but 3 arrived", NULL));
	CHECK(table_withheld(&x, "idt"));
	extract_free(&x);
	log_free(&l);
}

static void remove_frame(struct log *l, const char *begin)
{
	size_t at = log_find(l, begin);

	while (strncmp(l->line[at], "@irqbench end ", 14) != 0)
		log_remove(l, at);
	log_remove(l, at);
}

static void test_lost_frame(void)
{
	struct log l = good_log();
	struct extract x;

	remove_frame(&l, "@irqbench begin 1 ");
	CHECK(parse_log(&l, 0, &x) == EXTRACT_CORRUPT);
	CHECK(has_error(&x, "seq 2 table idt", "frame 1 is missing", NULL));
	extract_free(&x);
	log_free(&l);
}

static void test_lost_last_frame(void)
{
	struct log l = good_log();
	struct extract x;

	remove_frame(&l, "@irqbench begin 3 ");
	CHECK(parse_log(&l, 0, &x) == EXTRACT_CORRUPT);
	CHECK(has_error(&x, "frames=4", "account for 3", NULL));
	extract_free(&x);
	log_free(&l);
}

static void test_reordered_frames(void)
{
	struct log l = good_log();
	struct extract x;
	size_t at = log_find(&l, "@irqbench begin 1 ");

	/* Move frame 1 (4 lines) after frame 2. */
	for (size_t i = 0; i < 4; i++) {
		log_insert(&l, at + 8, "%s", l.line[at]);
		log_remove(&l, at);
	}
	CHECK(parse_log(&l, 0, &x) == EXTRACT_CORRUPT);
	CHECK(has_error(&x, "seq 2 table idt", "frame 1 is missing", NULL));
	CHECK(has_error(&x, "seq 1 table idt", "out of order", NULL));
	CHECK(table_withheld(&x, "idt"));
	extract_free(&x);
	log_free(&l);
}

static void test_nested_begin(void)
{
	struct log l = good_log();
	struct extract x;

	log_remove(&l, log_find(&l, "@irqbench end 1 "));
	CHECK(parse_log(&l, 0, &x) == EXTRACT_CORRUPT);
	CHECK(has_error(&x, "seq 1 table idt", "no end before \"begin 2 idt", NULL));
	CHECK(table_withheld(&x, "idt"));
	CHECK(table_is(&x, "cpus", "cpu,apic_id,brand", cpus_csv, 2));
	extract_free(&x);
	log_free(&l);
}

static void test_begin_inside_frame(void)
{
	struct log l = good_log();
	struct extract x;
	size_t at = log_find(&l, "0,33,");

	/* A whole frame of another table inside idt's frame 1. */
	log_insert(&l, at, "@irqbench begin 2 other x");
	log_insert(&l, at + 1, "@irqbench end 2 other rows=0 crc32=00000000");
	CHECK(parse_log(&l, 0, &x) == EXTRACT_CORRUPT);
	CHECK(has_error(&x, "seq 1 table idt", "no end before", NULL));
	CHECK(table_withheld(&x, "idt"));
	extract_free(&x);
	log_free(&l);
}

static void test_free_text_inside_frame(void)
{
	struct log l = good_log();
	struct extract x;

	log_insert(&l, log_find(&l, "0,33,"), "bench: int_n on cpu 1");
	CHECK(parse_log(&l, 0, &x) == EXTRACT_CORRUPT);
	CHECK(has_error(&x, "seq 1 table idt", "rows=2, but 3 arrived", NULL));
	CHECK(table_withheld(&x, "idt"));
	extract_free(&x);
	log_free(&l);
}

static void test_end_without_begin(void)
{
	struct log l = good_log();
	struct extract x;

	log_remove(&l, log_find(&l, "@irqbench begin 2 "));
	CHECK(parse_log(&l, 0, &x) == EXTRACT_CORRUPT);
	CHECK(has_error(&x, "seq 2 table idt", "end without begin", NULL));
	CHECK(table_withheld(&x, "idt"));
	CHECK(x.nerrors == 1);
	extract_free(&x);
	log_free(&l);
}

static void test_marker_inside_frame(void)
{
	struct log l = good_log();
	struct extract x;

	log_insert(&l, log_find(&l, "0,33,"),
		   "@irqbench row-error 1 idt row 2 longer than FRAME_ROW_MAX");
	CHECK(parse_log(&l, 0, &x) == EXTRACT_CORRUPT);
	CHECK(has_error(&x, "seq 1 table idt", "marker inside the frame",
			"row-error", NULL));
	CHECK(x.nerrors == 1);
	CHECK(table_withheld(&x, "idt"));
	extract_free(&x);
	log_free(&l);
}

/* Replaces frame 1 of idt by one with these rows, correctly signed. */
static void replace_idt_frame(struct log *l, const char *columns,
			      const char *const rows[])
{
	struct log tail = { .n = 0 };
	size_t at = log_find(l, "@irqbench begin 1 ");

	remove_frame(l, "@irqbench begin 1 ");
	log_frame(&tail, 1, "idt", columns, rows);
	for (size_t i = 0; i < tail.n; i++)
		log_insert(l, at + i, "%s", tail.line[i]);
	log_free(&tail);
}

static void test_field_count(void)
{
	struct log l = good_log();
	struct extract x;

	replace_idt_frame(&l, "cpu,vector,handler",
			  (const char *const[]){ "0,32,0xffff", "0,33", NULL });
	CHECK(parse_log(&l, 0, &x) == EXTRACT_CORRUPT);
	CHECK(has_error(&x, "seq 1 table idt", "row 2 has 2 fields for 3 columns", NULL));
	CHECK(table_withheld(&x, "idt"));
	extract_free(&x);
	log_free(&l);
}

static void test_bad_quoting(void)
{
	static const char *const bad[] = {
		"0,\"32,0xffff", "0,3\"2,0xffff", "0,\"32\"x,0xffff", "\"0\"\",32,1",
	};

	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		struct log l = good_log();
		struct extract x;

		replace_idt_frame(&l, "cpu,vector,handler",
				  (const char *const[]){ bad[i], NULL });
		CHECK(parse_log(&l, 0, &x) == EXTRACT_CORRUPT);
		CHECK(has_error(&x, "seq 1 table idt", "row 1 is not valid CSV", NULL));
		extract_free(&x);
		log_free(&l);
	}
}

static void test_quoted_fields_counted(void)
{
	struct log l = good_log();
	struct extract x;

	replace_idt_frame(&l, "cpu,vector,handler",
			  (const char *const[]){ "\"0,1\",\"\",\"a\"\"b,c\"", ",,", NULL });
	CHECK(parse_log(&l, 0, &x) == EXTRACT_OK);
	dump_errors(&x);
	extract_free(&x);
	log_free(&l);
}

static void test_columns_mismatch(void)
{
	struct log l = good_log();
	struct extract x;

	replace_idt_frame(&l, "cpu,vector",
			  (const char *const[]){ "0,32", "0,33", NULL });
	CHECK(parse_log(&l, 0, &x) == EXTRACT_CORRUPT);
	CHECK(has_error(&x, "seq 2 table idt", "columns \"cpu,vector,handler\"",
			"differ", NULL));
	CHECK(table_withheld(&x, "idt"));
	CHECK(table_is(&x, "cpus", "cpu,apic_id,brand", cpus_csv, 2));
	CHECK(table_is(&x, "latency", "bench,cpu,samples,min,p50,p99,max",
		       latency_csv, 3));
	extract_free(&x);
	log_free(&l);
}

static void test_no_run_begin(void)
{
	struct log l = good_log();
	struct extract x;

	log_remove(&l, log_find(&l, "@irqbench run-begin"));
	CHECK(parse_log(&l, 0, &x) == EXTRACT_CORRUPT);
	CHECK(has_error(&x, "no run-begin", NULL));
	CHECK(x.ntables == 0);
	extract_free(&x);
	CHECK(extract_parse_log("", 0, 0, &x) == EXTRACT_CORRUPT);
	CHECK(has_error(&x, "no run-begin", NULL));
	extract_free(&x);
	log_free(&l);
}

static void test_no_run_end(void)
{
	struct log l = good_log();
	struct extract x;

	log_remove(&l, log_find(&l, "@irqbench run-end"));
	CHECK(parse_log(&l, 0, &x) == EXTRACT_CORRUPT);
	CHECK(has_error(&x, "no run-end", "after seq 3 table latency", NULL));
	CHECK(x.nerrors == 1);
	extract_free(&x);
	log_free(&l);
}

static void test_run_end_frames_mismatch(void)
{
	struct log l = good_log();
	struct extract x;
	size_t at = log_find(&l, "@irqbench run-end");

	log_replace(&l, at, "@irqbench run-end frames=5 status=ok code=0 reason=");
	CHECK(parse_log(&l, 0, &x) == EXTRACT_CORRUPT);
	CHECK(has_error(&x, "frames=5", "account for 4", NULL));
	extract_free(&x);
	log_free(&l);
}

static void test_malformed_markers(void)
{
	static const struct {
		const char *prefix, *line, *needle;
	} cases[] = {
		{ "@irqbench end 1 ", "@irqbench end 1 idt rows=2 crc32=9B83B84C", "malformed end" },
		{ "@irqbench end 1 ", "@irqbench end 1 idt rows=2 crc32=9b83b84", "malformed end" },
		{ "@irqbench end 1 ", "@irqbench end 1 idt rows=2", "malformed end" },
		{ "@irqbench end 1 ", "@irqbench end 1 idt rows=2 crc32=9b83b84c extra", "malformed end" },
		{ "@irqbench begin 1 ", "@irqbench begin 1 idt cpu,,vector", "malformed begin" },
		{ "@irqbench begin 1 ", "@irqbench begin 1 IDT cpu,vector,handler", "malformed begin" },
		{ "@irqbench begin 1 ", "@irqbench begin x idt cpu,vector,handler", "malformed begin" },
		{ "@irqbench run-end", "@irqbench run-end frames=4 status=fine code=0 reason=", "malformed run-end" },
		{ "@irqbench run-end", "@irqbench run-end frames=4 status=ok reason=", "malformed run-end" },
	};

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct log l = good_log();
		struct extract x;
		size_t at = log_find(&l, cases[i].prefix);

		log_replace(&l, at, "%s", cases[i].line);
		CHECK(parse_log(&l, 0, &x) == EXTRACT_CORRUPT);
		CHECK(has_error(&x, cases[i].needle, NULL));
		if (strstr(cases[i].prefix, "1 "))
			CHECK(table_withheld(&x, "idt"));
		extract_free(&x);
		log_free(&l);
	}
}

static void test_cut_inside_run_end(void)
{
	struct log l = good_log();
	struct extract x;
	size_t len;
	char *s;

	log_remove(&l, l.n - 1);
	s = log_join(&l, "\n", &len);
	CHECK(extract_parse_log(s, len, 0, &x) == EXTRACT_OK);
	extract_free(&x);
	CHECK(extract_parse_log(s, len - 1, 0, &x) == EXTRACT_CORRUPT);
	CHECK(has_error(&x, "ends inside this line", NULL));
	CHECK(has_error(&x, "no run-end", "after seq 3 table latency", NULL));
	CHECK(good_tables(&x));
	extract_free(&x);
	free(s);
	log_free(&l);
}

static void test_end_names_another_frame(void)
{
	struct log l = good_log();
	struct extract x;

	log_replace(&l, log_find(&l, "@irqbench end 0 "), "@irqbench end 3 latency rows=2 crc32=00000000");
	CHECK(parse_log(&l, 0, &x) == EXTRACT_CORRUPT);
	CHECK(has_error(&x, "seq 0 table cpus", "names seq 3 table latency", NULL));
	CHECK(table_withheld(&x, "cpus") && table_withheld(&x, "latency"));
	CHECK(table_is(&x, "idt", "cpu,vector,handler", idt_csv, 4));
	extract_free(&x);
	log_free(&l);
}

static void test_markers_after_run_end(void)
{
	struct log l = good_log();
	struct extract x;

	log_add(&l, "@irqbench begin 4 late x");
	log_add(&l, "@irqbench end 4 late rows=0 crc32=00000000");
	CHECK(parse_log(&l, 0, &x) == EXTRACT_CORRUPT);
	CHECK(has_error(&x, "marker after run-end", "begin 4 late", NULL));
	CHECK(extract_find_table(&x, "late") == NULL);
	extract_free(&x);
	log_free(&l);
}

static void test_unknown_marker(void)
{
	struct log l = good_log();
	struct extract x;

	log_insert(&l, log_find(&l, "bench: int_n"), "@irqbench hello there");
	CHECK(parse_log(&l, 0, &x) == EXTRACT_CORRUPT);
	CHECK(has_error(&x, "unknown marker", "hello there", NULL));
	CHECK(good_tables(&x));
	extract_free(&x);
	log_free(&l);
}

/* What a BMC's serial-over-LAN and a terminal program add to a capture. */
static void test_noisy_log(void)
{
	struct log l = good_log();
	struct extract x;
	size_t at = log_find(&l, "@irqbench run-begin");
	size_t len;
	char *s;

	log_replace(&l, at, "[SOL Session operational]\x1b[m%s", l.line[at]);
	log_insert(&l, log_find(&l, "@irqbench begin 2 "), "\x1b]0;bmc title\x07\x1b[2J");
	at = log_find(&l, "0,32,");
	log_replace(&l, at, "\x1b[1;32m0,32,\x1b[0m0xffffffff80101000\x1b[K");
	at = log_find(&l, "@irqbench end 3");
	log_replace(&l, at, "\x1b(B%s", l.line[at]);
	s = log_join(&l, "\r\n", &len);
	CHECK(extract_parse_log(s, len, 0, &x) == EXTRACT_OK);
	CHECK(good_tables(&x));
	dump_errors(&x);
	extract_free(&x);
	free(s);
	s = log_join(&l, "\n\r", &len);
	CHECK(extract_parse_log(s, len, 0, &x) == EXTRACT_OK);
	CHECK(good_tables(&x));
	extract_free(&x);
	free(s);
	log_free(&l);
}

static void test_multiple_runs(void)
{
	struct log l = { .n = 0 };
	struct extract x;

	add_run(&l, "failed", 4, "first try");
	add_run(&l, "ok", 0, "second try");
	add_run(&l, "ok", 0, "third try");
	CHECK(parse_log(&l, 0, &x) == EXTRACT_OK);
	CHECK(x.runs == 3 && x.run == 3 && strcmp(x.reason, "third try") == 0);
	CHECK(x.nnotes == 1 && strstr(x.notes[0], "3 runs"));
	CHECK(good_tables(&x));
	extract_free(&x);
	CHECK(parse_log(&l, 1, &x) == EXTRACT_KERNEL_FAILED);
	CHECK(x.run == 1 && strcmp(x.reason, "first try") == 0 && x.code == 4);
	CHECK(good_tables(&x));
	extract_free(&x);
	CHECK(parse_log(&l, 4, &x) == EXTRACT_USAGE);
	CHECK(has_error(&x, "run 4 requested", "3 runs", NULL));
	extract_free(&x);
	log_free(&l);
}

static void test_kernel_failed(void)
{
	struct log l = { .n = 0 };
	struct extract x;

	add_run(&l, "failed", -2, "panic: #GP at vector 13, code=0");
	CHECK(parse_log(&l, 0, &x) == EXTRACT_KERNEL_FAILED);
	CHECK(x.kernel_failed && x.code == -2 && x.nerrors == 0);
	CHECK(strcmp(x.reason, "panic: #GP at vector 13, code=0") == 0);
	CHECK(good_tables(&x));
	extract_free(&x);
	log_free(&l);
}

static void test_corrupt_and_failed(void)
{
	struct log l = { .n = 0 };
	struct extract x;

	add_run(&l, "failed", 9, "bench crashed");
	log_remove(&l, log_find(&l, "0,33,"));
	CHECK(parse_log(&l, 0, &x) == EXTRACT_CORRUPT);
	CHECK(x.kernel_failed && x.code == 9);
	extract_free(&x);
	log_free(&l);
}

static char *slurp(const char *dir, const char *name)
{
	char path[512];
	FILE *f;
	char *s;
	size_t n;

	snprintf(path, sizeof path, "%s/%s", dir, name);
	f = fopen(path, "rb");
	if (!f)
		return NULL;
	s = calloc(1, 1 << 16);
	n = fread(s, 1, (1 << 16) - 1, f);
	s[n] = '\0';
	fclose(f);
	return s;
}

static bool file_is(const char *dir, const char *name, const char *header,
		    const char *rows)
{
	char *s = slurp(dir, name);
	bool same = s && strncmp(s, header, strlen(header)) == 0 &&
		    s[strlen(header)] == '\n' &&
		    strcmp(s + strlen(header) + 1, rows) == 0;

	free(s);
	return same;
}

static bool file_exists(const char *dir, const char *name)
{
	char *s = slurp(dir, name);

	free(s);
	return s != NULL;
}

static int write_log(const struct log *l, const char *dir, char *out, size_t outlen)
{
	struct extract x;
	FILE *f = fmemopen(out, outlen, "w");
	int rc;

	parse_log(l, 0, &x);
	rc = extract_write_dir(&x, dir, f, stderr);
	fclose(f);
	extract_free(&x);
	return rc;
}

static void remove_tree(const char *root, const char *dir)
{
	static const char *const names[] = { "cpus.csv", "idt.csv", "latency.csv", "FAILED" };
	char path[512];

	for (size_t i = 0; i < 4; i++) {
		snprintf(path, sizeof path, "%s/%s", dir, names[i]);
		remove(path);
	}
	rmdir(dir);
	snprintf(path, sizeof path, "%s/a", root);
	rmdir(path);
	rmdir(root);
}

static void test_write_dir(void)
{
	char root[] = "/tmp/irqbench-extract-XXXXXX";
	char dir[512], out[1024];
	struct log good = good_log(), bad = good_log();

	CHECK(mkdtemp(root) != NULL);
	snprintf(dir, sizeof dir, "%s/a/b", root);
	CHECK(write_log(&good, dir, out, sizeof out) == 0);
	CHECK(strcmp(out, "cpus.csv 2 rows\nidt.csv 4 rows\nlatency.csv 3 rows\n") == 0);
	CHECK(file_is(dir, "cpus.csv", "cpu,apic_id,brand", cpus_csv));
	CHECK(file_is(dir, "idt.csv", "cpu,vector,handler", idt_csv));
	CHECK(file_is(dir, "latency.csv", "bench,cpu,samples,min,p50,p99,max", latency_csv));
	CHECK(!file_exists(dir, "FAILED"));

	/* Extracting a damaged log over it removes the stale idt.csv. */
	log_remove(&bad, log_find(&bad, "0,33,"));
	CHECK(write_log(&bad, dir, out, sizeof out) == 0);
	CHECK(strcmp(out, "cpus.csv 2 rows\nlatency.csv 3 rows\n") == 0);
	CHECK(!file_exists(dir, "idt.csv"));
	{
		char *failed = slurp(dir, "FAILED");

		CHECK(failed && strstr(failed, "error: line ") &&
		      strstr(failed, "seq 1 table idt: end marker says rows=2, but 1 arrived") &&
		      strstr(failed, "note: table idt withheld"));
		free(failed);
	}

	/* And a good extraction afterwards removes the stale FAILED. */
	CHECK(write_log(&good, dir, out, sizeof out) == 0);
	CHECK(!file_exists(dir, "FAILED") && file_exists(dir, "idt.csv"));
	remove_tree(root, dir);
	log_free(&good);
	log_free(&bad);
}

static void test_write_dir_kernel_failed(void)
{
	char root[] = "/tmp/irqbench-extract-XXXXXX";
	char out[1024];
	struct log l = { .n = 0 };
	char *failed;

	add_run(&l, "failed", 7, "cpu 1 did not come up");
	CHECK(mkdtemp(root) != NULL);
	CHECK(write_log(&l, root, out, sizeof out) == 0);
	CHECK(file_is(root, "idt.csv", "cpu,vector,handler", idt_csv));
	failed = slurp(root, "FAILED");
	CHECK(failed && strcmp(failed, "kernel: status=failed code=7 reason=cpu 1 did not come up\n") == 0);
	free(failed);
	remove_tree(root, root);
	log_free(&l);
}

/* ---- compact frames: fixed= and index= in the begin marker ---- */

#define IPI_COLUMNS "bench,variant,apic_mode,src_cpu,dst_cpu,seq,cycles"

/* Signed as docs/output-format.md says: the fixed= value and a newline,
 * then the rows as sent. */
static void log_compact_frame(struct log *l, unsigned seq, const char *fixed,
			      const char *index, const char *const rows[])
{
	uint32_t crc = crc32_update(crc32_update(0, fixed, strlen(fixed)), "\n", 1);
	size_t n = 0;

	log_add(l, "@irqbench begin %u ipi " IPI_COLUMNS " fixed=%s index=%s", seq, fixed,
		index);
	for (; rows[n]; n++)
		log_add(l, "%s", rows[n]);
	log_add(l, "@irqbench end %u ipi rows=%zu crc32=%08x", seq, n,
		(unsigned)rows_crc_from(crc, rows));
}

static const char *const plain_ipi_rows[] = {
	"ipi,self,xapic,0,,0,25", "ipi,self,xapic,0,,1,26", NULL,
};
static const char *const self_wire_rows[] = { "27", "25", NULL };
static const char *const pair_wire_rows[] = { "134", "-2", "140", NULL };

static const char ipi_csv[] =
	"ipi,self,xapic,0,,0,25\nipi,self,xapic,0,,1,26\n"
	"ipi,self,xapic,1,,0,27\nipi,self,xapic,1,,1,25\n"
	"ipi,pair,xapic,0,1,0,134\nipi,pair,xapic,0,1,1,-2\nipi,pair,xapic,0,1,2,140\n";

/* A plain frame as older kernels sent raw samples, then two compact ones. */
static struct log compact_log(void)
{
	struct log l = { .n = 0 };

	log_add(&l, "@irqbench run-begin version=v0.4");
	log_frame(&l, 0, "ipi", IPI_COLUMNS, plain_ipi_rows);
	log_compact_frame(&l, 1, "ipi,self,xapic,1,", "seq", self_wire_rows);
	log_add(&l, "bench: pair");
	log_compact_frame(&l, 2, "ipi,pair,xapic,0,1", "seq", pair_wire_rows);
	log_add(&l, "@irqbench run-end frames=3 status=ok code=0 reason=done");
	return l;
}

static void test_compact_log(void)
{
	struct log l = compact_log();
	struct extract x;

	CHECK(parse_log(&l, 0, &x) == EXTRACT_OK);
	CHECK(x.ntables == 1 && table_is(&x, "ipi", IPI_COLUMNS, ipi_csv, 7));
	dump_errors(&x);
	extract_free(&x);
	log_free(&l);
}

/* Signed by Python's zlib, captured through a noisy console. */
static void test_fixture_compact(void)
{
	struct extract x;

	CHECK(parse_fixture("compact.log", 0, &x) == EXTRACT_OK);
	CHECK(x.ntables == 1 && table_is(&x, "ipi", IPI_COLUMNS, ipi_csv, 7));
	dump_errors(&x);
	extract_free(&x);
}

static void test_compact_malformed_markers(void)
{
	static const char *const tails[] = {
		" fixed=ipi,pair,xapic,0,1",
		" fixed=ipi,pair,xapic,0,1 index=",
		" fixed=ipi,pair,xapic,0,1 index=Seq",
		" fixed=ipi,pair,xapic,0,1 index=seq extra",
		" fixed=ipi,pair,xapic,0,1  index=seq",
		" fixed=ipi,pair,xapic,0,1 index=seq ",
		" index=seq fixed=ipi,pair,xapic,0,1",
		" fixed=ipi,\"pair\",xapic,0,1 index=seq",
		" fixed=ipi,pa\x01ir,xapic,0,1 index=seq",
		" fixed=ipi,pa\xc3\xa9ir,xapic,0,1 index=seq",
		" fixed=ipi,pair xapic,0,1 index=seq",
		" fixed:ipi,pair,xapic,0,1 index=seq",
		" fixed=ipi,pair,xapic,0,1 index=seq,cycles",
	};

	for (size_t i = 0; i < sizeof tails / sizeof tails[0]; i++) {
		struct log l = compact_log();
		struct extract x;
		size_t at = log_find(&l, "@irqbench begin 2 ");

		log_replace(&l, at, "@irqbench begin 2 ipi " IPI_COLUMNS "%s", tails[i]);
		CHECK(parse_log(&l, 0, &x) == EXTRACT_CORRUPT);
		CHECK(has_error(&x, "line 11: malformed begin marker", NULL));
		CHECK(has_error(&x, "seq 2 table ipi: end without begin", NULL));
		CHECK(table_withheld(&x, "ipi"));
		extract_free(&x);
		log_free(&l);
	}
}

/* Replaces frame 2, the last, by a compact one, correctly signed. */
static void replace_pair_frame(struct log *l, const char *fixed, const char *index,
			       const char *const rows[])
{
	struct log tail = { .n = 0 };

	remove_frame(l, "@irqbench begin 2 ");
	log_compact_frame(&tail, 2, fixed, index, rows);
	for (size_t k = 0; k < tail.n; k++)
		log_insert(l, l->n - 1, "%s", tail.line[k]);
	log_free(&tail);
}

/* A fixed= that lost or gained a field, correctly signed, still fails. */
static void test_compact_fixed_field_count(void)
{
	static const struct {
		const char *fixed, *index, *needle;
	} cases[] = {
		{ "ipi,pair,xapic,0", "seq",
		  "fixed= holds 4 fields, so the index is column \"dst_cpu\", but index= says \"seq\"" },
		{ "ipi,pair,xapic,0,1,0", "seq",
		  "fixed= holds 6 fields for 7 columns: no column is left to send after index=" },
		{ "ipi,pair,xapic,0,1", "src_cpu",
		  "fixed= holds 5 fields, so the index is column \"seq\", but index= says \"src_cpu\"" },
		{ "ipi,pair,xapic,0,1,0", "cycles",
		  "fixed= holds 6 fields for 7 columns: no column is left to send after index=" },
		{ "ipi,pair,xapic,0,1,0,1,2", "seq",
		  "fixed= holds 8 fields for 7 columns: no column is left" },
		{ "", "bench", "fixed= holds 1 field, so the index is column \"variant\"" },
	};

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct log l = compact_log();
		struct extract x;

		replace_pair_frame(&l, cases[i].fixed, cases[i].index, pair_wire_rows);
		CHECK(parse_log(&l, 0, &x) == EXTRACT_CORRUPT);
		CHECK(has_error(&x, "line 11: seq 2 table ipi: ", cases[i].needle, NULL));
		CHECK(x.nerrors == 1);
		CHECK(table_withheld(&x, "ipi"));
		extract_free(&x);
		log_free(&l);
	}
}

/* Fields are counted after expansion; quoting is checked as for any row. */
static void test_compact_row_fields(void)
{
	static const struct {
		const char *row, *needle;
	} cases[] = {
		{ "134,1", "row 2 has 8 fields for 7 columns (with the fixed= fields and the index)" },
		{ "\"134", "row 2 is not valid CSV" },
	};

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct log l = compact_log();
		struct extract x;

		replace_pair_frame(&l, "ipi,pair,xapic,0,1", "seq",
				   (const char *const[]){ "134", cases[i].row, NULL });
		CHECK(parse_log(&l, 0, &x) == EXTRACT_CORRUPT);
		CHECK(has_error(&x, "seq 2 table ipi", cases[i].needle, NULL));
		CHECK(table_withheld(&x, "ipi"));
		extract_free(&x);
		log_free(&l);
	}
}

static void test_compact_counts(void)
{
	struct log l = compact_log();
	struct extract x;

	log_remove(&l, log_find(&l, "-2"));
	CHECK(parse_log(&l, 0, &x) == EXTRACT_CORRUPT);
	CHECK(has_error(&x, "seq 2 table ipi", "end marker says rows=3, but 2 arrived", NULL));
	CHECK(table_withheld(&x, "ipi"));
	extract_free(&x);
	log_insert(&l, log_find(&l, "140"), "%s", "139");
	log_insert(&l, log_find(&l, "140"), "%s", "138");
	CHECK(parse_log(&l, 0, &x) == EXTRACT_CORRUPT);
	CHECK(has_error(&x, "seq 2 table ipi", "end marker says rows=3, but 4 arrived", NULL));
	extract_free(&x);
	log_free(&l);
}

/* The CRC covers the fixed= value: rows signed alone, or a fixed= changed
 * after signing, fail. */
static void test_compact_crc(void)
{
	struct log l = compact_log();
	struct extract x;
	size_t at = log_find(&l, "@irqbench end 2 ");

	log_replace(&l, at, "@irqbench end 2 ipi rows=3 crc32=%08x",
		    (unsigned)rows_crc(pair_wire_rows));
	CHECK(parse_log(&l, 0, &x) == EXTRACT_CORRUPT);
	CHECK(has_error(&x, "seq 2 table ipi", "CRC mismatch", NULL));
	CHECK(table_withheld(&x, "ipi"));
	extract_free(&x);
	log_free(&l);
	l = compact_log();
	at = log_find(&l, "@irqbench begin 2 ");
	log_replace(&l, at, "@irqbench begin 2 ipi " IPI_COLUMNS " fixed=ipi,pair,x2apic,0,1 index=seq");
	CHECK(parse_log(&l, 0, &x) == EXTRACT_CORRUPT);
	CHECK(has_error(&x, "seq 2 table ipi", "CRC mismatch", NULL));
	CHECK(x.nerrors == 1);
	extract_free(&x);
	log_free(&l);
}

/* Every bit of the compact frames but their column names. */
static void test_compact_bit_flips(void)
{
	struct log l = compact_log();
	size_t len, missed = 0;
	char *s = log_join(&l, "\n", &len);

	for (unsigned f = 1; f <= 2; f++) {
		char begin[32];
		size_t from, cols, cols_end, end, to;

		snprintf(begin, sizeof begin, "@irqbench begin %u ipi ", f);
		from = (size_t)(strstr(s, begin) - s);
		cols = from + strlen(begin);
		cols_end = (size_t)(strstr(s + cols, " fixed=") - s);
		end = (size_t)(strstr(s + from, "@irqbench end ") - s);
		to = (size_t)(strchr(s + end, '\n') - s) + 1;
		missed += flip_region(s, len, from, to, cols, cols_end, "ipi");
	}
	CHECK(missed == 0);
	free(s);
	log_free(&l);
}

/* Cut anywhere, the log fails, and a table it still gives is a prefix. */
static void test_compact_truncated_every_offset(void)
{
	struct log l = compact_log();
	size_t len, bad = 0;
	char *s = log_join(&l, "\n", &len);

	for (size_t cut = 0; cut < len; cut++) {
		struct extract x;
		enum extract_status st = extract_parse_log(s, cut, 0, &x);
		const struct extract_table *t = extract_find_table(&x, "ipi");

		if ((st != EXTRACT_CORRUPT || x.nerrors == 0 ||
		     (t && t->verified && (t->rows_len > strlen(ipi_csv) ||
					   memcmp(t->rows, ipi_csv, t->rows_len) != 0))) &&
		    bad++ == 0)
			printf("    cut at byte %zu: status %d\n", cut, st);
		extract_free(&x);
	}
	CHECK(bad == 0);
	free(s);
	log_free(&l);
}

/* ---- the caps and the cost of hostile logs (docs/output-format.md) ---- */

/* A frame of one row "<seq>,<table>" for table t<table>, its CRC computed. */
static void print_frame(FILE *f, size_t seq, size_t table)
{
	char row[64];
	int n = snprintf(row, sizeof row, "%zu,%zu\n", seq, table);

	fprintf(f, "@irqbench begin %zu t%zu seq,table\n%s", seq, table, row);
	fprintf(f, "@irqbench end %zu t%zu rows=1 crc32=%08x\n", seq, table,
		(unsigned)crc32_update(0, row, (size_t)n));
}

/* A log written through a stream, too big for struct log. */
struct memlog {
	FILE *f;
	char *s;
	size_t len;
};

/* Opens the log; unless bare, its run-begin is written. */
static FILE *memlog_open(struct memlog *m, bool bare)
{
	m->f = open_memstream(&m->s, &m->len);
	if (!bare)
		fprintf(m->f, "@irqbench run-begin version=test\n");
	return m->f;
}

/* Ends the run after nframes frames, parses the log and frees it. */
static enum extract_status memlog_parse(struct memlog *m, size_t nframes,
					struct extract *x)
{
	enum extract_status st;

	fprintf(m->f, "@irqbench run-end frames=%zu status=ok code=0 reason=done\n", nframes);
	fclose(m->f);
	st = extract_parse_log(m->s, m->len, 0, x);
	free(m->s);
	return st;
}

/* A run of nframes frames, frame k of table k % ntables. */
static enum extract_status parse_tables_log(size_t ntables, size_t nframes,
					    struct extract *x)
{
	struct memlog m;
	FILE *f = memlog_open(&m, false);

	for (size_t k = 0; k < nframes; k++)
		print_frame(f, k, k % ntables);
	return memlog_parse(&m, nframes, x);
}

/* Table t<table> holds the rows of frames table, table + ntables, ... */
static bool table_holds_frames(const struct extract *x, size_t table,
			       size_t ntables, size_t nframes)
{
	char name[32], *rows;
	size_t len;
	FILE *f = open_memstream(&rows, &len);
	size_t n = 0;
	bool ok;

	for (size_t k = table; k < nframes; k += ntables, n++)
		fprintf(f, "%zu,%zu\n", k, table);
	fclose(f);
	snprintf(name, sizeof name, "t%zu", table);
	ok = table_is(x, name, "seq,table", rows, n);
	free(rows);
	return ok;
}

/* As many tables as the cap allows, each from three frames far apart:
 * every frame goes to its own table, found by name. */
static void test_many_tables(void)
{
	size_t ntables = EXTRACT_MAX_TABLES, nframes = 3 * ntables, bad = 0;
	struct extract x;

	CHECK(parse_tables_log(ntables, nframes, &x) == EXTRACT_OK);
	CHECK(x.ntables == ntables && x.nerrors == 0);
	for (size_t t = 0; t < ntables; t++)
		bad += !table_holds_frames(&x, t, ntables, nframes);
	CHECK(bad == 0);
	CHECK(extract_find_table(&x, "t1024") == NULL && extract_find_table(&x, "t") == NULL);
	dump_errors(&x);
	extract_free(&x);
}

/* One table too many: one error naming it, the run not read further (no
 * complaint about its run-end), the tables before it written. */
static void test_table_cap(void)
{
	size_t ntables = EXTRACT_MAX_TABLES + 1, bad = 0;
	struct extract x;

	CHECK(parse_tables_log(ntables, 2 * ntables, &x) == EXTRACT_CORRUPT);
	CHECK(x.nerrors == 1);
	CHECK(has_error(&x, "seq 1024 table t1024: more than 1024 tables in the run",
			"the rest of the run is not read", NULL));
	CHECK(x.ntables == EXTRACT_MAX_TABLES && !extract_find_table(&x, "t1024"));
	for (size_t t = 0; t < EXTRACT_MAX_TABLES; t++)
		bad += !table_holds_frames(&x, t, ntables, EXTRACT_MAX_TABLES);
	CHECK(bad == 0);
	extract_free(&x);
}

/* A run of one frame of table "wide": ncols columns c0,c1,... and a row
 * of as many zeros. */
static enum extract_status parse_wide_log(size_t ncols, struct extract *x)
{
	char *row;
	size_t row_len;
	FILE *f = open_memstream(&row, &row_len);
	struct memlog m;
	enum extract_status st;

	for (size_t i = 0; i < ncols; i++)
		fprintf(f, "%s0", i ? "," : "");
	fprintf(f, "\n");
	fclose(f);
	f = memlog_open(&m, false);
	fprintf(f, "@irqbench begin 0 wide c0");
	for (size_t i = 1; i < ncols; i++)
		fprintf(f, ",c%zu", i);
	fprintf(f, "\n%s@irqbench end 0 wide rows=1 crc32=%08x\n", row,
		(unsigned)crc32_update(0, row, row_len));
	st = memlog_parse(&m, 1, x);
	free(row);
	return st;
}

static void test_column_cap(void)
{
	struct extract x;

	CHECK(parse_wide_log(EXTRACT_MAX_COLUMNS, &x) == EXTRACT_OK);
	CHECK(x.ntables == 1 && x.tables[0].verified && x.tables[0].nrows == 1);
	extract_free(&x);
	CHECK(parse_wide_log(EXTRACT_MAX_COLUMNS + 1, &x) == EXTRACT_CORRUPT);
	CHECK(x.nerrors == 1 &&
	      has_error(&x, "line 2: seq 0 table wide: 257 columns, more than the 256 the extractor takes", NULL));
	CHECK(table_withheld(&x, "wide"));
	extract_free(&x);
}

/* A compact frame of nrows rows "1" after a fixed= of one field of
 * fixed_len bytes: each row of 2 bytes becomes about fixed_len + 8. */
static enum extract_status parse_expanding_log(size_t fixed_len, size_t nrows,
					       struct extract *x)
{
	char *fixed = malloc(fixed_len + 1);
	struct memlog m;
	FILE *f = memlog_open(&m, false);
	uint32_t crc;

	memset(fixed, 'x', fixed_len);
	fixed[fixed_len] = '\0';
	crc = crc32_update(crc32_update(0, fixed, fixed_len), "\n", 1);
	fprintf(f, "@irqbench begin 0 wide f,i,v fixed=%s index=i\n", fixed);
	for (size_t i = 0; i < nrows; i++) {
		fprintf(f, "1\n");
		crc = crc32_update(crc, "1\n", 2);
	}
	fprintf(f, "@irqbench end 0 wide rows=%zu crc32=%08x\n", nrows, (unsigned)crc);
	free(fixed);
	return memlog_parse(&m, 1, x);
}

/* Rows that expand 30 times extract; 150 times, past EXTRACT_MAX_EXPANSION,
 * is one error and the rest of the run not read. */
static void test_expansion_cap(void)
{
	struct extract x;

	CHECK(parse_expanding_log(52, 1000, &x) == EXTRACT_OK);
	CHECK(x.ntables == 1 && x.tables[0].verified && x.tables[0].nrows == 1000);
	extract_free(&x);
	CHECK(parse_expanding_log(292, 1000, &x) == EXTRACT_CORRUPT);
	CHECK(x.nerrors == 1 &&
	      has_error(&x, "seq 0 table wide: the rows so far expand to more than 64 times the log's size",
			"the rest of the run is not read", NULL));
	CHECK(table_withheld(&x, "wide"));
	extract_free(&x);
}

/* Past EXTRACT_MAX_ERRORS errors are counted, and the report says how many. */
static void test_error_cap(void)
{
	char *report;
	size_t report_len;
	struct memlog m;
	FILE *f = memlog_open(&m, false);
	struct extract x;

	for (int i = 0; i < EXTRACT_MAX_ERRORS + 5; i++)
		fprintf(f, "@irqbench hello %d\n", i);
	print_frame(f, 0, 0);
	CHECK(memlog_parse(&m, 1, &x) == EXTRACT_CORRUPT);
	CHECK(x.nerrors == EXTRACT_MAX_ERRORS && x.errors_unlisted == 5);
	CHECK(has_error(&x, "line 2: unknown marker: \"hello 0\"", NULL));
	CHECK(table_holds_frames(&x, 0, 1, 1));
	f = open_memstream(&report, &report_len);
	extract_print_report(&x, f);
	fclose(f);
	CHECK(strstr(report, "\nerror: 5 more errors, not listed\n") != NULL);
	free(report);
	extract_free(&x);
}

/* Lines are read one at a time: a log of many empty lines extracts, and
 * the lines are counted as an editor counts them. */
static void test_empty_lines(void)
{
	struct memlog m;
	FILE *f = memlog_open(&m, true);
	struct extract x;

	for (int i = 0; i < 100000; i++)
		fputc('\n', f);
	fprintf(f, "@irqbench run-begin version=test\n");
	for (int i = 0; i < 100000; i++)
		fputs("\r\n", f);
	print_frame(f, 0, 0);
	fprintf(f, "@irqbench hello\n");
	CHECK(memlog_parse(&m, 1, &x) == EXTRACT_CORRUPT);
	CHECK(x.nerrors == 1 && has_error(&x, "line 200005: unknown marker", NULL));
	CHECK(table_holds_frames(&x, 0, 1, 1) && x.ended);
	extract_free(&x);
}

int main(void)
{
	RUN(test_good_log);
	RUN(test_fixture_good);
	RUN(test_fixture_sol_noisy);
	RUN(test_fixture_two_runs);
	RUN(test_fixture_kernel_failed);
	RUN(test_truncated_every_offset);
	RUN(test_bit_flips);
	RUN(test_duplicated_frame);
	RUN(test_duplicated_row);
	RUN(test_lost_frame);
	RUN(test_lost_last_frame);
	RUN(test_reordered_frames);
	RUN(test_nested_begin);
	RUN(test_begin_inside_frame);
	RUN(test_free_text_inside_frame);
	RUN(test_end_without_begin);
	RUN(test_marker_inside_frame);
	RUN(test_field_count);
	RUN(test_bad_quoting);
	RUN(test_quoted_fields_counted);
	RUN(test_columns_mismatch);
	RUN(test_no_run_begin);
	RUN(test_no_run_end);
	RUN(test_run_end_frames_mismatch);
	RUN(test_malformed_markers);
	RUN(test_cut_inside_run_end);
	RUN(test_end_names_another_frame);
	RUN(test_markers_after_run_end);
	RUN(test_unknown_marker);
	RUN(test_noisy_log);
	RUN(test_multiple_runs);
	RUN(test_kernel_failed);
	RUN(test_corrupt_and_failed);
	RUN(test_write_dir);
	RUN(test_write_dir_kernel_failed);
	RUN(test_compact_log);
	RUN(test_fixture_compact);
	RUN(test_compact_malformed_markers);
	RUN(test_compact_fixed_field_count);
	RUN(test_compact_row_fields);
	RUN(test_compact_counts);
	RUN(test_compact_crc);
	RUN(test_compact_bit_flips);
	RUN(test_compact_truncated_every_offset);
	RUN(test_many_tables);
	RUN(test_table_cap);
	RUN(test_column_cap);
	RUN(test_expansion_cap);
	RUN(test_error_cap);
	RUN(test_empty_lines);
	return check_exit();
}
