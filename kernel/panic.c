/*
 * Stopping the machine, successfully or not. Every failure path ends here
 * so that the host always sees the same three things: a human line, the
 * run-end line, and an exit code.
 */
#include "panic.h"

#include <stdarg.h>

#include "console.h"
#include "cpu.h"
#include "fmt.h"
#include "frame.h"
#include "smp.h"
#include "x86.h"

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
		kprintf("irqbench: FAILED (exit code %d, %s): %s\n", code, exit_code_name(code), reason);
	frame_run_end(code == EXIT_OK ? "ok" : "failed", code, reason);
	console_flush();
	machine_stop(code);
}

void panic_stop(int code, const char *fmt, ...)
{
	char reason[256];
	va_list ap;

	va_start(ap, fmt);
	kvsnprintf(reason, sizeof(reason), fmt, ap);
	va_end(ap);
	console_force_unlock();
	stop_with(code, reason);
}

void panic_at(const char *file, int line, const char *fmt, ...)
{
	char msg[200];
	va_list ap;

	va_start(ap, fmt);
	kvsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	panic_stop(EXIT_PANIC, "panic on cpu %u during %s at %s:%d: %s", cpu_current_index(),
		   activity, file, line, msg);
}

void kernel_exit_ok(const char *outcome)
{
	stop_with(EXIT_OK, outcome);
}
