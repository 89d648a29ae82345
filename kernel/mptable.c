/*
 * Intel MultiProcessor Specification 1.4 (chapter 4) table parsing. Like
 * acpi.c this reads firmware bytes and is fuzzed: every length is checked
 * before use. Only the base configuration table is read; the extended
 * entries (bus hierarchy, address space mapping) say nothing the platform
 * needs.
 */
#include "mptable.h"

#include <stdarg.h>

#include "fmt.h"
#include "kstring.h"

struct mp_floating_pointer {
	char signature[4];	/* "_MP_" */
	uint32_t physical_address_pointer; /* the configuration table, or 0 */
	uint8_t length;		/* in 16-byte units */
	uint8_t spec_rev;
	uint8_t checksum;
	uint8_t feature1;	/* default configuration type; 0: table present */
	uint8_t feature2;
	uint8_t feature3_5[3];
} __attribute__((packed));
_Static_assert(sizeof(struct mp_floating_pointer) == 16, "MP 1.4 4.1");

#define MP_PARAGRAPH 16
/* MP feature information byte 2 (MP spec 1.4 4.1): IMCR present. */
#define MP_FEATURE2_IMCRP (1u << 7)

struct mp_config_header {
	char signature[4];	/* "PCMP" */
	uint16_t base_table_length;
	uint8_t spec_rev;
	uint8_t checksum;
	char oem_id[8];
	char product_id[12];
	uint32_t oem_table_pointer;
	uint16_t oem_table_size;
	uint16_t entry_count;
	uint32_t local_apic_address;
	uint16_t extended_table_length;
	uint8_t extended_table_checksum;
	uint8_t reserved;
} __attribute__((packed));
_Static_assert(sizeof(struct mp_config_header) == 44, "MP 1.4 4.2");

/* Base MP configuration table entry types (MP spec 1.4 4.3). */
enum {
	MP_PROCESSOR = 0,
	MP_BUS = 1,
	MP_IO_APIC = 2,
	MP_IO_INTERRUPT = 3,
	MP_LOCAL_INTERRUPT = 4,
};

struct mp_processor {
	uint8_t entry_type;
	uint8_t local_apic_id;
	uint8_t local_apic_version;
	uint8_t cpu_flags;
	uint32_t cpu_signature;
	uint32_t feature_flags;
	uint32_t reserved[2];
} __attribute__((packed));
_Static_assert(sizeof(struct mp_processor) == 20, "MP 1.4 4.3.1");

#define MP_CPU_EN (1u << 0)
#define MP_CPU_BP (1u << 1)

struct mp_bus {
	uint8_t entry_type;
	uint8_t bus_id;
	char bus_type[6];	/* blank-padded, "ISA   " (MP spec 1.4 table 4-8) */
} __attribute__((packed));
_Static_assert(sizeof(struct mp_bus) == 8, "MP 1.4 4.3.2");

struct mp_io_apic {
	uint8_t entry_type;
	uint8_t io_apic_id;
	uint8_t io_apic_version;
	uint8_t io_apic_flags;
	uint32_t io_apic_address;
} __attribute__((packed));
_Static_assert(sizeof(struct mp_io_apic) == 8, "MP 1.4 4.3.3");

#define MP_IO_APIC_EN (1u << 0)

/* I/O and local interrupt assignment entries share one layout. */
struct mp_interrupt {
	uint8_t entry_type;
	uint8_t interrupt_type;
	uint16_t flags;		/* MPS_INTI_* */
	uint8_t source_bus_id;
	uint8_t source_bus_irq;
	uint8_t destination_id;	/* I/O APIC ID, or local APIC ID */
	uint8_t destination_intin; /* I/O APIC INTIN#, or LINTIN# */
} __attribute__((packed));
_Static_assert(sizeof(struct mp_interrupt) == 8, "MP 1.4 4.3.4, 4.3.5");

/* Interrupt types (MP spec 1.4 table 4-11). */
#define MP_INT 0
#define MP_NMI 1
/* A destination ID meaning all I/O APICs or all local APICs (4.3.4, 4.3.5). */
#define MP_ALL_APICS 0xFF

#define ISA_IRQS 16

/* Where the BIOS may put the floating pointer (MP spec 1.4 chapter 4). */
#define BDA_EBDA_SEGMENT 0x40E
#define BDA_BASE_MEMORY_KIB 0x413
#define SCAN_LEN 1024
#define BIOS_ROM_BASE 0xF0000
#define BIOS_ROM_LEN 0x10000

struct parser {
	struct platform *out;
	char *err;
	size_t errlen;
	uint32_t isa_buses[256 / 32];	/* bit n: bus ID n is ISA */
	uint16_t isa_irqs_seen;		/* bit n: ISA IRQ n already routed */
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

static uint16_t bda_word(phys_map_fn map, void *ctx, uint64_t addr)
{
	const uint8_t *w = map(addr, 2, ctx);

	return w ? (uint16_t)(w[0] | w[1] << 8) : 0;
}

/* ---- floating pointer ---- */

/* Whether a valid floating pointer lies at addr. */
static bool mpfps_at(phys_map_fn map, void *ctx, uint64_t addr)
{
	const struct mp_floating_pointer *f = map(addr, sizeof(*f), ctx);

	if (!f || memcmp(f->signature, "_MP_", 4) != 0 || f->length == 0)
		return false;
	const void *all = map(addr, (size_t)f->length * MP_PARAGRAPH, ctx);
	return all && platform_sum8(all, (size_t)f->length * MP_PARAGRAPH) == 0;
}

static bool scan(phys_map_fn map, void *ctx, uint64_t base, size_t len, uint64_t *found)
{
	return platform_scan(map, ctx, base, len, "_MP_", 4, MP_PARAGRAPH, mpfps_at, found);
}

int mptable_find(phys_map_fn map, void *ctx, uint64_t *mpfps_addr)
{
	uint64_t ebda = (uint64_t)bda_word(map, ctx, BDA_EBDA_SEGMENT) << 4;
	uint64_t base_kib = bda_word(map, ctx, BDA_BASE_MEMORY_KIB);

	if (ebda && scan(map, ctx, ebda, SCAN_LEN, mpfps_addr))
		return 0;
	if (base_kib && scan(map, ctx, (base_kib - 1) * 1024, SCAN_LEN, mpfps_addr))
		return 0;
	return scan(map, ctx, BIOS_ROM_BASE, BIOS_ROM_LEN, mpfps_addr) ? 0 : -1;
}

static const struct mp_floating_pointer *load_mpfps(struct parser *ps, phys_map_fn map,
						    void *ctx, uint64_t addr)
{
	const struct mp_floating_pointer *f = map(addr, sizeof(*f), ctx);
	unsigned long long a = addr;

	if (!f) {
		fail(ps, "mptable: floating pointer at %#llx is outside mapped memory", a);
		return NULL;
	}
	if (memcmp(f->signature, "_MP_", 4) != 0) {
		fail(ps, "mptable: no \"_MP_\" signature at %#llx", a);
		return NULL;
	}
	if (!mpfps_at(map, ctx, addr)) {
		fail(ps, "mptable: floating pointer at %#llx: bad checksum or length %u",
		     a, f->length);
		return NULL;
	}
	if (f->feature1 != 0) {
		fail(ps, "mptable: default configuration %u (MP spec 1.4 chapter 5) is not supported",
		     f->feature1);
		return NULL;
	}
	if (f->physical_address_pointer == 0) {
		fail(ps, "mptable: floating pointer at %#llx has no configuration table", a);
		return NULL;
	}
	return f;
}

/* ---- configuration table ---- */

static const struct mp_config_header *load_config(struct parser *ps, phys_map_fn map,
						  void *ctx, uint64_t addr)
{
	const struct mp_config_header *h = map(addr, sizeof(*h), ctx);
	unsigned long long a = addr;

	if (!h) {
		fail(ps, "mptable: configuration table at %#llx is outside mapped memory", a);
		return NULL;
	}
	if (memcmp(h->signature, "PCMP", 4) != 0) {
		fail(ps, "mptable: configuration table at %#llx lacks the \"PCMP\" signature", a);
		return NULL;
	}
	if (h->base_table_length < sizeof(*h)) {
		fail(ps, "mptable: configuration table length %u is shorter than its %zu-byte header",
		     h->base_table_length, sizeof(*h));
		return NULL;
	}
	const void *t = map(addr, h->base_table_length, ctx);
	if (!t) {
		fail(ps, "mptable: configuration table at %#llx: length %u runs past mapped memory",
		     a, h->base_table_length);
		return NULL;
	}
	if (platform_sum8(t, h->base_table_length) != 0) {
		fail(ps, "mptable: configuration table: bad checksum (%u bytes sum to %#x, not 0)",
		     h->base_table_length, platform_sum8(t, h->base_table_length));
		return NULL;
	}
	return t;
}

/* Length of an entry of the given type, 0 for a type the spec lacks. */
static size_t entry_length(uint8_t type)
{
	switch (type) {
	case MP_PROCESSOR:
		return sizeof(struct mp_processor);
	case MP_BUS:
		return sizeof(struct mp_bus);
	case MP_IO_APIC:
		return sizeof(struct mp_io_apic);
	case MP_IO_INTERRUPT:
	case MP_LOCAL_INTERRUPT:
		return sizeof(struct mp_interrupt);
	default:
		return 0;
	}
}

static void add_processor(struct parser *ps, const struct mp_processor *e)
{
	struct platform_cpu c = {
		.apic_id = e->local_apic_id,
		.acpi_uid = e->local_apic_id,
		.enabled = e->cpu_flags & MP_CPU_EN,
		.mp_bsp = e->cpu_flags & MP_CPU_BP,
		.entry = CPU_ENTRY_MP_PROCESSOR,
	};

	platform_add_cpu(ps->out, &c);
}

static void add_bus(struct parser *ps, const struct mp_bus *e)
{
	if (memcmp(e->bus_type, "ISA   ", sizeof(e->bus_type)) == 0)
		ps->isa_buses[e->bus_id / 32] |= 1u << (e->bus_id % 32);
}

/* The MP tables give no GSI numbers. The first I/O APIC starts at GSI 0,
 * where the ISA IRQs are; the others' bases follow from the redirection
 * entry counts, which only the IOAPIC code can read. */
static int add_io_apic(struct parser *ps, const struct mp_io_apic *e)
{
	struct platform_ioapic io = {
		.id = e->io_apic_id,
		.address = e->io_apic_address,
		.gsi_base = ps->out->n_ioapics == 0 ? 0 : PLATFORM_GSI_BASE_UNKNOWN,
	};

	if (!(e->io_apic_flags & MP_IO_APIC_EN))
		return 0; /* "unusable" (MP spec 1.4 4.3.3) */
	if (platform_add_ioapic(ps->out, &io) != 0)
		return fail(ps, "mptable: more than %u I/O APICs", PLATFORM_MAX_IOAPICS);
	return 0;
}

/* Pass 1: processors, buses and I/O APICs, which later entries refer to. */
static int visit_units(struct parser *ps, const uint8_t *e)
{
	switch (e[0]) {
	case MP_PROCESSOR:
		add_processor(ps, (const void *)e);
		return 0;
	case MP_BUS:
		add_bus(ps, (const void *)e);
		return 0;
	case MP_IO_APIC:
		return add_io_apic(ps, (const void *)e);
	default:
		return 0;
	}
}

static bool isa_default_flags(uint16_t flags)
{
	uint16_t polarity = flags & MPS_INTI_POLARITY_MASK;
	uint16_t trigger = flags & MPS_INTI_TRIGGER_MASK;

	return (polarity == MPS_INTI_POLARITY_CONFORMS || polarity == MPS_INTI_ACTIVE_HIGH) &&
	       (trigger == MPS_INTI_TRIGGER_CONFORMS || trigger == MPS_INTI_EDGE);
}

/* An ISA IRQ routed to an I/O APIC pin: an override unless it is the
 * identity with ISA defaults. The first entry for an IRQ wins. */
static int add_isa_route(struct parser *ps, const struct mp_interrupt *e)
{
	unsigned irq = e->source_bus_irq;
	const struct platform_ioapic *first = &ps->out->ioapics[0];

	if (irq >= ISA_IRQS)
		return fail(ps, "mptable: I/O interrupt entry for ISA IRQ %u, above 15", irq);
	if (ps->out->n_ioapics == 0)
		return fail(ps, "mptable: ISA IRQ %u routed to I/O APIC %u, but no I/O APIC is enabled",
			    irq, e->destination_id);
	if (e->destination_id != MP_ALL_APICS && e->destination_id != first->id)
		return fail(ps, "mptable: ISA IRQ %u routed to I/O APIC %u, not to the first one (ID %u): unsupported",
			    irq, e->destination_id, first->id);
	if (ps->isa_irqs_seen & (1u << irq))
		return 0;
	ps->isa_irqs_seen |= (uint16_t)(1u << irq);

	struct platform_override o = {
		.bus = 0,
		.source_irq = (uint8_t)irq,
		.gsi = e->destination_intin,
		.flags = e->flags,
	};
	if (o.gsi == irq && isa_default_flags(o.flags))
		return 0;
	if (platform_add_override(ps->out, &o) != 0)
		return fail(ps, "mptable: more than %u ISA interrupt overrides", PLATFORM_MAX_OVERRIDES);
	return 0;
}

static void add_lapic_nmi(struct parser *ps, const struct mp_interrupt *e)
{
	struct platform_lapic_nmi n = {
		/* MP CPUs carry their APIC ID as UID: see struct platform_cpu. */
		.acpi_uid = e->destination_id == MP_ALL_APICS ? PLATFORM_ALL_CPUS : e->destination_id,
		.flags = e->flags,
		.lint = e->destination_intin,
	};

	platform_add_lapic_nmi(ps->out, &n);
}

static bool isa_bus(const struct parser *ps, uint8_t bus)
{
	return ps->isa_buses[bus / 32] & (1u << (bus % 32));
}

/* Pass 2: interrupt assignments. Only ISA interrupts (the ones with ACPI
 * style overrides) and local NMI inputs matter here. */
static int visit_interrupts(struct parser *ps, const uint8_t *p)
{
	const struct mp_interrupt *e = (const void *)p;

	if (e->entry_type == MP_IO_INTERRUPT && e->interrupt_type == MP_INT &&
	    isa_bus(ps, e->source_bus_id))
		return add_isa_route(ps, e);
	if (e->entry_type == MP_LOCAL_INTERRUPT && e->interrupt_type == MP_NMI)
		add_lapic_nmi(ps, e);
	return 0;
}

/* Calls visit on each of the header's entry_count entries, checking that
 * each has a known type and lies inside the base table. */
static int walk(struct parser *ps, const struct mp_config_header *h,
		int (*visit)(struct parser *ps, const uint8_t *entry))
{
	const uint8_t *base = (const uint8_t *)h;
	size_t off = sizeof(*h);

	for (unsigned i = 0; i < h->entry_count; i++) {
		if (off >= h->base_table_length)
			return fail(ps, "mptable: entry %u of %u starts at offset %zu, past the table end at %u",
				    i, h->entry_count, off, h->base_table_length);
		size_t len = entry_length(base[off]);
		if (len == 0)
			return fail(ps, "mptable: entry %u at offset %zu has unknown type %u",
				    i, off, base[off]);
		if (len > h->base_table_length - off)
			return fail(ps, "mptable: entry %u (type %u) at offset %zu runs past the table end at %u",
				    i, base[off], off, h->base_table_length);
		if (visit(ps, base + off) != 0)
			return -1;
		off += len;
	}
	return 0;
}

static int check_cpus(struct parser *ps)
{
	const struct platform *p = ps->out;
	uint32_t id;

	if (platform_enabled_cpus(p) + p->cpus_ignored == 0)
		return fail(ps, "mptable: no enabled processor");
	if (platform_find_duplicate_apic_id(p, &id) != 0)
		return fail(ps, "mptable: APIC ID %u is given to two enabled processors", id);
	return 0;
}

static int parse(struct parser *ps, phys_map_fn map, void *ctx, uint64_t addr)
{
	const struct mp_floating_pointer *f = load_mpfps(ps, map, ctx, addr);
	if (!f)
		return -1;
	const struct mp_config_header *h = load_config(ps, map, ctx, f->physical_address_pointer);
	if (!h)
		return -1;

	ps->out->source = PLATFORM_SOURCE_MPTABLE;
	ps->out->revision = f->spec_rev;
	platform_set_oem_id(ps->out, h->oem_id, sizeof(h->oem_id));
	ps->out->root_pointer = addr;
	ps->out->lapic_address = h->local_apic_address;
	ps->out->imcr_present = f->feature2 & MP_FEATURE2_IMCRP;
	if (walk(ps, h, visit_units) != 0 || check_cpus(ps) != 0)
		return -1;
	return walk(ps, h, visit_interrupts);
}

int mptable_parse(phys_map_fn map, void *ctx, uint64_t mpfps_addr, struct platform *out,
		  char *err, size_t errlen)
{
	struct parser ps = { .out = out, .err = err, .errlen = errlen };

	platform_clear(out);
	if (errlen)
		err[0] = '\0';
	if (parse(&ps, map, ctx, mpfps_addr) != 0) {
		platform_clear(out);
		return -1;
	}
	return 0;
}
