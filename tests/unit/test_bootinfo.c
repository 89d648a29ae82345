/*
 * bootinfo_ram_end (kernel/bootinfo.c): how far the RAM that holds an
 * address reaches, which the boot memory check compares with the end of
 * the kernel image.
 */
#include "bootinfo.h"
#include "check.h"

#define MIB 0x100000ull

static struct bootinfo bi;

static void add(uint64_t base, uint64_t len, uint32_t type)
{
	bi.mmap[bi.n_mmap++] = (struct mmap_range){ base, len, type };
}

/* QEMU -m 12 (SeaBIOS): low memory, the BIOS area, then 1 MiB up to the
 * ACPI tables at the top of RAM. */
static void qemu_12_mib(void)
{
	bi.n_mmap = 0;
	add(0, 0x9fc00, MMAP_AVAILABLE);
	add(0x9fc00, 0x400, MMAP_RESERVED);
	add(0xf0000, 0x10000, MMAP_RESERVED);
	add(MIB, 0xbe0000 - MIB, MMAP_AVAILABLE);
	add(0xbe0000, 0x20000, MMAP_RESERVED);
	CHECK(bootinfo_ram_end(&bi, MIB) == 0xbe0000);
	CHECK(bootinfo_ram_end(&bi, 0) == 0x9fc00);
	CHECK(bootinfo_ram_end(&bi, 0xbe0000) == 0xbe0000);
}

/* Adjacent and overlapping ranges join, in any order; a gap ends it. */
static void ranges_join(void)
{
	bi.n_mmap = 0;
	add(4 * MIB, 4 * MIB, MMAP_AVAILABLE);
	add(MIB, 3 * MIB, MMAP_AVAILABLE);
	add(6 * MIB, 4 * MIB, MMAP_AVAILABLE);
	add(11 * MIB, 4 * MIB, MMAP_AVAILABLE);
	CHECK(bootinfo_ram_end(&bi, MIB) == 10 * MIB);
	CHECK(bootinfo_ram_end(&bi, 2 * MIB) == 10 * MIB);
	CHECK(bootinfo_ram_end(&bi, 10 * MIB) == 10 * MIB);
	CHECK(bootinfo_ram_end(&bi, 12 * MIB) == 15 * MIB);
}

/* OVMF under QEMU: ACPI NVS pages at 8 MiB, inside the kernel's .bss, are
 * RAM too; reserved and bad ranges are not. */
static void ovmf_nvs_is_ram(void)
{
	bi.n_mmap = 0;
	add(MIB, 7 * MIB, MMAP_AVAILABLE);
	add(8 * MIB, 0x8000, MMAP_ACPI_NVS);
	add(8 * MIB + 0x8000, 0x8000, MMAP_ACPI_RECLAIMABLE);
	add(8 * MIB + 0x10000, 0xf0000, MMAP_ACPI_NVS);
	add(9 * MIB, 16 * MIB, MMAP_AVAILABLE);
	add(25 * MIB, MIB, MMAP_RESERVED);
	add(26 * MIB, MIB, MMAP_AVAILABLE);
	CHECK(bootinfo_ram_end(&bi, MIB) == 25 * MIB);
	bi.n_mmap = 0;
	add(MIB, MIB, MMAP_BAD);
	CHECK(bootinfo_ram_end(&bi, MIB) == MIB);
}

/* A range reaching past 2^64 saturates. */
static void overflow_saturates(void)
{
	bi.n_mmap = 0;
	add(MIB, UINT64_MAX, MMAP_AVAILABLE);
	CHECK(bootinfo_ram_end(&bi, MIB) == UINT64_MAX);
}

int main(void)
{
	RUN(qemu_12_mib);
	RUN(ranges_join);
	RUN(ovmf_nvs_is_ram);
	RUN(overflow_saturates);
	return check_exit();
}
