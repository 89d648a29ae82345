/* The screen's end-of-run summary (tally.h). */
#include "tally.h"

#include <stdbool.h>

#include "bench.h"
#include "console.h"
#include "fmt.h"
#include "screen.h"

#define TALLY_MAX 128
/* Lines fit an 80-column VGA text screen. */
#define LINE_LEN 80
/* Screen rows kept for the console's serial note, the header, the "more"
 * line, the status line, the hold line and the blank row under the cursor. */
#define TALLY_SCREEN_RESERVED 7

struct tally_row {
	char bench[12], variant[28], status[8], reason[48];
	int src_cpu, dst_cpu;
	int64_t p50_ns, p99_ns;
};

static struct tally_row rows[TALLY_MAX];
static unsigned n_rows, n_ok, n_skipped, n_failed;

static void copy(char *dst, size_t size, const char *src)
{
	ksnprintf(dst, size, "%s", src);
}

void tally_add(const char *bench, const char *variant, int src_cpu, int dst_cpu,
	       const char *status, int64_t p50_ns, int64_t p99_ns, const char *reason)
{
	bool ok = status[0] == 'o', skipped = status[0] == 's';

	n_ok += ok;
	n_skipped += skipped;
	n_failed += !ok && !skipped;
	if (n_rows == TALLY_MAX)
		return;
	struct tally_row *r = &rows[n_rows++];
	copy(r->bench, sizeof(r->bench), bench);
	copy(r->variant, sizeof(r->variant), variant);
	copy(r->status, sizeof(r->status), status);
	copy(r->reason, sizeof(r->reason), ok ? "" : reason);
	r->src_cpu = src_cpu;
	r->dst_cpu = dst_cpu;
	r->p50_ns = p50_ns;
	r->p99_ns = p99_ns;
}

static void show_row(const struct tally_row *r)
{
	char line[LINE_LEN], cpu[16], src[12], dst[12];

	ksnprintf(cpu, sizeof(cpu), "%s%s%s", bench_cpu_field(src, r->src_cpu),
		  r->dst_cpu == BENCH_NO_CPU ? "" : "->", bench_cpu_field(dst, r->dst_cpu));
	if (r->status[0] == 'o')
		ksnprintf(line, sizeof(line), "%-7s %-26s %-7s %10ld %10ld", r->bench, r->variant,
			  cpu, r->p50_ns, r->p99_ns);
	else
		ksnprintf(line, sizeof(line), "%-7s %-26s %-7s %s: %s", r->bench, r->variant, cpu,
			  r->status, r->reason);
	kprintf_screen("%s\n", line);
}

/* Rows of one status class ('f'ailed, 'o'k, 's'kipped), at most room of
 * them; returns how many were shown. */
static unsigned show_class(char status, unsigned room)
{
	unsigned shown = 0;

	for (unsigned i = 0; i < n_rows && shown < room; i++) {
		char s = rows[i].status[0];
		bool failed = s != 'o' && s != 's';
		if (status == 'f' ? failed : s == status) {
			show_row(&rows[i]);
			shown++;
		}
	}
	return shown;
}

/* On a screen too small for every row, the failed ones come first, then
 * the figures, then what was skipped: the serial log has them all. */
void tally_show(void)
{
	unsigned room = screen_rows() > TALLY_SCREEN_RESERVED ?
			screen_rows() - TALLY_SCREEN_RESERVED : 0;
	unsigned shown = 0;

	console_clear_screen();
	kprintf_screen("irqbench summary: %u ok, %u skipped, %u failed\n", n_ok, n_skipped,
		       n_failed);
	if (n_rows)
		kprintf_screen("%-7s %-26s %-7s %10s %10s\n", "bench", "variant", "cpu", "p50 ns",
			       "p99 ns");
	shown += show_class('f', room - shown);
	shown += show_class('o', room - shown);
	shown += show_class('s', room - shown);
	if (shown < n_ok + n_skipped + n_failed)
		kprintf_screen("... %u more rows: the serial log has them all\n",
			       n_ok + n_skipped + n_failed - shown);
}
