/*
 * The console: where text and frames go. Frames go to the serial port;
 * text (kprintf) to the serial port and the screen. On the fast path the
 * debug console takes both, the UART the text only (console.c). One lock
 * serialises whole lines and whole frames across CPUs; it is recursive per
 * CPU, and panic paths break it rather than deadlock.
 */
#ifndef CONSOLE_H
#define CONSOLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "bootinfo.h"

/* Output written before these are called waits in memory (console.c). */
/* Start the screen the boot left (screen.c); says on serial if none. */
void console_start_screen(const struct bootinfo *bi);
/* Start the UART at port (0: serial=none) and send it what waited; says on
 * screen when no UART answers there. Unless port is 0, the debug console
 * at debugcon_port (0: debugcon=off) takes the stream when it answers. */
void console_start_serial(uint16_t port, uint16_t debugcon_port);
bool console_serial_started(void);
/* True when the stream goes to the debug console (the UART has text only):
 * output then costs no UART time. */
bool console_fast_path(void);
/* Send what the fast path holds back (released locks do it; the exit path,
 * which keeps the lock, calls this). */
void console_flush(void);
void console_lock(void);
void console_unlock(void);
void console_force_unlock(void);
/* Write without taking the lock: the frame sink, called under console_lock. */
void console_write(const char *s, size_t len);
/* Bytes of the console stream so far (frames and text, serial's share). */
uint64_t console_stream_bytes(void);
void kprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Text for the screen only: what serial carries in full as frames. */
void kprintf_screen(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Text for the serial port only, the UART on either path: lines for a
 * machine that reads the console (result lines), not for a person. */
void kprintf_serial(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void console_clear_screen(void);
/* One line: what starting the screen and drawing a line cost (after TSC
 * calibration; nothing without a screen). */
void console_report_screen_cost(void);

#endif
