/*
 * Ring 3 entry and exit for kernel/usermode.c, and the SYSCALL entry points
 * (IA32_LSTAR). Ring 3 is entered with IRETQ (SDM Vol. 3A 6.14.3: 64-bit
 * IRET pops RIP, CS, RFLAGS, RSP and SS) into usermode_trampoline, which
 * calls the function and then loads from a not-present page: the #PF, which
 * every platform delivers to ring 0 (a nested KVM that emulates ring 0 does
 * not take SYSCALL there, see usermode_exit_pf), ends the call.
 * No SWAPGS: the GS base stays the kernel's per-CPU pointer (vectors.S).
 */
#include "tsc_asm.h"
#include "usermode.h"

/* ---- code ring 3 runs: whole pages of its own (usermode_allow) ---- */
	.section .text.user, "ax", @progbits
	.balign 4096
	.global usermode_user_start, usermode_user_end
	.global usermode_trampoline, usermode_loop, usermode_syscall_once
usermode_user_start:

/* RDI = arg, RSI = fn (set by usermode_enter). */
usermode_trampoline:
	call *%rsi
	movq %rax, %rdi
	movq %cs, %rsi
usermode_exit_insn:
	movq USERMODE_EXIT_ADDR, %rax	/* #PF: usermode_exit_pf */
	ud2				/* not reached */

/* uint64_t usermode_loop(uint64_t iterations): TSC cycles of a dec/jnz loop,
 * read as tsc.h does (lfence; rdtsc; lfence). Runs in either ring. */
usermode_loop:
	tsc_start_r8
	movq %rdi, %rcx
1:	decq %rcx
	jnz 1b
	tsc_stop_r8
	ret

/* One SYSCALL, for usermode.c's tries of the SYSCALL paths. */
usermode_syscall_once:
	xorl %eax, %eax
	syscall
	ret

	.balign 4096
usermode_user_end:

/* ---- ring 0 ---- */
	.text
	.global usermode_enter, usermode_exit_pf
	.global usermode_syscall_iretq, usermode_syscall_sysretq
	.global usermode_syscall_iretq_record, usermode_syscall_sysretq_record
	.global usermode_sysret_gp

/*
 * struct { value, cs } usermode_enter(fn, arg, user_rsp, rsp0_slot):
 * saves the callee-saved registers and RFLAGS, makes the stack below them
 * the TSS RSP0 (events from ring 3 must not land on frames still in use:
 * an AP runs on the very stack the TSS names), and IRETQs to ring 3.
 * usermode_exit_pf returns from here.
 */
usermode_enter:
	pushfq
	pushq %rbp
	pushq %rbx
	pushq %r12
	pushq %r13
	pushq %r14
	pushq %r15
	movl %gs:USERMODE_CPU_INDEX_OFFSET, %eax
	movq %rsp, usermode_kernel_rsp(, %rax, 8)
	movq %rsp, (%rcx)
	pushq $USERMODE_SEL_USER_DATA
	pushq %rdx
	pushfq
	pushq $USERMODE_SEL_USER_CODE
	pushq $usermode_trampoline
	movq %rdi, %rax
	movq %rsi, %rdi
	movq %rax, %rsi
	iretq

/*
 * This CPU's #PF gate while usermode_call runs. Stack: error code, RIP,
 * CS, RFLAGS, RSP, SS. Three cases:
 * - the trampoline's load, from ring 3: the call is over; RDI = the value,
 *   RSI = the CS ring 3 saw; back to usermode_enter's caller;
 * - a fetch of this CPU's IA32_LSTAR in ring 3: SYSCALL jumped there
 *   without entering ring 0 (this project's nested KVM does), so the
 *   kernel page faulted on the entry's first instruction: noted in
 *   usermode_syscall_fault, and ring 3 resumes after its SYSCALL (RCX) with
 *   its RFLAGS (R11), on the stack it had;
 * - anything else goes on to the kernel's own #PF stub.
 */
usermode_exit_pf:
	cmpq $USERMODE_SEL_USER_CODE, 16(%rsp)
	jne 2f
	cmpq $usermode_exit_insn, 8(%rsp)
	jne 1f
	movl %gs:USERMODE_CPU_INDEX_OFFSET, %eax
	movq usermode_kernel_rsp(, %rax, 8), %rsp
	movq %rdi, %rax
	movq %rsi, %rdx
	popq %r15
	popq %r14
	popq %r13
	popq %r12
	popq %rbx
	popq %rbp
	popfq
	ret
1:	pushq %rax
	movl %gs:USERMODE_CPU_INDEX_OFFSET, %eax
	movq usermode_lstar(, %rax, 8), %rax
	cmpq %rax, 16(%rsp)
	popq %rax
	jne 2f
	pushq %rax
	incq usermode_syscall_fault + USERMODE_FAULT_HITS(%rip)
	movq 8(%rsp), %rax
	movq %rax, usermode_syscall_fault + USERMODE_FAULT_ERROR(%rip)
	movq 16(%rsp), %rax
	movq %rax, usermode_syscall_fault + USERMODE_FAULT_RIP(%rip)
	movq 24(%rsp), %rax
	movq %rax, usermode_syscall_fault + USERMODE_FAULT_CS(%rip)
	popq %rax
	movq %rcx, 8(%rsp)
	movq %r11, 24(%rsp)
	addq $8, %rsp
	iretq
2:	jmpq *vector_stubs + 14 * 8(%rip)

/* ---- SYSCALL entries: back to ring 3 at once ---- */

	/* What the CPU delivered, into usermode_syscall_seen (no stack of
	 * our own: pushfq borrows a word of the user stack). */
	.macro record
	pushfq
	popq usermode_syscall_seen + USERMODE_SEEN_RFLAGS(%rip)
	movq %rcx, usermode_syscall_seen + USERMODE_SEEN_RCX(%rip)
	movq %r11, usermode_syscall_seen + USERMODE_SEEN_R11(%rip)
	movq %rsp, usermode_syscall_seen + USERMODE_SEEN_RSP(%rip)
	movw %cs, usermode_syscall_seen + USERMODE_SEEN_CS(%rip)
	incq usermode_syscall_seen + USERMODE_SEEN_HITS(%rip)
	.endm

usermode_syscall_sysretq:
	sysretq

usermode_syscall_sysretq_record:
	record
usermode_sysretq_recorded:
	sysretq

usermode_syscall_iretq_record:
	record
	/* fall through */

/* The return without SYSRETQ: an IRETQ frame from RCX (RIP) and R11
 * (RFLAGS) on the user stack, the only stack at hand. Leaves RCX = RSP. */
usermode_syscall_iretq:
	subq $40, %rsp
	movq %rcx, 0(%rsp)
	movq $USERMODE_SEL_USER_CODE, 8(%rsp)
	movq %r11, 16(%rsp)
	leaq 40(%rsp), %rcx
	movq %rcx, 24(%rsp)
	movq $USERMODE_SEL_USER_DATA, 32(%rsp)
	iretq

/*
 * This CPU's #GP gate while usermode.c tries SYSRETQ: a fault at
 * usermode_sysretq_recorded is noted in usermode_sysret_fault and finished
 * with IRETQ instead (RCX and R11 still hold what SYSCALL saved: the
 * faulting SYSRETQ changed nothing). Any other #GP goes on to the kernel's
 * own #GP stub.
 */
usermode_sysret_gp:
	pushq %rax
	leaq usermode_sysretq_recorded(%rip), %rax
	cmpq %rax, 16(%rsp)
	jne 1f
	incq usermode_sysret_fault + USERMODE_FAULT_HITS(%rip)
	movq 8(%rsp), %rax
	movq %rax, usermode_sysret_fault + USERMODE_FAULT_ERROR(%rip)
	movq 16(%rsp), %rax
	movq %rax, usermode_sysret_fault + USERMODE_FAULT_RIP(%rip)
	movq 24(%rsp), %rax
	movq %rax, usermode_sysret_fault + USERMODE_FAULT_CS(%rip)
	leaq usermode_syscall_iretq(%rip), %rax
	movq %rax, 16(%rsp)
	popq %rax
	addq $8, %rsp
	iretq
1:	popq %rax
	jmpq *vector_stubs + 13 * 8(%rip)
