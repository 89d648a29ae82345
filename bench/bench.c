/*
 * Runs the benchmarks bench= selected, in table order, each either run or
 * reported as skipped with its reason (the `bench` table).
 */
#include "bench.h"

#include "console.h"
#include "frame.h"
#include "panic.h"

static const struct bench benches[] = {
};
#define N_BENCHES (sizeof(benches) / sizeof(benches[0]))

static const char *names[N_BENCHES + 1];

const char *const *bench_names(unsigned *n)
{
	for (const struct bench *b = benches; b < benches + N_BENCHES; b++)
		names[b - benches] = b->name;
	*n = N_BENCHES;
	return names;
}

void bench_run_selected(const struct cmdline *c)
{
	unsigned selected = 0;

	for (const struct bench *b = benches; b < benches + N_BENCHES; b++) {
		if (!(c->bench_mask & (1u << (b - benches))))
			continue;
		selected++;
		const char *why = b->supported ? b->supported() : 0;
		if (why) {
			kprintf("bench %s: skipped: %s\n", b->name, why);
			continue;
		}
		kprintf("bench %s: running\n", b->name);
		panic_set_activity(b->name);
		b->run(c);
	}
	kprintf("benchmarks: %u selected of %u available\n", selected, (unsigned)N_BENCHES);
}
