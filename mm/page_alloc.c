/*
 * First-fit extent allocator. The hypervisor makes few, large allocations (a VM's RAM, its
 * page-table pool), so a sorted table of free extents beats a per-page structure. A second
 * table remembers where freed memory may still hold data: the machine's RAM starts zeroed, so
 * only that needs zeroing before a guest gets it.
 */
#include "mm/page_alloc.h"

#include <stdbool.h>
#include <string.h>

#include "lib/util.h"
#include "mm/phys.h"

void page_alloc_init(struct page_alloc *pa)
{
	pa->n = 0;
	pa->ndirty = 0;
}

static void remove_at(struct extent *list, unsigned *n, unsigned i)
{
	for (; i + 1 < *n; i++)
		list[i] = list[i + 1];
	(*n)--;
}

static int insert_at(struct extent *list, unsigned *n, unsigned i, uint64_t base, uint64_t size)
{
	if (*n == PAGE_ALLOC_MAX_EXTENTS)
		return -1;
	for (unsigned j = *n; j > i; j--)
		list[j] = list[j - 1];
	list[i].base = base;
	list[i].size = size;
	(*n)++;
	return 0;
}

/* Inserts in address order and merges with neighbours. */
static int add_range(struct extent *list, unsigned *n, uint64_t base, uint64_t size)
{
	unsigned i = 0;

	while (i < *n && list[i].base < base)
		i++;
	bool merge_prev = i > 0 && list[i - 1].base + list[i - 1].size == base;
	bool merge_next = i < *n && base + size == list[i].base;
	if (merge_prev && merge_next) {
		list[i - 1].size += size + list[i].size;
		remove_at(list, n, i);
	} else if (merge_prev) {
		list[i - 1].size += size;
	} else if (merge_next) {
		list[i].base = base;
		list[i].size += size;
	} else {
		return insert_at(list, n, i, base, size);
	}
	return 0;
}

/* Takes [start, end) out of the extents; -1 if a split finds the table full. */
static int take_range(struct extent *list, unsigned *n, uint64_t start, uint64_t end)
{
	for (unsigned i = 0; i < *n; i++) {
		uint64_t fb = list[i].base, fe = fb + list[i].size;
		if (end <= fb || start >= fe)
			continue;
		if (start > fb && end < fe) {
			/* Splits the extent in two. */
			if (insert_at(list, n, i + 1, end, fe - end) < 0)
				return -1;
			list[i].size = start - fb;
			return 0;
		}
		if (start <= fb && end >= fe) {
			remove_at(list, n, i--);
		} else if (start <= fb) {
			list[i].base = end;
			list[i].size = fe - end;
		} else {
			list[i].size = start - fb;
		}
	}
	return 0;
}

int page_alloc_add(struct page_alloc *pa, hpa_t base, uint64_t size)
{
	uint64_t start = align_up(base, PAGE_SIZE);
	uint64_t end = align_down(base + size, PAGE_SIZE);

	if (end <= start)
		return 0;
	return add_range(pa->free, &pa->n, start, end - start);
}

int page_alloc_reserve(struct page_alloc *pa, hpa_t base, uint64_t size)
{
	uint64_t start = align_down(base, PAGE_SIZE);
	uint64_t end = align_up(base + size, PAGE_SIZE);

	if (end <= start)
		return 0;
	return take_range(pa->free, &pa->n, start, end);
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
			if (tail && insert_at(pa->free, &pa->n, i + 1, start + size, tail) < 0) {
				pa->free[i].size = end - base;
				continue;
			}
		} else if (tail) {
			pa->free[i].base = start + size;
			pa->free[i].size = tail;
		} else {
			remove_at(pa->free, &pa->n, i);
		}
		return start;
	}
	return 0;
}

void page_free(struct page_alloc *pa, hpa_t base, uint64_t size)
{
	if (!size)
		return;
	size = align_up(size, PAGE_SIZE);
	/* A full extent table can only lose the range: never corrupt the allocator. */
	(void)add_range(pa->free, &pa->n, base, size);
	if (add_range(pa->dirty, &pa->ndirty, base, size) == 0)
		return;
	/* No room to remember it apart: it joins the nearest dirty extent, gap and all. What lies
	 * between is at worst zeroed once more than it needs. */
	unsigned i = 0;
	while (i + 1 < pa->ndirty && pa->dirty[i + 1].base < base)
		i++;
	struct extent *d = &pa->dirty[i];
	uint64_t end = MAX(d->base + d->size, base + size);
	d->base = MIN(d->base, base);
	d->size = end - d->base;
	if (i + 1 < pa->ndirty && d->base + d->size >= pa->dirty[i + 1].base) {
		uint64_t next_end = pa->dirty[i + 1].base + pa->dirty[i + 1].size;
		d->size = MAX(end, next_end) - d->base;
		remove_at(pa->dirty, &pa->ndirty, i + 1);
	}
}

void page_alloc_zero(struct page_alloc *pa, hpa_t base, uint64_t size)
{
	uint64_t end = base + align_up(size, PAGE_SIZE);

	for (unsigned i = 0; i < pa->ndirty; i++) {
		uint64_t db = MAX(pa->dirty[i].base, base);
		uint64_t de = MIN(pa->dirty[i].base + pa->dirty[i].size, end);
		if (db < de)
			memset(phys_to_virt(db), 0, de - db);
	}
	/* Clean now; if the table is too full to split an extent, it stays marked, which only
	 * costs a later zeroing. */
	(void)take_range(pa->dirty, &pa->ndirty, base, end);
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
