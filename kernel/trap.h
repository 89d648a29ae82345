/*
 * Interrupt and exception dispatch: which gate each vector gets, what runs
 * when it fires, and the report when nothing should have fired.
 */
#ifndef TRAP_H
#define TRAP_H

#include <stdint.h>

#include "desc.h"
#include "vectors.h"

/* Exception vectors (SDM Vol. 3A 6.3.1, table 6-1). */
enum {
	VEC_DE = 0, VEC_DB = 1, VEC_NMI = 2, VEC_BP = 3, VEC_OF = 4,
	VEC_BR = 5, VEC_UD = 6, VEC_NM = 7, VEC_DF = 8, VEC_TS = 10,
	VEC_NP = 11, VEC_SS = 12, VEC_GP = 13, VEC_PF = 14, VEC_MF = 16,
	VEC_AC = 17, VEC_MC = 18, VEC_XM = 19, VEC_VE = 20, VEC_CP = 21,
	VEC_FIRST_EXTERNAL = 32,
};

/*
 * Built by kernel/vectors.S; field order is its push order (used by
 * vectors.S). The stub saves RDX and RAX above the vector (a timestamped
 * stub must free them for RDTSC first) and stores the TSC as RDTSC returns
 * it, EDX:EAX, zero for a vector that is not timestamped.
 */
struct trap_frame {
	uint64_t r15, r14, r13, r12, r11, r10, r9, r8;
	uint64_t rbp, rdi, rsi, rcx, rbx;
	uint64_t tsc_lo, tsc_hi;
	uint64_t vector;
	uint64_t rax, rdx;
	uint64_t error_code;
	/* pushed by the CPU (SDM 6.14.2, figure 6-9) */
	uint64_t rip, cs, rflags, rsp, ss;
};
_Static_assert(__builtin_offsetof(struct trap_frame, tsc_lo) == 13 * 8, "vectors.S push order");
_Static_assert(__builtin_offsetof(struct trap_frame, vector) == 15 * 8, "vectors.S push order");
_Static_assert(__builtin_offsetof(struct trap_frame, rax) == 16 * 8, "vectors.S push order");
_Static_assert(__builtin_offsetof(struct trap_frame, error_code) == 18 * 8, "vectors.S push order");
_Static_assert(sizeof(struct trap_frame) == 24 * 8, "vectors.S frame size (a multiple of 16)");
_Static_assert(VEC_NMI == VECTOR_NMI, "vectors.h");

/* The TSC the entry stub of a TRAP_TIMESTAMPED vector read (vectors.h):
 * its first act after the CPU delivered the event. */
static inline uint64_t trap_entry_tsc(const struct trap_frame *f)
{
	return f->tsc_hi << 32 | f->tsc_lo;
}

typedef void (*trap_handler_fn)(struct trap_frame *f);

void trap_fill_idt(struct idt_gate idt[256]);
/* name is what idt.csv shows as the vector's C handler. */
void trap_set_handler(unsigned vector, trap_handler_fn fn, const char *name);
/* The same, for a handler that reads trap_entry_tsc(): vector must be
 * TRAP_TIMESTAMPED (checked). */
void trap_set_timed_handler(unsigned vector, trap_handler_fn fn, const char *name);
const char *trap_handler_name(unsigned vector);
const char *trap_mnemonic(unsigned vector);
const char *trap_name(unsigned vector);

struct cpu;
/* The `idt` table: CPU 0's IDT in full, then the gates of CPUs 1..n_cpus-1
 * (online ones) that differ from CPU 0's. */
void trap_emit_idt(unsigned n_cpus);
/* How many of c's gates differ from CPU 0's (0 for CPU 0). */
unsigned trap_idt_differences(const struct cpu *c);
/* Replace one gate of c's IDT (benchmarks measuring gate kinds), and put
 * the policy gate back. c may be another CPU's, if that CPU cannot take
 * the vector meanwhile. */
void trap_set_gate(struct cpu *c, unsigned vector, uint64_t handler, enum gate_type type,
		   unsigned dpl, unsigned ist);
void trap_reset_gate(struct cpu *c, unsigned vector);

/* RDMSR that returns -1 instead of stopping the machine when the MSR does
 * not exist (#GP), else 0 with *value set; fixup.S, dispatched by trap.c. */
int rdmsr_safe(uint32_t msr, uint64_t *value);

/* Print the bugcheck-style report of f (CPU, vector, decoded error code,
 * registers, raw stack); why says what was wrong about it. */
void trap_report(const struct trap_frame *f, const char *why);

#endif
