/*
 * Guest memory: one range of host RAM cut into 2 MiB chunks, which back guest RAM on first
 * touch. 2 MiB keeps shadow and G-stage megapages possible, and a bitmap of fixed-size chunks
 * never fragments the way a free list of extents would when VMs give back scattered chunks.
 * Every hart may ask at once (first touches take only their VM's lock), so it has a lock.
 */
#ifndef MM_CHUNK_ARENA_H
#define MM_CHUNK_ARENA_H

#include <stdint.h>

#include "lib/addr.h"
#include "lib/spinlock.h"

#define CHUNK_SHIFT     21
#define CHUNK_SIZE      (1ull << CHUNK_SHIFT)
#define CHUNK_ARENA_MAX 16384u /* chunks: 32 GiB */

struct chunk_arena {
	struct spinlock lock;
	hpa_t base;
	uint32_t nchunks, nfree;
	uint64_t used[CHUNK_ARENA_MAX / 64];
	/* Chunks given back since: they hold a previous owner's data until handed out again. */
	uint64_t dirty[CHUNK_ARENA_MAX / 64];
};

/* [base, base + size): chunk-aligned, zeroed; chunks past CHUNK_ARENA_MAX are left out. */
void chunk_arena_init(struct chunk_arena *a, hpa_t base, uint64_t size);
/* A zeroed chunk, the lowest free one; 0 when none is left. */
hpa_t chunk_alloc(struct chunk_arena *a);
void chunk_free(struct chunk_arena *a, hpa_t chunk);
uint64_t chunk_arena_free_bytes(const struct chunk_arena *a);

static inline uint64_t chunk_arena_bytes(const struct chunk_arena *a)
{
	return (uint64_t)a->nchunks << CHUNK_SHIFT;
}

#endif
