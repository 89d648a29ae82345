/*
 * How the kernel stops: the one error policy. A run ends with a run-end
 * line (docs/output-format.md) and an exit code through QEMU's
 * isa-debug-exit (docs/exit-codes.md); on real hardware the CPUs then halt.
 */
#ifndef PANIC_H
#define PANIC_H

#include <stdbool.h>

#include "bootdefs.h"

/* The longest reason a run can end with, NUL included: every message the
 * kernel builds (the longest command line error among them) fits whole. */
#define PANIC_REASON_MAX 1024

_Noreturn void panic_stop(int code, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
_Noreturn void panic_at(const char *file, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
_Noreturn void kernel_exit_ok(const char *outcome);
/* panic_stop for the boot memory check, before .bss may be used: the
 * run-begin, FAILED and run-end lines straight to COM1, then the exit
 * code; reason must lie in the image or on the boot stack. */
_Noreturn void panic_stop_early(int code, const char *reason);

#define PANIC(...) panic_at(__FILE__, __LINE__, __VA_ARGS__)
#define ASSERT(cond)                                                        \
	do {                                                                \
		if (!(cond))                                                \
			panic_at(__FILE__, __LINE__, "assertion failed: %s", #cond); \
	} while (0)

/* hold=yes: after the run-end line, halt without writing the exit code,
 * so the screen keeps the summary (and QEMU keeps running for a
 * screenshot) until someone resets the machine. */
void panic_hold_at_end(bool hold);

/* What the kernel is doing, named in fault reports ("boot", "bench ipi"). */
void panic_set_activity(const char *what);
const char *panic_activity(void);

#endif
