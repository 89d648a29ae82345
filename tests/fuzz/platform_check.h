/*
 * Invariants of a struct platform that acpi_parse or mptable_parse filled
 * (kernel/platform.h), shared by fuzz_acpi.c and fuzz_mptable.c.
 */
#ifndef PLATFORM_CHECK_H
#define PLATFORM_CHECK_H

#include "fuzz.h"
#include "platform.h"

static inline void check_platform(const struct platform *p)
{
	unsigned enabled = 0;

	FUZZ_CHECK(memchr(p->oem_id, 0, sizeof(p->oem_id)) != NULL, "oem_id unterminated");
	for (size_t i = 0; p->oem_id[i]; i++)
		FUZZ_CHECK(p->oem_id[i] >= ' ' && p->oem_id[i] <= '~', "oem_id byte %#x",
			   (unsigned char)p->oem_id[i]);

	FUZZ_CHECK(p->n_cpus <= PLATFORM_MAX_CPUS, "n_cpus %u", p->n_cpus);
	FUZZ_CHECK(p->cpus_ignored == 0 || p->n_cpus == PLATFORM_MAX_CPUS,
		   "%u CPUs ignored with only %u stored", p->cpus_ignored, p->n_cpus);
	for (unsigned i = 0; i < p->n_cpus; i++) {
		const struct platform_cpu *c = &p->cpus[i];
		FUZZ_CHECK(c->enabled || c->online_capable, "CPU %u neither enabled nor online-capable", i);
		FUZZ_CHECK(!(c->enabled && c->online_capable), "CPU %u enabled and online-capable", i);
		enabled += c->enabled;
		/* An independent check for duplicates, not platform_find_duplicate_apic_id. */
		for (unsigned j = 0; j < i; j++)
			FUZZ_CHECK(!(c->enabled && p->cpus[j].enabled && p->cpus[j].apic_id == c->apic_id),
				   "enabled CPUs %u and %u share APIC ID %u", j, i, c->apic_id);
	}
	FUZZ_CHECK(enabled + p->cpus_ignored > 0, "success without an enabled CPU");

	FUZZ_CHECK(p->n_ioapics <= PLATFORM_MAX_IOAPICS, "n_ioapics %u", p->n_ioapics);
	FUZZ_CHECK(p->n_overrides <= PLATFORM_MAX_OVERRIDES, "n_overrides %u", p->n_overrides);
	FUZZ_CHECK(p->n_nmi_sources <= PLATFORM_MAX_NMI_SOURCES, "n_nmi_sources %u",
		   p->n_nmi_sources);
	FUZZ_CHECK(p->n_lapic_nmis <= PLATFORM_MAX_LAPIC_NMIS, "n_lapic_nmis %u", p->n_lapic_nmis);
	FUZZ_CHECK(p->lapic_nmis_ignored == 0 || p->n_lapic_nmis == PLATFORM_MAX_LAPIC_NMIS,
		   "%u LAPIC NMIs ignored with only %u stored", p->lapic_nmis_ignored,
		   p->n_lapic_nmis);

	/* The ISA routing rule works on whatever the tables said. */
	uint32_t gsi;
	uint16_t flags;
	FUZZ_CHECK(platform_isa_irq_to_gsi(p, 16, &gsi, &flags) == -1, "IRQ 16 is not ISA");
	for (unsigned irq = 0; irq < 16; irq++) {
		if (platform_isa_irq_to_gsi(p, irq, &gsi, &flags) != 0)
			continue;
		FUZZ_CHECK((flags & MPS_INTI_POLARITY_MASK) != MPS_INTI_POLARITY_CONFORMS &&
			   (flags & MPS_INTI_TRIGGER_MASK) != MPS_INTI_TRIGGER_CONFORMS,
			   "IRQ %u: flags %#x still say \"conforms\"", irq, flags);
	}
}

#endif
