/* Free pages are threaded through their own first word; untouched pages are handed out in order. */
#include "mm/pt_pool.h"

#include <string.h>

#include "lib/util.h"
#include "mm/phys.h"

void pt_pool_init(struct pt_pool *p, uint64_t base, uint64_t npages)
{
	p->base = base;
	p->npages = npages;
	p->free_head = 0;
	p->nfree = npages;
	p->bump = base;
}

uint64_t pt_pool_alloc(struct pt_pool *p)
{
	uint64_t page;

	if (p->free_head) {
		page = p->free_head;
		p->free_head = *(uint64_t *)phys_to_virt(page);
	} else if (p->bump < p->base + p->npages * PAGE_SIZE) {
		page = p->bump;
		p->bump += PAGE_SIZE;
	} else {
		return 0;
	}
	p->nfree--;
	memset(phys_to_virt(page), 0, PAGE_SIZE);
	return page;
}

void pt_pool_free(struct pt_pool *p, uint64_t page)
{
	*(uint64_t *)phys_to_virt(page) = p->free_head;
	p->free_head = page;
	p->nfree++;
}

uint64_t pt_pool_used(const struct pt_pool *p)
{
	return p->npages - p->nfree;
}
