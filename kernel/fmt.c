/*
 * The printf subset declared in fmt.h. Every character goes through a sink
 * that counts it but stores it only while it fits (or, streaming, hands the
 * full buffer on), so C99 truncation and the "length the full output would
 * have" return value need no special cases.
 */
#include "fmt.h"

#include <stdbool.h>
#include <stdint.h>

/* %zd reads the signed type of size_t's width; ptrdiff_t is that type here. */
_Static_assert(sizeof(ptrdiff_t) == sizeof(size_t), "ptrdiff_t/size_t width");

/* Widths and precisions saturate here so they can never overflow a size_t. */
#define FMT_NUM_MAX 0x7fffffff

enum {
	F_LEFT = 1 << 0,  /* '-' */
	F_ZERO = 1 << 1,  /* '0' */
	F_PLUS = 1 << 2,  /* '+' */
	F_SPACE = 1 << 3, /* ' ' */
	F_ALT = 1 << 4,   /* '#' */
};

enum length { LEN_NONE, LEN_HH, LEN_H, LEN_L, LEN_LL, LEN_Z, LEN_T, LEN_J };

struct spec {
	unsigned flags;
	size_t width;
	bool has_prec;
	size_t prec;
	enum length length;
	char conv;
};

/*
 * Bounded (kvsnprintf): stores while it fits, keeping a byte for the NUL.
 * Streaming (kvstream): hands buf to out whenever it is full, so nothing
 * is ever cut; base counts the characters already handed over.
 */
struct sink {
	char *buf;
	size_t size;
	size_t len; /* counts every character, stored or not */
	size_t base;
	void (*out)(void *arg, const char *s, size_t n);
	void *arg;
};

static void drain(struct sink *s)
{
	if (s->len > s->base)
		s->out(s->arg, s->buf, s->len - s->base);
	s->base = s->len;
}

/* True when the next character can be stored. */
static bool has_room(struct sink *s)
{
	if (!s->out)
		return s->len + 1 < s->size;
	if (s->len - s->base == s->size)
		drain(s);
	return true;
}

static void put(struct sink *s, char c)
{
	if (has_room(s))
		s->buf[s->len - s->base] = c;
	s->len++;
}

/* Counts the characters that do not fit without looping over them, so a
 * huge width costs nothing once a bounded buffer is full. */
static void put_repeat(struct sink *s, char c, size_t n)
{
	while (n > 0 && has_room(s)) {
		s->buf[s->len++ - s->base] = c;
		n--;
	}
	s->len += n;
}

static void put_mem(struct sink *s, const char *p, size_t n)
{
	while (n-- > 0)
		put(s, *p++);
}

static void pad_before(struct sink *s, const struct spec *sp, size_t body)
{
	if (!(sp->flags & F_LEFT) && sp->width > body)
		put_repeat(s, ' ', sp->width - body);
}

static void pad_after(struct sink *s, const struct spec *sp, size_t body)
{
	if ((sp->flags & F_LEFT) && sp->width > body)
		put_repeat(s, ' ', sp->width - body);
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static size_t parse_num(const char **f)
{
	size_t n = 0;

	for (; is_digit(**f); (*f)++) {
		n = n * 10 + (size_t)(**f - '0');
		if (n > FMT_NUM_MAX)
			n = FMT_NUM_MAX;
	}
	return n;
}

static unsigned parse_flags(const char **f)
{
	unsigned flags = 0;

	for (;; (*f)++) {
		switch (**f) {
		case '-': flags |= F_LEFT; break;
		case '0': flags |= F_ZERO; break;
		case '+': flags |= F_PLUS; break;
		case ' ': flags |= F_SPACE; break;
		case '#': flags |= F_ALT; break;
		default: return flags;
		}
	}
}

static void parse_width(const char **f, va_list *ap, struct spec *sp)
{
	if (**f != '*') {
		sp->width = parse_num(f);
		return;
	}
	(*f)++;
	int w = va_arg(*ap, int);
	/* C99: a negative '*' width is a '-' flag plus a positive width. */
	if (w < 0)
		sp->flags |= F_LEFT;
	sp->width = w < 0 ? -(unsigned)w : (unsigned)w;
	if (sp->width > FMT_NUM_MAX)
		sp->width = FMT_NUM_MAX;
}

static void parse_prec(const char **f, va_list *ap, struct spec *sp)
{
	if (**f != '.')
		return;
	(*f)++;
	sp->has_prec = true;
	if (**f != '*') {
		sp->prec = parse_num(f);
		return;
	}
	(*f)++;
	int p = va_arg(*ap, int);
	/* C99: a negative '*' precision is taken as if it were omitted. */
	sp->has_prec = p >= 0;
	sp->prec = p >= 0 ? (size_t)p : 0;
}

static enum length parse_length(const char **f)
{
	switch (*(*f)++) {
	case 'h':
		if (**f != 'h')
			return LEN_H;
		(*f)++;
		return LEN_HH;
	case 'l':
		if (**f != 'l')
			return LEN_L;
		(*f)++;
		return LEN_LL;
	case 'z': return LEN_Z;
	case 't': return LEN_T;
	case 'j': return LEN_J;
	default:
		(*f)--;
		return LEN_NONE;
	}
}

static intmax_t arg_signed(va_list *ap, enum length len)
{
	switch (len) {
	case LEN_HH: return (signed char)va_arg(*ap, int);
	case LEN_H: return (short)va_arg(*ap, int);
	case LEN_L: return va_arg(*ap, long);
	case LEN_LL: return va_arg(*ap, long long);
	case LEN_Z: return va_arg(*ap, ptrdiff_t);
	case LEN_T: return va_arg(*ap, ptrdiff_t);
	case LEN_J: return va_arg(*ap, intmax_t);
	default: return va_arg(*ap, int);
	}
}

static uintmax_t arg_unsigned(va_list *ap, enum length len)
{
	switch (len) {
	case LEN_HH: return (unsigned char)va_arg(*ap, unsigned);
	case LEN_H: return (unsigned short)va_arg(*ap, unsigned);
	case LEN_L: return va_arg(*ap, unsigned long);
	case LEN_LL: return va_arg(*ap, unsigned long long);
	case LEN_Z: return va_arg(*ap, size_t);
	case LEN_T: return va_arg(*ap, size_t);
	case LEN_J: return va_arg(*ap, uintmax_t);
	default: return va_arg(*ap, unsigned);
	}
}

/* Writes the digits at the end of buf and returns where they start. */
static char *to_digits(char *end, uintmax_t v, unsigned base, bool upper)
{
	const char *set = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char *p = end;

	do {
		*--p = set[v % base];
		v /= base;
	} while (v != 0);
	return p;
}

static unsigned conv_base(char conv)
{
	switch (conv) {
	case 'o': return 8;
	case 'x': case 'X': case 'p': return 16;
	default: return 10;
	}
}

/* Sign or "0x" in front of the digits; returns its length. */
static size_t int_prefix(char *pre, const struct spec *sp, uintmax_t mag,
			 bool neg)
{
	bool is_signed = sp->conv == 'd' || sp->conv == 'i';

	if (is_signed && (neg || (sp->flags & (F_PLUS | F_SPACE)))) {
		pre[0] = neg ? '-' : (sp->flags & F_PLUS) ? '+' : ' ';
		return 1;
	}
	/* glibc prints %p as %#x but with the 0x even for zero. */
	bool hex = sp->conv == 'x' || sp->conv == 'X';
	if (sp->conv == 'p' || (hex && (sp->flags & F_ALT) && mag != 0)) {
		pre[0] = '0';
		pre[1] = sp->conv == 'X' ? 'X' : 'x';
		return 2;
	}
	return 0;
}

static void fmt_integer(struct sink *s, const struct spec *sp, uintmax_t mag,
			bool neg)
{
	char digits[24]; /* 64 bits in octal is 22 digits */
	char *end = digits + sizeof(digits);
	char *start = to_digits(end, mag, conv_base(sp->conv), sp->conv == 'X');
	size_t nd = (size_t)(end - start);
	char pre[2];
	size_t npre = int_prefix(pre, sp, mag, neg);
	size_t zeros = 0;

	if (sp->has_prec && sp->prec == 0 && mag == 0)
		nd = 0; /* C99: zero with precision zero prints no digits */
	if (sp->has_prec && sp->prec > nd)
		zeros = sp->prec - nd;
	/* '#o' raises the precision just enough to start with a 0. */
	if (sp->conv == 'o' && (sp->flags & F_ALT) && zeros == 0 &&
	    (nd == 0 || mag != 0))
		zeros = 1;
	size_t body = npre + zeros + nd;
	/* '0' pads between sign and digits, unless '-' or a precision wins. */
	if ((sp->flags & (F_ZERO | F_LEFT)) == F_ZERO && !sp->has_prec &&
	    sp->width > body) {
		zeros += sp->width - body;
		body = sp->width;
	}
	pad_before(s, sp, body);
	put_mem(s, pre, npre);
	put_repeat(s, '0', zeros);
	put_mem(s, start, nd);
	pad_after(s, sp, body);
}

/* Never reads past max bytes: with a precision, %s may get an unterminated
 * array. */
static size_t bounded_len(const char *str, size_t max)
{
	size_t n = 0;

	while (n < max && str[n] != '\0')
		n++;
	return n;
}

static void fmt_string(struct sink *s, const struct spec *sp, const char *str)
{
	if (str == NULL)
		str = "(null)";
	size_t n = bounded_len(str, sp->has_prec ? sp->prec : SIZE_MAX);

	pad_before(s, sp, n);
	put_mem(s, str, n);
	pad_after(s, sp, n);
}

static void fmt_char(struct sink *s, const struct spec *sp, char c)
{
	pad_before(s, sp, 1);
	put(s, c);
	pad_after(s, sp, 1);
}

/* Formats one conversion; returns false for one it does not know. */
static bool convert(struct sink *s, const struct spec *sp, va_list *ap)
{
	bool plain = sp->length == LEN_NONE;

	switch (sp->conv) {
	case 'd': case 'i': {
		intmax_t v = arg_signed(ap, sp->length);
		uintmax_t mag = v < 0 ? -(uintmax_t)v : (uintmax_t)v;
		fmt_integer(s, sp, mag, v < 0);
		return true;
	}
	case 'u': case 'o': case 'x': case 'X':
		fmt_integer(s, sp, arg_unsigned(ap, sp->length), false);
		return true;
	/* Length modifiers would mean wide characters here: not supported. */
	case 'c':
		if (plain)
			fmt_char(s, sp, (char)va_arg(*ap, int));
		return plain;
	case 's':
		if (plain)
			fmt_string(s, sp, va_arg(*ap, const char *));
		return plain;
	case 'p':
		if (plain)
			fmt_integer(s, sp, (uintptr_t)va_arg(*ap, void *),
				    false);
		return plain;
	case '%':
		if (plain)
			put(s, '%');
		return plain;
	default:
		return false;
	}
}

/*
 * Handles the conversion whose '%' is at *f and leaves *f after it. An
 * unknown or unfinished one is copied literally so the mistake shows.
 */
static void directive(struct sink *s, const char **f, va_list *ap)
{
	const char *start = (*f)++;
	struct spec sp = { 0 };

	sp.flags = parse_flags(f);
	parse_width(f, ap, &sp);
	parse_prec(f, ap, &sp);
	sp.length = parse_length(f);
	sp.conv = **f;
	if (sp.conv != '\0')
		(*f)++;
	if (sp.conv == '\0' || !convert(s, &sp, ap))
		put_mem(s, start, (size_t)(*f - start));
}

static void format(struct sink *s, const char *fmt, va_list ap)
{
	va_list args;

	/* A copy so helpers can take its address (va_list may be an array). */
	va_copy(args, ap);
	while (*fmt != '\0') {
		if (*fmt == '%')
			directive(s, &fmt, &args);
		else
			put(s, *fmt++);
	}
	va_end(args);
}

/* POSIX: a result that does not fit in int is an error. */
static int result(const struct sink *s)
{
	return s->len > FMT_NUM_MAX ? -1 : (int)s->len;
}

int kvsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct sink s = { .buf = buf, .size = size };

	format(&s, fmt, ap);
	if (size > 0)
		buf[s.len < size ? s.len : size - 1] = '\0';
	return result(&s);
}

int kvstream(void (*out)(void *arg, const char *s, size_t n), void *arg, char *buf,
	     size_t size, const char *fmt, va_list ap)
{
	struct sink s = { .buf = buf, .size = size, .out = out, .arg = arg };

	format(&s, fmt, ap);
	drain(&s);
	return result(&s);
}

int ksnprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = kvsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}
