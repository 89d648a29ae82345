/*
 * Writes the binary seed inputs of the fuzz targets (docs/fuzzing.md) into
 * tests/fuzz/corpus/<target>/: command lines, Multiboot2 information
 * structures as GRUB leaves them, ACPI and MP table images in the layouts
 * fuzz_acpi.c and fuzz_mptable.c expect. Every checksum is right, so each
 * seed also parses with the harness's checksum fixing turned off.
 *
 *   make fuzz-seeds    (builds this with the host compiler and runs it)
 *
 * The fuzz_extract seeds are serial logs kept as files; fuzz-seeds leaves
 * them alone. Written from the specs (Multiboot2 3.6, ACPI 6.5 5.2, MP 1.4
 * chapter 4), not from the parsers under test.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* ---- a byte image ---- */

struct img {
	uint8_t d[16384];
	size_t n;	/* bytes written: the highest offset touched + 1 */
};

static void grow(struct img *m, size_t end)
{
	if (end > sizeof(m->d)) {
		fprintf(stderr, "gen_corpus: image too large\n");
		exit(1);
	}
	if (end > m->n)
		m->n = end;
}

static void s8(struct img *m, size_t o, uint8_t v) { grow(m, o + 1); m->d[o] = v; }
static void s16(struct img *m, size_t o, uint16_t v) { s8(m, o, (uint8_t)v); s8(m, o + 1, (uint8_t)(v >> 8)); }
static void s32(struct img *m, size_t o, uint32_t v) { s16(m, o, (uint16_t)v); s16(m, o + 2, (uint16_t)(v >> 16)); }
static void s64(struct img *m, size_t o, uint64_t v) { s32(m, o, (uint32_t)v); s32(m, o + 4, (uint32_t)(v >> 32)); }
static void sbytes(struct img *m, size_t o, const void *p, size_t n) { grow(m, o + n); memcpy(m->d + o, p, n); }

/* The byte at o + at makes the n bytes at o sum to 0. */
static void checksum(struct img *m, size_t o, size_t n, size_t at)
{
	uint8_t sum = 0;

	m->d[o + at] = 0;
	for (size_t i = 0; i < n; i++)
		sum = (uint8_t)(sum + m->d[o + i]);
	m->d[o + at] = (uint8_t)-sum;
}

static const char *out_dir = "tests/fuzz/corpus";

static void write_seed(const char *target, const char *name, const void *p, size_t n)
{
	char path[512];

	snprintf(path, sizeof(path), "%s/%s", out_dir, target);
	if (mkdir(path, 0777) != 0 && errno != EEXIST) {
		perror(path);
		exit(1);
	}
	snprintf(path, sizeof(path), "%s/%s/%s", out_dir, target, name);
	FILE *f = fopen(path, "wb");
	if (!f || fwrite(p, 1, n, f) != n || fclose(f) != 0) {
		perror(path);
		exit(1);
	}
}

/* ---- command lines ---- */

static void gen_cmdline(void)
{
	static const struct {
		const char *name, *line;
	} seeds[] = {
		{ "empty", "" },
		{ "qemu-file", "build/irqbench.elf bench=int_n,self_ipi samples=100000 warmup=0" },
		{ "all-keys", "bench=all samples=10000 warmup=1000 cpus=0-3,8,10-11 apic=x2apic "
			      "selftest=exceptions,fatal" },
		{ "none", "irqbench.elf bench=none cpus=all apic=xapic selftest=none" },
		{ "tabs", "\tsamples=010\t warmup=1000000  cpus=255 " },
		{ "bad-lone-word", "bench" },
		{ "bad-range", "cpus=5-2" },
		{ "bad-repeat", "apic=auto apic=x2apic" },
		{ "bad-binary", "bench=\x01\x7f\xff samples=99999999999999999999" },
		{ "timer", "bench=timer timer_period_us=100,1000,1000000 series_ms=60000 "
			   "hist_bucket_ns=500" },
		{ "bad-periods", "timer_period_us=1,2,3,4,5,6,7,8,9" },
		{ "bad-period-zero", "timer_period_us=0 hist_bucket_ns=0" },
	};

	for (size_t i = 0; i < sizeof(seeds) / sizeof(seeds[0]); i++)
		write_seed("fuzz_cmdline", seeds[i].name, seeds[i].line, strlen(seeds[i].line));
}

/* ---- Multiboot2 information structures ---- */

/* Appends a tag with the given payload, padded to 8 bytes; returns its offset. */
static size_t mb2_tag(struct img *m, uint32_t type, const void *payload, uint32_t len)
{
	size_t o = m->n;

	s32(m, o, type);
	s32(m, o + 4, 8 + len);
	if (len)
		sbytes(m, o + 8, payload, len);
	grow(m, (o + 8 + len + 7) & ~(size_t)7);
	return o;
}

static void mb2_mmap(struct img *m, const uint64_t (*e)[3], size_t n)
{
	static uint8_t p[8 + 24 * 160];
	struct img t = { .n = 0 };

	s32(&t, 0, 24);	/* entry_size */
	s32(&t, 4, 0);	/* entry_version */
	for (size_t i = 0; i < n; i++) {
		s64(&t, 8 + 24 * i, e[i][0]);
		s64(&t, 16 + 24 * i, e[i][1]);
		s32(&t, 24 + 24 * i, (uint32_t)e[i][2]);
		s32(&t, 28 + 24 * i, 0);
	}
	memcpy(p, t.d, t.n);
	mb2_tag(m, 6, p, (uint32_t)t.n);
}

/* An ACPI 1.0 RSDP (20 bytes) or a 2.0 one (36), as a loader copies it. */
static void rsdp_bytes(uint8_t *out, int rev2, uint32_t rsdt, uint64_t xsdt)
{
	struct img r = { .n = 0 };

	sbytes(&r, 0, "RSD PTR ", 8);
	sbytes(&r, 9, "BOCHS ", 6);
	s8(&r, 15, rev2 ? 2 : 0);
	s32(&r, 16, rsdt);
	checksum(&r, 0, 20, 8);
	if (rev2) {
		s32(&r, 20, 36);
		s64(&r, 24, xsdt);
		s8(&r, 35, 0);
		checksum(&r, 0, 36, 32);
	}
	memcpy(out, r.d, rev2 ? 36 : 20);
}

static void mb2_finish(struct img *m)
{
	mb2_tag(m, 0, NULL, 0);
	s32(m, 0, (uint32_t)m->n);
}

static void gen_mb2(void)
{
	static const uint64_t bios_mmap[][3] = {
		{ 0x0, 0x9fc00, 1 }, { 0x9fc00, 0x400, 2 }, { 0xf0000, 0x10000, 2 },
		{ 0x100000, 0x7fee0000, 1 }, { 0x7ffe0000, 0x20000, 2 }, { 0xfffc0000, 0x40000, 2 },
	};
	static const uint64_t uefi_mmap[][3] = {
		{ 0x0, 0xa0000, 1 }, { 0x100000, 0x700000, 1 }, { 0x800000, 0x8000, 4 },
		{ 0x808000, 0x3000, 1 }, { 0x80b000, 0x1000, 4 }, { 0x80c000, 0x5000, 1 },
		{ 0x7f8ee000, 0x10000, 3 }, { 0x7fb7e000, 0x80000, 4 }, { 0xffc00000, 0x400000, 2 },
	};
	uint8_t buf[64];
	struct img m;

	/* GRUB 2 on a BIOS machine (QEMU q35): text mode, old RSDP. */
	memset(&m, 0, sizeof(m));
	m.n = 8;
	const char *cmd = "bench=all samples=1000 cpus=0-3";
	mb2_tag(&m, 1, cmd, (uint32_t)strlen(cmd) + 1);
	const char *loader = "GRUB 2.06-13+deb12u1";
	mb2_tag(&m, 2, loader, (uint32_t)strlen(loader) + 1);
	struct img t = { .n = 0 };
	s32(&t, 0, 639);		/* basic meminfo: mem_lower, mem_upper */
	s32(&t, 4, 2096000);
	mb2_tag(&m, 4, t.d, 8);
	memset(&t, 0, sizeof(t));
	s32(&t, 0, 0xe0);		/* BIOS boot device: biosdev, partition, sub */
	s32(&t, 4, 0xffffffff);
	s32(&t, 8, 0xffffffff);
	mb2_tag(&m, 5, t.d, 12);
	mb2_mmap(&m, bios_mmap, sizeof(bios_mmap) / sizeof(bios_mmap[0]));
	memset(&t, 0, sizeof(t));
	s64(&t, 0, 0xb8000);		/* framebuffer: EGA text 80x25 */
	s32(&t, 8, 160);
	s32(&t, 12, 80);
	s32(&t, 16, 25);
	s8(&t, 20, 16);
	s8(&t, 21, 2);
	mb2_tag(&m, 8, t.d, 24);
	rsdp_bytes(buf, 0, 0x7ffe1a2b, 0);
	mb2_tag(&m, 14, buf, 20);
	memset(&t, 0, sizeof(t));
	s32(&t, 0, 0x100000);		/* load base address */
	mb2_tag(&m, 21, t.d, 4);
	mb2_finish(&m);
	write_seed("fuzz_mb2", "grub-bios", m.d, m.n);

	/* GRUB 2 on UEFI (OVMF): RGB framebuffer, both RSDPs, EFI tags. */
	memset(&m, 0, sizeof(m));
	m.n = 8;
	mb2_tag(&m, 1, "", 1);
	loader = "GRUB 2.06-13+deb12u1";
	mb2_tag(&m, 2, loader, (uint32_t)strlen(loader) + 1);
	memset(&t, 0, sizeof(t));
	s64(&t, 0, 0x7f9ee018);		/* EFI 64-bit system table */
	mb2_tag(&m, 12, t.d, 8);
	mb2_mmap(&m, uefi_mmap, sizeof(uefi_mmap) / sizeof(uefi_mmap[0]));
	memset(&t, 0, sizeof(t));
	s64(&t, 0, 0x80000000);		/* framebuffer: 1280x800x32 RGB */
	s32(&t, 8, 5120);
	s32(&t, 12, 1280);
	s32(&t, 16, 800);
	s8(&t, 20, 32);
	s8(&t, 21, 1);
	s8(&t, 24, 16);			/* red, green, blue field positions and sizes */
	s8(&t, 25, 8);
	s8(&t, 26, 8);
	s8(&t, 27, 8);
	s8(&t, 28, 0);
	s8(&t, 29, 8);
	mb2_tag(&m, 8, t.d, 30);
	rsdp_bytes(buf, 0, 0x7fb7e014, 0);
	mb2_tag(&m, 14, buf, 20);
	rsdp_bytes(buf, 1, 0x7fb7e014, 0x7fb7e0e8);
	mb2_tag(&m, 15, buf, 36);
	memset(&t, 0, sizeof(t));
	s32(&t, 0, 48);			/* EFI memory map: descriptor size, version, one */
	s32(&t, 4, 1);
	s32(&t, 8, 7);
	s64(&t, 16, 0x100000);
	s64(&t, 32, 0x700);
	mb2_tag(&m, 17, t.d, 56);
	mb2_tag(&m, 18, NULL, 0);	/* EFI boot services not terminated */
	memset(&t, 0, sizeof(t));
	s64(&t, 0, 0x7e4c6b98);		/* EFI 64-bit image handle */
	mb2_tag(&m, 20, t.d, 8);
	mb2_finish(&m);
	write_seed("fuzz_mb2", "grub-uefi", m.d, m.n);

	/* A command line one byte too long (1024 bytes before the NUL), and
	 * more memory ranges than BOOTINFO_MMAP_MAX (130). */
	memset(&m, 0, sizeof(m));
	m.n = 8;
	char longline[1025];
	memset(longline, 'a', 1024);
	memcpy(longline, "bench=", 6);
	longline[1024] = '\0';
	mb2_tag(&m, 1, longline, sizeof(longline));
	mb2_finish(&m);
	write_seed("fuzz_mb2", "long-cmdline", m.d, m.n);
	memset(&m, 0, sizeof(m));
	m.n = 8;
	static uint64_t many[130][3];
	for (unsigned i = 0; i < 130; i++) {
		many[i][0] = 0x100000ull * i;
		many[i][1] = 0x100000;
		many[i][2] = 1 + i % 5;
	}
	mb2_mmap(&m, (const uint64_t (*)[3])many, 130);
	mb2_finish(&m);
	write_seed("fuzz_mb2", "many-ranges", m.d, m.n);

	/* Just the end tag. */
	memset(&m, 0, sizeof(m));
	m.n = 8;
	mb2_finish(&m);
	write_seed("fuzz_mb2", "minimal", m.d, m.n);
}

/* ---- ACPI images (layout: fuzz_acpi.c) ---- */

#define ACPI_WINDOW 0xE0000u
#define ACPI_HEADER 37	/* flags byte and RSDP copy before the window */
enum { A_FIX_SUMS = 1, A_V1_LEN = 2, A_BDA = 4, A_SCAN = 8 };

/* An ACPI table header at window offset o. */
static void sdt(struct img *w, size_t o, const char *sig, uint32_t len, uint8_t rev)
{
	sbytes(w, o, sig, 4);
	s32(w, o + 4, len);
	s8(w, o + 8, rev);
	sbytes(w, o + 10, "BOCHS ", 6);
	sbytes(w, o + 16, "BXPC    ", 8);
	s32(w, o + 24, 1);
	sbytes(w, o + 28, "BXPC", 4);
	s32(w, o + 32, 1);
	grow(w, o + len);
}

static void sdt_done(struct img *w, size_t o)
{
	uint32_t len = w->d[o + 4] | w->d[o + 5] << 8 | w->d[o + 6] << 16 | (uint32_t)w->d[o + 7] << 24;

	checksum(w, o, len, 9);
}

static void root_table(struct img *w, size_t o, const char *sig, const size_t *tables, size_t n)
{
	unsigned entry = strcmp(sig, "XSDT") == 0 ? 8 : 4;

	sdt(w, o, sig, 36 + entry * (uint32_t)n, 1);
	for (size_t i = 0; i < n; i++) {
		uint64_t a = tables[i] == (size_t)-1 ? 0 : ACPI_WINDOW + tables[i];
		if (entry == 8)
			s64(w, o + 36 + 8 * i, a);
		else
			s32(w, o + 36 + 4 * i, (uint32_t)a);
	}
	sdt_done(w, o);
}

/* A FADT of the given length and revision (244: ACPI 2.0-5.x, 276: 6.x). */
static void fadt(struct img *w, size_t o, uint32_t len, uint8_t rev, uint32_t flags,
		 uint16_t boot_arch, uint16_t pm_tmr, uint64_t x_pm_tmr)
{
	sdt(w, o, "FACP", len, rev);
	s32(w, o + 36, 0);		/* FIRMWARE_CTRL */
	s32(w, o + 40, 0);		/* DSDT */
	s16(w, o + 46, 9);		/* SCI_INT */
	s32(w, o + 48, 0xb2);		/* SMI_CMD */
	s32(w, o + 56, 0x600);		/* PM1a_EVT_BLK */
	s32(w, o + 64, 0x604);		/* PM1a_CNT_BLK */
	s32(w, o + 76, pm_tmr);		/* PM_TMR_BLK */
	s8(w, o + 88, 4);
	s8(w, o + 89, 2);
	s8(w, o + 91, pm_tmr ? 4 : 0);	/* PM_TMR_LEN */
	if (len >= 111)
		s16(w, o + 109, boot_arch); /* IAPC_BOOT_ARCH */
	s32(w, o + 112, flags);
	if (len >= 244 && x_pm_tmr) {
		s8(w, o + 208, 1);	/* X_PM_TMR_BLK: system I/O, 32 bits */
		s8(w, o + 209, 32);
		s8(w, o + 211, 3);
		s64(w, o + 212, x_pm_tmr);
	}
	if (len >= 132)
		s8(w, o + 131, 5);	/* FADT minor version */
	sdt_done(w, o);
}

static void hpet(struct img *w, size_t o)
{
	sdt(w, o, "HPET", 56, 1);
	s32(w, o + 36, 0x8086a201);	/* 3 comparators, 64-bit, legacy capable */
	s8(w, o + 40, 0);		/* system memory */
	s8(w, o + 41, 64);
	s64(w, o + 44, 0xfed00000);
	s8(w, o + 52, 0);
	s16(w, o + 53, 0x80);
	sdt_done(w, o);
}

/* MADT subtables, appended at *at. */
static void sub_lapic(struct img *w, size_t *at, uint8_t uid, uint8_t id, uint32_t flags)
{
	s8(w, *at, 0); s8(w, *at + 1, 8); s8(w, *at + 2, uid); s8(w, *at + 3, id); s32(w, *at + 4, flags);
	*at += 8;
}

static void sub_ioapic(struct img *w, size_t *at, uint8_t id, uint32_t addr, uint32_t gsi)
{
	s8(w, *at, 1); s8(w, *at + 1, 12); s8(w, *at + 2, id); s8(w, *at + 3, 0);
	s32(w, *at + 4, addr); s32(w, *at + 8, gsi);
	*at += 12;
}

static void sub_iso(struct img *w, size_t *at, uint8_t irq, uint32_t gsi, uint16_t flags)
{
	s8(w, *at, 2); s8(w, *at + 1, 10); s8(w, *at + 2, 0); s8(w, *at + 3, irq);
	s32(w, *at + 4, gsi); s16(w, *at + 8, flags);
	*at += 10;
}

static void sub_nmi_source(struct img *w, size_t *at, uint16_t flags, uint32_t gsi)
{
	s8(w, *at, 3); s8(w, *at + 1, 8); s16(w, *at + 2, flags); s32(w, *at + 4, gsi);
	*at += 8;
}

static void sub_lapic_nmi(struct img *w, size_t *at, uint8_t uid, uint16_t flags, uint8_t lint)
{
	s8(w, *at, 4); s8(w, *at + 1, 6); s8(w, *at + 2, uid); s16(w, *at + 3, flags); s8(w, *at + 5, lint);
	*at += 6;
}

static void sub_lapic_address(struct img *w, size_t *at, uint64_t addr)
{
	s8(w, *at, 5); s8(w, *at + 1, 12); s16(w, *at + 2, 0); s64(w, *at + 4, addr);
	*at += 12;
}

static void sub_x2apic(struct img *w, size_t *at, uint32_t id, uint32_t flags, uint32_t uid)
{
	s8(w, *at, 9); s8(w, *at + 1, 16); s16(w, *at + 2, 0);
	s32(w, *at + 4, id); s32(w, *at + 8, flags); s32(w, *at + 12, uid);
	*at += 16;
}

static void sub_x2apic_nmi(struct img *w, size_t *at, uint16_t flags, uint32_t uid, uint8_t lint)
{
	s8(w, *at, 10); s8(w, *at + 1, 12); s16(w, *at + 2, flags); s32(w, *at + 4, uid);
	s8(w, *at + 8, lint); s8(w, *at + 9, 0); s16(w, *at + 10, 0);
	*at += 12;
}

/* A MADT like QEMU's for n CPUs: returns its length. */
static size_t madt_q35(struct img *w, size_t o, unsigned n)
{
	size_t at = o + 44;

	sdt(w, o, "APIC", 44, 1);
	s32(w, o + 36, 0xfee00000);
	s32(w, o + 40, 1);		/* PCAT_COMPAT */
	for (unsigned i = 0; i < n; i++)
		sub_lapic(w, &at, (uint8_t)i, (uint8_t)i, 1);
	sub_ioapic(w, &at, 0, 0xfec00000, 0);
	sub_iso(w, &at, 0, 2, 0);
	sub_iso(w, &at, 5, 5, 0xd);
	sub_iso(w, &at, 9, 9, 0xd);
	sub_iso(w, &at, 10, 10, 0xd);
	sub_iso(w, &at, 11, 11, 0xd);
	sub_lapic_nmi(w, &at, 0xff, 0, 1);
	s32(w, o + 4, (uint32_t)(at - o));
	sdt_done(w, o);
	return at - o;
}

/* A two-socket server: xAPIC and x2APIC entries, two I/O APICs. */
static size_t madt_server(struct img *w, size_t o)
{
	size_t at = o + 44;

	sdt(w, o, "APIC", 44, 5);
	s32(w, o + 36, 0xfee00000);
	s32(w, o + 40, 1);
	sub_lapic_address(w, &at, 0xfee00000);
	for (unsigned i = 0; i < 6; i++)
		sub_lapic(w, &at, (uint8_t)i, (uint8_t)(i < 3 ? i * 2 : 0x20 + i), 1);
	sub_lapic(w, &at, 6, 0xff, 0);		/* disabled, never usable */
	sub_lapic(w, &at, 7, 0x30, 2);		/* online-capable */
	sub_x2apic(w, &at, 0x100, 1, 0x100);
	sub_x2apic(w, &at, 0x102, 1, 0x101);
	sub_ioapic(w, &at, 8, 0xfec00000, 0);
	sub_ioapic(w, &at, 9, 0xfec01000, 24);
	sub_iso(w, &at, 0, 2, 0);
	sub_iso(w, &at, 9, 9, 0xf);
	sub_nmi_source(w, &at, 0x5, 23);
	sub_lapic_nmi(w, &at, 0xff, 0x5, 1);
	sub_x2apic_nmi(w, &at, 0x5, 0xffffffff, 1);
	s8(w, at, 0x7f);			/* a type from a later revision */
	s8(w, at + 1, 4);
	s16(w, at + 2, 0);
	at += 4;
	s32(w, o + 4, (uint32_t)(at - o));
	sdt_done(w, o);
	return at - o;
}

static void write_acpi(const char *name, uint8_t flags, const uint8_t *rsdp, size_t rsdp_len,
		       const struct img *w)
{
	static uint8_t out[ACPI_HEADER + sizeof(((struct img *)0)->d)];

	memset(out, 0, sizeof(out));
	out[0] = flags;
	memcpy(out + 1, rsdp, rsdp_len);
	memcpy(out + ACPI_HEADER, w->d, w->n);
	write_seed("fuzz_acpi", name, out, ACPI_HEADER + w->n);
}

static void gen_acpi(void)
{
	uint8_t rsdp[36];
	struct img w;

	/* QEMU q35, ACPI 1.0 RSDP: RSDT -> FADT (rev 3), MADT, HPET. */
	memset(&w, 0, sizeof(w));
	size_t q35[] = { 0x40, 0x180, 0x280 };
	root_table(&w, 0, "RSDT", q35, 3);
	fadt(&w, 0x40, 244, 3, 0x84a5, 0x3, 0x608, 0);
	madt_q35(&w, 0x180, 4);
	hpet(&w, 0x280);
	rsdp_bytes(rsdp, 0, ACPI_WINDOW, 0);
	write_acpi("q35-rsdt", A_FIX_SUMS, rsdp, 36, &w);
	write_acpi("q35-rsdt-nofix", 0, rsdp, 36, &w);

	/* ACPI 1.0 machine: 20-byte copy, FADT revision 1 (116 bytes). */
	memset(&w, 0, sizeof(w));
	size_t v1[] = { 0x40, 0x100 };
	root_table(&w, 0, "RSDT", v1, 2);
	fadt(&w, 0x40, 116, 1, 0, 0, 0x4008, 0);
	madt_q35(&w, 0x100, 2);
	rsdp_bytes(rsdp, 0, ACPI_WINDOW, 0);
	write_acpi("acpi1", A_FIX_SUMS | A_V1_LEN, rsdp, 20, &w);

	/* A server, ACPI 6: XSDT (with an empty slot and an SSDT) and RSDT. */
	memset(&w, 0, sizeof(w));
	size_t srv[] = { 0x100, (size_t)-1, 0x300, 0x400, 0x500 };
	root_table(&w, 0, "XSDT", srv, 5);
	root_table(&w, 0x60, "RSDT", srv, 5);
	fadt(&w, 0x100, 276, 6, 0x100 | 0x84a5, 0x1, 0x408, 0x408);
	madt_server(&w, 0x300);
	hpet(&w, 0x400);
	sdt(&w, 0x500, "SSDT", 40, 2);
	sdt_done(&w, 0x500);
	rsdp_bytes(rsdp, 1, ACPI_WINDOW + 0x60, ACPI_WINDOW);
	write_acpi("server-xsdt", A_FIX_SUMS, rsdp, 36, &w);

	/* Hardware-reduced ACPI 6 (FADT flag bit 20), XSDT only, no HPET. */
	memset(&w, 0, sizeof(w));
	size_t hw[] = { 0x40, 0x180 };
	root_table(&w, 0, "XSDT", hw, 2);
	fadt(&w, 0x40, 276, 6, 1u << 20, 0, 0, 0);
	madt_q35(&w, 0x180, 1);
	rsdp_bytes(rsdp, 1, 0, ACPI_WINDOW);
	write_acpi("hw-reduced", A_FIX_SUMS, rsdp, 36, &w);

	/* No loader copy: the RSDP is found by the scan, in the EBDA (its
	 * first KiB at window offset 0x400) or in the BIOS area. */
	memset(&w, 0, sizeof(w));
	size_t sc[] = { 0x800, 0x940 };
	root_table(&w, 0x600, "RSDT", sc, 2);
	fadt(&w, 0x800, 244, 3, 0, 0x3, 0x608, 0);
	madt_q35(&w, 0x940, 2);
	rsdp_bytes(w.d + 0x410, 0, ACPI_WINDOW + 0x600, 0);
	grow(&w, 0x410 + 20);
	memset(rsdp, 0, sizeof(rsdp));
	write_acpi("scan-ebda", A_FIX_SUMS | A_SCAN | A_BDA | (1 << 4), rsdp, 36, &w);
	memset(w.d + 0x410, 0, 20);
	rsdp_bytes(w.d + 0xa00, 1, 0, ACPI_WINDOW + 0xa40);
	size_t sx[] = { 0x800, 0x940 };
	root_table(&w, 0xa40, "XSDT", sx, 2);
	write_acpi("scan-bios", A_FIX_SUMS | A_SCAN, rsdp, 36, &w);

	/* Full arrays: 256 xAPIC CPUs and 4 x2APIC ones (4 ignored), 260
	 * LAPIC NMI entries (4 ignored). */
	memset(&w, 0, sizeof(w));
	size_t big[] = { 0x40 };
	root_table(&w, 0, "RSDT", big, 1);
	size_t at = 0x40 + 44;
	sdt(&w, 0x40, "APIC", 44, 5);
	s32(&w, 0x40 + 36, 0xfee00000);
	for (unsigned i = 0; i < 256; i++)
		sub_lapic(&w, &at, (uint8_t)i, (uint8_t)i, 1);
	for (unsigned i = 0; i < 4; i++)
		sub_x2apic(&w, &at, 0x100 + i, 1, 0x100 + i);
	for (unsigned i = 0; i < 260; i++)
		sub_lapic_nmi(&w, &at, (uint8_t)i, 0, 1);
	sub_ioapic(&w, &at, 0, 0xfec00000, 0);
	s32(&w, 0x44, (uint32_t)(at - 0x40));
	sdt_done(&w, 0x40);
	rsdp_bytes(rsdp, 0, ACPI_WINDOW, 0);
	write_acpi("full-cpus-nmis", A_FIX_SUMS, rsdp, 36, &w);

	/* One entry too many: 33 I/O APICs, 33 overrides, 17 NMI sources. */
	static const struct {
		const char *name;
		unsigned kind, n;
	} over[] = { { "too-many-ioapics", 1, 33 }, { "too-many-overrides", 2, 33 },
		     { "too-many-nmi-sources", 3, 17 } };
	for (size_t k = 0; k < sizeof(over) / sizeof(over[0]); k++) {
		memset(&w, 0, sizeof(w));
		root_table(&w, 0, "RSDT", big, 1);
		at = 0x40 + 44;
		sdt(&w, 0x40, "APIC", 44, 5);
		s32(&w, 0x40 + 36, 0xfee00000);
		sub_lapic(&w, &at, 0, 0, 1);
		for (unsigned i = 0; i < over[k].n; i++) {
			if (over[k].kind == 1)
				sub_ioapic(&w, &at, (uint8_t)i, 0xfec00000 + 0x1000 * i, 24 * i);
			else if (over[k].kind == 2)
				sub_iso(&w, &at, (uint8_t)(i % 16), 16 + i, 0xd);
			else
				sub_nmi_source(&w, &at, 0x5, 100 + i);
		}
		s32(&w, 0x44, (uint32_t)(at - 0x40));
		sdt_done(&w, 0x40);
		write_acpi(over[k].name, A_FIX_SUMS, rsdp, 36, &w);
	}
}

/* ---- MP tables (layout: fuzz_mptable.c) ---- */

#define MP_WINDOW 0xF0000u
enum { M_FIX_SUMS = 1, M_SCAN = 2, M_BDA = 4 };

static void mp_pointer(struct img *w, size_t o, uint32_t config, uint8_t feature2)
{
	sbytes(w, o, "_MP_", 4);
	s32(w, o + 4, config);
	s8(w, o + 8, 1);
	s8(w, o + 9, 4);
	s8(w, o + 11, 0);
	s8(w, o + 12, feature2);
	grow(w, o + 16);
	checksum(w, o, 16, 10);
}

/* A configuration table at o like SeaBIOS's for n CPUs (cpu_flags[i]). */
static void mp_config(struct img *w, size_t o, const uint8_t *cpu_flags, unsigned n)
{
	size_t at = o + 44;
	unsigned count = 0;

	sbytes(w, o, "PCMP", 4);
	s8(w, o + 6, 4);
	sbytes(w, o + 8, "BOCHSCPU", 8);
	sbytes(w, o + 16, "0.1         ", 12);
	s32(w, o + 36, 0xfee00000);
	for (unsigned i = 0; i < n; i++, count++) {
		s8(w, at, 0); s8(w, at + 1, (uint8_t)i); s8(w, at + 2, 0x14); s8(w, at + 3, cpu_flags[i]);
		s32(w, at + 4, 0x000306a9); s32(w, at + 8, 0x0781fbff);
		s32(w, at + 12, 0); s32(w, at + 16, 0);
		at += 20;
	}
	s8(w, at, 1); s8(w, at + 1, 0); sbytes(w, at + 2, "PCI   ", 6); at += 8; count++;
	s8(w, at, 1); s8(w, at + 1, 1); sbytes(w, at + 2, "ISA   ", 6); at += 8; count++;
	uint8_t ioapic = (uint8_t)n;
	s8(w, at, 2); s8(w, at + 1, ioapic); s8(w, at + 2, 0x11); s8(w, at + 3, 1);
	s32(w, at + 4, 0xfec00000); at += 8; count++;
	/* PCI INTA of device 1 (bus 0, IRQ field: device << 2 | pin). */
	s8(w, at, 3); s8(w, at + 1, 0); s16(w, at + 2, 0xf); s8(w, at + 4, 0); s8(w, at + 5, 1 << 2);
	s8(w, at + 6, ioapic); s8(w, at + 7, 11); at += 8; count++;
	for (unsigned irq = 0; irq < 16; irq++) {
		if (irq == 2)
			continue;
		s8(w, at, 3); s8(w, at + 1, 0);
		s16(w, at + 2, irq == 9 ? 0xf : 0);	/* SCI: level, active low */
		s8(w, at + 4, 1); s8(w, at + 5, (uint8_t)irq);
		s8(w, at + 6, ioapic); s8(w, at + 7, irq == 0 ? 2 : (uint8_t)irq);
		at += 8;
		count++;
	}
	/* LINT0 ExtINT, LINT1 NMI, to all local APICs. */
	s8(w, at, 4); s8(w, at + 1, 3); s16(w, at + 2, 0); s8(w, at + 4, 1); s8(w, at + 5, 0);
	s8(w, at + 6, 0xff); s8(w, at + 7, 0); at += 8; count++;
	s8(w, at, 4); s8(w, at + 1, 1); s16(w, at + 2, 0); s8(w, at + 4, 1); s8(w, at + 5, 0);
	s8(w, at + 6, 0xff); s8(w, at + 7, 1); at += 8; count++;
	s16(w, o + 4, (uint16_t)(at - o));
	s16(w, o + 34, (uint16_t)count);
	checksum(w, o, at - o, 7);
}

static void write_mp(const char *name, uint8_t flags, const struct img *w)
{
	static uint8_t out[1 + sizeof(((struct img *)0)->d)];

	out[0] = flags;
	memcpy(out + 1, w->d, w->n);
	write_seed("fuzz_mptable", name, out, 1 + w->n);
}

static void gen_mptable(void)
{
	static const uint8_t two[] = { 3, 1 };
	static const uint8_t four[] = { 3, 1, 0, 1 };
	struct img w;

	/* SeaBIOS-like, 2 CPUs: pointer at 0xF0000, table right after it. */
	memset(&w, 0, sizeof(w));
	mp_pointer(&w, 0, MP_WINDOW + 0x10, 0);
	mp_config(&w, 0x10, two, 2);
	write_mp("seabios-2cpu", M_FIX_SUMS, &w);
	write_mp("seabios-2cpu-nofix", 0, &w);

	/* 4 CPUs (one disabled), IMCR present; the pointer in the EBDA (window
	 * offset 0x400) found by the scan, none at 0xF0000. */
	memset(&w, 0, sizeof(w));
	mp_pointer(&w, 0x400, MP_WINDOW + 0x800, 0x80);
	mp_config(&w, 0x800, four, 4);
	write_mp("scan-ebda-4cpu", M_FIX_SUMS | M_SCAN | M_BDA | (1 << 4) | (2 << 6), &w);

	/* Full arrays: 33 enabled I/O APICs (one too many) after 2 CPUs; and
	 * 260 LAPIC NMI entries (4 ignored). */
	memset(&w, 0, sizeof(w));
	mp_pointer(&w, 0, MP_WINDOW + 0x10, 0);
	mp_config(&w, 0x10, two, 2);
	size_t o = 0x10, at = o + (w.d[o + 4] | w.d[o + 5] << 8);
	unsigned count = w.d[o + 34] | w.d[o + 35] << 8;
	for (unsigned i = 0; i < 33; i++, count++, at += 8) {
		s8(&w, at, 2); s8(&w, at + 1, (uint8_t)(16 + i)); s8(&w, at + 2, 0x11); s8(&w, at + 3, 1);
		s32(&w, at + 4, 0xfec00000 + 0x1000 * i);
	}
	s16(&w, o + 4, (uint16_t)(at - o));
	s16(&w, o + 34, (uint16_t)count);
	checksum(&w, o, at - o, 7);
	write_mp("too-many-ioapics", M_FIX_SUMS, &w);

	memset(&w, 0, sizeof(w));
	mp_pointer(&w, 0, MP_WINDOW + 0x10, 0);
	mp_config(&w, 0x10, two, 2);
	at = o + (w.d[o + 4] | w.d[o + 5] << 8);
	count = w.d[o + 34] | w.d[o + 35] << 8;
	for (unsigned i = 0; i < 260; i++, count++, at += 8) {
		s8(&w, at, 4); s8(&w, at + 1, 1); s16(&w, at + 2, 0); s8(&w, at + 4, 1);
		s8(&w, at + 5, 0); s8(&w, at + 6, (uint8_t)i); s8(&w, at + 7, 1);
	}
	s16(&w, o + 4, (uint16_t)(at - o));
	s16(&w, o + 34, (uint16_t)count);
	checksum(&w, o, at - o, 7);
	write_mp("full-nmis", M_FIX_SUMS, &w);
}

int main(int argc, char **argv)
{
	if (argc > 1)
		out_dir = argv[1];
	gen_cmdline();
	gen_mb2();
	gen_acpi();
	gen_mptable();
	return 0;
}
