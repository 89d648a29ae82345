/*
 * Firmware discovery order: the RSDP copy a Multiboot2 loader hands over
 * (the only way on UEFI, where there is no BIOS area to scan), else the
 * BIOS-area scan for the RSDP (ACPI 6.5 5.2.5.1), else the Intel MP tables
 * (MP spec 1.4) on machines older than ACPI.
 */
#include "firmware.h"

#include "acpi.h"
#include "mptable.h"
#include "paging.h"

#define PAGE_SIZE 0x1000ull

static char err[256];
static struct platform platform;

const struct platform *firmware_platform(void)
{
	return &platform;
}

/* Below 4 GiB memory is identity-mapped (paging.c); page 0 only through
 * its read-only alias, since address 0 itself must fault. */
static const void *phys_identity(uint64_t addr, size_t len, void *ctx)
{
	(void)ctx;
	if (!paging_identity_covers(addr, len))
		return 0;
	if (addr < PAGE_SIZE)
		return addr + len <= PAGE_SIZE ?
		       (const void *)(uintptr_t)(PAGING_PAGE0_ALIAS + addr) : 0;
	return (const void *)(uintptr_t)addr;
}

/* As many bytes as the scan checked: a revision 2 RSDP may be longer
 * than 36 bytes (its Length field). */
static const char *from_scanned_rsdp(uint64_t addr, struct platform *p)
{
	size_t len = acpi_rsdp_length(phys_identity, 0, addr);
	const uint8_t *r = len ? phys_identity(addr, len, 0) : 0;

	if (!r)
		return "acpi: RSDP found but not readable";
	return acpi_parse(phys_identity, 0, r, len, addr, p, err, sizeof(err)) ? err : 0;
}

const char *firmware_discover(const struct bootinfo *bi)
{
	struct platform *p = &platform;
	uint64_t addr;

	if (bi->rsdp_len)
		return acpi_parse(phys_identity, 0, bi->rsdp, bi->rsdp_len, 0, p, err,
				  sizeof(err)) ? err : 0;
	if (acpi_find_rsdp(phys_identity, 0, &addr) == 0)
		return from_scanned_rsdp(addr, p);
	if (mptable_find(phys_identity, 0, &addr) < 0)
		return "firmware: no ACPI RSDP (neither a loader copy nor in the BIOS areas) "
		       "and no MP floating pointer structure: the CPUs and I/O APICs cannot be found";
	return mptable_parse(phys_identity, 0, addr, p, err, sizeof(err)) ? err : 0;
}
