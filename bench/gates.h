/* Gate and exception entry costs (bench=gates); docs/gates.md. */
#ifndef GATES_H
#define GATES_H

/* For bench/gates_probes.S (checked in gates.c). */
#define GATES_VECTOR_NUM 0xC0		/* GATES_VECTOR, trap.h */
#define GATES_PERCPU_STUBS 256		/* MAX_CPUS, cpu.h */
#define GATES_NO_ERROR (-1)		/* error_code when the CPU pushes none */
/* Lengths of the faulting instructions the timed stubs step over. */
#define GATES_UD2_LEN 2			/* ud2 */
#define GATES_DIV_LEN 2			/* divl %ecx */
#define GATES_LOAD_LEN 3		/* movq (%rdi), %r9 */
/* struct gates_seen */
#define GATES_SEEN_HITS 0
#define GATES_SEEN_VECTOR 8
#define GATES_SEEN_HANDLER_RFLAGS 16
#define GATES_SEEN_FRAME 24
#define GATES_SEEN_ERROR 32
#define GATES_SEEN_RIP 40
#define GATES_SEEN_CS 48
#define GATES_SEEN_RFLAGS 56
#define GATES_SEEN_RSP 64
#define GATES_SEEN_SS 72
#define GATES_SEEN_CR2 80
#define GATES_SEEN_HANDLER 88
#define GATES_SEEN_RESUME 96

#ifndef __ASSEMBLER__
#include <stdint.h>

#include "cmdline.h"
#include "plan.h"

/* What a recording handler saw (gates_probes.S writes it; the checks read
 * it after the probe returned). Timed handlers record nothing. */
struct gates_seen {
	uint64_t hits;
	uint64_t vector;		/* of the recording stub that ran */
	uint64_t handler_rflags;	/* RFLAGS inside the handler */
	uint64_t frame;			/* address of the CPU's frame */
	uint64_t error_code;		/* GATES_NO_ERROR if none pushed */
	uint64_t rip, cs, rflags, rsp, ss;	/* the frame (SDM 6.14.2) */
	uint64_t cr2;
	uint64_t handler;		/* per-CPU stub n writes n */
	uint64_t resume;		/* in: where to resume, 0 as saved */
};

#define GATES_VARIANTS 17
extern const struct bench_variant gates_variants[GATES_VARIANTS];
/* IST stacks and the per-CPU IDT check before the first series; the
 * stacks taken back after the last. */
void gates_begin(const struct cmdline *c);
void gates_end(void);
/* The most sample memory the benchmark holds at once (struct bench.need). */
uint64_t gates_need(const struct cmdline *c, unsigned n_sel, unsigned n_cpus);
#endif

#endif
