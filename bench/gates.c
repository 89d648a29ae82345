/*
 * Gate and exception entry costs (SDM Vol. 3A 6.10-6.14). Each variant is
 * a row of gates_variants, one series per selected CPU: it times one
 * instruction whose event goes through an IDT gate of that CPU's own IDT
 * and comes straight back (gates_probes.S):
 *   int_intgate, int_trapgate      int n to a 64-bit interrupt / trap gate,
 *   int_intgate_ist, int_trapgate_ist  the same gates with an IST stack,
 *   bp_int3, ud_ud2, de_div0       #BP (a trap), #UD and #DE (faults),
 *   pf_notpresent, gp_noncanonical #PF and #GP: faults with an error code,
 * from ring 0; from ring 3, through DPL 3 gates and the TSS RSP0 stack
 * switch: int_intgate_ring3, int_trapgate_ring3, int_intgate_ist_ring3 and
 * ud_ud2_ring3; and SYSCALL as the reference path, back with SYSRETQ
 * (syscall_sysretq) or IRETQ (syscall_iretq). empty and empty_ring3 time
 * the same TSC reads around nothing: each variant X also has X_net, its
 * samples minus the p50 of the control of its ring on the same CPU.
 *
 * gates_begin lends each selected CPU an IST stack and checks that every
 * CPU has an IDT of its own (percpu_idt). Before each series a recording
 * handler takes the gate's place for one run of the probe, and the checks
 * compare what the CPU delivered with what the SDM says it must (IF in the
 * handler, saved RIP, CS and IF, error code, CR2, which stack the frame is
 * on, the ring after the return), into the gates_check table. A failed
 * check fails the variant's summary rows, and so, at the end, the run
 * (EXIT_CHECK, bench.c).
 *
 * Where ring 0 is emulated (usermode.c), int n and int3 in ring 0 are not
 * run: such a platform's guest dies on them. They, and the SYSCALL paths
 * the platform does not take, are left out of the plan (unsupported()).
 * What else the platform does not deliver (there: int n from ring 3
 * arrives as #UD) is skipped once, with what happened, once a check has
 * shown it.
 */
#include "gates.h"

#include <stdarg.h>
#include <stddef.h>

#include "bench.h"
#include "console.h"
#include "cpu.h"
#include "fmt.h"
#include "frame.h"
#include "kstring.h"
#include "mem.h"
#include "memsize.h"
#include "panic.h"
#include "paging.h"
#include "smp.h"
#include "trap.h"
#include "usermode.h"
#include "x86.h"

#define RAW_COLUMNS "bench,variant,cpu,ring,ist,seq,cycles"
#define CHECK_COLUMNS "variant,cpu,ring,ist,gate,vector,hits,seen_vector,handler_if,expected_if," \
	"interrupted_if,saved_rip,expected_rip,saved_cs,expected_cs,error_code,expected_error," \
	"stack,expected_stack,ring_after,handler,status,reason"
/* IST slot 4: cpu.h uses 1-3 (NMI, #DF, #MC). Lent to this benchmark. */
#define GATES_IST 4
#define GATES_IST_STACK_SIZE 4096
#define PF_ADDR (PAGING_UNMAPPED_ADDR + 0x80)
#define NONCANONICAL_ADDR 0x8000000000000000ull	/* SDM 3.3.7.1 */
#define NO_ERROR ((uint64_t)GATES_NO_ERROR)
#define NO_HANDLER UINT64_MAX
#define FRAME_BYTES 40	/* RIP, CS, RFLAGS, RSP, SS */
#define JOB_SLACK_US 2000000

_Static_assert(GATES_VECTOR_NUM == GATES_VECTOR, "gates_probes.S");
_Static_assert(GATES_PERCPU_STUBS == MAX_CPUS, "gates_probes.S");
_Static_assert(GATES_IST > IST_SLOTS && GATES_IST <= 7, "a free IST slot");
/* A field at the offset gates_probes.S uses. */
#define ASM_LAYOUT(type, field, off) \
	_Static_assert(offsetof(type, field) == (off), "gates_probes.S")
ASM_LAYOUT(struct gates_seen, hits, GATES_SEEN_HITS);
ASM_LAYOUT(struct gates_seen, vector, GATES_SEEN_VECTOR);
ASM_LAYOUT(struct gates_seen, handler_rflags, GATES_SEEN_HANDLER_RFLAGS);
ASM_LAYOUT(struct gates_seen, frame, GATES_SEEN_FRAME);
ASM_LAYOUT(struct gates_seen, error_code, GATES_SEEN_ERROR);
ASM_LAYOUT(struct gates_seen, rip, GATES_SEEN_RIP);
ASM_LAYOUT(struct gates_seen, cs, GATES_SEEN_CS);
ASM_LAYOUT(struct gates_seen, rflags, GATES_SEEN_RFLAGS);
ASM_LAYOUT(struct gates_seen, rsp, GATES_SEEN_RSP);
ASM_LAYOUT(struct gates_seen, ss, GATES_SEEN_SS);
ASM_LAYOUT(struct gates_seen, cr2, GATES_SEEN_CR2);
ASM_LAYOUT(struct gates_seen, handler, GATES_SEEN_HANDLER);
ASM_LAYOUT(struct gates_seen, resume, GATES_SEEN_RESUME);

typedef void stub_fn(void);

extern const char gates_user_start[], gates_user_end[];
extern uint64_t gates_probe_empty(uint64_t), gates_probe_int(uint64_t), gates_probe_int3(uint64_t);
extern uint64_t gates_probe_ud2(uint64_t), gates_probe_div(uint64_t), gates_probe_load(uint64_t);
extern uint64_t gates_probe_syscall(uint64_t);
extern const char gates_probe_empty_insn[], gates_probe_empty_after[];
extern const char gates_probe_int_insn[], gates_probe_int_after[];
extern const char gates_probe_int3_insn[], gates_probe_int3_after[];
extern const char gates_probe_ud2_insn[], gates_probe_ud2_after[];
extern const char gates_probe_div_insn[], gates_probe_div_after[];
extern const char gates_probe_load_insn[], gates_probe_load_after[];
extern const char gates_probe_syscall_insn[], gates_probe_syscall_after[];
extern stub_fn gates_stub_trap, gates_stub_fault_2, gates_stub_fault_error_3;
extern stub_fn gates_record_de, gates_record_bp, gates_record_ud, gates_record_gp;
extern stub_fn gates_record_pf, gates_record_int;
extern const uint64_t gates_percpu_stubs[GATES_PERCPU_STUBS];

/* Used by gates_probes.S. */
struct gates_seen gates_seen;

enum probe_id { P_EMPTY, P_INT, P_INT3, P_UD2, P_DIV, P_LOAD, P_SYSCALL };

static const struct probe {
	usermode_fn fn;
	const char *insn, *after;
	const char *text;	/* for reasons */
} probes[] = {
	[P_EMPTY] = { gates_probe_empty, gates_probe_empty_insn, gates_probe_empty_after, "nothing" },
	[P_INT] = { gates_probe_int, gates_probe_int_insn, gates_probe_int_after, "int $0xc0" },
	[P_INT3] = { gates_probe_int3, gates_probe_int3_insn, gates_probe_int3_after, "int3" },
	[P_UD2] = { gates_probe_ud2, gates_probe_ud2_insn, gates_probe_ud2_after, "ud2" },
	[P_DIV] = { gates_probe_div, gates_probe_div_insn, gates_probe_div_after, "divl %ecx" },
	[P_LOAD] = { gates_probe_load, gates_probe_load_insn, gates_probe_load_after, "movq (%rdi), %r9" },
	[P_SYSCALL] = { gates_probe_syscall, gates_probe_syscall_insn, gates_probe_syscall_after,
			"syscall" },
};

enum kind { K_CONTROL, K_GATE, K_SYSCALL };

/* What one variant measures: its run function's description of it. The
 * name is the variant's row in gates_variants. */
struct variant {
	enum kind kind;
	enum probe_id probe;
	unsigned ring;
	uint64_t arg;		/* the probe's argument: the address it loads */
	/* K_GATE: the gate the event goes through, and its two handlers */
	unsigned vector;
	enum gate_type type;
	unsigned dpl, ist;
	bool fault;		/* saved RIP: the instruction, else the next one */
	bool error;		/* the CPU pushes an error code, expected 0 here */
	stub_fn *timed, *record;
	/* K_SYSCALL */
	enum usermode_return ret;
};

#define CONTROL(r) .kind = K_CONTROL, .probe = P_EMPTY, .ring = r
#define INT_N .kind = K_GATE, .probe = P_INT, .vector = GATES_VECTOR, .timed = gates_stub_trap, \
	.record = gates_record_int
/* Exceptions keep the kernel's gate policy: interrupt gates, #BP with DPL 3. */
#define EXCEPTION(p, vec, rec) .kind = K_GATE, .probe = p, .vector = vec, .type = GATE_INTERRUPT, \
	.record = rec
#define SYSCALL(r) .kind = K_SYSCALL, .probe = P_SYSCALL, .ring = 3, .ret = r

/* The per-CPU IDT check: #UD goes to handler n on CPU n (record: per CPU). */
static const struct variant percpu_idt = { EXCEPTION(P_UD2, VEC_UD, 0), .fault = true };

/* One check of one variant on one CPU: seen and expected, for gates_check. */
struct check {
	bool ok, platform;	/* platform: the platform does not deliver it */
	uint64_t hits, seen_vector, handler_if, expected_if, interrupted_if;
	uint64_t rip, expected_rip, cs, expected_cs, error_code, expected_error;
	const char *stack, *expected_stack;
	uint64_t ring_after, handler;
	char reason[200];
};

/* A variant on one CPU (one series of the plan): run there by job_run,
 * emitted by the caller. */
struct job {
	const struct cmdline *c;
	const struct plan_series *ps;
	const struct variant *v;
	const char *name, *net;	/* net: the variant minus its control */
	unsigned cpu;
	struct check check;
	struct pacer pace;
	int64_t *samples;
	size_t kept;
	uint64_t wrong_ring;	/* ring-3 samples that did not come back in ring 3 */
};

/* The p50 of a ring's control variant on one CPU. */
struct control {
	bool ok;
	int64_t p50;
};

/* Set by gates_begin, for the series and gates_end. */
static struct {
	uint64_t mark;		/* sample memory before the IST stacks */
	unsigned sel[MAX_CPUS], n;
	uint64_t ist_top[MAX_CPUS];
	/* [cpu][ring 3]: the controls come first in gates_variants, so that
	 * each CPU's are known before the variants that subtract them. */
	struct control control[MAX_CPUS][2];
} run;

static uint64_t read_cs(void)
{
	uint64_t cs;

	__asm__ volatile("movq %%cs, %0" : "=r"(cs));
	return cs;
}

static const char *gate_name(const struct variant *v)
{
	if (v->kind == K_SYSCALL)
		return "syscall";
	if (v->kind == K_CONTROL)
		return "none";
	return v->type == GATE_TRAP ? "trap" : "interrupt";
}

static const char *control_name(unsigned ring)
{
	return ring == 3 ? "empty_ring3" : "empty";
}

/* ---- running a probe in its ring ---- */

static struct usermode_result probe_call(const struct variant *v)
{
	const struct probe *p = &probes[v->probe];

	if (v->ring == 3)
		return usermode_call(p->fn, v->arg);
	struct usermode_result r = { p->fn(v->arg), read_cs(), 0 };
	return r;
}

/* ---- checks ---- */

static uint64_t frame_at(uint64_t stack_top, uint64_t error_code)
{
	return (stack_top & ~15ull) - FRAME_BYTES - (error_code == NO_ERROR ? 0 : 8);
}

/* Which stack the CPU pushed its frame on (SDM 6.14.2: IST if the gate
 * names one, else RSP0 from the TSS on a change to ring 0, else the current
 * stack; in each case aligned down to 16 bytes first). */
static const char *stack_seen(const struct usermode_result *r, unsigned cpu)
{
	uint64_t e = gates_seen.error_code;

	if (gates_seen.frame == frame_at(run.ist_top[cpu], e))
		return "ist4";
	if (r->rsp0 && gates_seen.frame == frame_at(r->rsp0, e))
		return "rsp0";
	if (gates_seen.frame == frame_at(gates_seen.rsp, e))
		return "current";
	return "other";
}

static const char *stack_expected(const struct variant *v)
{
	return v->ist ? "ist4" : v->ring == 3 ? "rsp0" : "current";
}

/* Set k's reason; false, for returning from a verdict. */
static bool fail(struct check *k, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static bool fail(struct check *k, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	kvsnprintf(k->reason, sizeof(k->reason), fmt, ap);
	va_end(ap);
	return false;
}

static bool same(struct check *k, const char *what, uint64_t seen, uint64_t want)
{
	return seen == want || fail(k, "%s 0x%lx, expected 0x%lx", what, seen, want);
}

static bool same_stack(struct check *k, uint64_t frame)
{
	return !strcmp(k->stack, k->expected_stack) ||
	       fail(k, "the frame at 0x%lx is on the %s stack, expected %s", frame, k->stack,
		    k->expected_stack);
}

/* The instruction did not reach its gate: another vector came instead.
 * Where ring 0 is emulated that is the platform's doing (PLATFORM.md: int
 * n from ring 3 comes back as #UD), elsewhere a failure. */
static bool wrong_vector(struct check *k, const struct variant *v)
{
	k->platform = usermode_ring0_emulated();
	return fail(k, "%s in ring %u arrived as vector %lu (%s) at 0x%lx, not through vector %u%s",
		    probes[v->probe].text, v->ring, gates_seen.vector,
		    trap_mnemonic((unsigned)gates_seen.vector), gates_seen.rip, v->vector,
		    k->platform ? ": this platform emulates ring 0 and does not deliver it" : "");
}

static bool gate_verdict(struct check *k, const struct variant *v)
{
	if (k->hits != 1)
		return fail(k, "the handler ran %lu times, expected once", k->hits);
	if (k->seen_vector != v->vector)
		return wrong_vector(k, v);
	if (!k->interrupted_if)
		return fail(k, "the probe ran with IF=0: the IF check would prove nothing");
	if (k->handler_if != k->expected_if)
		return fail(k, "IF=%lu in the handler of %s gate, expected %lu", k->handler_if,
			    v->type == GATE_TRAP ? "a trap" : "an interrupt", k->expected_if);
	return same(k, "saved RIP", k->rip, k->expected_rip) &&
	       same(k, "saved CS", k->cs, k->expected_cs) &&
	       same(k, "error code", k->error_code, k->expected_error) &&
	       (v->vector != VEC_PF || same(k, "CR2", gates_seen.cr2, v->arg)) &&
	       same(k, "ring after the return", k->ring_after, v->ring) &&
	       same_stack(k, gates_seen.frame);
}

static void check_gate_result(struct check *k, const struct variant *v,
			      const struct usermode_result *r, unsigned cpu)
{
	const struct probe *p = &probes[v->probe];

	k->hits = gates_seen.hits;
	k->seen_vector = gates_seen.vector;
	k->handler_if = !!(gates_seen.handler_rflags & RFLAGS_IF);
	k->expected_if = v->type == GATE_TRAP;
	k->interrupted_if = !!(gates_seen.rflags & RFLAGS_IF);
	k->rip = gates_seen.rip;
	k->expected_rip = (uint64_t)(v->fault ? p->insn : p->after);
	k->cs = gates_seen.cs;
	k->expected_cs = v->ring == 3 ? SEL_USER_CODE : SEL_KERNEL_CODE;
	k->error_code = gates_seen.error_code;
	k->expected_error = v->error ? 0 : NO_ERROR;
	k->stack = stack_seen(r, cpu);
	k->expected_stack = stack_expected(v);
	k->ring_after = r->cs & 3;
	k->handler = gates_seen.handler;
	k->ok = gate_verdict(k, v);
}

/* The gate under test gets the recording handler; #UD and #GP too, so that
 * an instruction the platform turns into one of them is seen, not fatal. */
static void check_gate(struct check *k, const struct variant *v)
{
	struct cpu *me = this_cpu();

	gates_seen = (struct gates_seen){ .resume = (uint64_t)probes[v->probe].after,
					  .handler = NO_HANDLER };
	trap_set_gate(me, VEC_UD, (uint64_t)gates_record_ud, GATE_INTERRUPT, 0, IST_NONE);
	trap_set_gate(me, VEC_GP, (uint64_t)gates_record_gp, GATE_INTERRUPT, 0, IST_NONE);
	trap_set_gate(me, v->vector, (uint64_t)v->record, v->type, v->dpl, v->ist);
	struct usermode_result r = probe_call(v);
	trap_reset_gate(me, v->vector);
	trap_reset_gate(me, VEC_UD);
	trap_reset_gate(me, VEC_GP);
	check_gate_result(k, v, &r, me->index);
}

/* SYSCALL saves the next RIP in RCX and RFLAGS in R11, clears the
 * IA32_FMASK bits (IF among them) and does not switch stacks (SDM Vol. 2B,
 * SYSCALL). */
static bool syscall_verdict(struct check *k, const struct usermode_syscall_seen *s)
{
	if (k->hits != 1)
		return fail(k, "the entry ran %lu times, expected once", k->hits);
	if (!k->interrupted_if)
		return fail(k, "the probe ran with IF=0: the IF check would prove nothing");
	return same(k, "IF in the entry", k->handler_if, k->expected_if) &&
	       same(k, "RCX (the saved RIP)", k->rip, k->expected_rip) &&
	       same(k, "CS in the entry", s->cs, SEL_KERNEL_CODE) &&
	       same(k, "ring after the return", k->ring_after, 3) &&
	       same_stack(k, s->rsp);
}

static void check_syscall(struct check *k, const struct variant *v)
{
	const struct usermode_syscall_seen *s = &usermode_syscall_seen;
	uint64_t lo, hi;

	usermode_syscall_seen = (struct usermode_syscall_seen){ 0 };
	usermode_syscall_path(v->ret, true);
	struct usermode_result r = usermode_call(probes[v->probe].fn, 0);
	usermode_syscall_path(USERMODE_RETURN_IRETQ, false);
	usermode_stack_bounds(this_cpu()->index, &lo, &hi);
	k->hits = s->hits;
	k->handler_if = !!(s->rflags & RFLAGS_IF);
	k->expected_if = 0;
	k->interrupted_if = !!(s->r11 & RFLAGS_IF);
	k->rip = s->rcx;
	k->expected_rip = (uint64_t)probes[v->probe].after;
	k->error_code = k->expected_error = NO_ERROR;
	k->stack = s->rsp >= lo && s->rsp < hi ? "user" : "other";
	k->expected_stack = "user";
	k->ring_after = r.cs & 3;
	k->ok = syscall_verdict(k, s);
}

/* Nothing to deliver; ring 3 must still come back in ring 3. */
static void check_control(struct check *k, const struct variant *v)
{
	struct usermode_result r = probe_call(v);

	k->error_code = k->expected_error = NO_ERROR;
	k->ring_after = r.cs & 3;
	k->ok = same(k, "ring after the return", k->ring_after, v->ring);
}

/* ---- measuring ---- */

static void timed_install(const struct variant *v)
{
	if (v->kind == K_GATE)
		trap_set_gate(this_cpu(), v->vector, (uint64_t)v->timed, v->type, v->dpl, v->ist);
	else if (v->kind == K_SYSCALL)
		usermode_syscall_path(v->ret, false);
}

static void timed_remove(const struct variant *v)
{
	if (v->kind == K_GATE)
		trap_reset_gate(this_cpu(), v->vector);
	else if (v->kind == K_SYSCALL)
		usermode_syscall_path(USERMODE_RETURN_IRETQ, false);
}

static void measure(struct job *j)
{
	const struct variant *v = j->v;
	bool measured;

	timed_install(v);
	pacer_start(&j->pace, j->c);
	while (pacer_next(&j->pace, &measured)) {
		struct usermode_result r = probe_call(v);
		if ((r.cs & 3) != v->ring)
			j->wrong_ring++;
		if (measured)
			j->samples[j->kept++] = (int64_t)r.value;
	}
	timed_remove(v);
}

static void job_run(void *arg)
{
	struct job *j = arg;

	sti();
	if (j->v->kind == K_GATE)
		check_gate(&j->check, j->v);
	else if (j->v->kind == K_SYSCALL)
		check_syscall(&j->check, j->v);
	else
		check_control(&j->check, j->v);
	if (j->check.ok)
		measure(j);
}

/* ---- output ---- */

/* Optional CSV cells: empty when the value does not apply. */
static const char *hex(char buf[20], uint64_t v, bool present)
{
	buf[0] = 0;
	if (present)
		ksnprintf(buf, 20, "0x%lx", v);
	return buf;
}

static const char *dec(char buf[24], uint64_t v, bool present)
{
	buf[0] = 0;
	if (present)
		ksnprintf(buf, 24, "%lu", v);
	return buf;
}

static const char *check_status(const struct check *k)
{
	return k->ok ? "ok" : k->platform ? "skipped" : "failed";
}

static void emit_check(const char *name, const struct variant *v, unsigned cpu,
		       const struct check *k)
{
	struct frame f;
	char why[2 * sizeof(k->reason)], rip[20], erip[20], cs[20], ecs[20], err[20], eerr[20];
	char vec[24], seen_vec[24], hif[24], eif[24], iif[24], handler[24];
	bool gate = v->kind == K_GATE, event = v->kind != K_CONTROL;

	frame_csv_field(why, sizeof(why), k->reason);
	console_lock();
	frame_begin(&f, "gates_check", CHECK_COLUMNS);
	frame_row(&f, "%s,%u,%u,%u,%s,%s,%lu,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%lu,%s,%s,%s",
		  name, cpu, v->ring, v->ist, gate_name(v), dec(vec, v->vector, gate), k->hits,
		  dec(seen_vec, k->seen_vector, gate && k->hits), dec(hif, k->handler_if, event),
		  dec(eif, k->expected_if, event), dec(iif, k->interrupted_if, event),
		  hex(rip, k->rip, event), hex(erip, k->expected_rip, event), hex(cs, k->cs, gate),
		  hex(ecs, k->expected_cs, gate), hex(err, k->error_code, k->error_code != NO_ERROR),
		  hex(eerr, k->expected_error, k->expected_error != NO_ERROR),
		  k->stack ? k->stack : "", k->expected_stack ? k->expected_stack : "", k->ring_after,
		  dec(handler, k->handler, gate && k->handler != NO_HANDLER), check_status(k), why);
	frame_end(&f);
	console_unlock();
}

/* The raw rows, then the summary (which sorts the samples); then the net
 * summary. Net samples are raw samples minus the control's p50, which the
 * row's note gives: gates.csv does not repeat them (on a platform whose
 * serial port costs ~200 us a byte that would double a run's length). A
 * control variant records its p50 for this CPU instead. */
static void emit_series(struct job *j)
{
	const struct variant *v = j->v;
	struct control *ctl = &run.control[j->cpu][v->ring == 3];
	char fixed[80], note[64];
	struct series raw = { j->ps, "gates", j->name, (int)j->cpu, BENCH_NO_CPU, RAW_COLUMNS,
			      fixed, j->samples, j->kept, 0, &j->pace, 0, 0, 0 };
	int64_t *net = j->samples + j->c->samples;

	ksnprintf(fixed, sizeof(fixed), "gates,%s,%u,%u,%u", j->name, j->cpu, v->ring, v->ist);
	for (size_t i = 0; v->kind != K_CONTROL && ctl->ok && i < j->kept; i++)
		net[i] = j->samples[i] - ctl->p50;
	bench_emit(&raw, v->kind == K_CONTROL ? &ctl->p50 : 0, 0);
	if (v->kind == K_CONTROL) {
		ctl->ok = j->kept > 0;
		return;
	}
	if (!ctl->ok) {
		bench_summary_status(j->ps, "gates", j->net, (int)j->cpu, BENCH_NO_CPU, "skipped",
				     "no control: the empty variant of this ring has no p50", 0);
		return;
	}
	ksnprintf(note, sizeof(note), "minus the %s p50 of %ld cycles", control_name(v->ring),
		  ctl->p50);
	/* Raw minus a p50: either sign (the raw row's check holds the floor). */
	static const struct sample_rule difference = { SAMPLE_SIGNED_ERROR, 0, 0 };
	struct series s = { j->ps, "gates", j->net, (int)j->cpu, BENCH_NO_CPU, 0, 0, net, j->kept,
			    0, &j->pace, note, 0, &difference };
	bench_emit(&s, 0, 0);
}

/* The variant's rows on this CPU, and its _net row's. */
static void report_status(const struct job *j, const char *status, const char *reason)
{
	bench_summary_status(j->ps, "gates", j->name, (int)j->cpu, BENCH_NO_CPU, status, reason, 0);
	if (j->v->kind != K_CONTROL)
		bench_summary_status(j->ps, "gates", j->net, (int)j->cpu, BENCH_NO_CPU, status,
				     reason, 0);
}

/* What the check showed the platform does not deliver is the platform's,
 * not this CPU's: said once, with gates_check's rows giving every CPU. */
static void report_platform_skip(const struct job *j)
{
	bench_skip_once("gates", j->name, j->check.reason);
	if (j->v->kind != K_CONTROL)
		bench_skip_once("gates", j->net, j->check.reason);
}

static void job_report(struct job *j)
{
	char why[80];

	if (j->check.platform) {
		report_platform_skip(j);
	} else if (!j->check.ok) {
		report_status(j, "failed", j->check.reason);
	} else if (j->wrong_ring) {
		ksnprintf(why, sizeof(why), "%lu samples did not come back in ring %u", j->wrong_ring,
			  j->v->ring);
		report_status(j, "failed", why);
	} else {
		emit_series(j);
	}
}

/* ---- what the platform cannot run ---- */

/* NULL, or why int n or int3 in ring 0 is not run here (not even its
 * check): a platform that emulates ring 0 dies on them. */
static const char *ring0_kills(char *buf, size_t len, const char *insn)
{
	const struct usermode_ring0 *r0 = usermode_ring0();

	if (!r0->emulated)
		return 0;
	ksnprintf(buf, len, "not run: %s in ring 0 kills a guest whose ring 0 is emulated (KVM "
		  "internal error); %s", insn, r0->reason);
	return buf;
}

static const char *int_n_unsupported(const struct cmdline *c)
{
	static char why[320];

	(void)c;
	return ring0_kills(why, sizeof(why), probes[P_INT].text);
}

static const char *int3_unsupported(const struct cmdline *c)
{
	static char why[320];

	(void)c;
	return ring0_kills(why, sizeof(why), probes[P_INT3].text);
}

/* NULL, or why SYSCALL with this return does not work here. Tried once, on
 * one CPU (usermode.c), for the whole machine. */
static const char *syscall_problem(enum usermode_return ret)
{
	static char why[2][420];
	char *buf = why[ret == USERMODE_RETURN_SYSRETQ];

	if (usermode_syscall_problem())
		ksnprintf(buf, sizeof(why[0]), "%s; %s", usermode_syscall_problem(),
			  usermode_ring0()->reason);
	else if (ret == USERMODE_RETURN_SYSRETQ && usermode_sysret_problem())
		ksnprintf(buf, sizeof(why[0]), "%s; syscall_iretq returns with iretq",
			  usermode_sysret_problem());
	else
		return 0;
	return buf;
}

/* Where ring 0 is emulated a SYSCALL path that does not work is the
 * platform's: skipped, once. Elsewhere it is a failure, on each CPU
 * (variant_run). */
static const char *syscall_iretq_unsupported(const struct cmdline *c)
{
	(void)c;
	return usermode_ring0_emulated() ? syscall_problem(USERMODE_RETURN_IRETQ) : 0;
}

static const char *syscall_sysretq_unsupported(const struct cmdline *c)
{
	(void)c;
	return usermode_ring0_emulated() ? syscall_problem(USERMODE_RETURN_SYSRETQ) : 0;
}

/* ---- sample memory: these size every mem_alloc below, and gates_need ---- */

/* A variant keeps two values per sample (gate and control). */
static uint64_t samples_bytes(const struct cmdline *c)
{
	return size_mul(2, size_mul(c->samples, sizeof(int64_t)));
}

/* Every selected CPU's IST stack for the whole run, and one variant's samples. */
uint64_t gates_need(const struct cmdline *c, unsigned n_sel, unsigned n_cpus)
{
	(void)n_cpus;
	return size_add(size_mul(n_sel, size_block(GATES_IST_STACK_SIZE)),
			size_block(samples_bytes(c)));
}

/* ---- one series: a variant on one CPU ---- */

#define NET_NAME_MAX 32

/* "X_net" for gates_variants[i]; kept for the run, as bench_skip_once
 * keeps the pointer. */
static const char *net_name(unsigned i)
{
	static char names[GATES_VARIANTS][NET_NAME_MAX];

	if (!names[i][0])
		ksnprintf(names[i], NET_NAME_MAX, "%s_net", gates_variants[i].name);
	return names[i];
}

static void variant_run(const struct cmdline *c, const struct plan_series *ps,
			const struct variant *v)
{
	struct job j = { .c = c, .ps = ps, .v = v, .name = gates_variants[ps->variant].name,
			 .net = net_name(ps->variant), .cpu = (unsigned)ps->src };
	/* Only where ring 0 is native: elsewhere unsupported() left it out. */
	const char *why = v->kind == K_SYSCALL ? syscall_problem(v->ret) : 0;

	if (why) {
		report_status(&j, "failed", why);
		return;
	}
	uint64_t mark = mem_mark();
	j.samples = mem_alloc(samples_bytes(c), "gates samples");
	smp_run_on(j.cpu, job_run, &j, c->series_ms * 1000ull + JOB_SLACK_US);
	emit_check(j.name, v, j.cpu, &j.check);
	job_report(&j);
	mem_release(mark);
}

/* ---- per-CPU IDTs ---- */

static void percpu_probe(void *check)
{
	const struct variant *v = &percpu_idt;

	sti();
	gates_seen = (struct gates_seen){ .resume = (uint64_t)probes[v->probe].after,
					  .handler = NO_HANDLER };
	struct usermode_result r = probe_call(v);
	check_gate_result(check, v, &r, this_cpu()->index);
}

/* Every CPU's #UD gate gets its own handler first, then each CPU runs ud2:
 * with one IDT shared, all would run the handler installed last. */
static void percpu_idt_check(const unsigned *sel, unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		trap_set_gate(&cpus[sel[i]], VEC_UD, gates_percpu_stubs[sel[i]], GATE_INTERRUPT, 0,
			      IST_NONE);
	for (unsigned i = 0; i < n; i++) {
		struct check check = { 0 }, *k = &check;

		smp_run_on(sel[i], percpu_probe, k, SMP_CALL_TIMEOUT_US);
		if (k->ok && k->handler != sel[i]) {
			k->ok = false;
			ksnprintf(k->reason, sizeof(k->reason),
				  "cpu %u ran the #UD handler installed for cpu %lu", sel[i], k->handler);
		}
		emit_check("percpu_idt", &percpu_idt, sel[i], k);
		if (!k->ok) {
			bench_summary_status(0, "gates", "percpu_idt", (int)sel[i], BENCH_NO_CPU,
					     "failed", k->reason, 0);
		}
	}
	for (unsigned i = 0; i < n; i++)
		trap_reset_gate(&cpus[sel[i]], VEC_UD);
}

/* ---- the benchmark ---- */

/* IST4 on each selected CPU: a stack of this benchmark's own. */
static void ist_lend(const unsigned *sel, unsigned n)
{
	for (unsigned i = 0; i < n; i++) {
		struct cpu *c = &cpus[sel[i]];
		uint8_t *stack = mem_alloc(GATES_IST_STACK_SIZE, "gates IST stack");

		ASSERT(c->tss.ist[GATES_IST - 1] == 0);
		run.ist_top[sel[i]] = (uint64_t)(stack + GATES_IST_STACK_SIZE);
		c->tss.ist[GATES_IST - 1] = run.ist_top[sel[i]];
	}
}

static void ist_take_back(const unsigned *sel, unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		cpus[sel[i]].tss.ist[GATES_IST - 1] = 0;
}

static void say_platform(void)
{
	const char *sc = usermode_syscall_problem(), *sr = usermode_sysret_problem();

	kprintf("gates: %s\n", usermode_ring0()->reason);
	kprintf("gates: %s\n", sc ? sc : "syscall enters ring 0");
	if (!sc)
		kprintf("gates: %s\n", sr ? sr : "sysretq returns to ring 3");
}

/* The plan wrote one skipped row for each variant it left out
 * (unsupported()); its _net row says the same. */
static void skip_nets_left_out(const struct cmdline *c)
{
	for (unsigned i = 0; i < GATES_VARIANTS; i++) {
		const struct bench_variant *v = &gates_variants[i];
		const char *why = v->unsupported ? v->unsupported(c) : 0;

		if (why)
			bench_skip_once("gates", net_name(i), why);
	}
}

void gates_begin(const struct cmdline *c)
{
	run.mark = mem_mark();
	run.n = smp_selected_cpus(c, run.sel);
	memset(run.control, 0, sizeof(run.control));
	say_platform();
	skip_nets_left_out(c);
	usermode_allow(gates_user_start, gates_user_end);
	ist_lend(run.sel, run.n);
	percpu_idt_check(run.sel, run.n);
}

void gates_end(void)
{
	ist_take_back(run.sel, run.n);
	mem_release(run.mark);
}

/* ---- the variants: each a row of the table and the function that
 * describes it ---- */

static void run_empty(const struct cmdline *c, const struct plan_series *ps)
{
	static const struct variant v = { CONTROL(0) };

	variant_run(c, ps, &v);
}

static void run_empty_ring3(const struct cmdline *c, const struct plan_series *ps)
{
	static const struct variant v = { CONTROL(3) };

	variant_run(c, ps, &v);
}

static void run_int_intgate(const struct cmdline *c, const struct plan_series *ps)
{
	static const struct variant v = { INT_N, .type = GATE_INTERRUPT };

	variant_run(c, ps, &v);
}

static void run_int_trapgate(const struct cmdline *c, const struct plan_series *ps)
{
	static const struct variant v = { INT_N, .type = GATE_TRAP };

	variant_run(c, ps, &v);
}

static void run_int_intgate_ist(const struct cmdline *c, const struct plan_series *ps)
{
	static const struct variant v = { INT_N, .type = GATE_INTERRUPT, .ist = GATES_IST };

	variant_run(c, ps, &v);
}

static void run_int_trapgate_ist(const struct cmdline *c, const struct plan_series *ps)
{
	static const struct variant v = { INT_N, .type = GATE_TRAP, .ist = GATES_IST };

	variant_run(c, ps, &v);
}

static void run_bp_int3(const struct cmdline *c, const struct plan_series *ps)
{
	static const struct variant v = { EXCEPTION(P_INT3, VEC_BP, gates_record_bp), .dpl = 3,
					  .timed = gates_stub_trap };

	variant_run(c, ps, &v);
}

static void run_ud_ud2(const struct cmdline *c, const struct plan_series *ps)
{
	static const struct variant v = { EXCEPTION(P_UD2, VEC_UD, gates_record_ud), .fault = true,
					  .timed = gates_stub_fault_2 };

	variant_run(c, ps, &v);
}

static void run_de_div0(const struct cmdline *c, const struct plan_series *ps)
{
	static const struct variant v = { EXCEPTION(P_DIV, VEC_DE, gates_record_de), .fault = true,
					  .timed = gates_stub_fault_2 };

	variant_run(c, ps, &v);
}

static void run_pf_notpresent(const struct cmdline *c, const struct plan_series *ps)
{
	static const struct variant v = { EXCEPTION(P_LOAD, VEC_PF, gates_record_pf),
					  .arg = PF_ADDR, .fault = true, .error = true,
					  .timed = gates_stub_fault_error_3 };

	variant_run(c, ps, &v);
}

static void run_gp_noncanonical(const struct cmdline *c, const struct plan_series *ps)
{
	static const struct variant v = { EXCEPTION(P_LOAD, VEC_GP, gates_record_gp),
					  .arg = NONCANONICAL_ADDR, .fault = true, .error = true,
					  .timed = gates_stub_fault_error_3 };

	variant_run(c, ps, &v);
}

static void run_int_intgate_ring3(const struct cmdline *c, const struct plan_series *ps)
{
	static const struct variant v = { INT_N, .ring = 3, .type = GATE_INTERRUPT, .dpl = 3 };

	variant_run(c, ps, &v);
}

static void run_int_trapgate_ring3(const struct cmdline *c, const struct plan_series *ps)
{
	static const struct variant v = { INT_N, .ring = 3, .type = GATE_TRAP, .dpl = 3 };

	variant_run(c, ps, &v);
}

static void run_int_intgate_ist_ring3(const struct cmdline *c, const struct plan_series *ps)
{
	static const struct variant v = { INT_N, .ring = 3, .type = GATE_INTERRUPT, .dpl = 3,
					  .ist = GATES_IST };

	variant_run(c, ps, &v);
}

static void run_ud_ud2_ring3(const struct cmdline *c, const struct plan_series *ps)
{
	static const struct variant v = { EXCEPTION(P_UD2, VEC_UD, gates_record_ud), .ring = 3,
					  .fault = true, .timed = gates_stub_fault_2 };

	variant_run(c, ps, &v);
}

static void run_syscall_sysretq(const struct cmdline *c, const struct plan_series *ps)
{
	static const struct variant v = { SYSCALL(USERMODE_RETURN_SYSRETQ) };

	variant_run(c, ps, &v);
}

static void run_syscall_iretq(const struct cmdline *c, const struct plan_series *ps)
{
	static const struct variant v = { SYSCALL(USERMODE_RETURN_IRETQ) };

	variant_run(c, ps, &v);
}

/*
 * One series per selected CPU each. A control writes one summary row, the
 * others two (raw and _net), and the controls come first: the _net rows
 * subtract their p50 on the same CPU. Nominal sample times on hardware: an
 * event through a gate and iretq, with the TSC reads, about 300 ns; in
 * ring 3 each sample also enters ring 3 with iretq and leaves it through a
 * page fault (usermode.c), about 1 us.
 */
#define RING0_NS 300
#define RING3_NS 1000
#define CONTROL_ROW(n, fn, ns) { .name = n, .shape = SHAPE_CPU, .run = fn, .sample_ns = ns, .rows = 1, \
	.kind = SAMPLE_COST }
/* The variant's row and its net row, derived from the same samples. */
#define ROW(n, unsup, fn, ns) { .name = n, .shape = SHAPE_CPU, .unsupported = unsup, .run = fn, \
	.sample_ns = ns, .rows = 2, .derived_rows = true, .kind = SAMPLE_COST }

const struct bench_variant gates_variants[GATES_VARIANTS] = {
	CONTROL_ROW("empty", run_empty, RING0_NS),
	CONTROL_ROW("empty_ring3", run_empty_ring3, RING3_NS),
	ROW("int_intgate", int_n_unsupported, run_int_intgate, RING0_NS),
	ROW("int_trapgate", int_n_unsupported, run_int_trapgate, RING0_NS),
	ROW("int_intgate_ist", int_n_unsupported, run_int_intgate_ist, RING0_NS),
	ROW("int_trapgate_ist", int_n_unsupported, run_int_trapgate_ist, RING0_NS),
	ROW("bp_int3", int3_unsupported, run_bp_int3, RING0_NS),
	ROW("ud_ud2", 0, run_ud_ud2, RING0_NS),
	ROW("de_div0", 0, run_de_div0, RING0_NS),
	ROW("pf_notpresent", 0, run_pf_notpresent, RING0_NS),
	ROW("gp_noncanonical", 0, run_gp_noncanonical, RING0_NS),
	ROW("int_intgate_ring3", 0, run_int_intgate_ring3, RING3_NS),
	ROW("int_trapgate_ring3", 0, run_int_trapgate_ring3, RING3_NS),
	ROW("int_intgate_ist_ring3", 0, run_int_intgate_ist_ring3, RING3_NS),
	ROW("ud_ud2_ring3", 0, run_ud_ud2_ring3, RING3_NS),
	ROW("syscall_sysretq", syscall_sysretq_unsupported, run_syscall_sysretq, RING3_NS),
	ROW("syscall_iretq", syscall_iretq_unsupported, run_syscall_iretq, RING3_NS),
};
