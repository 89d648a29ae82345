/*
 * Console output. Frames go to the serial port only; human lines (kprintf)
 * go to the serial port and the screen. The lock keeps lines and frames
 * from different CPUs apart, which is what lets the host extractor trust a
 * frame's rows to be contiguous.
 *
 * The fast path (docs/output-format.md, "Two output paths"): under a
 * hypervisor that offers QEMU's debug console (debugcon.c), the whole
 * stream, frames and lines in order, goes there instead, in bursts sent
 * when the outermost lock is released; the UART then carries the human
 * lines only, for whoever watches it.
 *
 * Which serial port (or none) is on the command line, read after the first
 * lines are written. Until then output waits in memory, in the order it
 * came and tagged text or data, and nothing touches any UART: with
 * serial=none, COM1 is never written, even on a machine where COM1 is
 * something else. The screen, known from the boot information, gets the
 * waiting text as soon as it starts.
 */
#include "console.h"

#include <stdarg.h>
#include <stdbool.h>

#include "bootdefs.h"
#include "cpu.h"
#include "debugcon.h"
#include "fmt.h"
#include "kstring.h"
#include "screen.h"
#include "serial.h"
#include "tsc.h"
#include "x86.h"

#define NO_OWNER (~0u)
/* A few lines and the run-begin line come before the command line. */
#define EARLY_MAX 8192
#define EARLY_HDR 3	/* kind byte, 16-bit length */

enum early_kind { EARLY_DATA, EARLY_TEXT };

static volatile unsigned owner = NO_OWNER;
static unsigned depth;
static char early[EARLY_MAX];
static size_t early_len;
static uint64_t early_lost;
static bool serial_chosen;
static bool fast_path;
/* Why there is no serial output, if there is none: kept at the top of a
 * cleared screen, since the screen is then all a person has. */
static char serial_note[80];

/* What the screen costs, in TSC cycles: starting it (a full clear) and
 * each piece of text drawn, so a run can say what a line took. */
static struct {
	uint64_t start, text, text_max;
	unsigned writes;
} screen_cost;

void console_lock(void)
{
	unsigned me = cpu_current_index();

	if (__atomic_load_n(&owner, __ATOMIC_ACQUIRE) == me) {
		depth++;
		return;
	}
	unsigned expected = NO_OWNER;
	while (!__atomic_compare_exchange_n(&owner, &expected, me, false,
					    __ATOMIC_ACQUIRE, __ATOMIC_RELAXED)) {
		expected = NO_OWNER;
		cpu_relax();
	}
	depth = 1;
}

void console_unlock(void)
{
	if (depth == 1)
		console_flush();
	if (--depth == 0)
		__atomic_store_n(&owner, NO_OWNER, __ATOMIC_RELEASE);
}

void console_flush(void)
{
	if (fast_path)
		debugcon_flush();
}

/* For the fault report: whoever held the lock will never release it. */
void console_force_unlock(void)
{
	depth = 0;
	__atomic_store_n(&owner, NO_OWNER, __ATOMIC_RELEASE);
}

static void early_put(enum early_kind kind, const char *s, size_t len)
{
	if (len > UINT16_MAX || EARLY_MAX - early_len < EARLY_HDR + len) {
		early_lost += len;
		return;
	}
	early[early_len] = (char)kind;
	early[early_len + 1] = (char)(len & 0xFF);
	early[early_len + 2] = (char)(len >> 8);
	for (size_t i = 0; i < len; i++)
		early[early_len + EARLY_HDR + i] = s[i];
	early_len += EARLY_HDR + len;
}

/* Hands each waiting record, with its kind, to out. */
static void early_replay(void (*out)(enum early_kind kind, const char *s, size_t len))
{
	for (size_t at = 0; at < early_len;) {
		size_t len = (uint8_t)early[at + 1] | (size_t)(uint8_t)early[at + 2] << 8;

		out((enum early_kind)early[at], &early[at + EARLY_HDR], len);
		at += EARLY_HDR + len;
	}
}

/* Every byte of the console stream sent (held bytes count when the
 * replay sends them): what the run's plan budgets against. */
static uint64_t stream_bytes;

uint64_t console_stream_bytes(void)
{
	return stream_bytes;
}

static void text_to_screen(enum early_kind kind, const char *s, size_t len)
{
	if (kind == EARLY_TEXT)
		screen_write(s, len);
}

/* The byte routing: everything to one place, and on the fast path the
 * human lines to the UART as well. */
static void to_serial(enum early_kind kind, const char *s, size_t len)
{
	if (!serial_chosen) {
		early_put(kind, s, len);
		return;
	}
	stream_bytes += len;
	if (fast_path) {
		debugcon_write(s, len);
		if (kind == EARLY_TEXT)
			serial_write(s, len);
	} else {
		serial_write(s, len);
	}
}

void console_write(const char *s, size_t len)
{
	to_serial(EARLY_DATA, s, len);
}

static void screen_write_timed(const char *s, size_t len)
{
	uint64_t t0 = tsc_read_fenced();

	screen_write(s, len);
	uint64_t spent = tsc_read_fenced() - t0;
	screen_cost.text += spent;
	screen_cost.writes++;
	if (spent > screen_cost.text_max)
		screen_cost.text_max = spent;
}

static void console_write_text(const char *s, size_t len)
{
	to_serial(EARLY_TEXT, s, len);
	if (screen_rows())
		screen_write_timed(s, len);
}

void console_start_screen(const struct bootinfo *bi)
{
	uint64_t t0 = tsc_read_fenced();
	const char *why = screen_init(bi);

	screen_cost.start = tsc_read_fenced() - t0;

	console_lock();
	if (!why)
		early_replay(text_to_screen);
	console_unlock();
	if (why)
		kprintf("screen: %s\n", why);
}

void console_start_serial(uint16_t port, uint16_t debugcon_port)
{
	console_lock();
	serial_chosen = true;
	bool present = port && serial_init(port);
	fast_path = port && debugcon_probe(debugcon_port);
	early_replay(to_serial);
	early_len = 0;
	console_unlock();
	if (fast_path)
		kprintf("console: output continues on the debug console at port 0x%x; the UART "
			"carries text lines only\n", debugcon_port);
	if (early_lost)
		kprintf("console: %lu bytes written before the command line was read were lost\n",
			early_lost);
	if (!port)
		ksnprintf(serial_note, sizeof(serial_note),
			  "serial: none (serial=none); output on screen only\n");
	else if (!present)
		ksnprintf(serial_note, sizeof(serial_note), "serial: no UART at 0x%x; output on "
			  "screen%s only\n", port, fast_path ? " and debug console" : "");
	if (serial_note[0])
		kprintf("%s", serial_note);
}

bool console_serial_started(void)
{
	return serial_chosen;
}

bool console_fast_path(void)
{
	return fast_path;
}

struct text_out {
	void (*write)(const char *s, size_t len);
};

static void text_piece(void *arg, const char *s, size_t len)
{
	((const struct text_out *)arg)->write(s, len);
}

/* Formats text of any length straight to out under the lock, in pieces,
 * so a long line comes out whole with its newline. */
static void print(void (*out)(const char *s, size_t len), const char *fmt, va_list ap)
{
	struct text_out to = { out };
	char buf[256];

	console_lock();
	kvstream(text_piece, &to, buf, sizeof(buf), fmt, ap);
	console_unlock();
}

void kprintf(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	print(console_write_text, fmt, ap);
	va_end(ap);
}

void kprintf_screen(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	print(screen_write, fmt, ap);
	va_end(ap);
}

static void console_write_serial_text(const char *s, size_t len)
{
	to_serial(EARLY_TEXT, s, len);
}

void kprintf_serial(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	print(console_write_serial_text, fmt, ap);
	va_end(ap);
}

void console_report_screen_cost(void)
{
	if (!screen_cost.writes)
		return;
	kprintf("screen: %s: clearing it took %lu us; %u lines drawn, %lu us a line on average, "
		"%lu us at most\n", screen_describe(), tsc_cycles_to_ns(screen_cost.start) / 1000,
		screen_cost.writes, tsc_cycles_to_ns(screen_cost.text / screen_cost.writes) / 1000,
		tsc_cycles_to_ns(screen_cost.text_max) / 1000);
}

void console_clear_screen(void)
{
	console_lock();
	screen_clear();
	screen_write(serial_note, strlen(serial_note));
	console_unlock();
}
