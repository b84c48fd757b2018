/*
 * A VM's physical map, guest-physical to host-physical. It is the truth every shadow or G-stage
 * entry is derived from, and the only way the hypervisor touches guest memory.
 */
#ifndef MM_PMAP_H
#define MM_PMAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/addr.h"
#include "mm/phys.h"

#define PMAP_MAX_REGIONS 4

struct pmap_region {
	gpa_t gpa;
	hpa_t hpa;
	uint64_t size;
};

struct pmap {
	struct pmap_region region[PMAP_MAX_REGIONS];
	unsigned n;
};

void pmap_init(struct pmap *pm);
/* Page-aligned, non-overlapping; -1 otherwise or when full. */
int pmap_add(struct pmap *pm, gpa_t gpa, hpa_t hpa, uint64_t size);
/*
 * Host-physical address of gpa; *contig (optional) is how many bytes from gpa stay contiguous.
 * Inline: every guest walk step and shadow fill asks, and guest RAM is the first region.
 */
static inline bool pmap_lookup(const struct pmap *pm, gpa_t gpa, hpa_t *hpa, uint64_t *contig)
{
	for (unsigned i = 0; i < pm->n; i++) {
		const struct pmap_region *r = &pm->region[i];
		if (gpa - r->gpa < r->size) {
			*hpa = r->hpa + (gpa - r->gpa);
			if (contig)
				*contig = r->size - (gpa - r->gpa);
			return true;
		}
	}
	return false;
}

/* A pointer to [gpa, gpa + len) if all of it is guest RAM in one region, else NULL. */
static inline void *pmap_ptr(const struct pmap *pm, gpa_t gpa, size_t len)
{
	hpa_t hpa;
	uint64_t contig;

	if (!pmap_lookup(pm, gpa, &hpa, &contig) || len > contig)
		return NULL;
	return phys_to_virt(hpa);
}

#endif
