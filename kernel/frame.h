/*
 * Framed tables: how every result leaves the kernel (format: docs/output-format.md).
 * A frame is a begin line, CSV rows, and an end line carrying the row count and
 * a CRC-32 of the rows, so the host can prove that nothing was lost.
 *
 * Concurrency: the sequence number and the sink are global, everything else
 * lives in the caller's struct frame. Frames must not interleave on the wire,
 * so the caller holds the console lock from frame_begin to frame_end (and
 * around frame_run_begin / frame_run_end); frame.c takes no lock itself.
 */
#ifndef FRAME_H
#define FRAME_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Longest row frame_row can emit, in bytes, not counting its newline. */
#define FRAME_ROW_MAX 512

struct frame {
	const char *table;
	const char *fixed;	/* a series' leading fields; NULL in a plain frame */
	size_t fixed_len;
	bool expand;		/* fixed cannot go in the marker: each row holds it */
	unsigned seq;
	unsigned rows;
	uint32_t crc;
};

/* Output sink: the kernel's console_write; host tests supply their own.
 * Must be set before the first frame_run_begin. */
void frame_set_sink(void (*write)(const char *s, size_t len));

/* Starts a run: resets the sequence number to 0. */
void frame_run_begin(const char *version);
/* table and columns must match [a-z0-9_]+ and a comma-separated list of such
 * names; they are referenced, not copied, until frame_end. */
void frame_begin(struct frame *f, const char *table, const char *columns);
/*
 * Begins a compact frame: every row of the table starts with the fields in
 * fixed (CSV, as they would lead the row), then the row's number from 0 in
 * the column after them; frame_row gives only the fields after that one.
 * The begin marker carries fixed= and index=, and the extractor rebuilds
 * the full rows. When fixed cannot go in a marker (it holds a space, a
 * double quote or a control character, or is longer than FRAME_ROW_MAX),
 * or columns has no column after the index, the frame is a plain one whose
 * rows frame_row completes. fixed is referenced, not copied, until frame_end.
 */
void frame_begin_fixed(struct frame *f, const char *table, const char *columns,
		       const char *fixed);
/*
 * Emits one CSV row, formatted with ksnprintf. A row longer than
 * FRAME_ROW_MAX, or one holding a line break, an ESC or the marker prefix,
 * is not emitted: an "@irqbench row-error" line takes its place, which the
 * extractor rejects as a marker inside the frame.
 */
void frame_row(struct frame *f, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void frame_end(struct frame *f);
/* Fault injection, for tests: fn runs once, right after the rows-th row
 * written from now on (counting from 1), inside the frame that holds it. */
void frame_inject_after_rows(unsigned rows, void (*fn)(void));
/*
 * One raw-sample series as one compact frame: row i is the fixed fields
 * (formatted from fixed_fmt), i, and v[i]. The caller holds the console lock.
 */
void frame_series(const char *table, const char *columns, const int64_t *v, size_t n,
		  const char *fixed_fmt, ...) __attribute__((format(printf, 5, 6)));
/* status is "ok" or "failed"; control characters in reason become spaces. */
void frame_run_end(const char *status, int code, const char *reason);

/*
 * Writes src into dst as one CSV field, quoted if it holds a comma or a
 * double quote, with every control byte, and the '@' of the marker prefix,
 * written \xNN: so any string (a command line with a tab, a firmware or
 * CPUID string) makes a valid row that still says what it held. Returns
 * the length the full field needs (as snprintf); dst is NUL-terminated
 * when size > 0. A field that does not fit is left with an opening quote
 * and no closing one, so a row built from it fails extraction rather than
 * passing with a shortened value.
 */
size_t frame_csv_field(char *dst, size_t size, const char *src);
/* src escaped the same way (no quoting) for a text line: it can neither
 * break the line nor pass for a marker. 4 * strlen(src) + 1 bytes always
 * suffice; a dst too small is left empty. Returns the length needed. */
size_t frame_text_escape(char *dst, size_t size, const char *src);

#endif
