/*
 * kernel/frame.c and kernel/crc32.c on the host: frames written into a
 * memory sink, then read back by the extractor, must return every row
 * byte for byte; rows the kernel cannot frame must fail extraction.
 */
#include <string.h>

#include "check.h"
#include "crc32.h"
#include "extract.h"
#include "frame.h"

static char out[1 << 20];
static size_t out_len;

static void mem_write(const char *s, size_t len)
{
	CHECK(out_len + len <= sizeof out);
	if (out_len + len <= sizeof out) {
		memcpy(out + out_len, s, len);
		out_len += len;
	}
}

static void reset(void)
{
	out_len = 0;
	frame_set_sink(mem_write);
}

static bool output_is(const char *expected)
{
	if (out_len == strlen(expected) && memcmp(out, expected, out_len) == 0)
		return true;
	printf("  got:\n%.*s  expected:\n%s", (int)out_len, out, expected);
	return false;
}

static bool output_holds(const char *needle)
{
	for (size_t i = 0; i + strlen(needle) <= out_len; i++)
		if (memcmp(out + i, needle, strlen(needle)) == 0)
			return true;
	return false;
}

static enum extract_status extract(struct extract *x)
{
	return extract_parse_log(out, out_len, 0, x);
}

static bool table_is(const struct extract *x, const char *name,
		     const char *columns, const char *rows)
{
	const struct extract_table *t = extract_find_table(x, name);

	return t && t->verified && strcmp(t->columns, columns) == 0 &&
	       t->rows_len == strlen(rows) && memcmp(t->rows, rows, t->rows_len) == 0;
}

static bool has_error(const struct extract *x, const char *a, const char *b)
{
	for (size_t i = 0; i < x->nerrors; i++)
		if (strstr(x->errors[i], a) && strstr(x->errors[i], b))
			return true;
	return false;
}

static void test_crc_known_answers(void)
{
	static const char fox[] = "The quick brown fox jumps over the lazy dog";
	unsigned char all[256];

	for (int i = 0; i < 256; i++)
		all[i] = (unsigned char)i;
	CHECK(crc32_update(0, "123456789", 9) == 0xCBF43926u);
	CHECK(crc32_update(0, "123456789\n", 10) == 0xE0117757u);
	CHECK(crc32_update(0, fox, strlen(fox)) == 0x414FA339u);
	CHECK(crc32_update(0, all, sizeof all) == 0x29058C73u);
	CHECK(crc32_update(0, "", 0) == 0);
}

static void test_crc_chains(void)
{
	static const char digits[] = "123456789";

	for (size_t cut = 0; cut <= 9; cut++) {
		uint32_t crc = crc32_update(0, digits, cut);

		CHECK(crc32_update(crc, &digits[cut], 9 - cut) == 0xCBF43926u);
	}
}

static void test_exact_output(void)
{
	struct frame f;

	reset();
	frame_run_begin("v1.0-3-gabcdef0-dirty");
	frame_begin(&f, "kat", "digits");
	frame_row(&f, "%s", "123456789");
	frame_end(&f);
	frame_run_end("ok", 0, "done");
	CHECK(output_is("@irqbench run-begin version=v1.0-3-gabcdef0-dirty\n"
			"@irqbench begin 0 kat digits\n"
			"123456789\n"
			"@irqbench end 0 kat rows=1 crc32=e0117757\n"
			"@irqbench run-end frames=1 status=ok code=0 reason=done\n"));
}

static void test_empty_frame(void)
{
	struct frame f;

	reset();
	frame_run_begin("v1");
	frame_begin(&f, "none", "a,b");
	frame_end(&f);
	CHECK(output_holds("@irqbench end 0 none rows=0 crc32=00000000\n"));
}

static void test_seq_is_global_and_reset(void)
{
	struct frame a, b;

	reset();
	frame_run_begin("v1");
	frame_begin(&a, "a", "x");
	frame_end(&a);
	frame_begin(&b, "b", "x");
	frame_end(&b);
	CHECK(a.seq == 0 && b.seq == 1);
	frame_run_end("ok", 0, "");
	CHECK(output_holds("run-end frames=2 "));
	frame_run_begin("v1");
	frame_begin(&a, "a", "x");
	CHECK(a.seq == 0);
}

static const char brands[][64] = {
	"Intel(R) Xeon(R) CPU E5-2690 v4 @ 2.60GHz",
	"QEMU Virtual CPU, version 7.2",
	"AMD \"EPYC\" 7763, 64-Core",
	"",
};

static const char cpus_csv[] =
	"0,Intel(R) Xeon(R) CPU E5-2690 v4 @ 2.60GHz,2600\n"
	"1,\"QEMU Virtual CPU, version 7.2\",2601\n"
	"2,\"AMD \"\"EPYC\"\" 7763, 64-Core\",2602\n"
	"3,,2603\n";

static void emit_run(void)
{
	struct frame f;
	char field[128];

	frame_run_begin("v0.1");
	frame_begin(&f, "cpus", "cpu,brand,mhz");
	for (unsigned i = 0; i < 4; i++) {
		frame_csv_field(field, sizeof field, brands[i]);
		frame_row(&f, "%u,%s,%u", i, field, 2600 + i);
	}
	frame_end(&f);
	mem_write("bench: free text between frames\n", 32);
	for (unsigned cpu = 0; cpu < 3; cpu++) {
		frame_begin(&f, "samples", "cpu,i,cycles");
		for (unsigned i = 0; i < 300; i++)
			frame_row(&f, "%u,%u,%llu", cpu, i,
				  (unsigned long long)i * 0x9e3779b97f4a7c15ull >> 40);
		frame_end(&f);
	}
	frame_run_end("ok", 0, "3 benches, 0 skipped");
}

static void test_round_trip(void)
{
	struct extract x;
	const struct extract_table *t;
	char expect[32];
	size_t at = 0;

	reset();
	emit_run();
	CHECK(extract(&x) == EXTRACT_OK);
	CHECK(table_is(&x, "cpus", "cpu,brand,mhz", cpus_csv));
	t = extract_find_table(&x, "samples");
	CHECK(t && t->verified && t->nrows == 900);
	for (unsigned cpu = 0; t && cpu < 3; cpu++) {
		for (unsigned i = 0; i < 300; i++) {
			int n = snprintf(expect, sizeof expect, "%u,%u,%llu\n", cpu, i,
					 (unsigned long long)i * 0x9e3779b97f4a7c15ull >> 40);

			CHECK(at + (size_t)n <= t->rows_len &&
			      memcmp(t->rows + at, expect, (size_t)n) == 0);
			at += (size_t)n;
		}
	}
	CHECK(t && at == t->rows_len);
	CHECK(strcmp(x.version, "v0.1") == 0);
	CHECK(strcmp(x.reason, "3 benches, 0 skipped") == 0);
	extract_free(&x);
}

static void test_csv_field(void)
{
	char d[32];

	CHECK(frame_csv_field(d, sizeof d, "plain text") == 10 &&
	      strcmp(d, "plain text") == 0);
	CHECK(frame_csv_field(d, sizeof d, "a,b") == 5 && strcmp(d, "\"a,b\"") == 0);
	CHECK(frame_csv_field(d, sizeof d, "say \"hi\"") == 12 &&
	      strcmp(d, "\"say \"\"hi\"\"\"") == 0);
	CHECK(frame_csv_field(d, sizeof d, "\"") == 4 && strcmp(d, "\"\"\"\"") == 0);
	CHECK(frame_csv_field(d, sizeof d, "") == 0 && strcmp(d, "") == 0);
	CHECK(frame_csv_field(d, 6, "a,b") == 5 && strcmp(d, "\"a,b\"") == 0);
	CHECK(frame_csv_field(NULL, 0, "a,b") == 5);
}

/* Every control byte, and the marker prefix, comes out as \xNN: the
 * field still says what it held and can make no row error. */
static void test_csv_field_escapes(void)
{
	char d[64], src[8], want[16];

	for (int c = 1; c < 0x80; c++) {
		bool control = c < 0x20 || c == 0x7f;

		snprintf(src, sizeof src, "a%cb", c);
		if (control)
			snprintf(want, sizeof want, "a\\x%02xb", c);
		else if (c == ',' || c == '"')
			snprintf(want, sizeof want, c == ',' ? "\"a,b\"" : "\"a\"\"b\"");
		else
			snprintf(want, sizeof want, "%s", src);
		CHECK(frame_csv_field(d, sizeof d, src) == strlen(want) && strcmp(d, want) == 0);
	}
	CHECK(frame_csv_field(d, sizeof d, "x.elf\tbench=none") == 19 &&
	      strcmp(d, "x.elf\\x09bench=none") == 0);
	CHECK(frame_csv_field(d, sizeof d, "a/@irqbench b,\"\x1b") == 25 &&
	      strcmp(d, "\"a/\\x40irqbench b,\"\"\\x1b\"") == 0);
	CHECK(frame_csv_field(d, sizeof d, "a@irqbench,@irqbenchx") == 23 &&
	      strcmp(d, "\"a@irqbench,@irqbenchx\"") == 0);
	CHECK(frame_csv_field(d, 10, "\t\t") == 8 && strcmp(d, "\\x09\\x09") == 0);
	CHECK(frame_csv_field(d, 8, "\t\t") == 8 && strcmp(d, "\"") == 0);
	CHECK(frame_text_escape(d, sizeof d, "q\n@irqbench end") == 21 &&
	      strcmp(d, "q\\x0a\\x40irqbench end") == 0);
	CHECK(frame_text_escape(d, 4, "\n") == 4 && d[0] == '\0');
}

/* A row of such fields verifies, and the table holds the escaped text. */
static void test_escaped_fields_extract(void)
{
	static const char *const values[] = {
		"build/irqbench.elf\tbench=none\tsamples=5", "tab\there", "a\nb\rc\x1b[31m",
		"x @irqbench end 0 t", "bell\x07 del\x7f",
	};
	struct frame f;
	struct extract x;
	char d[128];

	reset();
	frame_run_begin("v1");
	frame_begin(&f, "meta", "key,value");
	for (size_t i = 0; i < sizeof values / sizeof values[0]; i++) {
		frame_csv_field(d, sizeof d, values[i]);
		frame_row(&f, "k%zu,%s", i, d);
	}
	frame_end(&f);
	frame_run_end("ok", 0, "");
	CHECK(!output_holds("row-error"));
	CHECK(extract(&x) == EXTRACT_OK);
	CHECK(table_is(&x, "meta", "key,value",
		       "k0,build/irqbench.elf\\x09bench=none\\x09samples=5\n"
		       "k1,tab\\x09here\n"
		       "k2,a\\x0ab\\x0dc\\x1b[31m\n"
		       "k3,x \\x40irqbench end 0 t\n"
		       "k4,bell\\x07 del\\x7f\n"));
	extract_free(&x);
}

static void test_csv_field_too_long_fails_extraction(void)
{
	struct frame f;
	struct extract x;
	char d[8];

	CHECK(frame_csv_field(d, 5, "a,b") == 5 && strcmp(d, "\"") == 0);
	CHECK(frame_csv_field(d, sizeof d, "Genuine Intel CPU") == 17 &&
	      strcmp(d, "\"") == 0);
	reset();
	frame_run_begin("v1");
	frame_begin(&f, "cpus", "cpu,brand,mhz");
	frame_row(&f, "%u,%s,%u", 0, d, 2600);
	frame_end(&f);
	frame_begin(&f, "cpus", "cpu,brand,mhz");
	frame_row(&f, "%u,%s", 1, d);
	frame_end(&f);
	frame_run_end("ok", 0, "");
	CHECK(extract(&x) == EXTRACT_CORRUPT);
	CHECK(has_error(&x, "seq 0 table cpus", "row 1 is not valid CSV"));
	CHECK(has_error(&x, "seq 1 table cpus", "row 1 is not valid CSV"));
	CHECK(extract_find_table(&x, "cpus") && !extract_find_table(&x, "cpus")->verified);
	extract_free(&x);
}

static void test_longest_row_fits(void)
{
	struct frame f;
	struct extract x;
	const struct extract_table *t;

	reset();
	frame_run_begin("v1");
	frame_begin(&f, "wide", "text");
	frame_row(&f, "%0*d", FRAME_ROW_MAX, 7);
	frame_end(&f);
	frame_run_end("ok", 0, "");
	CHECK(extract(&x) == EXTRACT_OK);
	t = extract_find_table(&x, "wide");
	CHECK(t && t->rows_len == FRAME_ROW_MAX + 1 && t->rows[FRAME_ROW_MAX - 1] == '7');
	extract_free(&x);
}

/* Each of these would be cut, split or stripped on its way to the host. */
static void test_unframeable_rows_fail_extraction(void)
{
	static const char *const rows[] = {
		"a\nb", "a\rb", "\x1b[31mred", "tab\there", "x @irqbench end 0 t",
	};

	for (size_t i = 0; i <= sizeof rows / sizeof rows[0]; i++) {
		struct frame f;
		struct extract x;

		reset();
		frame_run_begin("v1");
		frame_begin(&f, "t", "text");
		frame_row(&f, "ok");
		if (i < sizeof rows / sizeof rows[0])
			frame_row(&f, "%s", rows[i]);
		else
			frame_row(&f, "%*d", FRAME_ROW_MAX + 1, 1);
		frame_row(&f, "ok");
		frame_end(&f);
		frame_run_end("ok", 0, "");
		CHECK(output_holds("@irqbench row-error 0 t row 2 "));
		CHECK(extract(&x) == EXTRACT_CORRUPT);
		CHECK(has_error(&x, "seq 0 table t", "marker inside the frame"));
		CHECK(x.nerrors == 1);
		CHECK(extract_find_table(&x, "t") && !extract_find_table(&x, "t")->verified);
		extract_free(&x);
	}
}

/* CRCs by Python's zlib: a compact frame signs the fixed= value, then the
 * rows as sent. */
static void test_series_exact_output(void)
{
	static const int64_t v[] = { 5, -7, 12 };

	reset();
	frame_run_begin("v1");
	frame_series("t", "bench,variant,cpu,seq,cycles", v, 3, "t,%s,%u", "a", 1);
	frame_series("t", "bench,variant,cpu,seq,cycles", v, 0, "t,%s,%u", "b", 2);
	CHECK(output_is("@irqbench run-begin version=v1\n"
			"@irqbench begin 0 t bench,variant,cpu,seq,cycles fixed=t,a,1 index=seq\n"
			"5\n-7\n12\n"
			"@irqbench end 0 t rows=3 crc32=a00d4bfd\n"
			"@irqbench begin 1 t bench,variant,cpu,seq,cycles fixed=t,b,2 index=seq\n"
			"@irqbench end 1 t rows=0 crc32=889d1112\n"));
}

/* Compact frames extract to the table plain frames of the same rows give. */
static void test_series_round_trip(void)
{
	static const char columns[] = "bench,variant,src_cpu,dst_cpu,seq,cycles";
	int64_t v[500];
	struct extract plain, compact;
	const struct extract_table *a, *b;
	struct frame f;

	for (size_t i = 0; i < 500; i++)
		v[i] = (int64_t)(i * 0x9e3779b97f4a7c15ull >> 44) - 1000;
	reset();
	frame_run_begin("v1");
	for (int cpu = 0; cpu < 3; cpu++) {
		frame_begin(&f, "ipi", columns);
		for (size_t i = 0; i < 500; i++)
			frame_row(&f, "ipi,pair,%d,,%zu,%ld", cpu, i, (long)v[i]);
		frame_end(&f);
	}
	frame_run_end("ok", 0, "");
	CHECK(extract(&plain) == EXTRACT_OK);
	reset();
	frame_run_begin("v1");
	for (int cpu = 0; cpu < 3; cpu++)
		frame_series("ipi", columns, v, 500, "ipi,pair,%d,", cpu);
	frame_run_end("ok", 0, "");
	CHECK(output_holds(" fixed=ipi,pair,2, index=seq\n"));
	CHECK(extract(&compact) == EXTRACT_OK);
	a = extract_find_table(&plain, "ipi");
	b = extract_find_table(&compact, "ipi");
	CHECK(a && b && a->nrows == 1500 && b->nrows == 1500 && a->rows_len == b->rows_len &&
	      memcmp(a->rows, b->rows, a->rows_len) == 0);
	extract_free(&plain);
	extract_free(&compact);
}

/* Rows of several fields after the index; a compact frame may follow a
 * plain one of the same table. */
static void test_begin_fixed_rows(void)
{
	struct frame f;
	struct extract x;

	reset();
	frame_run_begin("v1");
	frame_begin(&f, "t", "cpu,i,lo,hi");
	frame_row(&f, "9,0,1,2");
	frame_end(&f);
	frame_begin_fixed(&f, "t", "cpu,i,lo,hi", "3");
	frame_row(&f, "%d,%d", 10, 20);
	frame_row(&f, ",");
	frame_end(&f);
	frame_run_end("ok", 0, "");
	CHECK(output_holds("@irqbench begin 1 t cpu,i,lo,hi fixed=3 index=i\n10,20\n,\n"));
	CHECK(extract(&x) == EXTRACT_OK);
	CHECK(table_is(&x, "t", "cpu,i,lo,hi", "9,0,1,2\n3,0,10,20\n3,1,,\n"));
	extract_free(&x);
}

/*
 * Fixed fields a marker cannot carry go into every row instead, so the
 * table is the same; a caller whose columns leave nothing after the index
 * gets rows that fail extraction rather than a table of another shape.
 */
static void test_series_falls_back_to_full_rows(void)
{
	static const int64_t v[] = { 1, 2 };
	char brand[64];
	struct extract x;

	frame_csv_field(brand, sizeof brand, "AMD \"EPYC\" 7763, 64-Core");
	reset();
	frame_run_begin("v1");
	frame_series("t", "a,b,i,v", v, 2, "%s,%s", "two words", brand);
	frame_series("u", "a,i", v, 2, "%s", "x");
	frame_run_end("ok", 0, "");
	CHECK(!output_holds("fixed="));
	CHECK(output_holds("@irqbench begin 0 t a,b,i,v\ntwo words,"));
	CHECK(extract(&x) == EXTRACT_CORRUPT);
	CHECK(table_is(&x, "t", "a,b,i,v",
		       "two words,\"AMD \"\"EPYC\"\" 7763, 64-Core\",0,1\n"
		       "two words,\"AMD \"\"EPYC\"\" 7763, 64-Core\",1,2\n"));
	CHECK(has_error(&x, "seq 1 table u", "row 1 has 3 fields for 2 columns"));
	extract_free(&x);
}

/* A fixed part too long, or one holding what a row may not, is never cut
 * or sent: each row is refused, which fails the frame. */
static void test_series_unframeable_fixed(void)
{
	static const int64_t v[] = { 1 };
	struct extract x;

	reset();
	frame_run_begin("v1");
	frame_series("t", "a,i,v", v, 1, "%0*d", FRAME_ROW_MAX + 1, 7);
	frame_series("u", "a,i,v", v, 1, "x\ny");
	frame_run_end("ok", 0, "");
	CHECK(output_holds("@irqbench row-error 0 t row 1 longer than FRAME_ROW_MAX\n"));
	CHECK(output_holds("@irqbench row-error 1 u row 1 holds a control character\n"));
	CHECK(extract(&x) == EXTRACT_CORRUPT);
	CHECK(has_error(&x, "seq 0 table t", "marker inside the frame"));
	CHECK(has_error(&x, "seq 1 table u", "marker inside the frame"));
	extract_free(&x);
}

static void inject_text(void)
{
	mem_write("injected\n", 9);
}

/* The hook runs once, right after the named row, inside its frame. */
static void test_inject_after_rows(void)
{
	struct frame f;

	reset();
	frame_inject_after_rows(2, inject_text);
	frame_begin(&f, "t", "n");
	frame_row(&f, "1");
	frame_row(&f, "2");
	frame_row(&f, "3");
	frame_end(&f);
	frame_begin(&f, "t", "n");
	frame_row(&f, "4");
	frame_row(&f, "5");
	frame_end(&f);
	out[out_len] = 0;
	const char *at = strstr(out, "1\n2\ninjected\n3\n");
	CHECK(at != NULL);
	CHECK(at && !strstr(at + strlen("1\n2\ninjected"), "injected"));
}

static void test_run_end_failed(void)
{
	struct extract x;

	reset();
	frame_run_begin("v1\n");
	frame_run_end("failed", -3, "cpu 1: #GP\r\nvector 13\x1b");
	CHECK(output_is("@irqbench run-begin version=v1 \n"
			"@irqbench run-end frames=0 status=failed code=-3 reason=cpu 1: #GP  vector 13 \n"));
	CHECK(extract(&x) == EXTRACT_KERNEL_FAILED);
	CHECK(x.code == -3 && strcmp(x.reason, "cpu 1: #GP  vector 13 ") == 0);
	extract_free(&x);
}

int main(void)
{
	RUN(test_crc_known_answers);
	RUN(test_crc_chains);
	RUN(test_exact_output);
	RUN(test_empty_frame);
	RUN(test_seq_is_global_and_reset);
	RUN(test_round_trip);
	RUN(test_csv_field);
	RUN(test_csv_field_escapes);
	RUN(test_escaped_fields_extract);
	RUN(test_csv_field_too_long_fails_extraction);
	RUN(test_longest_row_fits);
	RUN(test_unframeable_rows_fail_extraction);
	RUN(test_series_exact_output);
	RUN(test_series_round_trip);
	RUN(test_begin_fixed_rows);
	RUN(test_series_falls_back_to_full_rows);
	RUN(test_series_unframeable_fixed);
	RUN(test_run_end_failed);
	RUN(test_inject_after_rows);
	return check_exit();
}
