/*
 * 4-level paging for the identity map (SDM Vol. 3A 4.5). The first 2 MiB
 * use 4 KiB pages so that page 0 can stay not-present; everything else up
 * to 4 GiB uses 2 MiB pages, write-back unless paging_map_mmio() says UC.
 */
#include "paging.h"

#include "bootdefs.h"
#include "panic.h"
#include "x86.h"

#define PAGE_4K 0x1000ull
#define PAGE_2M 0x200000ull
#define GIB 0x40000000ull

extern const char _image_end[];

static uint64_t pml4[512] __attribute__((aligned(4096)));
static uint64_t pdpt[512] __attribute__((aligned(4096)));
static uint64_t pd[4][512] __attribute__((aligned(4096)));
static uint64_t pt_low[512] __attribute__((aligned(4096)));
/* Physical page 0 (the BIOS data area, where the EBDA segment is) read-only
 * at PAGING_PAGE0_ALIAS, so firmware-table scans can read it while a null
 * pointer still faults. */
static uint64_t pd_alias[512] __attribute__((aligned(4096)));
static uint64_t pt_alias[512] __attribute__((aligned(4096)));

static void invlpg(uint64_t addr)
{
	__asm__ volatile("invlpg (%0)" : : "r"(addr) : "memory");
}

void paging_init(void)
{
	pml4[0] = (uint64_t)pdpt | PTE_P | PTE_W;
	for (unsigned g = 0; g < 4; g++) {
		pdpt[g] = (uint64_t)pd[g] | PTE_P | PTE_W;
		for (unsigned i = 0; i < 512; i++)
			pd[g][i] = (g * GIB + i * PAGE_2M) | PTE_P | PTE_W | PTE_PS;
	}
	for (unsigned i = 1; i < 512; i++)
		pt_low[i] = (i * PAGE_4K) | PTE_P | PTE_W;
	pd[0][0] = (uint64_t)pt_low | PTE_P | PTE_W;
	pt_alias[0] = 0 | PTE_P;
	pd_alias[0] = (uint64_t)pt_alias | PTE_P | PTE_W;
	pdpt[PAGING_PAGE0_ALIAS / GIB] = (uint64_t)pd_alias | PTE_P | PTE_W;
	write_cr3((uint64_t)pml4);
}

/* User-mode access needs U=1 at every level (SDM Vol. 3A 4.6.1). Below
 * 2 MiB the 4 KiB pages of pt_low are marked one by one; above, the whole
 * 2 MiB page holding an address. Other CPUs may still hold the old
 * entries in their TLBs: kernel/usermode.c flushes them before ring 3. */
void paging_allow_user(uint64_t addr, uint64_t len)
{
	ASSERT(len > 0 && addr >= PAGE_4K && addr + len <= 4 * GIB);
	pml4[0] |= PTE_U;
	for (uint64_t a = addr & ~(PAGE_4K - 1); a < addr + len; a += PAGE_4K) {
		pdpt[a / GIB] |= PTE_U;
		pd[a / GIB][(a % GIB) / PAGE_2M] |= PTE_U;
		if (a < PAGE_2M)
			pt_low[a / PAGE_4K] |= PTE_U;
		invlpg(a);
	}
}

bool paging_identity_covers(uint64_t phys, uint64_t len)
{
	return phys < 4 * GIB && len <= 4 * GIB - phys;
}

const char *paging_mmio_why(uint64_t phys, uint64_t len)
{
	return paging_mmio_range_why(phys, len, (uint64_t)_image_end);
}

void paging_map_mmio(uint64_t phys, uint64_t len)
{
	ASSERT(!paging_mmio_why(phys, len));
	for (uint64_t a = phys & ~(PAGE_2M - 1); a < phys + len; a += PAGE_2M) {
		pd[a / GIB][(a % GIB) / PAGE_2M] |= PTE_PCD | PTE_PWT;
		invlpg(a);
	}
}
