/*
 * libFuzzer target: extract_parse_log (tools/extract.c, with kernel/crc32.c),
 * the host side of the framed output. The input is a serial log, as
 * captured (docs/output-format.md); the seeds are tests/fixtures/logs.
 *
 * Invariants, beyond no crash, no leak and no sanitizer report:
 *  - status is one of the four, and is what the function returned; OK and
 *    KERNEL_FAILED only without errors, CORRUPT only with them, OK only
 *    with a run-end that said ok;
 *  - runs and run agree: the last run is extracted when run 0 is asked
 *    for, asking for it by number gives the same result, and a run past
 *    the last gives USAGE;
 *  - every table marked verified has a name and columns made of
 *    [a-z0-9_,], nrows equal to the number of rows it holds (its '\n'), no
 *    marker, ESC or CR in its rows; with status OK every table is verified;
 *  - every error and note is one line; extract_find_table finds each table;
 *    extract_print_report runs;
 *  - the caps of extract.h hold: at most EXTRACT_MAX_TABLES tables and
 *    EXTRACT_MAX_ERRORS error lines (more only counted), verified tables
 *    of at most EXTRACT_MAX_COLUMNS columns, and tables holding at most
 *    EXTRACT_MAX_EXPANSION bytes per byte of the log.
 */
#define _GNU_SOURCE /* memmem */

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "extract.h"
#include "fuzz.h"

static FILE *devnull;

static bool names_ok(const char *s, bool list)
{
	if (!s || !*s)
		return false;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '_' ||
		      (list && *s == ',')))
			return false;
	return true;
}

static void check_lines(char *const *v, size_t n, const char *what)
{
	for (size_t i = 0; i < n; i++)
		FUZZ_CHECK(v[i] && !strchr(v[i], '\n'), "%s %zu is not one line: \"%s\"", what, i,
			   v[i] ? v[i] : "(null)");
}

static void check_table(const struct extract *x, const struct extract_table *t)
{
	FUZZ_CHECK(t->name != NULL, "table without a name");
	FUZZ_CHECK(extract_find_table(x, t->name) == t, "extract_find_table(\"%s\") finds another",
		   t->name);
	if (!t->verified)
		return;
	FUZZ_CHECK(names_ok(t->name, false), "verified table name \"%s\"", t->name);
	FUZZ_CHECK(names_ok(t->columns, true), "verified table %s: columns \"%s\"", t->name,
		   t->columns ? t->columns : "(null)");
	FUZZ_CHECK(t->rows_len == 0 || t->rows != NULL, "table %s: rows NULL", t->name);
	size_t lines = 0;
	for (size_t i = 0; i < t->rows_len; i++) {
		lines += t->rows[i] == '\n';
		FUZZ_CHECK(t->rows[i] != '\r' && t->rows[i] != 0x1b, "table %s: byte %#x in rows",
			   t->name, (unsigned char)t->rows[i]);
	}
	FUZZ_CHECK(lines == t->nrows, "verified table %s: nrows %zu, rows hold %zu lines", t->name,
		   t->nrows, lines);
	FUZZ_CHECK(t->rows_len == 0 || t->rows[t->rows_len - 1] == '\n',
		   "verified table %s: last row not ended", t->name);
	FUZZ_CHECK(t->rows_len == 0 || !memmem(t->rows, t->rows_len, "@irqbench ", 10),
		   "verified table %s: a marker among its rows", t->name);
}

static void check_caps(const struct extract *x, size_t log_len)
{
	size_t held = 0;

	FUZZ_CHECK(x->ntables <= EXTRACT_MAX_TABLES, "%zu tables", x->ntables);
	FUZZ_CHECK(x->nerrors <= EXTRACT_MAX_ERRORS, "%zu error lines", x->nerrors);
	FUZZ_CHECK(x->errors_unlisted == 0 || x->nerrors == EXTRACT_MAX_ERRORS,
		   "%zu errors unlisted after %zu", x->errors_unlisted, x->nerrors);
	for (size_t i = 0; i < x->ntables; i++) {
		const struct extract_table *t = &x->tables[i];
		size_t ncols = 1;

		held += t->rows_len;
		for (const char *c = t->columns; t->verified && c && *c; c++)
			ncols += *c == ',';
		FUZZ_CHECK(!t->verified || ncols <= EXTRACT_MAX_COLUMNS, "table %s: %zu columns",
			   t->name, ncols);
	}
	FUZZ_CHECK(held / EXTRACT_MAX_EXPANSION <= log_len, "tables hold %zu bytes of a %zu-byte log",
		   held, log_len);
}

static void check_extract(const struct extract *x, enum extract_status rc, size_t log_len)
{
	FUZZ_CHECK(rc == x->status, "returned %d, status %d", (int)rc, (int)x->status);
	FUZZ_CHECK(rc == EXTRACT_OK || rc == EXTRACT_USAGE || rc == EXTRACT_CORRUPT ||
		   rc == EXTRACT_KERNEL_FAILED, "status %d", (int)rc);
	FUZZ_CHECK(x->run <= x->runs, "run %u of %u", x->run, x->runs);
	if (rc == EXTRACT_OK || rc == EXTRACT_KERNEL_FAILED) {
		FUZZ_CHECK(x->nerrors == 0, "status %d with %zu errors", (int)rc, x->nerrors);
		FUZZ_CHECK(x->ended && x->reason, "status %d without run-end", (int)rc);
		FUZZ_CHECK(x->kernel_failed == (rc == EXTRACT_KERNEL_FAILED),
			   "status %d, kernel_failed %d", (int)rc, x->kernel_failed);
		FUZZ_CHECK(x->run >= 1, "status %d without a run", (int)rc);
		for (size_t i = 0; i < x->ntables; i++)
			FUZZ_CHECK(x->tables[i].verified, "status %d with table %s withheld", (int)rc,
				   x->tables[i].name);
	}
	if (rc == EXTRACT_CORRUPT)
		FUZZ_CHECK(x->nerrors > 0, "CORRUPT without an error");
	FUZZ_CHECK(x->ended == (x->reason != NULL), "ended %d, reason %p", x->ended,
		   (const void *)x->reason);
	FUZZ_CHECK(x->ntables == 0 || x->tables != NULL, "tables NULL");
	check_lines(x->errors, x->nerrors, "error");
	check_lines(x->notes, x->nnotes, "note");
	for (size_t i = 0; i < x->ntables; i++)
		check_table(x, &x->tables[i]);
	check_caps(x, log_len);
	extract_print_report(x, devnull);
}

static bool same_tables(const struct extract *a, const struct extract *b)
{
	if (a->ntables != b->ntables || a->nerrors != b->nerrors || a->nnotes != b->nnotes ||
	    a->errors_unlisted != b->errors_unlisted ||
	    a->status != b->status || a->run != b->run)
		return false;
	for (size_t i = 0; i < a->ntables; i++) {
		const struct extract_table *s = &a->tables[i], *t = &b->tables[i];
		if (strcmp(s->name, t->name) != 0 || s->verified != t->verified ||
		    s->nrows != t->nrows || s->rows_len != t->rows_len ||
		    (s->rows_len && memcmp(s->rows, t->rows, s->rows_len) != 0))
			return false;
	}
	for (size_t i = 0; i < a->nerrors; i++)
		if (strcmp(a->errors[i], b->errors[i]) != 0)
			return false;
	return true;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct extract x, y;
	enum extract_status rc;
	const char *log = (const char *)data;

	if (!devnull && !(devnull = fopen("/dev/null", "w")))
		abort();

	rc = extract_parse_log(log, size, 0, &x);
	FUZZ_LOG("extract_parse_log: status %d, run %u of %u, %zu tables, %zu errors", (int)rc,
		 x.run, x.runs, x.ntables, x.nerrors);
	check_extract(&x, rc, size);
	if (x.runs == 0) {
		FUZZ_CHECK(rc == EXTRACT_CORRUPT && x.run == 0, "no run: status %d run %u", (int)rc,
			   x.run);
		extract_free(&x);
		return 0;
	}
	FUZZ_CHECK(x.run == x.runs, "run 0 extracted run %u of %u", x.run, x.runs);

	/* The last run by number: the same result. */
	rc = extract_parse_log(log, size, x.runs, &y);
	check_extract(&y, rc, size);
	FUZZ_CHECK(y.runs == x.runs && same_tables(&x, &y), "run 0 and run %u differ", x.runs);
	extract_free(&y);

	/* The first of several. */
	if (x.runs > 1) {
		rc = extract_parse_log(log, size, 1, &y);
		check_extract(&y, rc, size);
		FUZZ_CHECK(y.runs == x.runs && y.run == 1, "run 1: run %u of %u", y.run, y.runs);
		extract_free(&y);
	}

	/* One past the last. */
	rc = extract_parse_log(log, size, x.runs + 1, &y);
	FUZZ_CHECK(rc == EXTRACT_USAGE && y.status == EXTRACT_USAGE && y.run == 0 && y.nerrors == 1,
		   "run %u of %u: status %d", x.runs + 1, x.runs, (int)rc);
	check_lines(y.errors, y.nerrors, "error");
	extract_free(&y);

	extract_free(&x);
	return 0;
}
