/* The kernel's identity map and the memory types of its MMIO windows. */
#ifndef PAGING_H
#define PAGING_H

#include <stdbool.h>
#include <stdint.h>

/* Identity-map the first 4 GiB (2 MiB pages, page 0 left unmapped so that
 * a null dereference faults), then switch CR3 to it. */
void paging_init(void);
/* Make [phys, phys + len) below 4 GiB uncacheable (PCD|PWT: PAT entry 3,
 * UC, with the power-on PAT; SDM Vol. 3A 11.12.3), for device registers.
 * The range must pass paging_mmio_why (an assertion checks it). */
void paging_map_mmio(uint64_t phys, uint64_t len);
/* Why device registers that firmware or an MSR places at [phys, phys +
 * len) cannot be mapped, or NULL: the identity map ends at 4 GiB, and
 * below the kernel image's end (rounded up to its 2 MiB page) the address
 * is the kernel's own memory, so the value is bogus. */
const char *paging_mmio_why(uint64_t phys, uint64_t len);
/* paging_mmio_why with the image's end given (pure, host-tested). */
static inline const char *paging_mmio_range_why(uint64_t phys, uint64_t len, uint64_t image_end)
{
	uint64_t floor = (image_end + 0x1FFFFF) & ~0x1FFFFFull;

	if (len == 0 || phys >= 0x100000000ull || len > 0x100000000ull - phys)
		return "not below 4 GiB, where the identity map ends";
	if (phys < floor)
		return "inside the kernel's own memory (below the end of its image)";
	return 0;
}
/* Let ring 3 read, write and execute [addr, addr + len) (sets PTE_U;
 * above 2 MiB on the whole 2 MiB page), on this CPU's TLB at once. */
void paging_allow_user(uint64_t addr, uint64_t len);
/* Whether [phys, phys + len) lies in the identity map (below 4 GiB), so a
 * pointer of the same value reaches it; page 0 needs PAGING_PAGE0_ALIAS. */
bool paging_identity_covers(uint64_t phys, uint64_t len);
/* An address that is guaranteed not present (the null page). */
#define PAGING_UNMAPPED_ADDR 0x0ull
/* Where physical page 0 can be read (paging_init maps it there, read-only). */
#define PAGING_PAGE0_ALIAS 0x100000000ull

#endif
