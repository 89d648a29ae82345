/*
 * MSR_SMI_COUNT (0x34; SDM Vol. 4, chapter 2, "MSRs in Processors Based
 * on Intel Microarchitecture Code Name Nehalem" and the tables of every
 * later family, thread scope, read-only): SMIs taken by this logical CPU
 * since reset. AMD has no such MSR, and on an Intel CPU that predates
 * Nehalem RDMSR of 0x34 raises #GP: rdmsr_safe turns that into a reason.
 * Read outside every timed section: before a benchmark starts and after
 * it ends, on each selected CPU itself (the MSR is per thread).
 */
#include "smi.h"

#include <stdbool.h>

#include "console.h"
#include "cpu.h"
#include "cpuinfo.h"
#include "fmt.h"
#include "frame.h"
#include "kstring.h"
#include "smp.h"
#include "trap.h"
#include "x86.h"

#define MSR_SMI_COUNT 0x34
/* APM control (ICH9 and PIIX4 data sheets, APM_CNT): a write raises an SMI
 * when the chipset's APMC SMI enable is set. The FADT's SMI_CMD port. */
#define APM_CNT_PORT 0xB2

struct smi_reading {
	uint64_t count;
	bool ok;
};

static struct smi_reading before[MAX_CPUS], after[MAX_CPUS];
static unsigned selected[MAX_CPUS], n_selected;
static char vendor_reason[64];

static void smi_read(void *readings)
{
	struct smi_reading *r = (struct smi_reading *)readings + cpu_current_index();

	r->ok = rdmsr_safe(MSR_SMI_COUNT, &r->count) == 0;
}

static void smi_read_selected(struct smi_reading *r)
{
	for (unsigned i = 0; i < n_selected; i++)
		smp_run_on(selected[i], smi_read, r, SMP_CALL_TIMEOUT_US);
}

/* NULL when MSR_SMI_COUNT may exist: the vendor is Intel. */
static const char *smi_vendor_reason(void)
{
	struct cpuinfo ci;

	cpuinfo_read(&ci);
	if (strcmp(ci.vendor, "GenuineIntel") == 0)
		return 0;
	ksnprintf(vendor_reason, sizeof(vendor_reason), "not an Intel CPU (vendor %s)", ci.vendor);
	return vendor_reason;
}

void smi_count_before(const struct cmdline *c)
{
	n_selected = smp_selected_cpus(c, selected);
	if (smi_vendor_reason())
		return;
	smi_read_selected(before);
	if (c->inject & INJECT_SMI)
		outb(APM_CNT_PORT, 0);
}

static void smi_emit_cpu(struct frame *f, const char *bench, unsigned cpu)
{
	const struct smi_reading *b = &before[cpu], *a = &after[cpu];

	if (b->ok && a->ok)
		frame_row(f, "%s,%u,ok,%lu,%lu,%lu,", bench, cpu, b->count, a->count,
			  a->count - b->count);
	else
		frame_row(f, "%s,%u,skipped,,,,rdmsr 0x34 (MSR_SMI_COUNT) raised #GP", bench, cpu);
}

/* After the table, outside the console lock that kprintf takes too. */
static void smi_warn(const char *bench)
{
	for (unsigned i = 0; i < n_selected; i++) {
		const struct smi_reading *b = &before[selected[i]], *a = &after[selected[i]];
		if (b->ok && a->ok && a->count != b->count)
			kprintf("smi: %lu SMI%s on cpu %u during bench %s: its tail figures may be "
				"inflated\n", a->count - b->count, a->count - b->count == 1 ? "" : "s",
				selected[i], bench);
	}
}

void smi_count_after(const char *bench)
{
	const char *why = smi_vendor_reason();
	char field[2 * sizeof(vendor_reason) + 3];
	struct frame f;

	if (!why)
		smi_read_selected(after);
	console_lock();
	frame_begin(&f, "smi", "bench,cpu,status,before,after,delta,reason");
	if (why) {
		frame_csv_field(field, sizeof(field), why);
		frame_row(&f, "%s,,skipped,,,,%s", bench, field);
	}
	for (unsigned i = 0; !why && i < n_selected; i++)
		smi_emit_cpu(&f, bench, selected[i]);
	frame_end(&f);
	console_unlock();
	if (!why)
		smi_warn(bench);
}
