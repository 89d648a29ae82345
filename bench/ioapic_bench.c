/*
 * IOAPIC redirection cost (82093AA I/O APIC data sheet 3.2; SDM Vol. 3A
 * 10.8-10.9 for the LAPIC side of delivery and EOI). Variants, in cycles:
 *   rte_read, rte_write   a whole redirection entry, both halves through
 *                         IOREGSEL/IOWIN, on an unused, masked pin;
 *   mask, unmask,         one register write each (the mask bit; the
 *   retarget              destination), on the same pin;
 *   deliver_SRC           a device interrupt routed through the IOAPIC, from
 *                         its trigger instant to the handler's first TSC
 *                         read, on the CPU the entry names (edge, fixed,
 *                         physical); with _level, _directed (level-triggered,
 *                         EOI by LAPIC broadcast or by the IOAPIC's EOI
 *                         register), _logical, _lowest, _lowest_logical;
 *   eoi_SRC, eoi_level_SRC, eoi_directed_SRC  the handler's EOI sequence;
 *   masked_edge_SRC       trigger while masked: nothing may arrive, not
 *                         even at unmask (edges on a masked pin are
 *                         dropped, 82093AA 3.2.4); then a new edge, timed;
 *   masked_level_SRC      assert while masked: nothing may arrive; then
 *                         unmask to handler (a level still asserted is
 *                         delivered at unmask);
 *   retarget_deliver_SRC, retarget_roundtrip_SRC  for every ordered pair
 *                         (a, b): a moves the entry to b, triggers, and
 *                         times b's handler (one-way, invariant TSC only)
 *                         and b's IPI back (round trip on a's TSC);
 *   period_jitter_rtc     the RTC's interval between interrupts minus its
 *                         period: the RTC has no trigger instant.
 * Sources: the UART's transmitter-empty interrupt (COM1, IRQ 4), the PIT
 * (channel 0, IRQ 0), the RTC (IRQ 8) and HPET timer 0; how each one's
 * trigger instant is defined is in docs/ioapic-bench.md. Every interrupt
 * is accounted for: each trigger carries a sequence number, one that does
 * not arrive within ARRIVAL_TIMEOUT_US is a lost sample, and an interrupt
 * nothing waited for, one on a CPU the entry does not name, or one while
 * masked fails its series. Every entry touched is left masked, and every
 * device as it was found.
 */
#include "ioapic_bench.h"

#include "bench.h"
#include "console.h"
#include "cpu.h"
#include "firmware.h"
#include "fmt.h"
#include "frame.h"
#include "hpet.h"
#include "ioapic.h"
#include "lapic.h"
#include "mem.h"
#include "memsize.h"
#include "panic.h"
#include "pit.h"
#include "rtc.h"
#include "serial.h"
#include "smp.h"
#include "trap.h"
#include "tsc.h"
#include "tscsync.h"
#include "x86.h"

#define RAW_COLUMNS "bench,variant,source,gsi,src_cpu,dst_cpu,seq,cycles"
#define ARRIVAL_TIMEOUT_US 100000
#define MAX_CONSECUTIVE_LOST 10
/* How long a masked entry is watched for an interrupt it must not deliver
 * (after its source is surely asserted): far beyond any delivery seen,
 * ~0.1 ms under nested KVM, ~20 us under TCG. */
#define MASK_WINDOW_US 2000
#define READY_TIMEOUT_US 2000000
#define SOURCE_SETTLE_US 2000
#define PIT_ONESHOT_TICKS 1
/* Far longer than one tick takes to be seen, even under a loaded TCG. */
#define PIT_SETTLE_US 10000
#define RTC_RATE RTC_RATE_1024HZ
/* The HPET comparator is armed this many times the slowest counter read
 * plus comparator write seen ahead, and at least HPET_MIN_LEAD_NS: a
 * comparator the counter has already passed fires only after a wrap. */
#define HPET_LEAD_FACTOR 4
#define HPET_LEAD_PROBES 8
#define HPET_MIN_LEAD_NS 20000
#define NO_PONG 0xFFFFFFFFu

#define NEEDS_TWO_CPUS "needs at least two selected online CPUs"

/* ---- interrupt sources ---- */

struct source {
	const char *name;	/* the `source` column and the variants' suffix */
	uint8_t vector;
	int isa_irq;		/* -1: the HPET, whose LegacyReplacement GSI the spec fixes */
	const char *no_instant;	/* why no CPU action starts it, or NULL */
	const char *no_level;	/* why it has no level-triggered variants, or NULL */
	/* Set by sources_probe. */
	const char *absent;
	uint32_t gsi;
	uint16_t flags;		/* MPS INTI polarity of the GSI */
	const struct ioapic *io;
	unsigned pin;
	/* begin/end bracket a series (entry masked); begin returns how soon
	 * after trigger() the line is surely asserted, in us. trigger() raises
	 * the interrupt and returns the TSC of its trigger instant (0: could
	 * not); ack() deasserts the line from the handler (level entries, and
	 * the RTC's flag); settle() readies the source for the next trigger,
	 * after every successful one. probe() returns why it is absent. */
	const char *(*probe)(void);
	uint64_t (*begin)(bool level);
	uint64_t (*trigger)(void);
	void (*ack)(void);
	void (*settle)(bool arrived);
	void (*end)(void);
	/* Level sources that can tell their line is asserted, or NULL. */
	bool (*asserted)(void);
	/* Its deliveries: latencies from a trigger instant its own clock
	 * sets (a time converted to TSC cycles) to the handler's TSC. */
	struct sample_rule latency;
};

/* A delivery timed from a TSC read on the CPU that triggers it. */
#define LATENCY_ON(clk) { SAMPLE_LATENCY, 0, clk }
/* The handler's EOI and masked_level's unmask are timed on the TSC alone. */
static const struct sample_rule tsc_cost = { SAMPLE_COST, 0, 0 };
static const struct sample_rule tsc_latency = { SAMPLE_LATENCY, 0, 0 };

/* UART: IER's transmitter-empty enable, with the THR empty, asserts INTR
 * during that port write; the console lock keeps output out meanwhile. */
static const char *uart_probe(void)
{
	if (!serial_present())
		return "no 16550 UART answers at the console port (scratch register test)";
	if (serial_isa_irq() < 0)
		return "the console UART is not at a COM port whose ISA IRQ the PC convention fixes";
	return 0;
}

static uint64_t uart_begin(bool level)
{
	(void)level;
	return 0;
}

static uint64_t uart_trigger(void)
{
	console_lock();
	if (!serial_txirq_prepare()) {
		console_unlock();
		return 0;
	}
	uint64_t t = tsc_start();
	serial_txirq_enable();
	return t;
}

static void uart_settle(bool arrived)
{
	(void)arrived;
	serial_txirq_disable();
	console_unlock();
}

static void uart_end(void)
{
}

/* PIT: channel 0 in mode 0; one port write loads the count, drops OUT0,
 * and OUT0 rises PIT_ONESHOT_TICKS periods later (one more on hardware,
 * where the count loads on the next input clock). The channel is taken
 * once, when the benchmark starts, and given back when it ends: between
 * series it sits expired, OUT0 high, and raises nothing. */
static struct pit_ch0_saved pit_saved;
static uint64_t pit_oneshot_cycles;

static const char *pit_probe(void)
{
	if (!tsc_info()->pit_hz)
		return "no PIT: channel 2 never counted down during TSC calibration";
	if (!pit_ch0_save(&pit_saved))
		return "no 8254 answers the read-back command";
	pit_oneshot_cycles = tsc_ns_to_cycles(PIT_ONESHOT_TICKS * 1000000000ull / PIT_HZ);
	/* End whatever count the firmware left running (every entry is
	 * masked), and see OUT0 rise. */
	pit_ch0_oneshot_mode();
	pit_ch0_oneshot(PIT_ONESHOT_TICKS);
	uint64_t deadline = tsc_deadline_us(PIT_SETTLE_US);
	while (!pit_ch0_out() && !tsc_passed(deadline))
		cpu_relax();
	return 0;
}

/* One tick (838 ns) rounded up. */
static uint64_t pit_begin(bool level)
{
	(void)level;
	return 1;
}

static uint64_t pit_trigger(void)
{
	uint64_t t = tsc_start();

	pit_ch0_oneshot(PIT_ONESHOT_TICKS);
	return t + pit_oneshot_cycles;
}

static void pit_settle(bool arrived)
{
	(void)arrived;
}

static void pit_end(void)
{
}

/* RTC: only the periodic interrupt can be had fast enough, and its phase
 * is the divider chain's: trigger() turns it on, and the line rises at the
 * next period, at most one period later. */
static struct rtc_saved rtc_saved;

static const char *rtc_probe(void)
{
	const struct platform_fadt *fadt = &firmware_platform()->fadt;

	if (fadt->present && fadt->boot_arch_valid &&
	    (fadt->iapc_boot_arch & IAPC_BOOT_ARCH_CMOS_RTC_NOT_PRESENT))
		return "the FADT says there is no CMOS RTC (IAPC_BOOT_ARCH bit 5)";
	if (!rtc_save(&rtc_saved))
		return "no RTC answers at ports 0x70/0x71";
	return 0;
}

/* Two periods: the first may end just after PIE is set. */
static uint64_t rtc_begin(bool level)
{
	(void)level;
	return 2 * 1000000ull / rtc_periodic_hz(RTC_RATE);
}

static uint64_t rtc_trigger(void)
{
	uint64_t t = tsc_start();

	rtc_periodic_start(RTC_RATE);
	return t;
}

static void rtc_ack_irq(void)
{
	rtc_ack();
}

static void rtc_settle(bool arrived)
{
	(void)arrived;
	rtc_periodic_stop();
	rtc_ack();
}

static void rtc_end(void)
{
	rtc_restore(&rtc_saved);
}

/* HPET: the trigger instant is the TSC read just before the main counter
 * read, plus the comparator's lead over that reading. */
static struct hpet_saved hpet_saved, hpet_found;
static uint32_t hpet_lead_ticks;
static uint64_t hpet_lead_cycles;
static bool hpet_level;

static const char *hpet_probe(void)
{
	const char *why = hpet_init(&firmware_platform()->hpet);

	if (!why)
		hpet_save(&hpet_found);
	return why;
}

/* The lead: how long arming takes here, with a wide margin. */
static void hpet_measure_lead(void)
{
	uint64_t worst = 0;

	for (unsigned i = 0; i < HPET_LEAD_PROBES; i++) {
		uint64_t t0 = tsc_start();
		hpet_park_comparator();
		uint64_t c = tsc_stop() - t0;
		worst = c > worst ? c : worst;
	}
	uint64_t ns = tsc_cycles_to_ns(worst) * HPET_LEAD_FACTOR;
	ns = ns < HPET_MIN_LEAD_NS ? HPET_MIN_LEAD_NS : ns;
	hpet_lead_ticks = (uint32_t)(ns * 1000000 / hpet_period_fs() + 1);
	hpet_lead_cycles = tsc_ns_to_cycles(hpet_ticks_to_ns(hpet_lead_ticks));
}

static uint64_t hpet_begin(bool level)
{
	hpet_level = level;
	hpet_save(&hpet_saved);
	hpet_oneshot_setup(level);
	hpet_measure_lead();
	hpet_timer0_irq_enable();
	return tsc_cycles_to_ns(hpet_lead_cycles) / 1000 + 1;
}

/* A 32-bit one-shot armed across the counter's wrap also fires at the wrap
 * (QEMU models it so): wait for the wrap first. */
static uint64_t hpet_trigger(void)
{
	uint64_t t = tsc_start();
	uint32_t now = hpet_read_counter();

	if (now + hpet_lead_ticks < now) {
		while (hpet_read_counter() >= now)
			cpu_relax();
		t = tsc_start();
		now = hpet_read_counter();
	}
	hpet_set_comparator(now + hpet_lead_ticks);
	return t + hpet_lead_cycles;
}

static void hpet_ack_irq(void)
{
	hpet_timer0_ack();
}

/* Edge mode has no status to clear (spec 2.3.6: software writes 0 there);
 * a comparator that never fired is parked. */
static void hpet_settle(bool arrived)
{
	if (!arrived)
		hpet_park_comparator();
	if (hpet_level)
		hpet_timer0_ack();
}

static void hpet_end(void)
{
	hpet_restore(&hpet_saved);
}

enum { SRC_UART, SRC_PIT, SRC_RTC, SRC_HPET, N_SOURCES };

static struct source sources[N_SOURCES] = {
	[SRC_UART] = { .name = "uart", .vector = IOAPIC_UART_VECTOR, .isa_irq = -1,
		       .probe = uart_probe, .begin = uart_begin, .trigger = uart_trigger,
		       .ack = serial_txirq_ack, .settle = uart_settle, .end = uart_end,
		       .latency = LATENCY_ON(0) },
	[SRC_PIT] = { .name = "pit", .vector = IOAPIC_PIT_VECTOR, .isa_irq = PIT_ISA_IRQ,
		      .no_level = "8254 OUT0 stays high after terminal count until the channel is "
				  "reprogrammed: no acknowledge that deasserts it (edge only)",
		      .probe = pit_probe, .begin = pit_begin, .trigger = pit_trigger,
		      .settle = pit_settle, .end = pit_end,
		      .latency = LATENCY_ON("the PIT (its one-shot time converted to TSC cycles) and the TSC") },
	[SRC_RTC] = { .name = "rtc", .vector = IOAPIC_RTC_VECTOR, .isa_irq = RTC_ISA_IRQ,
		      .no_instant = "the RTC's periodic interrupt is timed by its own divider chain: "
				    "no CPU action starts it (see period_jitter_rtc)",
		      .probe = rtc_probe, .begin = rtc_begin, .trigger = rtc_trigger,
		      .ack = rtc_ack_irq, .settle = rtc_settle, .end = rtc_end,
		      .latency = LATENCY_ON("the RTC and the TSC") },
	[SRC_HPET] = { .name = "hpet", .vector = IOAPIC_HPET_VECTOR, .isa_irq = -1,
		       .probe = hpet_probe, .begin = hpet_begin, .trigger = hpet_trigger,
		       .ack = hpet_ack_irq, .settle = hpet_settle, .end = hpet_end,
		       .asserted = hpet_timer0_pending,
		       .latency = LATENCY_ON("the HPET comparator and the TSC") },
};

static const char *source_route(struct source *s)
{
	const struct platform *p = firmware_platform();

	s->flags = MPS_INTI_ACTIVE_HIGH;
	if (s->isa_irq >= 0 && platform_isa_irq_to_gsi(p, (unsigned)s->isa_irq, &s->gsi, &s->flags) < 0)
		return "its ISA IRQ has no GSI: another IRQ's override takes it";
	if (s->isa_irq < 0)
		s->gsi = HPET_LEGACY_TIMER0_GSI;
	if (!ioapic_find_gsi(s->gsi, &s->io, &s->pin))
		return "its GSI is on no I/O APIC";
	return 0;
}

static void sources_probe(void)
{
	sources[SRC_UART].isa_irq = serial_isa_irq();
	for (unsigned i = 0; i < N_SOURCES; i++) {
		struct source *s = &sources[i];
		s->absent = s->probe();
		if (!s->absent)
			s->absent = source_route(s);
	}
}

/* ---- routes: how an entry delivers ---- */

enum eoi_kind { EOI_LAPIC, EOI_BROADCAST, EOI_DIRECTED };

enum kind { KIND_DELIVER, KIND_MASKED_EDGE, KIND_MASKED_LEVEL };

struct variant {
	const char *name, *eoi_name;
	enum kind kind;
	bool level, lowest, logical;
	enum eoi_kind eoi;
};

static const struct variant variants[] = {
	{ "deliver", "eoi", KIND_DELIVER, false, false, false, EOI_LAPIC },
	{ "deliver_level", "eoi_level", KIND_DELIVER, true, false, false, EOI_BROADCAST },
	{ "deliver_directed", "eoi_directed", KIND_DELIVER, true, false, false, EOI_DIRECTED },
	{ "deliver_logical", 0, KIND_DELIVER, false, false, true, EOI_LAPIC },
	{ "deliver_lowest", 0, KIND_DELIVER, false, true, false, EOI_LAPIC },
	{ "deliver_lowest_logical", 0, KIND_DELIVER, false, true, true, EOI_LAPIC },
	{ "masked_edge", 0, KIND_MASKED_EDGE, false, false, false, EOI_LAPIC },
	{ "masked_level", 0, KIND_MASKED_LEVEL, true, false, false, EOI_BROADCAST },
};
#define N_VARIANTS (sizeof(variants) / sizeof(variants[0]))

static uint64_t rte_make(const struct source *s, const struct variant *v, uint8_t dest)
{
	uint64_t rte = s->vector | IOAPIC_RTE_MASKED | (uint64_t)dest << IOAPIC_RTE_DEST_SHIFT;

	if (v->lowest)
		rte |= IOAPIC_RTE_DM_LOWEST;
	if (v->logical)
		rte |= IOAPIC_RTE_DEST_LOGICAL;
	if (v->level)
		rte |= IOAPIC_RTE_LEVEL;
	if ((s->flags & MPS_INTI_POLARITY_MASK) == MPS_INTI_ACTIVE_LOW)
		rte |= IOAPIC_RTE_ACTIVE_LOW;
	return rte;
}

/* Directed EOI needs both ends: a LAPIC that can suppress its EOI
 * broadcast and an IOAPIC with the EOI register. */
static const char *directed_eoi_missing(const struct ioapic *io)
{
	if (!lapic_can_suppress_eoi_broadcast())
		return "the LAPIC cannot suppress EOI broadcasts (VER bit 24 is 0): no directed EOI";
	if (!ioapic_has_eoi(io))
		return "the I/O APIC has no EOI register (version below 0x20): no directed EOI";
	return 0;
}

/* ---- the exchange with the handlers ---- */

/* What an arrival means: a sample (NONE), a failure (MASKED: the entry is
 * masked; UNMASKED: it was masked when its source fired), or nothing
 * (SETUP: whatever a source's setup left in flight, let through once). */
enum window { WINDOW_NONE, WINDOW_MASKED, WINDOW_UNMASKED, WINDOW_SETUP };

static struct exchange {
	struct source *src;
	const struct ioapic *io;
	unsigned pin;
	uint64_t rte;		/* the entry as last written */
	enum eoi_kind eoi;
	bool ack_in_handler, mask_in_handler, free_running;
	unsigned expect_cpu;
	uint32_t pong_apic;	/* NO_PONG, or whom the handler answers */
	volatile uint32_t armed;	/* the awaited trigger's sequence number, 0: none */
	volatile uint32_t got_seq, pong_seq;
	volatile uint64_t t_recv, t_pong, eoi_cycles;
	volatile uint32_t window;
	volatile uint32_t stray, wrong_cpu, wrong_vector, masked_hits, held_hits, pong_wrong_cpu;
	volatile uint32_t setup_hits;
	/* The first arrival that was not a sample, for the failure report. */
	volatile uint32_t odd_seen, odd_cpu, odd_vector, odd_window, odd_armed, odd_got;
	volatile int64_t odd_after_trigger;
	volatile uint64_t t_trigger;
	volatile uint32_t ready, stop;
} ex;

static volatile uint32_t scratch_hits;

static void eoi(void)
{
	lapic_eoi();
	if (ex.eoi == EOI_DIRECTED)
		ioapic_eoi(ex.io, ex.src->vector);
}

static void note_odd(unsigned vector, uint64_t t)
{
	if (ex.odd_seen++)
		return;
	ex.odd_cpu = this_cpu()->index;
	ex.odd_vector = vector;
	ex.odd_window = ex.window;
	ex.odd_armed = ex.armed;
	ex.odd_got = ex.got_seq;
	ex.odd_after_trigger = tsc_delta(ex.t_trigger, t);
}

/* The time is the entry stub's (a TRAP_TIMESTAMPED vector); then whatever
 * deasserts a level line, before the EOI that lets the IOAPIC look at the
 * line again. */
static void on_source(struct trap_frame *f)
{
	uint64_t t = trap_entry_tsc(f);
	uint32_t seq = ex.free_running ? ex.got_seq + 1 : ex.armed;
	bool setup = ex.window == WINDOW_SETUP;

	if (!ex.src || f->vector != ex.src->vector)
		ex.wrong_vector++;
	if (!setup && this_cpu()->index != ex.expect_cpu)
		ex.wrong_cpu++;
	if (!setup && (!seq || ex.window != WINDOW_NONE || this_cpu()->index != ex.expect_cpu))
		note_odd((unsigned)f->vector, t);
	if (ex.window == WINDOW_MASKED)
		ex.masked_hits++;
	else if (ex.window == WINDOW_UNMASKED)
		ex.held_hits++;
	if (ex.ack_in_handler && ex.src)
		ex.src->ack();
	if (ex.mask_in_handler)
		ex.rte = ioapic_mask_rte(ex.io, ex.pin, ex.rte);
	uint64_t e0 = tsc_start();
	eoi();
	uint64_t e1 = tsc_stop();
	if (setup) {
		ex.setup_hits++;
		return;
	}
	if (!seq || ex.window != WINDOW_NONE) {
		ex.stray++;
		return;
	}
	ex.t_recv = t;
	ex.eoi_cycles = e1 - e0;
	ex.armed = 0;
	__atomic_store_n(&ex.got_seq, seq, __ATOMIC_RELEASE);
	/* A handler: interrupts are off (an interrupt gate). */
	if (ex.pong_apic != NO_PONG)
		lapic_send_ipi_irqs_off(ex.pong_apic, LAPIC_ICR_DM_FIXED | IOAPIC_PONG_VECTOR);
}

static void on_pong(struct trap_frame *f)
{
	uint64_t t = trap_entry_tsc(f);

	if (ex.pong_apic != this_cpu()->apic_id)
		ex.pong_wrong_cpu++;
	ex.t_pong = t;
	__atomic_store_n(&ex.pong_seq, ex.got_seq, __ATOMIC_RELEASE);
	lapic_eoi();
}

static void on_scratch(struct trap_frame *f)
{
	(void)f;
	scratch_hits++;
	lapic_eoi();
}

/* ---- waiting ---- */

/* Set by the timeout timer's interrupt, per CPU (the LAPIC timer is). */
static volatile bool timeout_fired[MAX_CPUS];

static void on_timeout(struct trap_frame *f)
{
	(void)f;
	timeout_fired[this_cpu()->index] = true;
	lapic_eoi();
}

/* The LAPIC timer on IOAPIC_TIMEOUT_VECTOR, us from now; the deadline. */
static uint64_t arm_deadline(uint64_t us)
{
	timeout_fired[this_cpu()->index] = false;
	lapic_timer_oneshot_us(IOAPIC_TIMEOUT_VECTOR, us);
	return tsc_deadline_us(us);
}

/*
 * Halt until *p differs from old, or the deadline. A halted vCPU takes an
 * interrupt promptly where a spinning one may not (docs/ioapic-bench.md);
 * the caller arms the timer (arm_deadline) before it triggers, so that only
 * this check runs between the trigger and the halt. A timer that has gone
 * off short of the TSC deadline (they are different clocks; or this vCPU
 * was descheduled before reaching the halt) is armed again here, with
 * interrupts off, so that it is pending when the halt begins and wakes it.
 */
static bool wait_change(volatile uint32_t *p, uint32_t old, uint64_t deadline)
{
	volatile bool *fired = &timeout_fired[this_cpu()->index];
	bool changed;

	for (;;) {
		cli();
		int64_t left = tsc_delta(tsc_read_fenced(), deadline);
		if ((changed = __atomic_load_n(p, __ATOMIC_ACQUIRE) != old) || left <= 0)
			break;
		if (*fired) {
			*fired = false;
			lapic_timer_oneshot_us(IOAPIC_TIMEOUT_VECTOR, tsc_cycles_to_ns((uint64_t)left) / 1000 + 1);
		}
		sti_hlt();
	}
	lapic_timer_stop();
	sti();
	return changed;
}

/* Halted for us microseconds, whatever arrives meanwhile. */
static void sleep_us(uint64_t us)
{
	static volatile uint32_t never;

	wait_change(&never, 0, arm_deadline(us));
}

/* After a source's begin, the entry unmasked: whatever the pin still holds
 * from before is let through once, absorbed, rather than taken for a
 * sample. QEMU's IOAPIC keeps a level pin's request while it is masked and
 * delivers it at the next unmask even as an edge, and an emulated device
 * may raise what its setup caused after its registers already say so. */
static void settle_source(bool stay_unmasked)
{
	ex.window = WINDOW_SETUP;
	ex.rte = ioapic_unmask_rte(ex.io, ex.pin, ex.rte);
	sleep_us(SOURCE_SETTLE_US);
	if (!stay_unmasked)
		ex.rte = ioapic_mask_rte(ex.io, ex.pin, ex.rte);
	ex.window = WINDOW_NONE;
	ex.t_trigger = tsc_read_fenced();
}

/* ---- one measured series ---- */

struct job {
	const struct cmdline *c;
	struct source *src;
	const struct variant *var;
	unsigned cpu, dst;	/* measuring CPU; where the entry routes */
	int op;			/* register-cost variants: which operation */
	struct pacer pace;
	int64_t *v, *w;		/* latency (or cost); EOI cost or one-way */
	size_t kept;
	uint64_t lost;
	uint32_t lost_in_row;
	uint64_t assert_us;	/* what the source's begin returned */
	const char *failure, *skip;
};

static void exchange_reset(struct job *j, uint64_t rte)
{
	struct source *s = j->src;

	ex = (struct exchange){ .src = s, .io = s->io, .pin = s->pin, .rte = rte,
				.expect_cpu = j->dst, .pong_apic = NO_PONG };
}

static void count_lost(struct job *j, bool measured)
{
	ex.armed = 0;
	j->lost += measured;
	if (++j->lost_in_row == MAX_CONSECUTIVE_LOST)
		j->failure = "10 interrupts in a row did not arrive within 100 ms";
}

/* One trigger, awaited; false when it did not arrive (or could not be
 * triggered: then the job has failed). *t_trig is its trigger instant. */
static bool trigger_once(struct job *j, uint32_t seq, volatile uint32_t *await, uint64_t *t_trig)
{
	struct source *s = j->src;
	uint32_t old = *await;
	uint64_t deadline = arm_deadline(ARRIVAL_TIMEOUT_US);

	__atomic_store_n(&ex.armed, seq, __ATOMIC_RELEASE);
	ex.t_trigger = tsc_read_fenced();
	if (!(*t_trig = s->trigger())) {
		lapic_timer_stop();
		j->failure = "the UART's transmitter never became idle";
		return false;
	}
	bool arrived = wait_change(await, old, deadline);
	s->settle(arrived);
	return arrived;
}

/* Delivery status and Remote IRR are read-only: not compared. */
static bool rte_differs(uint64_t seen, uint64_t written)
{
	uint64_t ro = IOAPIC_RTE_DELIVERY_PENDING | IOAPIC_RTE_REMOTE_IRR;

	return (seen & ~ro) != (written & ~ro);
}

static bool remote_irr_stuck(void)
{
	return ioapic_read_rte(ex.io, ex.pin) & IOAPIC_RTE_REMOTE_IRR;
}

static void deliver_loop(struct job *j)
{
	bool measured;
	uint32_t seq = 0;

	settle_source(true);
	pacer_start(&j->pace, j->c);
	while (!j->failure && pacer_next(&j->pace, &measured)) {
		uint64_t t0;
		if (!trigger_once(j, ++seq, &ex.got_seq, &t0)) {
			if (!j->failure)
				count_lost(j, measured);
			continue;
		}
		j->lost_in_row = 0;
		if (j->var->level && remote_irr_stuck())
			j->failure = "Remote IRR still set after the EOI";
		else if (measured) {
			j->v[j->kept] = tsc_delta(t0, ex.t_recv);
			j->w[j->kept++] = (int64_t)ex.eoi_cycles;
		}
	}
}

/* Trigger the source with its entry masked and give it the time an
 * arrival would take: anything that comes meanwhile is a failure
 * (WINDOW_MASKED). False, with the failure set, if the trigger failed. */
static bool trigger_masked(struct job *j)
{
	ex.window = WINDOW_MASKED;
	if (!j->src->trigger()) {
		j->failure = "the UART's transmitter never became idle";
		return false;
	}
	sleep_us(j->assert_us + MASK_WINDOW_US);
	return true;
}

/* Trigger with the entry masked and watch it: nothing may come, neither
 * while masked nor once unmasked (the edge is gone); then time a new edge. */
static void masked_edge_loop(struct job *j)
{
	struct source *s = j->src;
	bool measured;
	uint32_t seq = 0;

	pacer_start(&j->pace, j->c);
	while (!j->failure && pacer_next(&j->pace, &measured)) {
		if (!trigger_masked(j))
			break;
		s->settle(false);
		ex.window = WINDOW_UNMASKED;
		ex.rte = ioapic_unmask_rte(ex.io, ex.pin, ex.rte);
		sleep_us(MASK_WINDOW_US);
		ex.window = WINDOW_NONE;
		uint64_t t0;
		bool arrived = trigger_once(j, ++seq, &ex.got_seq, &t0);
		ex.rte = ioapic_mask_rte(ex.io, ex.pin, ex.rte);
		if (!arrived) {
			if (!j->failure)
				count_lost(j, measured);
			continue;
		}
		j->lost_in_row = 0;
		if (measured)
			j->v[j->kept++] = tsc_delta(t0, ex.t_recv);
	}
}

/* Assert with the entry masked; nothing may come; then unmask, which is
 * the trigger instant: the IOAPIC delivers a level still asserted. The
 * handler deasserts and masks before its EOI. */
static void masked_level_loop(struct job *j)
{
	struct source *s = j->src;
	bool measured;
	uint32_t seq = 0;

	ex.mask_in_handler = true;
	pacer_start(&j->pace, j->c);
	while (!j->failure && pacer_next(&j->pace, &measured)) {
		if (!trigger_masked(j))
			break;
		ex.window = WINDOW_NONE;
		if (s->asserted && !s->asserted()) {
			s->settle(false);
			j->failure = "the source never asserted its line";
			break;
		}
		uint32_t old = ex.got_seq;
		uint64_t deadline = arm_deadline(ARRIVAL_TIMEOUT_US);
		__atomic_store_n(&ex.armed, ++seq, __ATOMIC_RELEASE);
		uint64_t t0 = tsc_start();
		ex.rte = ioapic_unmask_rte(ex.io, ex.pin, ex.rte);
		bool arrived = wait_change(&ex.got_seq, old, deadline);
		s->settle(arrived);
		if (!arrived) {
			ex.rte = ioapic_mask_rte(ex.io, ex.pin, ex.rte);
			count_lost(j, measured);
			continue;
		}
		j->lost_in_row = 0;
		if (remote_irr_stuck())
			j->failure = "Remote IRR still set after the EOI";
		else if (measured)
			j->v[j->kept++] = tsc_delta(t0, ex.t_recv);
	}
}

/* The route needs, on the CPU that receives it, a logical ID or EOI-broadcast
 * suppression: lapic.c sets them for the job and puts them back. */
static const char *job_route(struct job *j, struct lapic_saved *ls, uint8_t *dest)
{
	const struct variant *v = j->var;
	const char *why;

	*dest = (uint8_t)cpus[j->dst].apic_id;
	if (v->logical && (why = lapic_logical_dest_claim(j->dst, dest, ls)))
		return why;
	if (v->eoi == EOI_DIRECTED) {
		if ((why = directed_eoi_missing(j->src->io)))
			return why;
		lapic_suppress_eoi_broadcast(ls);
	}
	return 0;
}

/* Runs on the CPU the entry routes to (deliver and masked variants). */
static void source_job(void *arg)
{
	struct job *j = arg;
	struct source *s = j->src;
	const struct variant *v = j->var;
	struct lapic_saved ls = { 0 };
	uint8_t dest;

	sti();
	if ((j->skip = job_route(j, &ls, &dest))) {
		lapic_restore(&ls);
		return;
	}
	exchange_reset(j, rte_make(s, v, dest));
	ex.eoi = v->eoi;
	ex.ack_in_handler = v->level;
	ioapic_write_rte(ex.io, ex.pin, ex.rte);
	if (rte_differs(ioapic_read_rte(ex.io, ex.pin), ex.rte))
		j->failure = "a redirection entry read back differs from what was written";
	j->assert_us = s->begin(v->level);
	if (v->kind != KIND_DELIVER)
		settle_source(false);
	if (v->kind == KIND_DELIVER)
		deliver_loop(j);
	else if (v->kind == KIND_MASKED_EDGE)
		masked_edge_loop(j);
	else
		masked_level_loop(j);
	ioapic_write_rte(ex.io, ex.pin, ex.rte | IOAPIC_RTE_MASKED);
	s->end();
	lapic_restore(&ls);
}

/*
 * The RTC: each interval between two interrupts minus the period. A late
 * interrupt makes one long interval and one short one, so intervals alone
 * cannot tell a late interrupt from a missing one; the missing are counted
 * at the end instead, against the periods the series lasted (the chip, as
 * QEMU, raises IRQ 8 again only once register C has been read).
 */
static void period_job(void *arg)
{
	struct job *j = arg;
	struct source *s = j->src;
	uint64_t period = tsc_info()->hz / rtc_periodic_hz(RTC_RATE), arrivals = 0;
	bool measured;

	sti();
	exchange_reset(j, rte_make(s, &variants[0], (uint8_t)cpus[j->dst].apic_id));
	ex.ack_in_handler = true;
	ex.free_running = true;
	ioapic_write_rte(ex.io, ex.pin, ex.rte);
	settle_source(true);
	rtc_periodic_start(RTC_RATE);
	uint32_t seen = ex.got_seq;
	if (!wait_change(&ex.got_seq, seen, arm_deadline(ARRIVAL_TIMEOUT_US)))
		j->failure = "the RTC's periodic interrupt never arrived";
	seen = ex.got_seq;
	uint64_t first = ex.t_recv, prev = first;
	pacer_start(&j->pace, j->c);
	while (!j->failure && pacer_next(&j->pace, &measured)) {
		if (!wait_change(&ex.got_seq, seen, arm_deadline(ARRIVAL_TIMEOUT_US))) {
			if (++j->lost_in_row == MAX_CONSECUTIVE_LOST)
				j->failure = "the RTC's periodic interrupt stopped for 1 s";
			continue;
		}
		j->lost_in_row = 0;
		arrivals += ex.got_seq - seen;
		seen = ex.got_seq;
		if (measured)
			j->v[j->kept++] = (int64_t)(ex.t_recv - prev) - (int64_t)period;
		prev = ex.t_recv;
	}
	uint64_t periods = (prev - first + period / 2) / period;
	j->lost = periods > arrivals ? periods - arrivals : 0;
	ex.rte = ioapic_mask_rte(ex.io, ex.pin, ex.rte);
	rtc_settle(false);
	rtc_end();
}

/* ---- retarget: a moves the entry to b, triggers, b answers ---- */

/* b: ready, said to a with a wake-up (a halts rather than spin: a spinning
 * vCPU can starve the other of its host core), then halted until stopped. */
static void receiver(void *unused)
{
	(void)unused;
	sti();
	__atomic_store_n(&ex.ready, 1, __ATOMIC_RELEASE);
	lapic_write_icr(ex.pong_apic, LAPIC_ICR_DM_FIXED | SMP_WAKE_VECTOR);
	for (;;) {
		cli();
		if (__atomic_load_n(&ex.stop, __ATOMIC_ACQUIRE))
			break;
		sti_hlt();
	}
	sti();
}

static bool wait_ready(void)
{
	return wait_change(&ex.ready, 0, arm_deadline(READY_TIMEOUT_US));
}

/* The entry rests on a between samples, so that every sample moves it. */
static void retarget_sender(void *arg)
{
	struct job *j = arg;
	struct source *s = j->src;
	const struct cpu *a = &cpus[j->cpu], *b = &cpus[j->dst];
	bool measured;
	uint32_t seq = 0;

	sti();
	if (!wait_ready())
		j->failure = "the receiving CPU never became ready";
	s->begin(false);
	settle_source(true);
	pacer_start(&j->pace, j->c);
	while (!j->failure && pacer_next(&j->pace, &measured)) {
		uint64_t t0;
		ex.rte = ioapic_retarget_rte(ex.io, ex.pin, ex.rte, (uint8_t)b->apic_id);
		bool arrived = trigger_once(j, ++seq, &ex.pong_seq, &t0);
		ex.rte = ioapic_retarget_rte(ex.io, ex.pin, ex.rte, (uint8_t)a->apic_id);
		if (!arrived) {
			if (!j->failure)
				count_lost(j, measured);
			continue;
		}
		j->lost_in_row = 0;
		if (measured) {
			j->v[j->kept] = tsc_delta(t0, ex.t_pong);
			j->w[j->kept++] = tsc_delta(t0 - (uint64_t)a->tsc_offset,
						    ex.t_recv - (uint64_t)b->tsc_offset);
		}
	}
	ioapic_write_rte(ex.io, ex.pin, ex.rte | IOAPIC_RTE_MASKED);
	s->end();
	__atomic_store_n(&ex.stop, 1, __ATOMIC_RELEASE);
	lapic_write_icr(b->apic_id, LAPIC_ICR_DM_FIXED | SMP_WAKE_VECTOR);
}

static uint64_t job_bound(const struct cmdline *c)
{
	return c->series_ms * 1000ull + 4 * ARRIVAL_TIMEOUT_US + 4 * MASK_WINDOW_US + READY_TIMEOUT_US;
}

/* Whichever of the two is the coordinating CPU plays its part in place. */
static void retarget_run(struct job *j)
{
	unsigned me = this_cpu()->index;
	uint64_t bound = job_bound(j->c);

	if (j->dst == me) {
		smp_post(j->cpu, retarget_sender, j);
		receiver(0);
	} else if (j->cpu == me) {
		smp_post(j->dst, receiver, 0);
		retarget_sender(j);
	} else {
		smp_post(j->dst, receiver, 0);
		smp_post(j->cpu, retarget_sender, j);
	}
	if (j->cpu != me && !smp_wait(j->cpu, bound))
		panic_stop(EXIT_TIMEOUT, "ioapic: cpu %u (sender) did not finish", j->cpu);
	if (j->dst != me && !smp_wait(j->dst, READY_TIMEOUT_US))
		panic_stop(EXIT_TIMEOUT, "ioapic: cpu %u (receiver) did not stop", j->dst);
}

/* ---- register costs, on an unused pin ---- */

enum reg_op { OP_RTE_READ, OP_RTE_WRITE, OP_MASK, OP_UNMASK, OP_RETARGET, N_REG_OPS };
static const char *const reg_names[N_REG_OPS] = { "rte_read", "rte_write", "mask", "unmask", "retarget" };

static struct scratch {
	const struct ioapic *io;
	unsigned pin;
	uint32_t gsi;
	const char *absent;
} scratch;

/* The highest pin whose GSI no ISA IRQ and no source uses. */
static void scratch_find(void)
{
	const struct platform *p = firmware_platform();
	const struct ioapic *io = ioapic_get(0);

	scratch.absent = "every I/O APIC pin is an ISA IRQ's or a source's";
	for (unsigned pin = io->entries; pin-- > 0;) {
		uint32_t gsi = io->gsi_base + pin, g;
		uint16_t flags;
		bool used = false;
		for (unsigned irq = 0; irq < 16; irq++)
			used |= platform_isa_irq_to_gsi(p, irq, &g, &flags) == 0 && g == gsi;
		for (unsigned i = 0; i < N_SOURCES; i++)
			used |= !sources[i].absent && sources[i].gsi == gsi;
		if (!used) {
			scratch = (struct scratch){ io, pin, gsi, 0 };
			return;
		}
	}
}

/* rte_write alternates between two masked entries that differ in every
 * writable field but the vector, so that the read-back check covers them;
 * retarget flips the destination's low bit. Every operation is checked by
 * reading the entry back, outside the timed window. */
static void reg_job(void *arg)
{
	struct job *j = arg;
	uint8_t home = (uint8_t)cpus[j->cpu].apic_id;
	uint64_t saved = ioapic_read_rte(scratch.io, scratch.pin);
	uint64_t rte = IOAPIC_SCRATCH_VECTOR | IOAPIC_RTE_MASKED | (uint64_t)home << IOAPIC_RTE_DEST_SHIFT;
	uint64_t flip = 1ull << IOAPIC_RTE_DEST_SHIFT;
	uint64_t other = flip | IOAPIC_RTE_DM_LOWEST | IOAPIC_RTE_DEST_LOGICAL | IOAPIC_RTE_ACTIVE_LOW |
			 IOAPIC_RTE_LEVEL;
	bool measured;

	sti();
	scratch_hits = 0;
	ioapic_write_rte(scratch.io, scratch.pin, rte);
	pacer_start(&j->pace, j->c);
	while (!j->failure && pacer_next(&j->pace, &measured)) {
		uint64_t t0 = 0, t1 = 0, seen = 0;
		switch (j->op) {
		case OP_RTE_READ:
			t0 = tsc_start();
			seen = ioapic_read_rte(scratch.io, scratch.pin);
			t1 = tsc_stop();
			break;
		case OP_RTE_WRITE:
			rte ^= other;
			t0 = tsc_start();
			ioapic_write_rte(scratch.io, scratch.pin, rte);
			t1 = tsc_stop();
			break;
		case OP_MASK:
			rte = ioapic_unmask_rte(scratch.io, scratch.pin, rte);
			t0 = tsc_start();
			rte = ioapic_mask_rte(scratch.io, scratch.pin, rte);
			t1 = tsc_stop();
			break;
		case OP_UNMASK:
			t0 = tsc_start();
			rte = ioapic_unmask_rte(scratch.io, scratch.pin, rte);
			t1 = tsc_stop();
			break;
		case OP_RETARGET:
			t0 = tsc_start();
			rte = ioapic_retarget_rte(scratch.io, scratch.pin, rte,
						  (uint8_t)((rte ^ flip) >> IOAPIC_RTE_DEST_SHIFT));
			t1 = tsc_stop();
			break;
		}
		if (j->op != OP_RTE_READ)
			seen = ioapic_read_rte(scratch.io, scratch.pin);
		if (rte_differs(seen, rte))
			j->failure = "a redirection entry read back differs from what was written";
		if (j->op == OP_UNMASK)
			rte = ioapic_mask_rte(scratch.io, scratch.pin, rte);
		if (measured)
			j->v[j->kept++] = tsc_delta(t0, t1);
	}
	ioapic_write_rte(scratch.io, scratch.pin, saved | IOAPIC_RTE_MASKED);
	if (scratch_hits)
		j->failure = "an interrupt arrived from the unused pin";
}

/* ---- output ---- */

/* Raw rows, then the summary (which sorts the samples); offset_bound as in
 * struct series: nonzero for a time from one CPU's TSC to another's. */
/* The plan's series under way: what its rows may emit, and a pair's class. */
static const struct plan_series *series_ps;

static void emit_bounded(const char *variant, const char *source, uint32_t gsi, int src, int dst,
			 int64_t *v, size_t n, uint64_t lost, const struct pacer *pace,
			 uint64_t offset_bound, const struct sample_rule *rule)
{
	char fixed[96], sc[12], dc[12];
	struct series s = { .ps = series_ps, .bench = "ioapic", .variant = variant, .src_cpu = src,
			    .dst_cpu = dst,
			    .raw_columns = RAW_COLUMNS, .raw_fixed = fixed, .v = v, .n = n,
			    .lost = lost, .pace = pace, .offset_bound = offset_bound, .rule = rule };

	ksnprintf(fixed, sizeof(fixed), "ioapic,%s,%s,%u,%s,%s", variant, source, gsi,
		  bench_cpu_field(sc, src), bench_cpu_field(dc, dst));
	bench_emit(&s, 0, 0);
}

/* rule NULL: the variant's. */
static void emit_series(const char *variant, const char *source, uint32_t gsi, int src, int dst,
			int64_t *v, size_t n, uint64_t lost, const struct pacer *pace,
			const struct sample_rule *rule)
{
	emit_bounded(variant, source, gsi, src, dst, v, n, lost, pace, 0, rule);
}

static void status_row(const char *variant, int src, int dst, const char *status, const char *why,
		       uint64_t lost)
{
	bench_summary_status(series_ps, "ioapic", variant, src, dst, status, why, lost);
}

/* "deliver" + "uart" -> "deliver_uart". */
static const char *name_with(char *buf, size_t len, const char *variant, const struct source *s)
{
	ksnprintf(buf, len, "%s_%s", variant, s->name);
	return buf;
}

static const char *exchange_verdict(const struct job *j)
{
	if (j->failure)
		return j->failure;
	if (ex.wrong_vector)
		return "an interrupt came with a vector its entry does not name";
	if (ex.wrong_cpu)
		return "an interrupt was handled on a CPU its entry does not name";
	if (ex.pong_wrong_cpu)
		return "the receiver's answer reached another CPU than the sender";
	if (ex.masked_hits)
		return "an interrupt arrived while its entry was masked";
	if (ex.held_hits)
		return "an edge that came while the entry was masked was delivered at unmask";
	if (ex.stray > j->lost && ex.odd_window == WINDOW_NONE && !ex.odd_armed && ex.odd_got)
		return "an interrupt came again after its handler's EOI, with no new trigger";
	if (ex.stray > j->lost)
		return "more interrupts arrived than were triggered";
	return 0;
}

/* The verdict, and on the console what the first odd arrival looked like. */
static const char *exchange_check(const struct job *j)
{
	static const char *const windows[] = { "sampling", "masked", "just unmasked", "setup" };
	const char *bad = exchange_verdict(j);

	if (bad && ex.odd_seen)
		kprintf("ioapic: %u odd arrival(s); the first: cpu %u (expected %u), vector 0x%x, "
			"while %s, %ld cycles after the last trigger, awaited seq %u, last seq %u\n",
			ex.odd_seen, ex.odd_cpu, ex.expect_cpu, ex.odd_vector, windows[ex.odd_window],
			ex.odd_after_trigger, ex.odd_armed, ex.odd_got);
	return bad;
}

/* Every variant holds one job's two series at a time. */
uint64_t ioapic_bench_need(const struct cmdline *c, unsigned n_sel, unsigned n_cpus)
{
	(void)n_sel;
	(void)n_cpus;
	return size_mul(2, size_block(bench_series_bytes(c)));
}

static void job_alloc(struct job *j, const struct cmdline *c)
{
	j->c = c;
	j->v = mem_alloc(bench_series_bytes(c), "ioapic samples");
	j->w = mem_alloc(bench_series_bytes(c), "ioapic second samples");
}

/* ---- the variants, per CPU and per pair ---- */

static void reg_variant_run(const struct cmdline *c, unsigned cpu, int op)
{
	if (scratch.absent) {
		bench_skip_once("ioapic", reg_names[op], scratch.absent);
		return;
	}
	uint64_t mark = mem_mark();
	struct job j = { .cpu = cpu, .dst = cpu, .op = op };
	job_alloc(&j, c);
	smp_run_on(cpu, reg_job, &j, job_bound(c));
	if (j.failure)
		status_row(reg_names[op], (int)cpu, BENCH_NO_CPU, "failed", j.failure, 0);
	else
		emit_series(reg_names[op], "", scratch.gsi, (int)cpu, BENCH_NO_CPU, j.v, j.kept, 0,
			    &j.pace, 0);
	mem_release(mark);
}

static void source_variant_run(const struct cmdline *c, struct source *s, const struct variant *v,
			       unsigned cpu)
{
	char name[48], eoi_name[48];
	uint64_t mark = mem_mark();
	struct job j = { .src = s, .var = v, .cpu = cpu, .dst = cpu };

	name_with(name, sizeof(name), v->name, s);
	if (v->eoi_name)
		name_with(eoi_name, sizeof(eoi_name), v->eoi_name, s);
	job_alloc(&j, c);
	smp_run_on(cpu, source_job, &j, job_bound(c));
	const char *bad = j.skip ? j.skip : exchange_check(&j);
	const char *status = j.skip ? "skipped" : "failed";
	if (bad) {
		status_row(name, (int)cpu, (int)cpu, status, bad, j.lost);
		if (v->eoi_name)
			status_row(eoi_name, (int)cpu, (int)cpu, status, bad, j.lost);
	} else {
		emit_series(name, s->name, s->gsi, (int)cpu, (int)cpu, j.v, j.kept, j.lost, &j.pace,
			    v->kind == KIND_MASKED_LEVEL ? &tsc_latency : &s->latency);
		if (v->eoi_name)
			emit_series(eoi_name, s->name, s->gsi, (int)cpu, (int)cpu, j.w, j.kept, j.lost,
				    &j.pace, &tsc_cost);
	}
	mem_release(mark);
}

static void period_run(const struct cmdline *c, struct source *s, unsigned cpu)
{
	char name[48];
	uint64_t mark = mem_mark();
	struct job j = { .src = s, .var = &variants[0], .cpu = cpu, .dst = cpu };

	name_with(name, sizeof(name), "period_jitter", s);
	job_alloc(&j, c);
	smp_run_on(cpu, period_job, &j, job_bound(c));
	const char *bad = exchange_check(&j);
	if (bad)
		status_row(name, (int)cpu, (int)cpu, "failed", bad, j.lost);
	else
		emit_series(name, s->name, s->gsi, (int)cpu, (int)cpu, j.v, j.kept, j.lost, &j.pace,
			    0);
	mem_release(mark);
}

/* Why variant v cannot run with source s on any CPU, or NULL. */
static const char *variant_impossible(const struct source *s, const struct variant *v)
{
	if (s->absent)
		return s->absent;
	if (s->no_instant && v->kind != KIND_MASKED_LEVEL)
		return s->no_instant;
	if (v->level && s->no_level)
		return s->no_level;
	if (v->eoi == EOI_DIRECTED)
		return directed_eoi_missing(s->io);
	return 0;
}

/* A reason that holds for every CPU: one skipped row per name. */
static void skip_variant(const struct source *s, const struct variant *v, const char *why)
{
	char name[48];

	bench_skip_once("ioapic", name_with(name, sizeof(name), v->name, s), why);
	if (v->eoi_name)
		bench_skip_once("ioapic", name_with(name, sizeof(name), v->eoi_name, s), why);
}

/* One delivery variant on one CPU, from every source that can do it. */
static void delivery_run(const struct cmdline *c, unsigned cpu, const struct variant *v)
{
	for (unsigned i = 0; i < N_SOURCES; i++) {
		const char *why = variant_impossible(&sources[i], v);
		if (why)
			skip_variant(&sources[i], v, why);
		else
			source_variant_run(c, &sources[i], v, cpu);
	}
}

/* The sources that cannot be triggered at will run free: their period. */
static void period_jitter_run(const struct cmdline *c, unsigned cpu)
{
	char name[48];

	for (unsigned i = 0; i < N_SOURCES; i++) {
		struct source *s = &sources[i];
		if (!s->no_instant)
			continue;
		if (s->absent)
			bench_skip_once("ioapic", name_with(name, sizeof(name), "period_jitter", s), s->absent);
		else
			period_run(c, s, cpu);
	}
}

static void pair_run(const struct cmdline *c, struct source *s, unsigned a, unsigned b)
{
	char rt[48], ow[48];
	uint64_t mark = mem_mark();
	struct job j = { .src = s, .var = &variants[0], .cpu = a, .dst = b };

	name_with(rt, sizeof(rt), "retarget_roundtrip", s);
	name_with(ow, sizeof(ow), "retarget_deliver", s);
	job_alloc(&j, c);
	exchange_reset(&j, rte_make(s, &variants[0], (uint8_t)cpus[a].apic_id));
	ex.eoi = EOI_LAPIC;
	ex.pong_apic = cpus[a].apic_id;
	ioapic_write_rte(ex.io, ex.pin, ex.rte);
	retarget_run(&j);
	const char *bad = exchange_check(&j);
	if (bad) {
		status_row(rt, (int)a, (int)b, "failed", bad, j.lost);
		status_row(ow, (int)a, (int)b, "failed", bad, j.lost);
	} else {
		emit_series(rt, s->name, s->gsi, (int)a, (int)b, j.v, j.kept, j.lost, &j.pace,
			    &s->latency);
		if (!bench_oneway_unavailable())
			emit_bounded(ow, s->name, s->gsi, (int)a, (int)b, j.w, j.kept, j.lost, &j.pace,
				     tscsync_pair_bound(a, b), &s->latency);
		else
			status_row(ow, (int)a, (int)b, "skipped", bench_oneway_unavailable(), 0);
	}
	mem_release(mark);
}

/* Retargeting on one ordered pair, through every source that can be
 * triggered at will. */
static void retarget_pair_run(const struct cmdline *c, unsigned a, unsigned b)
{
	char name[48];

	for (unsigned i = 0; i < N_SOURCES; i++) {
		struct source *s = &sources[i];
		const char *why = s->absent ? s->absent : s->no_instant;
		if (!why) {
			pair_run(c, s, a, b);
			continue;
		}
		bench_skip_once("ioapic", name_with(name, sizeof(name), "retarget_roundtrip", s), why);
		bench_skip_once("ioapic", name_with(name, sizeof(name), "retarget_deliver", s), why);
	}
}

static void handlers_set(void)
{
	for (unsigned i = 0; i < N_SOURCES; i++)
		trap_set_timed_handler(sources[i].vector, on_source, "ioapic_source");
	trap_set_handler(IOAPIC_SCRATCH_VECTOR, on_scratch, "ioapic_scratch");
	trap_set_timed_handler(IOAPIC_PONG_VECTOR, on_pong, "ioapic_pong");
	trap_set_handler(IOAPIC_TIMEOUT_VECTOR, on_timeout, "ioapic_timeout");
}

static void sources_describe(void)
{
	for (unsigned i = 0; i < N_SOURCES; i++) {
		const struct source *s = &sources[i];
		if (s->absent)
			kprintf("ioapic: source %s absent: %s\n", s->name, s->absent);
		else
			kprintf("ioapic: source %s on GSI %u (I/O APIC %u pin %u)\n", s->name, s->gsi,
				s->io->id, s->pin);
	}
	if (!sources[SRC_PIT].absent)
		kprintf("ioapic: PIT channel 0 found with read-back status 0x%02x\n", pit_saved.status);
}

static bool entry_masked(const struct ioapic *io, unsigned pin)
{
	return ioapic_read_rte(io, pin) & IOAPIC_RTE_MASKED;
}

/* Why something the benchmark used is not as it was found, or NULL. */
static const char *sources_check(void)
{
	struct pit_ch0_saved pit;
	struct rtc_saved rtc;
	struct hpet_saved hpet;

	for (unsigned i = 0; i < N_SOURCES; i++)
		if (!sources[i].absent && !entry_masked(sources[i].io, sources[i].pin))
			return "a source's redirection entry was left unmasked";
	if (!scratch.absent && !entry_masked(scratch.io, scratch.pin))
		return "the unused pin's redirection entry was left unmasked";
	if (!sources[SRC_PIT].absent && (!pit_ch0_save(&pit) || !pit_ch0_same_mode(&pit, &pit_saved)))
		return "PIT channel 0 is not back in the mode it was found in";
	if (!sources[SRC_RTC].absent && (!rtc_save(&rtc) || !rtc_saved_equal(&rtc, &rtc_saved)))
		return "RTC registers A and B are not as they were found";
	if (sources[SRC_HPET].absent)
		return 0;
	hpet_save(&hpet);
	if (!hpet_saved_equal(&hpet, &hpet_found))
		return "the HPET's configuration is not as it was found";
	return 0;
}

/* The PIT is given back only now (see pit_probe); then everything is
 * checked, and a `restore` row fails if anything was left changed. */
static void sources_restore(void)
{
	if (!sources[SRC_PIT].absent)
		pit_ch0_restore(&pit_saved);
	const char *why = sources_check();
	if (why)
		status_row("restore", BENCH_NO_CPU, BENCH_NO_CPU, "failed", why, 0);
	else
		kprintf("ioapic: restored: every entry used masked, PIT, RTC and HPET as found\n");
}

/* A CPU whose APIC ID an 8-bit RTE destination cannot name is left out,
 * with one row saying so (no interrupt remapping here). */
static bool cpu_reachable(unsigned cpu)
{
	static bool said[MAX_CPUS];

	if (cpus[cpu].apic_id <= IOAPIC_MAX_DEST_APIC_ID)
		return true;
	if (!said[cpu])
		bench_summary_status(0, "ioapic", "all", (int)cpu, BENCH_NO_CPU, "skipped",
				     "its APIC ID is above 254, beyond the I/O APIC's 8-bit destination "
				     "(no interrupt remapping)", 0);
	said[cpu] = true;
	return false;
}

/* Every series: note it for the emit path, and run it only on CPUs an
 * RTE can name. */
static bool series_begin(const struct plan_series *ps)
{
	series_ps = ps;
	return cpu_reachable((unsigned)ps->src) && (ps->dst < 0 || cpu_reachable((unsigned)ps->dst));
}

void ioapic_bench_begin(const struct cmdline *c)
{
	(void)c;
	handlers_set();
	sources_probe();
	scratch_find();
	sources_describe();
}

void ioapic_bench_end(void)
{
	series_ps = 0;
	sources_restore();
}

#define REG_RUN(op) \
	static void run_##op(const struct cmdline *c, const struct plan_series *ps) \
	{ \
		if (series_begin(ps)) \
			reg_variant_run(c, (unsigned)ps->src, OP_##op); \
	}
REG_RUN(RTE_READ)
REG_RUN(RTE_WRITE)
REG_RUN(MASK)
REG_RUN(UNMASK)
REG_RUN(RETARGET)

/* Delivery variant k of variants[] on the series' CPU. */
#define DELIVERY_RUN(k) \
	static void run_delivery_##k(const struct cmdline *c, const struct plan_series *ps) \
	{ \
		if (series_begin(ps)) \
			delivery_run(c, (unsigned)ps->src, &variants[k]); \
	}
DELIVERY_RUN(0)
DELIVERY_RUN(1)
DELIVERY_RUN(2)
DELIVERY_RUN(3)
DELIVERY_RUN(4)
DELIVERY_RUN(5)
DELIVERY_RUN(6)
DELIVERY_RUN(7)
_Static_assert(N_VARIANTS == 8, "one DELIVERY_RUN and one table row per delivery variant");

static void run_period_jitter(const struct cmdline *c, const struct plan_series *ps)
{
	if (series_begin(ps))
		period_jitter_run(c, (unsigned)ps->src);
}

static void run_retarget(const struct cmdline *c, const struct plan_series *ps)
{
	if (series_begin(ps))
		retarget_pair_run(c, (unsigned)ps->src, (unsigned)ps->dst);
}

/* Rows: one per source (of N_SOURCES) and name; nominal sample times for
 * the plan: a register access 1 us, a delivery 10 us, a retarget 20 us. */
#define REG_ROW(n, fn) { .name = n, .shape = SHAPE_CPU, .run = fn, .sample_ns = 1000, .rows = 1, \
	.kind = SAMPLE_COST }
#define DELIVERY_ROW(k, n, eoi) { .name = n, .shape = SHAPE_CPU, .run = run_delivery_##k, \
	.sample_ns = 10000, .rows = N_SOURCES * ((eoi) ? 2 : 1) }

const struct bench_variant ioapic_variants[IOAPIC_VARIANTS] = {
	REG_ROW("rte_read", run_RTE_READ),
	REG_ROW("rte_write", run_RTE_WRITE),
	REG_ROW("mask", run_MASK),
	REG_ROW("unmask", run_UNMASK),
	REG_ROW("retarget", run_RETARGET),
	/* variants[]' names, in its order */
	DELIVERY_ROW(0, "deliver", true),
	DELIVERY_ROW(1, "deliver_level", true),
	DELIVERY_ROW(2, "deliver_directed", true),
	DELIVERY_ROW(3, "deliver_logical", false),
	DELIVERY_ROW(4, "deliver_lowest", false),
	DELIVERY_ROW(5, "deliver_lowest_logical", false),
	DELIVERY_ROW(6, "masked_edge", false),
	DELIVERY_ROW(7, "masked_level", false),
	/* An interval minus the period: either sign. */
	{ .name = "period_jitter", .shape = SHAPE_CPU, .run = run_period_jitter, .sample_ns = 10000,
	  .rows = N_SOURCES, .kind = SAMPLE_SIGNED_ERROR },
	{ .name = "retarget_deliver", .shape = SHAPE_PAIR, .run = run_retarget, .sample_ns = 20000,
	  .rows = 2 * N_SOURCES },
};
