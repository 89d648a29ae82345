/*
 * irqbench's framed-output extractor (format and rules: docs/output-format.md).
 *
 * A serial log is cleaned line by line (escape sequences and carriage returns
 * removed), split into runs at each run-begin marker, and one run is walked
 * by a small state machine: outside a frame, inside a frame, after run-end.
 * Every problem becomes one error line naming the log line, and where known
 * the seq and table; a table with any problem in any of its frames is
 * withheld, so a written table is never a partial one that looks whole.
 */
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>

#include "crc32.h"
#include "extract.h"

#define MARKER "@irqbench "
#define ESC 0x1b
/* Longest excerpt of the log quoted in an error line. */
#define SHOW_MAX 80

/* ---- memory ---- */

/* A serial log fits in memory many times over: running out of it is an
 * environment failure, reported like an I/O error. */

static void *xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p) {
		fputs("irqbench-extract: out of memory\n", stderr);
		exit(EXTRACT_USAGE);
	}
	return p;
}

static char *xstrndup(const char *s, size_t n)
{
	char *d = xrealloc(NULL, n + 1);

	memcpy(d, s, n);
	d[n] = '\0';
	return d;
}

static char *xvprintf(const char *fmt, va_list ap)
{
	va_list again;
	int n;
	char *s;

	va_copy(again, ap);
	n = vsnprintf(NULL, 0, fmt, again);
	va_end(again);
	s = xrealloc(NULL, (size_t)(n < 0 ? 0 : n) + 1);
	vsnprintf(s, (size_t)(n < 0 ? 0 : n) + 1, fmt, ap);
	return s;
}

static char *xprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static char *xprintf(const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	s = xvprintf(fmt, ap);
	va_end(ap);
	return s;
}

static void push_line(char ***v, size_t *n, char *s)
{
	*v = xrealloc(*v, (*n + 1) * sizeof **v);
	(*v)[(*n)++] = s;
}

/* Past EXTRACT_MAX_ERRORS only counted: a log of nothing but bad lines
 * would otherwise cost several times its size in error lines. */
static void add_error(struct extract *x, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void add_error(struct extract *x, const char *fmt, ...)
{
	va_list ap;

	if (x->nerrors == EXTRACT_MAX_ERRORS) {
		x->errors_unlisted++;
		return;
	}
	va_start(ap, fmt);
	push_line(&x->errors, &x->nerrors, xvprintf(fmt, ap));
	va_end(ap);
}

static void add_note(struct extract *x, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void add_note(struct extract *x, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	push_line(&x->notes, &x->nnotes, xvprintf(fmt, ap));
	va_end(ap);
}

struct buf {
	char *data;
	size_t len, cap;
};

/* Room for n bytes at *data, which holds len of *cap: grown by doubling,
 * so that appending stays linear in what is appended. */
static void reserve(char **data, size_t *cap, size_t len, size_t n)
{
	if (len + n <= *cap)
		return;
	*cap = (len + n) * 2;
	*data = xrealloc(*data, *cap);
}

static void buf_add(struct buf *b, const char *s, size_t n)
{
	if (n == 0)
		return;
	reserve(&b->data, &b->cap, b->len, n);
	memcpy(b->data + b->len, s, n);
	b->len += n;
}

/* A log excerpt fit for an error line: bounded, control bytes as '?'. */
static char *show(const char *s, size_t n)
{
	size_t keep = n > SHOW_MAX ? SHOW_MAX : n;
	char *d = xrealloc(NULL, keep + sizeof "...");

	for (size_t i = 0; i < keep; i++)
		d[i] = (unsigned char)s[i] < 0x20 || s[i] == 0x7f ? '?' : s[i];
	strcpy(d + keep, keep < n ? "..." : "");
	return d;
}

/* ---- lines: cleaning what terminals and SOL consoles add ---- */

struct line {
	const char *text;
	size_t len;
	size_t number;		/* 1-based, as an editor counts */
	bool complete;		/* ended by '\n' */
};

/* Length of the escape sequence starting at s[0] == ESC. */
static size_t escape_len(const char *s, size_t n)
{
	size_t i = 2;

	if (n < 2)
		return n;
	if (s[1] == '[') {	/* CSI: parameters, intermediates, final byte */
		while (i < n && !(s[i] >= 0x40 && s[i] <= 0x7e))
			i++;
		return i < n ? i + 1 : n;
	}
	if (s[1] == ']') {	/* OSC: ended by BEL or by ST (ESC \) */
		for (; i < n; i++) {
			if (s[i] == '\a')
				return i + 1;
			if (s[i] == ESC && i + 1 < n && s[i + 1] == '\\')
				return i + 2;
		}
		return n;
	}
	/* Any other: intermediates, then one final byte (ESC ( B, ESC c). */
	for (i = 1; i < n && s[i] >= 0x20 && s[i] <= 0x2f; i++)
		;
	return i < n ? i + 1 : n;
}

/*
 * Every '\r' goes, not only a trailing one: consoles that send "\n\r" put it
 * at the start of the next line, and the kernel never emits one itself.
 */
static size_t clean_line(const char *s, size_t n, char *out)
{
	size_t len = 0;

	for (size_t i = 0; i < n;) {
		if (s[i] == ESC) {
			i += escape_len(s + i, n - i);
		} else {
			if (s[i] != '\r')
				out[len++] = s[i];
			i++;
		}
	}
	return len;
}

/*
 * Reads the log one cleaned line at a time into one buffer, the longest
 * line's size: a log of empty lines costs nothing per line.
 */
struct line_reader {
	const char *log;
	size_t len, pos, number;
	struct buf text;
};

static bool read_line(struct line_reader *r, struct line *l)
{
	const char *nl;
	size_t end;

	if (r->pos >= r->len)
		return false;
	nl = memchr(r->log + r->pos, '\n', r->len - r->pos);
	end = nl ? (size_t)(nl - r->log) : r->len;
	reserve(&r->text.data, &r->text.cap, 0, end - r->pos + 1);
	l->text = r->text.data;
	l->len = clean_line(r->log + r->pos, end - r->pos, r->text.data);
	l->number = ++r->number;
	l->complete = nl != NULL;
	r->pos = end + 1;
	return true;
}

static void rewind_lines(struct line_reader *r)
{
	r->pos = 0;
	r->number = 0;
}

/* ---- markers ---- */

/* MK_RESULT: a result line or its begin/end marker (docs/output-format.md,
 * "Result lines"), for a lab's console reader: no table's, so outside a
 * frame it is let by; inside one it breaks the frame like any marker. */
enum marker_kind { MK_RUN_BEGIN, MK_BEGIN, MK_END, MK_RUN_END, MK_RESULT, MK_OTHER };

struct marker {
	enum marker_kind kind;
	const char *text;	/* from the keyword to the end of the line */
	size_t len;
};

static enum marker_kind marker_kind(const char *s, size_t n)
{
	static const struct {
		const char *word;
		enum marker_kind kind;
	} kinds[] = {
		{ "run-begin", MK_RUN_BEGIN }, { "begin", MK_BEGIN },
		{ "end", MK_END }, { "run-end", MK_RUN_END },
		{ "result", MK_RESULT }, { "results-begin", MK_RESULT },
		{ "results-end", MK_RESULT },
	};
	size_t word = 0;

	while (word < n && s[word] != ' ')
		word++;
	for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++)
		if (strlen(kinds[k].word) == word &&
		    memcmp(s, kinds[k].word, word) == 0)
			return kinds[k].kind;
	return MK_OTHER;
}

/* The first MARKER on the line starts the marker; text before it is noise. */
static bool find_marker(const struct line *l, struct marker *m)
{
	size_t ml = strlen(MARKER);

	for (size_t i = 0; i + ml <= l->len; i++) {
		if (memcmp(l->text + i, MARKER, ml) != 0)
			continue;
		m->text = l->text + i + ml;
		m->len = l->len - i - ml;
		m->kind = marker_kind(m->text, m->len);
		return true;
	}
	return false;
}

/* A strict reader for marker fields: any deviation fails the whole marker. */
struct cursor {
	const char *p, *end;
};

static bool cur_lit(struct cursor *c, const char *lit)
{
	size_t n = strlen(lit);

	if ((size_t)(c->end - c->p) < n || memcmp(c->p, lit, n) != 0)
		return false;
	c->p += n;
	return true;
}

static bool cur_uint(struct cursor *c, unsigned long *v)
{
	const char *start = c->p;

	*v = 0;
	for (; c->p < c->end && *c->p >= '0' && *c->p <= '9'; c->p++) {
		if (*v > (ULONG_MAX - 9) / 10)
			return false;
		*v = *v * 10 + (unsigned long)(*c->p - '0');
	}
	return c->p > start;
}

static bool cur_int(struct cursor *c, int *v)
{
	bool neg = cur_lit(c, "-");
	unsigned long u;

	if (!cur_uint(c, &u) || u > (unsigned long)INT_MAX + neg)
		return false;
	*v = neg ? (int)-(long)u : (int)u;
	return true;
}

static bool is_name_char(char ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '_';
}

/* [a-z0-9_]+, or with commas a column list: names joined by single commas. */
static bool cur_names(struct cursor *c, bool list, const char **s, size_t *n,
		      size_t *count)
{
	*s = c->p;
	*count = 0;
	do {
		const char *name = c->p;

		while (c->p < c->end && is_name_char(*c->p))
			c->p++;
		if (c->p == name)
			return false;
		++*count;
	} while (list && cur_lit(c, ","));
	*n = (size_t)(c->p - *s);
	return true;
}

static bool cur_hex8(struct cursor *c, uint32_t *v)
{
	*v = 0;
	for (int i = 0; i < 8; i++, c->p++) {
		char ch = c->p < c->end ? *c->p : '\0';

		if (ch >= '0' && ch <= '9')
			*v = *v << 4 | (uint32_t)(ch - '0');
		else if (ch >= 'a' && ch <= 'f')
			*v = *v << 4 | (uint32_t)(ch - 'a' + 10);
		else
			return false;
	}
	return true;
}

static bool cur_done(const struct cursor *c)
{
	return c->p == c->end;
}

static struct cursor cursor_of(const struct marker *m)
{
	return (struct cursor){ m->text, m->text + m->len };
}

struct frame_marker {
	unsigned long seq;
	const char *table, *columns;
	size_t table_len, columns_len, ncols;
	/* A compact begin: each row as sent follows fixed and its index. */
	bool compact;
	const char *fixed, *index;
	size_t fixed_len, nfixed, index_len;
	unsigned long rows;
	uint32_t crc;
};

/* A fixed= value: fields of printable bytes but space and '"', split at
 * commas; an empty value is one empty field. */
static bool cur_fixed(struct cursor *c, const char **s, size_t *n, size_t *count)
{
	*s = c->p;
	*count = 1;
	for (; c->p < c->end && *c->p != ' '; c->p++) {
		unsigned char ch = (unsigned char)*c->p;

		if (ch < 0x21 || ch > 0x7e || ch == '"')
			return false;
		*count += ch == ',';
	}
	*n = (size_t)(c->p - *s);
	return true;
}

/* The optional tail of a begin marker: " fixed=<fields> index=<column>". */
static bool cur_compact(struct cursor *c, struct frame_marker *fm)
{
	size_t one;

	fm->compact = !cur_done(c);
	return !fm->compact ||
	       (cur_lit(c, " fixed=") && cur_fixed(c, &fm->fixed, &fm->fixed_len, &fm->nfixed) &&
		cur_lit(c, " index=") && cur_names(c, false, &fm->index, &fm->index_len, &one));
}

static bool parse_begin(const struct marker *m, struct frame_marker *fm)
{
	struct cursor c = cursor_of(m);
	size_t one;

	return cur_lit(&c, "begin ") && cur_uint(&c, &fm->seq) &&
	       cur_lit(&c, " ") &&
	       cur_names(&c, false, &fm->table, &fm->table_len, &one) &&
	       cur_lit(&c, " ") &&
	       cur_names(&c, true, &fm->columns, &fm->columns_len, &fm->ncols) &&
	       cur_compact(&c, fm) && cur_done(&c);
}

/* Column k of the list, its length in *len; NULL past the last column. */
static const char *column_at(const char *columns, size_t len, size_t k, size_t *n)
{
	const char *p = columns, *end = columns + len;

	for (; k > 0 && p < end; p++)
		if (*p == ',')
			k--;
	if (k > 0)
		return NULL;
	for (*n = 0; p + *n < end && p[*n] != ','; ++*n)
		;
	return p;
}

static bool parse_end(const struct marker *m, struct frame_marker *fm)
{
	struct cursor c = cursor_of(m);
	size_t one;

	return cur_lit(&c, "end ") && cur_uint(&c, &fm->seq) &&
	       cur_lit(&c, " ") &&
	       cur_names(&c, false, &fm->table, &fm->table_len, &one) &&
	       cur_lit(&c, " rows=") && cur_uint(&c, &fm->rows) &&
	       cur_lit(&c, " crc32=") && cur_hex8(&c, &fm->crc) && cur_done(&c);
}

struct run_end {
	unsigned long frames;
	bool failed;
	int code;
	const char *reason;
	size_t reason_len;
};

static bool parse_run_end(const struct marker *m, struct run_end *re)
{
	struct cursor c = cursor_of(m);

	if (!cur_lit(&c, "run-end frames=") || !cur_uint(&c, &re->frames) ||
	    !cur_lit(&c, " status="))
		return false;
	re->failed = cur_lit(&c, "failed");
	if (!re->failed && !cur_lit(&c, "ok"))
		return false;
	if (!cur_lit(&c, " code=") || !cur_int(&c, &re->code) ||
	    !cur_lit(&c, " reason="))
		return false;
	re->reason = c.p;
	re->reason_len = (size_t)(c.end - c.p);
	return true;
}

/* ---- CSV rows (RFC 4180, strictly) ---- */

/* Index just past the field starting at i, or SIZE_MAX if misquoted. */
static size_t csv_skip_field(const char *s, size_t n, size_t i)
{
	if (i < n && s[i] == '"') {
		for (i++; i < n; i++) {
			if (s[i] != '"')
				continue;
			if (i + 1 < n && s[i + 1] == '"')
				i++;
			else
				return i + 1 == n || s[i + 1] == ',' ? i + 1 : SIZE_MAX;
		}
		return SIZE_MAX;
	}
	for (; i < n && s[i] != ','; i++)
		if (s[i] == '"')
			return SIZE_MAX;
	return i;
}

/* Number of fields in the row, or 0 if its quoting is broken. */
static size_t csv_count_fields(const char *s, size_t n)
{
	size_t fields = 1;

	for (size_t i = csv_skip_field(s, n, 0); i != n;
	     i = csv_skip_field(s, n, i + 1), fields++)
		if (i == SIZE_MAX)
			return 0;
	return fields;
}

/* ---- tables ---- */

/*
 * Tables are found through an open-addressing hash of their names, twice as
 * many slots as EXTRACT_MAX_TABLES, so that a run of many tables costs no
 * more per frame than a run of few.
 */
#define TABLE_SLOTS (2 * EXTRACT_MAX_TABLES)

static size_t name_hash(const char *name, size_t len)
{
	uint32_t h = 2166136261u;	/* FNV-1a */

	for (size_t i = 0; i < len; i++)
		h = (h ^ (unsigned char)name[i]) * 16777619u;
	return h;
}

/* The slot holding the table called name, or the empty slot for it. */
static size_t *table_slot(const struct extract *x, const char *name, size_t len)
{
	size_t i = name_hash(name, len) % TABLE_SLOTS;

	for (;; i = (i + 1) % TABLE_SLOTS) {
		size_t k = x->table_slots[i];

		if (k == 0 || (strlen(x->tables[k - 1].name) == len &&
			       memcmp(x->tables[k - 1].name, name, len) == 0))
			return &x->table_slots[i];
	}
}

/* The table's index, a new table if need be; SIZE_MAX when the run already
 * has EXTRACT_MAX_TABLES. */
static size_t table_index(struct extract *x, const char *name, size_t len)
{
	struct extract_table *t;
	size_t *slot;

	if (!x->table_slots) {
		x->table_slots = xrealloc(NULL, TABLE_SLOTS * sizeof *x->table_slots);
		memset(x->table_slots, 0, TABLE_SLOTS * sizeof *x->table_slots);
	}
	slot = table_slot(x, name, len);
	if (*slot)
		return *slot - 1;
	if (x->ntables == EXTRACT_MAX_TABLES)
		return SIZE_MAX;
	if (x->ntables == x->tables_cap) {
		x->tables_cap = x->tables_cap ? 2 * x->tables_cap : 16;
		x->tables = xrealloc(x->tables, x->tables_cap * sizeof *x->tables);
	}
	t = &x->tables[x->ntables];
	memset(t, 0, sizeof *t);
	t->name = xstrndup(name, len);
	t->verified = true;
	*slot = ++x->ntables;
	return *slot - 1;
}

const struct extract_table *extract_find_table(const struct extract *x,
					       const char *name)
{
	size_t *slot;

	if (!x->table_slots)
		return NULL;
	slot = table_slot(x, name, strlen(name));
	return *slot ? &x->tables[*slot - 1] : NULL;
}

/* ---- the run's state machine ---- */

struct open_frame {
	bool open;
	bool failed;		/* an error already named this frame */
	bool row_reported;	/* only the first bad row is named */
	char *begin_text;	/* the begin marker, which begin points into */
	struct frame_marker begin;
	size_t table;		/* index in x->tables */
	size_t begin_line;
	unsigned long rows;
	uint32_t crc;
	struct buf data;
};

struct parser {
	struct extract *x;
	struct open_frame f;
	unsigned long next_seq;	/* one past the highest seq seen */
	bool ended;		/* a run-end marker, well-formed or not */
	bool stopped;		/* past a cap: the rest of the run is not read */
	size_t held, held_max;	/* row bytes taken, and EXTRACT_MAX_EXPANSION's */
	bool have_last;		/* the last frame with begin and end: */
	unsigned long last_seq;
	size_t last_table;
};

/* A problem with a marker outside any frame, quoting the marker. */
static void marker_error(struct extract *x, const struct line *l,
			 const char *what, const struct marker *m)
{
	char *s = show(m->text, m->len);

	add_error(x, "line %zu: %s: \"%s\"", l->number, what, s);
	free(s);
}

static const char *table_name(const struct parser *p, size_t table)
{
	return p->x->tables[table].name;
}

static void frame_error(struct parser *p, size_t line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void frame_error(struct parser *p, size_t line, const char *fmt, ...)
{
	va_list ap;
	char *what;

	va_start(ap, fmt);
	what = xvprintf(fmt, ap);
	va_end(ap);
	add_error(p->x, "line %zu: seq %lu table %s: %s", line, p->f.begin.seq,
		  table_name(p, p->f.table), what);
	free(what);
	p->f.failed = true;
	p->x->tables[p->f.table].verified = false;
}

static void frame_close(struct parser *p)
{
	free(p->f.begin_text);
	free(p->f.data.data);
	memset(&p->f, 0, sizeof p->f);
}

static void check_seq(struct parser *p, const struct line *l,
		      const struct frame_marker *b)
{
	if (b->seq == p->next_seq + 1)
		add_error(p->x, "line %zu: seq %lu table %.*s: frame %lu is missing",
			  l->number, b->seq, (int)b->table_len, b->table,
			  p->next_seq);
	else if (b->seq > p->next_seq)
		add_error(p->x, "line %zu: seq %lu table %.*s: frames %lu..%lu are missing",
			  l->number, b->seq, (int)b->table_len, b->table,
			  p->next_seq, b->seq - 1);
	else if (b->seq < p->next_seq)
		frame_error(p, l->number,
			    "seq repeated or out of order (expected %lu): a duplicated frame?",
			    p->next_seq);
	if (b->seq >= p->next_seq)
		p->next_seq = b->seq + 1;
}

/*
 * The index= column must be the one right after the fixed fields, and not
 * the last: a fixed= that lost or gained a field cannot then expand into
 * rows of the right shape. The CRC starts with the fixed= value.
 */
static void begin_compact(struct parser *p, const struct line *l)
{
	const struct frame_marker *b = &p->f.begin;
	size_t n = 0;
	const char *col = column_at(b->columns, b->columns_len, b->nfixed, &n);

	p->f.crc = crc32_update(crc32_update(0, b->fixed, b->fixed_len), "\n", 1);
	if (col && b->nfixed + 1 < b->ncols && n == b->index_len &&
	    memcmp(col, b->index, n) == 0)
		return;
	p->f.row_reported = true;
	if (b->nfixed + 1 >= b->ncols)
		frame_error(p, l->number, "fixed= holds %zu field%s for %zu columns: no column is left to send after index=",
			    b->nfixed, b->nfixed == 1 ? "" : "s", b->ncols);
	else
		frame_error(p, l->number, "fixed= holds %zu field%s, so the index is column \"%.*s\", but index= says \"%.*s\"",
			    b->nfixed, b->nfixed == 1 ? "" : "s", (int)n, col,
			    (int)b->index_len, b->index);
}

/* A table past EXTRACT_MAX_TABLES ends the reading of the run. */
static void stop_run(struct parser *p, const struct line *l,
		     const struct frame_marker *b)
{
	char *name = show(b->table, b->table_len);

	add_error(p->x, "line %zu: seq %lu table %s: more than %d tables in the run, the most the extractor takes (not an irqbench log?): the rest of the run is not read",
		  l->number, b->seq, name, EXTRACT_MAX_TABLES);
	free(name);
	p->stopped = true;
}

/* The frame's strings point into its own copy of the marker: the line
 * they came from is overwritten by the next one. */
static void on_begin(struct parser *p, const struct line *l,
		     const struct marker *m)
{
	char *text = xstrndup(m->text, m->len);
	struct marker own = { m->kind, text, m->len };
	struct frame_marker b;
	struct extract_table *t;
	size_t table = SIZE_MAX;

	if (!parse_begin(&own, &b))
		marker_error(p->x, l, "malformed begin marker", m);
	else if ((table = table_index(p->x, b.table, b.table_len)) == SIZE_MAX)
		stop_run(p, l, &b);
	if (table == SIZE_MAX) {
		free(text);
		return;
	}
	p->f.open = true;
	p->f.begin_text = text;
	p->f.begin = b;
	p->f.begin_line = l->number;
	p->f.table = table;
	t = &p->x->tables[table];
	if (!t->columns)
		t->columns = xstrndup(b.columns, b.columns_len);
	check_seq(p, l, &b);
	if (b.ncols > EXTRACT_MAX_COLUMNS)
		frame_error(p, l->number, "%zu columns, more than the %d the extractor takes",
			    b.ncols, EXTRACT_MAX_COLUMNS);
	else if (b.compact)
		begin_compact(p, l);
}

/* A compact row as the table holds it: the fixed fields, the row's index
 * from 0, then the row as sent. */
static void add_row_prefix(struct open_frame *f)
{
	char index[24];

	if (!f->begin.compact)
		return;
	buf_add(&f->data, f->begin.fixed, f->begin.fixed_len);
	buf_add(&f->data, index, (size_t)snprintf(index, sizeof index, ",%lu,", f->rows));
}

/* Past EXTRACT_MAX_EXPANSION: a compact frame's rows, expanded, can hold
 * far more than the log (a long fixed= before rows of one byte). */
static void stop_expansion(struct parser *p, const struct line *l)
{
	frame_error(p, l->number, "the rows so far expand to more than %d times the log's size, far more than the kernel sends (not an irqbench log?): the rest of the run is not read",
		    EXTRACT_MAX_EXPANSION);
	frame_close(p);
	p->stopped = true;
}

/* The row's fields are counted as the table will hold it, after expansion. */
static void on_row(struct parser *p, const struct line *l)
{
	size_t start = p->f.data.len, fields;
	const char *row;

	add_row_prefix(&p->f);
	p->f.rows++;
	p->f.crc = crc32_update(p->f.crc, l->text, l->len);
	p->f.crc = crc32_update(p->f.crc, "\n", 1);
	buf_add(&p->f.data, l->text, l->len);
	row = p->f.data.len > start ? p->f.data.data + start : "";
	fields = csv_count_fields(row, p->f.data.len - start);
	buf_add(&p->f.data, "\n", 1);
	p->held += p->f.data.len - start;
	if (p->held > p->held_max) {
		stop_expansion(p, l);
		return;
	}
	if (fields == p->f.begin.ncols || p->f.row_reported)
		return;
	p->f.row_reported = true;
	if (fields == 0)
		frame_error(p, l->number, "row %lu is not valid CSV (misplaced quotes)",
			    p->f.rows);
	else
		frame_error(p, l->number, "row %lu has %zu field%s for %zu columns%s",
			    p->f.rows, fields, fields == 1 ? "" : "s",
			    p->f.begin.ncols,
			    p->f.begin.compact ? " (with the fixed= fields and the index)" : "");
}

/* Adds a verified frame's rows to its table, if the columns agree. */
static void frame_commit(struct parser *p, size_t line)
{
	struct extract_table *t = &p->x->tables[p->f.table];
	const struct frame_marker *b = &p->f.begin;

	if (strlen(t->columns) != b->columns_len ||
	    memcmp(t->columns, b->columns, b->columns_len) != 0) {
		frame_error(p, line, "columns \"%.*s\" differ from \"%s\" in another frame of the table",
			    (int)b->columns_len, b->columns, t->columns);
		return;
	}
	reserve(&t->rows, &t->rows_cap, t->rows_len, p->f.data.len);
	if (p->f.data.len)
		memcpy(t->rows + t->rows_len, p->f.data.data, p->f.data.len);
	t->rows_len += p->f.data.len;
	t->nrows += p->f.rows;
}

static void check_end(struct parser *p, const struct line *l,
		      const struct frame_marker *e)
{
	const struct frame_marker *b = &p->f.begin;

	if (e->seq != b->seq || e->table_len != b->table_len ||
	    memcmp(e->table, b->table, b->table_len) != 0) {
		size_t other = table_index(p->x, e->table, e->table_len);

		frame_error(p, l->number, "end marker names seq %lu table %.*s instead",
			    e->seq, (int)e->table_len, e->table);
		if (other != SIZE_MAX)
			p->x->tables[other].verified = false;
	} else if (e->rows != p->f.rows) {
		frame_error(p, l->number, "end marker says rows=%lu, but %lu arrived",
			    e->rows, p->f.rows);
	} else if (e->crc != p->f.crc) {
		frame_error(p, l->number, "CRC mismatch: end marker says %08lx, rows give %08lx",
			    (unsigned long)e->crc, (unsigned long)p->f.crc);
	}
}

static void on_end_without_begin(struct parser *p, const struct line *l,
				 const struct frame_marker *e)
{
	size_t t = table_index(p->x, e->table, e->table_len);

	add_error(p->x, "line %zu: seq %lu table %.*s: end without begin",
		  l->number, e->seq, (int)e->table_len, e->table);
	if (t != SIZE_MAX)
		p->x->tables[t].verified = false;
	if (e->seq >= p->next_seq)
		p->next_seq = e->seq + 1;
}

static void on_bad_end(struct parser *p, const struct line *l,
		       const struct marker *m)
{
	char *s;

	if (!p->f.open) {
		marker_error(p->x, l, "malformed end marker", m);
		return;
	}
	s = show(m->text, m->len);
	frame_error(p, l->number, "malformed end marker: \"%s\"", s);
	free(s);
	frame_close(p);
}

static void on_end(struct parser *p, const struct line *l,
		   const struct marker *m)
{
	struct frame_marker e;

	if (!parse_end(m, &e)) {
		on_bad_end(p, l, m);
		return;
	}
	if (!p->f.open) {
		on_end_without_begin(p, l, &e);
		return;
	}
	check_end(p, l, &e);
	if (!p->f.failed)
		frame_commit(p, l->number);
	p->have_last = true;
	p->last_seq = p->f.begin.seq;
	p->last_table = p->f.table;
	frame_close(p);
}

static void on_run_end(struct parser *p, const struct line *l,
		       const struct marker *m)
{
	struct run_end re;

	p->ended = true;
	if (!parse_run_end(m, &re)) {
		marker_error(p->x, l, "malformed run-end marker", m);
		return;
	}
	p->x->ended = true;
	p->x->kernel_failed = re.failed;
	p->x->code = re.code;
	p->x->reason = xstrndup(re.reason, re.reason_len);
	if (re.frames != p->next_seq)
		add_error(p->x, "line %zu: run-end says frames=%lu, but the seq numbers seen account for %lu",
			  l->number, re.frames, p->next_seq);
}

static void on_run_begin(struct parser *p, const struct line *l,
			 const struct marker *m)
{
	struct cursor c = cursor_of(m);

	if (!cur_lit(&c, "run-begin version=")) {
		marker_error(p->x, l, "malformed run-begin marker", m);
		return;
	}
	p->x->version = xstrndup(c.p, (size_t)(c.end - c.p));
}

/* Any marker but end inside a frame means the frame's end was lost. */
static void interrupt_frame(struct parser *p, const struct line *l,
			    const struct marker *m)
{
	char *s = show(m->text, m->len);

	if (m->kind == MK_OTHER || m->kind == MK_RESULT) {
		/* The frame goes on: its own end follows (e.g. row-error). */
		frame_error(p, l->number, "marker inside the frame: \"%s\"", s);
	} else {
		frame_error(p, l->number, "no end before \"%s\"", s);
		frame_close(p);
	}
	free(s);
}

static void on_marker(struct parser *p, const struct line *l,
		      const struct marker *m)
{
	if (p->ended) {
		if (m->kind != MK_RESULT)	/* results-end follows run-end */
			marker_error(p->x, l, "marker after run-end", m);
		return;
	}
	if (p->f.open && m->kind != MK_END)
		interrupt_frame(p, l, m);
	if (m->kind == MK_BEGIN) {
		on_begin(p, l, m);
	} else if (m->kind == MK_END) {
		on_end(p, l, m);
	} else if (m->kind == MK_RUN_END) {
		on_run_end(p, l, m);
	} else if (m->kind == MK_RUN_BEGIN) {
		on_run_begin(p, l, m);
	} else if (!p->f.open && m->kind != MK_RESULT) {
		marker_error(p->x, l, "unknown marker", m);
	}
}

static void parse_line(struct parser *p, const struct line *l)
{
	struct marker m;
	bool is_marker = find_marker(l, &m);

	if (p->stopped)
		return;
	if (!l->complete) {
		/* The kernel ends every line; a cut one may have lost its
		 * tail (a row's last digit, a reason's last word). */
		if (is_marker || p->f.open)
			add_error(p->x, "line %zu: the log ends inside this line (no newline); ignored",
				  l->number);
		return;
	}
	if (is_marker)
		on_marker(p, l, &m);
	else if (p->f.open)
		on_row(p, l);
}

static void finish_run(struct parser *p)
{
	if (p->f.open) {
		frame_error(p, p->f.begin_line, "begin without end: the run is truncated inside this frame");
		frame_close(p);
	}
	if (p->ended || p->stopped)
		return;
	if (p->have_last)
		add_error(p->x, "no run-end: the run is truncated after seq %lu table %s, the last complete frame",
			  p->last_seq, table_name(p, p->last_table));
	else
		add_error(p->x, "no run-end: the run is truncated before any complete frame");
}

static bool is_run_begin(const struct line *l)
{
	struct marker m;

	return find_marker(l, &m) && m.kind == MK_RUN_BEGIN;
}

/* Parses the run whose run-begin is *l, up to the next run-begin. */
static void parse_run(struct extract *x, struct line_reader *r, struct line *l)
{
	struct parser p = { .x = x, .held_max = SIZE_MAX };

	if (r->len <= SIZE_MAX / EXTRACT_MAX_EXPANSION)
		p.held_max = r->len * EXTRACT_MAX_EXPANSION;

	do {
		parse_line(&p, l);
	} while (read_line(r, l) && !is_run_begin(l));
	finish_run(&p);
	for (size_t i = 0; i < x->ntables; i++)
		if (!x->tables[i].verified)
			add_note(x, "table %s withheld: not every frame of it verified",
				 x->tables[i].name);
}

/* ---- runs ---- */

/* Reads up to the run-begin of run k (1-based, at most the runs counted)
 * into *l. */
static void find_run(struct line_reader *r, unsigned k, struct line *l)
{
	unsigned seen = 0;

	rewind_lines(r);
	while (read_line(r, l) && !(is_run_begin(l) && ++seen == k))
		;
}

/* A run spans from its run-begin line to the next one. The log is read
 * twice: once to count the runs, once to parse the one selected. */
static void select_run(struct extract *x, struct line_reader *r, unsigned run)
{
	struct line l;

	while (read_line(r, &l))
		x->runs += is_run_begin(&l);
	if (x->runs == 0) {
		add_error(x, "no run-begin marker: nothing to extract (not an irqbench log, or its start is missing)");
		return;
	}
	x->run = run ? run : x->runs;
	if (x->run > x->runs) {
		add_error(x, "run %u requested, but the log holds %u run%s",
			  x->run, x->runs, x->runs == 1 ? "" : "s");
		x->run = 0;
		x->status = EXTRACT_USAGE;
		return;
	}
	if (x->runs > 1)
		add_note(x, "the log holds %u runs; extracted run %u%s", x->runs,
			 x->run, x->run == x->runs ? " (the last)" : "");
	find_run(r, x->run, &l);
	parse_run(x, r, &l);
}

enum extract_status extract_parse_log(const char *log, size_t len, unsigned run,
				      struct extract *x)
{
	struct line_reader r = { .log = log, .len = len };

	memset(x, 0, sizeof *x);
	select_run(x, &r, run);
	free(r.text.data);
	if (x->status == EXTRACT_USAGE)
		return x->status;
	if (x->nerrors)
		x->status = EXTRACT_CORRUPT;
	else if (x->kernel_failed)
		x->status = EXTRACT_KERNEL_FAILED;
	return x->status;
}

void extract_print_report(const struct extract *x, FILE *f)
{
	for (size_t i = 0; i < x->nerrors; i++)
		fprintf(f, "error: %s\n", x->errors[i]);
	if (x->errors_unlisted)
		fprintf(f, "error: %zu more errors, not listed\n", x->errors_unlisted);
	if (x->kernel_failed)
		fprintf(f, "kernel: status=failed code=%d reason=%s\n", x->code,
			x->reason);
	for (size_t i = 0; i < x->nnotes; i++)
		fprintf(f, "note: %s\n", x->notes[i]);
}

/* ---- the results directory ---- */

/* mkdir -p: each prefix of dir that ends before a '/', then dir itself. */
static int make_dirs(const char *dir, FILE *err)
{
	char *path = xprintf("%s", dir);
	int rc = 0;

	for (char *p = path + 1; rc == 0 && p[-1]; p++) {
		char saved = *p;

		if (saved != '/' && saved != '\0')
			continue;
		*p = '\0';
		if (mkdir(path, 0777) != 0 && errno != EEXIST) {
			fprintf(err, "irqbench-extract: mkdir %s: %s\n", path,
				strerror(errno));
			rc = -1;
		}
		*p = saved;
	}
	free(path);
	return rc;
}

static char *dir_path(const char *dir, const char *name)
{
	return xprintf("%s/%s", dir, name);
}

typedef void (*fill_fn)(FILE *f, const void *arg);

/* Through a temporary and rename, so an I/O error never leaves a cut file. */
static int write_file(const char *dir, const char *name, fill_fn fill,
		      const void *arg, FILE *err)
{
	char *path = dir_path(dir, name);
	char *tmp = xprintf("%s.tmp", path);
	FILE *f = fopen(tmp, "w");
	int rc = -1;

	if (f) {
		bool ok;

		fill(f, arg);
		ok = !ferror(f);
		if (fclose(f) == 0 && ok && rename(tmp, path) == 0)
			rc = 0;
	}
	if (rc != 0) {
		fprintf(err, "irqbench-extract: %s: %s\n", path, strerror(errno));
		remove(tmp);
	}
	free(path);
	free(tmp);
	return rc;
}

static int remove_stale(const char *dir, const char *name, FILE *err)
{
	char *path = dir_path(dir, name);
	int rc = 0;

	if (remove(path) != 0 && errno != ENOENT) {
		fprintf(err, "irqbench-extract: %s: %s\n", path, strerror(errno));
		rc = -1;
	}
	free(path);
	return rc;
}

static void fill_table(FILE *f, const void *arg)
{
	const struct extract_table *t = arg;

	fprintf(f, "%s\n", t->columns);
	fwrite(t->rows, 1, t->rows_len, f);
}

static void fill_report(FILE *f, const void *arg)
{
	extract_print_report(arg, f);
}

static int write_table(const struct extract_table *t, const char *dir,
		       FILE *out, FILE *err)
{
	char *name = xprintf("%s.csv", t->name);
	int rc;

	if (t->verified) {
		rc = write_file(dir, name, fill_table, t, err);
		if (rc == 0 && out)
			fprintf(out, "%s %zu rows\n", name, t->nrows);
	} else {
		rc = remove_stale(dir, name, err);
	}
	free(name);
	return rc;
}

/* FAILED is written first and removed last, so that an extraction cut
 * short never leaves a folder that looks clean. */
int extract_write_dir(const struct extract *x, const char *dir, FILE *out,
		      FILE *err)
{
	int rc = make_dirs(dir, err);

	if (rc == 0 && x->status != EXTRACT_OK)
		rc = write_file(dir, "FAILED", fill_report, x, err);
	for (size_t i = 0; rc == 0 && i < x->ntables; i++)
		rc = write_table(&x->tables[i], dir, out, err);
	if (rc == 0 && x->status == EXTRACT_OK)
		rc = remove_stale(dir, "FAILED", err);
	return rc;
}

void extract_free(struct extract *x)
{
	for (size_t i = 0; i < x->ntables; i++) {
		free(x->tables[i].name);
		free(x->tables[i].columns);
		free(x->tables[i].rows);
	}
	for (size_t i = 0; i < x->nerrors; i++)
		free(x->errors[i]);
	for (size_t i = 0; i < x->nnotes; i++)
		free(x->notes[i]);
	free(x->tables);
	free(x->table_slots);
	free(x->errors);
	free(x->notes);
	free(x->version);
	free(x->reason);
	memset(x, 0, sizeof *x);
}
