/*
 * Stopping the machine, successfully or not. Every failure path ends here
 * so that the host always sees the same three things: a human line, the
 * run-end line, and an exit code.
 */
#include "panic.h"
#include "result_line.h"

#include <stdarg.h>

#include "console.h"
#include "cpu.h"
#include "fmt.h"
#include "frame.h"
#include "serial.h"
#include "smp.h"
#include "version.h"
#include "x86.h"

#define FAILED_LINE "irqbench: FAILED (exit code %d, %s): %s\n"

static const char *activity = "boot";
static bool hold;

void panic_hold_at_end(bool h)
{
	hold = h;
}

void panic_set_activity(const char *what)
{
	activity = what;
}

const char *panic_activity(void)
{
	return activity;
}

static const char *exit_code_name(int code)
{
	switch (code) {
	case EXIT_OK: return "ok";
	case EXIT_PANIC: return "panic";
	case EXIT_CMDLINE: return "bad command line";
	case EXIT_BOOT: return "boot or hardware setup failed";
	case EXIT_CHECK: return "a correctness check failed";
	case EXIT_TIMEOUT: return "a bounded wait timed out";
	default: return "unknown";
	}
}

/* QEMU exits with (code << 1) | 1; on hardware the port write is ignored
 * and the CPU halts with the result on the serial port. */
static _Noreturn void machine_stop(int code)
{
	if (hold)
		kprintf_screen("hold=yes: halted here, exit code %d not written; reset to leave\n",
			       code);
	else
		outl(DEBUG_EXIT_PORT, (uint32_t)code);
	for (;;) {
		cli();
		hlt();
	}
}

static _Noreturn void stop_with(int code, const char *reason)
{
	cli();
	smp_stop_others();
	/* A CPU stopped in the middle of a line keeps the lock forever. */
	console_force_unlock();
	console_lock();
	/* Stopped before the command line named a port (or because it was
	 * bad): the default ones carry the reason. */
	if (!console_serial_started())
		console_start_serial(COM1_PORT, DEBUGCON_PORT_DEFAULT);
	if (code == EXIT_OK)
		kprintf("irqbench: %s\n", reason);
	else
		kprintf(FAILED_LINE, code, exit_code_name(code), reason);
	frame_run_end(code == EXIT_OK ? "ok" : "failed", code, reason);
	/* After run-end: a lab's reader that stops at results-end has then
	 * seen the whole run. */
	result_line_end(code);
	console_flush();
	machine_stop(code);
}

/* The reason being built; len < sizeof(text) always. A reason that does
 * not fit ends in "...", so a cut is never silent. */
struct reason {
	char text[PANIC_REASON_MAX];
	size_t len;
};

static void reason_vadd(struct reason *r, const char *fmt, va_list ap)
{
	size_t room = sizeof(r->text) - r->len;
	int n = kvsnprintf(r->text + r->len, room, fmt, ap);

	if (n < 0)
		return;
	if ((size_t)n < room) {
		r->len += (size_t)n;
		return;
	}
	r->len = sizeof(r->text) - 1;
	for (size_t i = r->len - 3; i < r->len; i++)
		r->text[i] = '.';
}

static void __attribute__((format(printf, 2, 3)))
reason_add(struct reason *r, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	reason_vadd(r, fmt, ap);
	va_end(ap);
}

void panic_stop(int code, const char *fmt, ...)
{
	struct reason r = { .len = 0 };
	va_list ap;

	va_start(ap, fmt);
	reason_vadd(&r, fmt, ap);
	va_end(ap);
	console_force_unlock();
	stop_with(code, r.text);
}

void panic_at(const char *file, int line, const char *fmt, ...)
{
	struct reason r = { .len = 0 };
	va_list ap;

	reason_add(&r, "panic on cpu %u during %s at %s:%d: ", cpu_current_index(), activity,
		   file, line);
	va_start(ap, fmt);
	reason_vadd(&r, fmt, ap);
	va_end(ap);
	console_force_unlock();
	stop_with(EXIT_PANIC, r.text);
}

/* Before .bss is known to be memory (mem_check_image), nothing that lives
 * there may be used: not the console, the frame count or hold=. The same
 * three things as stop_with go to COM1 from this stack (boot/entry.S's
 * own, cleared first) and .rodata: the lines frame_run_begin, stop_with
 * and frame_run_end write, then the exit code. */
_Noreturn void panic_stop_early(int code, const char *reason)
{
	char text[640];

	ksnprintf(text, sizeof(text), "@irqbench run-begin version=%s\n" FAILED_LINE
		  "@irqbench run-end frames=0 status=failed code=%d reason=%s\n", IRQBENCH_VERSION,
		  code, exit_code_name(code), reason, code, reason);
	serial_write_early(COM1_PORT, text);
	outl(DEBUG_EXIT_PORT, (uint32_t)code);
	for (;;) {
		cli();
		hlt();
	}
}

void kernel_exit_ok(const char *outcome)
{
	stop_with(EXIT_OK, outcome);
}
