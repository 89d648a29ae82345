/*
 * AP start-up trampoline. Copied to TRAMPOLINE_ADDR by kernel/smp.c; a
 * STARTUP IPI makes an AP begin here in real mode with CS = vector << 8
 * (SDM Vol. 3A 8.4.4.1). It walks real -> protected -> long mode (SDM 10.8.5)
 * on the kernel's own page tables, then calls params.entry(params.cpu) on
 * params.stack. The code is position-dependent on TRAMPOLINE_ADDR: every
 * absolute address is written as TRAMPOLINE_ADDR + (label - trampoline_start).
 */
#include "bootdefs.h"

#define TR(label) (TRAMPOLINE_ADDR + ((label) - trampoline_start))
#define TR_CS32 0x08
#define TR_DS 0x10
#define TR_CS64 0x18

	.section .rodata
	.align 16
	.global trampoline_start, trampoline_end, trampoline_params
	.code16
trampoline_start:
	cli
	cld
	movw %cs, %ax
	movw %ax, %ds
	lgdtl tr_gdt_ptr - trampoline_start
	movl %cr0, %eax
	orl $CR0_PE, %eax
	movl %eax, %cr0
	ljmpl $TR_CS32, $TR(tr_pm32)

	.code32
tr_pm32:
	movw $TR_DS, %ax
	movw %ax, %ds
	movw %ax, %es
	movw %ax, %ss
	movl %cr4, %eax
	orl $CR4_PAE, %eax
	movl %eax, %cr4
	movl TR(trampoline_params) + TP_CR3, %eax
	movl %eax, %cr3
	movl $MSR_EFER, %ecx
	rdmsr
	orl $EFER_LME, %eax
	wrmsr
	movl %cr0, %eax
	orl $(CR0_PG | CR0_WP), %eax
	movl %eax, %cr0
	ljmp $TR_CS64, $TR(tr_lm64)

	.code64
tr_lm64:
	movq TR(trampoline_params) + TP_STACK, %rsp
	movq TR(trampoline_params) + TP_CPU, %rdi
	xorl %ebp, %ebp
	callq *TR(trampoline_params) + TP_ENTRY
1:	cli
	hlt
	jmp 1b

	/* Flat segments for the climb (SDM 3.4.5); the kernel's per-CPU GDT
	 * replaces this one in cpu_setup(). */
	.align 8
tr_gdt:
	.quad 0
	.quad 0x00cf9a000000ffff	/* 0x08: code, 32-bit */
	.quad 0x00cf92000000ffff	/* 0x10: data */
	.quad 0x00af9a000000ffff	/* 0x18: code, 64-bit */
tr_gdt_end:
tr_gdt_ptr:
	.short tr_gdt_end - tr_gdt - 1
	.long TR(tr_gdt)

	.align 8
trampoline_params:		/* struct trampoline_params, kernel/smp.h */
	.space TP_SIZE
trampoline_end:
