/* A bitmap allocator: the lowest free chunk first, so a VM's early chunks tend to be adjacent. */
#include "mm/chunk_arena.h"

#include <string.h>

#include "lib/util.h"
#include "mm/phys.h"

static bool test_bit(const uint64_t *map, uint32_t i)
{
	return (map[i / 64] >> (i % 64)) & 1;
}

static void set_bit(uint64_t *map, uint32_t i, bool on)
{
	if (on)
		map[i / 64] |= 1ull << (i % 64);
	else
		map[i / 64] &= ~(1ull << (i % 64));
}

void chunk_arena_init(struct chunk_arena *a, hpa_t base, uint64_t size)
{
	memset(a, 0, sizeof(*a));
	a->base = base;
	a->nchunks = (uint32_t)MIN(size >> CHUNK_SHIFT, (uint64_t)CHUNK_ARENA_MAX);
	a->nfree = a->nchunks;
}

hpa_t chunk_alloc(struct chunk_arena *a)
{
	hpa_t chunk = 0;
	bool dirty = false;

	spin_lock(&a->lock);
	for (uint32_t w = 0; w * 64 < a->nchunks; w++) {
		if (a->used[w] == ~0ull)
			continue;
		uint32_t i = w * 64;
		while (test_bit(a->used, i)) /* no libgcc here for a count of trailing zeros */
			i++;
		if (i >= a->nchunks)
			break;
		set_bit(a->used, i, true);
		dirty = test_bit(a->dirty, i);
		set_bit(a->dirty, i, false);
		a->nfree--;
		chunk = a->base + ((uint64_t)i << CHUNK_SHIFT);
		break;
	}
	spin_unlock(&a->lock);
	/* Outside the lock: the chunk is the caller's alone now. */
	if (dirty)
		memset(phys_to_virt(chunk), 0, CHUNK_SIZE);
	return chunk;
}

void chunk_free(struct chunk_arena *a, hpa_t chunk)
{
	uint64_t i = (chunk - a->base) >> CHUNK_SHIFT;

	if (chunk < a->base || i >= a->nchunks || ((chunk - a->base) & (CHUNK_SIZE - 1)))
		return;
	spin_lock(&a->lock);
	if (test_bit(a->used, (uint32_t)i)) {
		set_bit(a->used, (uint32_t)i, false);
		set_bit(a->dirty, (uint32_t)i, true);
		a->nfree++;
	}
	spin_unlock(&a->lock);
}

uint64_t chunk_arena_free_bytes(const struct chunk_arena *a)
{
	return (uint64_t)__atomic_load_n(&a->nfree, __ATOMIC_RELAXED) << CHUNK_SHIFT;
}
