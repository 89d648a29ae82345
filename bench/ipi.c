/*
 * IPI latency. For every ordered pair of selected CPUs (a, b): a writes its
 * ICR to send a fixed IPI to b (SDM Vol. 3A 10.6.1), b's handler answers
 * with an IPI back, a's handler takes the time. Variants:
 *   roundtrip_{spin,halt}  a's send to a's reply handler, on a's TSC only;
 *   oneway_{spin,halt}     a's send to b's handler, b's TSC corrected by the
 *                          measured offsets (only with an invariant TSC);
 *   nmi                    the same exchange with NMI delivery both ways,
 *                          handled on the NMI IST stack (both CPUs halted);
 *   self_shorthand, self_register  send-to-handler on one CPU, via the ICR
 *                          "self" shorthand and the x2APIC SELF IPI register;
 *   icr                    the sender's own cost of the ICR write, sent as
 *                          the round trip sends it (interrupts off; in
 *                          xAPIC mode the delivery-status read included);
 *   broadcast_last         all-excluding-self until the last receiver ran
 *                          its handler, as the sender sees it;
 *   broadcast_each         each receiver's arrival (invariant TSC only).
 * The plan (plan.h) says which CPUs and pairs each runs on: under pairs=auto
 * the halted round trip covers every ordered pair (ipi_matrix), the other
 * pair variants a few representative pairs per topology class.
 * "spin": both CPUs wait polling with interrupts enabled; "halt": both wait
 * in sti;hlt, as idle CPUs do. Every IPI is accounted for: a reply that does
 * not come within IPI_REPLY_TIMEOUT_US is a lost sample, and a late reply is
 * recognised by its sequence number and not mistaken for the next one.
 */
#include "ipi.h"

#include "pairs.h"

#include "bench.h"
#include "classdist.h"
#include "console.h"
#include "cpu.h"
#include "frame.h"
#include "lapic.h"
#include "mem.h"
#include "memsize.h"
#include "panic.h"
#include "smp.h"
#include "stats.h"
#include "trap.h"
#include "tsc.h"
#include "tscsync.h"
#include "x86.h"

#include "kstring.h"
#include "fmt.h"

#define IPI_REPLY_TIMEOUT_US 100000
#define IPI_MAX_CONSECUTIVE_LOST 10
#define IPI_READY_TIMEOUT_US 2000000
#define RAW_COLUMNS "bench,variant,apic_mode,src_cpu,dst_cpu,seq,cycles"

enum wait_mode { WAIT_SPIN, WAIT_HALT };

/* The exchange under way; one at a time, shared by the two CPUs. What
 * the timed paths would otherwise decide each time is set before it
 * starts: the two ICR values, and whether inject= touches the ping. */
static struct exchange {
	unsigned src, dst;
	uint32_t src_apic, dst_apic;
	enum wait_mode mode;
	bool nmi, injecting;
	uint32_t ping_icr, pong_icr;
	const struct cmdline *c;
	struct pacer pace;
	int64_t *rt, *ow;
	size_t kept;
	uint64_t lost;
	volatile uint32_t seq, echo_seq, got_seq;
	volatile uint64_t t_recv, t_back;
	volatile uint32_t ready, stop;
	volatile uint32_t wrong_cpu, off_ist, stray;
	const char *failure;
} ex;

/* ---- handlers: measure and answer first, check after ---- */

static inline void check_where(unsigned expected_cpu, struct trap_frame *f, bool nmi)
{
	if (this_cpu()->index != expected_cpu)
		ex.wrong_cpu++;
	if (nmi && !cpu_on_ist_stack(this_cpu(), IST_NMI, (uint64_t)f))
		ex.off_ist++;
}

/* inject=ipi_drop withholds every seventh reply. */
#define INJECT_DROP_EVERY 7

/* inject=handler_fault faults on an AP; inject=ipi_drop: whether this
 * reply is withheld. */
static __attribute__((noinline)) bool inject_in_ping(void)
{
	if ((ex.c->inject & INJECT_HANDLER_FAULT) && this_cpu()->index != 0)
		__asm__ volatile("ud2");
	return (ex.c->inject & INJECT_IPI_DROP) && ex.seq % INJECT_DROP_EVERY == 3;
}

/* The receiver's end. Every vector's gate is an interrupt gate (trap.c),
 * so the handler runs with interrupts off, as lapic_send_ipi_irqs_off
 * requires. */
static inline __attribute__((always_inline)) void ping(struct trap_frame *f, bool nmi)
{
	ex.t_recv = trap_entry_tsc(f);
	ex.echo_seq = ex.seq;
	if (!ex.injecting || !inject_in_ping())
		lapic_send_ipi_irqs_off(ex.src_apic, ex.pong_icr);
	if (!nmi)
		lapic_eoi();
	check_where(ex.dst, f, nmi);
}

static inline __attribute__((always_inline)) void pong(struct trap_frame *f, bool nmi)
{
	uint64_t t = trap_entry_tsc(f);

	if (ex.echo_seq == ex.seq) {
		ex.t_back = t;
		__atomic_store_n(&ex.got_seq, ex.seq, __ATOMIC_RELEASE);
	} else {
		ex.stray++;
	}
	if (!nmi)
		lapic_eoi();
	check_where(ex.src, f, nmi);
}

static void on_ping(struct trap_frame *f)
{
	ping(f, false);
}

static void on_pong(struct trap_frame *f)
{
	pong(f, false);
}

/* NMIs have one vector: the CPU tells which end of the exchange it is. */
static void on_nmi(struct trap_frame *f)
{
	if (this_cpu()->index == ex.dst)
		ping(f, true);
	else
		pong(f, true);
}

/* ---- waiting ---- */

/* A spinning CPU reads the TSC for its deadline only every so often: the
 * read costs more than the look at the value, and under TCG, where a
 * spinning vCPU yields to the others at its PAUSE, whatever it runs first
 * is in the other CPU's figure. A halted CPU looks at every wake-up (its
 * watchdog's interrupt is one). Inlined, with m a constant, so that the
 * sender is at its first look right after its ICR write. Called with
 * interrupts off (the sender sends with them off); returns with them on. */
#define WAIT_DEADLINE_EVERY 64

static inline __attribute__((always_inline)) bool wait_value(volatile uint32_t *p, uint32_t want,
							       enum wait_mode m, uint64_t deadline)
{
	if (m == WAIT_SPIN)
		sti();
	for (unsigned n = 1;; n++) {
		if (__atomic_load_n(p, __ATOMIC_ACQUIRE) == want)
			break;
		if (m == WAIT_HALT)
			sti_hlt();
		else
			cpu_relax();
		if ((m == WAIT_HALT || n % WAIT_DEADLINE_EVERY == 0) && tsc_passed(deadline))
			break;
		if (m == WAIT_HALT)
			cli();
	}
	sti();
	return *p == want;
}

/* ---- the two ends of a pair exchange ---- */

/* The receiver waits for the sender's stop with no deadline of its own
 * (exchange_run bounds both ends), in the shortest loop: under TCG the
 * instructions it runs between a reply and its PAUSE are in the figure. */
static void receiver(void *unused)
{
	(void)unused;
	cli();
	__atomic_store_n(&ex.ready, 1, __ATOMIC_RELEASE);
	if (ex.mode == WAIT_HALT) {
		while (__atomic_load_n(&ex.stop, __ATOMIC_ACQUIRE) != 1) {
			sti_hlt();
			cli();
		}
	} else {
		sti();
		while (__atomic_load_n(&ex.stop, __ATOMIC_ACQUIRE) != 1)
			cpu_relax();
	}
	sti();
}

static void record(uint64_t t0)
{
	const struct cpu *a = &cpus[ex.src], *b = &cpus[ex.dst];

	ex.rt[ex.kept] = tsc_delta(t0, ex.t_back);
	ex.ow[ex.kept] = tsc_delta(t0 - (uint64_t)a->tsc_offset, ex.t_recv - (uint64_t)b->tsc_offset);
	ex.kept++;
}

/* One ping, its time in *t0, and the wait for its pong. Interrupts are
 * off from before the TSC read to the wait (lapic_send_ipi_irqs_off). */
static inline __attribute__((always_inline)) bool round_trip(enum wait_mode m, uint32_t i,
							     uint64_t deadline, uint64_t *t0)
{
	cli();
	*t0 = tsc_start();
	lapic_send_ipi_irqs_off(ex.dst_apic, ex.ping_icr);
	return wait_value(&ex.got_seq, i, m, deadline);
}

static void sender(void *unused)
{
	uint32_t lost_in_row = 0, i = 0;
	bool measured;

	(void)unused;
	if (!wait_value(&ex.ready, 1, WAIT_SPIN, tsc_deadline_us(IPI_READY_TIMEOUT_US)))
		ex.failure = "the receiver never became ready";
	pacer_start(&ex.pace, ex.c);
	while (!ex.failure && pacer_next(&ex.pace, &measured)) {
		i++;
		uint64_t deadline = tsc_deadline_us(IPI_REPLY_TIMEOUT_US);
		/* The halted sender's watchdog fires an eighth after the
		 * deadline, never before it: a timer that ran a little fast
		 * against the TSC would otherwise fire while the deadline is
		 * still ahead and leave the CPU in hlt with nothing to wake it. */
		if (ex.mode == WAIT_HALT)
			lapic_timer_oneshot_us(SMP_WAKE_VECTOR, IPI_REPLY_TIMEOUT_US + IPI_REPLY_TIMEOUT_US / 8);
		ex.seq = i;
		uint64_t t0;
		bool answered = ex.mode == WAIT_HALT ? round_trip(WAIT_HALT, i, deadline, &t0) :
						      round_trip(WAIT_SPIN, i, deadline, &t0);
		if (ex.mode == WAIT_HALT)
			lapic_timer_stop();
		if (!answered) {
			ex.lost += measured;
			if (++lost_in_row == IPI_MAX_CONSECUTIVE_LOST)
				ex.failure = "10 replies in a row did not come within 100 ms";
			continue;
		}
		lost_in_row = 0;
		if (measured)
			record(t0);
	}
	__atomic_store_n(&ex.stop, 1, __ATOMIC_RELEASE);
	lapic_write_icr(ex.dst_apic, LAPIC_ICR_DM_FIXED | SMP_WAKE_VECTOR);
}

/* A series' worst case: its budget, plus one reply timeout per sample
 * that a slow platform might still be waiting for when the budget ends. */
static uint64_t job_bound(const struct cmdline *c)
{
	return c->series_ms * 1000ull + 2 * IPI_REPLY_TIMEOUT_US + IPI_READY_TIMEOUT_US;
}

/* Whoever of the two is the coordinating CPU plays its part in place. */
static void exchange_run(void)
{
	unsigned me = this_cpu()->index;
	uint64_t bound = job_bound(ex.c);

	if (ex.dst == me) {
		smp_post(ex.src, sender, 0);
		receiver(0);
	} else if (ex.src == me) {
		smp_post(ex.dst, receiver, 0);
		sender(0);
	} else {
		smp_post(ex.dst, receiver, 0);
		smp_post(ex.src, sender, 0);
		if (!smp_wait(ex.src, bound))
			panic_stop(EXIT_TIMEOUT, "ipi: cpu %u (sender) did not finish", ex.src);
	}
	if (ex.src != me && !smp_wait(ex.src, bound))
		panic_stop(EXIT_TIMEOUT, "ipi: cpu %u (sender) did not finish", ex.src);
	if (ex.dst != me && !smp_wait(ex.dst, IPI_READY_TIMEOUT_US))
		panic_stop(EXIT_TIMEOUT, "ipi: cpu %u (receiver) did not stop", ex.dst);
}

/* ---- output ---- */

/* The raw rows' leading fields (RAW_COLUMNS up to seq) of one series. */
static const char *raw_fixed(char buf[80], const char *variant, int src, int dst)
{
	char s[12], d[12];

	ksnprintf(buf, 80, "ipi,%s,%s,%s,%s", variant, lapic_mode_name(), bench_cpu_field(s, src),
		  bench_cpu_field(d, dst));
	return buf;
}

/* A one-way series crosses CPUs: its row carries the TSC offsets' error
 * bound. */
static void emit_series(const struct plan_series *ps, const char *variant, int src, int dst,
			bool oneway, int64_t *v, size_t n, uint64_t lost, const struct pacer *pace,
			int64_t *p50, int64_t *p99)
{
	char fixed[80];
	struct series s = { ps, "ipi", variant, src, dst, RAW_COLUMNS,
			    raw_fixed(fixed, variant, src, dst), v, n, lost, pace, 0,
			    oneway ? tscsync_pair_bound((unsigned)src, (unsigned)dst) : 0, 0 };

	bench_emit(&s, p50, p99);
}

static const char *exchange_check(void)
{
	if (ex.failure)
		return ex.failure;
	if (ex.wrong_cpu)
		return "a handler ran on a CPU the IPI was not sent to";
	if (ex.off_ist)
		return "an NMI handler did not run on the NMI IST stack";
	return 0;
}

/* The halted round trip's figures per ordered pair, for ipi_matrix: the
 * heatmap, and under pairs=auto the only row of a pair that is not
 * representative (a full summary row per pair would not fit a 115200-baud
 * line at 256 CPUs and more: docs/plan.md). */
struct matrix_cell {
	int64_t min, p50, p90, p99, max;
	uint32_t samples, lost;
	uint8_t cls;
	bool measured;
};

static struct {
	struct matrix_cell *cell;	/* [slot[src] * n + slot[dst]] */
	unsigned n, slot[MAX_CPUS];
	const unsigned *sel;
} matrix;

/* ---- sample memory: these size every mem_alloc below, and ipi_need ---- */

static uint64_t matrix_bytes(unsigned n)
{
	return size_mul(size_mul(n, n), sizeof(struct matrix_cell));
}

/* Broadcast keeps every receiver's samples, indexed by CPU. */
static uint64_t each_bytes(const struct cmdline *c, unsigned n_cpus)
{
	return size_mul(n_cpus, bench_series_bytes(c));
}

/* The per-class figures at the end: every pair's, and a scratch copy. */
static uint64_t classes_bytes(unsigned n)
{
	uint64_t pairs = size_mul(n, n);

	return size_add(size_block(size_mul(pairs, sizeof(struct classdist_pair))),
			size_block(size_mul(pairs, sizeof(int64_t))));
}

/* Under the matrix, a pair holds two series, broadcast one and every
 * receiver's, the class figures theirs: the largest is the most. */
uint64_t ipi_need(const struct cmdline *c, unsigned n_sel, unsigned n_cpus)
{
	uint64_t one = size_block(bench_series_bytes(c));
	uint64_t pair = size_mul(2, one);
	uint64_t bcast = size_add(one, size_block(each_bytes(c, n_cpus)));

	return size_add(size_block(matrix_bytes(n_sel)),
			size_max(size_max(pair, bcast), classes_bytes(n_sel)));
}

static struct matrix_cell *matrix_cell(unsigned a, unsigned b)
{
	return &matrix.cell[matrix.slot[a] * matrix.n + matrix.slot[b]];
}

/* The pair's matrix figures from its round trips, sorted by the emit path
 * (nearest rank, as stats.c). */
static void cell_fill(const struct plan_series *ps, const int64_t *sorted, size_t n)
{
	*matrix_cell((unsigned)ps->src, (unsigned)ps->dst) = (struct matrix_cell){
		sorted[0], stats_percentile(sorted, n, 500), stats_percentile(sorted, n, 900),
		stats_percentile(sorted, n, 990), sorted[n - 1], (uint32_t)n, (uint32_t)ex.lost,
		ps->cls, true };
}

/* A matrix pair that is not representative: its matrix row alone. */
static void pair_compact(const struct plan_series *ps, const char *variant)
{
	char fixed[80];
	struct series s = { ps, "ipi", variant, ps->src, ps->dst, RAW_COLUMNS,
			    raw_fixed(fixed, variant, ps->src, ps->dst), ex.rt, ex.kept, ex.lost,
			    &ex.pace, 0, 0, 0 };

	bench_emit_compact(&s);
}

static void pair_run(const struct cmdline *c, const struct plan_series *ps, enum wait_mode mode,
		     bool nmi)
{
	static const char *const rt_names[2] = { "roundtrip_spin", "roundtrip_halt" };
	static const char *const ow_names[2] = { "oneway_spin", "oneway_halt" };
	const char *rt_name = nmi ? "nmi" : rt_names[mode];
	unsigned a = (unsigned)ps->src, b = (unsigned)ps->dst;
	bool in_matrix = mode == WAIT_HALT && !nmi;
	uint64_t mark = mem_mark();

	ex = (struct exchange){ .src = a, .dst = b, .src_apic = cpus[a].apic_id,
				.dst_apic = cpus[b].apic_id, .mode = mode, .nmi = nmi, .c = c,
				.injecting = c->inject & (INJECT_HANDLER_FAULT | INJECT_IPI_DROP),
				.ping_icr = nmi ? LAPIC_ICR_DM_NMI | LAPIC_ICR_LEVEL_ASSERT :
						  LAPIC_ICR_DM_FIXED | IPI_PING_VECTOR,
				.pong_icr = nmi ? LAPIC_ICR_DM_NMI | LAPIC_ICR_LEVEL_ASSERT :
						  LAPIC_ICR_DM_FIXED | IPI_PONG_VECTOR };
	ex.rt = mem_alloc(bench_series_bytes(c), "ipi round-trip samples");
	ex.ow = mem_alloc(bench_series_bytes(c), "ipi one-way samples");
	exchange_run();
	const char *bad = exchange_check();
	if (bad) {
		bench_summary_status(ps, "ipi", rt_name, (int)a, (int)b, "failed", bad, ex.lost);
	} else if (ps->compact && ex.kept) {
		pair_compact(ps, rt_name);
		cell_fill(ps, ex.rt, ex.kept);
	} else {
		emit_series(ps, rt_name, (int)a, (int)b, false, ex.rt, ex.kept, ex.lost, &ex.pace,
			    0, 0);
		if (in_matrix && ex.kept)
			cell_fill(ps, ex.rt, ex.kept);
		if (!nmi && !bench_oneway_unavailable())
			emit_series(ps, ow_names[mode], (int)a, (int)b, true, ex.ow, ex.kept, ex.lost,
				    &ex.pace, 0, 0);
		else if (!nmi)
			bench_skip_once("ipi", ow_names[mode], bench_oneway_unavailable());
	}
	mem_release(mark);
}

static void run_roundtrip_spin(const struct cmdline *c, const struct plan_series *ps)
{
	pair_run(c, ps, WAIT_SPIN, false);
}

static void run_roundtrip_halt(const struct cmdline *c, const struct plan_series *ps)
{
	pair_run(c, ps, WAIT_HALT, false);
}

static void run_nmi(const struct cmdline *c, const struct plan_series *ps)
{
	trap_set_timed_handler(VEC_NMI, on_nmi, "ipi_nmi");
	pair_run(c, ps, WAIT_HALT, true);
	trap_set_handler(VEC_NMI, 0, 0);
}

/* ---- one-CPU variants: self IPI and the sender's ICR cost ---- */

struct cpu_job {
	const struct cmdline *c;
	unsigned dst;		/* icr: the CPU the IPIs go to */
	bool via_register;	/* self: the x2APIC SELF IPI register */
	struct pacer pace;
	int64_t *v;
	size_t kept;
	uint64_t lost;
};

static volatile uint64_t self_t;
static volatile uint32_t self_hits, sink_hits, self_wrong_cpu;
static volatile unsigned self_cpu;

static void on_self(struct trap_frame *f)
{
	self_t = trap_entry_tsc(f);
	if (this_cpu()->index != self_cpu)
		self_wrong_cpu++;
	__atomic_add_fetch(&self_hits, 1, __ATOMIC_RELEASE);
	lapic_eoi();
}

static void on_sink(struct trap_frame *f)
{
	(void)f;
	__atomic_add_fetch(&sink_hits, 1, __ATOMIC_RELEASE);
	lapic_eoi();
}

static bool wait_change(volatile uint32_t *p, uint32_t before)
{
	uint64_t deadline = tsc_deadline_us(IPI_REPLY_TIMEOUT_US);

	while (__atomic_load_n(p, __ATOMIC_ACQUIRE) == before) {
		if (tsc_passed(deadline))
			return false;
		cpu_relax();
	}
	return true;
}

static void self_measure(void *arg)
{
	struct cpu_job *j = arg;

	bool measured;

	sti();
	self_cpu = this_cpu()->index;
	pacer_start(&j->pace, j->c);
	while (pacer_next(&j->pace, &measured)) {
		uint32_t before = self_hits;
		uint64_t t0 = tsc_start();
		if (j->via_register)
			lapic_send_self_ipi(IPI_SELF_VECTOR);
		else
			lapic_send_ipi_shorthand(LAPIC_ICR_DM_FIXED | LAPIC_ICR_DEST_SELF | IPI_SELF_VECTOR);
		if (!wait_change(&self_hits, before))
			j->lost += measured;
		else if (measured)
			j->v[j->kept++] = tsc_delta(t0, self_t);
	}
}

/* The ICR write alone, as the round trip's sender does it (interrupts
 * off around it, outside the timed window); the next one waits until the
 * IPI has been handled so that no write finds the target busy. */
static void icr_measure(void *arg)
{
	struct cpu_job *j = arg;
	uint32_t dst_apic = cpus[j->dst].apic_id;
	bool measured;

	sti();
	pacer_start(&j->pace, j->c);
	while (pacer_next(&j->pace, &measured)) {
		uint32_t before = sink_hits;
		cli();
		uint64_t t0 = tsc_start();
		lapic_send_ipi_irqs_off(dst_apic, LAPIC_ICR_DM_FIXED | IPI_SINK_VECTOR);
		uint64_t t1 = tsc_stop();
		sti();
		if (!wait_change(&sink_hits, before))
			j->lost += measured;
		else if (measured)
			j->v[j->kept++] = tsc_delta(t0, t1);
	}
}

static void cpu_job_run(const struct cmdline *c, const struct plan_series *ps, const char *variant,
			void (*fn)(void *), struct cpu_job *j)
{
	uint64_t mark = mem_mark();

	j->c = c;
	j->v = mem_alloc(bench_series_bytes(c), "ipi samples");
	self_wrong_cpu = 0;
	smp_run_on((unsigned)ps->src, fn, j, job_bound(c));
	if (self_wrong_cpu)
		bench_summary_status(ps, "ipi", variant, ps->src, ps->dst, "failed",
				     "a self IPI was handled on another CPU", j->lost);
	else
		emit_series(ps, variant, ps->src, ps->dst, false, j->v, j->kept, j->lost, &j->pace, 0, 0);
	mem_release(mark);
}

static void run_self_shorthand(const struct cmdline *c, const struct plan_series *ps)
{
	struct cpu_job j = { 0 };

	cpu_job_run(c, ps, "self_shorthand", self_measure, &j);
}

static void run_self_register(const struct cmdline *c, const struct plan_series *ps)
{
	struct cpu_job j = { .via_register = true };

	cpu_job_run(c, ps, "self_register", self_measure, &j);
}

static void run_icr(const struct cmdline *c, const struct plan_series *ps)
{
	struct cpu_job j = { .dst = (unsigned)ps->dst };

	cpu_job_run(c, ps, "icr", icr_measure, &j);
}

/* ---- broadcast: all excluding self ---- */

static uint64_t bc_arrival[MAX_CPUS];
static volatile uint32_t bc_hits[MAX_CPUS], bc_count;

static void on_bcast(struct trap_frame *f)
{
	unsigned me = this_cpu()->index;

	bc_arrival[me] = trap_entry_tsc(f);
	bc_hits[me]++;
	__atomic_add_fetch(&bc_count, 1, __ATOMIC_RELEASE);
	lapic_eoi();
}

struct bcast_job {
	const struct cmdline *c;
	unsigned receivers;
	struct pacer pace;
	int64_t *last, *each;	/* each: [cpu][sample] */
	size_t kept;
	uint64_t lost;
	const char *failure;
	char why[80];
};

static bool bcast_round_ok(struct bcast_job *j)
{
	unsigned me = this_cpu()->index;

	for (unsigned r = 0; r < smp_cpus_expected(); r++)
		if (r != me && cpus[r].online && bc_hits[r] != 1) {
			j->failure = "a CPU did not receive exactly one broadcast IPI in a round";
			return false;
		}
	return true;
}

static void bcast_record(struct bcast_job *j, uint64_t t0, uint64_t t_last)
{
	const struct cpu *src = this_cpu();
	size_t k = j->kept++;

	j->last[k] = tsc_delta(t0, t_last);
	for (unsigned r = 0; r < smp_cpus_expected(); r++)
		if (r != src->index && cpus[r].online)
			j->each[r * j->c->samples + k] =
				tsc_delta(t0 - (uint64_t)src->tsc_offset,
					  bc_arrival[r] - (uint64_t)cpus[r].tsc_offset);
}

/* A broadcast IPI carries no round number: one that arrives after its
 * round timed out would be taken for the next round's (or, pending in
 * IRR, merge with it). So a late round is waited out to its last receiver
 * before the next begins, its sample counted lost; a receiver that never
 * gets it is a failure, named. */
#define IPI_BCAST_DRAIN_US 1000000

static void bcast_drain(struct bcast_job *j)
{
	uint64_t deadline = tsc_deadline_us(IPI_BCAST_DRAIN_US);
	unsigned me = this_cpu()->index;

	while (__atomic_load_n(&bc_count, __ATOMIC_ACQUIRE) < j->receivers && !tsc_passed(deadline))
		cpu_relax();
	for (unsigned r = 0; r < smp_cpus_expected() && !j->failure; r++)
		if (r != me && cpus[r].online && !bc_hits[r]) {
			ksnprintf(j->why, sizeof(j->why), "cpu %u never received a broadcast IPI "
				  "(waited %u ms)", r, (IPI_REPLY_TIMEOUT_US + IPI_BCAST_DRAIN_US) / 1000);
			j->failure = j->why;
		}
}

static void bcast_measure(void *arg)
{
	struct bcast_job *j = arg;
	bool measured;

	sti();
	pacer_start(&j->pace, j->c);
	while (!j->failure && pacer_next(&j->pace, &measured)) {
		for (unsigned r = 0; r < MAX_CPUS; r++)
			bc_hits[r] = 0;
		bc_count = 0;
		uint64_t deadline = tsc_deadline_us(IPI_REPLY_TIMEOUT_US);
		uint64_t t0 = tsc_start();
		lapic_send_ipi_shorthand(LAPIC_ICR_DM_FIXED | LAPIC_ICR_DEST_ALL_BUT_SELF | IPI_BCAST_VECTOR);
		while (__atomic_load_n(&bc_count, __ATOMIC_ACQUIRE) < j->receivers && !tsc_passed(deadline))
			cpu_relax();
		uint64_t t_last = tsc_stop();
		if (bc_count < j->receivers) {
			j->lost += measured;
			bcast_drain(j);
			continue;
		}
		if (bcast_round_ok(j) && measured)
			bcast_record(j, t0, t_last);
	}
}

static void run_broadcast(const struct cmdline *c, const struct plan_series *ps)
{
	uint64_t mark = mem_mark();
	unsigned src = (unsigned)ps->src;
	struct bcast_job j = { .c = c, .receivers = smp_cpus_online() - 1 };

	j.last = mem_alloc(bench_series_bytes(c), "broadcast samples");
	j.each = mem_alloc(each_bytes(c, smp_cpus_expected()), "broadcast per-receiver samples");
	smp_run_on(src, bcast_measure, &j, job_bound(c));
	if (j.failure) {
		bench_summary_status(ps, "ipi", "broadcast_last", (int)src, BENCH_NO_CPU, "failed",
				     j.failure, j.lost);
	} else {
		emit_series(ps, "broadcast_last", (int)src, BENCH_NO_CPU, false, j.last, j.kept, j.lost,
			    &j.pace, 0, 0);
		for (unsigned r = 0; r < smp_cpus_expected(); r++) {
			if (r == src || !cpus[r].online)
				continue;
			if (!bench_oneway_unavailable())
				emit_series(ps, "broadcast_each", (int)src, (int)r, true,
					    j.each + r * c->samples, j.kept, j.lost, &j.pace, 0, 0);
			else
				bench_skip_once("ipi", "broadcast_each", bench_oneway_unavailable());
		}
	}
	mem_release(mark);
}

/* ---- the benchmark ---- */

static void emit_matrix(void)
{
	struct frame f;

	console_lock();
	frame_begin(&f, "ipi_matrix", "src_cpu,dst_cpu,class,samples,lost,min_cycles,p50_cycles,"
		    "p90_cycles,p99_cycles,max_cycles");
	for (unsigned a = 0; a < matrix.n; a++)
		for (unsigned b = 0; b < matrix.n; b++) {
			const struct matrix_cell *m = &matrix.cell[a * matrix.n + b];
			if (m->measured)
				frame_row(&f, "%u,%u,%s,%u,%u,%ld,%ld,%ld,%ld,%ld", matrix.sel[a],
					  matrix.sel[b], pairs_class_name(m->cls), m->samples, m->lost,
					  m->min, m->p50, m->p90, m->p99, m->max);
		}
	frame_end(&f);
	console_unlock();
}

/* Per topology class, how the pairs' round trips spread, and the worst
 * pair: what a reader of a big machine's heatmap looks for first. */
static void emit_classes(void)
{
	uint64_t n = size_mul(matrix.n, matrix.n), mark = mem_mark();
	struct classdist_pair *pairs = mem_alloc(size_mul(n, sizeof(*pairs)), "ipi class pairs");
	int64_t *scratch = mem_alloc(size_mul(n, sizeof(int64_t)), "ipi class figures");
	struct classdist d[CLASSDIST_MAX];
	size_t k = 0;
	struct frame f;

	for (unsigned a = 0; a < matrix.n; a++)
		for (unsigned b = 0; b < matrix.n; b++) {
			const struct matrix_cell *m = &matrix.cell[a * matrix.n + b];
			if (m->measured)
				pairs[k++] = (struct classdist_pair){ m->cls, (uint16_t)matrix.sel[a],
								      (uint16_t)matrix.sel[b], m->p50, m->p99 };
		}
	unsigned nc = classdist_compute(pairs, k, scratch, d);
	console_lock();
	frame_begin(&f, "ipi_classes", "variant,class,pairs,p50_min,p50_median,p50_max,p99_min,"
		    "p99_median,p99_max,worst_src_cpu,worst_dst_cpu,worst_p99");
	for (unsigned i = 0; i < nc; i++)
		frame_row(&f, "roundtrip_halt,%s,%u,%ld,%ld,%ld,%ld,%ld,%ld,%u,%u,%ld",
			  pairs_class_name(d[i].cls), d[i].pairs, d[i].p50_min, d[i].p50_median,
			  d[i].p50_max, d[i].p99_min, d[i].p99_median, d[i].p99_max, d[i].worst_src,
			  d[i].worst_dst, d[i].worst_p99);
	frame_end(&f);
	console_unlock();
	for (unsigned i = 0; i < nc; i++)
		kprintf("ipi roundtrip_halt class %s: %u pairs, p50 %ld..%ld (median %ld) cycles, "
			"p99 %ld..%ld (median %ld); worst pair %u->%u, p99 %ld\n",
			pairs_class_name(d[i].cls), d[i].pairs, d[i].p50_min, d[i].p50_max,
			d[i].p50_median, d[i].p99_min, d[i].p99_max, d[i].p99_median, d[i].worst_src,
			d[i].worst_dst, d[i].worst_p99);
	mem_release(mark);
}

void ipi_begin(const struct cmdline *c)
{
	static unsigned sel[MAX_CPUS];

	matrix.n = smp_selected_cpus(c, sel);
	matrix.sel = sel;
	for (unsigned i = 0; i < matrix.n; i++)
		matrix.slot[sel[i]] = i;
	matrix.cell = mem_alloc(matrix_bytes(matrix.n), "ipi matrix");
	memset(matrix.cell, 0, matrix_bytes(matrix.n));
	trap_set_timed_handler(IPI_PING_VECTOR, on_ping, "ipi_ping");
	trap_set_timed_handler(IPI_PONG_VECTOR, on_pong, "ipi_pong");
	trap_set_timed_handler(IPI_SELF_VECTOR, on_self, "ipi_self");
	trap_set_handler(IPI_SINK_VECTOR, on_sink, "ipi_sink");
	trap_set_timed_handler(IPI_BCAST_VECTOR, on_bcast, "ipi_bcast");
}

void ipi_end(void)
{
	emit_matrix();
	emit_classes();
}

static const char *self_register_unsupported(const struct cmdline *c)
{
	(void)c;
	return lapic_mode() == LAPIC_MODE_X2APIC ? 0 :
	       "the SELF IPI register exists only in x2APIC mode";
}

/* Nominal sample times on hardware, for the plan's run-time estimate: a
 * self IPI or an ICR write about 1 us, a round trip 2 us, a broadcast
 * reaching every CPU 5 us. */
const struct bench_variant ipi_variants[IPI_VARIANTS] = {
	{ .name = "self_shorthand", .shape = SHAPE_CPU, .run = run_self_shorthand,
	  .sample_ns = 1000, .rows = 1 },
	{ .name = "self_register", .shape = SHAPE_CPU, .unsupported = self_register_unsupported,
	  .run = run_self_register, .sample_ns = 1000, .rows = 1 },
	{ .name = "icr", .shape = SHAPE_PAIR, .run = run_icr, .sample_ns = 1000, .rows = 1,
	  .kind = SAMPLE_COST },
	{ .name = "roundtrip_spin", .shape = SHAPE_PAIR, .run = run_roundtrip_spin,
	  .sample_ns = 2000, .rows = 2, .oneway = true },
	{ .name = "roundtrip_halt", .shape = SHAPE_MATRIX, .run = run_roundtrip_halt,
	  .sample_ns = 2000, .rows = 2, .oneway = true },
	{ .name = "nmi", .shape = SHAPE_PAIR, .run = run_nmi, .sample_ns = 2000, .rows = 1 },
	{ .name = "broadcast_last", .shape = SHAPE_SOURCE, .run = run_broadcast, .sample_ns = 5000,
	  .rows = 1, .oneway = true, .rows_per_receiver = true },
};

