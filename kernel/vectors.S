/*
 * The 256 interrupt entry stubs and the common entry path. Each stub pushes
 * a dummy error code where the CPU pushes none (SDM Vol. 3A 6.13, table 6-1
 * lists the vectors with an error code), RDX, RAX, its vector number and
 * the TSC slots, so every vector reaches trap_dispatch() with the same
 * struct trap_frame (trap.h). The stubs of the vectors in vectors.h's
 * TRAP_TIMESTAMPED table read the TSC first, before the frame is built:
 * what a benchmark measures ends at the handler's first instructions, not
 * after the register saves and the dispatch; every other stub stores 0.
 * No SWAPGS: the GS base always holds the kernel's per-CPU pointer, because
 * irqbench's ring-3 code never writes GS.
 */
#include "vectors.h"

#define HAS_ERROR_CODE(v) \
	((v) == 8 || ((v) >= 10 && (v) <= 14) || (v) == 17 || (v) == 21 || (v) == 29 || (v) == 30)

	.altmacro
	/* RDX, RAX, the vector and an empty TSC reading. */
	.macro stub_plain vec
	.if HAS_ERROR_CODE(\vec)
	.else
	pushq $0
	.endif
	pushq %rdx
	pushq %rax
	pushq $\vec
	pushq $0
	pushq $0
	.endm

	/* RAX and RDX go first, into the slots of the error code and RDX,
	 * then RDTSC, after an LFENCE so that it waits for every earlier
	 * instruction (SDM Vol. 2B, RDTSC; Vol. 3B 18.17): here, the event
	 * delivery. Then RAX moves to its own slot and the dummy error code
	 * takes the one it held. */
	.macro stub_timestamped vec
	.if HAS_ERROR_CODE(\vec)
	.error "a timestamped vector with an error code"
	.endif
	pushq %rax
	pushq %rdx
	lfence
	rdtsc
	pushq 8(%rsp)		/* RAX, from the error code's slot */
	movq $0, 16(%rsp)
	pushq $\vec
	pushq %rdx
	pushq %rax
	.endm

	.macro stub vec
	.align 16
vector_\vec:
	.if TRAP_TIMESTAMPED(\vec)
	stub_timestamped \vec
	.else
	stub_plain \vec
	.endif
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

/* Saves the other general registers in struct trap_frame order (r15 lowest). */
trap_common:
	pushq %rbx
	pushq %rcx
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
	popq %rcx
	popq %rbx
	addq $24, %rsp		/* the TSC reading and the vector */
	popq %rax
	popq %rdx
	addq $8, %rsp		/* error code */
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
