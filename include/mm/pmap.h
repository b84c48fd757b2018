/*
 * A VM's physical map, guest-physical to host-physical. It is the truth every shadow or G-stage
 * entry is derived from, and the only way the hypervisor touches guest memory.
 *
 * Guest RAM is one range, backed in 2 MiB chunks of the guest-memory arena on first touch: a
 * lookup of a page nobody has touched yet takes a zeroed chunk. If the arena has none left,
 * the lookup fails and the pmap is marked starved; the VM must then stop (core/trap.c), since
 * nothing it could be given would be what the hardware gives.
 *
 * Callers hold the VM's lock: the chunk table changes under it.
 */
#ifndef MM_PMAP_H
#define MM_PMAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/addr.h"
#include "mm/chunk_arena.h"
#include "mm/phys.h"

struct pmap {
	gpa_t base;
	uint64_t size;
	hpa_t *chunk; /* per chunk of guest RAM: its host chunk, or 0 until first touched */
	struct chunk_arena *arena;
	uint64_t backed; /* chunks */
	bool starved;    /* a first touch found the arena empty */
};

/* Bytes of chunk table a pmap of size bytes of RAM needs. */
static inline uint64_t pmap_table_size(uint64_t size)
{
	return ((size + CHUNK_SIZE - 1) >> CHUNK_SHIFT) * sizeof(hpa_t);
}

/* base chunk-aligned; table holds pmap_table_size(size) bytes. Nothing is backed. */
void pmap_init(struct pmap *pm, gpa_t base, uint64_t size, hpa_t *table, struct chunk_arena *a);
/* Gives every chunk back to the arena. */
void pmap_release(struct pmap *pm);
/* Backs chunk idx; 0 (and starved) when the arena is empty. */
hpa_t pmap_back(struct pmap *pm, uint64_t idx);

static inline bool pmap_is_ram(const struct pmap *pm, gpa_t gpa)
{
	return gpa - pm->base < pm->size;
}

/* Bytes from gpa (in RAM) to the end of its chunk. */
static inline uint64_t pmap_chunk_left(const struct pmap *pm, gpa_t gpa)
{
	return CHUNK_SIZE - ((gpa - pm->base) & (CHUNK_SIZE - 1));
}

/* Guest RAM with host memory behind it. */
static inline uint64_t pmap_resident_bytes(const struct pmap *pm)
{
	return pm->backed * CHUNK_SIZE;
}

/* Host-physical address of gpa, backing its chunk on first touch; false outside RAM, or
 * when the arena is empty. Inline: every guest walk step and shadow fill asks. */
static inline bool pmap_lookup(struct pmap *pm, gpa_t gpa, hpa_t *hpa)
{
	if (!pmap_is_ram(pm, gpa))
		return false;
	uint64_t idx = (gpa - pm->base) >> CHUNK_SHIFT;
	hpa_t chunk = pm->chunk[idx];
	if (!chunk && !(chunk = pmap_back(pm, idx)))
		return false;
	*hpa = chunk + ((gpa - pm->base) & (CHUNK_SIZE - 1));
	return true;
}

/* Where gpa is, if it is backed; never backs anything (for reverse lookups). */
static inline bool pmap_find(const struct pmap *pm, gpa_t gpa, hpa_t *hpa)
{
	hpa_t chunk;

	if (!pmap_is_ram(pm, gpa) || !(chunk = pm->chunk[(gpa - pm->base) >> CHUNK_SHIFT]))
		return false;
	*hpa = chunk + ((gpa - pm->base) & (CHUNK_SIZE - 1));
	return true;
}

/* A pointer to [gpa, gpa + len) if all of it is guest RAM in one chunk (backed now), else NULL.
 */
static inline void *pmap_ptr(struct pmap *pm, gpa_t gpa, size_t len)
{
	hpa_t hpa;

	if (len > pmap_chunk_left(pm, gpa) || !pmap_lookup(pm, gpa, &hpa))
		return NULL;
	return phys_to_virt(hpa);
}

/*
 * Whether one leaf of `size` (a power of two) can map the aligned block around gpa: all of it
 * RAM, already backed by consecutive, size-aligned host memory. Backs gpa's chunk, and no other;
 * *hpa is the block's host address.
 */
bool pmap_block(struct pmap *pm, gpa_t gpa, uint64_t size, hpa_t *hpa);
/* Copies len bytes into guest RAM at gpa, chunk by chunk; -1 if any of it is not RAM or
 * cannot be backed. */
int pmap_write(struct pmap *pm, gpa_t gpa, const void *src, uint64_t len);

#endif
