/*
 * Sizes of sample-buffer allocations as pure arithmetic, shared by mem.c,
 * the benchmarks (which size their buffers and answer "how much at most"
 * with the same functions) and the host unit tests. Every operation
 * saturates at UINT64_MAX, so no command line can wrap a size into a small
 * one that would pass the up-front check.
 */
#ifndef MEMSIZE_H
#define MEMSIZE_H

#include <stdint.h>

/* mem_alloc's alignment: every buffer starts on a cache line. */
#define MEM_ALIGN 64

uint64_t size_add(uint64_t a, uint64_t b);
uint64_t size_mul(uint64_t a, uint64_t b);
uint64_t size_max(uint64_t a, uint64_t b);
/* What one mem_alloc(bytes) can take at most after an aligned one:
 * bytes rounded up to MEM_ALIGN. A run of allocations takes at most the
 * sum of their blocks plus MEM_ALIGN (the first one's padding). */
uint64_t size_block(uint64_t bytes);

/* The largest samples in 1..max with need(samples, arg) <= limit, or 0 if
 * even 1 does not fit. need must not decrease as samples grows. */
uint32_t size_fit_samples(uint64_t (*need)(uint32_t samples, const void *arg), const void *arg,
			  uint64_t limit, uint32_t max);

#endif
