/*
 * The LAPIC decisions of kernel/lapic_policy.c: the mode for each apic=
 * choice against what firmware and CPUID say, and which CPUs a mode can
 * address (x2APIC IDs above 254 in xAPIC mode cannot be).
 */
#include <string.h>

#include "check.h"
#include "lapic.h"

static enum lapic_mode mode_of(enum apic_pref pref, bool fw_x2apic, bool has_x2apic, const char **why)
{
	enum lapic_mode m = (enum lapic_mode)-1;

	*why = lapic_policy_mode(pref, fw_x2apic, has_x2apic, &m);
	return m;
}

static void mode_decisions(void)
{
	const char *why;

	/* auto: x2APIC where the CPU has it, whatever firmware did. */
	CHECK(mode_of(APIC_PREF_AUTO, false, true, &why) == LAPIC_MODE_X2APIC && !why);
	CHECK(mode_of(APIC_PREF_AUTO, true, true, &why) == LAPIC_MODE_X2APIC && !why);
	CHECK(mode_of(APIC_PREF_AUTO, false, false, &why) == LAPIC_MODE_XAPIC && !why);
	/* xapic: fine from xAPIC, refused once firmware enabled x2APIC. */
	CHECK(mode_of(APIC_PREF_XAPIC, false, true, &why) == LAPIC_MODE_XAPIC && !why);
	CHECK(mode_of(APIC_PREF_XAPIC, false, false, &why) == LAPIC_MODE_XAPIC && !why);
	mode_of(APIC_PREF_XAPIC, true, true, &why);
	CHECK(why && strstr(why, "apic=xapic impossible: firmware left the LAPIC in x2APIC mode"));
	/* x2apic: needs the CPUID bit. */
	CHECK(mode_of(APIC_PREF_X2APIC, false, true, &why) == LAPIC_MODE_X2APIC && !why);
	CHECK(mode_of(APIC_PREF_X2APIC, true, true, &why) == LAPIC_MODE_X2APIC && !why);
	mode_of(APIC_PREF_X2APIC, false, false, &why);
	CHECK(why && strcmp(why, "apic=x2apic impossible: CPUID.1:ECX.x2APIC[bit 21] is 0") == 0);
}

static void add_cpu(struct platform *p, uint32_t id, bool enabled, bool online_capable)
{
	struct platform_cpu c = { .apic_id = id, .acpi_uid = id, .enabled = enabled,
				  .online_capable = online_capable, .entry = CPU_ENTRY_MADT_X2APIC };

	p->cpus[p->n_cpus++] = c;
}

/* A server MADT: IDs 0-3, then sparse x2APIC IDs 254, 255 (an x2APIC ID,
 * not the xAPIC broadcast), 256, 0x1001, one disabled and one
 * online-capable entry. */
static void server(struct platform *p)
{
	static const uint32_t ids[] = { 0, 1, 2, 3, 254, 255, 256, 0x1001 };

	memset(p, 0, sizeof(*p));
	for (unsigned i = 0; i < sizeof(ids) / sizeof(ids[0]); i++)
		add_cpu(p, ids[i], true, false);
	add_cpu(p, 300, false, true);
	add_cpu(p, 301, false, false);
}

static void startable_cpus(void)
{
	static struct platform p;
	uint32_t ids[PLATFORM_MAX_CPUS], left[PLATFORM_MAX_CPUS];
	unsigned n_left = 99, n;

	server(&p);
	CHECK(lapic_policy_max_apic_id(LAPIC_MODE_XAPIC) == 0xFE);
	CHECK(lapic_policy_max_apic_id(LAPIC_MODE_X2APIC) == 0xFFFFFFFE);
	n = lapic_policy_startable(&p, LAPIC_MODE_X2APIC, ids, left, &n_left);
	CHECK(n == 8 && n_left == 0);
	CHECK(ids[4] == 254 && ids[5] == 255 && ids[7] == 0x1001);
	n = lapic_policy_startable(&p, LAPIC_MODE_XAPIC, ids, left, &n_left);
	CHECK(n == 5 && ids[4] == 254);
	CHECK(n_left == 3 && left[0] == 255 && left[1] == 256 && left[2] == 0x1001);
}

/* A desktop: every ID below 255, nothing left out in either mode. */
static void desktop(void)
{
	static struct platform p;
	uint32_t ids[PLATFORM_MAX_CPUS], left[PLATFORM_MAX_CPUS];
	unsigned n_left = 99;

	memset(&p, 0, sizeof(p));
	for (uint32_t id = 0; id < 16; id += 2)
		add_cpu(&p, id, true, false);
	CHECK(lapic_policy_startable(&p, LAPIC_MODE_XAPIC, ids, left, &n_left) == 8 && n_left == 0);
	CHECK(ids[7] == 14);
}

int main(void)
{
	RUN(mode_decisions);
	RUN(startable_cpus);
	RUN(desktop);
	return check_exit();
}
