/*
 * Reads a binary PPM (P6, maxval 255: what QEMU's screendump writes) and
 * says where it has ink, for tests/qemu/screen.sh:
 *   ppmrows FILE CELL_HEIGHT
 * prints "WIDTH HEIGHT INK_PIXELS ROWS", ROWS one character per band of
 * CELL_HEIGHT pixel rows: '#' when a pixel in it is not black, '.' when
 * none is. Exit 1 on a file that is not such a PPM.
 */
#include <stdio.h>
#include <stdlib.h>

static int header_number(FILE *f, long *v)
{
	int c;

	do {
		c = fgetc(f);
		if (c == '#')
			while (c != '\n' && c != EOF)
				c = fgetc(f);
	} while (c == ' ' || c == '\n' || c == '\r' || c == '\t');
	if (c < '0' || c > '9')
		return -1;
	*v = 0;
	while (c >= '0' && c <= '9' && *v < 100000) {
		*v = *v * 10 + (c - '0');
		c = fgetc(f);
	}
	return 0;
}

int main(int argc, char **argv)
{
	long w, h, max, cell;
	FILE *f;

	if (argc != 3 || (cell = atol(argv[2])) <= 0 || !(f = fopen(argv[1], "rb"))) {
		fprintf(stderr, "usage: ppmrows FILE CELL_HEIGHT\n");
		return 1;
	}
	if (fgetc(f) != 'P' || fgetc(f) != '6' || header_number(f, &w) || header_number(f, &h) ||
	    header_number(f, &max) || max != 255 || w <= 0 || h <= 0) {
		fprintf(stderr, "%s: not a P6 PPM with maxval 255\n", argv[1]);
		return 1;
	}
	long bands = (h + cell - 1) / cell, ink = 0;
	char *rows = calloc((size_t)bands + 1, 1);
	for (long b = 0; b < bands; b++)
		rows[b] = '.';
	for (long y = 0; y < h; y++) {
		for (long x = 0; x < w; x++) {
			int r = fgetc(f), g = fgetc(f), bl = fgetc(f);
			if (bl == EOF) {
				fprintf(stderr, "%s: truncated at row %ld\n", argv[1], y);
				return 1;
			}
			if (r | g | bl) {
				ink++;
				rows[y / cell] = '#';
			}
		}
	}
	printf("%ld %ld %ld %s\n", w, h, ink, rows);
	free(rows);
	return 0;
}
