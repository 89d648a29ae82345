/*
 * Result lines (result_line.h). The summary frames carry every figure;
 * these lines carry one verdict and one figure per row, for a reader that
 * matches lines and knows nothing of frames and CRCs: LAVA's `monitors`
 * action matches `start`, then each `pattern` until `end`, on the console
 * as it arrives. So a line is plain ASCII, one space between fields, and
 * printed through kprintf_serial: a text line, which takes the UART on
 * either output path (docs/output-format.md, "Two output paths"), and not
 * the screen, where hundreds of them would scroll past a person.
 */
#include "result_line.h"

#include "bench.h"
#include "bootdefs.h"
#include "console.h"
#include "fmt.h"
#include "kstring.h"
#include "plan.h"

#define RESULT_LINE_MAX 160

static const struct cmdline *mode;	/* non-NULL between begin and end */
static unsigned passed, failed, skipped;
static unsigned n_cpus, first_cpu;
static bool ended;

static const char *const results_names[] = { "auto", "all", "none" };

const char *result_line_verdict(const char *status)
{
	if (strcmp(status, "ok") == 0)
		return "pass";
	return strcmp(status, "skipped") == 0 ? "skip" : "fail";
}

/* "x" for no CPU: the case id stays one word of [a-z0-9_.-]. */
static const char *cpu_word(char buf[12], int cpu)
{
	if (cpu == BENCH_NO_CPU)
		return "x";
	ksnprintf(buf, 12, "%d", cpu);
	return buf;
}

size_t result_line_format(char *buf, size_t len, const char *bench, const char *variant,
			  int src_cpu, int dst_cpu, const char *status, int64_t p50_ns)
{
	char src[12], dst[12], figure[32] = "";
	const char *verdict = result_line_verdict(status);
	int n;

	if (strcmp(verdict, "pass") == 0)
		ksnprintf(figure, sizeof(figure), " %ld ns", p50_ns);
	n = ksnprintf(buf, len, "@irqbench result %s.%s.%s-%s %s%s\n", bench, variant,
		      cpu_word(src, src_cpu), cpu_word(dst, dst_cpu), verdict, figure);
	return n < 0 ? 0 : (size_t)n < len ? (size_t)n : len - 1;
}

void result_line_begin(const struct cmdline *c, unsigned n_sel, unsigned first)
{
	if (mode || ended)
		return;
	mode = c;
	n_cpus = n_sel;
	first_cpu = first;
	kprintf_serial("@irqbench results-begin results=%s\n", results_names[c->results_mode]);
}

void result_line_add(const char *bench, const char *variant, int src_cpu, int dst_cpu,
		     const char *status, int64_t p50_ns)
{
	char line[RESULT_LINE_MAX];
	const char *verdict = result_line_verdict(status);
	bool pass = strcmp(verdict, "pass") == 0;

	if (!mode || mode->results_mode == RESULTS_NONE)
		return;
	if (pass && !plan_result_line_wanted(mode, n_cpus, first_cpu, src_cpu, dst_cpu))
		return;
	passed += pass;
	failed += verdict[0] == 'f';
	skipped += verdict[0] == 's';
	result_line_format(line, sizeof(line), bench, variant, src_cpu, dst_cpu, status, p50_ns);
	kprintf_serial("%s", line);
}

/* The run itself is a case: a run that stops early (a panic, a CPU that
 * did not come up) fails it, so that the lines before it, all passing,
 * never pass for a whole run. */
void result_line_end(int code)
{
	if (!mode || ended)
		return;
	ended = true;
	kprintf_serial("@irqbench result irqbench.run.x-x %s\n", code == EXIT_OK ? "pass" : "fail");
	kprintf_serial("@irqbench results-end status=%s code=%d pass=%u fail=%u skip=%u\n",
		code == EXIT_OK ? "ok" : "failed", code, passed, failed, skipped);
	mode = 0;
}
