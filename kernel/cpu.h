/*
 * Per-CPU state: every CPU owns its GDT, TSS (with IST stacks), IDT and
 * kernel stack, in distinct memory, and finds its struct cpu through the
 * GS base. The BSP and the APs run the same cpu_setup().
 */
#ifndef CPU_H
#define CPU_H

#include <stdbool.h>
#include <stdint.h>

#include "desc.h"
#include "topology.h"

#define MAX_CPUS 256
#define IDT_VECTORS 256

/* IST slots (1-based, as in the gate's IST field; SDM 6.14.5). NMI, #DF
 * and #MC get stacks of their own so that they run on a known-good stack
 * whatever the interrupted code did to RSP. */
enum ist_slot { IST_NONE, IST_NMI, IST_DF, IST_MC, IST_SLOTS = IST_MC };
#define IST_STACK_SIZE 8192
#define KSTACK_SIZE 16384

struct cpu {
	struct cpu *self;	/* at GS:0; used by this_cpu() */
	unsigned index;		/* 0 is the BSP */
	uint32_t apic_id;
	volatile bool online;
	/* Start-up record (smp.c): STARTUP IPIs sent, cycles from INIT to online. */
	unsigned sipis;
	uint64_t start_cycles;
	/* Work mailbox (smp_post): fn(arg) runs when posted != done. */
	void (*volatile work_fn)(void *arg);
	void *volatile work_arg;
	volatile uint32_t work_posted, work_done;
	volatile uint32_t work_notify_apic;	/* who to wake when done */
	/* What the CPU itself reports (cpu_record_self): proof that its own
	 * tables are loaded and that it is the CPU we think it is. */
	uint64_t seen_idt_base, seen_gdt_base;
	uint16_t seen_idt_limit, seen_gdt_limit;
	uint16_t seen_tr;
	uint64_t seen_tr_base;	/* from the TSS descriptor TR selects in that GDT */
	uint32_t seen_apic_id;
	/* Its place in the machine, from its own CPUID (cpuinfo_read_topology). */
	struct topology_shifts topo_shifts;
	struct topology_ids topo;
	uint32_t cpuid_apic_id;
	uint32_t l2_id, l3_id;	/* cpuinfo_read_caches, or TOPOLOGY_UNKNOWN */
	uint32_t numa_node;	/* ACPI SRAT proximity domain, or TOPOLOGY_UNKNOWN */
	/* TSC offset to CPU 0 and its uncertainty (tscsync.c). */
	int64_t tsc_offset;
	uint64_t tsc_offset_uncertainty;
	/* Cost of an empty tsc_start/tsc_stop pair on this CPU (tsc.c). */
	int64_t timing_overhead_min, timing_overhead_median;
	struct tss tss __attribute__((aligned(16)));
	struct seg_desc gdt[GDT_SLOTS] __attribute__((aligned(16)));
	struct idt_gate idt[IDT_VECTORS] __attribute__((aligned(4096)));
	uint8_t ist_stack[IST_SLOTS][IST_STACK_SIZE] __attribute__((aligned(16)));
	uint8_t kstack[KSTACK_SIZE] __attribute__((aligned(16)));
};
_Static_assert(__builtin_offsetof(struct cpu, self) == 0, "this_cpu() reads GS:0");

extern struct cpu cpus[MAX_CPUS];

void cpu_setup(struct cpu *c, unsigned index, uint32_t apic_id);

static inline struct cpu *this_cpu(void)
{
	struct cpu *c;
	__asm__ volatile("movq %%gs:0, %0" : "=r"(c));
	return c;
}

/* The CPU index for messages; 0 before cpu_setup() has run on the BSP. */
unsigned cpu_current_index(void);

/* Run on a CPU: record its SIDT, SGDT, STR (and the TSS base that TR's
 * descriptor in its GDT holds), LAPIC ID and topology into its struct cpu. */
void cpu_record_self(void *unused);

/* The `cpu_tables` table: per CPU what it reported for IDTR, GDTR and TR,
 * and how many IDT gates and LAPIC registers differ from CPU 0's (the idt
 * and apic tables send CPU 0's in full, the others' differences only). */
void cpu_emit_tables(unsigned n_cpus);

/* Is address p on c's IST stack number ist (IST_NMI...)? */
bool cpu_on_ist_stack(const struct cpu *c, unsigned ist, uint64_t p);

#endif
