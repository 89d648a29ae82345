/*
 * Shared by the libFuzzer targets in tests/fuzz (docs/fuzzing.md): an
 * invariant check that makes libFuzzer keep the input, the check that an
 * error message is one printable line, and a fake physical memory for the
 * firmware table parsers (acpi.c, mptable.c).
 *
 * The fake memory hands out a fresh heap copy of exactly the bytes each
 * map call asked for, so AddressSanitizer reports a parser that reads past
 * what it mapped, not only past the end of the input.
 */
#ifndef FUZZ_H
#define FUZZ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* An invariant that does not hold: report it and abort, which libFuzzer
 * turns into a crash file holding the input. */
#define FUZZ_CHECK(cond, ...)                                                   \
	do {                                                                    \
		if (!(cond)) {                                                  \
			fprintf(stderr, "==fuzz== invariant failed at %s:%d: %s\n", \
				__FILE__, __LINE__, #cond);                     \
			fprintf(stderr, "==fuzz== " __VA_ARGS__);               \
			fputc('\n', stderr);                                    \
			abort();                                                \
		}                                                               \
	} while (0)

/* FUZZ_VERBOSE=1 in the environment: say what each parse returned (for
 * running a fuzzer on one file, e.g. a crash or a seed). */
static inline bool fuzz_verbose(void)
{
	static int v = -1;

	if (v < 0)
		v = getenv("FUZZ_VERBOSE") && *getenv("FUZZ_VERBOSE") && *getenv("FUZZ_VERBOSE") != '0';
	return v;
}

#define FUZZ_LOG(...)                                                           \
	do {                                                                    \
		if (fuzz_verbose()) {                                           \
			fprintf(stderr, "==fuzz== " __VA_ARGS__);               \
			fputc('\n', stderr);                                    \
		}                                                               \
	} while (0)

/* A one-line message: non-empty, starts with prefix, NUL-terminated inside
 * its buffer of errlen bytes, no control byte (so no '\n') and no DEL. */
static inline void fuzz_check_err_line(const char *err, size_t errlen, const char *prefix)
{
	size_t n = strnlen(err, errlen);

	FUZZ_CHECK(n < errlen, "error message not terminated inside its %zu bytes", errlen);
	FUZZ_CHECK(n > 0, "failure with an empty error message");
	FUZZ_CHECK(strncmp(err, prefix, strlen(prefix)) == 0,
		   "error message \"%s\" does not start with \"%s\"", err, prefix);
	for (size_t i = 0; i < n; i++)
		FUZZ_CHECK((unsigned char)err[i] >= 0x20 && (unsigned char)err[i] != 0x7f,
			   "error message has byte 0x%02x at %zu: \"%s\"",
			   (unsigned char)err[i], i, err);
}

static inline bool fuzz_all_zero(const void *p, size_t n)
{
	const unsigned char *b = p;

	for (size_t i = 0; i < n; i++)
		if (b[i])
			return false;
	return true;
}

/* ---- fake physical memory ---- */

/* A region of physical memory: size bytes at base, backed by mem. */
struct physmem_region {
	uint64_t base;
	uint8_t *mem;
	size_t size;
};

struct physmem {
	struct physmem_region region[2];
	unsigned n_regions;
	void **maps;		/* the copies handed out, freed by physmem_reset */
	size_t n_maps, cap_maps;
	size_t maps_bytes;	/* their total size, to bound a runaway parser */
};

/* Far more than any parse of a window of a few hundred KiB needs. */
#define PHYSMEM_MAX_MAP_BYTES (256u << 20)

static inline void physmem_add(struct physmem *pm, uint64_t base, uint8_t *mem, size_t size)
{
	FUZZ_CHECK(pm->n_regions < 2, "too many regions");
	pm->region[pm->n_regions++] = (struct physmem_region){ base, mem, size };
}

/* The phys_map_fn: len bytes at addr, all inside one region, or NULL. */
static inline const void *physmem_map(uint64_t addr, size_t len, void *ctx)
{
	struct physmem *pm = ctx;

	for (unsigned i = 0; i < pm->n_regions; i++) {
		const struct physmem_region *r = &pm->region[i];
		if (addr < r->base || addr - r->base > r->size || len > r->size - (addr - r->base))
			continue;
		pm->maps_bytes += len;
		FUZZ_CHECK(pm->maps_bytes <= PHYSMEM_MAX_MAP_BYTES,
			   "parser mapped more than %u bytes in one input", PHYSMEM_MAX_MAP_BYTES);
		if (pm->n_maps == pm->cap_maps) {
			pm->cap_maps = pm->cap_maps ? pm->cap_maps * 2 : 64;
			pm->maps = realloc(pm->maps, pm->cap_maps * sizeof(*pm->maps));
			if (!pm->maps)
				abort();
		}
		/* malloc(0) gives a block ASan treats as 0 bytes long. */
		void *copy = malloc(len);
		if (!copy && len)
			abort();
		if (len)
			memcpy(copy, r->mem + (addr - r->base), len);
		pm->maps[pm->n_maps++] = copy;
		return copy ? copy : (const void *)pm;
	}
	return NULL;
}

/* Frees every copy handed out and forgets the regions. */
static inline void physmem_reset(struct physmem *pm)
{
	for (size_t i = 0; i < pm->n_maps; i++)
		free(pm->maps[i]);
	pm->n_maps = 0;
	pm->maps_bytes = 0;
	pm->n_regions = 0;
}

/* A little-endian field inside a window buffer, or 0 past its end. */
static inline uint64_t fuzz_le(const uint8_t *mem, size_t size, uint64_t off, unsigned bytes)
{
	uint64_t v = 0;

	if (off > size || bytes > size - off)
		return 0;
	for (unsigned i = 0; i < bytes; i++)
		v |= (uint64_t)mem[off + i] << (8 * i);
	return v;
}

/* Sets the byte at off + at so that the n bytes at off sum to 0 (mod 256),
 * when they lie inside the buffer. */
static inline void fuzz_fix_sum(uint8_t *mem, size_t size, uint64_t off, uint64_t n, size_t at)
{
	uint8_t sum = 0;

	if (off > size || n > size - off || at >= n)
		return;
	mem[off + at] = 0;
	for (uint64_t i = 0; i < n; i++)
		sum = (uint8_t)(sum + mem[off + i]);
	mem[off + at] = (uint8_t)-sum;
}

#endif
