/*
 * Ring 3 for irqbench: the user pages and stacks, the SYSCALL MSRs (SDM
 * Vol. 3A 5.8.8; Vol. 4, IA32_STAR/LSTAR/FMASK and IA32_EFER.SCE), entry
 * and exit (usermode_entry.S), and the platform facts that decide what can
 * run here: whether ring 0 is emulated, whether SYSCALL enters ring 0, and
 * whether SYSRETQ returns from it.
 */
#include "usermode.h"

#include <stddef.h>

#include "bootdefs.h"
#include "cpu.h"
#include "desc.h"
#include "fmt.h"
#include "panic.h"
#include "paging.h"
#include "trap.h"
#include "x86.h"

#define MSR_STAR 0xC0000081
#define MSR_LSTAR 0xC0000082
#define MSR_FMASK 0xC0000084
#define EFER_SCE (1u << 0)

/* SYSCALL loads CS from STAR[47:32] and SS = that + 8; 64-bit SYSRET loads
 * CS = STAR[63:48] + 16 and SS = STAR[63:48] + 8, with RPL 3 (desc.h lays
 * out the GDT for exactly this). */
#define STAR_SYSRET_BASE ((uint64_t)(GDT_USER_CODE32 * 8 + 3))
#define STAR_VALUE ((STAR_SYSRET_BASE << 48) | ((uint64_t)SEL_KERNEL_CODE << 32))
/* RFLAGS bits SYSCALL clears: IF (the entry runs as an interrupt gate
 * would), TF, DF, NT and AC, as operating systems do. */
#define RFLAGS_TF (1ull << 8)
#define RFLAGS_DF (1ull << 10)
#define RFLAGS_NT (1ull << 14)
#define RFLAGS_AC (1ull << 18)
#define FMASK_VALUE (RFLAGS_IF | RFLAGS_TF | RFLAGS_DF | RFLAGS_NT | RFLAGS_AC)

/* The ring-0 test: the best of LOOP_RUNS loops of LOOP_ITERATIONS in each
 * ring. PLATFORM.md: a dec/jnz iteration takes ~2740 cycles in emulated
 * ring 0 and ~0.7 in ring 3, so 1000 iterations cost ~1 ms there; on
 * hardware and TCG the two rings run the loop equally fast. Ring 0 ten
 * times slower (ratio 10.00) is emulation, not noise. */
#define LOOP_ITERATIONS 1000
#define LOOP_RUNS 5
#define EMULATED_RATIO_X100 1000

_Static_assert(USERMODE_SEL_USER_CODE == SEL_USER_CODE, "usermode_entry.S");
_Static_assert(USERMODE_SEL_USER_DATA == SEL_USER_DATA, "usermode_entry.S");
_Static_assert(STAR_SYSRET_BASE + 16 == SEL_USER_CODE && STAR_SYSRET_BASE + 8 == SEL_USER_DATA,
	       "SYSRET's selectors are the user segments");
_Static_assert(USERMODE_EXIT_ADDR / 4096 == PAGING_UNMAPPED_ADDR / 4096,
	       "the trampoline's exit load must fault");
/* A field at the offset usermode_entry.S uses. */
#define ASM_LAYOUT(type, field, off) \
	_Static_assert(offsetof(type, field) == (off), "usermode_entry.S")
ASM_LAYOUT(struct cpu, index, USERMODE_CPU_INDEX_OFFSET);
ASM_LAYOUT(struct usermode_syscall_seen, hits, USERMODE_SEEN_HITS);
ASM_LAYOUT(struct usermode_syscall_seen, rcx, USERMODE_SEEN_RCX);
ASM_LAYOUT(struct usermode_syscall_seen, r11, USERMODE_SEEN_R11);
ASM_LAYOUT(struct usermode_syscall_seen, rflags, USERMODE_SEEN_RFLAGS);
ASM_LAYOUT(struct usermode_syscall_seen, cs, USERMODE_SEEN_CS);
ASM_LAYOUT(struct usermode_syscall_seen, rsp, USERMODE_SEEN_RSP);
ASM_LAYOUT(struct usermode_fault, hits, USERMODE_FAULT_HITS);
ASM_LAYOUT(struct usermode_fault, error_code, USERMODE_FAULT_ERROR);
ASM_LAYOUT(struct usermode_fault, rip, USERMODE_FAULT_RIP);
ASM_LAYOUT(struct usermode_fault, cs, USERMODE_FAULT_CS);

struct enter_result {
	uint64_t value, cs;
};

extern const char usermode_user_start[], usermode_user_end[];
extern struct enter_result usermode_enter(usermode_fn fn, uint64_t arg, uint64_t user_rsp,
					  void *rsp0_slot);
extern void usermode_syscall_iretq(void), usermode_syscall_sysretq(void);
extern void usermode_syscall_iretq_record(void), usermode_syscall_sysretq_record(void);
extern void usermode_sysret_gp(void), usermode_exit_pf(void);
extern uint64_t usermode_loop(uint64_t iterations);
extern uint64_t usermode_syscall_once(uint64_t unused);

/* Used by usermode_entry.S: where usermode_enter left each CPU's kernel
 * stack, and the IA32_LSTAR each CPU has. */
uint64_t usermode_kernel_rsp[MAX_CPUS];
uint64_t usermode_lstar[MAX_CPUS];
struct usermode_syscall_seen usermode_syscall_seen;
struct usermode_fault usermode_syscall_fault, usermode_sysret_fault;

/* In .data, below 2 MiB, on 4 KiB pages that hold nothing else. */
static uint8_t user_stacks[MAX_CPUS][USERMODE_STACK_SIZE]
	__attribute__((section(".data.user"), aligned(4096)));
_Static_assert(sizeof(user_stacks) % 4096 == 0, "whole pages");

/* Bumped by usermode_allow; a CPU whose number differs reloads CR3 (no
 * global pages: that flushes its whole TLB) before ring 3. 0: never. */
static uint32_t user_pages_generation;
static uint32_t cpu_generation[MAX_CPUS];
static bool cpu_msrs_set[MAX_CPUS];
static volatile uint32_t own_pages_state;	/* 0, 1 being marked, 2 done */

static struct usermode_ring0 ring0;

void usermode_allow(const void *start, const void *end)
{
	paging_allow_user((uint64_t)start, (uint64_t)end - (uint64_t)start);
	__atomic_add_fetch(&user_pages_generation, 1, __ATOMIC_RELEASE);
}

static void own_pages_allow(void)
{
	uint32_t idle = 0;

	if (__atomic_load_n(&own_pages_state, __ATOMIC_ACQUIRE) == 2)
		return;
	if (__atomic_compare_exchange_n(&own_pages_state, &idle, 1, false, __ATOMIC_ACQ_REL,
					__ATOMIC_ACQUIRE)) {
		usermode_allow(usermode_user_start, usermode_user_end);
		usermode_allow(user_stacks, user_stacks + MAX_CPUS);
		__atomic_store_n(&own_pages_state, 2, __ATOMIC_RELEASE);
	}
	while (__atomic_load_n(&own_pages_state, __ATOMIC_ACQUIRE) != 2)
		cpu_relax();
}

static void lstar_set(struct cpu *c, void (*entry)(void))
{
	usermode_lstar[c->index] = (uint64_t)entry;
	wrmsr(MSR_LSTAR, (uint64_t)entry);
}

/* Each CPU has its own SYSCALL MSRs; they are set on its first call. */
static void cpu_prepare(struct cpu *c)
{
	uint32_t gen;

	own_pages_allow();
	if (!cpu_msrs_set[c->index]) {
		wrmsr(MSR_EFER, rdmsr(MSR_EFER) | EFER_SCE);
		wrmsr(MSR_STAR, STAR_VALUE);
		wrmsr(MSR_FMASK, FMASK_VALUE);
		cpu_msrs_set[c->index] = true;
		lstar_set(c, usermode_syscall_iretq);
	}
	gen = __atomic_load_n(&user_pages_generation, __ATOMIC_ACQUIRE);
	if (cpu_generation[c->index] != gen) {
		write_cr3(read_cr3());
		cpu_generation[c->index] = gen;
	}
}

void usermode_stack_bounds(unsigned cpu, uint64_t *lo, uint64_t *hi)
{
	*lo = (uint64_t)user_stacks[cpu];
	*hi = *lo + USERMODE_STACK_SIZE;
}

struct usermode_result usermode_call(usermode_fn fn, uint64_t arg)
{
	struct cpu *c = this_cpu();
	uint8_t *rsp0_slot = (uint8_t *)&c->tss + offsetof(struct tss, rsp);
	uint64_t rsp0 = c->tss.rsp[0], lo, hi;

	cpu_prepare(c);
	usermode_stack_bounds(c->index, &lo, &hi);
	trap_set_gate(c, VEC_PF, (uint64_t)usermode_exit_pf, GATE_INTERRUPT, 0, IST_NONE);
	struct enter_result e = usermode_enter(fn, arg, hi, rsp0_slot);
	struct usermode_result r = { e.value, e.cs, c->tss.rsp[0] };

	trap_reset_gate(c, VEC_PF);
	c->tss.rsp[0] = rsp0;
	return r;
}

void usermode_syscall_path(enum usermode_return r, bool record)
{
	static void (*const entries[2][2])(void) = {
		[USERMODE_RETURN_IRETQ] = { usermode_syscall_iretq, usermode_syscall_iretq_record },
		[USERMODE_RETURN_SYSRETQ] = { usermode_syscall_sysretq,
					      usermode_syscall_sysretq_record },
	};

	cpu_prepare(this_cpu());
	lstar_set(this_cpu(), entries[r][record]);
}

/* One SYSCALL from ring 3 through the recording entry of path ret, with
 * usermode_sysret_gp on this CPU's #GP gate to turn a SYSRETQ fault into an
 * IRETQ return (usermode_exit_pf catches a SYSCALL that stays in ring 3). */
static const char *syscall_try(enum usermode_return ret, char *problem, size_t len)
{
	const struct usermode_fault *sc = &usermode_syscall_fault, *sr = &usermode_sysret_fault;
	const struct usermode_syscall_seen *seen = &usermode_syscall_seen;
	struct cpu *c = this_cpu();

	usermode_syscall_fault = usermode_sysret_fault = (struct usermode_fault){ 0 };
	usermode_syscall_seen = (struct usermode_syscall_seen){ 0 };
	trap_set_gate(c, VEC_GP, (uint64_t)usermode_sysret_gp, GATE_INTERRUPT, 0, IST_NONE);
	usermode_syscall_path(ret, true);
	struct usermode_result r = usermode_call(usermode_syscall_once, 0);
	usermode_syscall_path(USERMODE_RETURN_IRETQ, false);
	trap_reset_gate(c, VEC_GP);
	if (sc->hits)
		ksnprintf(problem, len, "syscall from ring 3 does not enter ring 0 here: it jumped to "
			  "its entry at 0x%lx in CS 0x%lx, which faulted (#PF 0x%lx)", sc->rip, sc->cs,
			  sc->error_code);
	else if (sr->hits)
		ksnprintf(problem, len, "sysretq raised #GP(0x%lx) at 0x%lx in CS 0x%lx instead of "
			  "returning to ring 3", sr->error_code, sr->rip, sr->cs);
	else if (seen->hits != 1 || (seen->cs & 3) != 0 || (r.cs & 3) != 3)
		ksnprintf(problem, len, "syscall ran its entry %lu times, in CS 0x%lx, and came back "
			  "in CS 0x%lx", seen->hits, seen->cs, r.cs);
	else
		return 0;
	return problem;
}

const char *usermode_syscall_problem(void)
{
	static bool tried;
	static char problem[200];
	static const char *answer;

	if (!tried)
		answer = syscall_try(USERMODE_RETURN_IRETQ, problem, sizeof(problem));
	tried = true;
	return answer;
}

const char *usermode_sysret_problem(void)
{
	static bool tried;
	static char problem[200];
	static const char *answer;

	if (!tried)
		answer = usermode_syscall_problem() ? usermode_syscall_problem() :
			 syscall_try(USERMODE_RETURN_SYSRETQ, problem, sizeof(problem));
	tried = true;
	return answer;
}

/* At boot, on the BSP, before any AP runs ring 3 and outside any frame: a
 * step of its own in kmain. */
void usermode_measure_ring0(void)
{
	uint64_t best0 = UINT64_MAX, best3 = UINT64_MAX;

	for (unsigned i = 0; i < LOOP_RUNS; i++) {
		uint64_t t0 = usermode_loop(LOOP_ITERATIONS);
		struct usermode_result r = usermode_call(usermode_loop, LOOP_ITERATIONS);

		if ((r.cs & 3) != 3)
			PANIC("usermode: the ring-3 loop ran with CS 0x%lx, not in ring 3", r.cs);
		best0 = t0 < best0 ? t0 : best0;
		best3 = r.value < best3 ? r.value : best3;
	}
	ring0.iterations = LOOP_ITERATIONS;
	ring0.ring0_cycles = best0;
	ring0.ring3_cycles = best3;
	ring0.ratio_x100 = best0 * 100 / (best3 ? best3 : 1);
	ring0.emulated = ring0.ratio_x100 >= EMULATED_RATIO_X100;
	ksnprintf(ring0.reason, sizeof(ring0.reason),
		  "ring 0 is %s: a %lu-iteration dec/jnz loop takes %lu cycles in ring 0, %lu in ring 3 "
		  "(ratio %lu.%02lu)", ring0.emulated ? "emulated here" : "native",
		  ring0.iterations, best0, best3, ring0.ratio_x100 / 100, ring0.ratio_x100 % 100);
}

const struct usermode_ring0 *usermode_ring0(void)
{
	ASSERT(ring0.iterations);
	return &ring0;
}

bool usermode_ring0_emulated(void)
{
	return usermode_ring0()->emulated;
}
