/*
 * The kernel's half of meta.csv (key,value): the guest's view of the CPU,
 * the boot and the options. The host adds its own keys (accel, QEMU
 * version and options, date) when it writes the results folder.
 */
#include "meta.h"

#include "console.h"
#include "cpuinfo.h"
#include "fmt.h"
#include "frame.h"
#include "lapic.h"

static void meta_row(struct frame *f, const char *key, const char *value)
{
	char field[2 * BOOTINFO_CMDLINE_MAX + 3];

	frame_csv_field(field, sizeof(field), value);
	frame_row(f, "%s,%s", key, field);
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

void meta_emit(const struct bootinfo *bi)
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
	meta_cpu_rows(&f);
	meta_row(&f, "apic_mode", lapic_mode_name());
	frame_end(&f);
	console_unlock();
}
