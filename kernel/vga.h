/*
 * VGA (or EGA) text mode: character cells at 0xB8000, or where the loader's
 * EGA-text framebuffer (Multiboot framebuffer_type 2) says.
 */
#ifndef VGA_H
#define VGA_H

#include <stdint.h>

/* Use the text buffer at phys, cols x rows cells; hides the cursor. */
void vga_init(uint64_t phys, unsigned cols, unsigned rows);
void vga_clear(void);
void vga_draw_char(unsigned col, unsigned row, char ch);
/* The BIOS's current video mode (BIOS data area), to recognise a text
 * mode no loader told us about. */
uint8_t vga_bios_mode(void);
/* Its columns and rows as the BIOS data area gives them. */
unsigned vga_bios_cols(void);
unsigned vga_bios_rows(void);

#endif
