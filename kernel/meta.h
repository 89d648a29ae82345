/* The `meta` table: what machine and boot this run describes. */
#ifndef META_H
#define META_H

#include <stdint.h>

#include "bootinfo.h"
#include "platform.h"

/* TSC readings of boot milestones on CPU 0. */
struct boot_times {
	uint64_t entry;		/* first instruction of kmain */
	uint64_t all_online;	/* every AP started or given up on */
};

void meta_emit(const struct bootinfo *bi, const struct platform *p, const struct boot_times *t);

#endif
