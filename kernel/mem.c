/*
 * The sample-buffer allocator. One range, chosen once from the memory map:
 * the largest available (type 1) range, clipped to start after the kernel
 * image and end below 4 GiB, where paging.c identity-maps memory.
 */
#include "mem.h"

#include "console.h"
#include "fmt.h"
#include "kstring.h"
#include "memsize.h"
#include "panic.h"

#define FOUR_GIB 0x100000000ull

extern const char _image_start[], _image_end[];

#define MIB 0x100000ul

static uint64_t base, limit, next;

/* What the memory map says, said before anything uses .bss, which may lie
 * past the end of RAM (everything the refusal needs is on the boot stack
 * or in .rodata). A map the loader did not give, or one that does not
 * parse, is left to kmain to name. */
void mem_check_image(uint32_t magic, uint32_t info)
{
	struct bootinfo bi;
	char err[8], why[240];
	uint64_t start = (uint64_t)_image_start, end = (uint64_t)_image_end;

	if (bootinfo_parse(magic, info, &bi, err, sizeof(err)) < 0 || !bi.n_mmap)
		return;
	uint64_t found = bootinfo_ram_end(&bi, start);
	if (found >= end)
		return;
	ksnprintf(why, sizeof(why), "mem: irqbench needs at least %lu MiB of memory: its image and "
		  ".bss take 0x%lx-0x%lx, but the memory map's RAM from 0x%lx ends at "
		  "0x%lx (%lu KiB)", (end + MIB - 1) / MIB, start, end, start, found,
		  found >> 10);
	panic_stop_early(EXIT_BOOT, why);
}

const char *mem_init(const struct bootinfo *bi)
{
	uint64_t lowest = ((uint64_t)_image_end + 0xFFF) & ~0xFFFull;

	for (unsigned i = 0; i < bi->n_mmap; i++) {
		const struct mmap_range *r = &bi->mmap[i];
		if (r->type != MMAP_AVAILABLE)
			continue;
		uint64_t lo = r->base < lowest ? lowest : r->base;
		uint64_t hi = r->base + r->len > FOUR_GIB ? FOUR_GIB : r->base + r->len;
		if (hi > lo && hi - lo > limit - base) {
			base = lo;
			limit = hi;
		}
	}
	next = base;
	return limit > base ? 0 : "mem: the memory map has no available range above the kernel and below 4 GiB";
}

void mem_report_firmware_overlap(const struct bootinfo *bi)
{
	uint64_t start = (uint64_t)_image_start, end = (uint64_t)_image_end, lo = end, hi = start;
	unsigned n = 0;

	for (unsigned i = 0; i < bi->n_mmap; i++) {
		const struct mmap_range *r = &bi->mmap[i];
		if (r->type == MMAP_AVAILABLE || r->base >= end || r->base + r->len <= start)
			continue;
		n++;
		lo = r->base < lo ? r->base : lo;
		hi = r->base + r->len > hi ? r->base + r->len : hi;
	}
	if (n)
		kprintf("mem: the kernel's image and .bss (0x%lx-0x%lx, where the loader put them) "
			"overlap %u range%s the memory map gives the firmware (ACPI NVS or reclaimable), "
			"0x%lx-0x%lx: cleared at boot\n", start, end, n, n == 1 ? "" : "s", lo, hi);
}

uint64_t mem_available(void)
{
	return limit - next;
}

void *mem_alloc(uint64_t bytes, const char *what)
{
	uint64_t start = (next + MEM_ALIGN - 1) & ~(uint64_t)(MEM_ALIGN - 1);

	if (bytes > limit || start > limit - bytes)
		panic_stop(EXIT_BOOT, "mem: %s needs %lu bytes, only %lu available (range 0x%lx-0x%lx)",
			   what, bytes, limit - next, base, limit);
	next = start + bytes;
	return memset((void *)(uintptr_t)start, 0, bytes);
}

uint64_t mem_mark(void)
{
	return next;
}

void mem_release(uint64_t mark)
{
	next = mark;
}
