/*
 * mptable_find and mptable_parse (Intel MP spec 1.4) on fixture memory
 * images: a small two-processor machine as an MP 1.4 BIOS describes it,
 * the places a floating pointer may be, malformed tables of each kind, and
 * random corruptions.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "mptable.h"
#include "platform.h"

#define IMAGE_SIZE 0x100000u
#define EBDA_SEGMENT 0x9FC0u
#define EBDA_BASE (EBDA_SEGMENT << 4)
#define BASE_MEMORY_KIB 639u
#define BASE_MEMORY_TOP_KIB (BASE_MEMORY_KIB * 1024 - 1024)
#define ROM_MPFPS 0xF6A40u
#define ROM_CONFIG 0xF6A50u

struct image {
	uint8_t *mem;
	size_t size;
};

static struct image image;
static struct platform plat;
static char err[256];
static uint64_t mpfps, config; /* where the fixture put them */

static const void *map_image(uint64_t addr, size_t len, void *ctx)
{
	const struct image *im = ctx;

	if (addr > im->size || len > im->size - addr)
		return NULL;
	return im->mem + addr;
}

static void w8(uint64_t a, uint8_t v) { image.mem[a] = v; }
static void w16(uint64_t a, uint16_t v) { w8(a, (uint8_t)v); w8(a + 1, (uint8_t)(v >> 8)); }
static void w32(uint64_t a, uint32_t v) { w16(a, (uint16_t)v); w16(a + 2, (uint16_t)(v >> 16)); }
static uint16_t r16(uint64_t a) { return (uint16_t)(image.mem[a] | image.mem[a + 1] << 8); }

static void fix_sum(uint64_t a, size_t n, size_t at)
{
	uint8_t s = 0;

	image.mem[a + at] = 0;
	for (size_t i = 0; i < n; i++)
		s += image.mem[a + i];
	image.mem[a + at] = (uint8_t)-s;
}

/* BDA: EBDA segment (0 for none) and base memory size in KiB. */
static void image_new(uint16_t ebda_segment, uint16_t base_kib)
{
	free(image.mem);
	image.mem = calloc(1, IMAGE_SIZE);
	image.size = IMAGE_SIZE;
	w16(0x40E, ebda_segment);
	w16(0x413, base_kib);
}

/* ---- entries (MP spec 1.4 4.3) ---- */

struct buf {
	uint8_t d[4096];
	size_t n;
	unsigned count;
};

static void b8(struct buf *b, uint8_t v) { b->d[b->n++] = v; }
static void b16(struct buf *b, uint16_t v) { b8(b, (uint8_t)v); b8(b, (uint8_t)(v >> 8)); }
static void b32(struct buf *b, uint32_t v) { b16(b, (uint16_t)v); b16(b, (uint16_t)(v >> 16)); }

#define CPU_EN 1
#define CPU_BP 2

static void e_processor(struct buf *b, uint8_t id, uint8_t flags)
{
	b8(b, 0); b8(b, id); b8(b, 0x14); b8(b, flags);
	b32(b, 0x00000633); b32(b, 0x0183FBFF); b32(b, 0); b32(b, 0);
	b->count++;
}

static void e_bus(struct buf *b, uint8_t id, const char *type)
{
	b8(b, 1); b8(b, id);
	for (int i = 0; i < 6; i++)
		b8(b, (uint8_t)type[i]);
	b->count++;
}

static void e_ioapic(struct buf *b, uint8_t id, uint8_t flags, uint32_t addr)
{
	b8(b, 2); b8(b, id); b8(b, 0x11); b8(b, flags); b32(b, addr);
	b->count++;
}

#define INT_INT 0
#define INT_NMI 1
#define INT_EXTINT 3

static void e_interrupt(struct buf *b, uint8_t entry, uint8_t type, uint16_t flags,
			uint8_t bus, uint8_t irq, uint8_t dest, uint8_t pin)
{
	b8(b, entry); b8(b, type); b16(b, flags);
	b8(b, bus); b8(b, irq); b8(b, dest); b8(b, pin);
	b->count++;
}

static void e_io_int(struct buf *b, uint8_t type, uint16_t flags, uint8_t bus, uint8_t irq,
		     uint8_t ioapic, uint8_t pin)
{
	e_interrupt(b, 3, type, flags, bus, irq, ioapic, pin);
}

static void e_local_int(struct buf *b, uint8_t type, uint8_t lapic, uint8_t lint)
{
	e_interrupt(b, 4, type, 0, 0, 0, lapic, lint);
}

static void fix_config(void)
{
	fix_sum(config, r16(config + 4), 7);
}

static void fix_mpfps(void)
{
	fix_sum(mpfps, 16, 10);
}

/* Floating pointer at fp, configuration table (header, then entries) at cfg. */
static void put_mp(uint64_t fp, uint64_t cfg, const struct buf *e, uint8_t feature1,
		   uint8_t feature2)
{
	mpfps = fp;
	config = cfg;
	memcpy(image.mem + fp, "_MP_", 4);
	w32(fp + 4, (uint32_t)cfg);
	w8(fp + 8, 1);
	w8(fp + 9, 4);
	w8(fp + 11, feature1);
	w8(fp + 12, feature2);
	fix_mpfps();
	memcpy(image.mem + cfg, "PCMP", 4);
	w16(cfg + 4, (uint16_t)(44 + e->n));
	w8(cfg + 6, 4);
	memcpy(image.mem + cfg + 8, "OEM00000", 8);
	memcpy(image.mem + cfg + 16, "PROD00000000", 12);
	w16(cfg + 34, (uint16_t)e->count);
	w32(cfg + 36, 0xFEE00000);
	memcpy(image.mem + cfg + 44, e->d, e->n);
	fix_config();
}

/* An MP 1.4 machine: two processors and a disabled one, a PCI and an ISA
 * bus, one I/O APIC; IRQ0 through the 8259 (ExtINT, pin 0) and on pin 2,
 * IRQ9 level/active-low, a PCI interrupt; ExtINT on LINT0, NMI on LINT1. */
static void small_entries(struct buf *e)
{
	memset(e, 0, sizeof(*e));
	e_processor(e, 0, CPU_EN | CPU_BP);
	e_processor(e, 1, CPU_EN);
	e_processor(e, 3, 0);
	e_bus(e, 0, "PCI   ");
	e_bus(e, 1, "ISA   ");
	e_ioapic(e, 2, 1, 0xFEC00000);
	e_io_int(e, INT_EXTINT, 0, 1, 0, 2, 0);
	e_io_int(e, INT_INT, 0, 1, 0, 2, 2);
	e_io_int(e, INT_INT, 0, 1, 1, 2, 1);
	e_io_int(e, INT_INT, 0x5, 1, 4, 2, 4);
	e_io_int(e, INT_INT, 0xF, 1, 9, 2, 9);
	e_io_int(e, INT_INT, 0xF, 0, 0x0C, 2, 16); /* PCI device 3 INTA# */
	e_local_int(e, INT_EXTINT, 0xFF, 0);
	e_local_int(e, INT_NMI, 0xFF, 1);
}

static void build_small(void)
{
	struct buf e;

	small_entries(&e);
	image_new(EBDA_SEGMENT, BASE_MEMORY_KIB);
	put_mp(BASE_MEMORY_TOP_KIB + 0x100, BASE_MEMORY_TOP_KIB + 0x110, &e, 0, 0x80);
}

static void build_entries(const struct buf *e)
{
	image_new(0, BASE_MEMORY_KIB);
	put_mp(ROM_MPFPS, ROM_CONFIG, e, 0, 0);
}

static int parse(void)
{
	return mptable_parse(map_image, &image, mpfps, &plat, err, sizeof(err));
}

static bool cleared(const struct platform *p)
{
	static const struct platform zero;

	return memcmp(p, &zero, sizeof(zero)) == 0;
}

static void rejects(const char *mentions)
{
	memset(&plat, 0x5A, sizeof(plat));
	bool ok = parse() == -1 && strncmp(err, "mptable: ", 9) == 0 && strstr(err, mentions) &&
		  !strchr(err, '\n') && cleared(&plat);
	if (!ok)
		printf("  err \"%s\", wanted \"%s\"\n", err, mentions);
	CHECK(ok);
}

static void test_small(void)
{
	uint64_t at = 0;

	build_small();
	CHECK(mptable_find(map_image, &image, &at) == 0 && at == mpfps);
	CHECK(parse() == 0 && err[0] == '\0');
	CHECK(plat.source == PLATFORM_SOURCE_MPTABLE && plat.revision == 4);
	CHECK(strcmp(plat.oem_id, "OEM00000") == 0);
	CHECK(plat.root_pointer == mpfps && !plat.xsdt);
	CHECK(plat.lapic_address == 0xFEE00000 && plat.madt_flags == 0 && plat.imcr_present);
	CHECK(plat.n_cpus == 2 && plat.cpus_disabled == 1 && plat.cpus_ignored == 0);
	CHECK(plat.cpus[0].apic_id == 0 && plat.cpus[0].mp_bsp && plat.cpus[0].enabled);
	CHECK(plat.cpus[1].apic_id == 1 && !plat.cpus[1].mp_bsp && plat.cpus[1].acpi_uid == 1);
	CHECK(plat.cpus[1].entry == CPU_ENTRY_MP_PROCESSOR);
	CHECK(plat.n_ioapics == 1 && plat.ioapics[0].id == 2 &&
	      plat.ioapics[0].address == 0xFEC00000 && plat.ioapics[0].gsi_base == 0);
	/* IRQ0 on pin 2 and IRQ9's flags; IRQ1 and IRQ4 are the identity. */
	CHECK(plat.n_overrides == 2);
	CHECK(plat.overrides[0].source_irq == 0 && plat.overrides[0].gsi == 2 &&
	      plat.overrides[0].bus == 0);
	CHECK(plat.overrides[1].source_irq == 9 && plat.overrides[1].gsi == 9 &&
	      plat.overrides[1].flags == 0xF);
	CHECK(plat.n_lapic_nmis == 1 && plat.lapic_nmis[0].acpi_uid == PLATFORM_ALL_CPUS &&
	      plat.lapic_nmis[0].lint == 1);
	CHECK(!plat.fadt.present && !plat.hpet.present);
}

static void test_isa_irq_to_gsi(void)
{
	uint32_t gsi;
	uint16_t flags;

	build_small();
	CHECK(parse() == 0);
	CHECK(platform_isa_irq_to_gsi(&plat, 0, &gsi, &flags) == 0 && gsi == 2 && flags == 0x5);
	CHECK(platform_isa_irq_to_gsi(&plat, 1, &gsi, &flags) == 0 && gsi == 1);
	CHECK(platform_isa_irq_to_gsi(&plat, 2, &gsi, &flags) == -1);
	CHECK(platform_isa_irq_to_gsi(&plat, 9, &gsi, &flags) == 0 && gsi == 9 && flags == 0xF);
}

/* Several I/O APICs: only the first one's GSI base is known here. */
static void test_second_ioapic(void)
{
	struct buf e;

	small_entries(&e);
	e_ioapic(&e, 5, 0, 0xFEC80000);	/* disabled: not listed */
	e_ioapic(&e, 3, 1, 0xFEC01000);
	e_io_int(&e, INT_INT, 0xF, 0, 0x10, 3, 0);
	build_entries(&e);
	CHECK(parse() == 0);
	CHECK(plat.n_ioapics == 2 && plat.ioapics[1].id == 3);
	CHECK(plat.ioapics[1].gsi_base == PLATFORM_GSI_BASE_UNKNOWN);

	/* An ISA IRQ routed to all I/O APICs counts as the first's. */
	small_entries(&e);
	e_io_int(&e, INT_INT, 0, 1, 8, 0xFF, 8);
	e_io_int(&e, INT_INT, 0, 1, 12, 0xFF, 13);
	build_entries(&e);
	CHECK(parse() == 0 && plat.n_overrides == 3 && plat.overrides[2].gsi == 13);

	/* The first entry for an IRQ wins. */
	small_entries(&e);
	e_io_int(&e, INT_INT, 0, 1, 1, 2, 7);
	build_entries(&e);
	CHECK(parse() == 0 && plat.n_overrides == 2);
}

static void test_find(void)
{
	uint64_t at = 0;

	/* In the EBDA. */
	build_small();
	memcpy(image.mem + EBDA_BASE + 0x3F0, image.mem + mpfps, 16);
	CHECK(mptable_find(map_image, &image, &at) == 0 && at == EBDA_BASE + 0x3F0);
	/* In the BIOS ROM, after a candidate with a bad checksum. */
	image_new(0, BASE_MEMORY_KIB);
	struct buf e;
	small_entries(&e);
	put_mp(ROM_MPFPS, ROM_CONFIG, &e, 0, 0);
	memcpy(image.mem + 0xF0000, "_MP_", 4);
	CHECK(mptable_find(map_image, &image, &at) == 0 && at == ROM_MPFPS);
	CHECK(parse() == 0 && !plat.imcr_present);
	/* A length of 0 paragraphs is no floating pointer. */
	image.mem[ROM_MPFPS + 8] = 0;
	fix_mpfps();
	CHECK(mptable_find(map_image, &image, &at) == -1);
	/* Nowhere. */
	image_new(EBDA_SEGMENT, BASE_MEMORY_KIB);
	CHECK(mptable_find(map_image, &image, &at) == -1);
}

static void test_bad_checksums(void)
{
	build_small();
	image.mem[mpfps + 9] = 1;
	rejects("floating pointer at 0x9f900: bad checksum or length 1");
	build_small();
	image.mem[config + 8] = 'X';
	rejects("configuration table: bad checksum");
}

static void test_malformed(void)
{
	struct buf e;

	/* Unknown entry type: entries have no length field, so no skipping. */
	small_entries(&e);
	b8(&e, 7);
	for (int i = 0; i < 7; i++)
		b8(&e, 0);
	e.count++;
	build_entries(&e);
	rejects("entry 14 at offset 192 has unknown type 7");

	/* An entry cut by the table length. */
	small_entries(&e);
	build_entries(&e);
	w16(config + 4, r16(config + 4) - 4);
	fix_config();
	rejects("entry 13 (type 4) at offset 184 runs past the table end at 188");

	/* More entries counted than the table holds. */
	small_entries(&e);
	build_entries(&e);
	w16(config + 34, 15);
	fix_config();
	rejects("entry 14 of 15 starts at offset 192, past the table end at 192");

	/* Table length below its header. */
	small_entries(&e);
	build_entries(&e);
	w16(config + 4, 40);
	rejects("configuration table length 40 is shorter than its 44-byte header");

	/* Table past mapped memory. */
	small_entries(&e);
	build_entries(&e);
	w32(mpfps + 4, IMAGE_SIZE - 100);
	memcpy(image.mem + IMAGE_SIZE - 100, image.mem + config, 44);
	fix_mpfps();
	rejects("runs past mapped memory");
	w32(mpfps + 4, IMAGE_SIZE - 20);
	fix_mpfps();
	rejects("configuration table at 0xfffec is outside mapped memory");

	/* Wrong signature. */
	small_entries(&e);
	build_entries(&e);
	image.mem[config] = 'Q';
	rejects("lacks the \"PCMP\" signature");
	image.mem[mpfps] = 'Q';
	rejects("no \"_MP_\" signature at 0xf6a40");
}

static void test_default_configuration(void)
{
	struct buf e;

	small_entries(&e);
	image_new(0, BASE_MEMORY_KIB);
	put_mp(ROM_MPFPS, ROM_CONFIG, &e, 5, 0);
	rejects("default configuration 5 (MP spec 1.4 chapter 5) is not supported");
	put_mp(ROM_MPFPS, 0, &e, 0, 0);
	rejects("has no configuration table");
}

static void test_bad_content(void)
{
	struct buf e;

	small_entries(&e);
	e_processor(&e, 1, CPU_EN);
	build_entries(&e);
	rejects("APIC ID 1 is given to two enabled processors");

	memset(&e, 0, sizeof(e));
	e_processor(&e, 0, 0);
	build_entries(&e);
	rejects("no enabled processor");

	small_entries(&e);
	e_ioapic(&e, 3, 1, 0xFEC01000);
	e_io_int(&e, INT_INT, 0, 1, 6, 3, 6);
	build_entries(&e);
	rejects("ISA IRQ 6 routed to I/O APIC 3, not to the first one (ID 2): unsupported");

	small_entries(&e);
	e_io_int(&e, INT_INT, 0, 1, 6, 7, 6);
	build_entries(&e);
	rejects("ISA IRQ 6 routed to I/O APIC 7");

	small_entries(&e);
	e_io_int(&e, INT_INT, 0, 1, 16, 2, 16);
	build_entries(&e);
	rejects("I/O interrupt entry for ISA IRQ 16, above 15");

	memset(&e, 0, sizeof(e));
	e_processor(&e, 0, CPU_EN | CPU_BP);
	e_bus(&e, 0, "ISA   ");
	e_io_int(&e, INT_INT, 0, 0, 0, 2, 2);
	build_entries(&e);
	rejects("ISA IRQ 0 routed to I/O APIC 2, but no I/O APIC is enabled");
}

static uint64_t rng = 0x2545F4914F6CDD1Dull;

static uint32_t rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (uint32_t)(rng >> 16);
}

static void test_random_corruption(void)
{
	unsigned accepted = 0, rejected = 0;

	for (int round = 0; round < 3000; round++) {
		build_small();
		bool in_config = rnd() % 4 != 0;
		uint64_t t = in_config ? config : mpfps;
		size_t len = in_config ? r16(config + 4) : 16;
		for (unsigned n = 1 + rnd() % 3; n; n--)
			image.mem[t + rnd() % len] = (uint8_t)rnd();
		if (rnd() % 4 != 0) {
			if (in_config && r16(config + 4) <= IMAGE_SIZE - config)
				fix_config();
			else if (!in_config)
				fix_mpfps();
		}
		int r = parse();
		bool ok = r == 0 ? err[0] == '\0'
				 : strncmp(err, "mptable: ", 9) == 0 && !strchr(err, '\n') &&
					   cleared(&plat);
		if (!ok)
			printf("  round %d: %d \"%s\"\n", round, r, err);
		CHECK(ok);
		if (r == 0)
			accepted++;
		else
			rejected++;
	}
	CHECK(accepted > 100 && rejected > 100);
}

int main(void)
{
	RUN(test_small);
	RUN(test_isa_irq_to_gsi);
	RUN(test_second_ioapic);
	RUN(test_find);
	RUN(test_bad_checksums);
	RUN(test_malformed);
	RUN(test_default_configuration);
	RUN(test_bad_content);
	RUN(test_random_corruption);
	free(image.mem);
	return check_exit();
}
