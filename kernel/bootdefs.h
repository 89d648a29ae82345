/*
 * Constants shared by assembly (boot/entry.S) and C. Only #defines: this
 * header is included from .S files.
 */
#ifndef BOOTDEFS_H
#define BOOTDEFS_H

/* Multiboot1 spec 0.6.96, 3.1.1 and 3.2. */
#define MB1_HEADER_MAGIC 0x1BADB002
#define MB1_BOOT_MAGIC 0x2BADB002
#define MB1_FLAG_MEMINFO (1 << 1)
#define MB1_FLAG_ADDRESS (1 << 16)
#define MB1_FLAGS (MB1_FLAG_MEMINFO | MB1_FLAG_ADDRESS)

/* Multiboot2 spec 2.0, 3.1.1 and 3.6. */
#define MB2_HEADER_MAGIC 0xE85250D6
#define MB2_BOOT_MAGIC 0x36D76289
#define MB2_TAG_CMDLINE 1
#define MB2_TAG_LOADER_NAME 2
#define MB2_TAG_MMAP 6
#define MB2_TAG_FRAMEBUFFER 8
#define MB2_TAG_ACPI_OLD 14
#define MB2_TAG_ACPI_NEW 15
/* Header tags (3.1.10) and their "optional" flag (3.1.3). */
#define MB2_HEADER_TAG_FRAMEBUFFER 5
#define MB2_HEADER_TAG_OPTIONAL 1

/* Control registers and EFER (SDM Vol. 3A 2.5, 2.2.1). */
#define CR0_PE (1 << 0)
#define CR0_WP (1 << 16)
#define CR0_PG (1 << 31)
#define CR4_PAE (1 << 5)
#define MSR_EFER 0xC0000080
#define EFER_LME (1 << 8)

/* Page-table entry bits (SDM Vol. 3A 4.5, tables 4-15 to 4-20). */
#define PTE_P (1 << 0)
#define PTE_W (1 << 1)
#define PTE_U (1 << 2)
#define PTE_PWT (1 << 3)
#define PTE_PCD (1 << 4)
#define PTE_PS (1 << 7)

#define BOOT_CS64 0x08
#define BOOT_DS 0x10
#define BOOT_STACK_SIZE 16384

/* The AP trampoline (boot/trampoline.S) runs at this page below 1 MiB; the
 * SIPI vector is its page number (SDM Vol. 3A 8.4.4.1, 10.6.1). */
#define TRAMPOLINE_ADDR 0x8000
/* struct trampoline_params field offsets (kernel/smp.h). */
#define TP_CR3 0
#define TP_STACK 8
#define TP_ENTRY 16
#define TP_CPU 24
#define TP_SIZE 32

/* The PC COM ports' conventional I/O bases. */
#define COM1_PORT 0x3F8
#define COM2_PORT 0x2F8
#define COM3_PORT 0x3E8
#define COM4_PORT 0x2E8
/* QEMU isa-debugcon's default iobase: where debugcon=auto looks. */
#define DEBUGCON_PORT_DEFAULT 0xE9
/* QEMU isa-debug-exit: the process exits with (value << 1) | 1. */
#define DEBUG_EXIT_PORT 0xF4

/* Exit codes written to DEBUG_EXIT_PORT; docs/exit-codes.md. */
#define EXIT_OK 0
#define EXIT_PANIC 1
#define EXIT_CMDLINE 2
#define EXIT_BOOT 3
#define EXIT_CHECK 4
#define EXIT_TIMEOUT 5

#endif
