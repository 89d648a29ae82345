/*
 * kernel/tsc.h's fenced TSC read for assembly (.S files only): lfence;
 * rdtsc; lfence, so that the read waits for every earlier instruction and
 * no later one starts before it (SDM Vol. 2B, RDTSC). The timed stubs of
 * bench/gates_probes.S and kernel/usermode_entry.S bracket their code with
 * this pair. Both clobber %rdx.
 */
#ifndef TSC_ASM_H
#define TSC_ASM_H

	/* %r8 = the TSC. */
	.macro tsc_start_r8
	lfence
	rdtsc
	lfence
	shlq $32, %rdx
	orq %rdx, %rax
	movq %rax, %r8
	.endm

	/* %rax = the TSC - %r8. */
	.macro tsc_stop_r8
	lfence
	rdtsc
	lfence
	shlq $32, %rdx
	orq %rdx, %rax
	subq %r8, %rax
	.endm

#endif
