/* Where the platform description comes from: ACPI, else the MP tables. */
#ifndef FIRMWARE_H
#define FIRMWARE_H

#include "bootinfo.h"
#include "platform.h"

/* Read the platform from the firmware; returns NULL or a one-line reason. */
const char *firmware_discover(const struct bootinfo *bi);
/* The platform firmware_discover read (valid after it succeeded). */
const struct platform *firmware_platform(void);

#endif
