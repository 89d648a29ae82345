/* Text layout on a grid of cells (the rules are in textgrid.h). */
#include "textgrid.h"

#define TAB_WIDTH 8

static char *cell(struct textgrid *g, unsigned col, unsigned row)
{
	return &g->cells[(size_t)row * g->cols + col];
}

static void put(struct textgrid *g, unsigned col, unsigned row, char ch)
{
	if (*cell(g, col, row) == ch)
		return;
	*cell(g, col, row) = ch;
	g->draw(g->ctx, col, row, ch);
}

static void blank_row(struct textgrid *g, unsigned row)
{
	for (unsigned c = 0; c < g->cols; c++)
		put(g, c, row, ' ');
}

void textgrid_init(struct textgrid *g, char *cells, unsigned cols, unsigned rows,
		   void (*draw)(void *ctx, unsigned col, unsigned row, char ch), void *ctx)
{
	*g = (struct textgrid){ .cols = cols, .rows = rows, .cells = cells, .draw = draw,
				.ctx = ctx };
	for (size_t i = 0; i < (size_t)cols * rows; i++)
		cells[i] = ' ';
}

/* The row the cursor enters is emptied, and so is the one after it. */
static void newline(struct textgrid *g)
{
	g->col = 0;
	g->row = (g->row + 1) % g->rows;
	blank_row(g, g->row);
	blank_row(g, (g->row + 1) % g->rows);
}

static void put_char(struct textgrid *g, char ch)
{
	if (g->col == g->cols)
		newline(g);
	put(g, g->col++, g->row, ch);
}

void textgrid_write(struct textgrid *g, const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		unsigned char ch = (unsigned char)s[i];

		if (ch == '\n') {
			newline(g);
		} else if (ch == '\t') {
			do
				put_char(g, ' ');
			while (g->col % TAB_WIDTH && g->col < g->cols);
		} else if (ch != '\r') {
			put_char(g, ch >= 0x20 && ch < 0x7F ? (char)ch : '?');
		}
	}
}

void textgrid_clear(struct textgrid *g)
{
	for (unsigned r = 0; r < g->rows; r++)
		blank_row(g, r);
	g->col = 0;
	g->row = 0;
}
