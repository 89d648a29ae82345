/*
 * Framed tables on the console (format and rationale: docs/output-format.md).
 * Pure code: everything goes through the sink, so host tests can run it into
 * memory and feed the result to the extractor.
 */
#include <stdarg.h>
#include <stdbool.h>

#include "crc32.h"
#include "fmt.h"
#include "frame.h"

#define MARKER "@irqbench "

static void (*sink)(const char *s, size_t len);
static unsigned next_seq;
static void (*row_hook)(void);
static unsigned row_hook_left;

void frame_set_sink(void (*write)(const char *s, size_t len))
{
	sink = write;
}

static size_t str_len(const char *s)
{
	size_t n = 0;

	while (s[n])
		n++;
	return n;
}

static bool is_control(char c)
{
	return (unsigned char)c < 0x20 || c == 0x7f;
}

static void emit(const char *s)
{
	sink(s, str_len(s));
}

/* Free text (version, status, reason) must stay on its marker line: a
 * control byte could end the line or open an escape sequence that the
 * extractor strips. */
static void emit_text(const char *s)
{
	while (*s) {
		size_t n = 0;

		while (s[n] && !is_control(s[n]))
			n++;
		if (n)
			sink(s, n);
		s += n;
		if (*s) {
			sink(" ", 1);
			s++;
		}
	}
}

void frame_run_begin(const char *version)
{
	next_seq = 0;
	emit(MARKER "run-begin version=");
	emit_text(version);
	emit("\n");
}

/* The begin line up to its column list; the caller ends it. */
static void begin_line(struct frame *f, const char *table, const char *columns)
{
	char head[48];

	f->table = table;
	f->seq = next_seq++;
	f->rows = 0;
	f->crc = 0;
	ksnprintf(head, sizeof head, MARKER "begin %u ", f->seq);
	emit(head);
	emit(table);
	emit(" ");
	emit(columns);
}

void frame_begin(struct frame *f, const char *table, const char *columns)
{
	f->fixed = NULL;
	f->fixed_len = 0;
	f->expand = false;
	begin_line(f, table, columns);
	emit("\n");
}

/* A fixed= value is one word of the marker, split at its commas alone:
 * no space, no quote, nothing the cleaning rules would remove. */
static bool fixed_fits_marker(const char *fixed, size_t len)
{
	if (len > FRAME_ROW_MAX)
		return false;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)fixed[i];

		if (c <= ' ' || c >= 0x7f || c == '"')
			return false;
	}
	return true;
}

static size_t count_fields(const char *fixed, size_t len)
{
	size_t n = 1;

	for (size_t i = 0; i < len; i++)
		n += fixed[i] == ',';
	return n;
}

/* Column k of the list, unless it is the last: a row must send something. */
static bool index_column(const char *columns, size_t k, const char **name, size_t *len)
{
	for (; k > 0 && *columns; columns++)
		if (*columns == ',')
			k--;
	if (k > 0)
		return false;
	*name = columns;
	*len = 0;
	while (columns[*len] && columns[*len] != ',')
		++*len;
	return columns[*len] == ',';
}

/*
 * The CRC of a compact frame starts with the fixed= value and a newline, so
 * that the fields every row shares are covered like the rows themselves.
 */
static void begin_series(struct frame *f, const char *table, const char *columns,
			 const char *fixed, size_t len)
{
	const char *index = NULL;
	size_t index_len = 0;

	f->fixed = fixed;
	f->fixed_len = len;
	f->expand = !fixed_fits_marker(fixed, len) ||
		    !index_column(columns, count_fields(fixed, len), &index, &index_len);
	begin_line(f, table, columns);
	if (!f->expand) {
		emit(" fixed=");
		sink(fixed, len);
		emit(" index=");
		sink(index, index_len);
		f->crc = crc32_update(crc32_update(0, fixed, len), "\n", 1);
	}
	emit("\n");
}

void frame_begin_fixed(struct frame *f, const char *table, const char *columns,
		       const char *fixed)
{
	begin_series(f, table, columns, fixed, str_len(fixed));
}

static bool holds_marker(const char *s, int len)
{
	int m = (int)str_len(MARKER);

	for (int i = 0; i + m <= len; i++) {
		int j = 0;

		while (j < m && s[i + j] == MARKER[j])
			j++;
		if (j == m)
			return true;
	}
	return false;
}

/* The bytes the extractor would split, strip or take for a marker. */
static const char *row_problem(const char *row, int len)
{
	if (len < 0)
		return "format error";
	if (len > FRAME_ROW_MAX)
		return "longer than FRAME_ROW_MAX";
	for (int i = 0; i < len; i++)
		if (is_control(row[i]))
			return "holds a control character";
	if (holds_marker(row, len))
		return "holds the marker prefix";
	return NULL;
}

/*
 * Truncating the row, or emitting it as is, could hand the host a frame that
 * verifies yet carries a wrong value. A marker line inside the frame instead
 * makes the extractor reject the frame and its table, and the reason is
 * readable in the raw log.
 */
static void row_reject(const struct frame *f, const char *why)
{
	char num[48];

	ksnprintf(num, sizeof num, MARKER "row-error %u ", f->seq);
	emit(num);
	emit(f->table);
	ksnprintf(num, sizeof num, " row %u ", f->rows + 1);
	emit(num);
	emit(why);
	emit("\n");
}

/* A plain frame begun by frame_begin_fixed: its rows start with what the
 * marker could not carry. Returns the prefix's length, or more than
 * FRAME_ROW_MAX when the row cannot fit. */
static int row_prefix(const struct frame *f, char *line)
{
	if (!f->expand)
		return 0;
	if (f->fixed_len > FRAME_ROW_MAX)
		return FRAME_ROW_MAX + 1;
	return ksnprintf(line, FRAME_ROW_MAX + 1, "%.*s,%u,", (int)f->fixed_len, f->fixed,
			 f->rows);
}

void frame_inject_after_rows(unsigned rows, void (*fn)(void))
{
	row_hook_left = rows;
	row_hook = rows ? fn : 0;
}

static void row_hook_tick(void)
{
	void (*fn)(void) = row_hook;

	if (!fn || --row_hook_left)
		return;
	row_hook = 0;
	fn();
}

void frame_row(struct frame *f, const char *fmt, ...)
{
	char line[FRAME_ROW_MAX + 2];
	int at = row_prefix(f, line);
	int len = at;
	const char *why;
	va_list ap;

	if (at <= FRAME_ROW_MAX) {
		va_start(ap, fmt);
		len = kvsnprintf(line + at, (size_t)(FRAME_ROW_MAX + 1 - at), fmt, ap);
		va_end(ap);
		if (len >= 0)
			len += at;
	}
	why = row_problem(line, len);
	if (why) {
		row_reject(f, why);
		return;
	}
	line[len] = '\n';
	f->crc = crc32_update(f->crc, line, (size_t)len + 1);
	f->rows++;
	sink(line, (size_t)len + 1);
	row_hook_tick();
}

void frame_end(struct frame *f)
{
	char num[64];

	ksnprintf(num, sizeof num, MARKER "end %u ", f->seq);
	emit(num);
	emit(f->table);
	ksnprintf(num, sizeof num, " rows=%u crc32=%08x\n", f->rows,
		  (unsigned)f->crc);
	emit(num);
}

void frame_series(const char *table, const char *columns, const int64_t *v, size_t n,
		  const char *fixed_fmt, ...)
{
	char fixed[FRAME_ROW_MAX + 1];
	struct frame f;
	va_list ap;
	int len;

	va_start(ap, fixed_fmt);
	len = kvsnprintf(fixed, sizeof fixed, fixed_fmt, ap);
	va_end(ap);
	/* A cut fixed value is never sent: one too long makes every row too long. */
	begin_series(&f, table, columns, fixed, len < 0 ? FRAME_ROW_MAX + 1 : (size_t)len);
	for (size_t i = 0; i < n; i++)
		frame_row(&f, "%ld", (long)v[i]);
	frame_end(&f);
}

void frame_run_end(const char *status, int code, const char *reason)
{
	char num[64];

	ksnprintf(num, sizeof num, MARKER "run-end frames=%u status=", next_seq);
	emit(num);
	emit_text(status);
	ksnprintf(num, sizeof num, " code=%d reason=", code);
	emit(num);
	emit_text(reason);
	emit("\n");
}

static bool csv_needs_quotes(const char *s)
{
	for (; *s; s++)
		if (*s == ',' || *s == '"')
			return true;
	return false;
}

static bool starts_marker(const char *s)
{
	for (const char *m = MARKER; *m; m++, s++)
		if (*s != *m)
			return false;
	return true;
}

/*
 * src as untrusted text may go out: a control byte, and the '@' that
 * starts the marker prefix, as \xNN (so the text neither breaks its line
 * nor passes for a marker, and still says what it held), each double quote
 * doubled when quote. Writes to dst unless it is NULL; returns the length.
 */
static size_t escaped(char *dst, const char *src, bool quote)
{
	static const char hex[] = "0123456789abcdef";
	size_t n = 0;

	for (; *src; src++) {
		unsigned char c = (unsigned char)*src;
		char piece[4] = { *src, '"' };
		size_t len = quote && c == '"' ? 2 : 1;

		if (is_control(*src) || (c == '@' && starts_marker(src))) {
			piece[0] = '\\';
			piece[1] = 'x';
			piece[2] = hex[c >> 4];
			piece[3] = hex[c & 0xF];
			len = 4;
		}
		for (size_t i = 0; dst && i < len; i++)
			dst[n + i] = piece[i];
		n += len;
	}
	return n;
}

size_t frame_csv_field(char *dst, size_t size, const char *src)
{
	bool quote = csv_needs_quotes(src);
	size_t need = escaped(NULL, src, quote) + (quote ? 2 : 0);
	size_t n = 0;

	if (size == 0)
		return need;
	if (need >= size) {
		/* A quote never closed swallows the rest of the row, so the
		 * row fails extraction instead of carrying a cut value. */
		if (size >= 2)
			dst[n++] = '"';
		dst[n] = '\0';
		return need;
	}
	if (quote)
		dst[n++] = '"';
	n += escaped(dst + n, src, quote);
	if (quote)
		dst[n++] = '"';
	dst[n] = '\0';
	return need;
}

size_t frame_text_escape(char *dst, size_t size, const char *src)
{
	size_t need = escaped(NULL, src, false);

	if (size == 0)
		return need;
	dst[need < size ? escaped(dst, src, false) : 0] = '\0';
	return need;
}
