/*
 * Vector policy and dispatch. Every IDT gate points at a stub in vectors.S;
 * trap_dispatch() then calls the C handler registered for the vector, or
 * reports the event as unexpected and stops the machine, as a bugcheck does.
 * Names and error codes: SDM Vol. 3A 6.3.1 (table 6-1) and 6.13; vectors
 * 28-30 are AMD's (APM Vol. 2, 8.2).
 */
#include "trap.h"

#include "console.h"
#include "cpu.h"
#include "frame.h"
#include "panic.h"
#include "smp.h"
#include "x86.h"

extern const uint64_t vector_stubs[256];
extern const char rdmsr_safe_insn[], rdmsr_safe_fixup[];
extern const char _image_start[], _image_end[];

static const struct exception_info {
	const char *mnemonic;
	const char *name;
} exceptions[32] = {
	[0] = { "#DE", "Divide Error" },
	[1] = { "#DB", "Debug" },
	[2] = { "NMI", "Non-maskable Interrupt" },
	[3] = { "#BP", "Breakpoint" },
	[4] = { "#OF", "Overflow" },
	[5] = { "#BR", "BOUND Range Exceeded" },
	[6] = { "#UD", "Invalid Opcode" },
	[7] = { "#NM", "Device Not Available" },
	[8] = { "#DF", "Double Fault" },
	[9] = { "reserved", "Coprocessor Segment Overrun (reserved)" },
	[10] = { "#TS", "Invalid TSS" },
	[11] = { "#NP", "Segment Not Present" },
	[12] = { "#SS", "Stack-Segment Fault" },
	[13] = { "#GP", "General Protection" },
	[14] = { "#PF", "Page Fault" },
	[15] = { "reserved", "reserved" },
	[16] = { "#MF", "x87 FPU Floating-Point Error" },
	[17] = { "#AC", "Alignment Check" },
	[18] = { "#MC", "Machine Check" },
	[19] = { "#XM", "SIMD Floating-Point Exception" },
	[20] = { "#VE", "Virtualization Exception" },
	[21] = { "#CP", "Control Protection Exception" },
	[22] = { "reserved", "reserved" },
	[23] = { "reserved", "reserved" },
	[24] = { "reserved", "reserved" },
	[25] = { "reserved", "reserved" },
	[26] = { "reserved", "reserved" },
	[27] = { "reserved", "reserved" },
	[28] = { "#HV", "Hypervisor Injection Exception (AMD)" },
	[29] = { "#VC", "VMM Communication Exception (AMD)" },
	[30] = { "#SX", "Security Exception (AMD)" },
	[31] = { "reserved", "reserved" },
};

static trap_handler_fn handlers[256];
static const char *handler_names[256];
static bool reporting;

const char *trap_mnemonic(unsigned vector)
{
	return vector < 32 ? exceptions[vector].mnemonic : "INTR";
}

const char *trap_name(unsigned vector)
{
	return vector < 32 ? exceptions[vector].name : "external or software interrupt";
}

/* Gate policy. Interrupt gates everywhere: no handler of irqbench may be
 * interrupted halfway through a measurement. #BP and #OF have DPL 3 so that
 * int3 and into work from ring 3, as in every OS. NMI, #DF and #MC switch to
 * their own IST stacks. Benchmarks change single gates for their variants. */
static unsigned gate_dpl(unsigned v)
{
	return (v == VEC_BP || v == VEC_OF) ? 3 : 0;
}

static unsigned gate_ist(unsigned v)
{
	switch (v) {
	case VEC_NMI: return IST_NMI;
	case VEC_DF: return IST_DF;
	case VEC_MC: return IST_MC;
	default: return IST_NONE;
	}
}

void trap_fill_idt(struct idt_gate idt[256])
{
	for (unsigned v = 0; v < 256; v++)
		idt[v] = idt_gate_make(vector_stubs[v], SEL_KERNEL_CODE, GATE_INTERRUPT,
				       gate_dpl(v), gate_ist(v));
}

void trap_set_gate(struct cpu *c, unsigned vector, uint64_t handler, enum gate_type type,
		   unsigned dpl, unsigned ist)
{
	c->idt[vector] = idt_gate_make(handler, SEL_KERNEL_CODE, type, dpl, ist);
}

void trap_reset_gate(struct cpu *c, unsigned vector)
{
	c->idt[vector] = idt_gate_make(vector_stubs[vector], SEL_KERNEL_CODE, GATE_INTERRUPT,
				       gate_dpl(vector), gate_ist(vector));
}

void trap_set_handler(unsigned vector, trap_handler_fn fn, const char *name)
{
	handlers[vector] = fn;
	handler_names[vector] = name;
}

void trap_set_timed_handler(unsigned vector, trap_handler_fn fn, const char *name)
{
	ASSERT(TRAP_TIMESTAMPED(vector));
	trap_set_handler(vector, fn, name);
}

const char *trap_handler_name(unsigned vector)
{
	return handler_names[vector] ? handler_names[vector] : "unexpected";
}

/* Instructions allowed to raise #GP (fixup.S), and where each resumes. */
static const struct fixup {
	const char *insn, *resume;
} fixups[] = {
	{ rdmsr_safe_insn, rdmsr_safe_fixup },
};

static bool trap_fixup(struct trap_frame *f)
{
	if (f->vector != VEC_GP)
		return false;
	for (unsigned i = 0; i < sizeof(fixups) / sizeof(fixups[0]); i++)
		if (f->rip == (uint64_t)fixups[i].insn) {
			f->rip = (uint64_t)fixups[i].resume;
			return true;
		}
	return false;
}

/* Exceptions, NMIs and vectors without a handler: the cases that need a
 * look before (or instead of) the handler. */
static __attribute__((noinline)) void trap_dispatch_special(struct trap_frame *f, trap_handler_fn fn)
{
	/* Another CPU is ending the run: stay out of its way, for good. */
	if (f->vector == VEC_NMI && smp_stopping())
		for (;;) {
			cli();
			hlt();
		}
	if (trap_fixup(f))
		return;
	if (fn) {
		fn(f);
		return;
	}
	if (__atomic_exchange_n(&reporting, true, __ATOMIC_ACQ_REL))
		panic_stop(EXIT_PANIC, "vector %lu on cpu %u while reporting another fault",
			   f->vector, cpu_current_index());
	trap_report(f, f->vector < 32 ? "unexpected exception" : "unexpected interrupt");
	panic_stop(EXIT_PANIC, "unexpected %s on cpu %u: vector %lu %s",
		   f->vector < 32 ? "exception" : "interrupt", cpu_current_index(),
		   f->vector, trap_mnemonic(f->vector));
}

/* An interrupt (not an exception or NMI) with a handler goes straight to
 * it, a few instructions after entry: the IPI round trip's reply is sent
 * from one. */
void trap_dispatch(struct trap_frame *f)
{
	trap_handler_fn fn = handlers[f->vector & 0xFF];

	if (f->vector >= VEC_FIRST_EXTERNAL && fn)
		fn(f);
	else
		trap_dispatch_special(f, fn);
}

static void report_pf_error(uint64_t e)
{
	/* SDM 4.7, figure 4-12. */
	kprintf("    error code 0x%lx: %s, %s, %s%s%s%s  (P=%lu W=%lu U=%lu RSVD=%lu I=%lu PK=%lu)\n",
		e, e & 1 ? "protection violation" : "not-present page",
		e & 2 ? "write" : "read", e & 4 ? "user" : "supervisor",
		e & 8 ? ", reserved bit set" : "", e & 16 ? ", instruction fetch" : "",
		e & 32 ? ", protection key" : "",
		e & 1, (e >> 1) & 1, (e >> 2) & 1, (e >> 3) & 1, (e >> 4) & 1, (e >> 5) & 1);
	kprintf("    CR2=0x%016lx (the faulting linear address)\n", read_cr2());
}

static void report_selector_error(uint64_t e)
{
	/* SDM 6.13, figure 6-6: EXT, IDT, TI, then the selector index. */
	unsigned index = (unsigned)(e >> 3) & 0x1FFF;
	const char *table = (e & 2) ? "IDT" : (e & 4) ? "LDT" : "GDT";

	kprintf("    error code 0x%lx: %s index %u%s%s\n", e, table, index,
		(e & 2) && index < 32 ? " " : "", (e & 2) && index < 32 ? trap_mnemonic(index) : "");
	kprintf("    EXT=%lu (%s)\n", e & 1, e & 1 ? "event external to the program" : "raised by the program");
}

static void report_error_code(const struct trap_frame *f)
{
	switch (f->vector) {
	case VEC_PF:
		report_pf_error(f->error_code);
		break;
	case VEC_TS:
	case VEC_NP:
	case VEC_SS:
	case VEC_GP:
		if (f->error_code)
			report_selector_error(f->error_code);
		else
			kprintf("    error code 0 (no selector involved)\n");
		break;
	case VEC_DF:
	case VEC_AC:
	case VEC_CP:
	case 29:
	case 30:
		kprintf("    error code 0x%lx\n", f->error_code);
		break;
	default:
		kprintf("    no error code\n");
	}
}

static void report_registers(const struct trap_frame *f)
{
	kprintf("    RIP=%016lx  CS=%04lx  RFLAGS=%016lx\n", f->rip, f->cs, f->rflags);
	kprintf("    RSP=%016lx  SS=%04lx  CPL=%lu\n", f->rsp, f->ss, f->cs & 3);
	kprintf("    RAX=%016lx RBX=%016lx RCX=%016lx RDX=%016lx\n", f->rax, f->rbx, f->rcx, f->rdx);
	kprintf("    RSI=%016lx RDI=%016lx RBP=%016lx R8 =%016lx\n", f->rsi, f->rdi, f->rbp, f->r8);
	kprintf("    R9 =%016lx R10=%016lx R11=%016lx R12=%016lx\n", f->r9, f->r10, f->r11, f->r12);
	kprintf("    R13=%016lx R14=%016lx R15=%016lx\n", f->r13, f->r14, f->r15);
	kprintf("    CR0=%016lx CR3=%016lx CR4=%016lx\n", read_cr0(), read_cr3(), read_cr4());
}

/* Eight stack words, only from memory known to be mapped (the kernel
 * image holds every stack), so a wild RSP cannot fault the report. */
static void report_stack(const struct trap_frame *f)
{
	const uint64_t *p = (const uint64_t *)(f->rsp & ~7ull);

	if ((const char *)p < _image_start || (const char *)(p + 8) > _image_end) {
		kprintf("    stack: RSP outside the kernel image, not dumped\n");
		return;
	}
	kprintf("    stack at %016lx:\n", (uint64_t)p);
	for (unsigned i = 0; i < 8; i += 4)
		kprintf("      %016lx %016lx %016lx %016lx\n", p[i], p[i + 1], p[i + 2], p[i + 3]);
}

void trap_report(const struct trap_frame *f, const char *why)
{
	console_force_unlock();
	kprintf("\n*** %s on cpu %u during %s: vector %lu (0x%lx) %s, %s\n", why,
		cpu_current_index(), panic_activity(), f->vector, f->vector,
		trap_mnemonic(f->vector), trap_name(f->vector));
	report_error_code(f);
	report_registers(f);
	report_stack(f);
}

static bool gate_differs(const struct cpu *c, unsigned v)
{
	return !idt_gate_equal(&c->idt[v], &cpus[0].idt[v]);
}

unsigned trap_idt_differences(const struct cpu *c)
{
	unsigned n = 0;

	for (unsigned v = 0; v < IDT_VECTORS; v++)
		n += gate_differs(c, v);
	return n;
}

/* One gate as the columns after cpu and vector. */
static void gate_row(struct frame *f, const struct cpu *c, unsigned v, bool lead)
{
	const struct idt_gate *g = &c->idt[v];
	const char *type = !idt_gate_present(g) ? "absent" :
			   idt_gate_type(g) == GATE_TRAP ? "trap" :
			   idt_gate_type(g) == GATE_INTERRUPT ? "interrupt" : "other";

	if (lead)
		frame_row(f, "%u,%u,%s,%s,%u,%u,0x%lx,%s", c->index, v, trap_mnemonic(v), type,
			  idt_gate_dpl(g), idt_gate_ist(g), idt_gate_handler(g), trap_handler_name(v));
	else
		frame_row(f, "%s,%s,%u,%u,0x%lx,%s", trap_mnemonic(v), type, idt_gate_dpl(g),
			  idt_gate_ist(g), idt_gate_handler(g), trap_handler_name(v));
}

/*
 * The `idt` table, like the Windows debugger's !idt: what each vector would
 * run, and how the CPU enters it. CPU 0's 256 gates in full (a compact
 * frame: cpu 0 and the vector are the row's place), then, for every other
 * online CPU, only the gates that differ from CPU 0's. Sent in full, 256
 * rows a CPU kept a 115200-baud port busy for minutes at 384 CPUs; the
 * cpu_tables table says how many rows each CPU has here, and a CPU's full
 * IDT is CPU 0's with its rows put in place (docs/results-schema.md).
 */
void trap_emit_idt(unsigned n_cpus)
{
	static const char columns[] = "cpu,vector,name,type,dpl,ist,handler,function";
	struct frame f;

	console_lock();
	frame_begin_fixed(&f, "idt", columns, "0");
	for (unsigned v = 0; v < IDT_VECTORS; v++)
		gate_row(&f, &cpus[0], v, false);
	frame_end(&f);
	frame_begin(&f, "idt", columns);
	for (unsigned i = 1; i < n_cpus; i++)
		for (unsigned v = 0; cpus[i].online && v < IDT_VECTORS; v++)
			if (gate_differs(&cpus[i], v))
				gate_row(&f, &cpus[i], v, true);
	frame_end(&f);
	console_unlock();
}
