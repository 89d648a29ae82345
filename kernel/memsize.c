/*
 * Saturating size arithmetic for the sample buffers (memsize.h). Pure code,
 * built into the kernel and into tests/unit/test_memsize.c.
 */
#include "memsize.h"

uint64_t size_add(uint64_t a, uint64_t b)
{
	return a > UINT64_MAX - b ? UINT64_MAX : a + b;
}

uint64_t size_mul(uint64_t a, uint64_t b)
{
	return b && a > UINT64_MAX / b ? UINT64_MAX : a * b;
}

uint64_t size_max(uint64_t a, uint64_t b)
{
	return a > b ? a : b;
}

uint64_t size_block(uint64_t bytes)
{
	uint64_t up = size_add(bytes, MEM_ALIGN - 1);

	return up == UINT64_MAX ? UINT64_MAX : up & ~(uint64_t)(MEM_ALIGN - 1);
}

/* Binary search over lo (fits) .. hi (does not): need grows with samples. */
uint32_t size_fit_samples(uint64_t (*need)(uint32_t samples, const void *arg), const void *arg,
			  uint64_t limit, uint32_t max)
{
	uint64_t lo = 0, hi = (uint64_t)max + 1;

	while (hi - lo > 1) {
		uint64_t mid = lo + (hi - lo) / 2;

		if (need((uint32_t)mid, arg) <= limit)
			lo = mid;
		else
			hi = mid;
	}
	return (uint32_t)lo;
}
