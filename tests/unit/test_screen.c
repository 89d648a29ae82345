/*
 * The screen's pure parts: text layout (textgrid.c: wrapping, the wrap to
 * the top with its blank row, redrawing only changed cells) and the
 * framebuffer renderer (fb.c, drawing into memory at 16, 24 and 32 bits a
 * pixel), plus the font itself (every glyph inked and distinct).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "fb.h"
#include "font.h"
#include "textgrid.h"

#define COLS 10
#define ROWS 4

/* The fake display: what was drawn where, and how many draws it took. */
static char shown[ROWS][COLS];
static unsigned draws;

static void draw(void *ctx, unsigned col, unsigned row, char ch)
{
	(void)ctx;
	shown[row][col] = ch;
	draws++;
}

static struct textgrid grid;
static char cells[COLS * ROWS];

static void grid_start(void)
{
	memset(shown, ' ', sizeof(shown));
	draws = 0;
	textgrid_init(&grid, cells, COLS, ROWS, draw, NULL);
}

static void write_str(const char *s)
{
	textgrid_write(&grid, s, strlen(s));
}

/* The display and the shadow both read rows[0..ROWS-1] (space-padded). */
static int screen_is(const char *const rows[ROWS])
{
	int ok = 1;

	for (unsigned r = 0; r < ROWS; r++) {
		char want[COLS + 1];
		snprintf(want, sizeof(want), "%-*s", COLS, rows[r]);
		if (memcmp(shown[r], want, COLS) || memcmp(&cells[r * COLS], want, COLS)) {
			printf("  row %u: shown \"%.*s\", shadow \"%.*s\", want \"%s\"\n", r, COLS,
			       shown[r], COLS, &cells[r * COLS], want);
			ok = 0;
		}
	}
	return ok;
}

static void lines_and_cursor(void)
{
	grid_start();
	write_str("hello\r\nworld");
	CHECK(screen_is((const char *const[]){ "hello", "world", "", "" }));
	CHECK(grid.row == 1 && grid.col == 5);
	CHECK(draws == 10);
}

static void long_line_continues(void)
{
	grid_start();
	write_str("0123456789abc\n");
	CHECK(screen_is((const char *const[]){ "0123456789", "abc", "", "" }));
	CHECK(grid.row == 2 && grid.col == 0);
}

static void tabs_and_odd_bytes(void)
{
	grid_start();
	write_str("a\tb\x01\xff\n");
	CHECK(screen_is((const char *const[]){ "a       b?", "?", "", "" }));
	/* A tab at the last columns stops at the edge. */
	grid_start();
	write_str("012345678\tx");
	CHECK(screen_is((const char *const[]){ "012345678 ", "x", "", "" }));
}

/* Five lines on four rows: the fifth replaces the first, the row after it
 * is blank, and the others stay where they were. */
static void wraps_to_top(void)
{
	grid_start();
	write_str("one\ntwo\nthree\nfour\nfive");
	CHECK(screen_is((const char *const[]){ "five", "", "three", "four" }));
	write_str("\nsix");
	CHECK(screen_is((const char *const[]){ "five", "six", "", "four" }));
}

/* Only changed cells are drawn: a blank written on a blank costs nothing,
 * and a new line costs its characters plus the inked cells it erases. */
static void redraws_only_changes(void)
{
	grid_start();
	write_str("   \n");
	CHECK(draws == 0);
	/* "ef\n" wraps to row 0 and erases row 1's "ab" as the gap row. */
	write_str("ab\ncd\nef\n");
	CHECK(screen_is((const char *const[]){ "", "", "cd", "ef" }));
	CHECK(draws == 6 + 2);
	write_str("x");
	CHECK(draws == 9);
	/* Row 1 is blank already; row 2's "cd" is erased as the new gap. */
	write_str("\n");
	CHECK(draws == 11);
	CHECK(screen_is((const char *const[]){ "x", "", "", "ef" }));
}

static void clear_blanks_inked_cells(void)
{
	grid_start();
	write_str("abc\nde");
	unsigned before = draws;
	textgrid_clear(&grid);
	CHECK(draws == before + 5);
	CHECK(grid.row == 0 && grid.col == 0);
	CHECK(screen_is((const char *const[]){ "", "", "", "" }));
}

/* ---- framebuffer ---- */

static struct framebuffer_info fbinfo(uint32_t w, uint32_t h, uint8_t bpp, uint32_t pad)
{
	return (struct framebuffer_info){ .addr = 0, .pitch = w * (bpp / 8u) + pad, .width = w,
					  .height = h, .bpp = bpp, .type = 1 };
}

static void fb_modes_checked(void)
{
	struct framebuffer_info fi = fbinfo(640, 480, 32, 0);

	CHECK(fb_check(&fi) == NULL);
	fi.bpp = 24;
	fi.pitch = 640 * 3;
	CHECK(fb_check(&fi) == NULL);
	fi.bpp = 16;
	fi.pitch = 640 * 2;
	CHECK(fb_check(&fi) == NULL);
	fi.bpp = 8;
	CHECK(fb_check(&fi) && strstr(fb_check(&fi), "8 bits per pixel"));
	fi = fbinfo(640, 480, 8, 0);
	fi.type = 0;
	CHECK(fb_check(&fi) && strstr(fb_check(&fi), "indexed colour"));
	fi.type = 2;
	CHECK(fb_check(&fi) && strstr(fb_check(&fi), "EGA text"));
	fi = fbinfo(640, 480, 32, 0);
	fi.pitch = 100;
	CHECK(fb_check(&fi) && strstr(fb_check(&fi), "pitch 100"));
	fi = fbinfo(8, 480, 32, 0);
	CHECK(fb_check(&fi) != NULL);
}

static uint32_t pixel(const uint8_t *p, unsigned bytes)
{
	uint32_t v = 0;

	memcpy(&v, p, bytes);
	return v;
}

/* Draws ch at cell (1, 1) on a screen full of 0x55 and checks every byte:
 * the cell's pixels follow the glyph (rows doubled), nothing else moved. */
static void check_glyph(uint8_t bpp, uint32_t width, char ch)
{
	const uint32_t pad = 12, height = 64;
	struct framebuffer_info fi = fbinfo(width, height, bpp, pad);
	size_t size = (size_t)fi.pitch * height;
	uint8_t *mem = malloc(size);
	struct fb fb;
	unsigned bytes = bpp / 8u, bad = 0;
	uint32_t white = bytes == 4 ? 0xFFFFFFFFu : bytes == 3 ? 0xFFFFFFu : 0xFFFFu;

	memset(mem, 0x55, size);
	CHECK(fb_check(&fi) == NULL);
	fb_setup(&fb, &fi, mem);
	unsigned s = fb.scale, cw = FONT_WIDTH * s, chh = 2 * FONT_HEIGHT * s;
	CHECK(fb.cols == width / cw && fb.rows == height / chh);
	fb_draw_char(&fb, 1, 1, ch);
	for (uint32_t y = 0; y < height; y++) {
		for (uint32_t x = 0; x < fi.pitch / bytes; x++) {
			const uint8_t *p = mem + (size_t)y * fi.pitch + x * bytes;
			uint32_t v = pixel(p, bytes), want = pixel((const uint8_t[4]){ 0x55, 0x55, 0x55, 0x55 }, bytes);
			if (x >= cw && x < 2 * cw && y >= chh && y < 2 * chh) {
				unsigned gx = (x - cw) / s, gy = (y - chh) / (2 * s);
				int ink = font_glyphs[ch - FONT_FIRST][gy] & (0x80 >> gx);
				want = ink ? white : 0;
			}
			bad += v != want;
		}
	}
	if (bad)
		printf("  %u bpp, width %u, '%c': %u pixels wrong\n", bpp, width, ch, bad);
	CHECK(bad == 0);
	free(mem);
}

static void fb_draws_glyphs(void)
{
	check_glyph(32, 64, 'A');
	check_glyph(24, 64, 'g');
	check_glyph(16, 64, '@');
	check_glyph(32, 64, ' ');
	/* Past 1920 pixels across, a font pixel is 2x2. */
	check_glyph(32, 2048, 'W');
}

static void fb_clear_leaves_padding(void)
{
	struct framebuffer_info fi = fbinfo(30, 20, 24, 6);	/* pitch 96 */
	uint8_t mem[96 * 20];
	struct fb fb;

	memset(mem, 0x55, sizeof(mem));
	fb_setup(&fb, &fi, mem);
	fb_clear(&fb);
	unsigned bad = 0;
	for (unsigned y = 0; y < 20; y++)
		for (unsigned x = 0; x < 96; x++)
			bad += mem[y * 96 + x] != (x < 90 ? 0 : 0x55);
	CHECK(bad == 0);
}

/* A hand-drawn font's likely slips: an empty glyph, two glyphs alike. */
static void font_glyphs_distinct(void)
{
	for (unsigned i = 0; i < FONT_GLYPHS; i++) {
		unsigned ink = 0;
		for (unsigned r = 0; r < FONT_HEIGHT; r++)
			ink |= font_glyphs[i][r];
		if ((ink != 0) != (i != ' ' - FONT_FIRST))
			printf("  glyph '%c': ink %s\n", i + FONT_FIRST, ink ? "where none belongs" : "missing");
		CHECK((ink != 0) == (i != ' ' - FONT_FIRST));
		for (unsigned j = 0; j < i; j++) {
			int same = !memcmp(font_glyphs[i], font_glyphs[j], FONT_HEIGHT);
			if (same)
				printf("  glyphs '%c' and '%c' are alike\n", i + FONT_FIRST, j + FONT_FIRST);
			CHECK(!same);
		}
	}
}

int main(void)
{
	RUN(lines_and_cursor);
	RUN(long_line_continues);
	RUN(tabs_and_odd_bytes);
	RUN(wraps_to_top);
	RUN(redraws_only_changes);
	RUN(clear_blanks_inked_cells);
	RUN(fb_modes_checked);
	RUN(fb_draws_glyphs);
	RUN(fb_clear_leaves_padding);
	RUN(font_glyphs_distinct);
	return check_exit();
}
