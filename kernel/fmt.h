/*
 * Freestanding formatted output (a subset of C99 printf), used by the kernel
 * console and by host unit tests. Pure code: no I/O, no FPU.
 */
#ifndef FMT_H
#define FMT_H

#include <stdarg.h>
#include <stddef.h>

/*
 * Supported: %d %i %u %x %X %o %c %s %p %%, flags '-' '0' '+' ' ' '#',
 * width and precision (also '*'), length modifiers hh h l ll z t j.
 * Returns the length the full output would have (as C99 vsnprintf); the
 * buffer is always NUL-terminated when size > 0.
 */
int kvsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
	__attribute__((format(printf, 3, 0)));
int ksnprintf(char *buf, size_t size, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/*
 * The same formatting with no limit on the length: the text goes to out in
 * pieces of at most size bytes, staged in buf (size > 0), in order. For
 * output of any length that must never come out cut. Returns the length as
 * kvsnprintf does.
 */
int kvstream(void (*out)(void *arg, const char *s, size_t n), void *arg, char *buf,
	     size_t size, const char *fmt, va_list ap) __attribute__((format(printf, 5, 0)));

#endif
