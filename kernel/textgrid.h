/*
 * The screen's text layout, independent of how cells are drawn: a shadow of
 * every character on screen, a cursor, and the rule for a full screen.
 * Pure code (host-tested in tests/unit/test_screen.c).
 *
 * A full screen wraps to the top instead of scrolling: scrolling redraws
 * every cell, and on a framebuffer under a hypervisor that emulates each
 * ring-0 store that is a visible stall per line. Wrapping redraws only the
 * new line's cells, plus the cells still inked in the row it replaces and
 * in the row after it, which is kept blank to mark where the newest line
 * ends and the oldest begins.
 */
#ifndef TEXTGRID_H
#define TEXTGRID_H

#include <stddef.h>

struct textgrid {
	unsigned cols, rows;
	unsigned col, row;	/* the cursor */
	char *cells;		/* cols * rows characters, ' ' when blank */
	void (*draw)(void *ctx, unsigned col, unsigned row, char ch);
	void *ctx;
};

/* cells must hold cols * rows bytes; cols and rows at least 2. Assumes the
 * screen is blank (the caller cleared it). */
void textgrid_init(struct textgrid *g, char *cells, unsigned cols, unsigned rows,
		   void (*draw)(void *ctx, unsigned col, unsigned row, char ch), void *ctx);
/* '\n' ends a line, '\r' is ignored, '\t' advances to the next multiple of
 * 8, other bytes outside printable ASCII show as '?'; a line longer than
 * the screen continues on the next row. */
void textgrid_write(struct textgrid *g, const char *s, size_t len);
/* Blank every inked cell and put the cursor at the top left. */
void textgrid_clear(struct textgrid *g);

#endif
