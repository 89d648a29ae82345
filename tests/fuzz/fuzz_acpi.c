/*
 * libFuzzer target: acpi_parse and acpi_find_rsdp (kernel/acpi.c, with
 * kernel/platform.c). The input is a small machine:
 *
 *   byte 0        flags (below)
 *   bytes 1..36   the RSDP as a boot loader copies it (acpi_parse's rsdp)
 *   bytes 37..    physical memory from ACPI_WINDOW (0xE0000, the BIOS area
 *                 that acpi_find_rsdp scans); with SCAN zero-padded to the
 *                 128 KiB the scan needs, else exactly the input's bytes
 *
 * so the RSDT/XSDT address in the RSDP and the table addresses in the root
 * table can point back into the input (address = 0xE0000 + offset - 37).
 * Everything else is unmapped. Flags:
 *   FIX_SUMS  the harness fixes the checksums of the RSDP(s), of the root
 *             table and of each table it lists, so that mutations get past
 *             the checksum checks into the MADT, FADT and HPET parsers;
 *   V1_LEN    the loader's copy is 20 bytes (ACPI 1.0), not 36;
 *   BDA       the BIOS data area is mapped, its EBDA segment pointing at
 *             0xE0000 + KiB * ((flags >> 4) & 7), so the EBDA scan runs;
 *   SCAN      acpi_find_rsdp scans the memory, and a found RSDP is parsed
 *             the way kernel/firmware.c does.
 * Seeds: tests/fuzz/corpus/fuzz_acpi, from tests/fuzz/gen_corpus.c.
 *
 * Invariants, beyond no crash and no sanitizer report (including reads past
 * the bytes a parser mapped: every map call gets its own exact-size copy):
 *  - success: err empty, source ACPI, the RSDP's revision, the address the
 *    RSDP came from, xsdt only for revision >= 2, and check_platform()
 *    (n_cpus <= PLATFORM_MAX_CPUS, no two enabled CPUs with one APIC ID,
 *    at least one enabled CPU, counts within their arrays, ...), plus the
 *    MADT-only CPU kinds and the FADT and HPET consistency rules;
 *  - failure: out all zero and err one printable line "acpi: ...";
 *  - a found RSDP is 16-byte aligned inside the EBDA KiB or 0xE0000-0xFFFFF.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "acpi.h"
#include "fuzz.h"
#include "platform_check.h"

#define ACPI_WINDOW 0xE0000u
#define WINDOW_SIZE 0x20000u
#define BDA_BASE 0x400u
#define BDA_SIZE 0x100u
#define HEADER_LEN (1 + ACPI_RSDP_V2_LEN)

enum { FIX_SUMS = 1, V1_LEN = 2, BDA = 4, SCAN = 8 };

static uint8_t window[WINDOW_SIZE];
static uint8_t bda[BDA_SIZE];
static size_t window_dirty;	/* bytes of window the last input set */
static size_t window_size;	/* bytes mapped: WINDOW_SIZE when scanning, else the input's */
static struct physmem pm;
static struct platform plat;

/* ---- checksum fixing ---- */

/* An RSDP at off in buf: the ACPI 1.0 checksum, and the extended one when
 * its length lies inside buf. */
static void fix_rsdp(uint8_t *buf, size_t size, size_t off)
{
	fuzz_fix_sum(buf, size, off, ACPI_RSDP_V1_LEN, 8);
	if (fuzz_le(buf, size, off + 15, 1) >= 2) {
		uint64_t len = fuzz_le(buf, size, off + 20, 4);
		if (len >= ACPI_RSDP_V2_LEN)
			fuzz_fix_sum(buf, size, off, len, 32);
	}
}

/* A window offset for a physical address, or SIZE_MAX. */
static size_t window_off(uint64_t addr)
{
	return addr >= ACPI_WINDOW && addr - ACPI_WINDOW < window_size ?
	       (size_t)(addr - ACPI_WINDOW) : SIZE_MAX;
}

static void fix_sdt(size_t off)
{
	if (off == SIZE_MAX)
		return;
	uint64_t len = fuzz_le(window, window_size, off + 4, 4);
	if (len >= 36)
		fuzz_fix_sum(window, window_size, off, len, 9);
}

/* The root table at addr, and the tables it lists. */
static void fix_root(uint64_t addr)
{
	size_t off = window_off(addr);

	if (off == SIZE_MAX || window_size - off < 36)
		return;
	uint64_t len = fuzz_le(window, window_size, off + 4, 4);
	unsigned entry = memcmp(window + off, "XSDT", 4) == 0 ? 8 : 4;
	if (len >= 36 && len <= window_size - off)
		for (uint64_t e = 36; e + entry <= len; e += entry)
			fix_sdt(window_off(fuzz_le(window, window_size, off + e, entry)));
	fix_sdt(off);
}

static uint64_t root_of(const uint8_t *r, size_t size)
{
	uint64_t xsdt = fuzz_le(r, size, 24, 8);

	if (fuzz_le(r, size, 15, 1) >= 2 && xsdt)
		return xsdt;
	return fuzz_le(r, size, 16, 4);
}

static void fix_sums(uint8_t *rsdp, size_t rsdp_len, bool scan)
{
	fix_rsdp(rsdp, rsdp_len, 0);
	fix_root(root_of(rsdp, rsdp_len));
	if (!scan)
		return;
	for (size_t off = 0; off + ACPI_RSDP_V1_LEN <= window_size; off += 16) {
		if (memcmp(window + off, "RSD PTR ", 8) != 0)
			continue;
		fix_root(root_of(window + off, window_size - off));
		fix_rsdp(window, window_size, off);
	}
}

/* ---- checks ---- */

static void check_result(int rc, const struct platform *p, const char *err, size_t errlen,
			 uint8_t revision, uint64_t rsdp_addr)
{
	FUZZ_CHECK(rc == 0 || rc == -1, "return value %d", rc);
	FUZZ_LOG("acpi_parse(RSDP at %#llx): %d %s: %u CPUs, %u I/O APICs, %u overrides, "
		 "%u LAPIC NMIs, FADT %d, HPET %d", (unsigned long long)rsdp_addr, rc, err,
		 p->n_cpus, p->n_ioapics, p->n_overrides, p->n_lapic_nmis, p->fadt.present,
		 p->hpet.present);
	if (rc != 0) {
		FUZZ_CHECK(fuzz_all_zero(p, sizeof(*p)), "failure left out filled (err \"%s\")", err);
		fuzz_check_err_line(err, errlen, "acpi: ");
		return;
	}
	FUZZ_CHECK(err[0] == '\0', "success with err \"%s\"", err);
	FUZZ_CHECK(p->source == PLATFORM_SOURCE_ACPI, "source %d", (int)p->source);
	FUZZ_CHECK(p->revision == revision, "revision %u, the RSDP says %u", p->revision, revision);
	FUZZ_CHECK(p->root_pointer == rsdp_addr, "root_pointer %#llx, not %#llx",
		   (unsigned long long)p->root_pointer, (unsigned long long)rsdp_addr);
	FUZZ_CHECK(!p->xsdt || p->revision >= 2, "XSDT used with RSDP revision %u", p->revision);
	FUZZ_CHECK(!p->imcr_present, "IMCR is an MP table notion");
	check_platform(p);
	for (unsigned i = 0; i < p->n_cpus; i++) {
		const struct platform_cpu *c = &p->cpus[i];
		FUZZ_CHECK(!c->mp_bsp, "CPU %u: BP flag from ACPI", i);
		FUZZ_CHECK(c->entry == CPU_ENTRY_MADT_LAPIC || c->entry == CPU_ENTRY_MADT_X2APIC,
			   "CPU %u: entry %d", i, (int)c->entry);
		FUZZ_CHECK(c->entry != CPU_ENTRY_MADT_LAPIC || (c->apic_id <= 0xFF && c->acpi_uid <= 0xFF),
			   "CPU %u: 8-bit entry with APIC ID %u UID %u", i, c->apic_id, c->acpi_uid);
	}
	const struct platform_fadt *f = &p->fadt;
	if (!f->present) {
		FUZZ_CHECK(fuzz_all_zero(f, sizeof(*f)), "FADT fields without a FADT");
	} else {
		FUZZ_CHECK(!f->hw_reduced || f->pm_timer_port == 0,
			   "hardware-reduced with PM timer port %#x", f->pm_timer_port);
		FUZZ_CHECK(!f->pm_timer_32bit || f->pm_timer_port != 0, "32-bit PM timer without a port");
		FUZZ_CHECK(f->boot_arch_valid == (f->revision >= 2), "boot_arch_valid %d at revision %u",
			   f->boot_arch_valid, f->revision);
		FUZZ_CHECK(f->boot_arch_valid || f->iapc_boot_arch == 0, "IAPC_BOOT_ARCH %#x at revision %u",
			   f->iapc_boot_arch, f->revision);
		FUZZ_CHECK(f->minor_revision <= 0xF, "minor revision %u", f->minor_revision);
	}
	const struct platform_hpet *h = &p->hpet;
	if (!h->present)
		FUZZ_CHECK(fuzz_all_zero(h, sizeof(*h)), "HPET fields without an HPET");
	else
		FUZZ_CHECK(h->address != 0 && h->comparators >= 1 && h->comparators <= 32,
			   "HPET at %#llx with %u comparators", (unsigned long long)h->address,
			   h->comparators);
}

/* ---- the two ways in ---- */

/* The loader's copy, as an exact-size heap block; none (NULL) when empty. */
static void parse_copy(const uint8_t *rsdp, size_t len)
{
	uint8_t *copy = len ? malloc(len) : NULL;
	char err[256];

	if (len && !copy)
		abort();
	if (len)
		memcpy(copy, rsdp, len);
	int rc = acpi_parse(physmem_map, &pm, copy, len, 0, &plat, err, sizeof(err));
	check_result(rc, &plat, err, sizeof(err), len > 15 ? rsdp[15] : 0, 0);
	free(copy);
}

/* The scan, then the found RSDP mapped as kernel/firmware.c maps it. */
static void parse_scanned(uint64_t ebda)
{
	uint64_t addr = 0;
	char err[256];

	if (acpi_find_rsdp(physmem_map, &pm, &addr) != 0)
		return;
	FUZZ_CHECK(addr % 16 == 0, "RSDP found at unaligned %#llx", (unsigned long long)addr);
	FUZZ_CHECK((ebda && addr >= ebda && addr < ebda + 1024) ||
		   (addr >= 0xE0000 && addr < 0x100000),
		   "RSDP found at %#llx, outside the areas scanned", (unsigned long long)addr);
	const uint8_t *r = physmem_map(addr, ACPI_RSDP_V1_LEN, &pm);
	FUZZ_CHECK(r != NULL, "found RSDP not mappable");
	uint8_t revision = r[15];
	size_t len = revision >= 2 ? ACPI_RSDP_V2_LEN : ACPI_RSDP_V1_LEN;
	r = physmem_map(addr, len, &pm);
	FUZZ_CHECK(r != NULL, "found RSDP not mappable");
	int rc = acpi_parse(physmem_map, &pm, r, len, addr, &plat, err, sizeof(err));
	check_result(rc, &plat, err, sizeof(err), revision, addr);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t flags = size ? data[0] : 0;
	uint8_t rsdp[ACPI_RSDP_V2_LEN];
	size_t rsdp_len = size > 1 ? size - 1 : 0;
	size_t wlen = size > HEADER_LEN ? size - HEADER_LEN : 0;
	uint64_t ebda = 0;

	if (rsdp_len > ACPI_RSDP_V2_LEN)
		rsdp_len = ACPI_RSDP_V2_LEN;
	if ((flags & V1_LEN) && rsdp_len > ACPI_RSDP_V1_LEN)
		rsdp_len = ACPI_RSDP_V1_LEN;
	memcpy(rsdp, data + (size ? 1 : 0), rsdp_len);
	if (wlen > WINDOW_SIZE)
		wlen = WINDOW_SIZE;
	/* The scan needs all of 0xE0000-0xFFFFF; otherwise only the input's
	 * bytes are memory, so a table running past them is unmapped. */
	window_size = (flags & SCAN) ? WINDOW_SIZE : wlen;
	if (window_dirty > wlen)
		memset(window + wlen, 0, window_dirty - wlen);
	if (wlen)
		memcpy(window, data + HEADER_LEN, wlen);
	window_dirty = wlen;
	if (flags & FIX_SUMS) {
		fix_sums(rsdp, rsdp_len, flags & SCAN);
		window_dirty = window_size; /* fixing may write past wlen */
	}

	physmem_add(&pm, ACPI_WINDOW, window, window_size);
	if (flags & BDA) {
		ebda = ACPI_WINDOW + 1024u * ((flags >> 4) & 7);
		memset(bda, 0, sizeof(bda));
		bda[0x40E - BDA_BASE] = (uint8_t)(ebda >> 4);
		bda[0x40F - BDA_BASE] = (uint8_t)(ebda >> 12);
		physmem_add(&pm, BDA_BASE, bda, BDA_SIZE);
	}

	parse_copy(rsdp, rsdp_len);
	if (flags & SCAN)
		parse_scanned(ebda);
	physmem_reset(&pm);
	return 0;
}
