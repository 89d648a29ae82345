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

/* Above this width a font pixel becomes 2x2 screen pixels (4K screens). */
#define FB_SCALE2_WIDTH 1920

static unsigned fb_scale(const struct framebuffer_info *fi)
{
	return fi->width > FB_SCALE2_WIDTH ? 2 : 1;
}

const char *fb_check(const struct framebuffer_info *fi)
{
	static char why[120];

	if (fi->type != FB_TYPE_RGB)
		ksnprintf(why, sizeof(why), "framebuffer type %u (%s) is not direct colour", fi->type,
			  fi->type == FB_TYPE_INDEXED ? "indexed colour" :
			  fi->type == FB_TYPE_EGA_TEXT ? "EGA text" : "unknown");
	else if (fi->bpp != 16 && fi->bpp != 24 && fi->bpp != 32)
		ksnprintf(why, sizeof(why), "framebuffer of %u bits per pixel (16, 24 or 32 drawn)",
			  fi->bpp);
	else if (fi->width < 2 * FONT_WIDTH || fi->height < 4 * FONT_HEIGHT * fb_scale(fi) ||
		 fi->pitch < fi->width * (fi->bpp / 8u))
		ksnprintf(why, sizeof(why), "framebuffer %ux%u with pitch %u is too small or inconsistent",
			  fi->width, fi->height, fi->pitch);
	else
		return 0;
	return why;
}

static void put_pixel(uint8_t *p, unsigned bytes_pp, uint8_t v)
{
	for (unsigned i = 0; i < bytes_pp; i++)
		p[i] = v;
}

/* The pixels of font row pattern bits, each font pixel scale pixels wide. */
static void make_row(struct fb *fb, unsigned bits)
{
	uint8_t *p = (uint8_t *)fb->row_pixels[bits];

	for (unsigned x = 0; x < FONT_WIDTH; x++) {
		uint8_t v = (bits & (0x80u >> x)) ? 0xFF : 0;
		for (unsigned s = 0; s < fb->scale; s++, p += fb->bytes_pp)
			put_pixel(p, fb->bytes_pp, v);
	}
}

void fb_setup(struct fb *fb, const struct framebuffer_info *fi, void *base)
{
	unsigned scale = fb_scale(fi);

	fb->base = base;
	fb->pitch = fi->pitch;
	fb->width = fi->width;
	fb->height = fi->height;
	fb->bytes_pp = fi->bpp / 8u;
	fb->scale = scale;
	fb->cols = fi->width / (FONT_WIDTH * scale);
	fb->rows = fi->height / (2 * FONT_HEIGHT * scale);
	/* 8 pixels of 2, 3 or 4 bytes: always whole 64-bit words. */
	fb->row_words = FONT_WIDTH * scale * fb->bytes_pp / 8;
	for (unsigned bits = 0; bits < 256; bits++)
		make_row(fb, bits);
}

/* Under a hypervisor that emulates each ring-0 instruction (docs/screen.md)
 * the instruction count is the cost: one rep stosq for a whole pixel line,
 * one store per 64-bit word of a glyph row. */
static void fill_line(uint8_t *p, uint32_t bytes)
{
	uint64_t words = bytes / 8;

	__asm__ volatile("rep stosq" : "+D"(p), "+c"(words) : "a"(0ull) : "memory");
	for (uint32_t i = 0; i < bytes % 8; i++)
		p[i] = 0;
}

void fb_clear(const struct fb *fb)
{
	for (uint32_t y = 0; y < fb->height; y++)
		fill_line(fb->base + (uint64_t)y * fb->pitch, fb->width * fb->bytes_pp);
}

/* A pitch need not be a multiple of 8: stores through this may be unaligned
 * (x86 allows it; the type tells the compiler and UBSan). */
typedef uint64_t u64_any __attribute__((aligned(1), may_alias));

void fb_draw_char(const struct fb *fb, unsigned col, unsigned row, char ch)
{
	static const uint8_t blank[FONT_HEIGHT];
	unsigned char c = (unsigned char)ch;
	const uint8_t *glyph = c >= FONT_FIRST && c <= FONT_LAST ? font_glyphs[c - FONT_FIRST] : blank;
	unsigned tall = 2 * fb->scale;
	uint64_t y0 = (uint64_t)row * FONT_HEIGHT * tall;
	uint8_t *line = fb->base + y0 * fb->pitch + (uint64_t)col * fb->row_words * 8;

	/* Each font row is drawn twice as tall as wide: 8x8 glyphs in 8x16
	 * cells read like a usual console font. */
	for (unsigned gy = 0; gy < FONT_HEIGHT; gy++) {
		const uint64_t *px = fb->row_pixels[glyph[gy]];
		for (unsigned t = 0; t < tall; t++, line += fb->pitch)
			for (unsigned w = 0; w < fb->row_words; w++)
				((u64_any *)line)[w] = px[w];
	}
}
