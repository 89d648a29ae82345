/*
 * The platform as the firmware describes it: CPUs, interrupt controllers,
 * ISA interrupt routing, NMI wiring, timers and legacy hardware. Filled by
 * acpi_parse (acpi.c) or, on machines without ACPI, by mptable_parse
 * (mptable.c); read by the SMP, LAPIC, IOAPIC and TSC code. What comes from
 * which table is in docs/platform-discovery.md. Pure code, host-tested.
 */
#ifndef PLATFORM_H
#define PLATFORM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * Physical memory as the parsers see it: a pointer to len readable bytes at
 * physical address addr, or NULL if any of them is out of range. The kernel
 * identity-maps memory below 4 GiB; the host tests hand out a fixture image.
 */
typedef const void *(*phys_map_fn)(uint64_t addr, size_t len, void *ctx);

#define PLATFORM_MAX_CPUS 256
#define PLATFORM_MAX_IOAPICS 32
#define PLATFORM_MAX_OVERRIDES 32
#define PLATFORM_MAX_NMI_SOURCES 16
#define PLATFORM_MAX_LAPIC_NMIS PLATFORM_MAX_CPUS

/* A processor UID meaning "every processor" (0xFF in MADT type 4 entries and
 * 0xFFFFFFFF in type 10 entries, ACPI 6.5 5.2.12.7 and 5.2.12.13). */
#define PLATFORM_ALL_CPUS 0xFFFFFFFFu

/* An I/O APIC whose GSI base the firmware did not give (MP tables): the
 * IOAPIC code assigns it from the redirection entry counts. */
#define PLATFORM_GSI_BASE_UNKNOWN 0xFFFFFFFFu

/* MPS INTI flags (ACPI 6.5 5.2.12.5, the same encoding as the MP spec 1.4
 * 4.3.4 I/O interrupt flags): polarity in bits 1:0, trigger mode in 3:2.
 * "Conforms" means: as the bus does (ISA: edge, active high). */
#define MPS_INTI_POLARITY_MASK 0x3u
#define MPS_INTI_POLARITY_CONFORMS 0x0u
#define MPS_INTI_ACTIVE_HIGH 0x1u
#define MPS_INTI_ACTIVE_LOW 0x3u
#define MPS_INTI_TRIGGER_MASK 0xCu
#define MPS_INTI_TRIGGER_CONFORMS 0x0u
#define MPS_INTI_EDGE 0x4u
#define MPS_INTI_LEVEL 0xCu

/* MADT Flags (ACPI 6.5 5.2.12): the PC has dual 8259s to mask. */
#define MADT_PCAT_COMPAT (1u << 0)

/* FADT IAPC_BOOT_ARCH bits (ACPI 6.5 5.2.9.3). */
#define IAPC_BOOT_ARCH_LEGACY_DEVICES (1u << 0) /* ISA/LPC devices, e.g. the PIT */
#define IAPC_BOOT_ARCH_8042 (1u << 1)
#define IAPC_BOOT_ARCH_VGA_NOT_PRESENT (1u << 2)
#define IAPC_BOOT_ARCH_MSI_NOT_SUPPORTED (1u << 3)
#define IAPC_BOOT_ARCH_PCIE_ASPM_CONTROLS (1u << 4)
#define IAPC_BOOT_ARCH_CMOS_RTC_NOT_PRESENT (1u << 5)

enum platform_source { PLATFORM_SOURCE_NONE, PLATFORM_SOURCE_ACPI, PLATFORM_SOURCE_MPTABLE };

/* Which firmware entry described a CPU. */
enum platform_cpu_entry {
	CPU_ENTRY_MADT_LAPIC,	/* MADT type 0, 8-bit APIC ID and UID */
	CPU_ENTRY_MADT_X2APIC,	/* MADT type 9, 32-bit APIC ID and UID */
	CPU_ENTRY_MP_PROCESSOR,	/* MP spec processor entry */
};

struct platform_cpu {
	uint32_t apic_id;
	/* ACPI SRAT proximity domain (its NUMA node), when has_proximity. */
	uint32_t proximity;
	bool has_proximity;
	/* ACPI processor UID; the MP tables have none, so there it is the
	 * APIC ID, which is what their local interrupt entries name. */
	uint32_t acpi_uid;
	bool enabled;
	/* ACPI 6.3+: may be brought online later; only set when !enabled. */
	bool online_capable;
	/* MP spec BP flag, a hint only: the kernel decides which CPU it
	 * booted on. Always false from ACPI. */
	bool mp_bsp;
	enum platform_cpu_entry entry;
};

struct platform_ioapic {
	uint8_t id;
	uint32_t address;
	uint32_t gsi_base; /* or PLATFORM_GSI_BASE_UNKNOWN */
};

/* An ISA IRQ that does not arrive on the GSI of the same number, or not
 * with the ISA defaults (MADT type 2, or derived from MP I/O interrupts). */
struct platform_override {
	uint8_t bus; /* 0: ISA, the only bus ACPI defines */
	uint8_t source_irq;
	uint32_t gsi;
	uint16_t flags; /* MPS_INTI_* */
};

/* A GSI wired to NMI (MADT type 3). */
struct platform_nmi_source {
	uint32_t gsi;
	uint16_t flags;
};

/* A local APIC input wired to NMI (MADT types 4 and 10, MP local interrupt
 * entries of type NMI). */
struct platform_lapic_nmi {
	uint32_t acpi_uid; /* matches platform_cpu.acpi_uid, or PLATFORM_ALL_CPUS */
	uint16_t flags;
	uint8_t lint; /* 0 or 1: LINT0, LINT1 */
};

struct platform_hpet {
	bool present;
	uint64_t address;	/* register block, system memory */
	uint32_t block_id;	/* Event Timer Block ID, as in the table */
	uint16_t pci_vendor_id;
	uint8_t hw_rev_id;
	uint8_t comparators;	/* number of comparators in the first block */
	bool counter_64bit;
	bool legacy_replacement;
	uint8_t hpet_number;
	uint16_t min_tick;	/* main counter minimum clock tick, periodic mode */
};

struct platform_fadt {
	bool present;
	uint8_t revision;	/* FADT header revision (1: ACPI 1.0) */
	uint8_t minor_revision;	/* 0 when the table predates the field */
	bool hw_reduced;	/* HW_REDUCED_ACPI: no PM timer, no legacy */
	uint16_t pm_timer_port;	/* 0: no ACPI PM timer */
	bool pm_timer_32bit;	/* TMR_VAL_EXT; else the counter is 24 bits */
	bool boot_arch_valid;	/* FADT revision >= 2 carries IAPC_BOOT_ARCH */
	uint16_t iapc_boot_arch; /* IAPC_BOOT_ARCH_* */
};

struct platform {
	enum platform_source source;
	/* RSDP revision (0: ACPI 1.0, 2: 2.0 and later) or MP spec revision
	 * (1: 1.1, 4: 1.4). */
	uint8_t revision;
	char oem_id[9];		/* NUL-terminated, trailing spaces kept */
	bool xsdt;		/* ACPI: the XSDT was used, not the RSDT */
	/* Physical address of the RSDP or MP floating pointer; 0 when the
	 * RSDP was a copy from the boot loader. */
	uint64_t root_pointer;

	uint64_t lapic_address;
	uint32_t madt_flags;	/* MADT_PCAT_COMPAT; 0 from MP tables */
	bool imcr_present;	/* MP: IMCR, must leave PIC mode (MP spec 3.6.2.1) */

	/* Enabled and online-capable CPUs in firmware order; the boot CPU may
	 * be any of them. */
	struct platform_cpu cpus[PLATFORM_MAX_CPUS];
	unsigned n_cpus;
	/* Why an SRAT was found and not used (NUMA nodes unknown), or "". */
	char srat_ignored[120];
	unsigned cpus_ignored;	/* enabled CPUs beyond PLATFORM_MAX_CPUS */
	/* Disabled entries not stored: neither enabled nor online-capable
	 * (never usable), or online-capable beyond PLATFORM_MAX_CPUS. */
	unsigned cpus_disabled;

	struct platform_ioapic ioapics[PLATFORM_MAX_IOAPICS];
	unsigned n_ioapics;
	struct platform_override overrides[PLATFORM_MAX_OVERRIDES];
	unsigned n_overrides;
	struct platform_nmi_source nmi_sources[PLATFORM_MAX_NMI_SOURCES];
	unsigned n_nmi_sources;
	struct platform_lapic_nmi lapic_nmis[PLATFORM_MAX_LAPIC_NMIS];
	unsigned n_lapic_nmis;
	unsigned lapic_nmis_ignored; /* beyond PLATFORM_MAX_LAPIC_NMIS */

	struct platform_hpet hpet;
	struct platform_fadt fadt;
};

/*
 * The GSI and MPS INTI flags of ISA IRQ irq (0-15): the first bus-0
 * override for it, else identity with edge, active high. "Conforms" bits in
 * an override are replaced by those ISA defaults, so the flags returned say
 * active high or low, edge or level (reserved encodings are passed on).
 * Returns -1 for irq > 15, and when irq has no override and its identity
 * GSI is taken by another IRQ's override (IRQ 2 when IRQ 0 goes to GSI 2).
 */
int platform_isa_irq_to_gsi(const struct platform *p, unsigned irq, uint32_t *gsi,
			    uint16_t *flags);

/* The GSI range of each I/O APIC (ACPI 6.5 5.2.13: an I/O APIC with n
 * redirection entries carries GSIs base..base+n-1). entries[i] is what
 * I/O APIC i's version register says; bases[i] gets its GSI base: the
 * firmware's, or, where the firmware gave none (MP tables), the GSI after
 * the previous one's last. Returns -1 and names the two I/O APICs in
 * *a < *b when their ranges overlap (a GSI must have one home). */
int platform_ioapic_gsi_bases(const struct platform *p, const unsigned *entries, uint32_t *bases,
			      unsigned *a, unsigned *b);
/* Which of n I/O APICs (bases, entries) carries gsi, and on which pin. */
bool platform_gsi_to_ioapic(const uint32_t *bases, const unsigned *entries, unsigned n,
			    uint32_t gsi, unsigned *ioapic, unsigned *pin);

/* The number of enabled CPUs in p->cpus. */
unsigned platform_enabled_cpus(const struct platform *p);

/* ---- for the table parsers (acpi.c, mptable.c) ---- */

void platform_clear(struct platform *p);

/* The byte sum of [p, p + len) modulo 256: 0 for a table whose checksum
 * is right (ACPI 6.5 5.2.5.3 and 5.2.6; MP spec 1.4 4.1 and 4.2). */
uint8_t platform_sum8(const void *p, size_t len);

/* The BIOS-area scan both firmware tables use (ACPI 6.5 5.2.5.1, MP spec
 * 1.4 4): the first address in [base, base + len), on step-byte boundaries,
 * that starts with sig and for which valid() holds. */
typedef bool (*platform_valid_fn)(phys_map_fn map, void *ctx, uint64_t addr);
bool platform_scan(phys_map_fn map, void *ctx, uint64_t base, size_t len, const char *sig,
		   size_t sig_len, size_t step, platform_valid_fn valid, uint64_t *found);

/* Sets oem_id from the n (<= 8) bytes at id, each unprintable byte shown as
 * '?' so that messages quoting it stay one line. */
void platform_set_oem_id(struct platform *p, const char *id, size_t n);

/* Stores c, or counts it in cpus_ignored or cpus_disabled. */
void platform_add_cpu(struct platform *p, const struct platform_cpu *c);

/* Returns -1 with *apic_id set when two enabled CPUs share an APIC ID. */
int platform_find_duplicate_apic_id(const struct platform *p, uint32_t *apic_id);

/* Each returns -1 when its array is full. */
int platform_add_ioapic(struct platform *p, const struct platform_ioapic *io);
int platform_add_override(struct platform *p, const struct platform_override *o);
int platform_add_nmi_source(struct platform *p, const struct platform_nmi_source *n);

/* Stores n, or counts it in lapic_nmis_ignored. */
void platform_add_lapic_nmi(struct platform *p, const struct platform_lapic_nmi *n);

#endif
