/*
 * The console: where text and frames go (the serial port today). One lock
 * serialises whole lines and whole frames across CPUs; it is recursive per
 * CPU, and panic paths break it rather than deadlock.
 */
#ifndef CONSOLE_H
#define CONSOLE_H

#include <stddef.h>

void console_init(void);
void console_lock(void);
void console_unlock(void);
void console_force_unlock(void);
/* Write without taking the lock: the frame sink, called under console_lock. */
void console_write(const char *s, size_t len);
void kprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
