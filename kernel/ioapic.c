/*
 * I/O APIC (Intel 82093AA data sheet, 3.0-3.2; ICH/PCH data sheets for the
 * version 0x20 EOI register). Registers are reached indirectly: write the
 * register index to IOREGSEL, then read or write IOWIN. A redirection entry
 * is 64 bits in two registers; writes go high half first, so the entry is
 * never live with a new vector and an old destination.
 */
#include "ioapic.h"

#include "console.h"
#include "fmt.h"
#include "frame.h"
#include "paging.h"

enum ioapic_mmio {
	IOAPIC_IOREGSEL = 0x00 / 4,
	IOAPIC_IOWIN = 0x10 / 4,
	IOAPIC_EOI = 0x40 / 4,	/* version 0x20 and later; write the vector */
};

enum ioapic_reg {
	IOAPIC_ID = 0x00,
	IOAPIC_VER = 0x01,	/* bits 7:0 version, 23:16 max redirection entry */
	IOAPIC_REDTBL = 0x10,	/* entry n: 0x10 + 2n (low), 0x11 + 2n (high) */
};

#define IOAPIC_MMIO_SIZE 0x1000
_Static_assert(IOAPIC_MAX >= PLATFORM_MAX_IOAPICS, "every I/O APIC the platform lists is kept");

static struct ioapic ioapics[IOAPIC_MAX];
static unsigned n_ioapics;
/* Each one's GSI range, as platform_gsi_to_ioapic takes it. */
static uint32_t gsi_bases[IOAPIC_MAX];
static unsigned gsi_entries[IOAPIC_MAX];

static uint32_t ioapic_read(const struct ioapic *io, uint32_t reg)
{
	io->mmio[IOAPIC_IOREGSEL] = reg;
	return io->mmio[IOAPIC_IOWIN];
}

static void ioapic_write(const struct ioapic *io, uint32_t reg, uint32_t v)
{
	io->mmio[IOAPIC_IOREGSEL] = reg;
	io->mmio[IOAPIC_IOWIN] = v;
}

uint64_t ioapic_read_rte(const struct ioapic *io, unsigned pin)
{
	uint32_t lo = ioapic_read(io, IOAPIC_REDTBL + 2 * pin);

	return ((uint64_t)ioapic_read(io, IOAPIC_REDTBL + 2 * pin + 1) << 32) | lo;
}

void ioapic_write_rte(const struct ioapic *io, unsigned pin, uint64_t rte)
{
	ioapic_write(io, IOAPIC_REDTBL + 2 * pin + 1, (uint32_t)(rte >> 32));
	ioapic_write(io, IOAPIC_REDTBL + 2 * pin, (uint32_t)rte);
}

uint64_t ioapic_mask_rte(const struct ioapic *io, unsigned pin, uint64_t cur)
{
	uint64_t rte = cur | IOAPIC_RTE_MASKED;

	ioapic_write(io, IOAPIC_REDTBL + 2 * pin, (uint32_t)rte);
	return rte;
}

uint64_t ioapic_unmask_rte(const struct ioapic *io, unsigned pin, uint64_t cur)
{
	uint64_t rte = cur & ~IOAPIC_RTE_MASKED;

	ioapic_write(io, IOAPIC_REDTBL + 2 * pin, (uint32_t)rte);
	return rte;
}

uint64_t ioapic_retarget_rte(const struct ioapic *io, unsigned pin, uint64_t cur, uint8_t dest)
{
	uint64_t rte = (cur & ~(0xFFull << IOAPIC_RTE_DEST_SHIFT)) | (uint64_t)dest << IOAPIC_RTE_DEST_SHIFT;

	ioapic_write(io, IOAPIC_REDTBL + 2 * pin + 1, (uint32_t)(rte >> 32));
	return rte;
}

bool ioapic_has_eoi(const struct ioapic *io)
{
	return io->version >= IOAPIC_VERSION_EOI;
}

void ioapic_eoi(const struct ioapic *io, uint8_t vector)
{
	io->mmio[IOAPIC_EOI] = vector;
}

/* The address comes from the firmware's tables: one that paging cannot
 * map as MMIO is refused with its reason (into why), not asserted. */
static const char *ioapic_take(struct ioapic *io, const struct platform_ioapic *pi, char *why,
			       size_t len)
{
	const char *bad = paging_mmio_why(pi->address, IOAPIC_MMIO_SIZE);

	if (bad) {
		ksnprintf(why, len, "ioapic: the firmware tables put I/O APIC ID %u at 0x%lx, %s",
			  pi->id, (uint64_t)pi->address, bad);
		return why;
	}
	io->id = pi->id;
	io->address = pi->address;
	paging_map_mmio(io->address, IOAPIC_MMIO_SIZE);
	io->mmio = (volatile uint32_t *)(uintptr_t)io->address;
	uint32_t ver = ioapic_read(io, IOAPIC_VER);
	io->version = (uint8_t)ver;
	io->entries = ((ver >> 16) & 0xFF) + 1;
	return 0;
}

static void ioapic_mask_all(const struct ioapic *io)
{
	for (unsigned pin = 0; pin < io->entries; pin++)
		ioapic_write_rte(io, pin, IOAPIC_RTE_MASKED);
}

/* Every I/O APIC is mapped and sized first: its GSI range needs its entry
 * count (and, from MP tables, the ones before it). */
const char *ioapic_init(const struct platform *p)
{
	static char why[160];
	const uint32_t *bases = gsi_bases;
	const unsigned *entries = gsi_entries;
	unsigned a, b;

	if (p->n_ioapics == 0)
		return "ioapic: the firmware tables name no I/O APIC";
	for (n_ioapics = 0; n_ioapics < p->n_ioapics; n_ioapics++) {
		if (ioapic_take(&ioapics[n_ioapics], &p->ioapics[n_ioapics], why, sizeof(why)))
			return why;
		gsi_entries[n_ioapics] = ioapics[n_ioapics].entries;
	}
	if (platform_ioapic_gsi_bases(p, gsi_entries, gsi_bases, &a, &b) < 0) {
		ksnprintf(why, sizeof(why), "ioapic: I/O APICs %u (ID %u, GSI %u-%u) and %u (ID %u, "
			  "GSI %u-%u) claim the same GSIs", a, ioapics[a].id, bases[a],
			  bases[a] + entries[a] - 1, b, ioapics[b].id, bases[b], bases[b] + entries[b] - 1);
		return why;
	}
	for (unsigned i = 0; i < n_ioapics; i++) {
		ioapics[i].gsi_base = bases[i];
		ioapic_mask_all(&ioapics[i]);
	}
	return 0;
}

unsigned ioapic_count(void)
{
	return n_ioapics;
}

const struct ioapic *ioapic_get(unsigned i)
{
	return i < n_ioapics ? &ioapics[i] : 0;
}

bool ioapic_find_gsi(uint32_t gsi, const struct ioapic **io, unsigned *pin)
{
	unsigned i;

	if (!platform_gsi_to_ioapic(gsi_bases, gsi_entries, n_ioapics, gsi, &i, pin))
		return false;
	*io = &ioapics[i];
	return true;
}

static const char *rte_delivery_mode(uint64_t rte)
{
	static const char *const modes[8] = { "fixed", "lowest", "smi", "reserved",
					      "nmi", "init", "reserved", "extint" };

	return modes[(rte >> 8) & 7];
}

/* One compact frame per I/O APIC: its number, ID, version, address and GSI
 * base lead every row of its pins, and the pin is the row's number. */
void ioapic_emit_table(void)
{
	static const char columns[] = "ioapic,id,version,address,gsi_base,pin,gsi,raw,vector,"
				      "delivery_mode,dest_mode,delivery_status,polarity,remote_irr,"
				      "trigger,masked,destination";
	char fixed[80];
	struct frame f;

	console_lock();
	if (n_ioapics == 0) {
		frame_begin(&f, "ioapic_rte", columns);
		frame_end(&f);
	}
	for (unsigned i = 0; i < n_ioapics; i++) {
		const struct ioapic *io = &ioapics[i];

		ksnprintf(fixed, sizeof(fixed), "%u,%u,0x%x,0x%lx,%u", i, io->id, io->version,
			  io->address, io->gsi_base);
		frame_begin_fixed(&f, "ioapic_rte", columns, fixed);
		for (unsigned pin = 0; pin < io->entries; pin++) {
			uint64_t r = ioapic_read_rte(io, pin);
			frame_row(&f, "%u,0x%016lx,%lu,%s,%s,%s,%s,%lu,%s,%lu,%lu",
				  io->gsi_base + pin, r, (uint64_t)(r & IOAPIC_RTE_VECTOR_MASK),
				  rte_delivery_mode(r), r & IOAPIC_RTE_DEST_LOGICAL ? "logical" : "physical",
				  r & IOAPIC_RTE_DELIVERY_PENDING ? "pending" : "idle",
				  r & IOAPIC_RTE_ACTIVE_LOW ? "low" : "high", (r >> 14) & 1,
				  r & IOAPIC_RTE_LEVEL ? "level" : "edge", (r >> 16) & 1,
				  r >> IOAPIC_RTE_DEST_SHIFT);
		}
		frame_end(&f);
	}
	console_unlock();
}
