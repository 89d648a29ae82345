/*
 * ACPI tables (ACPI 6.5 chapter 5.2): the RSDP, the RSDT or XSDT, and from
 * them the MADT, FADT and HPET tables, read into a struct platform. Pure
 * code: all memory is reached through a phys_map_fn, so the host tests and
 * fuzzers can hand it any bytes.
 */
#ifndef ACPI_H
#define ACPI_H

#include <stddef.h>
#include <stdint.h>

#include "platform.h"

/* Bytes of an ACPI 1.0 RSDP and of an ACPI 2.0+ one (ACPI 6.5 5.2.5.3). */
#define ACPI_RSDP_V1_LEN 20
#define ACPI_RSDP_V2_LEN 36

/*
 * Scan for the RSDP the BIOS way (ACPI 6.5 5.2.5.1): the first KiB of the
 * EBDA (its segment is the word at physical 0x40E), then 0xE0000-0xFFFFF,
 * on 16-byte boundaries. A candidate counts only with a valid checksum, and
 * for revision >= 2 a valid extended checksum too. Returns 0 with
 * *rsdp_addr set, or -1 when there is none.
 */
int acpi_find_rsdp(phys_map_fn map, void *ctx, uint64_t *rsdp_addr);

/* The bytes the RSDP at addr spans: 20 for revision 0, else its Length
 * field (at least 36); 0 when it cannot be mapped. */
size_t acpi_rsdp_length(phys_map_fn map, void *ctx, uint64_t addr);

/*
 * Read the platform from the tables behind the RSDP given as rsdp_len bytes
 * at rsdp: a boot loader's copy (rsdp_addr 0) or the scanned one mapped
 * (rsdp_addr its address; map ACPI_RSDP_V2_LEN bytes, or
 * ACPI_RSDP_V1_LEN for revision 0). Uses the XSDT when the revision is >= 2
 * and its address is not 0, else the RSDT. Every table used is checked
 * (checksum, length, structure). Returns 0 with out filled, or -1 with out
 * cleared and one line in err ("acpi: ...", no newline) naming the table
 * and what is wrong with it.
 */
int acpi_parse(phys_map_fn map, void *ctx, const void *rsdp, size_t rsdp_len,
	       uint64_t rsdp_addr, struct platform *out, char *err, size_t errlen);

#endif
