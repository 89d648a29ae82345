/*
 * Kernel command line parser (syntax in docs/cmdline.md). Words are handled
 * as (pointer, length) spans inside the caller's string and never copied, so
 * a word of any length is safe and nothing is read past the NUL. The parser
 * sees bytes from the boot loader, and later from a fuzzer: any byte string
 * must give either a result or one readable line in err.
 */
#include "cmdline.h"

#include <stdarg.h>

#include "bootdefs.h"
#include "fmt.h"

/* Longer words are shortened in messages so the "accepted" part still fits. */
#define SHOWN_MAX 64
#define SHOWN_HEAD 60

struct span {
	const char *p;
	size_t n;
};

/* The error line being built; len < size always, so it stays terminated. */
struct msg {
	char *buf;
	size_t size;
	size_t len;
};

struct key;

struct ctx {
	const char *const *bench_names;
	unsigned n_bench;
	struct cmdline out;
	struct span word;      /* the word being parsed, quoted in errors */
	const struct key *key; /* its key once known: says what it accepts */
	struct msg err;
};

/* A choice of names given as a comma-separated list, each name one bit. */
struct choices {
	const char *unknown; /* the error for a name not in the list */
	const char *const *names;
	unsigned n;
	bool has_all;
};

struct key {
	const char *name;
	int (*parse)(struct ctx *c, struct span val);
	void (*explain)(struct ctx *c); /* appends what the value may be */
	/* Written as a user would type it and parsed by the same code, so a
	 * default can never be out of the key's own range. */
	const char *def;
	/* Number keys only: the uint32_t field they set, and its range. */
	size_t field;
	uint32_t min, max;
};

static const char *const apic_names[] = {
	[APIC_PREF_AUTO] = "auto",
	[APIC_PREF_XAPIC] = "xapic",
	[APIC_PREF_X2APIC] = "x2apic",
};

/* selftest_names[i] is the bit 1u << i. */
static const char *const selftest_names[] = { "exceptions", "fatal" };
static const char *const inject_names[] = { "ap_nostart", "ipi_drop", "handler_fault",
					     "uart_stall", "smi", "apic_error",
					     "impossible", "check_fail" };
_Static_assert(SELFTEST_EXCEPTIONS == 1u << 0 && SELFTEST_FATAL == 1u << 1,
	       "selftest_names must follow the SELFTEST_ bits");

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* ---- spans ---- */

static struct span span_of(const char *s)
{
	struct span sp = { s, 0 };

	while (s[sp.n] != '\0')
		sp.n++;
	return sp;
}

static struct span span_sub(struct span s, size_t from, size_t to)
{
	return (struct span){ s.p + from, to - from };
}

static bool span_eq(struct span s, const char *str)
{
	for (size_t i = 0; i < s.n; i++)
		if (str[i] != s.p[i])
			return false; /* also stops at str's NUL */
	return str[s.n] == '\0';
}

static bool span_find(struct span s, char ch, size_t *at)
{
	for (size_t i = 0; i < s.n; i++) {
		if (s.p[i] == ch) {
			*at = i;
			return true;
		}
	}
	return false;
}

static int find_name(struct span s, const char *const *names, unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		if (span_eq(s, names[i]))
			return (int)i;
	return -1;
}

static bool is_blank(char ch)
{
	return ch == ' ' || ch == '\t';
}

/* Moves *pos past the next word and returns it in *w; false at the end. */
static bool next_word(const char **pos, struct span *w)
{
	const char *p = *pos;

	while (is_blank(*p))
		p++;
	w->p = p;
	while (*p != '\0' && !is_blank(*p))
		p++;
	w->n = (size_t)(p - w->p);
	*pos = p;
	return w->n > 0;
}

/* The value of digit ch in base (10 or 16, either case), or -1. */
static int digit_value(char ch, unsigned base)
{
	int d = ch >= '0' && ch <= '9' ? ch - '0' :
		ch >= 'a' && ch <= 'f' ? ch - 'a' + 10 :
		ch >= 'A' && ch <= 'F' ? ch - 'A' + 10 : -1;

	return d >= 0 && (unsigned)d < base ? d : -1;
}

/*
 * Digits of base only, value at most max. Stopping as soon as the value
 * passes max (at most 2^32) keeps the arithmetic far from overflow however
 * many digits follow.
 */
static bool parse_uint(struct span s, unsigned base, uint32_t max, uint32_t *out)
{
	uint64_t v = 0;

	if (s.n == 0)
		return false;
	for (size_t i = 0; i < s.n; i++) {
		int d = digit_value(s.p[i], base);
		if (d < 0)
			return false;
		v = v * base + (uint64_t)d;
		if (v > max)
			return false;
	}
	*out = (uint32_t)v;
	return true;
}

static bool parse_u32(struct span s, uint32_t max, uint32_t *out)
{
	return parse_uint(s, 10, max, out);
}

/* ---- the error line ---- */

static void __attribute__((format(printf, 2, 3)))
msg_fmt(struct msg *m, const char *fmt, ...)
{
	va_list ap;

	if (m->size == 0)
		return;
	size_t room = m->size - m->len;
	va_start(ap, fmt);
	int n = kvsnprintf(m->buf + m->len, room, fmt, ap);
	va_end(ap);
	if (n > 0)
		m->len += (size_t)n < room ? (size_t)n : room - 1;
}

/* Bytes that could break the line or the terminal are shown as \xNN. */
static void msg_span(struct msg *m, struct span s)
{
	size_t shown = s.n > SHOWN_MAX ? SHOWN_HEAD : s.n;

	for (size_t i = 0; i < shown; i++) {
		unsigned char b = (unsigned char)s.p[i];
		if (b >= 0x20 && b < 0x7f)
			msg_fmt(m, "%c", b);
		else
			msg_fmt(m, "\\x%02x", b);
	}
	if (shown < s.n)
		msg_fmt(m, "...");
}

static void msg_names(struct msg *m, const char *const *names, unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		msg_fmt(m, " %s", names[i]);
}

/* "cmdline: WHAT 'ITEM' in 'WORD'": the start of every word error. */
static void say_problem(struct ctx *c, const char *what,
			const struct span *item)
{
	msg_fmt(&c->err, "cmdline: %s", what);
	if (item) {
		msg_fmt(&c->err, " '");
		msg_span(&c->err, *item);
		msg_fmt(&c->err, "'");
	}
	msg_fmt(&c->err, " in '");
	msg_span(&c->err, c->word);
	msg_fmt(&c->err, "'");
}

static void explain_keys(struct ctx *c);

/* Reports a bad word, ending with what would have been accepted there. */
static int fail(struct ctx *c, const char *what, const struct span *item)
{
	say_problem(c, what, item);
	if (c->key)
		c->key->explain(c);
	else
		explain_keys(c);
	return -1;
}

/* ---- value parsers, one per kind of key ---- */

static uint32_t low_bits(unsigned n)
{
	return n >= 32 ? UINT32_MAX : (1u << n) - 1;
}

static int for_each_item(struct ctx *c, struct span val,
			 int (*item)(struct ctx *c, struct span item))
{
	size_t start = 0;

	for (size_t i = 0; i <= val.n; i++) {
		if (i < val.n && val.p[i] != ',')
			continue;
		struct span it = span_sub(val, start, i);
		if (it.n == 0)
			return fail(c, "empty item", NULL);
		if (item(c, it) < 0)
			return -1;
		start = i + 1;
	}
	return 0;
}

/* Items add to the set, so "none" adds nothing and "all" adds every name. */
static int choice_item(struct ctx *c, struct span item,
		       const struct choices *ch, uint32_t *mask)
{
	if (ch->has_all && span_eq(item, "all")) {
		*mask |= low_bits(ch->n);
		return 0;
	}
	if (span_eq(item, "none"))
		return 0;
	int i = find_name(item, ch->names, ch->n);
	if (i < 0)
		return fail(c, ch->unknown, &item);
	*mask |= 1u << i;
	return 0;
}

static void explain_choices(struct ctx *c, const struct choices *ch)
{
	msg_fmt(&c->err, " (accepted:%s none", ch->has_all ? " all" : "");
	msg_names(&c->err, ch->names, ch->n);
	msg_fmt(&c->err, ")");
}

static struct choices bench_choices(const struct ctx *c)
{
	return (struct choices){ "unknown benchmark", c->bench_names,
				 c->n_bench, true };
}

static const struct choices selftest_choices = {
	"unknown selftest", selftest_names, ARRAY_LEN(selftest_names), false
};

static int bench_item(struct ctx *c, struct span item)
{
	struct choices ch = bench_choices(c);

	return choice_item(c, item, &ch, &c->out.bench_mask);
}

static int parse_bench(struct ctx *c, struct span val)
{
	c->out.bench_mask = 0;
	return for_each_item(c, val, bench_item);
}

static void explain_bench(struct ctx *c)
{
	struct choices ch = bench_choices(c);

	explain_choices(c, &ch);
}

static int selftest_item(struct ctx *c, struct span item)
{
	return choice_item(c, item, &selftest_choices, &c->out.selftest);
}

static int parse_selftest(struct ctx *c, struct span val)
{
	c->out.selftest = 0;
	return for_each_item(c, val, selftest_item);
}

static const struct choices inject_choices = {
	"unknown fault to inject", inject_names, ARRAY_LEN(inject_names), false
};

static int inject_item(struct ctx *c, struct span item)
{
	return choice_item(c, item, &inject_choices, &c->out.inject);
}

static int parse_inject(struct ctx *c, struct span val)
{
	c->out.inject = 0;
	return for_each_item(c, val, inject_item);
}

static void explain_inject(struct ctx *c)
{
	explain_choices(c, &inject_choices);
}

static void explain_selftest(struct ctx *c)
{
	explain_choices(c, &selftest_choices);
}

static int parse_number(struct ctx *c, struct span val)
{
	uint32_t v;

	if (!parse_u32(val, c->key->max, &v) || v < c->key->min)
		return fail(c, "bad value", NULL);
	*(uint32_t *)((char *)&c->out + c->key->field) = v;
	return 0;
}

static void explain_number(struct ctx *c)
{
	msg_fmt(&c->err, ": expected a whole number from %u to %u",
		(unsigned)c->key->min, (unsigned)c->key->max);
}

#define PERIOD_MAX_US 1000000

static int period_item(struct ctx *c, struct span item)
{
	uint32_t us;

	if (!parse_u32(item, PERIOD_MAX_US, &us) || us == 0)
		return fail(c, "bad period", &item);
	if (c->out.n_timer_periods == CMDLINE_MAX_PERIODS)
		return fail(c, "too many periods", &item);
	c->out.timer_period_us[c->out.n_timer_periods++] = us;
	return 0;
}

static int parse_periods(struct ctx *c, struct span val)
{
	c->out.n_timer_periods = 0;
	return for_each_item(c, val, period_item);
}

static void explain_periods(struct ctx *c)
{
	msg_fmt(&c->err, ": expected 1 to %u periods in microseconds, each from 1 to %u, "
		"comma-separated", CMDLINE_MAX_PERIODS, PERIOD_MAX_US);
}

static void select_cpus(struct cmdline *out, uint32_t first, uint32_t last)
{
	for (uint32_t i = first; i <= last; i++)
		out->cpus[i / 64] |= 1ull << (i % 64);
}

static int cpus_item(struct ctx *c, struct span item)
{
	struct span lo = item, hi = item;
	uint32_t first, last;
	size_t dash;

	if (span_eq(item, "all")) {
		select_cpus(&c->out, 0, CMDLINE_MAX_CPUS - 1);
		c->out.cpus_all = true;
		return 0;
	}
	if (span_find(item, '-', &dash)) {
		lo = span_sub(item, 0, dash);
		hi = span_sub(item, dash + 1, item.n);
	}
	if (!parse_u32(lo, CMDLINE_MAX_CPUS - 1, &first) ||
	    !parse_u32(hi, CMDLINE_MAX_CPUS - 1, &last) || first > last)
		return fail(c, "bad CPU index or range", &item);
	select_cpus(&c->out, first, last);
	return 0;
}

static int parse_cpus(struct ctx *c, struct span val)
{
	for (size_t i = 0; i < ARRAY_LEN(c->out.cpus); i++)
		c->out.cpus[i] = 0;
	c->out.cpus_all = false;
	return for_each_item(c, val, cpus_item);
}

static void explain_cpus(struct ctx *c)
{
	msg_fmt(&c->err,
		": expected all, or a comma-separated list of CPU indices "
		"and ranges a-b with 0 <= a <= b <= %u",
		CMDLINE_MAX_CPUS - 1);
}

static int parse_apic(struct ctx *c, struct span val)
{
	int i = find_name(val, apic_names, ARRAY_LEN(apic_names));

	if (i < 0)
		return fail(c, "unknown APIC mode", &val);
	c->out.apic = (enum apic_pref)i;
	return 0;
}

/* " (accepted: a b c)" for keys that take exactly one of names. */
static void explain_one_of(struct ctx *c, const char *const *names, unsigned n)
{
	msg_fmt(&c->err, " (accepted:");
	msg_names(&c->err, names, n);
	msg_fmt(&c->err, ")");
}

static void explain_apic(struct ctx *c)
{
	explain_one_of(c, apic_names, ARRAY_LEN(apic_names));
}

/* serial=: the PC's COM ports (their conventional I/O bases), none (port
 * 0), or a port number written 0xNNNN. */
static const char *const com_names[] = { "com1", "com2", "com3", "com4", "none" };
static const uint16_t com_ports[] = { COM1_PORT, COM2_PORT, COM3_PORT, COM4_PORT, 0 };
/* A 16550 decodes eight ports: the highest base leaves room for them. */
#define SERIAL_PORT_MAX 0xFFF8

/* One of names (its port from ports), or an I/O port written 0xNNNN from
 * 1 to max; false otherwise. serial= and debugcon= take their ports so. */
static bool named_or_hex_port(struct span val, const char *const *names, const uint16_t *ports,
			      unsigned n, uint32_t max, uint16_t *out)
{
	int i = find_name(val, names, n);
	uint32_t port;

	if (i >= 0) {
		*out = ports[i];
		return true;
	}
	if (val.n < 3 || val.p[0] != '0' || val.p[1] != 'x' ||
	    !parse_uint(span_sub(val, 2, val.n), 16, max, &port) || port == 0)
		return false;
	*out = (uint16_t)port;
	return true;
}

static int parse_serial(struct ctx *c, struct span val)
{
	if (!named_or_hex_port(val, com_names, com_ports, ARRAY_LEN(com_names), SERIAL_PORT_MAX,
			       &c->out.serial_port))
		return fail(c, "unknown serial port", &val);
	return 0;
}

static void explain_serial(struct ctx *c)
{
	msg_fmt(&c->err, " (accepted:");
	msg_names(&c->err, com_names, ARRAY_LEN(com_names));
	msg_fmt(&c->err, ", or an I/O port 0x1 to 0x%x)", SERIAL_PORT_MAX);
}

static const char *const raw_names[] = { "auto", "all", "none" };

static int parse_raw(struct ctx *c, struct span val)
{
	int i = find_name(val, raw_names, ARRAY_LEN(raw_names));

	if (i < 0)
		return fail(c, "unknown raw mode", &val);
	c->out.raw_mode = (enum raw_mode)i;
	return 0;
}

static void explain_raw(struct ctx *c)
{
	explain_one_of(c, raw_names, ARRAY_LEN(raw_names));
}

static const char *const results_names[] = { "auto", "all", "none" };

static int parse_results(struct ctx *c, struct span val)
{
	int i = find_name(val, results_names, ARRAY_LEN(results_names));

	if (i < 0)
		return fail(c, "unknown results mode", &val);
	c->out.results_mode = (enum results_mode)i;
	return 0;
}

static void explain_results(struct ctx *c)
{
	explain_one_of(c, results_names, ARRAY_LEN(results_names));
}

/* 8N1 at the slowest rate anyone uses, to 100 Gbit/s; 0 is unbounded. */
#define LINK_BPS_MIN 300
#define LINK_BPS_MAX 4000000000u

static int parse_link_bps(struct ctx *c, struct span val)
{
	uint32_t bps;

	if (span_eq(val, "auto")) {
		c->out.link_bps = LINK_BPS_AUTO;
		return 0;
	}
	if (!parse_u32(val, LINK_BPS_MAX, &bps) || (bps && bps < LINK_BPS_MIN))
		return fail(c, "bad value", NULL);
	c->out.link_bps = bps;
	return 0;
}

/* min_samples=auto|N: auto (UINT32_MAX, rowcheck.h) is 100, or samples/10
 * when smaller. */
static int parse_min_samples(struct ctx *c, struct span val)
{
	c->out.min_samples = UINT32_MAX;
	if (!span_eq(val, "auto") && !parse_u32(val, CMDLINE_SAMPLES_MAX, &c->out.min_samples))
		return fail(c, "bad value", NULL);
	return 0;
}

static void explain_min_samples(struct ctx *c)
{
	msg_fmt(&c->err, ": expected auto, or 0 to %u", CMDLINE_SAMPLES_MAX);
}

static void explain_link_bps(struct ctx *c)
{
	msg_fmt(&c->err, ": expected auto, 0 (unbounded), or bits per second from %u to %u",
		LINK_BPS_MIN, LINK_BPS_MAX);
}

/* pairs=auto|all|classes, or SRC:DST[,SRC:DST...]: the pair variants' pairs. */
static const char *const pairs_names[] = { "auto", "all", "classes" };

static int pair_item(struct ctx *c, struct span item)
{
	struct span src = item, dst = item;
	uint32_t a, b;
	size_t colon;

	if (!span_find(item, ':', &colon))
		return fail(c, "expected SRC:DST", &item);
	src = span_sub(item, 0, colon);
	dst = span_sub(item, colon + 1, item.n);
	if (!parse_u32(src, CMDLINE_MAX_CPUS - 1, &a) || !parse_u32(dst, CMDLINE_MAX_CPUS - 1, &b))
		return fail(c, "bad CPU index", &item);
	if (a == b)
		return fail(c, "a pair needs two CPUs", &item);
	for (unsigned i = 0; i < c->out.n_pairs; i++)
		if (c->out.pairs[i].src == a && c->out.pairs[i].dst == b)
			return fail(c, "pair given twice", &item);
	if (c->out.n_pairs == CMDLINE_MAX_PAIRS)
		return fail(c, "too many pairs", &item);
	c->out.pairs[c->out.n_pairs].src = (uint16_t)a;
	c->out.pairs[c->out.n_pairs++].dst = (uint16_t)b;
	return 0;
}

static int parse_pairs(struct ctx *c, struct span val)
{
	int i = find_name(val, pairs_names, ARRAY_LEN(pairs_names));

	c->out.n_pairs = 0;
	if (i >= 0) {
		c->out.pairs_mode = (enum pairs_mode)i;
		return 0;
	}
	c->out.pairs_mode = PAIRS_LIST;
	return for_each_item(c, val, pair_item);
}

static void explain_pairs(struct ctx *c)
{
	msg_fmt(&c->err, ": expected auto, all, classes, or up to %u ordered pairs SRC:DST of CPU "
		"indices below %u, comma-separated", CMDLINE_MAX_PAIRS, CMDLINE_MAX_CPUS);
}

/* debugcon=: QEMU's debug console, looked for under a hypervisor only
 * (debugcon.c): auto at its default port, off, or at port 0xNN. */
static const char *const debugcon_names[] = { "auto", "off" };
static const uint16_t debugcon_ports[] = { DEBUGCON_PORT_DEFAULT, 0 };
#define DEBUGCON_PORT_MAX 0xFFFF

static int parse_debugcon(struct ctx *c, struct span val)
{
	if (!named_or_hex_port(val, debugcon_names, debugcon_ports, ARRAY_LEN(debugcon_names),
			       DEBUGCON_PORT_MAX, &c->out.debugcon_port))
		return fail(c, "unknown debug console port", &val);
	return 0;
}

static void explain_debugcon(struct ctx *c)
{
	msg_fmt(&c->err, " (accepted:");
	msg_names(&c->err, debugcon_names, ARRAY_LEN(debugcon_names));
	msg_fmt(&c->err, ", or an I/O port 0x1 to 0x%x)", DEBUGCON_PORT_MAX);
}

/* tsc_trust=invariant|assume: assume lets one-way times run without an
 * invariant TSC (for emulators and tests: docs/cmdline.md). */
static const char *const tsc_trust_names[] = { "invariant", "assume" };

/* The index of val in names into *out, or a "bad value" error. */
static int parse_choice(struct ctx *c, struct span val, const char *const *names, unsigned n,
			int *out)
{
	*out = find_name(val, names, n);
	return *out < 0 ? fail(c, "bad value", &val) : 0;
}

static int parse_tsc_trust(struct ctx *c, struct span val)
{
	int i;

	if (parse_choice(c, val, tsc_trust_names, ARRAY_LEN(tsc_trust_names), &i) < 0)
		return -1;
	c->out.tsc_trust = (enum tsc_trust)i;
	return 0;
}

static void explain_tsc_trust(struct ctx *c)
{
	explain_one_of(c, tsc_trust_names, ARRAY_LEN(tsc_trust_names));
}

static const char *const hold_names[] = { "no", "yes" };

static int parse_hold(struct ctx *c, struct span val)
{
	int i;

	if (parse_choice(c, val, hold_names, ARRAY_LEN(hold_names), &i) < 0)
		return -1;
	c->out.hold = i == 1;
	return 0;
}

static void explain_hold(struct ctx *c)
{
	explain_one_of(c, hold_names, ARRAY_LEN(hold_names));
}

/* ---- the keys: one row each; docs/cmdline.md describes them for users ---- */

#define NUMBER(f) .parse = parse_number, .explain = explain_number, \
	.field = offsetof(struct cmdline, f)

static const struct key keys[] = {
	/* bench=all|none|NAME[,NAME...]: which benchmarks run. */
	{ .name = "bench", .parse = parse_bench, .explain = explain_bench,
	  .def = "all" },
	/* samples=N: measured samples per benchmark. */
	{ .name = "samples", NUMBER(samples), .min = 1, .max = CMDLINE_SAMPLES_MAX,
	  .def = "10000" },
	/* warmup=N: unrecorded runs before the measured ones. */
	{ .name = "warmup", NUMBER(warmup), .min = 0, .max = 1000000,
	  .def = "1000" },
	/* series_ms=N: wall-time budget of one series; it stops early with
	 * the samples it has, and says so. */
	{ .name = "series_ms", NUMBER(series_ms), .min = 1, .max = 3600000,
	  .def = "2000" },
	/* timer_period_us=N[,N...]: the timer benchmark's periods. */
	{ .name = "timer_period_us", .parse = parse_periods, .explain = explain_periods,
	  .def = "100" },
	/* hist_bucket_ns=N: width of the timer lateness histogram buckets. */
	{ .name = "hist_bucket_ns", NUMBER(hist_bucket_ns), .min = 1, .max = 1000000,
	  .def = "1000" },
	/* cpus=all|LIST: CPU indices (a, a-b) that run benchmarks. */
	{ .name = "cpus", .parse = parse_cpus, .explain = explain_cpus,
	  .def = "all" },
	/* apic=auto|xapic|x2apic: local APIC mode; auto uses x2APIC when
	 * the CPU has it. */
	{ .name = "apic", .parse = parse_apic, .explain = explain_apic,
	  .def = "auto" },
	/* selftest=none|NAME[,NAME...]: self-tests run before benchmarks. */
	{ .name = "selftest", .parse = parse_selftest,
	  .explain = explain_selftest, .def = "none" },
	/* inject=none|NAME[,NAME...]: faults injected on purpose, for tests. */
	{ .name = "inject", .parse = parse_inject, .explain = explain_inject,
	  .def = "none" },
	/* serial=com1..com4|0xPORT|none: the UART that carries the output. */
	{ .name = "serial", .parse = parse_serial, .explain = explain_serial,
	  .def = "com1" },
	/* pairs=auto|all|classes|LIST: which ordered pairs pair variants run on. */
	{ .name = "pairs", .parse = parse_pairs, .explain = explain_pairs, .def = "auto" },
	/* raw=auto|all|none: which series send raw samples (docs/plan.md). */
	{ .name = "raw", .parse = parse_raw, .explain = explain_raw, .def = "auto" },
	/* results=auto|all|none: which summary rows get a result line. */
	{ .name = "results", .parse = parse_results, .explain = explain_results,
	  .def = "auto" },
	/* link_bps=auto|0|N: the output link's speed the plan budgets with. */
	{ .name = "link_bps", .parse = parse_link_bps, .explain = explain_link_bps,
	  .def = "auto" },
	/* serial_budget_s=N: link time the plan may spend; summaries are
	 * never cut, histograms and raw samples are. */
	{ .name = "serial_budget_s", NUMBER(serial_budget_s), .min = 1, .max = 86400,
	  .def = "300" },
	/* hold=no|yes: halt with the summary on screen instead of exiting. */
	{ .name = "hold", .parse = parse_hold, .explain = explain_hold,
	  .def = "no" },
	/* debugcon=auto|off|0xPORT: QEMU's debug console as the fast path. */
	{ .name = "debugcon", .parse = parse_debugcon, .explain = explain_debugcon,
	  .def = "auto" },
	/* min_samples=auto|N: a row with fewer completed samples is insufficient. */
	{ .name = "min_samples", .parse = parse_min_samples, .explain = explain_min_samples,
	  .def = "auto" },
	/* tsc_trust=invariant|assume: one-way times without an invariant TSC. */
	{ .name = "tsc_trust", .parse = parse_tsc_trust, .explain = explain_tsc_trust,
	  .def = "invariant" },
};

_Static_assert(ARRAY_LEN(keys) <= 32, "the seen-keys mask has 32 bits");

static void explain_keys(struct ctx *c)
{
	msg_fmt(&c->err, " (accepted:");
	for (size_t i = 0; i < ARRAY_LEN(keys); i++)
		msg_fmt(&c->err, " %s", keys[i].name);
	msg_fmt(&c->err, ")");
}

static int find_key(struct span name)
{
	for (size_t i = 0; i < ARRAY_LEN(keys); i++)
		if (span_eq(name, keys[i].name))
			return (int)i;
	return -1;
}

/* ---- words ---- */

static int set_defaults(struct ctx *c)
{
	for (size_t i = 0; i < ARRAY_LEN(keys); i++) {
		c->key = &keys[i];
		c->word = span_of(keys[i].def);
		if (keys[i].parse(c, c->word) < 0)
			return -1;
	}
	return 0;
}

static int parse_pair(struct ctx *c, size_t eq, uint32_t *seen)
{
	struct span name = span_sub(c->word, 0, eq);
	struct span val = span_sub(c->word, eq + 1, c->word.n);
	int i = find_key(name);

	if (i < 0)
		return fail(c, "unknown key", &name);
	if (*seen & (1u << i)) {
		say_problem(c, "repeated key", &name);
		msg_fmt(&c->err, " (each key may be given once)");
		return -1;
	}
	*seen |= 1u << i;
	c->key = &keys[i];
	if (val.n == 0)
		return fail(c, "empty value", NULL);
	return keys[i].parse(c, val);
}

static int parse_words(struct ctx *c, const char *line)
{
	uint32_t seen = 0;
	bool first = true;
	struct span w;

	while (next_word(&line, &w)) {
		size_t eq;
		bool has_eq = span_find(w, '=', &eq);
		/* QEMU -kernel and iPXE put the boot file name first (GRUB's
		 * multiboot2 does not): a path or a name with an extension. A
		 * lone first word like "bench" is a mistake, not a file. */
		bool boot_file = first && !has_eq &&
				 (span_find(w, '/', &eq) || span_find(w, '.', &eq));

		first = false;
		if (boot_file)
			continue;
		c->word = w;
		c->key = NULL;
		if (!has_eq)
			return fail(c, "missing '='", NULL);
		if (parse_pair(c, eq, &seen) < 0)
			return -1;
	}
	return 0;
}

/* What the names take in an "accepted:" list: each and a space. */
static size_t names_size(const char *const *names, unsigned n)
{
	size_t size = 0;

	for (unsigned i = 0; i < n; i++)
		size += span_of(names[i]).n + 1;
	return size;
}

int cmdline_parse(const char *line, const char *const *bench_names,
		  unsigned n_bench, struct cmdline *out, char *err,
		  size_t errlen)
{
	struct ctx c = {
		.bench_names = bench_names,
		.n_bench = n_bench,
		.err = { .buf = err, .size = errlen, .len = 0 },
	};

	if (errlen > 0)
		err[0] = '\0';
	if (n_bench > CMDLINE_MAX_BENCH) {
		msg_fmt(&c.err, "cmdline: %u benchmarks, more than the %u "
			"allowed", n_bench, CMDLINE_MAX_BENCH);
		return -1;
	}
	if (names_size(bench_names, n_bench) > CMDLINE_BENCH_NAMES_MAX) {
		msg_fmt(&c.err, "cmdline: the benchmark names take %zu bytes, more than the %u "
			"allowed", names_size(bench_names, n_bench), CMDLINE_BENCH_NAMES_MAX);
		return -1;
	}
	if (set_defaults(&c) < 0 || parse_words(&c, line ? line : "") < 0)
		return -1;
	*out = c.out;
	return 0;
}

bool cmdline_cpu_selected(const struct cmdline *c, unsigned cpu)
{
	return cpu < CMDLINE_MAX_CPUS && (c->cpus[cpu / 64] >> (cpu % 64) & 1);
}
