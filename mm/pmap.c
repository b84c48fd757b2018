/* Guest RAM as a table of chunks: a lookup is an index, and a first touch an allocation. */
#include "mm/pmap.h"

#include <string.h>

#include "lib/util.h"

void pmap_init(struct pmap *pm, gpa_t base, uint64_t size, hpa_t *table, struct chunk_arena *a)
{
	*pm = (struct pmap){.base = base, .size = size, .chunk = table, .arena = a};
	memset(table, 0, pmap_table_size(size));
}

void pmap_release(struct pmap *pm)
{
	for (uint64_t i = 0; i < pmap_table_size(pm->size) / sizeof(hpa_t); i++)
		if (pm->chunk[i]) {
			chunk_free(pm->arena, pm->chunk[i]);
			pm->chunk[i] = 0;
		}
	pm->backed = 0;
}

hpa_t pmap_back(struct pmap *pm, uint64_t idx)
{
	hpa_t chunk = chunk_alloc(pm->arena);

	if (!chunk) {
		pm->starved = true;
		return 0;
	}
	pm->chunk[idx] = chunk;
	pm->backed++;
	return chunk;
}

bool pmap_block(struct pmap *pm, gpa_t gpa, uint64_t size, hpa_t *hpa)
{
	gpa_t block = align_down(gpa, size);
	hpa_t at;

	if (!pmap_is_ram(pm, block) || block + size - 1 - pm->base >= pm->size ||
	    !pmap_lookup(pm, gpa, &at))
		return false;
	*hpa = at - (gpa - block);
	if (!is_aligned(*hpa, size))
		return false;
	/* Blocks beyond a chunk need every chunk in them backed, one after the other. */
	for (gpa_t c = align_down(block, CHUNK_SIZE); c < block + size; c += CHUNK_SIZE) {
		hpa_t h;
		if (!pmap_find(pm, c, &h) || h != *hpa + (c - block))
			return false;
	}
	return true;
}

int pmap_write(struct pmap *pm, gpa_t gpa, const void *src, uint64_t len)
{
	const uint8_t *from = src;

	while (len) {
		uint64_t n = MIN(len, pmap_chunk_left(pm, gpa));
		void *to = pmap_ptr(pm, gpa, n);
		if (!to)
			return -1;
		memcpy(to, from, n);
		gpa += n;
		from += n;
		len -= n;
	}
	return 0;
}
