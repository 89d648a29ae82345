/* The built-in 8x8 bitmap font the framebuffer console draws with (font.c). */
#ifndef FONT_H
#define FONT_H

#include <stdint.h>

#define FONT_FIRST 0x20
#define FONT_LAST 0x7E
#define FONT_GLYPHS (FONT_LAST - FONT_FIRST + 1)
#define FONT_WIDTH 8
#define FONT_HEIGHT 8

extern const uint8_t font_glyphs[FONT_GLYPHS][FONT_HEIGHT];

#endif
