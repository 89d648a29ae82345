/*
 * Ring 3: entering it and coming back, the SYSCALL/SYSRET MSRs, and what the
 * platform makes of them (SDM Vol. 3A 5.8.8 SYSCALL and SYSRET, 6.14 64-bit
 * interrupt handling, 7.7 the 64-bit TSS). irqbench has no user processes:
 * ring 3 runs short functions, one at a time per CPU, in pages marked with
 * usermode_allow(), on a small per-CPU user stack, and comes back through a
 * page fault at a known address (a fault reaches ring 0 on every platform;
 * SYSCALL does not, see below).
 *
 * Also found out here, once per boot: whether ring 0 is emulated (a nested
 * hypervisor such as this project's kvm_pvm, PLATFORM.md), by timing the
 * same dec/jnz loop in ring 0 and in ring 3; whether SYSCALL enters ring 0;
 * and whether SYSRETQ returns to ring 3.
 */
#ifndef USERMODE_H
#define USERMODE_H

/* For kernel/usermode_entry.S (checked in usermode.c). */
#define USERMODE_SEL_USER_CODE 0x2B	/* SEL_USER_CODE */
#define USERMODE_SEL_USER_DATA 0x23	/* SEL_USER_DATA */
#define USERMODE_CPU_INDEX_OFFSET 8	/* offsetof(struct cpu, index), at GS:8 */
#define USERMODE_EXIT_ADDR 0xE8		/* in PAGING_UNMAPPED_ADDR's page */
#define USERMODE_SEEN_HITS 0		/* struct usermode_syscall_seen */
#define USERMODE_SEEN_RCX 8
#define USERMODE_SEEN_R11 16
#define USERMODE_SEEN_RFLAGS 24
#define USERMODE_SEEN_CS 32
#define USERMODE_SEEN_RSP 40
#define USERMODE_FAULT_HITS 0		/* struct usermode_fault */
#define USERMODE_FAULT_ERROR 8
#define USERMODE_FAULT_RIP 16
#define USERMODE_FAULT_CS 24
#define USERMODE_STACK_SIZE 512

#ifndef __ASSEMBLER__
#include <stdbool.h>
#include <stdint.h>

/* A function ring 3 runs: SysV ABI, one argument, one result. */
typedef uint64_t (*usermode_fn)(uint64_t arg);

struct usermode_result {
	uint64_t value;		/* what fn returned */
	uint64_t cs;		/* CS read in ring 3 after fn returned: its RPL is
				 * the ring (kvm_pvm shows its own selector, 0x33) */
	uint64_t rsp0;		/* TSS RSP0 during the call: where ring 3 events land */
};

/* Let ring 3 use [start, end): code or data (whole pages, see
 * paging_allow_user); every CPU flushes its TLB before its next call. */
void usermode_allow(const void *start, const void *end);

/* Run fn(arg) in ring 3 on this CPU and come back; interrupts stay as
 * the caller had them. fn must lie in pages passed to usermode_allow.
 * Meanwhile this CPU's #PF gate is usermode's (the policy gate after). */
struct usermode_result usermode_call(usermode_fn fn, uint64_t arg);
/* This CPU's user stack, [lo, hi). */
void usermode_stack_bounds(unsigned cpu, uint64_t *lo, uint64_t *hi);

/*
 * The path SYSCALL takes on this CPU (IA32_LSTAR): back to ring 3 with
 * SYSRETQ, or with IRETQ through a frame built on the user stack. With
 * record, the entry first stores what the CPU delivered in
 * usermode_syscall_seen. Either clobbers RCX and R11, as SYSCALL does.
 */
enum usermode_return { USERMODE_RETURN_IRETQ, USERMODE_RETURN_SYSRETQ };
void usermode_syscall_path(enum usermode_return r, bool record);

/* Written by the recording entries (usermode_entry.S offsets above). */
struct usermode_syscall_seen {
	uint64_t hits;
	uint64_t rcx, r11;	/* the return RIP and RFLAGS SYSCALL saved */
	uint64_t rflags;	/* RFLAGS in the entry, after IA32_FMASK */
	uint64_t cs;		/* CS in the entry */
	uint64_t rsp;		/* RSP in the entry: SYSCALL does not switch stacks */
};
extern struct usermode_syscall_seen usermode_syscall_seen;

/* What went wrong on a try of a SYSCALL path: the #PF of a SYSCALL entry
 * run in ring 3, or SYSRETQ's #GP (usermode_entry.S writes these). */
struct usermode_fault {
	uint64_t hits, error_code, rip, cs;
};
extern struct usermode_fault usermode_syscall_fault, usermode_sysret_fault;

/* NULL when SYSCALL from ring 3 enters ring 0 at IA32_LSTAR and IRETQ
 * takes it back; else what happened. Tried once, on the first call. */
const char *usermode_syscall_problem(void);
/* The same for SYSRETQ as the way back (and NULL only if SYSCALL works). */
const char *usermode_sysret_problem(void);

/* The ring-0 emulation test: usermode_measure_ring0 runs it once, at boot;
 * the other two give its result. */
struct usermode_ring0 {
	uint64_t ring0_cycles, ring3_cycles;	/* best of the runs, per loop */
	uint64_t iterations;
	uint64_t ratio_x100;			/* ring0 / ring3 x 100 */
	bool emulated;
	char reason[160];	/* a sentence about it, for skipped rows */
};
void usermode_measure_ring0(void);
const struct usermode_ring0 *usermode_ring0(void);
bool usermode_ring0_emulated(void);
#endif

#endif
