/*
 * Guest RAM for the host tests and fuzzers: a chunk arena over a buffer of theirs, and a pmap
 * with every chunk backed in order, so that guest-physical base + off is the buffer + off, as
 * their reference models assume (the arena hands out its lowest free chunk first). The buffer
 * holds size rounded up to whole chunks.
 */
#ifndef TESTS_GUEST_RAM_H
#define TESTS_GUEST_RAM_H

#include <stdint.h>

#include "mm/chunk_arena.h"
#include "mm/pmap.h"

#define GUEST_RAM_MAX_CHUNKS 8192u /* 16 GiB */

struct guest_ram {
	struct chunk_arena arena;
	hpa_t table[GUEST_RAM_MAX_CHUNKS];
};

static inline int guest_ram_init(struct guest_ram *g, struct pmap *pm, gpa_t gpa, void *buf,
                                 uint64_t size)
{
	uint64_t chunks = (size + CHUNK_SIZE - 1) >> CHUNK_SHIFT;

	if (chunks > GUEST_RAM_MAX_CHUNKS)
		return -1;
	chunk_arena_init(&g->arena, (uint64_t)(uintptr_t)buf, chunks << CHUNK_SHIFT);
	pmap_init(pm, gpa, size, g->table, &g->arena);
	for (uint64_t off = 0; off < size; off += CHUNK_SIZE) {
		hpa_t hpa;
		if (!pmap_lookup(pm, gpa + off, &hpa) || hpa != (uint64_t)(uintptr_t)buf + off)
			return -1;
	}
	return 0;
}

#endif
