/*
 * Console output. Every byte goes to the serial port; the lock keeps lines
 * and frames from different CPUs apart, which is what lets the host
 * extractor trust a frame's rows to be contiguous.
 */
#include "console.h"

#include <stdarg.h>
#include <stdbool.h>

#include "bootdefs.h"
#include "cpu.h"
#include "fmt.h"
#include "serial.h"
#include "x86.h"

#define NO_OWNER (~0u)

static volatile unsigned owner = NO_OWNER;
static unsigned depth;

void console_init(void)
{
	serial_init(COM1_PORT);
}

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
	if (--depth == 0)
		__atomic_store_n(&owner, NO_OWNER, __ATOMIC_RELEASE);
}

/* For the fault report: whoever held the lock will never release it. */
void console_force_unlock(void)
{
	depth = 0;
	__atomic_store_n(&owner, NO_OWNER, __ATOMIC_RELEASE);
}

void console_write(const char *s, size_t len)
{
	serial_write(s, len);
}

void kprintf(const char *fmt, ...)
{
	char buf[512];
	va_list ap;

	va_start(ap, fmt);
	int n = kvsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	console_lock();
	console_write(buf, (size_t)n < sizeof(buf) ? (size_t)n : sizeof(buf) - 1);
	console_unlock();
}
