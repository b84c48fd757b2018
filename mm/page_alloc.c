/*
 * First-fit extent allocator. The hypervisor makes few, large allocations (a VM's RAM, its
 * page-table pool), so a sorted table of free extents beats a per-page structure.
 */
#include "mm/page_alloc.h"

#include <stdbool.h>

#include "lib/util.h"

void page_alloc_init(struct page_alloc *pa)
{
	pa->n = 0;
}

static void remove_at(struct page_alloc *pa, unsigned i)
{
	for (; i + 1 < pa->n; i++)
		pa->free[i] = pa->free[i + 1];
	pa->n--;
}

static int insert_at(struct page_alloc *pa, unsigned i, uint64_t base, uint64_t size)
{
	if (pa->n == PAGE_ALLOC_MAX_EXTENTS)
		return -1;
	for (unsigned j = pa->n; j > i; j--)
		pa->free[j] = pa->free[j - 1];
	pa->free[i].base = base;
	pa->free[i].size = size;
	pa->n++;
	return 0;
}

/* Inserts in address order and merges with neighbours. */
static int add_range(struct page_alloc *pa, uint64_t base, uint64_t size)
{
	unsigned i = 0;

	while (i < pa->n && pa->free[i].base < base)
		i++;
	bool merge_prev = i > 0 && pa->free[i - 1].base + pa->free[i - 1].size == base;
	bool merge_next = i < pa->n && base + size == pa->free[i].base;
	if (merge_prev && merge_next) {
		pa->free[i - 1].size += size + pa->free[i].size;
		remove_at(pa, i);
	} else if (merge_prev) {
		pa->free[i - 1].size += size;
	} else if (merge_next) {
		pa->free[i].base = base;
		pa->free[i].size += size;
	} else {
		return insert_at(pa, i, base, size);
	}
	return 0;
}

int page_alloc_add(struct page_alloc *pa, hpa_t base, uint64_t size)
{
	uint64_t start = align_up(base, PAGE_SIZE);
	uint64_t end = align_down(base + size, PAGE_SIZE);

	if (end <= start)
		return 0;
	return add_range(pa, start, end - start);
}

int page_alloc_reserve(struct page_alloc *pa, hpa_t base, uint64_t size)
{
	uint64_t start = align_down(base, PAGE_SIZE);
	uint64_t end = align_up(base + size, PAGE_SIZE);

	if (end <= start)
		return 0;
	for (unsigned i = 0; i < pa->n; i++) {
		uint64_t fb = pa->free[i].base, fe = fb + pa->free[i].size;
		if (end <= fb || start >= fe)
			continue;
		if (start > fb && end < fe) {
			/* Splits the extent in two. */
			if (insert_at(pa, i + 1, end, fe - end) < 0)
				return -1;
			pa->free[i].size = start - fb;
			return 0;
		}
		if (start <= fb && end >= fe) {
			remove_at(pa, i--);
		} else if (start <= fb) {
			pa->free[i].base = end;
			pa->free[i].size = fe - end;
		} else {
			pa->free[i].size = start - fb;
		}
	}
	return 0;
}

hpa_t page_alloc(struct page_alloc *pa, uint64_t size, uint64_t align)
{
	size = align_up(size, PAGE_SIZE);
	if (size == 0 || align < PAGE_SIZE || (align & (align - 1)))
		return 0;
	for (unsigned i = 0; i < pa->n; i++) {
		uint64_t base = pa->free[i].base, end = base + pa->free[i].size;
		uint64_t start = align_up(base, align);
		if (start < base || start > end || end - start < size)
			continue;
		/* Split the extent into the head before `start` and the tail after the block. */
		uint64_t tail = end - (start + size);
		if (start > base) {
			pa->free[i].size = start - base;
			if (tail && insert_at(pa, i + 1, start + size, tail) < 0) {
				pa->free[i].size = end - base;
				continue;
			}
		} else if (tail) {
			pa->free[i].base = start + size;
			pa->free[i].size = tail;
		} else {
			remove_at(pa, i);
		}
		return start;
	}
	return 0;
}

void page_free(struct page_alloc *pa, hpa_t base, uint64_t size)
{
	/* A full extent table can only lose the range: never corrupt the allocator. */
	if (size)
		(void)add_range(pa, base, align_up(size, PAGE_SIZE));
}

uint64_t page_alloc_free_bytes(const struct page_alloc *pa)
{
	uint64_t total = 0;

	for (unsigned i = 0; i < pa->n; i++)
		total += pa->free[i].size;
	return total;
}

uint64_t page_alloc_largest(const struct page_alloc *pa, uint64_t align)
{
	uint64_t best = 0;

	for (unsigned i = 0; i < pa->n; i++) {
		uint64_t base = pa->free[i].base, end = base + pa->free[i].size;
		uint64_t start = align_up(base, align);
		if (start < end && end - start > best)
			best = end - start;
	}
	return best;
}
