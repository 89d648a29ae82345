/*
 * QEMU's isa-debugcon (Bochs' "port E9"): a write-only byte sink at one I/O
 * port, used as the console's fast output path under a hypervisor.
 */
#ifndef DEBUGCON_H
#define DEBUGCON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Looks for the device at port (0: debugcon=off, nothing is touched), and
 * only when CPUID says a hypervisor runs us: real hardware never sees the
 * probe. True when it answered; from then on it is the port in use. */
bool debugcon_probe(uint16_t port);
/* Queues len bytes; a full queue goes out as one burst. */
void debugcon_write(const char *s, size_t len);
/* Sends what is queued. */
void debugcon_flush(void);
/* What the probe found, for meta.csv: "0xe9", "absent at 0xe9", "off",
 * "no hypervisor". */
const char *debugcon_describe(void);

#endif
