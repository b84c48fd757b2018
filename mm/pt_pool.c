/* Free pages are threaded through their own first word; untouched pages are handed out in order. */
#include "mm/pt_pool.h"

#include <string.h>

#include "lib/util.h"
#include "mm/phys.h"

void pt_pool_init(struct pt_pool *p, hpa_t base, uint64_t npages)
{
	p->base = base;
	p->npages = npages;
	p->free_head = 0;
	p->nfree = npages;
	p->bump = base;
}

static void push_free(struct pt_pool *p, hpa_t page)
{
	*(uint64_t *)phys_to_virt(page) = p->free_head;
	p->free_head = page;
}

hpa_t pt_pool_alloc(struct pt_pool *p)
{
	hpa_t page;

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

hpa_t pt_pool_alloc_contig(struct pt_pool *p, unsigned npages)
{
	uint64_t size = npages * PAGE_SIZE;
	hpa_t start = align_up(p->bump, size);

	if (start + size > p->base + p->npages * PAGE_SIZE)
		return 0;
	/* The pages skipped for alignment (never handed out, so counted free) join the list. */
	for (; p->bump < start; p->bump += PAGE_SIZE)
		push_free(p, p->bump);
	p->bump += size;
	p->nfree -= npages;
	memset(phys_to_virt(start), 0, size);
	return start;
}

void pt_pool_free(struct pt_pool *p, hpa_t page)
{
	push_free(p, page);
	p->nfree++;
}

uint64_t pt_pool_used(const struct pt_pool *p)
{
	return p->npages - p->nfree;
}
