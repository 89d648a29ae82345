/*
 * What the boot loader told us, normalised: Multiboot1 (QEMU -kernel, iPXE)
 * and Multiboot2 (GRUB, BIOS and UEFI) both end up in one struct bootinfo,
 * copied into kernel memory so that nothing later depends on where the
 * loader left its tables.
 */
#ifndef BOOTINFO_H
#define BOOTINFO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define BOOTINFO_CMDLINE_MAX 1024
#define BOOTINFO_LOADER_MAX 64
#define BOOTINFO_MMAP_MAX 128

/* Memory map types (Multiboot2 spec 3.6.8; the ACPI address range types). */
enum mmap_type {
	MMAP_AVAILABLE = 1, MMAP_RESERVED = 2, MMAP_ACPI_RECLAIMABLE = 3,
	MMAP_ACPI_NVS = 4, MMAP_BAD = 5,
};

struct mmap_range {
	uint64_t base, len;
	uint32_t type;
};

/* framebuffer_type values (Multiboot2 3.6.12; Multiboot1 3.3 alike). */
enum { FB_TYPE_INDEXED = 0, FB_TYPE_RGB = 1, FB_TYPE_EGA_TEXT = 2 };

struct framebuffer_info {
	uint64_t addr;
	uint32_t pitch, width, height;
	uint8_t bpp, type;	/* FB_TYPE_* */
};

struct bootinfo {
	unsigned protocol;	/* 1 or 2: which Multiboot */
	char cmdline[BOOTINFO_CMDLINE_MAX];
	char loader[BOOTINFO_LOADER_MAX];
	struct mmap_range mmap[BOOTINFO_MMAP_MAX];
	unsigned n_mmap;
	uint8_t rsdp[36];	/* ACPI RSDP as the loader copied it */
	unsigned rsdp_len;	/* 0: none given; 20 (ACPI 1.0) or 36 */
	bool has_framebuffer;
	struct framebuffer_info fb;
};

/*
 * Parse a Multiboot2 information structure of at most max_len bytes (its own
 * total_size must fit). Pure: host-tested and fuzzed. Returns 0, or -1 with a
 * one-line reason in err.
 */
int bootinfo_parse_mb2(const void *info, size_t max_len, struct bootinfo *bi,
		       char *err, size_t errlen);

/* Parse a Multiboot1 information structure (it points into physical memory,
 * which the kernel identity-maps). Same contract. */
int bootinfo_parse_mb1(const void *info, struct bootinfo *bi, char *err, size_t errlen);

/* The structure the loader left at info, by the magic it passed in EAX:
 * bootinfo_parse_mb1 or _mb2 (at most BOOTINFO_MB2_MAX_LEN bytes), or -1
 * when magic is neither loader's. */
#define BOOTINFO_MB2_MAX_LEN (1u << 20)
int bootinfo_parse(uint32_t magic, uint32_t info, struct bootinfo *bi, char *err, size_t errlen);

/* Where the RAM that holds address from ends: the end of the ranges of
 * RAM (available, ACPI reclaimable or ACPI NVS: firmware keeps some of it,
 * but memory is there) that reach from it without a gap, adjacent or
 * overlapping ranges joined. from itself when no RAM holds it. */
uint64_t bootinfo_ram_end(const struct bootinfo *bi, uint64_t from);

#endif
