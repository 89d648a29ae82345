/*
 * I/O APICs: each one's redirection table, behind its IOREGSEL/IOWIN
 * window. ioapic.c is the only file that touches that window. One CPU at a
 * time programs the IOAPICs (CPU 0 at boot; bench=ioapic the CPU running
 * its current series), so the select-then-access pair needs no lock (and a
 * benchmark's timing of it carries none).
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
/* The destination field is 8 bits and 0xFF broadcasts: without interrupt
 * remapping no I/O APIC reaches a CPU with a higher APIC ID, even in
 * x2APIC mode (SDM 10.12.1: x2APIC IDs above 255 need remapping). */
#define IOAPIC_MAX_DEST_APIC_ID 0xFEu

#define IOAPIC_MAX 32
/* Versions from 0x20 on have the EOI register (ICH/PCH data sheets). */
#define IOAPIC_VERSION_EOI 0x20

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
/* One-register updates, as an OS that keeps a copy of each entry makes
 * them: mask and unmask write the low half only, a retarget the high half
 * (the destination) only. cur is the entry's current value; each returns
 * the new one. */
uint64_t ioapic_mask_rte(const struct ioapic *io, unsigned pin, uint64_t cur);
uint64_t ioapic_unmask_rte(const struct ioapic *io, unsigned pin, uint64_t cur);
uint64_t ioapic_retarget_rte(const struct ioapic *io, unsigned pin, uint64_t cur, uint8_t dest);
/* Directed EOI: clears Remote IRR of this IOAPIC's level-triggered entries
 * with this vector, for a LAPIC that does not broadcast EOIs. Only for
 * ioapic_has_eoi() IOAPICs. */
bool ioapic_has_eoi(const struct ioapic *io);
void ioapic_eoi(const struct ioapic *io, uint8_t vector);
/* The `ioapic_rte` table: every redirection entry of every IOAPIC, decoded. */
void ioapic_emit_table(void);

#endif
