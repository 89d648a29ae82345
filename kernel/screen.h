/*
 * The screen: where a person at the machine reads progress and the final
 * summary. It is whichever display the boot left us: a linear framebuffer
 * the loader described (fb.c), an EGA text framebuffer or the BIOS's VGA
 * text mode (vga.c), or none. Text layout is textgrid.c's.
 */
#ifndef SCREEN_H
#define SCREEN_H

#include <stddef.h>

#include "bootinfo.h"

/* Choose, clear and start the display. NULL when there is one, else the
 * reason there is none (one line, for the serial log). */
const char *screen_init(const struct bootinfo *bi);
/* What screen_init found, for meta.csv: "framebuffer 1024x768 32 bpp",
 * "vga text 80x25", or "none". */
const char *screen_describe(void);
void screen_write(const char *s, size_t len);
void screen_clear(void);
/* Text rows on the screen; 0 without one. */
unsigned screen_rows(void);

#endif
