/*
 * Instructions that may fault by design, each with a known resume point:
 * trap.c's fixup table maps the faulting instruction's address to where
 * execution goes on (as Linux's exception table does), and the C caller
 * sees an error instead of a panic. Only #GP is fixed up (trap.c).
 */
	.text

/* int rdmsr_safe(uint32_t msr, uint64_t *value): 0 and *value, or -1 when
 * RDMSR raised #GP (an MSR this CPU does not implement: SDM Vol. 2B, RDMSR,
 * "Protected Mode Exceptions"). */
	.global rdmsr_safe, rdmsr_safe_insn, rdmsr_safe_fixup
rdmsr_safe:
	movl %edi, %ecx
rdmsr_safe_insn:
	rdmsr
	shlq $32, %rdx
	movl %eax, %eax
	orq %rdx, %rax
	movq %rax, (%rsi)
	xorl %eax, %eax
	ret
rdmsr_safe_fixup:
	movl $-1, %eax
	ret
