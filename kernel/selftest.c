/*
 * selftest=exceptions raises #DE, #BP, #UD, #PF (read and write), #GP and an
 * NMI, and checks in the handler what the CPU delivered: vector, error
 * code, saved RIP (fault vs trap semantics, SDM Vol. 3A 6.5), CR2 for #PF,
 * IF=0 inside an interrupt gate, the IST stack for NMI; then that
 * execution resumed. Results go out as the `selftest` table.
 * It also checks rdmsr_safe: an MSR that does not exist must come back
 * as an error through trap.c's fixup, not as a fault report.
 * selftest=fatal takes a #PF nobody handles, to show the fault report.
 */
#include "selftest.h"

#include <stdbool.h>

#include "console.h"
#include "cpu.h"
#include "fmt.h"
#include "frame.h"
#include "lapic.h"
#include "panic.h"
#include "paging.h"
#include "cmdline.h"
#include "trap.h"
#include "usermode.h"
#include "x86.h"

typedef void (*probe_fn)(uint64_t arg);
extern void probe_de(uint64_t), probe_bp(uint64_t), probe_ud(uint64_t);
extern void probe_pf_read(uint64_t), probe_pf_write(uint64_t), probe_gp(uint64_t);
extern const char probe_de_fault[], probe_de_resume[], probe_bp_fault[], probe_bp_resume[];
extern const char probe_ud_fault[], probe_ud_resume[], probe_pf_read_fault[];
extern const char probe_pf_read_resume[], probe_pf_write_fault[], probe_pf_write_resume[];
extern const char probe_gp_fault[], probe_gp_resume[];

#define NONCANONICAL_ADDR 0x8000000000000000ull
#define PF_TEST_ADDR (PAGING_UNMAPPED_ADDR + 0x123)
#define PF_ERR_WRITE 0x2	/* SDM 4.7: W/R bit; P=0, U/S=0 */
#define NMI_WAIT_SPINS 10000000
/* No processor defines MSR 0x2FFF (SDM Vol. 4, chapter 2); 0x1B is
 * IA32_APIC_BASE, which every x86-64 CPU has. */
#define MSR_UNDEFINED 0x2FFF
#define MSR_IA32_APIC_BASE 0x1B
/* DR7 (SDM Vol. 3B 17.2.4): breakpoint 0 enabled locally, on data
 * writes, 4 bytes long. */
#define DR7_L0 (1ull << 0)
#define DR7_RW0_WRITE (1ull << 16)
#define DR7_LEN0_4 (3ull << 18)
#define ICR_WAIT_SPINS 10000000

struct exception_case {
	const char *name;
	unsigned vector;
	probe_fn probe;
	uint64_t arg;
	const char *fault_rip;	/* where the CPU must say it was */
	const char *resume_rip;	/* where the handler sends it on */
	uint64_t error_code;
	uint64_t cr2;		/* #PF only */
};

static const struct exception_case cases[] = {
	{ "de", VEC_DE, probe_de, 0, probe_de_fault, probe_de_resume, 0, 0 },
	{ "bp", VEC_BP, probe_bp, 0, probe_bp_resume, probe_bp_resume, 0, 0 },
	{ "ud", VEC_UD, probe_ud, 0, probe_ud_fault, probe_ud_resume, 0, 0 },
	{ "pf_read", VEC_PF, probe_pf_read, PF_TEST_ADDR, probe_pf_read_fault,
	  probe_pf_read_resume, 0, PF_TEST_ADDR },
	{ "pf_write", VEC_PF, probe_pf_write, PF_TEST_ADDR, probe_pf_write_fault,
	  probe_pf_write_resume, PF_ERR_WRITE, PF_TEST_ADDR },
	{ "gp", VEC_GP, probe_gp, NONCANONICAL_ADDR, probe_gp_fault, probe_gp_resume, 0, 0 },
};

/* What the handler saw; written in the handler, read after. */
static struct seen {
	const struct exception_case *expect;
	volatile unsigned hits;
	uint64_t vector, error_code, rip, cr2, cs, handler_rflags, frame_addr;
} seen;

static void selftest_handler(struct trap_frame *f)
{
	seen.hits++;
	seen.vector = f->vector;
	seen.error_code = f->error_code;
	seen.rip = f->rip;
	seen.cs = f->cs;
	seen.cr2 = f->vector == VEC_PF ? read_cr2() : 0;
	seen.handler_rflags = read_rflags();
	seen.frame_addr = (uint64_t)f;
	if (seen.expect)
		f->rip = (uint64_t)seen.expect->resume_rip;
}

static void set_handlers(trap_handler_fn fn)
{
	static const unsigned vectors[] = { VEC_DE, VEC_NMI, VEC_BP, VEC_UD, VEC_PF, VEC_GP };

	for (unsigned i = 0; i < sizeof(vectors) / sizeof(vectors[0]); i++)
		trap_set_handler(vectors[i], fn, fn ? "selftest_handler" : 0);
}

/* Reaching the check at all shows that execution resumed where the
 * handler sent it. Compare one field; on a mismatch, name it in why. */
static bool expect_eq(char *why, size_t len, const char *what, uint64_t seen_v, uint64_t want)
{
	if (seen_v == want)
		return true;
	ksnprintf(why, len, "%s 0x%lx, expected 0x%lx", what, seen_v, want);
	return false;
}

static bool check_case(const struct exception_case *c, char *why, size_t len)
{
	if (seen.hits != 1) {
		ksnprintf(why, len, "handler ran %u times, expected once", seen.hits);
		return false;
	}
	return expect_eq(why, len, "vector", seen.vector, c->vector) &&
	       expect_eq(why, len, "error code", seen.error_code, c->error_code) &&
	       expect_eq(why, len, "saved RIP", seen.rip, (uint64_t)c->fault_rip) &&
	       expect_eq(why, len, "saved CS", seen.cs, SEL_KERNEL_CODE) &&
	       expect_eq(why, len, "CR2", seen.cr2, c->cr2) &&
	       expect_eq(why, len, "IF in handler", seen.handler_rflags & RFLAGS_IF, 0);
}

/* int3 in ring 0 kills a guest whose ring 0 is emulated (PLATFORM.md):
 * there the bp row says so instead of running. */
static bool skip_exception_case(struct frame *fr, const struct exception_case *c)
{
	char why[256], field[2 * sizeof(why)];

	if (c->vector != VEC_BP || !usermode_ring0_emulated())
		return false;
	ksnprintf(why, sizeof(why), "not run: int3 in ring 0 kills a guest whose ring 0 is emulated; %s",
		  usermode_ring0()->reason);
	frame_csv_field(field, sizeof(field), why);
	frame_row(fr, "%s,%u,%s,%lx,,%lx,,skipped,%s", c->name, c->vector, trap_mnemonic(c->vector),
		  (uint64_t)c->fault_rip, c->error_code, field);
	return true;
}

static bool run_exception_case(struct frame *fr, const struct exception_case *c)
{
	char why[128] = "";

	seen = (struct seen){ .expect = c };
	c->probe(c->arg);
	bool ok = check_case(c, why, sizeof(why));
	frame_row(fr, "%s,%u,%s,%lx,%lx,%lx,%lx,%s,%s", c->name, c->vector,
		  trap_mnemonic(c->vector), (uint64_t)c->fault_rip, seen.rip, c->error_code,
		  seen.error_code, ok ? "ok" : "failed", why);
	return ok;
}

/* NMI through the LAPIC to ourselves: it must arrive, on the NMI IST stack. */
static bool run_nmi_case(struct frame *fr)
{
	char why[128] = "";
	bool ok = false;

	seen = (struct seen){ 0 };
	lapic_send_nmi(lapic_id());
	for (unsigned i = 0; i < NMI_WAIT_SPINS && !seen.hits; i++)
		cpu_relax();
	if (seen.hits != 1)
		ksnprintf(why, sizeof(why), "NMI handler ran %u times, expected once", seen.hits);
	else if (!cpu_on_ist_stack(this_cpu(), IST_NMI, seen.frame_addr))
		ksnprintf(why, sizeof(why), "NMI frame at 0x%lx is not on the NMI IST stack",
			  seen.frame_addr);
	else
		ok = expect_eq(why, sizeof(why), "vector", seen.vector, VEC_NMI);
	frame_row(fr, "nmi,%u,NMI,,%lx,,%lx,%s,%s", VEC_NMI, seen.rip, seen.error_code,
		  ok ? "ok" : "failed", why);
	return ok;
}

/* What the icr_if case saw: the #DB right after the ICR_HI store, with
 * the sender's RFLAGS as the CPU saved them, and the IPI itself. */
static struct {
	volatile unsigned watch_hits, ipi_hits;
	uint64_t sender_rflags, sender_rip;
} icr_seen;

static void icr_watch_handler(struct trap_frame *f)
{
	icr_seen.watch_hits++;
	icr_seen.sender_rflags = f->rflags;
	icr_seen.sender_rip = f->rip;
	write_dr6(0);
}

static void icr_ipi_handler(struct trap_frame *f)
{
	(void)f;
	icr_seen.ipi_hits++;
	lapic_eoi();
}

static const char *icr_case_why(char *why, size_t len)
{
	if (icr_seen.watch_hits != 1)
		ksnprintf(why, len, "the data breakpoint on ICR_HI hit %u times, expected once",
			  icr_seen.watch_hits);
	else if (icr_seen.sender_rflags & RFLAGS_IF)
		ksnprintf(why, len, "interrupts were on between the ICR_HI and ICR_LO stores "
			  "(RFLAGS 0x%lx): a handler's IPI could take ICR_HI", icr_seen.sender_rflags);
	else if (icr_seen.ipi_hits != 1)
		ksnprintf(why, len, "the self IPI arrived %u times, expected once", icr_seen.ipi_hits);
	else
		return 0;
	return why;
}

/* lapic_write_icr, called with interrupts on, must keep them off between
 * the two xAPIC ICR stores. A data breakpoint on ICR_HI (DR0, DR7) traps
 * right after that store (SDM Vol. 3B 17.2.5: data breakpoints are
 * traps), and the #DB frame holds the sender's RFLAGS.IF. */
static bool run_icr_case(struct frame *fr, unsigned *skipped)
{
	uint64_t icr_hi = lapic_icr_hi_address();
	char why[160];
	const char *bad;

	if (!icr_hi) {
		++*skipped;
		frame_row(fr, "icr_if,%u,%s,,,,,skipped,x2APIC mode: the ICR is one WRMSR", VEC_DB,
			  trap_mnemonic(VEC_DB));
		return true;
	}
	icr_seen = (typeof(icr_seen)){ 0 };
	trap_set_handler(VEC_DB, icr_watch_handler, "selftest_icr_watch");
	trap_set_handler(SELFTEST_ICR_VECTOR, icr_ipi_handler, "selftest_icr_ipi");
	write_dr0(icr_hi);
	write_dr7(DR7_L0 | DR7_RW0_WRITE | DR7_LEN0_4);
	sti();
	lapic_write_icr(lapic_id(), LAPIC_ICR_DM_FIXED | SELFTEST_ICR_VECTOR);
	for (unsigned i = 0; i < ICR_WAIT_SPINS && !icr_seen.ipi_hits; i++)
		cpu_relax();
	cli();
	write_dr7(0);
	trap_set_handler(VEC_DB, 0, 0);
	trap_set_handler(SELFTEST_ICR_VECTOR, 0, 0);
	bad = icr_case_why(why, sizeof(why));
	frame_row(fr, "icr_if,%u,%s,,%lx,,,%s,%s", VEC_DB, trap_mnemonic(VEC_DB),
		  icr_seen.sender_rip, bad ? "failed" : "ok", bad ? bad : "");
	return !bad;
}

/* Emulators may return 0 for an MSR they do not know instead of raising
 * #GP (QEMU's TCG does): then the fixup path was not taken, and the row
 * is skipped with that reason, not passed. */
static bool run_rdmsr_case(struct frame *fr, unsigned *skipped)
{
	uint64_t undefined = 0, base = 0;
	int rc_undefined = rdmsr_safe(MSR_UNDEFINED, &undefined);
	int rc_base = rdmsr_safe(MSR_IA32_APIC_BASE, &base);
	const char *status = "ok";
	char why[160];

	if (rc_base != 0 || base != rdmsr(MSR_IA32_APIC_BASE)) {
		status = "failed";
		ksnprintf(why, sizeof(why), "rdmsr_safe of IA32_APIC_BASE gave %d and 0x%lx where "
			  "RDMSR gives 0x%lx", rc_base, base, rdmsr(MSR_IA32_APIC_BASE));
	} else if (rc_undefined == 0) {
		status = "skipped";
		++*skipped;
		ksnprintf(why, sizeof(why), "RDMSR 0x%x returned 0x%lx instead of raising #GP: "
			  "the fixup path was not taken", MSR_UNDEFINED, undefined);
	} else {
		ksnprintf(why, sizeof(why), "RDMSR 0x%x raised #GP and rdmsr_safe returned -1",
			  MSR_UNDEFINED);
	}
	frame_row(fr, "rdmsr_gp,%u,%s,,,0,,%s,%s", VEC_GP, trap_mnemonic(VEC_GP), status, why);
	return status[0] != 'f';
}

/* The exception cases, then rdmsr_gp, nmi and icr_if. */
#define SELFTEST_CHECKS (sizeof(cases) / sizeof(cases[0]) + 3)

static void selftest_exceptions(void)
{
	struct frame fr;
	unsigned failed = 0, skipped = 0;

	panic_set_activity("selftest exceptions");
	set_handlers(selftest_handler);
	console_lock();
	frame_begin(&fr, "selftest",
		    "test,vector,mnemonic,expected_rip,seen_rip,expected_error,seen_error,status,reason");
	for (unsigned i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		if (skip_exception_case(&fr, &cases[i]))
			skipped++;
		else
			failed += !run_exception_case(&fr, &cases[i]);
	}
	failed += !run_rdmsr_case(&fr, &skipped);
	failed += !run_nmi_case(&fr);
	failed += !run_icr_case(&fr, &skipped);
	frame_end(&fr);
	console_unlock();
	set_handlers(0);
	if (failed)
		panic_stop(EXIT_CHECK, "selftest exceptions: %u of %zu checks failed", failed,
			   SELFTEST_CHECKS);
	if (skipped)
		kprintf("selftest exceptions: %zu passed, %u skipped (reasons in selftest.csv)\n",
			SELFTEST_CHECKS - skipped, skipped);
	else
		kprintf("selftest exceptions: all %zu passed\n", SELFTEST_CHECKS);
}

static void selftest_fatal(void)
{
	panic_set_activity("selftest fatal");
	kprintf("selftest fatal: writing to unmapped address 0x%llx; expect a fault report\n",
		PF_TEST_ADDR);
	probe_pf_write(PF_TEST_ADDR);
	PANIC("selftest fatal: the write to an unmapped page did not fault");
}

void selftest_run(uint32_t bits)
{
	if (bits & SELFTEST_EXCEPTIONS)
		selftest_exceptions();
	if (bits & SELFTEST_FATAL)
		selftest_fatal();
}
