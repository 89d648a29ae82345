/*
 * Instructions that raise one exception each, for kernel/selftest.c. Each
 * probe exports the address of the faulting instruction (_fault) and the
 * address where execution must resume (_resume), so the self-test can check
 * the RIP the CPU saved: the faulting instruction for a fault, the next one
 * for a trap (SDM Vol. 3A 6.5).
 */
	.text
	.macro probe name
	.global probe_\name, probe_\name\()_fault, probe_\name\()_resume
	.endm

	probe de
probe_de:		/* #DE: divide by zero */
	xorl %edx, %edx
	movl $1, %eax
	xorl %ecx, %ecx
probe_de_fault:
	divl %ecx
probe_de_resume:
	ret

	probe bp
probe_bp:		/* #BP: a trap, saved RIP is after int3 */
probe_bp_fault:
	int3
probe_bp_resume:
	ret

	probe ud
probe_ud:
probe_ud_fault:
	ud2
probe_ud_resume:
	ret

	probe pf_read
probe_pf_read:		/* #PF on a read of address %rdi */
probe_pf_read_fault:
	movq (%rdi), %rax
probe_pf_read_resume:
	ret

	probe pf_write
probe_pf_write:		/* #PF on a write to address %rdi */
probe_pf_write_fault:
	movq %rax, (%rdi)
probe_pf_write_resume:
	ret

	probe gp
probe_gp:		/* #GP(0): %rdi is a non-canonical address (SDM 3.3.7.1) */
probe_gp_fault:
	movq (%rdi), %rax
probe_gp_resume:
	ret
