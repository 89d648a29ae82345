/*
 * Per-CPU descriptor tables and their loading (SDM Vol. 3A 3.5.1 LGDT,
 * 6.10 LIDT, 7.2.4 LTR). The IDT contents are trap.c's: cpu.c only owns
 * where each CPU's tables live and how they are made current.
 */
#include "cpu.h"

#include "console.h"
#include "cpuinfo.h"
#include "firmware.h"
#include "frame.h"
#include "lapic.h"
#include "trap.h"
#include "x86.h"

struct cpu cpus[MAX_CPUS];
static bool gs_ready;

static void gdt_fill(struct cpu *c)
{
	struct tss_desc tss = tss_desc_make((uint64_t)&c->tss, sizeof(c->tss) - 1);

	c->gdt[GDT_NULL] = (struct seg_desc){0};
	c->gdt[GDT_KERNEL_CODE] = seg_desc_code64(0);
	c->gdt[GDT_KERNEL_DATA] = seg_desc_data(0);
	c->gdt[GDT_USER_CODE32] = seg_desc_code32(3);
	c->gdt[GDT_USER_DATA] = seg_desc_data(3);
	c->gdt[GDT_USER_CODE] = seg_desc_code64(3);
	__builtin_memcpy(&c->gdt[GDT_TSS], &tss, sizeof(tss));
}

static void tss_fill(struct cpu *c)
{
	c->tss = (struct tss){0};
	c->tss.rsp[0] = (uint64_t)(c->kstack + KSTACK_SIZE);
	for (unsigned i = 0; i < IST_SLOTS; i++)
		c->tss.ist[i] = (uint64_t)(c->ist_stack[i] + IST_STACK_SIZE);
	/* An I/O bitmap offset past the limit: no bitmap, ring 3 gets no ports. */
	c->tss.iomap_base = sizeof(c->tss);
}

/* LGDT, then reload CS with a far return and the data segments by move. */
static void gdt_load(struct cpu *c)
{
	struct desc_ptr p = { sizeof(c->gdt) - 1, (uint64_t)c->gdt };

	__asm__ volatile("lgdt %0\n\t"
			 "pushq %1\n\t"
			 "leaq 1f(%%rip), %%rax\n\t"
			 "pushq %%rax\n\t"
			 "lretq\n"
			 "1:\n\t"
			 "movw %w2, %%ds\n\t"
			 "movw %w2, %%es\n\t"
			 "movw %w2, %%ss\n\t"
			 : : "m"(p), "i"(SEL_KERNEL_CODE), "r"(SEL_KERNEL_DATA)
			 : "rax", "memory");
	__asm__ volatile("ltr %w0" : : "r"(SEL_TSS));
}

static void idt_load(struct cpu *c)
{
	struct desc_ptr p = { sizeof(c->idt) - 1, (uint64_t)c->idt };

	__asm__ volatile("lidt %0" : : "m"(p));
}

void cpu_setup(struct cpu *c, unsigned index, uint32_t apic_id)
{
	c->self = c;
	c->index = index;
	c->apic_id = apic_id;
	gdt_fill(c);
	tss_fill(c);
	trap_fill_idt(c->idt);
	gdt_load(c);
	idt_load(c);
	wrmsr(MSR_GS_BASE, (uint64_t)c);
	gs_ready = true;
}

unsigned cpu_current_index(void)
{
	return gs_ready ? this_cpu()->index : 0;
}

bool cpu_on_ist_stack(const struct cpu *c, unsigned ist, uint64_t p)
{
	if (ist < 1 || ist > IST_SLOTS)
		return false;
	uint64_t lo = (uint64_t)c->ist_stack[ist - 1];

	return p >= lo && p < lo + IST_STACK_SIZE;
}

/* The SRAT's proximity domain for the CPU with this APIC ID. */
static uint32_t numa_node_of(uint32_t apic_id)
{
	const struct platform *p = firmware_platform();

	for (unsigned i = 0; i < p->n_cpus; i++)
		if (p->cpus[i].apic_id == apic_id && p->cpus[i].has_proximity)
			return p->cpus[i].proximity;
	return TOPOLOGY_UNKNOWN;
}

void cpu_record_self(void *unused)
{
	struct cpu *c = this_cpu();
	struct desc_ptr idtr, gdtr;

	(void)unused;
	__asm__ volatile("sidt %0" : "=m"(idtr));
	__asm__ volatile("sgdt %0" : "=m"(gdtr));
	__asm__ volatile("str %0" : "=r"(c->seen_tr));
	c->seen_idt_base = idtr.base;
	c->seen_idt_limit = idtr.limit;
	c->seen_gdt_base = gdtr.base;
	c->seen_gdt_limit = gdtr.limit;
	/* The hidden base of TR cannot be read back; its descriptor can. */
	if ((c->seen_tr & ~7u) + sizeof(struct tss_desc) <= gdtr.limit + 1u)
		c->seen_tr_base = tss_desc_base((const struct tss_desc *)(gdtr.base + (c->seen_tr & ~7u)));
	c->seen_apic_id = lapic_id();
	cpuinfo_read_topology(&c->topo_shifts, &c->cpuid_apic_id);
	topology_decode(&c->topo_shifts, c->cpuid_apic_id, &c->topo);
	cpuinfo_read_caches(c->cpuid_apic_id, &c->l2_id, &c->l3_id);
	c->numa_node = numa_node_of(c->apic_id);
}

/* Offline CPUs keep their row, empty but for cpu and apic_id: the table has
 * one row per CPU the kernel tried to start, like cpus. */
void cpu_emit_tables(unsigned n_cpus)
{
	struct frame f;

	console_lock();
	frame_begin(&f, "cpu_tables", "cpu,apic_id,idtr_base,idtr_limit,gdtr_base,gdtr_limit,tr,"
		    "tr_base,idt_gates_differing,apic_regs_differing");
	for (unsigned i = 0; i < n_cpus; i++) {
		const struct cpu *c = &cpus[i];

		if (!c->online) {
			frame_row(&f, "%u,%u,,,,,,,,", i, c->apic_id);
			continue;
		}
		frame_row(&f, "%u,%u,0x%lx,0x%x,0x%lx,0x%x,0x%x,0x%lx,%u,%u", i, c->apic_id,
			  c->seen_idt_base, c->seen_idt_limit, c->seen_gdt_base, c->seen_gdt_limit,
			  c->seen_tr, c->seen_tr_base, trap_idt_differences(c),
			  lapic_snapshot_differences(i));
	}
	frame_end(&f);
	console_unlock();
}
