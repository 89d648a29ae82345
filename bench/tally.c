/* The screen's end-of-run summary (tally.h). */
#include "tally.h"

#include "bench.h"
#include "console.h"
#include "fmt.h"
#include "kstring.h"
#include "result_line.h"
#include "screen.h"

#define TALLY_MAX 128
/* Lines fit an 80-column VGA text screen. */
#define LINE_LEN 80
/* Screen rows kept for the console's serial note, the header, the "more"
 * line, the status line, the hold line and the blank row under the cursor. */
#define TALLY_SCREEN_RESERVED 7

/* In the order a too-small screen shows them. */
enum tally_class { TALLY_FAILED, TALLY_INSUFFICIENT, TALLY_OK, TALLY_SKIPPED, TALLY_CLASSES };
static const char *const class_names[TALLY_CLASSES] = { "failed", "insufficient", "ok", "skipped" };

struct tally_row {
	char bench[12], variant[28], cpu[24], reason[48];
	enum tally_class class;
	int64_t p50_ns, p99_ns;
};

static struct tally_row rows[TALLY_MAX];
static unsigned n_rows, count[TALLY_CLASSES];

static void copy(char *dst, size_t size, const char *src)
{
	ksnprintf(dst, size, "%s", src);
}

/* Summary statuses are "ok", "insufficient", "skipped" or "failed" (bench.h). */
static enum tally_class class_of(const char *status)
{
	for (enum tally_class c = 0; c < TALLY_CLASSES; c++)
		if (strcmp(status, class_names[c]) == 0)
			return c;
	return TALLY_FAILED;
}

void tally_add(const char *bench, const char *variant, int src_cpu, int dst_cpu,
	       const char *status, int64_t p50_ns, int64_t p99_ns, const char *reason)
{
	enum tally_class class = class_of(status);

	result_line_add(bench, variant, src_cpu, dst_cpu, status, p50_ns);
	count[class]++;
	if (n_rows == TALLY_MAX)
		return;
	struct tally_row *r = &rows[n_rows++];
	copy(r->bench, sizeof(r->bench), bench);
	copy(r->variant, sizeof(r->variant), variant);
	bench_cpu_pair(r->cpu, src_cpu, dst_cpu);
	copy(r->reason, sizeof(r->reason), class == TALLY_OK ? "" : reason);
	r->class = class;
	r->p50_ns = p50_ns;
	r->p99_ns = p99_ns;
}

unsigned tally_failed(void)
{
	return count[TALLY_FAILED];
}

static void show_row(const struct tally_row *r)
{
	char line[LINE_LEN];

	if (r->class == TALLY_OK || r->class == TALLY_INSUFFICIENT)
		ksnprintf(line, sizeof(line), "%-7s %-26s %-7s %10ld %10ld%s", r->bench, r->variant,
			  r->cpu, r->p50_ns, r->p99_ns,
			  r->class == TALLY_INSUFFICIENT ? " insufficient" : "");
	else
		ksnprintf(line, sizeof(line), "%-7s %-26s %-7s %s: %s", r->bench, r->variant, r->cpu,
			  class_names[r->class], r->reason);
	kprintf_screen("%s\n", line);
}

/* Rows of one class, at most room of them; returns how many were shown. */
static unsigned show_class(enum tally_class class, unsigned room)
{
	unsigned shown = 0;

	for (unsigned i = 0; i < n_rows && shown < room; i++)
		if (rows[i].class == class) {
			show_row(&rows[i]);
			shown++;
		}
	return shown;
}

/* On a screen too small for every row, the failed ones come first, then
 * the figures, then what was skipped: the serial log has them all. */
void tally_show(void)
{
	unsigned room = screen_rows() > TALLY_SCREEN_RESERVED ?
			screen_rows() - TALLY_SCREEN_RESERVED : 0;
	unsigned shown = 0, total = 0;

	for (enum tally_class c = 0; c < TALLY_CLASSES; c++)
		total += count[c];
	console_clear_screen();
	kprintf_screen("irqbench summary: %u ok, %u insufficient, %u skipped, %u failed\n",
		       count[TALLY_OK], count[TALLY_INSUFFICIENT], count[TALLY_SKIPPED],
		       count[TALLY_FAILED]);
	if (n_rows)
		kprintf_screen("%-7s %-26s %-7s %10s %10s\n", "bench", "variant", "cpu", "p50 ns",
			       "p99 ns");
	for (enum tally_class c = 0; c < TALLY_CLASSES; c++)
		shown += show_class(c, room - shown);
	if (shown < total)
		kprintf_screen("... %u more rows: the serial log has them all\n", total - shown);
}
