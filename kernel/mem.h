/*
 * Memory for sample buffers: a bump allocator over the largest available
 * range the boot loader's memory map reports above the kernel image and
 * below 4 GiB (the identity map). Nothing is ever freed during a run.
 */
#ifndef MEM_H
#define MEM_H

#include <stddef.h>
#include <stdint.h>

#include "bootinfo.h"

/* Called by boot/entry.S before the rest of .bss is cleared: stops the
 * run (exit code 3) when the Multiboot memory map does not give available
 * memory from the image's start to the end of its .bss, naming the
 * minimum and what it found. */
void mem_check_image(uint32_t magic, uint32_t info);
/* Name the firmware-kept RAM (ACPI NVS, reclaimable) that the image and
 * .bss overlap, which clearing .bss overwrote: OVMF keeps NVS pages at
 * 8 MiB. mem_check_image lets them pass, since RAM is there. */
void mem_report_firmware_overlap(const struct bootinfo *bi);
/* Returns NULL or why there is no usable memory. */
const char *mem_init(const struct bootinfo *bi);
/* Bytes still available. */
uint64_t mem_available(void);
/* 64-byte aligned, zeroed (which also touches every page before any timed
 * code runs). Ends the run with a clear message when it does not fit:
 * callers check mem_available() first where the size comes from the user. */
void *mem_alloc(uint64_t bytes, const char *what);
/* Start a new allocation phase: everything allocated since the last mark
 * is given back (benchmarks reuse the same memory one after another). */
uint64_t mem_mark(void);
void mem_release(uint64_t mark);

#endif
