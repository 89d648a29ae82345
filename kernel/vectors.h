/*
 * The vectors irqbench allocates, and which of them get a timestamped entry
 * stub. Only #defines: kernel/vectors.S includes this header.
 */
#ifndef VECTORS_H
#define VECTORS_H

#define VECTOR_NMI 2		/* SDM Vol. 3A 6.3.1, table 6-1 (trap.h: VEC_NMI) */

/* Vectors irqbench allocates (0x20-0x2F belong to the remapped 8259s). The
 * LAPIC spurious vector is 0xFF (lapic.h). */
#define SELFTEST_ICR_VECTOR 0xA0	/* kernel/selftest.c: the icr_if self IPI */
#define IOAPIC_UART_VECTOR 0xB0		/* bench/ioapic_bench.c: one vector per source */
#define IOAPIC_PIT_VECTOR 0xB1
#define IOAPIC_RTC_VECTOR 0xB2
#define IOAPIC_HPET_VECTOR 0xB3
#define IOAPIC_SCRATCH_VECTOR 0xB4	/* the unused pin of the register-cost variants */
#define IOAPIC_PONG_VECTOR 0xB5		/* retarget round trip: the receiver's IPI back */
#define IOAPIC_TIMEOUT_VECTOR 0xB6	/* the LAPIC timer bounding its waits */
#define GATES_VECTOR 0xC0		/* bench/gates.c: int n; the gate kind varies */
#define TIMER_BENCH_VECTOR 0xD0		/* bench/timer.c */
#define IPI_PING_VECTOR 0xE0		/* bench/ipi.c */
#define IPI_PONG_VECTOR 0xE1
#define IPI_SELF_VECTOR 0xE2
#define IPI_BCAST_VECTOR 0xE3
#define IPI_SINK_VECTOR 0xE4
#define SMP_WAKE_VECTOR 0xF0
#define LAPIC_ERROR_VECTOR 0xFE

/*
 * The table of timestamped vectors: the interrupts whose arrival a
 * benchmark measures. Their stubs read the TSC before anything else
 * (vectors.S) and the handler finds the reading in the frame
 * (trap_entry_tsc()), so a figure does not include the register saves and
 * the dispatch. None of them may be a vector with an error code.
 */
#define TRAP_TIMESTAMPED(v) \
	((v) == VECTOR_NMI || \
	 (v) == IOAPIC_UART_VECTOR || (v) == IOAPIC_PIT_VECTOR || \
	 (v) == IOAPIC_RTC_VECTOR || (v) == IOAPIC_HPET_VECTOR || (v) == IOAPIC_PONG_VECTOR || \
	 (v) == TIMER_BENCH_VECTOR || \
	 (v) == IPI_PING_VECTOR || (v) == IPI_PONG_VECTOR || (v) == IPI_SELF_VECTOR || \
	 (v) == IPI_BCAST_VECTOR)

#endif
