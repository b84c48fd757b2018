/* Host memory: contiguous, aligned runs of pages for guest RAM and page-table pools. */
#ifndef MM_PAGE_ALLOC_H
#define MM_PAGE_ALLOC_H

#include <stdint.h>

#include "lib/addr.h"

#define PAGE_ALLOC_MAX_EXTENTS 64

struct page_alloc {
	struct {
		hpa_t base;
		uint64_t size;
	} free[PAGE_ALLOC_MAX_EXTENTS];
	unsigned n;
};

void page_alloc_init(struct page_alloc *pa);
/* Adds a free range (page-aligned inward); returns -1 if the extent table is full. */
int page_alloc_add(struct page_alloc *pa, hpa_t base, uint64_t size);
/* Takes [base, base + size) out of the free ranges (page-aligned outward); -1 if the table is full.
 */
int page_alloc_reserve(struct page_alloc *pa, hpa_t base, uint64_t size);
/* size in bytes (rounded up to pages), align a power of two >= page; 0 when nothing fits. */
hpa_t page_alloc(struct page_alloc *pa, uint64_t size, uint64_t align);
void page_free(struct page_alloc *pa, hpa_t base, uint64_t size);
uint64_t page_alloc_free_bytes(const struct page_alloc *pa);
uint64_t page_alloc_largest(const struct page_alloc *pa, uint64_t align);

#endif
