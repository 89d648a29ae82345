/*
 * VGA text mode: each cell is a character byte and an attribute byte
 * (IBM VGA Technical Reference, "Alphanumeric Modes"). The hardware cursor
 * is switched off through the CRT controller's Cursor Start Register, bit 5
 * (Cursor Off), since nothing here moves it to follow the text.
 */
#include "vga.h"

#include "paging.h"
#include "x86.h"

#define VGA_ATTR_GREY_ON_BLACK 0x07
#define VGA_CRTC_INDEX 0x3D4
#define VGA_CRTC_DATA 0x3D5
#define VGA_CRTC_CURSOR_START 0x0A
#define VGA_CURSOR_OFF 0x20

/* BIOS data area (the IBM PC BIOS's, at 0x400): video mode at 0x449,
 * columns at 0x44A, rows minus one at 0x484 (EGA and later). */
#define BDA_VIDEO_MODE 0x449
#define BDA_COLUMNS 0x44A
#define BDA_ROWS_MINUS_1 0x484

static volatile uint16_t *cells;
static unsigned n_cols, n_rows;

static const volatile uint8_t *bda(unsigned off)
{
	return (const volatile uint8_t *)(uintptr_t)(PAGING_PAGE0_ALIAS + off);
}

uint8_t vga_bios_mode(void)
{
	return *bda(BDA_VIDEO_MODE);
}

unsigned vga_bios_cols(void)
{
	return *bda(BDA_COLUMNS) | (unsigned)*bda(BDA_COLUMNS + 1) << 8;
}

unsigned vga_bios_rows(void)
{
	return *bda(BDA_ROWS_MINUS_1) + 1u;
}

void vga_init(uint64_t phys, unsigned cols, unsigned rows)
{
	cells = (volatile uint16_t *)(uintptr_t)phys;
	n_cols = cols;
	n_rows = rows;
	outb(VGA_CRTC_INDEX, VGA_CRTC_CURSOR_START);
	outb(VGA_CRTC_DATA, inb(VGA_CRTC_DATA) | VGA_CURSOR_OFF);
}

void vga_draw_char(unsigned col, unsigned row, char ch)
{
	cells[row * n_cols + col] = (uint16_t)(VGA_ATTR_GREY_ON_BLACK << 8 | (uint8_t)ch);
}

void vga_clear(void)
{
	for (unsigned i = 0; i < n_cols * n_rows; i++)
		cells[i] = VGA_ATTR_GREY_ON_BLACK << 8 | ' ';
}
