/*
 * The framed-output extractor as a library: turns a serial log into verified
 * tables and a list of problems (format and rules: docs/output-format.md).
 * Parsing works on memory only; extract_write_dir is the one step that
 * touches the filesystem. Out of memory ends the program with status 1.
 */
#ifndef EXTRACT_H
#define EXTRACT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* Also the exit statuses of irqbench-extract, in increasing priority 0, 3, 2, 1. */
enum extract_status {
	EXTRACT_OK = 0,		/* complete, verified, kernel said ok */
	EXTRACT_USAGE = 1,	/* bad arguments or an I/O error */
	EXTRACT_CORRUPT = 2,	/* the log is truncated or garbled */
	EXTRACT_KERNEL_FAILED = 3, /* complete, but the kernel said failed */
};

/*
 * Far above what the kernel sends (docs/output-format.md, "Limits of the
 * extractor"): a run names about 20 tables whatever its CPU count, the
 * widest has 27 columns, and its tables hold 3 to 20 bytes per log byte.
 * A log past them is not an irqbench log; the caps keep such a log from
 * costing more than a bounded multiple of its size in time and memory.
 */
#define EXTRACT_MAX_TABLES 1024		/* distinct tables in one run */
#define EXTRACT_MAX_COLUMNS 256		/* columns of one frame */
#define EXTRACT_MAX_ERRORS 1000		/* error lines listed; the rest counted */
#define EXTRACT_MAX_EXPANSION 64	/* table bytes per log byte (compact frames) */

struct extract_table {
	char *name;
	char *columns;		/* the CSV header, as in the begin markers */
	char *rows;		/* every row of every frame, each ending in '\n' */
	size_t rows_len, rows_cap;
	size_t nrows;
	bool verified;		/* every frame of this table verified */
};

struct extract {
	enum extract_status status;
	unsigned runs;		/* run-begin markers in the log */
	unsigned run;		/* the run extracted, 1-based; 0 if none */
	char *version;		/* from run-begin; NULL if none */
	bool ended;		/* the run has a run-end */
	bool kernel_failed;	/* run-end said status=failed */
	int code;		/* run-end code */
	char *reason;		/* run-end reason; NULL without run-end */
	struct extract_table *tables;	/* in order of first appearance */
	size_t ntables;
	size_t tables_cap;
	size_t *table_slots;	/* hash index by name: a table's index + 1, or 0 */
	char **errors;		/* one line each, naming line, seq and table */
	size_t nerrors;
	size_t errors_unlisted;	/* errors past EXTRACT_MAX_ERRORS, counted only */
	char **notes;		/* informative lines (run count, withheld tables) */
	size_t nnotes;
};

/*
 * Parses log[0..len) and verifies run number run (1-based; 0 selects the
 * last). Fills *x, which extract_free releases, and returns x->status.
 * A run that does not exist gives EXTRACT_USAGE.
 */
enum extract_status extract_parse_log(const char *log, size_t len, unsigned run,
				      struct extract *x);

/* The table called name, verified or not; NULL if the run has none. */
const struct extract_table *extract_find_table(const struct extract *x,
					       const char *name);

/* Writes the errors, the kernel's failure and the notes, one per line. */
void extract_print_report(const struct extract *x, FILE *f);

/*
 * Creates dir if missing and writes <table>.csv for each verified table,
 * listing each as "<table>.csv <rows> rows" on out (if not NULL). Writes
 * dir/FAILED holding the report unless the status is EXTRACT_OK, in which
 * case a stale FAILED is removed; so is a stale <table>.csv of a table
 * withheld now. Returns 0, or -1 after naming the I/O error on err.
 */
int extract_write_dir(const struct extract *x, const char *dir, FILE *out,
		      FILE *err);

void extract_free(struct extract *x);

#endif
