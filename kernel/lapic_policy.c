/*
 * The LAPIC decisions that depend only on what firmware and CPUID say,
 * kept pure so the host tests can check them: which mode to run in, and
 * which CPUs that mode can address at all.
 */
#include "lapic.h"

/* SDM 10.12.5 (figure 10-27): from xAPIC the LAPIC may go to x2APIC;
 * from x2APIC the only way back is through disabled, which resets it. So
 * firmware that handed over in x2APIC mode (it must, SDM 10.12.5.1 and
 * the ACPI x2APIC entries, when an APIC ID exceeds 254) rules xAPIC out. */
const char *lapic_policy_mode(enum apic_pref pref, bool firmware_x2apic, bool has_x2apic,
			      enum lapic_mode *mode)
{
	if (pref == APIC_PREF_XAPIC && firmware_x2apic)
		return "apic=xapic impossible: firmware left the LAPIC in x2APIC mode "
		       "(IA32_APIC_BASE.EXTD is 1), and x2APIC cannot go back to xAPIC";
	if (pref == APIC_PREF_X2APIC && !has_x2apic)
		return "apic=x2apic impossible: CPUID.1:ECX.x2APIC[bit 21] is 0";
	*mode = (pref == APIC_PREF_XAPIC || !has_x2apic) && !firmware_x2apic ?
		LAPIC_MODE_XAPIC : LAPIC_MODE_X2APIC;
	return 0;
}

/* Physical destinations: 8 bits in xAPIC mode, 0xFF being the broadcast
 * (SDM 10.6.2.1); 32 bits in x2APIC mode, 0xFFFFFFFF the broadcast
 * (SDM 10.12.9). */
uint32_t lapic_policy_max_apic_id(enum lapic_mode mode)
{
	return mode == LAPIC_MODE_X2APIC ? 0xFFFFFFFEu : 0xFEu;
}

unsigned lapic_policy_startable(const struct platform *p, enum lapic_mode mode, uint32_t *ids,
				uint32_t *left_out, unsigned *n_left_out)
{
	uint32_t max = lapic_policy_max_apic_id(mode);
	unsigned n = 0;

	*n_left_out = 0;
	for (unsigned i = 0; i < p->n_cpus; i++) {
		if (!p->cpus[i].enabled)
			continue;
		if (p->cpus[i].apic_id <= max)
			ids[n++] = p->cpus[i].apic_id;
		else
			left_out[(*n_left_out)++] = p->cpus[i].apic_id;
	}
	return n;
}
