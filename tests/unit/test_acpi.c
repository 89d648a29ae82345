/*
 * acpi_find_rsdp, acpi_parse and platform_isa_irq_to_gsi on fixture memory
 * images laid out like real machines' (a desktop, a 2-socket server, an
 * ACPI 1.0 machine, QEMU q35, an XSDT-only machine), on malformed tables of
 * every kind the parser must reject, and on random corruptions.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "acpi.h"
#include "check.h"
#include "platform.h"

/* Low memory with the BDA, EBDA and BIOS area, then tables from 1 MiB. */
#define IMAGE_SIZE 0x200000u
#define TABLES_BASE 0x100000u
#define EBDA_SEGMENT 0x9FC0u
#define EBDA_BASE (EBDA_SEGMENT << 4)

struct image {
	uint8_t *mem;
	size_t size;
	uint64_t next; /* where the next table goes */
};

/* Where the current fixture put its tables. */
struct fixture {
	uint64_t rsdp, rsdt, xsdt, madt, fadt, hpet;
};

static struct image image;
static struct fixture fx;
static struct platform plat;
static char err[256];

static const void *map_image(uint64_t addr, size_t len, void *ctx)
{
	const struct image *im = ctx;

	if (addr > im->size || len > im->size - addr)
		return NULL;
	return im->mem + addr;
}

static void image_new(void)
{
	free(image.mem);
	image.mem = calloc(1, IMAGE_SIZE);
	image.size = IMAGE_SIZE;
	image.next = TABLES_BASE;
	memset(&fx, 0, sizeof(fx));
	/* The BDA's EBDA segment, as on every PC BIOS. */
	image.mem[0x40E] = EBDA_SEGMENT & 0xFF;
	image.mem[0x40F] = EBDA_SEGMENT >> 8;
}

/* ---- writing into the image ---- */

static void w8(uint64_t a, uint8_t v) { image.mem[a] = v; }
static void w16(uint64_t a, uint16_t v) { w8(a, (uint8_t)v); w8(a + 1, (uint8_t)(v >> 8)); }
static void w32(uint64_t a, uint32_t v) { w16(a, (uint16_t)v); w16(a + 2, (uint16_t)(v >> 16)); }
static void w64(uint64_t a, uint64_t v) { w32(a, (uint32_t)v); w32(a + 4, (uint32_t)(v >> 32)); }
static void wbytes(uint64_t a, const void *p, size_t n) { memcpy(image.mem + a, p, n); }

static uint32_t r32(uint64_t a)
{
	return image.mem[a] | image.mem[a + 1] << 8 | image.mem[a + 2] << 16 |
	       (uint32_t)image.mem[a + 3] << 24;
}

static uint8_t sum(uint64_t a, size_t n)
{
	uint8_t s = 0;

	for (size_t i = 0; i < n; i++)
		s += image.mem[a + i];
	return s;
}

/* Sets the checksum byte at a + at so that the n bytes at a sum to 0. */
static void fix_sum(uint64_t a, size_t n, size_t at)
{
	image.mem[a + at] = 0;
	image.mem[a + at] = (uint8_t)-sum(a, n);
}

static void fix_sdt(uint64_t a)
{
	uint32_t len = r32(a + 4);

	if (len <= image.size - a)
		fix_sum(a, len, 9);
}

/* ---- table bodies ---- */

struct buf {
	uint8_t d[16384];
	size_t n;
};

static void b8(struct buf *b, uint8_t v) { b->d[b->n++] = v; }
static void b16(struct buf *b, uint16_t v) { b8(b, (uint8_t)v); b8(b, (uint8_t)(v >> 8)); }
static void b32(struct buf *b, uint32_t v) { b16(b, (uint16_t)v); b16(b, (uint16_t)(v >> 16)); }
static void b64(struct buf *b, uint64_t v) { b32(b, (uint32_t)v); b32(b, (uint32_t)(v >> 32)); }

/* Stores v little-endian at offset off of a body already sized. */
static void bset(struct buf *b, size_t off, uint64_t v, size_t bytes)
{
	for (size_t i = 0; i < bytes; i++)
		b->d[off + i] = (uint8_t)(v >> (8 * i));
}

/* Writes a table (36-byte header, then body) at the next free address. */
static uint64_t put_sdt(const char *sig, uint8_t revision, const struct buf *body)
{
	uint64_t a = image.next;
	uint32_t len = 36 + (uint32_t)body->n;

	wbytes(a, sig, 4);
	w32(a + 4, len);
	w8(a + 8, revision);
	wbytes(a + 10, "IRQBCH", 6);
	wbytes(a + 16, "FIXTURE ", 8);
	w32(a + 24, 1);
	wbytes(a + 28, "TEST", 4);
	w32(a + 32, 1);
	wbytes(a + 36, body->d, body->n);
	fix_sdt(a);
	image.next = (a + len + 15) & ~(uint64_t)15;
	return a;
}

static void fix_rsdp(uint64_t a)
{
	fix_sum(a, 20, 8);
	if (image.mem[a + 15] >= 2)
		fix_sum(a, 36, 32);
}

static void put_rsdp(uint64_t a, uint8_t revision, const char *oem, uint32_t rsdt, uint64_t xsdt)
{
	wbytes(a, "RSD PTR ", 8);
	wbytes(a + 9, oem, 6);
	w8(a + 15, revision);
	w32(a + 16, rsdt);
	if (revision >= 2) {
		w32(a + 20, 36);
		w64(a + 24, xsdt);
	}
	fix_rsdp(a);
	fx.rsdp = a;
}

static uint64_t put_xsdt(const uint64_t *e, size_t n)
{
	struct buf b = { .n = 0 };

	for (size_t i = 0; i < n; i++)
		b64(&b, e[i]);
	return fx.xsdt = put_sdt("XSDT", 1, &b);
}

static uint64_t put_rsdt(const uint64_t *e, size_t n)
{
	struct buf b = { .n = 0 };

	for (size_t i = 0; i < n; i++)
		b32(&b, (uint32_t)e[i]);
	return fx.rsdt = put_sdt("RSDT", 1, &b);
}

/* MADT body and subtables (ACPI 6.5 5.2.12). */
static void madt_begin(struct buf *b, uint32_t lapic, uint32_t flags)
{
	b->n = 0;
	b32(b, lapic);
	b32(b, flags);
}

static void sub_lapic(struct buf *b, uint8_t uid, uint8_t id, uint32_t flags)
{
	b8(b, 0); b8(b, 8); b8(b, uid); b8(b, id); b32(b, flags);
}

static void sub_ioapic(struct buf *b, uint8_t id, uint32_t addr, uint32_t gsi)
{
	b8(b, 1); b8(b, 12); b8(b, id); b8(b, 0); b32(b, addr); b32(b, gsi);
}

static void sub_iso(struct buf *b, uint8_t bus, uint8_t irq, uint32_t gsi, uint16_t flags)
{
	b8(b, 2); b8(b, 10); b8(b, bus); b8(b, irq); b32(b, gsi); b16(b, flags);
}

static void sub_nmi_source(struct buf *b, uint16_t flags, uint32_t gsi)
{
	b8(b, 3); b8(b, 8); b16(b, flags); b32(b, gsi);
}

static void sub_lapic_nmi(struct buf *b, uint8_t uid, uint16_t flags, uint8_t lint)
{
	b8(b, 4); b8(b, 6); b8(b, uid); b16(b, flags); b8(b, lint);
}

static void sub_lapic_address(struct buf *b, uint64_t addr)
{
	b8(b, 5); b8(b, 12); b16(b, 0); b64(b, addr);
}

static void sub_x2apic(struct buf *b, uint32_t id, uint32_t flags, uint32_t uid)
{
	b8(b, 9); b8(b, 16); b16(b, 0); b32(b, id); b32(b, flags); b32(b, uid);
}

static void sub_x2apic_nmi(struct buf *b, uint16_t flags, uint32_t uid, uint8_t lint)
{
	b8(b, 10); b8(b, 12); b16(b, flags); b32(b, uid); b8(b, lint); b8(b, 0); b16(b, 0);
}

/* Any subtable as raw bytes: type, length, then length - 2 filler bytes. */
static void sub_raw(struct buf *b, uint8_t type, uint8_t length)
{
	b8(b, type);
	b8(b, length);
	for (int i = 2; i < length; i++)
		b8(b, 0xA5);
}

#define LAPIC_ENABLED 1u
#define LAPIC_ONLINE_CAPABLE 2u

/* FADT (ACPI 6.5 5.2.9): the fields the parser reads, at their offsets. */
struct fadt_spec {
	uint8_t revision;
	uint32_t length;
	uint8_t minor;
	uint32_t pm_tmr_blk;
	uint8_t x_pm_tmr_space;
	uint64_t x_pm_tmr_blk;
	uint32_t flags;
	uint16_t boot_arch;
};

static uint64_t put_fadt(const struct fadt_spec *s)
{
	struct buf b = { .n = s->length - 36 };

	memset(b.d, 0, b.n);
	bset(&b, 76 - 36, s->pm_tmr_blk, 4);
	b.d[91 - 36] = s->pm_tmr_blk ? 4 : 0;
	bset(&b, 109 - 36, s->boot_arch, 2);
	bset(&b, 112 - 36, s->flags, 4);
	if (s->length >= 132)
		b.d[131 - 36] = s->minor;
	if (s->length >= 220 && s->x_pm_tmr_blk) {
		b.d[208 - 36] = s->x_pm_tmr_space;
		b.d[209 - 36] = 32;
		bset(&b, 212 - 36, s->x_pm_tmr_blk, 8);
	}
	return fx.fadt = put_sdt("FACP", s->revision, &b);
}

/* HPET table (HPET spec 1.0a 3.2.4). */
static uint64_t put_hpet(uint32_t block_id, uint8_t space, uint64_t addr, uint16_t min_tick)
{
	struct buf b = { .n = 0 };

	b32(&b, block_id);
	b8(&b, space); b8(&b, 64); b8(&b, 0); b8(&b, 0); b64(&b, addr);
	b8(&b, 0);
	b16(&b, min_tick);
	b8(&b, 0);
	return fx.hpet = put_sdt("HPET", 1, &b);
}

static uint64_t put_ssdt(void)
{
	struct buf b = { .n = 64 };

	memset(b.d, 0x5B, b.n);
	return put_sdt("SSDT", 2, &b);
}

/* ---- machines ---- */

#define FADT_TMR_VAL_EXT (1u << 8)
#define FADT_HW_REDUCED (1u << 20)
#define ROM_RSDP 0xF05B0u

/* An 8-thread desktop: APIC IDs as a 4-core SMT part numbers them, one
 * IOAPIC, IRQ0->GSI2 and the SCI (IRQ9) level/active-low, a 24-bit PM
 * timer, an 8-comparator Intel HPET; both an RSDT and an XSDT. */
static void build_desktop(void)
{
	static const uint8_t ids[8] = { 0, 2, 4, 6, 1, 3, 5, 7 };
	struct buf m;

	image_new();
	madt_begin(&m, 0xFEE00000, MADT_PCAT_COMPAT);
	for (int i = 0; i < 8; i++)
		sub_lapic(&m, (uint8_t)(i + 1), ids[i], LAPIC_ENABLED);
	sub_ioapic(&m, 2, 0xFEC00000, 0);
	sub_iso(&m, 0, 0, 2, 0);
	sub_iso(&m, 0, 9, 9, MPS_INTI_LEVEL | MPS_INTI_ACTIVE_LOW);
	sub_lapic_nmi(&m, 0xFF, MPS_INTI_EDGE | MPS_INTI_ACTIVE_HIGH, 1);
	put_fadt(&(struct fadt_spec){ .revision = 6, .length = 276, .minor = 3,
				      .pm_tmr_blk = 0x1808, .x_pm_tmr_space = 1,
				      .x_pm_tmr_blk = 0x1808, .flags = 0x000084A5,
				      .boot_arch = IAPC_BOOT_ARCH_LEGACY_DEVICES | IAPC_BOOT_ARCH_8042 });
	uint64_t ssdt = put_ssdt();
	fx.madt = put_sdt("APIC", 4, &m);
	put_hpet(0x8086A701, 0, 0xFED00000, 0x80);
	uint64_t e[] = { fx.fadt, ssdt, fx.madt, fx.hpet };
	put_rsdt(e, 4);
	put_xsdt(e, 4);
	put_rsdp(ROM_RSDP, 2, "ALASKA", (uint32_t)fx.rsdt, fx.xsdt);
}

/* A 2-socket server in x2APIC mode: socket 0 as type 0 entries, socket 1
 * with APIC IDs above 255 as type 9, unusable placeholders (ID 0xFF) and
 * online-capable hot-plug slots, LAPIC NMI for all processors in both
 * forms, 3 IOAPICs, no HPET. */
static void build_server(void)
{
	struct buf m;

	image_new();
	madt_begin(&m, 0xFEE00000, MADT_PCAT_COMPAT);
	for (uint8_t i = 0; i < 4; i++)
		sub_lapic(&m, i, (uint8_t)(i * 2), LAPIC_ENABLED);
	for (uint32_t i = 0; i < 4; i++)
		sub_x2apic(&m, 256 + i * 2, LAPIC_ENABLED, 4 + i);
	sub_lapic(&m, 0xFE, 0xFF, 0);
	sub_lapic(&m, 0xFD, 0xFF, 0);
	sub_x2apic(&m, 264, LAPIC_ONLINE_CAPABLE, 8);
	sub_x2apic(&m, 266, LAPIC_ONLINE_CAPABLE, 9);
	sub_ioapic(&m, 8, 0xFEC00000, 0);
	sub_ioapic(&m, 9, 0xFEC01000, 24);
	sub_ioapic(&m, 10, 0xFEC40000, 48);
	sub_iso(&m, 0, 0, 2, 0);
	sub_iso(&m, 0, 9, 9, MPS_INTI_LEVEL | MPS_INTI_ACTIVE_HIGH);
	sub_lapic_nmi(&m, 0xFF, MPS_INTI_EDGE | MPS_INTI_ACTIVE_HIGH, 1);
	sub_x2apic_nmi(&m, MPS_INTI_EDGE | MPS_INTI_ACTIVE_HIGH, 0xFFFFFFFF, 1);
	fx.madt = put_sdt("APIC", 5, &m);
	put_fadt(&(struct fadt_spec){ .revision = 6, .length = 276, .minor = 4,
				      .pm_tmr_blk = 0x508, .x_pm_tmr_space = 1,
				      .x_pm_tmr_blk = 0x508, .flags = FADT_TMR_VAL_EXT,
				      .boot_arch = IAPC_BOOT_ARCH_LEGACY_DEVICES |
						   IAPC_BOOT_ARCH_VGA_NOT_PRESENT });
	uint64_t e[] = { fx.fadt, fx.madt };
	put_xsdt(e, 2);
	put_rsdp(ROM_RSDP, 2, "INTEL ", 0, fx.xsdt);
}

/* An ACPI 1.0 machine: revision 0 RSDP in the EBDA, RSDT only, a
 * revision 1 FADT (116 bytes, no boot flags) with a 32-bit PM timer. */
static void build_acpi1(void)
{
	struct buf m;

	image_new();
	madt_begin(&m, 0xFEE00000, MADT_PCAT_COMPAT);
	sub_lapic(&m, 0, 0, LAPIC_ENABLED);
	sub_lapic(&m, 1, 1, LAPIC_ENABLED);
	sub_ioapic(&m, 2, 0xFEC00000, 0);
	sub_iso(&m, 0, 0, 2, 0);
	fx.madt = put_sdt("APIC", 1, &m);
	put_fadt(&(struct fadt_spec){ .revision = 1, .length = 116, .pm_tmr_blk = 0x4008,
				      .flags = FADT_TMR_VAL_EXT, .boot_arch = 0xFFFF });
	uint64_t e[] = { fx.madt, fx.fadt };
	put_rsdt(e, 2);
	put_rsdp(EBDA_BASE + 0x80, 0, "OLDPC ", (uint32_t)fx.rsdt, 0);
}

/* QEMU q35 with -smp 4 as SeaBIOS presents it: revision 0 RSDP, RSDT,
 * revision 3 FADT, QEMU's overrides and 3-comparator HPET. */
static void build_q35(void)
{
	struct buf m;

	image_new();
	madt_begin(&m, 0xFEE00000, MADT_PCAT_COMPAT);
	for (uint8_t i = 0; i < 4; i++)
		sub_lapic(&m, i, i, LAPIC_ENABLED);
	sub_ioapic(&m, 0, 0xFEC00000, 0);
	sub_iso(&m, 0, 0, 2, 0);
	sub_iso(&m, 0, 5, 5, 0xD);
	sub_iso(&m, 0, 9, 9, 0xD);
	sub_iso(&m, 0, 10, 10, 0xD);
	sub_iso(&m, 0, 11, 11, 0xD);
	sub_lapic_nmi(&m, 0xFF, 0, 1);
	put_fadt(&(struct fadt_spec){ .revision = 3, .length = 244, .pm_tmr_blk = 0x608,
				      .x_pm_tmr_space = 1, .x_pm_tmr_blk = 0x608,
				      .flags = 0x84A5 });
	fx.madt = put_sdt("APIC", 1, &m);
	put_hpet(0x8086A201, 0, 0xFED00000, 0);
	uint64_t e[] = { fx.fadt, fx.madt, fx.hpet };
	put_rsdt(e, 3);
	put_rsdp(0xF5A30, 0, "BOCHS ", (uint32_t)fx.rsdt, 0);
}

#define HIGH_TABLE 0x300000000ull /* above what the image (and kernel) maps */

/* A hardware-reduced VM, XSDT only: x2APIC entries, a LAPIC address
 * override, subtable types the parser does not read, an NMI source, and an
 * XSDT with an empty slot and a table outside mapped memory. */
static void build_xsdt_only(void)
{
	struct buf m;

	image_new();
	madt_begin(&m, 0xFEE00000, 0);
	sub_x2apic(&m, 0, LAPIC_ENABLED, 0);
	sub_raw(&m, 0x7F, 6);
	sub_x2apic(&m, 1, LAPIC_ENABLED, 1);
	sub_raw(&m, 6, 16); /* I/O SAPIC */
	sub_ioapic(&m, 0, 0xFEC00000, 0);
	sub_lapic_address(&m, 0xFEE00000ull | 1ull << 32);
	sub_nmi_source(&m, MPS_INTI_EDGE | MPS_INTI_ACTIVE_HIGH, 23);
	sub_x2apic_nmi(&m, 0, 1, 0);
	fx.madt = put_sdt("APIC", 6, &m);
	put_fadt(&(struct fadt_spec){ .revision = 6, .length = 276, .minor = 5,
				      .pm_tmr_blk = 0x608, .flags = FADT_HW_REDUCED });
	uint64_t e[] = { 0, HIGH_TABLE, fx.madt, fx.fadt };
	put_xsdt(e, 4);
	put_rsdp(ROM_RSDP, 2, "VMVM\x01\xff", 0, fx.xsdt);
}

/* A desktop-like table set around a MADT body built by the test. */
static void build_with_madt(const struct buf *m)
{
	image_new();
	fx.madt = put_sdt("APIC", 4, m);
	put_xsdt(&fx.madt, 1);
	put_rsdp(ROM_RSDP, 2, "TEST  ", 0, fx.xsdt);
}

/* ---- parsing ---- */

/* As the kernel does after acpi_find_rsdp. */
static int parse(void)
{
	const void *r = map_image(fx.rsdp, ACPI_RSDP_V2_LEN, &image);

	return acpi_parse(map_image, &image, r, ACPI_RSDP_V2_LEN, fx.rsdp, &plat, err,
			  sizeof(err));
}

static bool cleared(const struct platform *p)
{
	static const struct platform zero;

	return memcmp(p, &zero, sizeof(zero)) == 0;
}

static void accepts(void)
{
	bool ok = parse() == 0 && err[0] == '\0';

	if (!ok)
		printf("  err \"%s\"\n", err);
	CHECK(ok);
}

/* Parsing must fail with one "acpi: " line mentioning both texts. */
static void rejects(const char *mentions, const char *also)
{
	memset(&plat, 0x5A, sizeof(plat));
	bool ok = parse() == -1 && strncmp(err, "acpi: ", 6) == 0 &&
		  strstr(err, mentions) && (!also || strstr(err, also)) &&
		  !strchr(err, '\n') && cleared(&plat);
	if (!ok)
		printf("  err \"%s\", wanted \"%s\" and \"%s\"\n", err, mentions,
		       also ? also : "");
	CHECK(ok);
}

/* ---- well-formed machines ---- */

static void test_desktop(void)
{
	static const uint8_t ids[8] = { 0, 2, 4, 6, 1, 3, 5, 7 };

	build_desktop();
	accepts();
	CHECK(plat.source == PLATFORM_SOURCE_ACPI);
	CHECK(plat.revision == 2);
	CHECK(strcmp(plat.oem_id, "ALASKA") == 0);
	CHECK(plat.xsdt);
	CHECK(plat.root_pointer == ROM_RSDP);
	CHECK(plat.lapic_address == 0xFEE00000);
	CHECK(plat.madt_flags == MADT_PCAT_COMPAT);
	CHECK(plat.n_cpus == 8 && plat.cpus_ignored == 0 && plat.cpus_disabled == 0);
	for (unsigned i = 0; i < plat.n_cpus; i++) {
		CHECK(plat.cpus[i].apic_id == ids[i]);
		CHECK(plat.cpus[i].acpi_uid == i + 1);
		CHECK(plat.cpus[i].enabled && !plat.cpus[i].online_capable);
		CHECK(!plat.cpus[i].mp_bsp);
		CHECK(plat.cpus[i].entry == CPU_ENTRY_MADT_LAPIC);
	}
	CHECK(plat.n_ioapics == 1);
	CHECK(plat.ioapics[0].id == 2 && plat.ioapics[0].address == 0xFEC00000 &&
	      plat.ioapics[0].gsi_base == 0);
	CHECK(plat.n_overrides == 2);
	CHECK(plat.overrides[0].bus == 0 && plat.overrides[0].source_irq == 0 &&
	      plat.overrides[0].gsi == 2 && plat.overrides[0].flags == 0);
	CHECK(plat.overrides[1].source_irq == 9 && plat.overrides[1].gsi == 9 &&
	      plat.overrides[1].flags == (MPS_INTI_LEVEL | MPS_INTI_ACTIVE_LOW));
	CHECK(plat.n_nmi_sources == 0);
	CHECK(plat.n_lapic_nmis == 1);
	CHECK(plat.lapic_nmis[0].acpi_uid == PLATFORM_ALL_CPUS && plat.lapic_nmis[0].lint == 1 &&
	      plat.lapic_nmis[0].flags == 5);
	CHECK(plat.fadt.present && plat.fadt.revision == 6 && plat.fadt.minor_revision == 3);
	CHECK(!plat.fadt.hw_reduced);
	CHECK(plat.fadt.pm_timer_port == 0x1808 && !plat.fadt.pm_timer_32bit);
	CHECK(plat.fadt.boot_arch_valid);
	CHECK(plat.fadt.iapc_boot_arch == (IAPC_BOOT_ARCH_LEGACY_DEVICES | IAPC_BOOT_ARCH_8042));
	CHECK(plat.hpet.present && plat.hpet.address == 0xFED00000);
	CHECK(plat.hpet.block_id == 0x8086A701 && plat.hpet.pci_vendor_id == 0x8086);
	CHECK(plat.hpet.comparators == 8 && plat.hpet.hw_rev_id == 1);
	CHECK(plat.hpet.counter_64bit && plat.hpet.legacy_replacement);
	CHECK(plat.hpet.min_tick == 0x80 && plat.hpet.hpet_number == 0);
}

/* Multiboot2 hands over a copy of the RSDP, not its address. */
static void test_desktop_from_loader_copy(void)
{
	uint8_t copy[ACPI_RSDP_V2_LEN];

	build_desktop();
	memcpy(copy, image.mem + fx.rsdp, sizeof(copy));
	memset(image.mem + fx.rsdp, 0, sizeof(copy));
	CHECK(acpi_parse(map_image, &image, copy, sizeof(copy), 0, &plat, err, sizeof(err)) == 0);
	CHECK(plat.root_pointer == 0 && plat.xsdt && plat.n_cpus == 8);
}

/* An RSDP whose Length goes past 36 bytes: the scan accepts it, and
 * acpi_rsdp_length says how much to map, so the parse accepts it too. */
static void test_rsdp_longer_than_36_bytes(void)
{
	uint64_t at;

	build_desktop();
	w32(fx.rsdp + 20, 40);
	fix_sum(fx.rsdp, 20, 8);
	fix_sum(fx.rsdp, 40, 32);
	CHECK(acpi_find_rsdp(map_image, &image, &at) == 0 && at == fx.rsdp);
	size_t len = acpi_rsdp_length(map_image, &image, at);
	CHECK(len == 40);
	const void *r = map_image(at, len, &image);
	CHECK(acpi_parse(map_image, &image, r, len, at, &plat, err, sizeof(err)) == 0);
	CHECK(plat.n_cpus == 8);
}

/* With revision 2 but no XSDT address, the RSDT is used. */
static void test_revision2_without_xsdt_uses_rsdt(void)
{
	build_desktop();
	w64(fx.rsdp + 24, 0);
	fix_rsdp(fx.rsdp);
	accepts();
	CHECK(!plat.xsdt && plat.n_cpus == 8 && plat.hpet.present);
}

static void test_server(void)
{
	build_server();
	accepts();
	CHECK(plat.revision == 2 && plat.xsdt && strcmp(plat.oem_id, "INTEL ") == 0);
	CHECK(plat.n_cpus == 10 && plat.cpus_ignored == 0 && plat.cpus_disabled == 2);
	CHECK(platform_enabled_cpus(&plat) == 8);
	for (unsigned i = 0; i < 4; i++) {
		CHECK(plat.cpus[i].apic_id == i * 2 && plat.cpus[i].acpi_uid == i);
		CHECK(plat.cpus[i].entry == CPU_ENTRY_MADT_LAPIC && plat.cpus[i].enabled);
		CHECK(plat.cpus[4 + i].apic_id == 256 + i * 2 && plat.cpus[4 + i].acpi_uid == 4 + i);
		CHECK(plat.cpus[4 + i].entry == CPU_ENTRY_MADT_X2APIC && plat.cpus[4 + i].enabled);
	}
	CHECK(plat.cpus[8].apic_id == 264 && !plat.cpus[8].enabled && plat.cpus[8].online_capable);
	CHECK(plat.cpus[9].apic_id == 266 && !plat.cpus[9].enabled && plat.cpus[9].online_capable);
	CHECK(plat.n_ioapics == 3);
	CHECK(plat.ioapics[0].gsi_base == 0 && plat.ioapics[1].gsi_base == 24 &&
	      plat.ioapics[2].gsi_base == 48);
	CHECK(plat.ioapics[1].id == 9 && plat.ioapics[2].address == 0xFEC40000);
	CHECK(plat.n_lapic_nmis == 2);
	CHECK(plat.lapic_nmis[0].acpi_uid == PLATFORM_ALL_CPUS && plat.lapic_nmis[0].lint == 1);
	CHECK(plat.lapic_nmis[1].acpi_uid == PLATFORM_ALL_CPUS && plat.lapic_nmis[1].lint == 1);
	CHECK(plat.fadt.present && plat.fadt.pm_timer_port == 0x508 && plat.fadt.pm_timer_32bit);
	CHECK(plat.fadt.iapc_boot_arch & IAPC_BOOT_ARCH_VGA_NOT_PRESENT);
	CHECK(!plat.hpet.present);
}

/* SRAT (ACPI 6.5 5.2.16) for the server: socket 0 in node 0 through type 0
 * entries (one disabled), socket 1 in node 0x1234567 through type 2 (x2APIC
 * IDs above 255), plus a memory affinity entry to skip. */
static struct buf srat_server(void)
{
	struct buf b = { .n = 0 };

	b32(&b, 1);
	b64(&b, 0);
	for (uint8_t i = 0; i < 4; i++) {
		b8(&b, 0), b8(&b, 16), b8(&b, 0), b8(&b, (uint8_t)(i * 2));
		b32(&b, i == 3 ? 0 : 1);
		b8(&b, 0), b8(&b, 0), b8(&b, 0), b8(&b, 0), b32(&b, 0);
	}
	b8(&b, 1), b8(&b, 40);	/* memory affinity */
	for (int i = 0; i < 38; i++)
		b8(&b, 0);
	for (uint32_t i = 0; i < 4; i++) {
		b8(&b, 2), b8(&b, 24), b16(&b, 0), b32(&b, 0x1234567);
		b32(&b, 256 + i * 2), b32(&b, 1), b32(&b, 0), b32(&b, 0);
	}
	return b;
}

static void put_server_with(const struct buf *srat)
{
	build_server();
	uint64_t t = put_sdt("SRAT", 3, srat);
	uint64_t e[] = { fx.fadt, fx.madt, t };
	put_xsdt(e, 3);
	put_rsdp(ROM_RSDP, 2, "INTEL ", 0, fx.xsdt);
}

static void test_srat_nodes(void)
{
	struct buf b = srat_server();

	put_server_with(&b);
	accepts();
	CHECK(plat.srat_ignored[0] == 0);
	for (unsigned i = 0; i < 3; i++)
		CHECK(plat.cpus[i].has_proximity && plat.cpus[i].proximity == 0);
	CHECK(!plat.cpus[3].has_proximity);	/* its entry is not enabled */
	for (unsigned i = 4; i < 8; i++)
		CHECK(plat.cpus[i].has_proximity && plat.cpus[i].proximity == 0x1234567);
	CHECK(!plat.cpus[8].has_proximity);
}

/* A bad SRAT leaves the nodes unknown, says why, and the run goes on. */
static void test_srat_bad_is_ignored(void)
{
	struct buf b = srat_server();

	b.d[12 + 16 + 1] = 8;	/* the second entry claims 8 bytes: too short for type 0 */
	put_server_with(&b);
	accepts();
	CHECK(strstr(plat.srat_ignored, "SRAT: affinity entry (type 0) at offset 64 has length 8") != 0);
	for (unsigned i = 0; i < plat.n_cpus; i++)
		CHECK(!plat.cpus[i].has_proximity);
	b = srat_server();
	b.n -= 30;		/* the last entry runs past the end */
	put_server_with(&b);
	accepts();
	CHECK(strstr(plat.srat_ignored, "runs past the table end") != 0);
	CHECK(plat.n_cpus == 10 && platform_enabled_cpus(&plat) == 8);
}

/* The server's three I/O APICs, 24 entries each: GSIs 0-71, each with one
 * home; then a smaller second one (a gap), firmware bases that overlap, and
 * MP-table I/O APICs whose bases follow from the entry counts. */
static void test_server_gsi_ranges(void)
{
	unsigned entries[3] = { 24, 24, 24 }, io = 9, pin = 99, a = 9, b = 9;
	uint32_t bases[3];

	build_server();
	accepts();
	CHECK(platform_ioapic_gsi_bases(&plat, entries, bases, &a, &b) == 0);
	CHECK(bases[0] == 0 && bases[1] == 24 && bases[2] == 48);
	CHECK(platform_gsi_to_ioapic(bases, entries, 3, 30, &io, &pin) && io == 1 && pin == 6);
	CHECK(platform_gsi_to_ioapic(bases, entries, 3, 71, &io, &pin) && io == 2 && pin == 23);
	CHECK(platform_gsi_to_ioapic(bases, entries, 3, 0, &io, &pin) && io == 0 && pin == 0);
	CHECK(!platform_gsi_to_ioapic(bases, entries, 3, 72, &io, &pin));
	entries[1] = 16;
	CHECK(platform_ioapic_gsi_bases(&plat, entries, bases, &a, &b) == 0);
	CHECK(!platform_gsi_to_ioapic(bases, entries, 3, 40, &io, &pin));
	CHECK(platform_gsi_to_ioapic(bases, entries, 3, 39, &io, &pin) && io == 1 && pin == 15);
	plat.ioapics[2].gsi_base = 16;
	CHECK(platform_ioapic_gsi_bases(&plat, entries, bases, &a, &b) == -1 && a == 0 && b == 2);
	plat.ioapics[1].gsi_base = plat.ioapics[2].gsi_base = PLATFORM_GSI_BASE_UNKNOWN;
	CHECK(platform_ioapic_gsi_bases(&plat, entries, bases, &a, &b) == 0);
	CHECK(bases[0] == 0 && bases[1] == 24 && bases[2] == 40);
}

static void test_acpi1_rsdt_only(void)
{
	uint64_t at;

	build_acpi1();
	CHECK(acpi_find_rsdp(map_image, &image, &at) == 0 && at == EBDA_BASE + 0x80);
	const void *r = map_image(at, ACPI_RSDP_V1_LEN, &image);
	CHECK(acpi_parse(map_image, &image, r, ACPI_RSDP_V1_LEN, at, &plat, err, sizeof(err)) == 0);
	CHECK(plat.revision == 0 && !plat.xsdt && strcmp(plat.oem_id, "OLDPC ") == 0);
	CHECK(plat.n_cpus == 2 && plat.n_ioapics == 1 && plat.n_overrides == 1);
	CHECK(plat.fadt.present && plat.fadt.revision == 1 && plat.fadt.minor_revision == 0);
	CHECK(plat.fadt.pm_timer_port == 0x4008 && plat.fadt.pm_timer_32bit);
	/* Bytes 109-110 were reserved in ACPI 1.0: not boot flags. */
	CHECK(!plat.fadt.boot_arch_valid && plat.fadt.iapc_boot_arch == 0);
	CHECK(!plat.hpet.present);
}

static void test_q35(void)
{
	build_q35();
	accepts();
	CHECK(plat.revision == 0 && !plat.xsdt && strcmp(plat.oem_id, "BOCHS ") == 0);
	CHECK(plat.n_cpus == 4 && plat.cpus[3].apic_id == 3);
	CHECK(plat.n_ioapics == 1 && plat.ioapics[0].id == 0);
	CHECK(plat.n_overrides == 5 && plat.overrides[4].source_irq == 11);
	CHECK(plat.fadt.revision == 3 && plat.fadt.boot_arch_valid && plat.fadt.iapc_boot_arch == 0);
	CHECK(plat.fadt.pm_timer_port == 0x608 && !plat.fadt.pm_timer_32bit);
	CHECK(plat.hpet.present && plat.hpet.comparators == 3 && plat.hpet.address == 0xFED00000);
	CHECK(plat.n_lapic_nmis == 1 && plat.lapic_nmis[0].acpi_uid == PLATFORM_ALL_CPUS);
}

static void test_xsdt_only(void)
{
	build_xsdt_only();
	accepts();
	CHECK(plat.revision == 2 && plat.xsdt);
	CHECK(strcmp(plat.oem_id, "VMVM??") == 0);
	CHECK(plat.lapic_address == (0xFEE00000ull | 1ull << 32));
	CHECK(plat.madt_flags == 0);
	CHECK(plat.n_cpus == 2 && plat.cpus[1].apic_id == 1 &&
	      plat.cpus[1].entry == CPU_ENTRY_MADT_X2APIC);
	CHECK(plat.n_ioapics == 1);
	CHECK(plat.n_nmi_sources == 1 && plat.nmi_sources[0].gsi == 23 &&
	      plat.nmi_sources[0].flags == 5);
	CHECK(plat.n_lapic_nmis == 1 && plat.lapic_nmis[0].acpi_uid == 1 &&
	      plat.lapic_nmis[0].lint == 0);
	CHECK(plat.fadt.present && plat.fadt.hw_reduced && plat.fadt.pm_timer_port == 0);
	CHECK(!plat.hpet.present);
}

/* X_PM_TMR_BLK outside I/O space: PM_TMR_BLK is used. */
static void test_pm_timer_in_memory_space(void)
{
	build_desktop();
	image.mem[fx.fadt + 208] = 0; /* system memory */
	w64(fx.fadt + 212, 0xFED0F000);
	w32(fx.fadt + 76, 0x408);
	fix_sdt(fx.fadt);
	accepts();
	CHECK(plat.fadt.pm_timer_port == 0x408);
}

static void test_duplicate_apic_ids_among_disabled_are_fine(void)
{
	struct buf m;

	madt_begin(&m, 0xFEE00000, 1);
	sub_lapic(&m, 0, 0, LAPIC_ENABLED);
	sub_lapic(&m, 1, 0xFF, 0);
	sub_lapic(&m, 2, 0xFF, 0);
	sub_lapic(&m, 3, 5, LAPIC_ONLINE_CAPABLE);
	sub_lapic(&m, 4, 5, LAPIC_ONLINE_CAPABLE);
	build_with_madt(&m);
	accepts();
	CHECK(plat.n_cpus == 3 && plat.cpus_disabled == 2);
	CHECK(!plat.fadt.present && !plat.hpet.present);
}

/* Online-capable only counts when the CPU is not enabled. */
static void test_online_capable_ignored_when_enabled(void)
{
	struct buf m;

	madt_begin(&m, 0xFEE00000, 1);
	sub_lapic(&m, 0, 0, LAPIC_ENABLED | LAPIC_ONLINE_CAPABLE);
	build_with_madt(&m);
	accepts();
	CHECK(plat.n_cpus == 1 && plat.cpus[0].enabled && !plat.cpus[0].online_capable);
}

static void test_capacity(void)
{
	struct buf m;

	madt_begin(&m, 0xFEE00000, 1);
	for (uint32_t i = 0; i < 300; i++)
		sub_x2apic(&m, i, LAPIC_ENABLED, i);
	sub_x2apic(&m, 1000, LAPIC_ONLINE_CAPABLE, 1000);
	for (uint32_t i = 0; i < 300; i++)
		sub_x2apic_nmi(&m, 0, i, 1);
	build_with_madt(&m);
	accepts();
	CHECK(plat.n_cpus == PLATFORM_MAX_CPUS && plat.cpus_ignored == 44);
	CHECK(plat.cpus_disabled == 1);
	CHECK(plat.cpus[255].apic_id == 255);
	CHECK(plat.n_lapic_nmis == PLATFORM_MAX_LAPIC_NMIS && plat.lapic_nmis_ignored == 44);
}

/* A later revision's longer subtable is read for its known part. */
static void test_longer_subtable_accepted(void)
{
	struct buf m;

	madt_begin(&m, 0xFEE00000, 1);
	sub_lapic(&m, 0, 0, LAPIC_ENABLED);
	size_t at = m.n;
	sub_ioapic(&m, 4, 0xFEC00000, 0);
	b32(&m, 0xDEADBEEF);
	m.d[at + 1] = 16;
	build_with_madt(&m);
	accepts();
	CHECK(plat.n_ioapics == 1 && plat.ioapics[0].id == 4);
}

/* ---- acpi_find_rsdp ---- */

static void test_find_rsdp(void)
{
	uint64_t at = 0;

	build_desktop();
	CHECK(acpi_find_rsdp(map_image, &image, &at) == 0 && at == ROM_RSDP);

	/* An earlier candidate with a bad checksum is passed over. */
	wbytes(0xE0010, "RSD PTR ", 8);
	CHECK(acpi_find_rsdp(map_image, &image, &at) == 0 && at == ROM_RSDP);

	/* So is a revision 2 one whose extended checksum is bad. */
	memcpy(image.mem + 0xE0020, image.mem + ROM_RSDP, ACPI_RSDP_V2_LEN);
	image.mem[0xE0020 + 33]++;
	CHECK(acpi_find_rsdp(map_image, &image, &at) == 0 && at == ROM_RSDP);
	image.mem[0xE0020 + 33]--;
	CHECK(acpi_find_rsdp(map_image, &image, &at) == 0 && at == 0xE0020);

	/* Not on a 16-byte boundary: not found. */
	memset(image.mem + 0xE0000, 0, 0x100);
	memmove(image.mem + ROM_RSDP + 4, image.mem + ROM_RSDP, ACPI_RSDP_V2_LEN);
	memset(image.mem + ROM_RSDP, 0, 4);
	CHECK(acpi_find_rsdp(map_image, &image, &at) == -1);

	/* The EBDA is searched first. */
	build_desktop();
	memcpy(image.mem + EBDA_BASE + 0x3F0, image.mem + ROM_RSDP, ACPI_RSDP_V2_LEN);
	CHECK(acpi_find_rsdp(map_image, &image, &at) == 0 && at == EBDA_BASE + 0x3F0);
	/* ... but only its first KiB. */
	build_desktop();
	memmove(image.mem + EBDA_BASE + 0x400, image.mem + ROM_RSDP, ACPI_RSDP_V2_LEN);
	memset(image.mem + ROM_RSDP, 0, ACPI_RSDP_V2_LEN);
	CHECK(acpi_find_rsdp(map_image, &image, &at) == -1);

	/* No EBDA segment: the BIOS area alone. */
	build_desktop();
	w16(0x40E, 0);
	CHECK(acpi_find_rsdp(map_image, &image, &at) == 0 && at == ROM_RSDP);
}

/* ---- platform_isa_irq_to_gsi ---- */

static void test_isa_irq_to_gsi(void)
{
	uint32_t gsi = 99;
	uint16_t flags = 99;
	const uint16_t isa = MPS_INTI_EDGE | MPS_INTI_ACTIVE_HIGH;

	build_desktop();
	accepts();
	CHECK(platform_isa_irq_to_gsi(&plat, 0, &gsi, &flags) == 0 && gsi == 2 && flags == isa);
	CHECK(platform_isa_irq_to_gsi(&plat, 1, &gsi, &flags) == 0 && gsi == 1 && flags == isa);
	CHECK(platform_isa_irq_to_gsi(&plat, 9, &gsi, &flags) == 0 && gsi == 9 &&
	      flags == (MPS_INTI_LEVEL | MPS_INTI_ACTIVE_LOW));
	CHECK(platform_isa_irq_to_gsi(&plat, 15, &gsi, &flags) == 0 && gsi == 15);
	/* GSI 2 is IRQ 0's now. */
	CHECK(platform_isa_irq_to_gsi(&plat, 2, &gsi, &flags) == -1);
	CHECK(platform_isa_irq_to_gsi(&plat, 16, &gsi, &flags) == -1);
}

static void test_isa_irq_to_gsi_defaults(void)
{
	uint32_t gsi;
	uint16_t flags;

	platform_clear(&plat);
	for (unsigned irq = 0; irq < 16; irq++)
		CHECK(platform_isa_irq_to_gsi(&plat, irq, &gsi, &flags) == 0 && gsi == irq &&
		      flags == (MPS_INTI_EDGE | MPS_INTI_ACTIVE_HIGH));
	/* Only the conforming half of an override's flags is filled in. */
	platform_add_override(&plat, &(struct platform_override){ 0, 5, 5, MPS_INTI_LEVEL });
	platform_add_override(&plat, &(struct platform_override){ 0, 7, 7, MPS_INTI_ACTIVE_LOW });
	/* Bus 1 is not ISA: ignored. */
	platform_add_override(&plat, &(struct platform_override){ 1, 3, 30, 0 });
	CHECK(platform_isa_irq_to_gsi(&plat, 5, &gsi, &flags) == 0 &&
	      flags == (MPS_INTI_LEVEL | MPS_INTI_ACTIVE_HIGH));
	CHECK(platform_isa_irq_to_gsi(&plat, 7, &gsi, &flags) == 0 &&
	      flags == (MPS_INTI_EDGE | MPS_INTI_ACTIVE_LOW));
	CHECK(platform_isa_irq_to_gsi(&plat, 3, &gsi, &flags) == 0 && gsi == 3);
	/* The first of two overrides for an IRQ wins. */
	platform_add_override(&plat, &(struct platform_override){ 0, 5, 20, 0 });
	CHECK(platform_isa_irq_to_gsi(&plat, 5, &gsi, &flags) == 0 && gsi == 5);
}

/* ---- malformed tables ---- */

static void test_bad_checksum_rsdp(void)
{
	build_desktop();
	image.mem[fx.rsdp + 9] ^= 0x20;
	rejects("RSDP", "bad checksum");
	build_desktop();
	image.mem[fx.rsdp + 33] = 1;
	rejects("RSDP", "bad extended checksum");
}

/* One byte changed in a table's body, checksum left as it was. */
static void corrupt_body(uint64_t table)
{
	image.mem[table + 24] ^= 0x01;
}

static void test_bad_checksum_each_table(void)
{
	build_desktop();
	corrupt_body(fx.xsdt);
	rejects("XSDT at 0x", "bad checksum");
	build_desktop();
	corrupt_body(fx.madt);
	rejects("MADT at 0x", "bad checksum");
	build_desktop();
	corrupt_body(fx.fadt);
	rejects("FADT at 0x", "bad checksum");
	build_desktop();
	corrupt_body(fx.hpet);
	rejects("HPET at 0x", "bad checksum");
	build_acpi1();
	corrupt_body(fx.rsdt);
	rejects("RSDT at 0x", "bad checksum");
	/* The desktop's RSDT is not used: a bad one does not matter. */
	build_desktop();
	corrupt_body(fx.rsdt);
	accepts();
}

static void test_subtable_length_zero(void)
{
	build_desktop();
	image.mem[fx.madt + 44 + 8 + 1] = 0; /* the second local APIC */
	fix_sdt(fx.madt);
	rejects("MADT: subtable type 0 at offset 52 has length 0", NULL);
}

static void test_subtable_length_one(void)
{
	struct buf m;

	madt_begin(&m, 0xFEE00000, 1);
	sub_lapic(&m, 0, 0, LAPIC_ENABLED);
	b8(&m, 0x7F);
	b8(&m, 1);
	b16(&m, 0);
	build_with_madt(&m);
	rejects("MADT: subtable type 127 at offset 52 has length 1", NULL);
}

static void test_subtable_past_end(void)
{
	struct buf m;

	madt_begin(&m, 0xFEE00000, 1);
	sub_lapic(&m, 0, 0, LAPIC_ENABLED);
	sub_ioapic(&m, 0, 0xFEC00000, 0);
	m.d[m.n - 11] = 13;
	build_with_madt(&m);
	rejects("MADT: subtable type 1 at offset 52, length 13, runs past the table end at 64", NULL);

	/* A lone byte after the last subtable: not even a type and length. */
	madt_begin(&m, 0xFEE00000, 1);
	sub_lapic(&m, 0, 0, LAPIC_ENABLED);
	b8(&m, 0);
	build_with_madt(&m);
	rejects("MADT: subtable at offset 52 runs past the table end at 53", NULL);

	/* An unknown type too. */
	madt_begin(&m, 0xFEE00000, 1);
	sub_lapic(&m, 0, 0, LAPIC_ENABLED);
	sub_raw(&m, 0x80, 8);
	m.d[m.n - 7] = 200;
	build_with_madt(&m);
	rejects("type 128 at offset 52, length 200, runs past", NULL);
}

static void test_subtable_too_short_for_type(void)
{
	static const struct {
		uint8_t type, needs;
		const char *name;
	} kinds[] = {
		{ 0, 8, "local APIC" }, { 1, 12, "I/O APIC" },
		{ 2, 10, "interrupt source override" }, { 3, 8, "NMI source" },
		{ 4, 6, "local APIC NMI" }, { 5, 12, "local APIC address override" },
		{ 9, 16, "local x2APIC" }, { 10, 12, "local x2APIC NMI" },
	};
	char want[128];
	struct buf m;

	for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
		madt_begin(&m, 0xFEE00000, 1);
		sub_lapic(&m, 0, 0, LAPIC_ENABLED);
		sub_raw(&m, kinds[i].type, (uint8_t)(kinds[i].needs - 1));
		build_with_madt(&m);
		snprintf(want, sizeof(want), "MADT: %s subtable (type %u) at offset 52 has length %u, needs %u",
			 kinds[i].name, kinds[i].type, kinds[i].needs - 1, kinds[i].needs);
		rejects(want, NULL);
	}
}

static void test_madt_past_mapped_memory(void)
{
	build_desktop();
	w32(fx.madt + 4, IMAGE_SIZE);
	rejects("MADT at 0x", "length 2097152 runs past mapped memory");

	/* The MADT's own header at the very end of the image. */
	build_desktop();
	memcpy(image.mem + IMAGE_SIZE - 16, image.mem + fx.madt, 16);
	w64(fx.xsdt + 36 + 2 * 8, IMAGE_SIZE - 16);
	fix_sdt(fx.xsdt);
	memset(image.mem + fx.madt, 0, 4); /* not found elsewhere */
	rejects("no MADT", "1 outside mapped memory");
}

static void test_table_shorter_than_header(void)
{
	build_desktop();
	w32(fx.madt + 4, 40);
	fix_sdt(fx.madt);
	rejects("MADT at 0x", "length 40 is shorter than the 44 bytes");
	build_desktop();
	w32(fx.xsdt + 4, 20);
	fix_sdt(fx.xsdt);
	rejects("XSDT at 0x", "length 20 is shorter than the 36 bytes");
	build_desktop();
	w32(fx.fadt + 4, 100);
	fix_sdt(fx.fadt);
	rejects("FADT at 0x", "length 100 is shorter than the 116 bytes");
	build_desktop();
	w32(fx.hpet + 4, 52);
	fix_sdt(fx.hpet);
	rejects("HPET at 0x", "length 52 is shorter than the 56 bytes");
}

static void test_duplicate_apic_ids(void)
{
	struct buf m;

	madt_begin(&m, 0xFEE00000, 1);
	sub_lapic(&m, 0, 0, LAPIC_ENABLED);
	sub_lapic(&m, 1, 3, LAPIC_ENABLED);
	sub_lapic(&m, 2, 3, LAPIC_ENABLED);
	build_with_madt(&m);
	rejects("MADT: APIC ID 3 is given to two enabled CPUs", NULL);

	/* Across entry types too, when the UIDs say two processors. */
	madt_begin(&m, 0xFEE00000, 1);
	sub_lapic(&m, 0, 7, LAPIC_ENABLED);
	sub_x2apic(&m, 7, LAPIC_ENABLED, 1);
	build_with_madt(&m);
	rejects("APIC ID 7", NULL);
}

/* One processor described by a type 0 and a type 9 entry (same ID and
 * UID), in either order: counted once. */
static void test_same_cpu_in_lapic_and_x2apic_entries(void)
{
	struct buf m;

	for (int x2apic_first = 0; x2apic_first < 2; x2apic_first++) {
		madt_begin(&m, 0xFEE00000, 1);
		sub_lapic(&m, 0, 0, LAPIC_ENABLED);
		if (x2apic_first)
			sub_x2apic(&m, 7, LAPIC_ENABLED, 1);
		sub_lapic(&m, 1, 7, LAPIC_ENABLED);
		if (!x2apic_first)
			sub_x2apic(&m, 7, LAPIC_ENABLED, 1);
		build_with_madt(&m);
		accepts();
		CHECK(plat.n_cpus == 2);
		CHECK(plat.cpus[1].apic_id == 7 && plat.cpus[1].acpi_uid == 1);
	}
	/* Enabled if either entry says so, whichever comes first. */
	for (int enabled_first = 0; enabled_first < 2; enabled_first++) {
		madt_begin(&m, 0xFEE00000, 1);
		sub_lapic(&m, 0, 0, LAPIC_ENABLED);
		if (enabled_first)
			sub_x2apic(&m, 1, LAPIC_ENABLED, 1);
		sub_lapic(&m, 1, 1, LAPIC_ONLINE_CAPABLE);
		if (!enabled_first)
			sub_x2apic(&m, 1, LAPIC_ENABLED, 1);
		build_with_madt(&m);
		accepts();
		CHECK(plat.n_cpus == 2);
		CHECK(plat.cpus[1].enabled && !plat.cpus[1].online_capable);
	}
}

static void test_truncated_rsdp(void)
{
	uint8_t copy[64];

	build_desktop();
	memcpy(copy, image.mem + fx.rsdp, ACPI_RSDP_V2_LEN);
	CHECK(acpi_parse(map_image, &image, copy, 12, 0, &plat, err, sizeof(err)) == -1);
	CHECK(strcmp(err, "acpi: RSDP: 12 bytes given, shorter than the 20-byte ACPI 1.0 RSDP") == 0);
	CHECK(acpi_parse(map_image, &image, NULL, 36, 0, &plat, err, sizeof(err)) == -1);
	CHECK(strstr(err, "RSDP: 0 bytes given") != NULL);
	/* A revision 2 RSDP cut to its ACPI 1.0 part. */
	CHECK(acpi_parse(map_image, &image, copy, 20, 0, &plat, err, sizeof(err)) == -1);
	CHECK(strcmp(err, "acpi: RSDP: revision 2 needs 36 bytes, 20 given (truncated copy)") == 0);
	/* Length claims more than was given. */
	copy[20] = 40;
	CHECK(acpi_parse(map_image, &image, copy, 36, 0, &plat, err, sizeof(err)) == -1);
	CHECK(strstr(err, "RSDP: Length 40 is not between 36 and the 36 bytes given") != NULL);

	build_desktop();
	image.mem[fx.rsdp] = 'r';
	rejects("RSDP: signature", NULL);
}

static void test_no_madt(void)
{
	build_desktop();
	w64(fx.xsdt + 36 + 2 * 8, fx.fadt); /* the MADT's slot */
	fix_sdt(fx.xsdt);
	rejects("no MADT (\"APIC\") among the 4 XSDT entries (0 outside mapped memory)", NULL);

	build_desktop();
	memcpy(image.mem + fx.madt, "APIX", 4);
	rejects("no MADT", NULL);
}

static void test_root_table_problems(void)
{
	build_desktop();
	w64(fx.rsdp + 24, HIGH_TABLE);
	fix_rsdp(fx.rsdp);
	rejects("XSDT at 0x300000000 is outside mapped memory", NULL);

	build_desktop();
	w64(fx.rsdp + 24, fx.madt);
	fix_rsdp(fx.rsdp);
	rejects("XSDT at 0x", "has signature \"APIC\", not \"XSDT\"");

	build_acpi1();
	w32(fx.rsdp + 16, 0);
	fix_rsdp(fx.rsdp);
	rejects("RSDP: neither an RSDT nor an XSDT address", NULL);

	/* A trailing partial entry is not read. */
	build_desktop();
	w32(fx.xsdt + 4, 36 + 4 * 8 + 4);
	fix_sdt(fx.xsdt);
	accepts();
}

static void test_no_enabled_cpu(void)
{
	struct buf m;

	madt_begin(&m, 0xFEE00000, 1);
	sub_lapic(&m, 0, 0, LAPIC_ONLINE_CAPABLE);
	build_with_madt(&m);
	rejects("MADT: no enabled CPU", NULL);
}

static void test_too_many(void)
{
	struct buf m;

	madt_begin(&m, 0xFEE00000, 1);
	sub_lapic(&m, 0, 0, LAPIC_ENABLED);
	for (uint32_t i = 0; i <= PLATFORM_MAX_IOAPICS; i++)
		sub_ioapic(&m, (uint8_t)i, 0xFEC00000 + i * 0x1000, i * 24);
	build_with_madt(&m);
	rejects("MADT: more than 32 I/O APICs", NULL);

	madt_begin(&m, 0xFEE00000, 1);
	sub_lapic(&m, 0, 0, LAPIC_ENABLED);
	for (uint32_t i = 0; i <= PLATFORM_MAX_OVERRIDES; i++)
		sub_iso(&m, 0, (uint8_t)(i % 16), i, 0);
	build_with_madt(&m);
	rejects("MADT: more than 32 interrupt source overrides", NULL);

	madt_begin(&m, 0xFEE00000, 1);
	sub_lapic(&m, 0, 0, LAPIC_ENABLED);
	for (uint32_t i = 0; i <= PLATFORM_MAX_NMI_SOURCES; i++)
		sub_nmi_source(&m, 0, i);
	build_with_madt(&m);
	rejects("MADT: more than 16 NMI sources", NULL);
}

static void test_hpet_not_in_memory(void)
{
	build_desktop();
	image.mem[fx.hpet + 40] = 1;
	fix_sdt(fx.hpet);
	rejects("HPET: register block is not in system memory (space 1, address 0xfed00000)", NULL);
}

static void test_small_error_buffers(void)
{
	char tiny[8];

	build_desktop();
	corrupt_body(fx.madt);
	const void *r = map_image(fx.rsdp, ACPI_RSDP_V2_LEN, &image);
	CHECK(acpi_parse(map_image, &image, r, 36, fx.rsdp, &plat, tiny, sizeof(tiny)) == -1);
	CHECK(strcmp(tiny, "acpi: M") == 0);
	CHECK(acpi_parse(map_image, &image, r, 36, fx.rsdp, &plat, NULL, 0) == -1);
}

/* ---- random corruption ---- */

static uint64_t rng = 0x9E3779B97F4A7C15ull;

static uint32_t rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (uint32_t)(rng >> 16);
}

/* Corrupts 1-4 bytes of one table, half the time fixing its checksum so
 * the structure checks are reached; the parser must answer, cleanly. */
static void test_random_corruption(void)
{
	void (*const machines[])(void) = { build_desktop, build_server, build_acpi1, build_q35,
					   build_xsdt_only };
	unsigned accepted = 0, rejected = 0;

	for (int round = 0; round < 3000; round++) {
		machines[round % 5]();
		uint64_t tables[] = { fx.madt, fx.madt, fx.madt, fx.fadt, fx.hpet,
				      fx.xsdt ? fx.xsdt : fx.rsdt, fx.rsdp };
		uint64_t t = tables[rnd() % 7];
		if (!t)
			continue;
		uint32_t len = t == fx.rsdp ? 36 : r32(t + 4);
		for (unsigned n = 1 + rnd() % 4; n; n--)
			image.mem[t + rnd() % len] = (uint8_t)rnd();
		if (rnd() % 2 && t == fx.rsdp)
			fix_rsdp(t);
		else if (rnd() % 2)
			fix_sdt(t);
		int r = parse();
		bool ok = r == 0 ? err[0] == '\0'
				 : strncmp(err, "acpi: ", 6) == 0 && !strchr(err, '\n') && cleared(&plat);
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
	RUN(test_desktop);
	RUN(test_desktop_from_loader_copy);
	RUN(test_revision2_without_xsdt_uses_rsdt);
	RUN(test_server);
	RUN(test_server_gsi_ranges);
	RUN(test_srat_nodes);
	RUN(test_srat_bad_is_ignored);
	RUN(test_acpi1_rsdt_only);
	RUN(test_q35);
	RUN(test_xsdt_only);
	RUN(test_pm_timer_in_memory_space);
	RUN(test_duplicate_apic_ids_among_disabled_are_fine);
	RUN(test_online_capable_ignored_when_enabled);
	RUN(test_capacity);
	RUN(test_longer_subtable_accepted);
	RUN(test_find_rsdp);
	RUN(test_isa_irq_to_gsi);
	RUN(test_isa_irq_to_gsi_defaults);
	RUN(test_bad_checksum_rsdp);
	RUN(test_bad_checksum_each_table);
	RUN(test_subtable_length_zero);
	RUN(test_subtable_length_one);
	RUN(test_subtable_past_end);
	RUN(test_subtable_too_short_for_type);
	RUN(test_madt_past_mapped_memory);
	RUN(test_table_shorter_than_header);
	RUN(test_duplicate_apic_ids);
	RUN(test_same_cpu_in_lapic_and_x2apic_entries);
	RUN(test_rsdp_longer_than_36_bytes);
	RUN(test_truncated_rsdp);
	RUN(test_no_madt);
	RUN(test_root_table_problems);
	RUN(test_no_enabled_cpu);
	RUN(test_too_many);
	RUN(test_hpet_not_in_memory);
	RUN(test_small_error_buffers);
	RUN(test_random_corruption);
	free(image.mem);
	return check_exit();
}
