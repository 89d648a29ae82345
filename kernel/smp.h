/*
 * Every CPU online: AP start-up with INIT-SIPI-SIPI, and running a function
 * on a chosen CPU, with bounded waits.
 */
#ifndef SMP_H
#define SMP_H

#include <stdbool.h>
#include <stdint.h>

#include "bootdefs.h"
#include "cmdline.h"

/* Shared with boot/trampoline.S (offsets TP_* in bootdefs.h). */
struct trampoline_params {
	uint64_t cr3;
	uint64_t stack;
	uint64_t entry;
	uint64_t cpu;
};
_Static_assert(__builtin_offsetof(struct trampoline_params, cr3) == TP_CR3, "trampoline.S");
_Static_assert(__builtin_offsetof(struct trampoline_params, stack) == TP_STACK, "trampoline.S");
_Static_assert(__builtin_offsetof(struct trampoline_params, entry) == TP_ENTRY, "trampoline.S");
_Static_assert(__builtin_offsetof(struct trampoline_params, cpu) == TP_CPU, "trampoline.S");
_Static_assert(sizeof(struct trampoline_params) == TP_SIZE, "trampoline.S");

/* Start the CPUs whose APIC IDs are listed (the BSP's own ID is skipped).
 * CPUs that do not come up are named on the console and stay offline. */
void smp_start_aps(const uint32_t *apic_ids, unsigned n, uint32_t inject);
unsigned smp_cpus_expected(void);
unsigned smp_cpus_online(void);

/* Post fn(arg) to an online CPU (another one: the caller must not post to
 * itself) and return at once; smp_wait() bounds the wait for it to finish. */
void smp_post(unsigned cpu, void (*fn)(void *), void *arg);
bool smp_wait(unsigned cpu, uint64_t timeout_us);
/* Run fn(arg) on cpu and wait: directly when cpu is the caller's own.
 * A CPU that does not finish in time ends the run with EXIT_TIMEOUT. */
void smp_run_on(unsigned cpu, void (*fn)(void *), void *arg, uint64_t timeout_us);
/* A generous bound for short calls (under nested virtualization, a few
 * thousand instructions take milliseconds). */
#define SMP_CALL_TIMEOUT_US 2000000

/* Run cpu_record_self on every online CPU and check what each reports. */
void smp_check_cpus(void);
/* A CPU the command line names (named_by: "cpus=", "pairs= pair 0:5")
 * must exist, be online and be selected by cpus=: else the run ends with
 * EXIT_CMDLINE, naming it and why. */
void smp_require_named_cpu(const struct cmdline *c, unsigned cpu, const char *named_by);
/* Every CPU cpus= names (unless it says all) through smp_require_named_cpu. */
void smp_check_selection(const struct cmdline *c);
/* The online CPUs that cpus= selects, in index order, into sel (room for
 * MAX_CPUS); returns how many. */
unsigned smp_selected_cpus(const struct cmdline *c, unsigned *sel);

/* Halt every other CPU (NMI, all but self); they stop in trap_dispatch. */
void smp_stop_others(void);
bool smp_stopping(void);

/* The `cpus` table. */
void smp_emit_cpus(void);

#endif
