/*
 * Picks the display (screen.h) and routes text to it. Only the console
 * calls in here, under its lock, and never inside a timed section.
 */
#include "screen.h"

#include "fb.h"
#include "fmt.h"
#include "paging.h"
#include "textgrid.h"
#include "vga.h"

#define SCREEN_MAX_COLS 256
#define SCREEN_MAX_ROWS 128
/* BIOS video modes (INT 10h AH=00h): colour text 40/80 columns, mono text. */
#define BIOS_MODE_TEXT_80 0x03
#define BIOS_MODE_TEXT_MONO 0x07
#define VGA_TEXT_COLOUR 0xB8000
#define VGA_TEXT_MONO 0xB0000

static struct fb fb;
static struct textgrid grid;
static char cells[SCREEN_MAX_COLS * SCREEN_MAX_ROWS];
static char desc[96] = "none";
static char why[160];

static void draw_fb(void *ctx, unsigned col, unsigned row, char ch)
{
	fb_draw_char(ctx, col, row, ch);
}

static void draw_vga(void *ctx, unsigned col, unsigned row, char ch)
{
	(void)ctx;
	vga_draw_char(col, row, ch);
}

static unsigned clamp(unsigned v, unsigned max)
{
	return v < max ? v : max;
}

static const char *start_text(uint64_t phys, unsigned cols, unsigned rows, const char *what)
{
	if (cols < 2 || rows < 2 || !paging_identity_covers(phys, 2ull * cols * rows)) {
		ksnprintf(why, sizeof(why), "%s of %ux%u cells at 0x%lx is not usable", what, cols,
			  rows, phys);
		return why;
	}
	cols = clamp(cols, SCREEN_MAX_COLS);
	rows = clamp(rows, SCREEN_MAX_ROWS);
	vga_init(phys, cols, rows);
	vga_clear();
	textgrid_init(&grid, cells, cols, rows, draw_vga, 0);
	ksnprintf(desc, sizeof(desc), "%s %ux%u", what, cols, rows);
	return 0;
}

/* The framebuffer stays as the identity map has it: write-back by PAT, so
 * the firmware's MTRRs (UC or WC for a frame buffer) decide its type. */
static const char *start_fb(const struct framebuffer_info *fi)
{
	const char *bad = fb_check(fi);

	if (bad) {
		ksnprintf(why, sizeof(why), "%s; output on serial only", bad);
		return why;
	}
	if (!paging_identity_covers(fi->addr, (uint64_t)fi->pitch * fi->height)) {
		ksnprintf(why, sizeof(why), "framebuffer at 0x%lx lies above the 4 GiB the kernel "
			  "maps; output on serial only", fi->addr);
		return why;
	}
	fb_setup(&fb, fi, (void *)(uintptr_t)fi->addr);
	fb_clear(&fb);
	textgrid_init(&grid, cells, clamp(fb.cols, SCREEN_MAX_COLS), clamp(fb.rows, SCREEN_MAX_ROWS),
		      draw_fb, &fb);
	ksnprintf(desc, sizeof(desc), "framebuffer %ux%u %u bpp", fi->width, fi->height, fi->bpp);
	return 0;
}

static const char *start_bios_text(void)
{
	uint8_t mode = vga_bios_mode();
	unsigned cols = vga_bios_cols(), rows = vga_bios_rows();

	if (mode == BIOS_MODE_TEXT_80)
		return start_text(VGA_TEXT_COLOUR, cols, rows, "vga text");
	if (mode == BIOS_MODE_TEXT_MONO)
		return start_text(VGA_TEXT_MONO, cols, rows, "vga text");
	ksnprintf(why, sizeof(why), "no framebuffer from the boot loader and the BIOS video mode "
		  "is 0x%x, not 80-column text; output on serial only", mode);
	return why;
}

const char *screen_init(const struct bootinfo *bi)
{
	if (!bi->has_framebuffer)
		return start_bios_text();
	if (bi->fb.type == FB_TYPE_EGA_TEXT)
		return start_text(bi->fb.addr, bi->fb.width, bi->fb.height, "ega text");
	return start_fb(&bi->fb);
}

const char *screen_describe(void)
{
	return desc;
}

/* grid.rows stays 0 until a display starts. */
void screen_write(const char *s, size_t len)
{
	if (grid.rows)
		textgrid_write(&grid, s, len);
}

void screen_clear(void)
{
	if (grid.rows)
		textgrid_clear(&grid);
}

unsigned screen_rows(void)
{
	return grid.rows;
}
