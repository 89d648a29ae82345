/*
 * The discovered platform: filling it (for acpi.c and mptable.c) and the
 * ISA IRQ routing rule both firmware interfaces share.
 */
#include "platform.h"

#include "kstring.h"

/* The legacy ISA IRQs, 0-15 (ACPI 6.5 5.2.12.5: the ones overrides map). */
#define ISA_IRQS 16

uint8_t platform_sum8(const void *p, size_t len)
{
	const uint8_t *b = p;
	uint8_t sum = 0;

	while (len--)
		sum += *b++;
	return sum;
}

bool platform_scan(phys_map_fn map, void *ctx, uint64_t base, size_t len, const char *sig,
		   size_t sig_len, size_t step, platform_valid_fn valid, uint64_t *found)
{
	const char *area = map(base, len, ctx);

	if (!area)
		return false;
	for (size_t off = 0; off + sig_len <= len; off += step)
		if (memcmp(area + off, sig, sig_len) == 0 && valid(map, ctx, base + off)) {
			*found = base + off;
			return true;
		}
	return false;
}

void platform_clear(struct platform *p)
{
	unsigned char *b = (unsigned char *)p;

	for (size_t i = 0; i < sizeof(*p); i++)
		b[i] = 0;
}

void platform_set_oem_id(struct platform *p, const char *id, size_t n)
{
	size_t i;

	for (i = 0; i < n && i + 1 < sizeof(p->oem_id); i++)
		p->oem_id[i] = id[i] >= ' ' && id[i] <= '~' ? id[i] : '?';
	p->oem_id[i] = '\0';
}

void platform_add_cpu(struct platform *p, const struct platform_cpu *c)
{
	bool usable = c->enabled || c->online_capable;

	if (usable && p->n_cpus < PLATFORM_MAX_CPUS)
		p->cpus[p->n_cpus++] = *c;
	else if (c->enabled)
		p->cpus_ignored++;
	else
		p->cpus_disabled++;
}

int platform_ioapic_gsi_bases(const struct platform *p, const unsigned *entries, uint32_t *bases,
			      unsigned *a, unsigned *b)
{
	uint64_t next = 0;

	for (unsigned i = 0; i < p->n_ioapics; i++) {
		uint32_t given = p->ioapics[i].gsi_base;
		bases[i] = given == PLATFORM_GSI_BASE_UNKNOWN ? (uint32_t)next : given;
		next = (uint64_t)bases[i] + entries[i];
	}
	for (unsigned i = 0; i < p->n_ioapics; i++)
		for (unsigned j = i + 1; j < p->n_ioapics; j++)
			if ((uint64_t)bases[i] < (uint64_t)bases[j] + entries[j] &&
			    (uint64_t)bases[j] < (uint64_t)bases[i] + entries[i]) {
				*a = i;
				*b = j;
				return -1;
			}
	return 0;
}

bool platform_gsi_to_ioapic(const uint32_t *bases, const unsigned *entries, unsigned n,
			    uint32_t gsi, unsigned *ioapic, unsigned *pin)
{
	for (unsigned i = 0; i < n; i++)
		if (gsi >= bases[i] && (uint64_t)gsi < (uint64_t)bases[i] + entries[i]) {
			*ioapic = i;
			*pin = gsi - bases[i];
			return true;
		}
	return false;
}

unsigned platform_enabled_cpus(const struct platform *p)
{
	unsigned n = 0;

	for (unsigned i = 0; i < p->n_cpus; i++)
		n += p->cpus[i].enabled;
	return n;
}

int platform_find_duplicate_apic_id(const struct platform *p, uint32_t *apic_id)
{
	for (unsigned i = 0; i < p->n_cpus; i++) {
		if (!p->cpus[i].enabled)
			continue;
		for (unsigned j = i + 1; j < p->n_cpus; j++) {
			if (p->cpus[j].enabled && p->cpus[j].apic_id == p->cpus[i].apic_id) {
				*apic_id = p->cpus[i].apic_id;
				return -1;
			}
		}
	}
	return 0;
}

int platform_add_ioapic(struct platform *p, const struct platform_ioapic *io)
{
	if (p->n_ioapics == PLATFORM_MAX_IOAPICS)
		return -1;
	p->ioapics[p->n_ioapics++] = *io;
	return 0;
}

int platform_add_override(struct platform *p, const struct platform_override *o)
{
	if (p->n_overrides == PLATFORM_MAX_OVERRIDES)
		return -1;
	p->overrides[p->n_overrides++] = *o;
	return 0;
}

int platform_add_nmi_source(struct platform *p, const struct platform_nmi_source *n)
{
	if (p->n_nmi_sources == PLATFORM_MAX_NMI_SOURCES)
		return -1;
	p->nmi_sources[p->n_nmi_sources++] = *n;
	return 0;
}

void platform_add_lapic_nmi(struct platform *p, const struct platform_lapic_nmi *n)
{
	if (p->n_lapic_nmis < PLATFORM_MAX_LAPIC_NMIS)
		p->lapic_nmis[p->n_lapic_nmis++] = *n;
	else
		p->lapic_nmis_ignored++;
}

static const struct platform_override *isa_override(const struct platform *p, unsigned irq)
{
	for (unsigned i = 0; i < p->n_overrides; i++)
		if (p->overrides[i].bus == 0 && p->overrides[i].source_irq == irq)
			return &p->overrides[i];
	return NULL;
}

/* Whether some other ISA IRQ has been moved onto gsi. */
static bool gsi_taken(const struct platform *p, uint32_t gsi)
{
	for (unsigned i = 0; i < p->n_overrides; i++)
		if (p->overrides[i].bus == 0 && p->overrides[i].gsi == gsi &&
		    p->overrides[i].source_irq != gsi)
			return true;
	return false;
}

/* ISA interrupts are edge-triggered, active high (ACPI 6.5 5.2.12.5). */
static uint16_t isa_defaults(uint16_t flags)
{
	if ((flags & MPS_INTI_POLARITY_MASK) == MPS_INTI_POLARITY_CONFORMS)
		flags |= MPS_INTI_ACTIVE_HIGH;
	if ((flags & MPS_INTI_TRIGGER_MASK) == MPS_INTI_TRIGGER_CONFORMS)
		flags |= MPS_INTI_EDGE;
	return flags;
}

int platform_isa_irq_to_gsi(const struct platform *p, unsigned irq, uint32_t *gsi,
			    uint16_t *flags)
{
	if (irq >= ISA_IRQS)
		return -1;
	const struct platform_override *o = isa_override(p, irq);
	if (o) {
		*gsi = o->gsi;
		*flags = isa_defaults(o->flags);
		return 0;
	}
	if (gsi_taken(p, irq))
		return -1;
	*gsi = irq;
	*flags = isa_defaults(0);
	return 0;
}
