/*
 * The kernel's half of meta.csv (key,value): the guest's view of the CPU,
 * the boot and the options. The host adds its own keys (accel, QEMU
 * version and options, date) when it writes the results folder.
 */
#include "meta.h"

#include "console.h"
#include "cpuinfo.h"
#include "debugcon.h"
#include "fmt.h"
#include "kstring.h"
#include "frame.h"
#include "cpu.h"
#include "ioapic.h"
#include "lapic.h"
#include "pic.h"
#include "screen.h"
#include "serial.h"
#include "smp.h"
#include "tsc.h"
#include "usermode.h"
#include "version.h"

/* Whether a row KEY_NN with piece as its value fits FRAME_ROW_MAX. */
static bool piece_fits(const char *key, const char *piece)
{
	return strlen(key) + 3 + 1 + frame_csv_field(0, 0, piece) <= FRAME_ROW_MAX;
}

/* The longest next piece of value whose row fits, into piece; its length. */
static size_t next_piece(const char *key, const char *value, size_t left, char *piece)
{
	size_t n = left < FRAME_ROW_MAX ? left : FRAME_ROW_MAX;

	for (;; n--) {
		memcpy(piece, value, n);
		piece[n] = '\0';
		if (n <= 1 || piece_fits(key, piece))
			return n;
	}
}

/*
 * value comes from the user, the loader, the firmware or CPUID: the field
 * escapes whatever it holds (frame_csv_field). A value longer than a row
 * holds (a command line may have 1023 bytes, each shown in up to four)
 * goes on in rows KEY_2, KEY_3, ...: read in order, the pieces are the
 * whole value.
 */
static void meta_row(struct frame *f, const char *key, const char *value)
{
	char piece[FRAME_ROW_MAX + 1], field[FRAME_ROW_MAX + 1];
	size_t left = strlen(value);
	unsigned part = 1;

	do {
		size_t n = next_piece(key, value, left, piece);

		frame_csv_field(field, sizeof(field), piece);
		if (part++ == 1)
			frame_row(f, "%s,%s", key, field);
		else
			frame_row(f, "%s_%u,%s", key, part - 1, field);
		value += n;
		left -= n;
	} while (left > 0);
}

static void meta_row_uint(struct frame *f, const char *key, uint64_t v)
{
	frame_row(f, "%s,%lu", key, v);
}

static uint64_t available_mib(const struct bootinfo *bi)
{
	uint64_t bytes = 0;

	for (unsigned i = 0; i < bi->n_mmap; i++)
		if (bi->mmap[i].type == MMAP_AVAILABLE)
			bytes += bi->mmap[i].len;
	return bytes >> 20;
}

static void meta_cpu_rows(struct frame *f)
{
	struct cpuinfo ci;

	cpuinfo_read(&ci);
	meta_row(f, "cpu_vendor", ci.vendor);
	meta_row_uint(f, "cpu_family", ci.family);
	meta_row_uint(f, "cpu_model", ci.model);
	meta_row_uint(f, "cpu_stepping", ci.stepping);
	meta_row(f, "cpu_brand", ci.brand);
	meta_row(f, "hypervisor", ci.hypervisor_present ? ci.hypervisor : "none");
	meta_row_uint(f, "cpuid_x2apic", ci.x2apic);
	meta_row_uint(f, "cpuid_tsc_deadline", ci.tsc_deadline);
	meta_row_uint(f, "cpuid_invariant_tsc", ci.invariant_tsc);
	meta_row_uint(f, "cpuid_rdtscp", ci.rdtscp);
}

static void meta_platform_rows(struct frame *f, const struct platform *p)
{
	char hex[24];

	meta_row(f, "platform_source", p->source == PLATFORM_SOURCE_ACPI ? "acpi" : "mptable");
	meta_row_uint(f, "firmware_table_revision", p->revision);
	meta_row(f, "firmware_oem_id", p->oem_id);
	meta_row_uint(f, "cpus_in_firmware", p->n_cpus);
	meta_row_uint(f, "cpus_ignored", p->cpus_ignored);
	meta_row_uint(f, "ioapics", ioapic_count());
	ksnprintf(hex, sizeof(hex), "0x%lx", p->hpet.address);
	meta_row(f, "hpet", p->hpet.present ? hex : "absent");
	ksnprintf(hex, sizeof(hex), "0x%x", p->fadt.pm_timer_port);
	meta_row(f, "acpi_pm_timer_port", p->fadt.pm_timer_port ? hex : "absent");
	meta_row(f, "pic", pic_state());
}

static void meta_timing_rows(struct frame *f, const struct boot_times *t)
{
	const struct tsc_info *ti = tsc_info();

	meta_row_uint(f, "tsc_hz", ti->hz);
	meta_row(f, "tsc_source", tsc_source_name(ti->source));
	meta_row_uint(f, "tsc_hz_pit_measured", ti->pit_hz);
	meta_row_uint(f, "invariant_tsc", ti->invariant);
	meta_row(f, "tsc_trust", ti->assume_synced ? "assume" : "invariant");
	meta_row_uint(f, "lapic_timer_hz", lapic_timer_hz());
	meta_row(f, "lapic_timer_source", lapic_timer_source());
	meta_row_uint(f, "lapic_timer_hz_measured", lapic_timer_hz_measured());
	meta_row_uint(f, "lapic_timer_hz_measured_ppm", lapic_timer_hz_measured_ppm());
	meta_row_uint(f, "timing_overhead_cycles", (uint64_t)cpus[0].timing_overhead_min);
	meta_row_uint(f, "timing_overhead_median_cycles", (uint64_t)cpus[0].timing_overhead_median);
	meta_row_uint(f, "boot_to_all_cpus_online_us", tsc_cycles_to_ns(t->all_online - t->entry) / 1000);
}

/* The ring-0 emulation test (usermode.c), measured at boot. */
static void meta_ring0_rows(struct frame *f)
{
	const struct usermode_ring0 *r = usermode_ring0();
	char ratio[24];

	ksnprintf(ratio, sizeof(ratio), "%lu.%02lu", r->ratio_x100 / 100, r->ratio_x100 % 100);
	meta_row_uint(f, "ring0_emulated", r->emulated);
	meta_row(f, "ring0_ring3_loop_ratio", ratio);
}

/* Which port carried this log: the debug console (debugcon.c) or the
 * UART, and what the screen showed. */
static void meta_output_rows(struct frame *f)
{
	char port[8];

	ksnprintf(port, sizeof(port), "0x%x", serial_port());
	meta_row(f, "serial_port", serial_port() ? port : "none");
	meta_row(f, "serial_uart", serial_present() ? "present" : "absent");
	meta_row_uint(f, "serial_link_bps", serial_link_bps());
	meta_row(f, "debugcon", debugcon_describe());
	meta_row(f, "output_path", console_fast_path() ? "debugcon" : "uart");
	meta_row(f, "screen", screen_describe());
}

void meta_emit(const struct bootinfo *bi, const struct platform *p, const struct boot_times *t)
{
	struct frame f;

	console_lock();
	frame_begin(&f, "meta", "key,value");
	meta_row(&f, "irqbench_version", IRQBENCH_VERSION);
	meta_row(&f, "boot_protocol", bi->protocol == 2 ? "multiboot2" : "multiboot1");
	meta_row(&f, "boot_loader", bi->loader[0] ? bi->loader : "unknown");
	meta_row(&f, "kernel_cmdline", bi->cmdline);
	meta_row_uint(&f, "memory_available_mib", available_mib(bi));
	meta_row(&f, "acpi_rsdp_from_loader", bi->rsdp_len ? "yes" : "no");
	meta_row(&f, "framebuffer", bi->has_framebuffer ? "yes" : "no");
	meta_output_rows(&f);
	meta_cpu_rows(&f);
	meta_row(&f, "apic_mode", lapic_mode_name());
	meta_platform_rows(&f, p);
	meta_row_uint(&f, "cpus_expected", smp_cpus_expected());
	meta_row_uint(&f, "cpus_online", smp_cpus_online());
	meta_row_uint(&f, "cpus_unaddressable", lapic_cpus_left_out());
	meta_timing_rows(&f, t);
	meta_ring0_rows(&f);
	frame_end(&f);
	console_unlock();
}
