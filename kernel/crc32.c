/*
 * CRC-32 as zlib computes it (IEEE 802.3 polynomial, bit-reflected, initial
 * value and final xor 0xFFFFFFFF). Pure code shared by the kernel, which
 * signs every frame, and the host extractor, which checks the signature.
 *
 * Bitwise rather than table-driven: frames leave through a serial port that
 * moves about 11 bytes per millisecond, so eight shifts per byte cost nothing
 * measurable, and there is no 1 KiB table to get wrong.
 */
#include "crc32.h"

#define CRC32_POLY_REFLECTED 0xEDB88320u

uint32_t crc32_update(uint32_t crc, const void *data, size_t len)
{
	const unsigned char *p = data;

	/* The xor on entry and exit is what lets callers chain updates from 0. */
	crc = ~crc;
	while (len--) {
		crc ^= *p++;
		for (int bit = 0; bit < 8; bit++)
			crc = (crc >> 1) ^ (CRC32_POLY_REFLECTED & -(crc & 1u));
	}
	return ~crc;
}
