/* Building page tables the hardware walks, from pages of a VM's pool. */
#ifndef MMU_PT_H
#define MMU_PT_H

#include <stdint.h>

struct pt_pool;

/*
 * Maps [va, va + size) to [pa, pa + size) in the tree at root (levels = 3 for Sv39, 4 for Sv48),
 * using the largest leaves alignment allows. Returns -1 when the pool runs out.
 */
int pt_map(struct pt_pool *pool, uint64_t root, unsigned levels, uint64_t va, uint64_t pa,
           uint64_t size, uint64_t leaf_flags);

#endif
