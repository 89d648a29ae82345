/*
 * Runs the benchmarks bench= selected, in table order, each either run or
 * reported as skipped with its reason; and writes summary rows, one schema
 * for every benchmark (docs/results-schema.md).
 */
#include "bench.h"

#include <stdarg.h>

#include "console.h"
#include "fmt.h"
#include "frame.h"
#include "kstring.h"
#include "cpu.h"
#include "lapic.h"
#include "mem.h"
#include "memsize.h"
#include "panic.h"
#include "smi.h"
#include "serial.h"
#include "smp.h"
#include "stats.h"
#include "tally.h"
#include "tsc.h"
#include "x86.h"

#include "gates.h"
#include "ioapic_bench.h"
#include "ipi.h"
#include "timer.h"

static const struct bench benches[] = {
	{ "ipi", ipi_run, 0, ipi_need },
	{ "timer", timer_run, 0, timer_need },
	{ "gates", gates_run, 0, gates_need },
	{ "ioapic", ioapic_bench_run, 0, ioapic_bench_need },
};
#define N_BENCHES (sizeof(benches) / sizeof(benches[0]))

#define SUMMARY_COLUMNS "bench,variant,apic_mode,src_cpu,dst_cpu,status,reason,samples,lost," \
	"min,p1,p50,p90,p99,p999,max,mean,stdev,p50_ns,p99_ns"

static const char *names[N_BENCHES];

const char *const *bench_names(unsigned *n)
{
	for (unsigned i = 0; i < N_BENCHES; i++)
		names[i] = benches[i].name;
	*n = N_BENCHES;
	return names;
}

/* inject=uart_stall: the stall starts this many bytes into the first
 * benchmark's output (inside its first frames) and lasts this many bytes. */
#define UART_STALL_AFTER 256
#define UART_STALL_BYTES 48

static uint64_t drops_reported;
/* The first summary row with status "failed", for the verdict. */
static char first_failed[160];

/* Said once the transmitter works again, so that this line itself arrives. */
static void serial_drops_report(const char *during)
{
	uint64_t now = serial_dropped();

	if (!serial_present() || now == drops_reported)
		return;
	kprintf("serial: UART at port 0x%x dropped %lu bytes during %s: its transmitter was not "
		"ready (LSR.THRE) within the bounded wait\n", serial_port(), now - drops_reported,
		during);
	drops_reported = now;
}

/* The run's verdict once every benchmark has run and written its summary
 * rows. Lost output comes first: the tables it belonged to are incomplete. */
static void bench_verdict(void)
{
	if (serial_present() && serial_dropped())
		panic_stop(EXIT_TIMEOUT, "serial: UART at port 0x%x dropped %lu bytes (transmitter "
			   "not ready): the output is incomplete", serial_port(), serial_dropped());
	if (tally_failed())
		panic_stop(EXIT_CHECK, "%u summary rows failed (see summary.csv); the first: %s",
			   tally_failed(), first_failed);
}

/* What the suite needs with samples= replaced: the most any one selected
 * benchmark needs (each gives its memory back before the next runs). */
struct suite {
	const struct cmdline *c;
	unsigned n_sel, n_cpus;
};

/* The selected benchmark that will run and needs the most sample memory
 * with samples= replaced, its need in *most; NULL when none runs. */
static const struct bench *suite_largest(const struct suite *su, uint32_t samples, uint64_t *most)
{
	struct cmdline c = *su->c;
	const struct bench *largest = 0;

	c.samples = samples;
	*most = 0;
	for (unsigned i = 0; i < N_BENCHES; i++) {
		const struct bench *b = &benches[i];
		if (!(c.bench_mask & (1u << i)) || (b->supported && b->supported()))
			continue;
		uint64_t n = b->need(&c, su->n_sel, su->n_cpus);
		if (!largest || n > *most) {
			*most = n;
			largest = b;
		}
	}
	return largest;
}

static uint64_t suite_need(uint32_t samples, const void *arg)
{
	uint64_t most;

	suite_largest(arg, samples, &most);
	return size_add(most, MEM_ALIGN);
}

static void check_memory(const struct cmdline *c)
{
	static unsigned sel[MAX_CPUS];
	struct suite su = { c, smp_selected_cpus(c, sel), smp_cpus_expected() };
	uint64_t need = suite_need(c->samples, &su), limit = mem_available();

	if (need <= limit) {
		kprintf("mem: the selected benchmarks need at most %lu bytes of the %lu available\n",
			need, limit);
		return;
	}
	uint32_t fit = size_fit_samples(suite_need, &su, limit, CMDLINE_SAMPLES_MAX);
	char hint[64] = "no samples= fits";
	uint64_t most;
	const struct bench *largest = suite_largest(&su, c->samples, &most);

	if (fit)
		ksnprintf(hint, sizeof(hint), "the largest samples= that fits is %u", fit);
	panic_stop(EXIT_CMDLINE, "mem: samples=%u needs %lu bytes of sample memory (bench %s, %u "
		   "CPUs), but the memory map gives %lu: %s", c->samples, need,
		   largest ? largest->name : "none", su.n_sel, limit, hint);
}

/* Benchmarks run with interrupts enabled: every source is masked except
 * the ones a benchmark arms itself. */
void bench_run_selected(const struct cmdline *c)
{
	unsigned selected = 0;

	check_memory(c);
	serial_drops_report("boot");
	if (c->inject & INJECT_UART_STALL) {
		kprintf("serial: fault injection (inject=uart_stall): %u bytes dropped after the next %u\n",
			UART_STALL_BYTES, UART_STALL_AFTER);
		serial_inject_stall(UART_STALL_AFTER, UART_STALL_BYTES);
	}
	sti();
	for (unsigned i = 0; i < N_BENCHES; i++) {
		const struct bench *b = &benches[i];
		if (!(c->bench_mask & (1u << i)))
			continue;
		selected++;
		const char *why = b->supported ? b->supported() : 0;
		if (why) {
			kprintf("bench %s: skipped: %s\n", b->name, why);
			bench_summary_status(b->name, "all", BENCH_NO_CPU, BENCH_NO_CPU, "skipped", why, 0);
			continue;
		}
		kprintf("bench %s: running\n", b->name);
		panic_set_activity(b->name);
		smi_count_before(c);
		b->run(c);
		smi_count_after(b->name);
		panic_set_activity("between benchmarks");
		serial_drops_report(b->name);
	}
	cli();
	kprintf("benchmarks: %u selected of %u available\n", selected, (unsigned)N_BENCHES);
	bench_verdict();
}

void pacer_start(struct pacer *p, const struct cmdline *c)
{
	uint64_t now = tsc_read_fenced(), budget = tsc_ns_to_cycles(c->series_ms * 1000000ull);

	*p = (struct pacer){ .warmup_left = c->warmup, .samples = c->samples,
			     .budget_ms = c->series_ms, .warmup_end = now + budget / 2,
			     .end = now + budget };
}

bool pacer_next(struct pacer *p, bool *measured)
{
	if (p->warmup_left && !tsc_passed(p->warmup_end)) {
		p->warmup_left--;
		*measured = false;
		return true;
	}
	p->warmup_left = 0;
	if (p->taken == p->samples)
		return false;
	if (tsc_passed(p->end)) {
		p->cut_short = true;
		return false;
	}
	p->taken++;
	*measured = true;
	return true;
}

const char *bench_cpu_field(char buf[12], int cpu)
{
	if (cpu == BENCH_NO_CPU)
		buf[0] = 0;
	else
		ksnprintf(buf, 12, "%d", cpu);
	return buf;
}

uint64_t bench_series_bytes(const struct cmdline *c)
{
	return size_mul(c->samples, sizeof(int64_t));
}

const char *bench_oneway_unavailable(void)
{
	return tsc_info()->invariant ? 0 : "no invariant TSC (CPUID.80000007H:EDX[8] is 0): "
					   "TSC offsets between CPUs cannot be trusted";
}

const char *bench_cpu_pair(char buf[24], int src, int dst)
{
	char a[12], b[12];

	ksnprintf(buf, 24, "%s%s%s", bench_cpu_field(a, src), dst == BENCH_NO_CPU ? "" : "->",
		  bench_cpu_field(b, dst));
	return buf;
}

static int64_t signed_ns(int64_t cycles)
{
	return cycles < 0 ? -(int64_t)tsc_cycles_to_ns((uint64_t)-cycles) :
	       (int64_t)tsc_cycles_to_ns((uint64_t)cycles);
}

void bench_summary_status(const char *bench, const char *variant, int src_cpu, int dst_cpu,
			  const char *status, const char *reason, uint64_t lost)
{
	struct frame f;
	char src[12], dst[12], cpus[24], why[2 * 160];

	if (strcmp(status, "failed") == 0 && !first_failed[0])
		ksnprintf(first_failed, sizeof(first_failed), "%s %s: %s", bench, variant, reason);
	frame_csv_field(why, sizeof(why), reason);
	console_lock();
	frame_begin(&f, "summary", SUMMARY_COLUMNS);
	frame_row(&f, "%s,%s,%s,%s,%s,%s,%s,,%lu,,,,,,,,,,,", bench, variant, lapic_mode_name(),
		  bench_cpu_field(src, src_cpu), bench_cpu_field(dst, dst_cpu), status, why, lost);
	frame_end(&f);
	console_unlock();
	tally_add(bench, variant, src_cpu, dst_cpu, status, 0, 0, reason);
	kprintf("%s %s cpu %s: %s: %s\n", bench, variant, bench_cpu_pair(cpus, src_cpu, dst_cpu),
		status, reason);
}

/* Appends one note to a row's reason, after "; " when there is one already. */
static void __attribute__((format(printf, 3, 4)))
note_add(char *note, size_t len, const char *fmt, ...)
{
	size_t used = strlen(note);
	va_list ap;

	if (used && used + 2 < len) {
		memcpy(note + used, "; ", 3);
		used += 2;
	}
	va_start(ap, fmt);
	kvsnprintf(note + used, len - used, fmt, ap);
	va_end(ap);
}

/* A one-way figure is only as good as the TSC offsets it is corrected by:
 * the row says how good, and says so plainly when the p50 is within that
 * bound (negative one-way times are then no surprise, and no finding). */
static void add_offset_note(const struct series *s, const struct stats *st, char *note,
			    size_t len)
{
	if (!s->offset_bound)
		return;
	uint64_t p50 = st->p50 < 0 ? (uint64_t)-st->p50 : (uint64_t)st->p50;
	note_add(note, len, "one-way across CPUs: TSC offsets known to +-%lu cycles%s",
		 s->offset_bound,
		 p50 <= s->offset_bound ? ", and the p50 lies within that: it shows nothing" : "");
}

void bench_summarize(struct series *s, int64_t *p50, int64_t *p99)
{
	struct frame f;
	struct stats st;
	char src[12], dst[12], cpus[24], note[224] = "";

	if (s->pace && s->pace->cut_short)
		note_add(note, sizeof(note), "time budget: %u of %u samples in %u ms (series_ms)",
			 s->pace->taken, s->pace->samples, s->pace->budget_ms);
	if (s->note)
		note_add(note, sizeof(note), "%s", s->note);
	/* A budget spent before the first sample is a platform too slow for
	 * series_ms, not a wrong result; samples taken and all lost are. */
	if (s->n == 0) {
		bool budget = s->pace && s->pace->cut_short && s->pace->taken == 0;
		bench_summary_status(s->bench, s->variant, s->src_cpu, s->dst_cpu,
				     budget ? "skipped" : "failed",
				     budget ? note : "no sample completed", s->lost);
		return;
	}
	stats_compute(s->v, s->n, &st);
	add_offset_note(s, &st, note, sizeof(note));
	char field[2 * sizeof(note) + 3];
	frame_csv_field(field, sizeof(field), note);
	console_lock();
	frame_begin(&f, "summary", SUMMARY_COLUMNS);
	frame_row(&f, "%s,%s,%s,%s,%s,ok,%s,%lu,%lu,%ld,%ld,%ld,%ld,%ld,%ld,%ld,%ld,%lu,%ld,%ld",
		  s->bench, s->variant, lapic_mode_name(), bench_cpu_field(src, s->src_cpu),
		  bench_cpu_field(dst, s->dst_cpu), field, st.n, s->lost, st.min, st.p1, st.p50, st.p90,
		  st.p99, st.p999, st.max, st.mean, st.stdev, signed_ns(st.p50), signed_ns(st.p99));
	frame_end(&f);
	console_unlock();
	tally_add(s->bench, s->variant, s->src_cpu, s->dst_cpu, "ok", signed_ns(st.p50),
		  signed_ns(st.p99), "");
	kprintf("%s %s cpu %s: p50 %ld cycles (%ld ns), p99 %ld (%ld ns), max %ld, n=%lu lost=%lu%s%s\n",
		s->bench, s->variant, bench_cpu_pair(cpus, s->src_cpu, s->dst_cpu), st.p50,
		signed_ns(st.p50), st.p99, signed_ns(st.p99), st.max, st.n, s->lost,
		note[0] ? "; " : "", note);
	if (p50)
		*p50 = st.p50;
	if (p99)
		*p99 = st.p99;
}
