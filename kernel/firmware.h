/* Where the platform description comes from: ACPI, else the MP tables. */
#ifndef FIRMWARE_H
#define FIRMWARE_H

#include "bootinfo.h"
#include "platform.h"

/* Fill p from the firmware; returns NULL or a one-line reason. */
const char *firmware_discover(const struct bootinfo *bi, struct platform *p);

#endif
