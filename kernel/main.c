/*
 * irqbench's C entry, on the BSP, reached from boot/entry.S in long mode
 * with the Multiboot magic and information address. Boot reads as a list.
 */
#include <stdint.h>

#include "bench.h"
#include "bootinfo.h"
#include "cmdline.h"
#include "console.h"
#include "cpu.h"
#include "emit.h"
#include "firmware.h"
#include "frame.h"
#include "ioapic.h"
#include "lapic.h"
#include "mem.h"
#include "meta.h"
#include "paging.h"
#include "panic.h"
#include "pic.h"
#include "platform.h"
#include "selftest.h"
#include "smp.h"
#include "tally.h"
#include "trap.h"
#include "tsc.h"
#include "tscsync.h"
#include "usermode.h"
#include "version.h"

static struct bootinfo bootinfo;
static struct cmdline cmdline;
static struct boot_times times;

/* What the loader passed, escaped: a control byte or the marker prefix in
 * the command line must neither break the line nor pass for a marker. */
static void boot_line(void)
{
	static char cmdline_shown[4 * BOOTINFO_CMDLINE_MAX], loader_shown[4 * BOOTINFO_LOADER_MAX];

	frame_text_escape(cmdline_shown, sizeof(cmdline_shown), bootinfo.cmdline);
	frame_text_escape(loader_shown, sizeof(loader_shown), bootinfo.loader);
	kprintf("boot: multiboot%u from %s, command line: %s\n", bootinfo.protocol,
		loader_shown[0] ? loader_shown : "an unnamed loader", cmdline_shown);
}

static void bootinfo_read(uint32_t magic, uint32_t info)
{
	char err[160];

	if (bootinfo_parse(magic, info, &bootinfo, err, sizeof(err)) < 0)
		panic_stop(EXIT_BOOT, "boot: %s", err);
	boot_line();
}

_Static_assert(CMDLINE_ERR_MAX <= PANIC_REASON_MAX, "a command line error ends the run whole");

static void cmdline_read(void)
{
	char err[CMDLINE_ERR_MAX];
	unsigned n;
	const char *const *names = bench_names(&n);

	if (cmdline_parse(bootinfo.cmdline, names, n, &cmdline, err, sizeof(err)) < 0)
		panic_stop(EXIT_CMDLINE, "%s", err);
	console_start_serial(cmdline.serial_port, cmdline.debugcon_port);
	panic_hold_at_end(cmdline.hold);
}

static void platform_read(void)
{
	const char *why = firmware_discover(&bootinfo);
	const struct platform *p = firmware_platform();

	if (why)
		panic_stop(EXIT_BOOT, "%s", why);
	kprintf("platform: %s, %u CPUs, %u I/O APICs, %u ISA overrides, HPET %s\n",
		p->source == PLATFORM_SOURCE_ACPI ? "ACPI" : "MP tables", p->n_cpus,
		p->n_ioapics, p->n_overrides, p->hpet.present ? "present" : "absent");
	if (p->srat_ignored[0])
		kprintf("platform: NUMA nodes unknown, the SRAT was not used: %s\n", p->srat_ignored);
}

static void lapic_start(void)
{
	const char *why = lapic_init_bsp(cmdline.apic, firmware_platform());

	if (why)
		panic_stop(EXIT_BOOT, "lapic: %s", why);
	lapic_setup_lints(firmware_platform());
	cpus[0].apic_id = lapic_id();
	kprintf("lapic: %s mode, BSP APIC ID %u\n", lapic_mode_name(), cpus[0].apic_id);
}

static void ioapic_start(void)
{
	const char *why = ioapic_init(firmware_platform());

	if (why)
		panic_stop(EXIT_BOOT, "%s", why);
}

static void clocks_calibrate(void)
{
	const char *why = tsc_calibrate(firmware_platform());

	if (why)
		panic_stop(EXIT_BOOT, "tsc: %s", why);
	tsc_assume_synced(cmdline.tsc_trust == TSC_TRUST_ASSUME);
	if ((why = lapic_timer_calibrate()))
		panic_stop(EXIT_BOOT, "%s", why);
	kprintf("tsc: %lu Hz from %s (PIT measured %lu Hz)%s\n", tsc_info()->hz,
		tsc_source_name(tsc_info()->source), tsc_info()->pit_hz,
		tsc_info()->invariant ? ", invariant" : tsc_sync_assumed() ?
		", not invariant (taken as synchronized: tsc_trust=assume)" : ", not invariant");
	kprintf("lapic: timer %lu Hz at divide 1 from %s (measured %lu Hz)\n", lapic_timer_hz(),
		lapic_timer_source(), lapic_timer_hz_measured());
}

static void memory_start(void)
{
	const char *why = mem_init(&bootinfo);

	if (why)
		panic_stop(EXIT_BOOT, "%s", why);
	mem_report_firmware_overlap(&bootinfo);
	kprintf("mem: %lu MiB for samples\n", mem_available() >> 20);
}

static void cpus_start(void)
{
	static uint32_t ids[PLATFORM_MAX_CPUS];
	unsigned n = lapic_startable_cpus(firmware_platform(), ids);

	smp_start_aps(ids, n, cmdline.inject);
	times.all_online = tsc_read_fenced();
	smp_check_cpus();
	smp_check_selection(&cmdline);
	tscsync_measure();
	for (unsigned i = 0; i < smp_cpus_expected(); i++)
		if (cpus[i].online) {
			smp_run_on(i, lapic_snapshot, 0, SMP_CALL_TIMEOUT_US);
			smp_run_on(i, tsc_record_overhead, 0, SMP_CALL_TIMEOUT_US);
		}
}

/* The machine description: every table that says what the run ran on. */
static void describe_machine(void)
{
	meta_emit(&bootinfo, firmware_platform(), &times);
	smp_emit_cpus();
	cpu_emit_tables(smp_cpus_expected());
	trap_emit_idt(smp_cpus_expected());
	lapic_emit_table();
	ioapic_emit_table();
	pic_emit_table();
}

void kmain(uint32_t magic, uint32_t info)
{
	times.entry = tsc_read_fenced();
	frame_set_sink(console_write);
	frame_run_begin(IRQBENCH_VERSION);
	kprintf("irqbench %s\n", IRQBENCH_VERSION);
	paging_init();
	cpu_setup(&cpus[0], 0, 0);
	bootinfo_read(magic, info);
	console_start_screen(&bootinfo);
	cmdline_read();
	platform_read();
	pic_init(firmware_platform());
	lapic_start();
	ioapic_start();
	clocks_calibrate();
	memory_start();
	cpus_start();
	usermode_measure_ring0();
	describe_machine();
	selftest_run(cmdline.selftest);
	bench_run_selected(&cmdline);
	console_report_screen_cost();
	tally_show();
	kernel_exit_ok(emit_outcome());
}
