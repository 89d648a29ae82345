/*
 * bench/gates.c's instructions and handlers.
 *
 * Probes: uint64_t gates_probe_X(uint64_t arg) returns the TSC cycles
 * around one instruction, read as kernel/tsc.h reads them (lfence; rdtsc;
 * lfence on both sides). They live in user pages, so ring 0 calls them
 * directly and ring 3 through usermode_call. Each exports _insn (the
 * instruction) and _after (the next one): the saved RIP must be _insn for a
 * fault and _after for a trap (SDM Vol. 3A 6.5).
 *
 * Timed handlers: nothing but what returning needs, so that a sample is the
 * gate's cost, not a handler's: IRETQ for traps, and for faults a step over
 * the faulting instruction (and the error code) first.
 *
 * Recording handlers, for the checks before each series: they store what
 * the CPU delivered in gates_seen (gates.h) and resume at gates_seen.resume.
 */
#include "gates.h"
#include "tsc_asm.h"

	.macro probe_begin name
	.global gates_probe_\name, gates_probe_\name\()_insn, gates_probe_\name\()_after
gates_probe_\name:
	.endm

	/* The instruction lies between _insn and this. */
	.macro probe_end name
gates_probe_\name\()_after:
	tsc_stop_r8
	ret
	.endm

	.macro expect_len name, len
	.if gates_probe_\name\()_after - gates_probe_\name\()_insn - \len
	.error "gates_probe_\name: the timed stub steps over \len bytes"
	.endif
	.endm

	.section .text.user, "ax", @progbits
	.balign 4096
	.global gates_user_start, gates_user_end
gates_user_start:

	probe_begin empty	/* the control: the same reads, nothing between */
	tsc_start_r8
gates_probe_empty_insn:
	probe_end empty

	probe_begin int
	tsc_start_r8
gates_probe_int_insn:
	int $GATES_VECTOR_NUM
	probe_end int

	probe_begin int3
	tsc_start_r8
gates_probe_int3_insn:
	int3
	probe_end int3

	probe_begin ud2
	tsc_start_r8
gates_probe_ud2_insn:
	ud2
	probe_end ud2
	expect_len ud2, GATES_UD2_LEN

	probe_begin div		/* #DE: divide by zero */
	xorl %ecx, %ecx
	tsc_start_r8
gates_probe_div_insn:
	divl %ecx
	probe_end div
	expect_len div, GATES_DIV_LEN

	probe_begin load	/* #PF or #GP, by the address in %rdi */
	tsc_start_r8
gates_probe_load_insn:
	movq (%rdi), %r9
	probe_end load
	expect_len load, GATES_LOAD_LEN

	probe_begin syscall	/* clobbers RCX and R11, as SYSCALL does */
	tsc_start_r8
gates_probe_syscall_insn:
	syscall
	probe_end syscall

	.balign 4096
gates_user_end:

/* ---- timed handlers ---- */
	.text
	.global gates_stub_trap, gates_stub_fault_2, gates_stub_fault_error_3

gates_stub_trap:		/* int n, int3: the CPU saved the next RIP */
	iretq

gates_stub_fault_2:		/* #UD at ud2, #DE at divl %ecx */
	addq $2, (%rsp)
	iretq

gates_stub_fault_error_3:	/* #PF, #GP at the 3-byte load: pop the error code */
	addq $8, %rsp
	addq $3, (%rsp)
	iretq

/* ---- recording handlers ---- */

	/* Stack on entry: [error code,] RIP, CS, RFLAGS, RSP, SS (SDM 6.14.2).
	 * After pushfq and push %rax the frame starts at 16(%rsp). */
	.macro recorder name, vec, err
	.global gates_record_\name
gates_record_\name:
	pushfq
	pushq %rax
	movq 8(%rsp), %rax
	movq %rax, gates_seen + GATES_SEEN_HANDLER_RFLAGS(%rip)
	leaq 16(%rsp), %rax
	movq %rax, gates_seen + GATES_SEEN_FRAME(%rip)
	movq $\vec, gates_seen + GATES_SEEN_VECTOR(%rip)
	.if \err
	movq 16(%rsp), %rax
	.else
	movq $GATES_NO_ERROR, %rax
	.endif
	movq %rax, gates_seen + GATES_SEEN_ERROR(%rip)
	movq 16 + 8 * \err(%rsp), %rax
	movq %rax, gates_seen + GATES_SEEN_RIP(%rip)
	movq 24 + 8 * \err(%rsp), %rax
	movq %rax, gates_seen + GATES_SEEN_CS(%rip)
	movq 32 + 8 * \err(%rsp), %rax
	movq %rax, gates_seen + GATES_SEEN_RFLAGS(%rip)
	movq 40 + 8 * \err(%rsp), %rax
	movq %rax, gates_seen + GATES_SEEN_RSP(%rip)
	movq 48 + 8 * \err(%rsp), %rax
	movq %rax, gates_seen + GATES_SEEN_SS(%rip)
	movq %cr2, %rax
	movq %rax, gates_seen + GATES_SEEN_CR2(%rip)
	incq gates_seen + GATES_SEEN_HITS(%rip)
	movq gates_seen + GATES_SEEN_RESUME(%rip), %rax
	testq %rax, %rax
	jz 1f
	movq %rax, 16 + 8 * \err(%rsp)
1:	popq %rax
	addq $8 + 8 * \err, %rsp	/* the RFLAGS copy and the error code */
	iretq
	.endm

	recorder de, 0, 0
	recorder bp, 3, 0
	recorder ud, 6, 0
	recorder gp, 13, 1
	recorder pf, 14, 1
	recorder int, GATES_VECTOR_NUM, 0

/* ---- per-CPU #UD handlers: stub n writes n, then records as #UD ---- */
	.altmacro
	.macro percpu n
gates_percpu_\n:
	movq $\n, gates_seen + GATES_SEEN_HANDLER(%rip)
	jmp gates_record_ud
	.endm

	.macro percpu_addr n
	.quad gates_percpu_\n
	.endm

	.set n, 0
	.rept GATES_PERCPU_STUBS
	percpu %n
	.set n, n + 1
	.endr

	.section .rodata
	.align 8
	.global gates_percpu_stubs
gates_percpu_stubs:
	.set n, 0
	.rept GATES_PERCPU_STUBS
	percpu_addr %n
	.set n, n + 1
	.endr
	.noaltmacro
