/* RISC-V page-table entries and paging modes (Sv39, Sv48, Sv57), shared by every MMU module. */
#ifndef MMU_PTE_H
#define MMU_PTE_H

#include <stdint.h>

#define PTE_V         (1ull << 0)
#define PTE_R         (1ull << 1)
#define PTE_W         (1ull << 2)
#define PTE_X         (1ull << 3)
#define PTE_U         (1ull << 4)
#define PTE_G         (1ull << 5)
#define PTE_A         (1ull << 6)
#define PTE_D         (1ull << 7)
#define PTE_RWX       (PTE_R | PTE_W | PTE_X)
#define PTE_PPN_SHIFT 10
#define PTE_PPN_MASK  (((1ull << 44) - 1) << PTE_PPN_SHIFT)

#define SATP_MODE_SHIFT 60
#define SATP_MODE_BARE  0ull
#define SATP_MODE_SV39  8ull
#define SATP_MODE_SV48  9ull
#define SATP_MODE_SV57  10ull
#define SATP_ASID_SHIFT 44
#define SATP_ASID_MASK  0xffffull
#define SATP_PPN_MASK   ((1ull << 44) - 1)

#define PT_ENTRIES  512
#define PT_IDX_BITS 9
/* Table levels of the paging modes: Sv39 has the fewest, Sv57 the most. */
#define PT_LEVELS_MIN 3
#define PT_LEVELS_MAX 5

static inline uint64_t pte_pa(uint64_t pte)
{
	return ((pte & PTE_PPN_MASK) >> PTE_PPN_SHIFT) << 12;
}

static inline uint64_t pte_make(uint64_t pa, uint64_t flags)
{
	return ((pa >> 12) << PTE_PPN_SHIFT) | flags;
}

static inline int pte_is_leaf(uint64_t pte)
{
	return (pte & PTE_RWX) != 0;
}

/* The table levels of satp mode `mode`: Sv39, Sv48 and Sv57 have 3, 4 and 5; 0 for another. */
static inline unsigned satp_mode_levels(uint64_t mode)
{
	return mode >= SATP_MODE_SV39 && mode <= SATP_MODE_SV57 ? (unsigned)(mode - 5) : 0;
}

/* The satp mode with `levels` table levels (PT_LEVELS_MIN to PT_LEVELS_MAX). */
static inline uint64_t satp_mode_of_levels(unsigned levels)
{
	return levels + 5ull;
}

/* A device tree's mmu-type for the paging mode of `levels` levels; "" for none. */
static inline const char *pt_mmu_type(unsigned levels)
{
	switch (levels) {
	case 3:
		return "riscv,sv39";
	case 4:
		return "riscv,sv48";
	case 5:
		return "riscv,sv57";
	default:
		return "";
	}
}

/* Bytes mapped by one leaf at `level` (0 = 4 KiB). */
static inline uint64_t pt_level_size(unsigned level)
{
	return 1ull << (12 + PT_IDX_BITS * level);
}

static inline unsigned pt_index(uint64_t va, unsigned level)
{
	return (va >> (12 + PT_IDX_BITS * level)) & (PT_ENTRIES - 1);
}

#endif
