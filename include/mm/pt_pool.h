/*
 * A VM's bounded pool of page-table pages: every table the hardware walks for the VM comes
 * from it, so one PMP entry can grant the walker read access to exactly these pages.
 */
#ifndef MM_PT_POOL_H
#define MM_PT_POOL_H

#include <stdint.h>

#include "lib/addr.h"

struct pt_pool {
	hpa_t base; /* page-aligned */
	uint64_t npages;
	hpa_t free_head; /* the first free page, 0 when empty */
	uint64_t nfree;
	hpa_t bump; /* pages never handed out yet start here: no free-list walk at init */
};

void pt_pool_init(struct pt_pool *p, hpa_t base, uint64_t npages);
/* A zeroed page, or 0 when the pool is exhausted. */
hpa_t pt_pool_alloc(struct pt_pool *p);
/* npages zeroed, contiguous pages aligned to their total size (npages a power of two), or 0. */
hpa_t pt_pool_alloc_contig(struct pt_pool *p, unsigned npages);
void pt_pool_free(struct pt_pool *p, hpa_t page);
uint64_t pt_pool_used(const struct pt_pool *p);

#endif
