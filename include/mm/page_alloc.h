/* Host memory: contiguous, aligned runs of pages for guest RAM and page-table pools. */
#ifndef MM_PAGE_ALLOC_H
#define MM_PAGE_ALLOC_H

#include <stdint.h>

#include "lib/addr.h"

#define PAGE_ALLOC_MAX_EXTENTS 64

struct extent {
	hpa_t base;
	uint64_t size;
};

/*
 * Free memory, and memory that may hold what a previous owner left (freed since the machine
 * started, or written by the firmware before it). The rest of the free memory is zero, as the
 * machine's RAM is at start.
 */
struct page_alloc {
	struct extent free[PAGE_ALLOC_MAX_EXTENTS];
	unsigned n;
	struct extent dirty[PAGE_ALLOC_MAX_EXTENTS];
	unsigned ndirty;
};

void page_alloc_init(struct page_alloc *pa);
/* Adds a free range (page-aligned inward); returns -1 if the extent table is full. */
int page_alloc_add(struct page_alloc *pa, hpa_t base, uint64_t size);
/* Takes [base, base + size) out of the free ranges (page-aligned outward); -1 if the table is full.
 */
int page_alloc_reserve(struct page_alloc *pa, hpa_t base, uint64_t size);
/* size in bytes (rounded up to pages), align a power of two >= page; 0 when nothing fits. */
hpa_t page_alloc(struct page_alloc *pa, uint64_t size, uint64_t align);
/* Gives the range back; it may hold data until page_alloc_zero clears it. */
void page_free(struct page_alloc *pa, hpa_t base, uint64_t size);
/* Zeroes what of an allocated block may hold data, and no more. */
void page_alloc_zero(struct page_alloc *pa, hpa_t base, uint64_t size);
uint64_t page_alloc_free_bytes(const struct page_alloc *pa);
uint64_t page_alloc_largest(const struct page_alloc *pa, uint64_t align);

#endif
