/*
 * I/O APICs: each one's redirection table, behind its IOREGSEL/IOWIN
 * window. ioapic.c is the only file that touches that window. All IOAPIC
 * programming happens on CPU 0, so the select-then-access pair needs no
 * lock (and a benchmark's timing of it carries none).
 */
#ifndef IOAPIC_H
#define IOAPIC_H

#include <stdbool.h>
#include <stdint.h>

#include "platform.h"

/* Redirection entry bits (82093AA I/O APIC data sheet, 3.2.4). */
#define IOAPIC_RTE_VECTOR_MASK 0xFFull
#define IOAPIC_RTE_DM_FIXED (0ull << 8)
#define IOAPIC_RTE_DM_LOWEST (1ull << 8)
#define IOAPIC_RTE_DM_NMI (4ull << 8)
#define IOAPIC_RTE_DM_EXTINT (7ull << 8)
#define IOAPIC_RTE_DEST_LOGICAL (1ull << 11)
#define IOAPIC_RTE_DELIVERY_PENDING (1ull << 12)
#define IOAPIC_RTE_ACTIVE_LOW (1ull << 13)
#define IOAPIC_RTE_REMOTE_IRR (1ull << 14)
#define IOAPIC_RTE_LEVEL (1ull << 15)
#define IOAPIC_RTE_MASKED (1ull << 16)
#define IOAPIC_RTE_DEST_SHIFT 56

#define IOAPIC_MAX 32

struct ioapic {
	uint8_t id;
	uint8_t version;	/* 0x11: 82093AA; 0x20 and later have the EOI register */
	unsigned entries;	/* redirection entries (max index + 1) */
	uint32_t gsi_base;
	uint64_t address;
	volatile uint32_t *mmio;
};

/* Take every IOAPIC the platform names: map it, read its version and size,
 * mask every entry. Returns NULL or a one-line reason. */
const char *ioapic_init(const struct platform *p);
unsigned ioapic_count(void);
const struct ioapic *ioapic_get(unsigned i);
/* The IOAPIC and pin that carry gsi; false if none does. */
bool ioapic_find_gsi(uint32_t gsi, const struct ioapic **io, unsigned *pin);
uint64_t ioapic_read_rte(const struct ioapic *io, unsigned pin);
void ioapic_write_rte(const struct ioapic *io, unsigned pin, uint64_t rte);
/* The `ioapic_rte` table: every redirection entry of every IOAPIC, decoded. */
void ioapic_emit_table(void);

#endif
