/* The 16550-compatible UART that carries irqbench's output (COM1 default). */
#ifndef SERIAL_H
#define SERIAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

bool serial_init(uint16_t port);
void serial_write(const char *s, size_t len);
/* Bytes dropped because the transmitter never became ready. */
uint64_t serial_dropped(void);

#endif
