/*
 * kvsnprintf against the host's vsnprintf: every defined combination of
 * flags, width, precision and length over edge values must give the same
 * bytes and the same return value, and truncation must match at every size.
 */
#include <inttypes.h>
#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "fmt.h"

#define OUT_MAX 512
#define LEN(a) (sizeof(a) / sizeof((a)[0]))

static unsigned long comparisons;

/* Checks one format against the host and prints both results on mismatch. */
static void __attribute__((format(printf, 1, 2))) same(const char *fmt, ...)
{
	char want[OUT_MAX], got[OUT_MAX];
	va_list ap, ap2;

	va_start(ap, fmt);
	va_copy(ap2, ap);
	int wn = vsnprintf(want, sizeof(want), fmt, ap);
	int gn = kvsnprintf(got, sizeof(got), fmt, ap2);
	va_end(ap2);
	va_end(ap);
	comparisons++;
	bool ok = wn == gn && wn >= 0 && wn < OUT_MAX &&
		  memcmp(want, got, (size_t)wn + 1) == 0;
	if (!ok)
		printf("  format \"%s\": host %d \"%s\", "
		       "kvsnprintf %d \"%s\"\n", fmt, wn, want, gn, got);
	CHECK(ok);
}

/* Checks kvsnprintf's exact output where the host differs or is undefined. */
static void __attribute__((format(printf, 2, 3)))
expect(const char *want, const char *fmt, ...)
{
	char got[OUT_MAX];
	va_list ap;

	va_start(ap, fmt);
	int n = kvsnprintf(got, sizeof(got), fmt, ap);
	va_end(ap);
	bool ok = n == (int)strlen(want) && strcmp(got, want) == 0;
	if (!ok)
		printf("  format \"%s\": want \"%s\", got %d \"%s\"\n", fmt,
		       want, n, got);
	CHECK(ok);
}

static const char *const flag_sets[] = {
	"", "-", "0", "+", " ", "#", "-0", "-+", "0+", "0 ", "+ ", "#0",
	"#-", "#+", "-0+ #",
};
static const char *const widths[] = { "", "1", "2", "8", "25" };
static const char *const precs[] = { "", ".", ".0", ".1", ".3", ".12", ".30" };

enum kind {
	K_INT, K_UINT, K_LONG, K_ULONG, K_LLONG, K_ULLONG, K_CHAR, K_UCHAR,
	K_SHORT, K_USHORT, K_SIZE, K_PTRDIFF, K_INTMAX, K_UINTMAX,
};

struct length_case {
	const char *mod;
	const char *convs;
	enum kind kind;
};

static const struct length_case lengths[] = {
	{ "", "di", K_INT },       { "", "uoxX", K_UINT },
	{ "hh", "di", K_CHAR },    { "hh", "uoxX", K_UCHAR },
	{ "h", "di", K_SHORT },    { "h", "uoxX", K_USHORT },
	{ "l", "di", K_LONG },     { "l", "uoxX", K_ULONG },
	{ "ll", "di", K_LLONG },   { "ll", "uoxX", K_ULLONG },
	{ "z", "uoxX", K_SIZE },   { "z", "di", K_PTRDIFF },
	{ "t", "di", K_PTRDIFF },  { "j", "di", K_INTMAX },
	{ "j", "uoxX", K_UINTMAX },
};

/* Raw bit patterns; each is converted to the argument type under test. */
static const uint64_t values[] = {
	0, 1, 7, 8, 9, 10, 15, 16, 42, 127, 128, 255, 256, 300, 32767, 32768,
	65535, 65536, 0x7fffffff, 0x80000000u, 0xffffffffu, 0x100000000ull,
	0x7fffffffffffffffull, 0x8000000000000000ull, 0xffffffffffffffffull,
	(uint64_t)-1 - 41, (uint64_t)-2, 1234567890123456789ull,
};

static void same_value(const char *fmt, enum kind kind, uint64_t v)
{
	switch (kind) {
	case K_INT: same(fmt, (int)v); break;
	case K_UINT: same(fmt, (unsigned)v); break;
	case K_CHAR: same(fmt, (signed char)v); break;
	case K_UCHAR: same(fmt, (unsigned char)v); break;
	case K_SHORT: same(fmt, (short)v); break;
	case K_USHORT: same(fmt, (unsigned short)v); break;
	case K_LONG: same(fmt, (long)v); break;
	case K_ULONG: same(fmt, (unsigned long)v); break;
	case K_LLONG: same(fmt, (long long)v); break;
	case K_ULLONG: same(fmt, (unsigned long long)v); break;
	case K_SIZE: same(fmt, (size_t)v); break;
	case K_PTRDIFF: same(fmt, (ptrdiff_t)v); break;
	case K_INTMAX: same(fmt, (intmax_t)v); break;
	case K_UINTMAX: same(fmt, (uintmax_t)v); break;
	}
}

static void all_values(const char *fmt, enum kind kind)
{
	for (size_t v = 0; v < LEN(values); v++)
		same_value(fmt, kind, values[v]);
}

/* Every flag set x width x precision for one conversion and length. */
static void all_specs(const struct length_case *lc, char conv)
{
	char fmt[32];

	for (size_t f = 0; f < LEN(flag_sets); f++)
		for (size_t w = 0; w < LEN(widths); w++)
			for (size_t p = 0; p < LEN(precs); p++) {
				snprintf(fmt, sizeof(fmt), "<%%%s%s%s%s%c>",
					 flag_sets[f], widths[w], precs[p],
					 lc->mod, conv);
				all_values(fmt, lc->kind);
			}
}

static void test_integer_matrix(void)
{
	for (size_t l = 0; l < LEN(lengths); l++)
		for (const char *c = lengths[l].convs; *c; c++)
			all_specs(&lengths[l], *c);
}

static void test_extremes(void)
{
	same("%d %d %d", INT_MIN, INT_MAX, 0);
	same("%i|%u|%x|%X|%o", INT_MIN, UINT_MAX, UINT_MAX, UINT_MAX, UINT_MAX);
	same("%lld %lld", LLONG_MIN, LLONG_MAX);
	same("%ld %lu", LONG_MIN, ULONG_MAX);
	same("%" PRId64 " %" PRIu64 " %" PRIx64, INT64_MIN, UINT64_MAX,
	     UINT64_MAX);
	same("%jd %ju %jo", INTMAX_MIN, UINTMAX_MAX, UINTMAX_MAX);
	same("%#jo %#jx %#jX", UINTMAX_MAX, UINTMAX_MAX, UINTMAX_MAX);
	same("%+30lld|%-30lld|%030lld", LLONG_MIN, LLONG_MIN, LLONG_MIN);
	same("%zu %zx %td", SIZE_MAX, SIZE_MAX, PTRDIFF_MIN);
	same("%hhd %hhu %hd %hu", -129, 511, 70000, 70000);
}

static void test_zero_precision(void)
{
	same("[%.0d][%.0i][%.0u][%.0x][%.0X][%.0o]", 0, 0, 0u, 0u, 0u, 0u);
	same("[%#.0o][%#.0x][%+.0d][% .0d][%5.0d][%-5.0d]", 0u, 0u, 0, 0, 0, 0);
	same("[%.d][%#.o][%#o][%#x]", 0, 0u, 0u, 0u);
}

static void test_star(void)
{
	same("[%*d]", 6, 42);
	same("[%*d]", -6, 42);
	same("[%-*d]", -6, 42);
	same("[%0*d]", -6, 42);
	same("[%.*d]", 5, 42);
	same("[%.*d]", -1, 0);
	same("[%.*d]", 0, 0);
	/* A negative precision is omitted, so '0' pads again. */
	const char *volatile zero_star = "[%06.*d]";
	same(zero_star, -3, 42);
	same(zero_star, 3, 42);
	same("[%*.*d]", 10, 4, -42);
	same("[%*.*d]", -10, 4, -42);
	same("[%*s][%-*s]", 5, "ab", 5, "ab");
	same("[%.*s]", 3, "abcdef");
	same("[%.*s]", -1, "abcdef");
	same("[%*c]", -4, 'x');
}

static void test_strings(void)
{
	static const char *const strs[] = {
		"", "a", "hello", "a longer string",
	};
	static const char *const sfmts[] = {
		"[%s]", "[%10s]", "[%-10s]", "[%.0s]", "[%.2s]", "[%.10s]",
		"[%10.2s]", "[%-10.2s]", "[%1s]", "[%.s]",
	};
	const char unterminated[3] = { 'x', 'y', 'z' };

	for (size_t f = 0; f < LEN(sfmts); f++)
		for (size_t s = 0; s < LEN(strs); s++)
			same(sfmts[f], strs[s]);
	/* Reading a fourth byte here would trip AddressSanitizer. */
	same("[%.3s]", unterminated);
	same("[%.*s]", 2, unterminated);
}

static void test_null_string(void)
{
	const char *volatile nul = NULL;

	expect("(null)", "%s", nul);
	expect("  (null)", "%8s", nul);
	expect("(null)  |", "%-8s|", nul);
}

static void test_chars(void)
{
	same("[%c][%5c][%-5c][%1c]", 'A', 'b', 'c', '~');
	same("%c%c%c", 'x', 0x80, 0xff);
	same("a%cb", 0);
}

static void test_pointers(void)
{
	int obj;
	void *volatile nul = NULL;

	same("%p", (void *)&obj);
	same("[%20p][%-20p]", (void *)&obj, (void *)&obj);
	same("%p %p", (void *)1, (void *)UINTPTR_MAX);
	expect("0x0", "%p", nul);
	expect("  0x0", "%5p", nul);
}

static void test_percent_and_text(void)
{
	same("100%%");
	same("%%d %%%d%%", 5);
	same("plain text, no conversions");
	same("%s=%d (%#x)%c", "key", -7, 255u, '!');
}

/* The format goes through a variable: these are not valid printf formats. */
static void test_unknown_conversion(void)
{
	const char *volatile f;

	f = "%q";
	expect("%q", f);
	f = "[%5q]";
	expect("[%5q]", f);
	f = "%y %d";
	expect("%y 5", f, 5);
	f = "%ls|%lc|%hp|%l%|%s";
	expect("%ls|%lc|%hp|%l%|ok", f, "ok");
	f = "abc%";
	expect("abc%", f);
	f = "abc%-08.3l";
	expect("abc%-08.3l", f);
	f = "%Lf%d";
	expect("%Lf1", f, 1);
}

/* Compares output and return value at every buffer size around the length. */
static void __attribute__((format(printf, 1, 2)))
truncation(const char *fmt, ...)
{
	char want[64], got[64];
	va_list ap;

	va_start(ap, fmt);
	for (size_t size = 0; size <= sizeof(want) - 8; size++) {
		va_list a1, a2;

		memset(want, 0x5a, sizeof(want));
		memset(got, 0x5a, sizeof(got));
		va_copy(a1, ap);
		va_copy(a2, ap);
		int wn = vsnprintf(want, size, fmt, a1);
		int gn = kvsnprintf(got, size, fmt, a2);
		va_end(a2);
		va_end(a1);
		bool ok = wn == gn && memcmp(want, got, sizeof(want)) == 0;
		if (!ok)
			printf("  format \"%s\" size %zu: host %d, "
			       "kvsnprintf %d\n", fmt, size, wn, gn);
		CHECK(ok);
	}
	va_end(ap);
}

static void test_truncation(void)
{
	truncation("hello");
	truncation("hello world %d", 12345);
	truncation("%-20s|", "left");
	truncation("%#018llx", 0x1234ull);
	truncation("%s", "0123456789012345678901234567890123456789abcdefghij");
	truncation("%lld", LLONG_MIN);
}

static void test_null_buffer(void)
{
	char one[1] = { 'x' };

	CHECK(ksnprintf(NULL, 0, "%d-%s", 12345, "abc") == 9);
	CHECK(ksnprintf(NULL, 0, "%s", "") == 0);
	CHECK(ksnprintf(one, 1, "abc") == 3 && one[0] == '\0');
}

/* A huge width must be counted, not looped over, once the buffer is full. */
static void test_huge_width(void)
{
	char buf[8];
	const char *volatile f;

	CHECK(ksnprintf(buf, sizeof(buf), "%*d", 100000000, 1) == 100000000);
	CHECK(strcmp(buf, "       ") == 0);
	CHECK(ksnprintf(buf, sizeof(buf), "%.*d", 50000000, 1) == 50000000);
	CHECK(strcmp(buf, "0000000") == 0);
	/* Past INT_MAX the result is an error, as POSIX says. */
	f = "%*d%*d";
	CHECK(ksnprintf(buf, sizeof(buf), f, INT_MAX, 1, INT_MAX, 1) == -1);
	f = "%99999999999999999999d";
	CHECK(ksnprintf(buf, sizeof(buf), f, 1) == INT_MAX);
}

struct gathered {
	char text[2048];
	size_t len;
	unsigned pieces;
	size_t largest;
};

static void gather(void *arg, const char *s, size_t n)
{
	struct gathered *g = arg;

	memcpy(g->text + g->len, s, n);
	g->len += n;
	g->pieces++;
	if (n > g->largest)
		g->largest = n;
}

static int stream(struct gathered *g, char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	memset(g, 0, sizeof(*g));
	va_start(ap, fmt);
	n = kvstream(gather, g, buf, size, fmt, ap);
	va_end(ap);
	return n;
}

/* Streaming cuts nothing: text far longer than the buffer arrives whole,
 * newline included, in pieces no larger than the buffer. */
static void test_stream_whole(void)
{
	char long_word[1001], want[1200], buf[16];
	struct gathered g;

	memset(long_word, 'w', 1000);
	long_word[1000] = '\0';
	snprintf(want, sizeof(want), "boot: %s %08x|%-30d|\n", long_word, 0xabcu, -7);
	CHECK(stream(&g, buf, sizeof(buf), "boot: %s %08x|%-30d|\n", long_word, 0xabcu, -7) ==
	      (int)strlen(want));
	CHECK(g.len == strlen(want) && memcmp(g.text, want, g.len) == 0);
	CHECK(g.largest <= sizeof(buf) && g.pieces == (g.len + sizeof(buf) - 1) / sizeof(buf));
	CHECK(stream(&g, buf, 1, "%*d\n", 40, 5) == 41 && g.len == 41 && g.pieces == 41);
	CHECK(g.text[39] == '5' && g.text[40] == '\n');
	CHECK(stream(&g, buf, sizeof(buf), "%s", "") == 0 && g.pieces == 0);
}

int main(void)
{
	RUN(test_integer_matrix);
	RUN(test_extremes);
	RUN(test_zero_precision);
	RUN(test_star);
	RUN(test_strings);
	RUN(test_null_string);
	RUN(test_chars);
	RUN(test_pointers);
	RUN(test_percent_and_text);
	RUN(test_unknown_conversion);
	RUN(test_truncation);
	RUN(test_null_buffer);
	RUN(test_huge_width);
	RUN(test_stream_whole);
	printf("  (%lu comparisons with the host vsnprintf)\n", comparisons);
	return check_exit();
}
