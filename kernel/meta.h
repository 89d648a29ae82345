/* The `meta` table: what machine and boot this run describes. */
#ifndef META_H
#define META_H

#include "bootinfo.h"

void meta_emit(const struct bootinfo *bi);

#endif
