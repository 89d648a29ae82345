/*
 * Framebuffer text (fb.h). Only direct-colour modes (Multiboot2 spec 3.6.12,
 * framebuffer_type 1) of 16, 24 or 32 bits a pixel: white is every bit of a
 * pixel set and black every bit clear, whatever the field positions, so the
 * colour masks are not needed. Indexed colour (type 0) would need the
 * palette, and EGA text (type 2) is vga.c's.
 */
#include "fb.h"

#include "fmt.h"
#include "font.h"

#define FB_TYPE_RGB 1
/* Above this width a font pixel becomes 2x2 screen pixels (4K screens). */
#define FB_SCALE2_WIDTH 1920

const char *fb_check(const struct framebuffer_info *fi)
{
	static char why[120];

	if (fi->type != FB_TYPE_RGB)
		ksnprintf(why, sizeof(why), "framebuffer type %u (%s) is not direct colour", fi->type,
			  fi->type == 0 ? "indexed colour" : fi->type == 2 ? "EGA text" : "unknown");
	else if (fi->bpp != 16 && fi->bpp != 24 && fi->bpp != 32)
		ksnprintf(why, sizeof(why), "framebuffer of %u bits per pixel (16, 24 or 32 drawn)",
			  fi->bpp);
	else if (fi->width < 2 * FONT_WIDTH || fi->height < 4 * FONT_HEIGHT ||
		 fi->pitch < fi->width * (fi->bpp / 8u))
		ksnprintf(why, sizeof(why), "framebuffer %ux%u with pitch %u is too small or inconsistent",
			  fi->width, fi->height, fi->pitch);
	else
		return 0;
	return why;
}

void fb_setup(struct fb *fb, const struct framebuffer_info *fi, void *base)
{
	unsigned scale = fi->width > FB_SCALE2_WIDTH ? 2 : 1;

	*fb = (struct fb){ .base = base, .pitch = fi->pitch, .width = fi->width,
			   .height = fi->height, .bytes_pp = fi->bpp / 8u, .scale = scale,
			   .cols = fi->width / (FONT_WIDTH * scale),
			   .rows = fi->height / (2 * FONT_HEIGHT * scale) };
}

/* Whole 64-bit stores where the line allows: under an emulated ring 0 each
 * store is an exit, so this matters there. */
static void fill_line(uint8_t *p, uint32_t bytes, uint8_t v)
{
	uint64_t pattern = 0x0101010101010101ull * v;
	uint32_t i = 0;

	for (; i + 8 <= bytes; i += 8)
		*(volatile uint64_t *)(p + i) = pattern;
	for (; i < bytes; i++)
		*(volatile uint8_t *)(p + i) = v;
}

void fb_clear(const struct fb *fb)
{
	for (uint32_t y = 0; y < fb->height; y++)
		fill_line(fb->base + (uint64_t)y * fb->pitch, fb->width * fb->bytes_pp, 0);
}

static void put_pixel(uint8_t *p, unsigned bytes_pp, uint8_t v)
{
	switch (bytes_pp) {
	case 4: *(volatile uint32_t *)p = 0x01010101u * v; break;
	case 3: p[0] = v; p[1] = v; p[2] = v; break;
	default: *(volatile uint16_t *)p = (uint16_t)(0x0101u * v); break;
	}
}

/* One font row, scale pixels wide each, at p. */
static void draw_bits(const struct fb *fb, uint8_t *p, uint8_t bits)
{
	for (unsigned x = 0; x < FONT_WIDTH; x++) {
		uint8_t v = (bits & (0x80u >> x)) ? 0xFF : 0;
		for (unsigned s = 0; s < fb->scale; s++, p += fb->bytes_pp)
			put_pixel(p, fb->bytes_pp, v);
	}
}

void fb_draw_char(const struct fb *fb, unsigned col, unsigned row, char ch)
{
	static const uint8_t blank[FONT_HEIGHT];
	unsigned char c = (unsigned char)ch;
	const uint8_t *glyph = c >= FONT_FIRST && c <= FONT_LAST ? font_glyphs[c - FONT_FIRST] : blank;
	unsigned cell_w = FONT_WIDTH * fb->scale, tall = 2 * fb->scale;
	uint64_t y0 = (uint64_t)row * FONT_HEIGHT * tall;
	uint8_t *origin = fb->base + y0 * fb->pitch + (uint64_t)col * cell_w * fb->bytes_pp;

	/* Each font row is drawn twice as tall as wide: 8x8 glyphs in 8x16
	 * cells read like a usual console font. */
	for (unsigned gy = 0; gy < FONT_HEIGHT; gy++)
		for (unsigned t = 0; t < tall; t++)
			draw_bits(fb, origin + (uint64_t)(gy * tall + t) * fb->pitch, glyph[gy]);
}
