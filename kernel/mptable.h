/*
 * Intel MultiProcessor Specification 1.4 tables, the fallback on machines
 * without ACPI: the floating pointer structure and the base configuration
 * table, read into a struct platform. Pure code, like acpi.c.
 */
#ifndef MPTABLE_H
#define MPTABLE_H

#include <stddef.h>
#include <stdint.h>

#include "platform.h"

/*
 * Scan for the floating pointer structure "_MP_" (MP spec 1.4 chapter 4): the
 * first KiB of the EBDA (segment at physical 0x40E), the last KiB of base
 * memory (its size in KiB at 0x413), then 0xF0000-0xFFFFF, on 16-byte
 * boundaries, with a valid checksum. Returns 0 with *mpfps_addr set, or -1.
 */
int mptable_find(phys_map_fn map, void *ctx, uint64_t *mpfps_addr);

/*
 * Read the platform from the floating pointer at mpfps_addr and its
 * configuration table: processors, I/O APICs, ISA interrupt routing (as
 * overrides) and local APIC NMI inputs. Default configurations (no table,
 * MP spec chapter 5) are not supported. Returns 0 with out filled, or -1
 * with out cleared and one line in err ("mptable: ...", no newline).
 */
int mptable_parse(phys_map_fn map, void *ctx, uint64_t mpfps_addr, struct platform *out,
		  char *err, size_t errlen);

#endif
