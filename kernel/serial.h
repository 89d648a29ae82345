/* The 16550-compatible UART that carries irqbench's output (COM1 default). */
#ifndef SERIAL_H
#define SERIAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

bool serial_init(uint16_t port);
void serial_write(const char *s, size_t len);
/* Write s to the UART at port before .bss is cleared (the boot memory
 * check): bounded waits, nothing counted, no setup. */
void serial_write_early(uint16_t port, const char *s);
/* Bytes dropped because the transmitter never became ready. */
uint64_t serial_dropped(void);
/* The line rate the kernel programmed into the divisor latch, in bits per
 * second (8N1: 10 bits a byte); 0 when no UART answered (or serial=none). */
uint32_t serial_link_bps(void);
/* The I/O port of the UART in use. */
uint16_t serial_port(void);
/* Fault injection (inject=uart_stall): after `after` more bytes, the next
 * `bytes` bytes find the transmitter never ready, and are dropped. */
void serial_inject_stall(uint64_t after, uint64_t bytes);

/*
 * The transmitter-empty interrupt, an interrupt the CPU can raise at will
 * (PC16550D: IER bit 1, IIR identification 0010): enabling it while the
 * transmitter holding register is empty asserts INTR at once; reading IIR
 * while it names that interrupt, or disabling it, deasserts INTR. Callers
 * hold console_lock() from serial_txirq_prepare() until after
 * serial_txirq_disable(), so that no output refills the THR meanwhile.
 */
bool serial_present(void);
/* The ISA IRQ of the console's UART by PC convention (COM1 and COM3: 4,
 * COM2 and COM4: 3), or -1 for another port. */
int serial_isa_irq(void);
/* Wait (bounded) until the transmitter is idle; false if it never is. */
bool serial_txirq_prepare(void);
void serial_txirq_enable(void);
void serial_txirq_ack(void);
/* Interrupts off again, as serial_init left them: output is polled. */
void serial_txirq_disable(void);

#endif
