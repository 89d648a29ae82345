/*
 * libFuzzer target: mptable_parse and mptable_find (kernel/mptable.c, with
 * kernel/platform.c). The input is a small machine:
 *
 *   byte 0     flags (below)
 *   bytes 1..  physical memory from MP_WINDOW (0xF0000, the BIOS area that
 *              mptable_find scans); with SCAN zero-padded to the 64 KiB
 *              the scan needs, else exactly the input's bytes
 *
 * mptable_parse reads the floating pointer at 0xF0000, the start of the
 * window; its configuration table address can point back into the input
 * (address = 0xF0000 + offset - 1). Everything else is unmapped. Flags:
 *   FIX_SUMS  the harness fixes the checksums of the floating pointer(s)
 *             and of the configuration table each points to, so mutations
 *             get past them into the entry walker;
 *   SCAN      mptable_find scans the memory and a found pointer is parsed;
 *   BDA       the BIOS data area is mapped: its EBDA segment points at
 *             0xF0000 + KiB * ((flags >> 4) & 3) and its base memory size
 *             makes the last KiB 0xF0000 + KiB * (flags >> 6), so both of
 *             those scans run.
 * Seeds: tests/fuzz/corpus/fuzz_mptable, from tests/fuzz/gen_corpus.c.
 *
 * Invariants, beyond no crash and no sanitizer report (including reads past
 * the bytes a parser mapped: every map call gets its own exact-size copy):
 *  - success: err empty, source MP tables, check_platform() (n_cpus <=
 *    PLATFORM_MAX_CPUS, no two enabled CPUs with one APIC ID, ...), CPUs
 *    are enabled MP processor entries whose UID is their 8-bit APIC ID,
 *    the first I/O APIC at GSI 0 and the others unknown, overrides only for
 *    distinct ISA IRQs 0-15 that are not the identity with ISA defaults,
 *    nothing from ACPI (MADT flags, FADT, HPET);
 *  - failure: out all zero and err one printable line "mptable: ...";
 *  - a found pointer is 16-byte aligned inside one of the scanned areas.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "mptable.h"
#include "platform_check.h"

#define MP_WINDOW 0xF0000u
#define WINDOW_SIZE 0x10000u
#define BDA_BASE 0x400u
#define BDA_SIZE 0x100u

enum { FIX_SUMS = 1, SCAN = 2, BDA = 4 };

static uint8_t window[WINDOW_SIZE];
static uint8_t bda[BDA_SIZE];
static size_t window_dirty;
static size_t window_size;	/* mapped: WINDOW_SIZE when scanning, else the input's */
static struct physmem pm;
static struct platform plat;

static void fix_pointer(size_t off)
{
	uint64_t config = fuzz_le(window, window_size, off + 4, 4);

	if (config >= MP_WINDOW && config - MP_WINDOW < window_size) {
		size_t c = (size_t)(config - MP_WINDOW);
		fuzz_fix_sum(window, window_size, c, fuzz_le(window, window_size, c + 4, 2), 7);
	}
	fuzz_fix_sum(window, window_size, off, 16 * fuzz_le(window, window_size, off + 8, 1), 10);
}

static void fix_sums(bool scan)
{
	fix_pointer(0);
	if (!scan)
		return;
	for (size_t off = 16; off + 16 <= window_size; off += 16)
		if (memcmp(window + off, "_MP_", 4) == 0)
			fix_pointer(off);
}

static void check_result(int rc, const struct platform *p, const char *err, size_t errlen,
			 uint64_t addr)
{
	FUZZ_CHECK(rc == 0 || rc == -1, "return value %d", rc);
	FUZZ_LOG("mptable_parse(%#llx): %d %s: %u CPUs, %u I/O APICs, %u overrides, "
		 "%u LAPIC NMIs", (unsigned long long)addr, rc, err, p->n_cpus, p->n_ioapics,
		 p->n_overrides, p->n_lapic_nmis);
	if (rc != 0) {
		FUZZ_CHECK(fuzz_all_zero(p, sizeof(*p)), "failure left out filled (err \"%s\")", err);
		fuzz_check_err_line(err, errlen, "mptable: ");
		return;
	}
	FUZZ_CHECK(err[0] == '\0', "success with err \"%s\"", err);
	FUZZ_CHECK(p->source == PLATFORM_SOURCE_MPTABLE, "source %d", (int)p->source);
	FUZZ_CHECK(p->root_pointer == addr, "root_pointer %#llx, not %#llx",
		   (unsigned long long)p->root_pointer, (unsigned long long)addr);
	FUZZ_CHECK(!p->xsdt && p->madt_flags == 0, "ACPI fields set from MP tables");
	FUZZ_CHECK(fuzz_all_zero(&p->fadt, sizeof(p->fadt)) && fuzz_all_zero(&p->hpet, sizeof(p->hpet)),
		   "FADT or HPET from MP tables");
	FUZZ_CHECK(p->n_nmi_sources == 0, "NMI sources from MP tables");
	check_platform(p);
	for (unsigned i = 0; i < p->n_cpus; i++) {
		const struct platform_cpu *c = &p->cpus[i];
		FUZZ_CHECK(c->entry == CPU_ENTRY_MP_PROCESSOR, "CPU %u: entry %d", i, (int)c->entry);
		FUZZ_CHECK(c->enabled && !c->online_capable, "CPU %u: a disabled MP CPU stored", i);
		FUZZ_CHECK(c->apic_id <= 0xFF && c->acpi_uid == c->apic_id,
			   "CPU %u: APIC ID %u UID %u", i, c->apic_id, c->acpi_uid);
	}
	for (unsigned i = 0; i < p->n_ioapics; i++)
		FUZZ_CHECK(p->ioapics[i].gsi_base == (i == 0 ? 0 : PLATFORM_GSI_BASE_UNKNOWN),
			   "I/O APIC %u: GSI base %#x", i, p->ioapics[i].gsi_base);
	uint32_t irqs = 0;
	for (unsigned i = 0; i < p->n_overrides; i++) {
		const struct platform_override *o = &p->overrides[i];
		FUZZ_CHECK(o->bus == 0 && o->source_irq < 16, "override %u: bus %u IRQ %u", i, o->bus,
			   o->source_irq);
		FUZZ_CHECK(!(irqs & (1u << o->source_irq)), "two overrides for IRQ %u", o->source_irq);
		irqs |= 1u << o->source_irq;
		FUZZ_CHECK(p->n_ioapics > 0, "override without an I/O APIC");
		FUZZ_CHECK(!(o->gsi == o->source_irq &&
			     (o->flags & 3) != 2 && (o->flags & 3) != 3 &&
			     (o->flags & 0xC) != 8 && (o->flags & 0xC) != 0xC),
			   "override %u: identity IRQ %u with ISA defaults %#x", i, o->source_irq,
			   o->flags);
	}
}

static void parse_at(uint64_t addr)
{
	char err[256];
	int rc = mptable_parse(physmem_map, &pm, addr, &plat, err, sizeof(err));

	check_result(rc, &plat, err, sizeof(err), addr);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t flags = size ? data[0] : 0;
	size_t wlen = size > 1 ? size - 1 : 0;
	uint64_t ebda = 0, last_kib = 0;

	if (wlen > WINDOW_SIZE)
		wlen = WINDOW_SIZE;
	/* The scan needs all of 0xF0000-0xFFFFF; otherwise only the input's
	 * bytes are memory, so a table running past them is unmapped. */
	window_size = (flags & SCAN) ? WINDOW_SIZE : wlen;
	if (window_dirty > wlen)
		memset(window + wlen, 0, window_dirty - wlen);
	if (wlen)
		memcpy(window, data + 1, wlen);
	window_dirty = wlen;
	if (flags & FIX_SUMS) {
		fix_sums(flags & SCAN);
		window_dirty = window_size;
	}

	physmem_add(&pm, MP_WINDOW, window, window_size);
	if (flags & BDA) {
		ebda = MP_WINDOW + 1024u * ((flags >> 4) & 3);
		last_kib = MP_WINDOW + 1024u * (flags >> 6);
		uint16_t base_kib = (uint16_t)(last_kib / 1024 + 1);
		memset(bda, 0, sizeof(bda));
		bda[0x40E - BDA_BASE] = (uint8_t)(ebda >> 4);
		bda[0x40F - BDA_BASE] = (uint8_t)(ebda >> 12);
		bda[0x413 - BDA_BASE] = (uint8_t)base_kib;
		bda[0x414 - BDA_BASE] = (uint8_t)(base_kib >> 8);
		physmem_add(&pm, BDA_BASE, bda, BDA_SIZE);
	}

	parse_at(MP_WINDOW);
	if (flags & SCAN) {
		uint64_t addr = 0;
		if (mptable_find(physmem_map, &pm, &addr) == 0) {
			FUZZ_CHECK(addr % 16 == 0, "pointer found at unaligned %#llx",
				   (unsigned long long)addr);
			FUZZ_CHECK((ebda && addr >= ebda && addr < ebda + 1024) ||
				   (last_kib && addr >= last_kib && addr < last_kib + 1024) ||
				   (addr >= 0xF0000 && addr < 0x100000),
				   "pointer found at %#llx, outside the areas scanned",
				   (unsigned long long)addr);
			parse_at(addr);
		}
	}
	physmem_reset(&pm);
	return 0;
}
