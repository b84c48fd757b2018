/*
 * A VM's bounded pool of page-table pages: every table the hardware walks for the VM comes
 * from it, so one PMP entry can grant the walker read access to exactly these pages.
 */
#ifndef MM_PT_POOL_H
#define MM_PT_POOL_H

#include <stdint.h>

struct pt_pool {
	uint64_t base; /* host-physical, page-aligned */
	uint64_t npages;
	uint64_t free_head; /* host-physical address of the first free page, 0 when empty */
	uint64_t nfree;
	uint64_t bump; /* pages never handed out yet start here: no free-list walk at init */
};

void pt_pool_init(struct pt_pool *p, uint64_t base, uint64_t npages);
/* A zeroed page, or 0 when the pool is exhausted. */
uint64_t pt_pool_alloc(struct pt_pool *p);
/* npages zeroed, contiguous pages aligned to their total size (npages a power of two), or 0. */
uint64_t pt_pool_alloc_contig(struct pt_pool *p, unsigned npages);
void pt_pool_free(struct pt_pool *p, uint64_t page);
uint64_t pt_pool_used(const struct pt_pool *p);

#endif
