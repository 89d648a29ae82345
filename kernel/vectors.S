/*
 * The 256 interrupt entry stubs and the common entry path. Each stub pushes
 * a dummy error code where the CPU pushes none (SDM Vol. 3A 6.13, table 6-1
 * lists the vectors with an error code), then its vector number, so every
 * vector reaches trap_dispatch() with the same struct trap_frame (trap.h).
 * No SWAPGS: the GS base always holds the kernel's per-CPU pointer, because
 * irqbench's ring-3 code never writes GS.
 */
#include "bootdefs.h"

	.altmacro
	.macro stub vec
	.align 16
vector_\vec:
	.if (\vec == 8) || ((\vec >= 10) && (\vec <= 14)) || (\vec == 17) || (\vec == 21) || (\vec == 29) || (\vec == 30)
	.else
	pushq $0
	.endif
	pushq $\vec
	jmp trap_common
	.endm

	.macro stub_addr vec
	.quad vector_\vec
	.endm

	.text
	.align 16
	.set vec, 0
	.rept 256
	stub %vec
	.set vec, vec + 1
	.endr

/* Saves the general registers in struct trap_frame order (r15 lowest). */
trap_common:
	pushq %rax
	pushq %rbx
	pushq %rcx
	pushq %rdx
	pushq %rsi
	pushq %rdi
	pushq %rbp
	pushq %r8
	pushq %r9
	pushq %r10
	pushq %r11
	pushq %r12
	pushq %r13
	pushq %r14
	pushq %r15
	movq %rsp, %rdi
	cld
	call trap_dispatch
	popq %r15
	popq %r14
	popq %r13
	popq %r12
	popq %r11
	popq %r10
	popq %r9
	popq %r8
	popq %rbp
	popq %rdi
	popq %rsi
	popq %rdx
	popq %rcx
	popq %rbx
	popq %rax
	addq $16, %rsp		/* vector and error code */
	iretq

	.section .rodata
	.align 8
	.global vector_stubs
vector_stubs:
	.set vec, 0
	.rept 256
	stub_addr %vec
	.set vec, vec + 1
	.endr
