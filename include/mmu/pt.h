/* Building page tables the hardware walks, from pages of a VM's pool. */
#ifndef MMU_PT_H
#define MMU_PT_H

#include <stdint.h>

#include "lib/addr.h"

struct pt_pool;

/*
 * Maps guest-physical [gpa, gpa + size) to [hpa, hpa + size) in the tree at root (levels = 3
 * for Sv39 or Sv39x4, 4 for Sv48 or Sv48x4: the Bare-mode roots and the G-stage), using the
 * largest leaves alignment allows. Returns -1 when the pool runs out.
 */
int pt_map(struct pt_pool *pool, hpa_t root, unsigned levels, gpa_t gpa, hpa_t hpa, uint64_t size,
           uint64_t leaf_flags);
/*
 * Makes the tables [gpa, gpa + size) needs for leaves at leaf_level (0: 4 KiB, 1: 2 MiB), and no
 * leaf: a pt_map of such leaves there later takes nothing from the pool. -1 when it runs out.
 */
int pt_prepare(struct pt_pool *pool, hpa_t root, unsigned levels, gpa_t gpa, uint64_t size,
               unsigned leaf_level);

#endif
