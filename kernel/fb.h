/*
 * Text on a linear framebuffer (the loader's UEFI GOP or VBE mode, from the
 * Multiboot2 framebuffer tag or Multiboot1 fields): glyphs of the built-in
 * font (font.c), white on black. Pure code on a pointer to the pixels, so
 * host tests draw into memory; screen.c maps the real framebuffer.
 */
#ifndef FB_H
#define FB_H

#include <stdint.h>

#include "bootinfo.h"

/* Pixels of one font row (8 font pixels, scale 2, 4 bytes each) in
 * 64-bit words. */
#define FB_ROW_WORDS 8

struct fb {
	uint8_t *base;
	uint32_t pitch, width, height;
	unsigned bytes_pp;	/* 2, 3 or 4 */
	unsigned scale;		/* pixels per font pixel across; twice that down */
	unsigned cols, rows;	/* character cells */
	unsigned row_words;	/* 64-bit words of one font row in pixels */
	/* The pixels of every possible font row (bit pattern), made once by
	 * fb_setup: drawing a glyph row is then row_words stores. */
	uint64_t row_pixels[256][FB_ROW_WORDS];
};

/* NULL if fb_setup can draw on this framebuffer, else why not (one line). */
const char *fb_check(const struct framebuffer_info *fi);
/* Lay out cells on a framebuffer that passed fb_check, with base its
 * first pixel, and make the row table. Does not touch the pixels. */
void fb_setup(struct fb *fb, const struct framebuffer_info *fi, void *base);
/* Every pixel black. */
void fb_clear(const struct fb *fb);
/* ch in cell (col, row); a byte the font lacks draws as a blank. */
void fb_draw_char(const struct fb *fb, unsigned col, unsigned row, char ch);

#endif
