/*
 * ACPI table parsing (ACPI 6.5 chapter 5.2; the HPET table from the IA-PC
 * HPET spec 1.0a 3.2.4). Every byte comes from firmware and every length is
 * checked before it is used: this code is fuzzed. Tables are mapped whole,
 * by their own length, before anything past the header is read.
 */
#include "acpi.h"

#include <stdarg.h>

#include "fmt.h"
#include "kstring.h"

struct acpi_rsdp {
	char signature[8];
	uint8_t checksum;	/* over the first 20 bytes */
	char oem_id[6];
	uint8_t revision;
	uint32_t rsdt_address;
	/* revision >= 2 */
	uint32_t length;
	uint64_t xsdt_address;
	uint8_t extended_checksum; /* over length bytes */
	uint8_t reserved[3];
} __attribute__((packed));
_Static_assert(sizeof(struct acpi_rsdp) == ACPI_RSDP_V2_LEN, "ACPI 6.5 5.2.5.3");
_Static_assert(offsetof(struct acpi_rsdp, length) == ACPI_RSDP_V1_LEN, "ACPI 6.5 5.2.5.3");

struct acpi_sdt_header {
	char signature[4];
	uint32_t length;
	uint8_t revision;
	uint8_t checksum;
	char oem_id[6];
	char oem_table_id[8];
	uint32_t oem_revision;
	uint32_t creator_id;
	uint32_t creator_revision;
} __attribute__((packed));
_Static_assert(sizeof(struct acpi_sdt_header) == 36, "ACPI 6.5 5.2.6");

struct acpi_rsdt {
	struct acpi_sdt_header header;
	uint32_t entry[];
} __attribute__((packed));
_Static_assert(sizeof(struct acpi_rsdt) == 36, "ACPI 6.5 5.2.7");

struct acpi_xsdt {
	struct acpi_sdt_header header;
	uint64_t entry[];
} __attribute__((packed));
_Static_assert(sizeof(struct acpi_xsdt) == 36, "ACPI 6.5 5.2.8");

/* Generic Address Structure. */
struct acpi_gas {
	uint8_t space_id;
	uint8_t bit_width;
	uint8_t bit_offset;
	uint8_t access_size;
	uint64_t address;
} __attribute__((packed));
_Static_assert(sizeof(struct acpi_gas) == 12, "ACPI 6.5 5.2.3.2");

#define GAS_SYSTEM_MEMORY 0
#define GAS_SYSTEM_IO 1

struct acpi_fadt {
	struct acpi_sdt_header header;
	uint32_t firmware_ctrl;
	uint32_t dsdt;
	uint8_t reserved0;
	uint8_t preferred_pm_profile;
	uint16_t sci_int;
	uint32_t smi_cmd;
	uint8_t acpi_enable;
	uint8_t acpi_disable;
	uint8_t s4bios_req;
	uint8_t pstate_cnt;
	uint32_t pm1a_evt_blk;
	uint32_t pm1b_evt_blk;
	uint32_t pm1a_cnt_blk;
	uint32_t pm1b_cnt_blk;
	uint32_t pm2_cnt_blk;
	uint32_t pm_tmr_blk;
	uint32_t gpe0_blk;
	uint32_t gpe1_blk;
	uint8_t pm1_evt_len;
	uint8_t pm1_cnt_len;
	uint8_t pm2_cnt_len;
	uint8_t pm_tmr_len;
	uint8_t gpe0_blk_len;
	uint8_t gpe1_blk_len;
	uint8_t gpe1_base;
	uint8_t cst_cnt;
	uint16_t p_lvl2_lat;
	uint16_t p_lvl3_lat;
	uint16_t flush_size;
	uint16_t flush_stride;
	uint8_t duty_offset;
	uint8_t duty_width;
	uint8_t day_alrm;
	uint8_t mon_alrm;
	uint8_t century;
	uint16_t iapc_boot_arch;
	uint8_t reserved1;
	uint32_t flags;		/* the last field of the ACPI 1.0 FADT */
	struct acpi_gas reset_reg;
	uint8_t reset_value;
	uint16_t arm_boot_arch;
	uint8_t fadt_minor_version;
	uint64_t x_firmware_ctrl;
	uint64_t x_dsdt;
	struct acpi_gas x_pm1a_evt_blk;
	struct acpi_gas x_pm1b_evt_blk;
	struct acpi_gas x_pm1a_cnt_blk;
	struct acpi_gas x_pm1b_cnt_blk;
	struct acpi_gas x_pm2_cnt_blk;
	struct acpi_gas x_pm_tmr_blk;
	struct acpi_gas x_gpe0_blk;
	struct acpi_gas x_gpe1_blk;
	struct acpi_gas sleep_control_reg;
	struct acpi_gas sleep_status_reg;
	uint64_t hypervisor_vendor_identity;
} __attribute__((packed));
_Static_assert(sizeof(struct acpi_fadt) == 276, "ACPI 6.5 5.2.9");

/* The ACPI 1.0 FADT ends after flags; later revisions only append. */
#define FADT_V1_LEN (offsetof(struct acpi_fadt, flags) + 4)
_Static_assert(FADT_V1_LEN == 116, "the ACPI 1.0 FADT is 116 bytes");

/* Whether the FADT t is long enough to hold field (later revisions only
 * append fields, ACPI 6.5 5.2.9). */
#define FADT_HAS(t, field) \
	((t)->header.length >= offsetof(struct acpi_fadt, field) + sizeof((t)->field))

/* FADT Flags (ACPI 6.5 5.2.9, Fixed ACPI Description Table Fixed Feature Flags). */
#define FADT_TMR_VAL_EXT (1u << 8)
#define FADT_HW_REDUCED_ACPI (1u << 20)
/* FADT Minor Version: the minor number in bits 3:0, errata in 7:4. */
#define FADT_MINOR_MASK 0x0Fu
/* IAPC_BOOT_ARCH first appears in FADT revision 2 (ACPI 6.5 5.2.9.3 notes
 * which revision added each bit; before that the field was reserved). */
#define FADT_BOOT_ARCH_REVISION 2

struct acpi_hpet {
	struct acpi_sdt_header header;
	uint32_t event_timer_block_id;
	struct acpi_gas base_address;
	uint8_t hpet_number;
	uint16_t main_counter_min_tick;
	uint8_t page_protection;
} __attribute__((packed));
_Static_assert(sizeof(struct acpi_hpet) == 56, "HPET 1.0a 3.2.4");

/* Event Timer Block ID fields (HPET 1.0a 3.2.4, laid out as the General
 * Capabilities register, 2.3.4). */
#define HPET_ID_REV_MASK 0xFFu
#define HPET_ID_NUM_COMPARATORS_SHIFT 8
#define HPET_ID_NUM_COMPARATORS_MASK 0x1Fu
#define HPET_ID_COUNT_SIZE_CAP (1u << 13)
#define HPET_ID_LEGACY_REPLACEMENT (1u << 15)
#define HPET_ID_VENDOR_SHIFT 16

struct acpi_madt {
	struct acpi_sdt_header header;
	uint32_t local_interrupt_controller_address;
	uint32_t flags;
} __attribute__((packed));
_Static_assert(sizeof(struct acpi_madt) == 44, "ACPI 6.5 5.2.12");

/* Interrupt Controller Structure Types (ACPI 6.5 5.2.12). */
enum {
	MADT_LOCAL_APIC = 0,
	MADT_IO_APIC = 1,
	MADT_INTERRUPT_SOURCE_OVERRIDE = 2,
	MADT_NMI_SOURCE = 3,
	MADT_LOCAL_APIC_NMI = 4,
	MADT_LOCAL_APIC_ADDRESS_OVERRIDE = 5,
	MADT_LOCAL_X2APIC = 9,
	MADT_LOCAL_X2APIC_NMI = 10,
};

struct madt_subtable {
	uint8_t type;
	uint8_t length;
} __attribute__((packed));
_Static_assert(sizeof(struct madt_subtable) == 2, "ACPI 6.5 5.2.12");

struct madt_local_apic {
	struct madt_subtable sub;
	uint8_t acpi_processor_uid;
	uint8_t apic_id;
	uint32_t flags;
} __attribute__((packed));
_Static_assert(sizeof(struct madt_local_apic) == 8, "ACPI 6.5 5.2.12.2");

/* Local APIC Flags (ACPI 6.5 5.2.12.2), shared by the x2APIC structure. */
#define MADT_CPU_ENABLED (1u << 0)
#define MADT_CPU_ONLINE_CAPABLE (1u << 1)

struct madt_io_apic {
	struct madt_subtable sub;
	uint8_t io_apic_id;
	uint8_t reserved;
	uint32_t io_apic_address;
	uint32_t global_system_interrupt_base;
} __attribute__((packed));
_Static_assert(sizeof(struct madt_io_apic) == 12, "ACPI 6.5 5.2.12.3");

struct madt_interrupt_source_override {
	struct madt_subtable sub;
	uint8_t bus;
	uint8_t source;
	uint32_t global_system_interrupt;
	uint16_t flags;
} __attribute__((packed));
_Static_assert(sizeof(struct madt_interrupt_source_override) == 10, "ACPI 6.5 5.2.12.5");

struct madt_nmi_source {
	struct madt_subtable sub;
	uint16_t flags;
	uint32_t global_system_interrupt;
} __attribute__((packed));
_Static_assert(sizeof(struct madt_nmi_source) == 8, "ACPI 6.5 5.2.12.6");

struct madt_local_apic_nmi {
	struct madt_subtable sub;
	uint8_t acpi_processor_uid;
	uint16_t flags;
	uint8_t local_apic_lint;
} __attribute__((packed));
_Static_assert(sizeof(struct madt_local_apic_nmi) == 6, "ACPI 6.5 5.2.12.7");

/* The type 4 processor UID meaning all processors (ACPI 6.5 5.2.12.7). */
#define MADT_LOCAL_APIC_NMI_ALL 0xFF

struct madt_local_apic_address_override {
	struct madt_subtable sub;
	uint16_t reserved;
	uint64_t local_apic_address;
} __attribute__((packed));
_Static_assert(sizeof(struct madt_local_apic_address_override) == 12, "ACPI 6.5 5.2.12.8");

struct madt_local_x2apic {
	struct madt_subtable sub;
	uint16_t reserved;
	uint32_t x2apic_id;
	uint32_t flags;
	uint32_t acpi_processor_uid;
} __attribute__((packed));
_Static_assert(sizeof(struct madt_local_x2apic) == 16, "ACPI 6.5 5.2.12.12");

/* SRAT (ACPI 6.5 5.2.16): a header, reserved fields, then affinity
 * structures with the MADT's type/length layout. */
struct acpi_srat {
	struct acpi_sdt_header header;
	uint32_t table_revision;	/* 1, for compatibility */
	uint64_t reserved;
} __attribute__((packed));
_Static_assert(sizeof(struct acpi_srat) == 48, "ACPI 6.5 5.2.16");

#define SRAT_LOCAL_APIC 0
#define SRAT_LOCAL_X2APIC 2
#define SRAT_ENABLED (1u << 0)

/* Processor Local APIC/SAPIC Affinity: the domain split over two fields. */
struct srat_local_apic {
	struct madt_subtable sub;
	uint8_t proximity_lo;		/* bits 7:0 */
	uint8_t apic_id;
	uint32_t flags;
	uint8_t local_sapic_eid;
	uint8_t proximity_hi[3];	/* bits 31:8 */
	uint32_t clock_domain;
} __attribute__((packed));
_Static_assert(sizeof(struct srat_local_apic) == 16, "ACPI 6.5 5.2.16.1");

struct srat_local_x2apic {
	struct madt_subtable sub;
	uint16_t reserved;
	uint32_t proximity;
	uint32_t x2apic_id;
	uint32_t flags;
	uint32_t clock_domain;
	uint32_t reserved2;
} __attribute__((packed));
_Static_assert(sizeof(struct srat_local_x2apic) == 24, "ACPI 6.5 5.2.16.3");

struct madt_local_x2apic_nmi {
	struct madt_subtable sub;
	uint16_t flags;
	uint32_t acpi_processor_uid;
	uint8_t local_x2apic_lint;
	uint8_t reserved[3];
} __attribute__((packed));
_Static_assert(sizeof(struct madt_local_x2apic_nmi) == 12, "ACPI 6.5 5.2.12.13");

/* Where the BIOS may put the RSDP (ACPI 6.5 5.2.5.1). */
#define BDA_EBDA_SEGMENT 0x40E
#define EBDA_SCAN_LEN 1024
#define BIOS_ROM_BASE 0xE0000
#define BIOS_ROM_LEN 0x20000
#define RSDP_ALIGN 16

struct parser {
	phys_map_fn map;
	void *map_ctx;
	struct platform *out;
	char *err;
	size_t errlen;
	unsigned unmapped;	/* root table entries outside mapped memory */
};

/* The tables the platform is read from, the first of each signature. */
struct tables {
	uint64_t madt, fadt, hpet, srat;
};

__attribute__((format(printf, 2, 3)))
static int fail(struct parser *ps, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	kvsnprintf(ps->err, ps->errlen, fmt, ap);
	va_end(ap);
	return -1;
}

/* ---- RSDP ---- */

enum rsdp_status {
	RSDP_OK, RSDP_SHORT, RSDP_SIGNATURE, RSDP_CHECKSUM, RSDP_V2_SHORT,
	RSDP_LENGTH, RSDP_EXTENDED_CHECKSUM,
};

/* Checks the RSDP r, of which avail bytes are readable. */
static enum rsdp_status rsdp_check(const struct acpi_rsdp *r, size_t avail)
{
	if (avail < ACPI_RSDP_V1_LEN)
		return RSDP_SHORT;
	if (memcmp(r->signature, "RSD PTR ", sizeof(r->signature)) != 0)
		return RSDP_SIGNATURE;
	if (platform_sum8(r, ACPI_RSDP_V1_LEN) != 0)
		return RSDP_CHECKSUM;
	if (r->revision < 2)
		return RSDP_OK;
	if (avail < ACPI_RSDP_V2_LEN)
		return RSDP_V2_SHORT;
	if (r->length < ACPI_RSDP_V2_LEN || r->length > avail)
		return RSDP_LENGTH;
	if (platform_sum8(r, r->length) != 0)
		return RSDP_EXTENDED_CHECKSUM;
	return RSDP_OK;
}

size_t acpi_rsdp_length(phys_map_fn map, void *ctx, uint64_t addr)
{
	const struct acpi_rsdp *r = map(addr, ACPI_RSDP_V1_LEN, ctx);

	if (!r)
		return 0;
	if (r->revision < 2)
		return ACPI_RSDP_V1_LEN;
	r = map(addr, ACPI_RSDP_V2_LEN, ctx);
	if (!r)
		return 0;
	return r->length > ACPI_RSDP_V2_LEN ? r->length : ACPI_RSDP_V2_LEN;
}

/* Whether a valid RSDP lies at addr; maps as much as its revision needs. */
static bool rsdp_at(phys_map_fn map, void *ctx, uint64_t addr)
{
	size_t len = acpi_rsdp_length(map, ctx, addr);
	const struct acpi_rsdp *r = len ? map(addr, len, ctx) : NULL;

	return r && rsdp_check(r, len) == RSDP_OK;
}

static bool scan_rsdp(phys_map_fn map, void *ctx, uint64_t base, size_t len,
		      uint64_t *rsdp_addr)
{
	return platform_scan(map, ctx, base, len, "RSD PTR ", 8, RSDP_ALIGN, rsdp_at, rsdp_addr);
}

int acpi_find_rsdp(phys_map_fn map, void *ctx, uint64_t *rsdp_addr)
{
	const uint8_t *seg = map(BDA_EBDA_SEGMENT, 2, ctx);
	uint64_t ebda = seg ? (uint64_t)(seg[0] | seg[1] << 8) << 4 : 0;

	if (ebda && scan_rsdp(map, ctx, ebda, EBDA_SCAN_LEN, rsdp_addr))
		return 0;
	return scan_rsdp(map, ctx, BIOS_ROM_BASE, BIOS_ROM_LEN, rsdp_addr) ? 0 : -1;
}

static int check_rsdp(struct parser *ps, const struct acpi_rsdp *r, size_t len)
{
	switch (rsdp_check(r, len)) {
	case RSDP_OK:
		return 0;
	case RSDP_SHORT:
		return fail(ps, "acpi: RSDP: %zu bytes given, shorter than the %u-byte ACPI 1.0 RSDP",
			    len, ACPI_RSDP_V1_LEN);
	case RSDP_SIGNATURE:
		return fail(ps, "acpi: RSDP: signature is not \"RSD PTR \"");
	case RSDP_CHECKSUM:
		return fail(ps, "acpi: RSDP: bad checksum (first %u bytes sum to %#x, not 0)",
			    ACPI_RSDP_V1_LEN, platform_sum8(r, ACPI_RSDP_V1_LEN));
	case RSDP_V2_SHORT:
		return fail(ps, "acpi: RSDP: revision %u needs %u bytes, %zu given (truncated copy)",
			    r->revision, ACPI_RSDP_V2_LEN, len);
	case RSDP_LENGTH:
		return fail(ps, "acpi: RSDP: Length %u is not between %u and the %zu bytes given",
			    r->length, ACPI_RSDP_V2_LEN, len);
	case RSDP_EXTENDED_CHECKSUM:
	default:
		return fail(ps, "acpi: RSDP: bad extended checksum (%u bytes sum to %#x, not 0)",
			    r->length, platform_sum8(r, r->length));
	}
}

/* ---- tables ---- */

/* The 4-byte signature sig as text, unprintable bytes as '?'. */
static void sig_text(char out[5], const char *sig)
{
	for (int i = 0; i < 4; i++)
		out[i] = sig[i] >= ' ' && sig[i] <= '~' ? sig[i] : '?';
	out[4] = '\0';
}

/*
 * Maps the table name at addr whole, after checking its signature sig, that
 * its length is at least min_len and inside mapped memory, and its checksum.
 */
static const void *load_table(struct parser *ps, uint64_t addr, const char *name,
			      const char *sig, size_t min_len)
{
	const struct acpi_sdt_header *h = ps->map(addr, sizeof(*h), ps->map_ctx);
	unsigned long long a = addr;
	char text[5];

	if (!h) {
		fail(ps, "acpi: %s at %#llx is outside mapped memory", name, a);
		return NULL;
	}
	if (memcmp(h->signature, sig, 4) != 0) {
		sig_text(text, h->signature);
		fail(ps, "acpi: %s at %#llx has signature \"%s\", not \"%s\"", name, a, text, sig);
		return NULL;
	}
	if (h->length < min_len) {
		fail(ps, "acpi: %s at %#llx: length %u is shorter than the %zu bytes it must have",
		     name, a, h->length, min_len);
		return NULL;
	}
	const void *t = ps->map(addr, h->length, ps->map_ctx);
	if (!t) {
		fail(ps, "acpi: %s at %#llx: length %u runs past mapped memory", name, a, h->length);
		return NULL;
	}
	if (platform_sum8(t, h->length) != 0) {
		fail(ps, "acpi: %s at %#llx: bad checksum (%u bytes sum to %#x, not 0)", name, a,
		     h->length, platform_sum8(t, h->length));
		return NULL;
	}
	return t;
}

/* Notes the table at addr in t if it is one of those the platform needs. */
static void note_table(struct parser *ps, uint64_t addr, struct tables *t)
{
	const struct acpi_sdt_header *h;

	if (addr == 0)
		return; /* an empty slot, seen in real XSDTs */
	h = ps->map(addr, sizeof(*h), ps->map_ctx);
	if (!h) {
		ps->unmapped++;
		return;
	}
	if (memcmp(h->signature, "APIC", 4) == 0 && !t->madt)
		t->madt = addr;
	else if (memcmp(h->signature, "FACP", 4) == 0 && !t->fadt)
		t->fadt = addr;
	else if (memcmp(h->signature, "HPET", 4) == 0 && !t->hpet)
		t->hpet = addr;
	else if (memcmp(h->signature, "SRAT", 4) == 0 && !t->srat)
		t->srat = addr;
}

static uint64_t root_entry(const struct acpi_sdt_header *root, bool xsdt, size_t i)
{
	if (xsdt)
		return ((const struct acpi_xsdt *)root)->entry[i];
	return ((const struct acpi_rsdt *)root)->entry[i];
}

/* Finds the tables in the XSDT or RSDT; the MADT must be there. */
static int find_tables(struct parser *ps, const struct acpi_rsdp *r, struct tables *t)
{
	bool xsdt = ps->out->xsdt;
	const char *name = xsdt ? "XSDT" : "RSDT";
	uint64_t addr = xsdt ? r->xsdt_address : r->rsdt_address;
	size_t entry_size = xsdt ? sizeof(uint64_t) : sizeof(uint32_t);

	if (addr == 0)
		return fail(ps, "acpi: RSDP: neither an RSDT nor an XSDT address");
	const struct acpi_sdt_header *root = load_table(ps, addr, name, name, sizeof(*root));
	if (!root)
		return -1;
	size_t n = (root->length - sizeof(*root)) / entry_size;
	for (size_t i = 0; i < n; i++)
		note_table(ps, root_entry(root, xsdt, i), t);
	if (!t->madt)
		return fail(ps, "acpi: no MADT (\"APIC\") among the %zu %s entries (%u outside mapped memory)",
			    n, name, ps->unmapped);
	return 0;
}

/* ---- MADT ---- */

static void add_madt_cpu(struct parser *ps, uint32_t apic_id, uint32_t uid, uint32_t flags,
			 enum platform_cpu_entry entry)
{
	struct platform_cpu c = {
		.apic_id = apic_id,
		.acpi_uid = uid,
		.enabled = flags & MADT_CPU_ENABLED,
		/* Only defined for a CPU that is not enabled (ACPI 6.5 5.2.12.2). */
		.online_capable = !(flags & MADT_CPU_ENABLED) && (flags & MADT_CPU_ONLINE_CAPABLE),
		.entry = entry,
	};

	platform_add_cpu(ps->out, &c);
}

/* Some firmware describes a processor with an APIC ID below 255 twice,
 * by a type 0 and a type 9 entry with the same ID and UID: one processor,
 * counted once (as Linux does), enabled if either entry says so. The same
 * ID under another UID is a real conflict, left for check_cpus to reject. */
static struct platform_cpu *described_already(struct platform *p, uint32_t apic_id,
					      uint32_t uid, enum platform_cpu_entry entry)
{
	for (unsigned i = 0; i < p->n_cpus; i++)
		if (p->cpus[i].apic_id == apic_id && p->cpus[i].acpi_uid == uid &&
		    p->cpus[i].entry != entry)
			return &p->cpus[i];
	return NULL;
}

static void add_or_merge_cpu(struct parser *ps, uint32_t apic_id, uint32_t uid, uint32_t flags,
			     enum platform_cpu_entry entry)
{
	struct platform_cpu *c = described_already(ps->out, apic_id, uid, entry);

	if (!c) {
		add_madt_cpu(ps, apic_id, uid, flags, entry);
	} else if (flags & MADT_CPU_ENABLED) {
		c->enabled = true;
		c->online_capable = false;
	}
}

static int madt_local_apic(struct parser *ps, const void *sub)
{
	const struct madt_local_apic *e = sub;

	add_or_merge_cpu(ps, e->apic_id, e->acpi_processor_uid, e->flags, CPU_ENTRY_MADT_LAPIC);
	return 0;
}

static int madt_local_x2apic(struct parser *ps, const void *sub)
{
	const struct madt_local_x2apic *e = sub;

	add_or_merge_cpu(ps, e->x2apic_id, e->acpi_processor_uid, e->flags, CPU_ENTRY_MADT_X2APIC);
	return 0;
}

static int madt_io_apic(struct parser *ps, const void *sub)
{
	const struct madt_io_apic *e = sub;
	struct platform_ioapic io = {
		.id = e->io_apic_id,
		.address = e->io_apic_address,
		.gsi_base = e->global_system_interrupt_base,
	};

	if (platform_add_ioapic(ps->out, &io) != 0)
		return fail(ps, "acpi: MADT: more than %u I/O APICs", PLATFORM_MAX_IOAPICS);
	return 0;
}

static int madt_interrupt_source_override(struct parser *ps, const void *sub)
{
	const struct madt_interrupt_source_override *e = sub;
	struct platform_override o = {
		.bus = e->bus,
		.source_irq = e->source,
		.gsi = e->global_system_interrupt,
		.flags = e->flags,
	};

	if (platform_add_override(ps->out, &o) != 0)
		return fail(ps, "acpi: MADT: more than %u interrupt source overrides",
			    PLATFORM_MAX_OVERRIDES);
	return 0;
}

static int madt_nmi_source(struct parser *ps, const void *sub)
{
	const struct madt_nmi_source *e = sub;
	struct platform_nmi_source n = { .gsi = e->global_system_interrupt, .flags = e->flags };

	if (platform_add_nmi_source(ps->out, &n) != 0)
		return fail(ps, "acpi: MADT: more than %u NMI sources", PLATFORM_MAX_NMI_SOURCES);
	return 0;
}

static int madt_local_apic_nmi(struct parser *ps, const void *sub)
{
	const struct madt_local_apic_nmi *e = sub;
	struct platform_lapic_nmi n = {
		.acpi_uid = e->acpi_processor_uid == MADT_LOCAL_APIC_NMI_ALL ?
			PLATFORM_ALL_CPUS : e->acpi_processor_uid,
		.flags = e->flags,
		.lint = e->local_apic_lint,
	};

	platform_add_lapic_nmi(ps->out, &n);
	return 0;
}

static int madt_local_x2apic_nmi(struct parser *ps, const void *sub)
{
	const struct madt_local_x2apic_nmi *e = sub;
	struct platform_lapic_nmi n = {
		.acpi_uid = e->acpi_processor_uid, /* 0xFFFFFFFF: all, as PLATFORM_ALL_CPUS */
		.flags = e->flags,
		.lint = e->local_x2apic_lint,
	};

	platform_add_lapic_nmi(ps->out, &n);
	return 0;
}

static int madt_local_apic_address_override(struct parser *ps, const void *sub)
{
	const struct madt_local_apic_address_override *e = sub;

	ps->out->lapic_address = e->local_apic_address;
	return 0;
}

struct madt_kind {
	const char *name;
	uint8_t min_length;
	int (*parse)(struct parser *ps, const void *sub);
};

/* The subtable types read; any other is skipped by its length. A longer
 * subtable than listed is a later revision's: its known part is read. */
static const struct madt_kind madt_kinds[] = {
	[MADT_LOCAL_APIC] = { "local APIC", sizeof(struct madt_local_apic),
			      madt_local_apic },
	[MADT_IO_APIC] = { "I/O APIC", sizeof(struct madt_io_apic), madt_io_apic },
	[MADT_INTERRUPT_SOURCE_OVERRIDE] = { "interrupt source override",
					     sizeof(struct madt_interrupt_source_override),
					     madt_interrupt_source_override },
	[MADT_NMI_SOURCE] = { "NMI source", sizeof(struct madt_nmi_source), madt_nmi_source },
	[MADT_LOCAL_APIC_NMI] = { "local APIC NMI", sizeof(struct madt_local_apic_nmi),
				  madt_local_apic_nmi },
	[MADT_LOCAL_APIC_ADDRESS_OVERRIDE] = {
		"local APIC address override",
		sizeof(struct madt_local_apic_address_override),
		madt_local_apic_address_override },
	[MADT_LOCAL_X2APIC] = { "local x2APIC", sizeof(struct madt_local_x2apic),
				madt_local_x2apic },
	[MADT_LOCAL_X2APIC_NMI] = { "local x2APIC NMI", sizeof(struct madt_local_x2apic_nmi),
				    madt_local_x2apic_nmi },
};

static int parse_subtable(struct parser *ps, const struct madt_subtable *s, uint32_t off)
{
	if (s->type >= sizeof(madt_kinds) / sizeof(madt_kinds[0]) || !madt_kinds[s->type].parse)
		return 0;
	const struct madt_kind *k = &madt_kinds[s->type];
	if (s->length < k->min_length)
		return fail(ps, "acpi: MADT: %s subtable (type %u) at offset %u has length %u, needs %u",
			    k->name, s->type, off, s->length, k->min_length);
	return k->parse(ps, s);
}

static int parse_madt(struct parser *ps, const struct acpi_madt *m)
{
	const uint8_t *base = (const uint8_t *)m;
	uint32_t len = m->header.length;
	uint32_t off = sizeof(*m);

	ps->out->lapic_address = m->local_interrupt_controller_address;
	ps->out->madt_flags = m->flags;
	while (off < len) {
		const struct madt_subtable *s = (const void *)(base + off);
		if (len - off < sizeof(*s))
			return fail(ps, "acpi: MADT: subtable at offset %u runs past the table end at %u",
				    off, len);
		if (s->length < sizeof(*s))
			return fail(ps, "acpi: MADT: subtable type %u at offset %u has length %u",
				    s->type, off, s->length);
		if (s->length > len - off)
			return fail(ps, "acpi: MADT: subtable type %u at offset %u, length %u, runs past the table end at %u",
				    s->type, off, s->length, len);
		if (parse_subtable(ps, s, off) != 0)
			return -1;
		off += s->length;
	}
	return 0;
}

static int check_cpus(struct parser *ps)
{
	const struct platform *p = ps->out;
	uint32_t id;

	if (platform_enabled_cpus(p) + p->cpus_ignored == 0)
		return fail(ps, "acpi: MADT: no enabled CPU");
	if (platform_find_duplicate_apic_id(p, &id) != 0)
		return fail(ps, "acpi: MADT: APIC ID %u is given to two enabled CPUs", id);
	return 0;
}

/* ---- FADT, HPET ---- */

/* The ACPI PM timer's I/O port: X_PM_TMR_BLK when it is set and in I/O
 * space (ACPI 6.5 5.2.9: it supersedes PM_TMR_BLK), else PM_TMR_BLK. */
static uint16_t pm_timer_port(const struct acpi_fadt *t)
{
	if (FADT_HAS(t, x_pm_tmr_blk) && t->x_pm_tmr_blk.space_id == GAS_SYSTEM_IO &&
	    t->x_pm_tmr_blk.address != 0 && t->x_pm_tmr_blk.address <= 0xFFFF)
		return (uint16_t)t->x_pm_tmr_blk.address;
	if (t->pm_tmr_blk <= 0xFFFF)
		return (uint16_t)t->pm_tmr_blk;
	return 0;
}

static void parse_fadt(struct platform_fadt *f, const struct acpi_fadt *t)
{
	f->present = true;
	f->revision = t->header.revision;
	if (FADT_HAS(t, fadt_minor_version))
		f->minor_revision = t->fadt_minor_version & FADT_MINOR_MASK;
	/* A hardware-reduced platform has no PM timer (ACPI 6.5 4.1). */
	f->hw_reduced = t->flags & FADT_HW_REDUCED_ACPI;
	if (!f->hw_reduced)
		f->pm_timer_port = pm_timer_port(t);
	f->pm_timer_32bit = f->pm_timer_port && (t->flags & FADT_TMR_VAL_EXT);
	f->boot_arch_valid = t->header.revision >= FADT_BOOT_ARCH_REVISION;
	if (f->boot_arch_valid)
		f->iapc_boot_arch = t->iapc_boot_arch;
}

static int parse_hpet(struct parser *ps, const struct acpi_hpet *t)
{
	struct platform_hpet *h = &ps->out->hpet;
	uint32_t id = t->event_timer_block_id;

	if (t->base_address.space_id != GAS_SYSTEM_MEMORY || t->base_address.address == 0)
		return fail(ps, "acpi: HPET: register block is not in system memory (space %u, address %#llx)",
			    t->base_address.space_id,
			    (unsigned long long)t->base_address.address);
	h->present = true;
	h->address = t->base_address.address;
	h->block_id = id;
	h->hw_rev_id = id & HPET_ID_REV_MASK;
	/* The field holds the last comparator's number, as NUM_TIM_CAP does. */
	h->comparators = ((id >> HPET_ID_NUM_COMPARATORS_SHIFT) & HPET_ID_NUM_COMPARATORS_MASK) + 1;
	h->counter_64bit = id & HPET_ID_COUNT_SIZE_CAP;
	h->legacy_replacement = id & HPET_ID_LEGACY_REPLACEMENT;
	h->pci_vendor_id = id >> HPET_ID_VENDOR_SHIFT;
	h->hpet_number = t->hpet_number;
	h->min_tick = t->main_counter_min_tick;
	return 0;
}

/* ---- SRAT: the NUMA node of each CPU ---- */

/* An enabled affinity entry gives its CPU a proximity domain; entries for
 * CPUs the MADT does not list are ignored (the MADT decides the CPUs). */
static void srat_cpu(struct parser *ps, uint32_t apic_id, uint32_t domain, uint32_t flags)
{
	struct platform *p = ps->out;

	if (!(flags & SRAT_ENABLED))
		return;
	for (unsigned i = 0; i < p->n_cpus; i++)
		if (p->cpus[i].apic_id == apic_id) {
			p->cpus[i].proximity = domain;
			p->cpus[i].has_proximity = true;
		}
}

static int srat_entry(struct parser *ps, const struct madt_subtable *s, uint32_t off)
{
	if (s->type == SRAT_LOCAL_APIC || s->type == SRAT_LOCAL_X2APIC) {
		size_t need = s->type == SRAT_LOCAL_APIC ? sizeof(struct srat_local_apic) :
							   sizeof(struct srat_local_x2apic);
		if (s->length < need)
			return fail(ps, "acpi: SRAT: affinity entry (type %u) at offset %u has length "
				    "%u, needs %zu", s->type, off, s->length, need);
	}
	if (s->type == SRAT_LOCAL_APIC) {
		const struct srat_local_apic *e = (const void *)s;
		uint32_t domain = e->proximity_lo | (uint32_t)e->proximity_hi[0] << 8 |
				  (uint32_t)e->proximity_hi[1] << 16 | (uint32_t)e->proximity_hi[2] << 24;
		srat_cpu(ps, e->apic_id, domain, e->flags);
	} else if (s->type == SRAT_LOCAL_X2APIC) {
		const struct srat_local_x2apic *e = (const void *)s;
		srat_cpu(ps, e->x2apic_id, e->proximity, e->flags);
	}
	return 0;
}

static int parse_srat(struct parser *ps, const struct acpi_srat *t)
{
	const uint8_t *base = (const uint8_t *)t;
	uint32_t len = t->header.length;

	for (uint32_t off = sizeof(*t); off < len;) {
		const struct madt_subtable *s = (const void *)(base + off);
		if (len - off < sizeof(*s) || s->length < sizeof(*s) || s->length > len - off)
			return fail(ps, "acpi: SRAT: entry at offset %u runs past the table end at %u",
				    off, len);
		if (srat_entry(ps, s, off) != 0)
			return -1;
		off += s->length;
	}
	return 0;
}

/* NUMA nodes are a refinement: a bad SRAT leaves them unknown, says why
 * in srat_ignored, and does not stop the run. */
static void use_srat(struct parser *ps, uint64_t addr)
{
	struct platform *p = ps->out;
	const struct acpi_srat *srat = load_table(ps, addr, "SRAT", "SRAT", sizeof(*srat));

	if (srat && parse_srat(ps, srat) == 0)
		return;
	ksnprintf(p->srat_ignored, sizeof(p->srat_ignored), "%s", ps->errlen && ps->err[0] ? ps->err : "acpi: SRAT unreadable");
	if (ps->errlen)
		ps->err[0] = '\0';
	for (unsigned i = 0; i < p->n_cpus; i++)
		p->cpus[i].has_proximity = false;
}

static int parse_tables(struct parser *ps, const struct tables *t)
{
	const struct acpi_madt *madt = load_table(ps, t->madt, "MADT", "APIC", sizeof(*madt));

	if (!madt || parse_madt(ps, madt) != 0 || check_cpus(ps) != 0)
		return -1;
	if (t->fadt) {
		const struct acpi_fadt *fadt = load_table(ps, t->fadt, "FADT", "FACP", FADT_V1_LEN);
		if (!fadt)
			return -1;
		parse_fadt(&ps->out->fadt, fadt);
	}
	if (t->hpet) {
		const struct acpi_hpet *hpet = load_table(ps, t->hpet, "HPET", "HPET", sizeof(*hpet));
		if (!hpet || parse_hpet(ps, hpet) != 0)
			return -1;
	}
	if (t->srat)
		use_srat(ps, t->srat);
	return 0;
}

static int parse(struct parser *ps, const struct acpi_rsdp *r, size_t rsdp_len, uint64_t rsdp_addr)
{
	struct tables t = { 0, 0, 0, 0 };

	if (check_rsdp(ps, r, rsdp_len) != 0)
		return -1;
	ps->out->source = PLATFORM_SOURCE_ACPI;
	ps->out->revision = r->revision;
	platform_set_oem_id(ps->out, r->oem_id, sizeof(r->oem_id));
	ps->out->xsdt = r->revision >= 2 && r->xsdt_address != 0;
	ps->out->root_pointer = rsdp_addr;
	if (find_tables(ps, r, &t) != 0)
		return -1;
	return parse_tables(ps, &t);
}

int acpi_parse(phys_map_fn map, void *ctx, const void *rsdp, size_t rsdp_len,
	       uint64_t rsdp_addr, struct platform *out, char *err, size_t errlen)
{
	struct parser ps = { map, ctx, out, err, errlen, 0 };

	platform_clear(out);
	if (errlen)
		err[0] = '\0';
	if (!rsdp)
		rsdp_len = 0;
	if (parse(&ps, rsdp, rsdp_len, rsdp_addr) != 0) {
		platform_clear(out);
		return -1;
	}
	return 0;
}
