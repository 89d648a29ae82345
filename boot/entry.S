/*
 * Boot entry: the Multiboot1 and Multiboot2 headers, the 32-bit entry both
 * loaders jump to, and the switch to long mode (Intel SDM Vol. 3A 10.8.5,
 * "Initializing IA-32e Mode"). Builds a temporary identity map of the first
 * 4 GiB with 2 MiB pages; kernel/paging.c replaces it with the real one.
 */
#include "bootdefs.h"

	.section .multiboot, "a"
	/* Multiboot1 (spec 0.6.96, 3.1.1): QEMU -kernel and iPXE. Flag bit 16
	 * makes the loader use the address fields, so it never parses our ELF64. */
	.align 4
mb1_header:
	.long MB1_HEADER_MAGIC
	.long MB1_FLAGS
	.long -(MB1_HEADER_MAGIC + MB1_FLAGS)
	.long mb1_header	/* header_addr */
	.long _image_start	/* load_addr */
	.long _load_end		/* load_end_addr */
	.long _image_end	/* bss_end_addr */
	.long _start32		/* entry_addr */

	/* Multiboot2 (spec 2.0, 3.1): GRUB on BIOS and UEFI machines. */
	.align 8
mb2_header:
	.long MB2_HEADER_MAGIC
	.long 0			/* architecture: i386 protected mode */
	.long mb2_header_end - mb2_header
	.long -(MB2_HEADER_MAGIC + (mb2_header_end - mb2_header))
	/* Information request tag (3.1.4): tags we cannot boot without. */
	.align 8
	.short 1, 0
	.long 8 + 4 * 4
	.long MB2_TAG_CMDLINE, MB2_TAG_MMAP, MB2_TAG_ACPI_OLD, MB2_TAG_ACPI_NEW
	/* Framebuffer tag (3.1.10), optional, no preferred mode: under UEFI
	 * GRUB then hands over the GOP framebuffer it has (there is no text
	 * mode to fall back on); kernel/screen.c draws on it. */
	.align 8
	.short MB2_HEADER_TAG_FRAMEBUFFER, MB2_HEADER_TAG_OPTIONAL
	.long 20
	.long 0, 0, 0		/* width, height, depth: no preference */
	.align 8
	.short 0, 0		/* end tag */
	.long 8
mb2_header_end:

	.code32
	.text
	.global _start32
_start32:
	cli
	cld
	movl %eax, boot_magic
	movl %ebx, boot_info

	/* .bss.early holds the page tables and the stack: clear it first.
	 * The rest of .bss may lie past the end of RAM until
	 * mem_check_image has read the memory map. */
	movl $_bss_start, %edi
	movl $_bss_early_end, %ecx
	subl %edi, %ecx
	xorl %eax, %eax
	rep stosb
	movl $boot_stack_top, %esp

	call check_long_mode
	call build_boot_page_tables

	/* CR4.PAE, CR3, EFER.LME, then CR0.PG (SDM 10.8.5 steps). */
	movl %cr4, %eax
	orl $CR4_PAE, %eax
	movl %eax, %cr4
	movl $boot_pml4, %eax
	movl %eax, %cr3
	movl $MSR_EFER, %ecx
	rdmsr
	orl $EFER_LME, %eax
	wrmsr
	movl %cr0, %eax
	orl $(CR0_PG | CR0_PE | CR0_WP), %eax
	movl %eax, %cr0

	lgdt boot_gdt_ptr
	ljmp $BOOT_CS64, $start64

/* CPUID 0x80000001 EDX bit 29: long mode. Without it, say so and stop. */
check_long_mode:
	movl $0x80000000, %eax
	cpuid
	cmpl $0x80000001, %eax
	jb no_long_mode
	movl $0x80000001, %eax
	cpuid
	testl $(1 << 29), %edx
	jz no_long_mode
	ret

no_long_mode:
	movl $msg_no_lm, %esi
1:	lodsb
	testb %al, %al
	jz 2f
	movw $COM1_PORT, %dx
	outb %al, %dx
	jmp 1b
2:	movw $DEBUG_EXIT_PORT, %dx
	movl $EXIT_BOOT, %eax
	outl %eax, %dx
3:	hlt
	jmp 3b

/* PML4[0] -> PDPT, PDPT[0..3] -> four page directories of 2 MiB pages. */
build_boot_page_tables:
	movl $boot_pdpt, %eax
	orl $(PTE_P | PTE_W), %eax
	movl %eax, boot_pml4
	xorl %ecx, %ecx
1:	movl %ecx, %eax
	shll $12, %eax
	addl $boot_pd, %eax
	orl $(PTE_P | PTE_W), %eax
	movl %eax, boot_pdpt(, %ecx, 8)
	incl %ecx
	cmpl $4, %ecx
	jb 1b
	/* 2048 entries, each mapping 2 MiB: physical address = index << 21,
	 * below 4 GiB, so the high dword stays the zero BSS gave it. */
	xorl %ecx, %ecx
2:	movl %ecx, %eax
	shll $21, %eax
	orl $(PTE_P | PTE_W | PTE_PS), %eax
	movl %eax, boot_pd(, %ecx, 8)
	incl %ecx
	cmpl $2048, %ecx
	jb 2b
	ret

	.code64
start64:
	movw $BOOT_DS, %ax
	movw %ax, %ds
	movw %ax, %es
	movw %ax, %ss
	xorw %ax, %ax
	movw %ax, %fs
	movw %ax, %gs
	movq $boot_stack_top, %rsp
	xorl %ebp, %ebp
	movl boot_magic, %edi
	movl boot_info, %esi
	call mem_check_image
	movq $_bss_early_end, %rdi
	movq $_bss_end, %rcx
	subq %rdi, %rcx
	xorl %eax, %eax
	rep stosb
	movl boot_magic, %edi
	movl boot_info, %esi
	call kmain
1:	cli
	hlt
	jmp 1b

	.section .rodata
msg_no_lm:
	.asciz "irqbench: this CPU has no long mode (CPUID 0x80000001 EDX.LM); irqbench needs x86-64\r\n"

	/* Temporary GDT: a 64-bit code and a data segment (SDM 3.4.5). */
	.align 8
boot_gdt:
	.quad 0
	.quad 0x00af9a000000ffff	/* 0x08: code, 64-bit (L=1), DPL 0 */
	.quad 0x00cf92000000ffff	/* 0x10: data, DPL 0 */
boot_gdt_end:
boot_gdt_ptr:
	.short boot_gdt_end - boot_gdt - 1
	.long boot_gdt

	.data
	.global boot_magic, boot_info
boot_magic:
	.long 0
boot_info:
	.long 0

	.section .bss.early, "aw", @nobits
	.align 4096
boot_pml4:
	.space 4096
boot_pdpt:
	.space 4096
boot_pd:
	.space 4 * 4096
	.align 16
	.global boot_stack_top
boot_stack:
	.space BOOT_STACK_SIZE
boot_stack_top:
