/*
 * paging_mmio_range_why (kernel/paging.h): where firmware tables or
 * IA32_APIC_BASE may put device registers. A bogus address is refused with
 * a reason instead of reaching paging_map_mmio's assertion.
 */
#include <string.h>

#include "check.h"
#include "paging.h"

#define MIB 0x100000ull
#define IMAGE_END (13 * MIB + MIB / 2)	/* the kernel image ends at 13.5 MiB */

static void real_devices_are_mappable(void)
{
	CHECK(!paging_mmio_range_why(0xFEE00000, 0x1000, IMAGE_END));	/* LAPIC */
	CHECK(!paging_mmio_range_why(0xFEC00000, 0x1000, IMAGE_END));	/* IOAPIC */
	CHECK(!paging_mmio_range_why(0xFED00000, 0x400, IMAGE_END));	/* HPET */
	CHECK(!paging_mmio_range_why(0x100000000ull - 0x1000, 0x1000, IMAGE_END));
	/* The first 2 MiB page after the image's own. */
	CHECK(!paging_mmio_range_why(14 * MIB, 0x1000, IMAGE_END));
}

static void bogus_addresses_are_named(void)
{
	const char *why = paging_mmio_range_why(0, 0x1000, IMAGE_END);

	/* CPUID says no APIC and IA32_APIC_BASE reads 0; a zeroed table. */
	CHECK(why && strstr(why, "kernel's own memory"));
	CHECK(paging_mmio_range_why(2 * MIB, 0x1000, IMAGE_END));
	/* Inside the 2 MiB page that holds the image's last bytes. */
	CHECK(paging_mmio_range_why(13 * MIB + 3 * MIB / 4, 0x1000, IMAGE_END));
	why = paging_mmio_range_why(0x100000000ull, 0x1000, IMAGE_END);
	CHECK(why && strstr(why, "4 GiB"));
	CHECK(paging_mmio_range_why(0x100000000ull - 0x800, 0x1000, IMAGE_END));
	CHECK(paging_mmio_range_why(0xFFFFFFFFFFFFF000ull, 0x2000, IMAGE_END));
	CHECK(paging_mmio_range_why(0xFEE00000, 0, IMAGE_END));
}

int main(void)
{
	RUN(real_devices_are_mappable);
	RUN(bogus_addresses_are_named);
	return check_exit();
}
