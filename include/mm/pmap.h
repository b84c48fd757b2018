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
/* Host-physical address of gpa; *contig (optional) is how many bytes from gpa stay contiguous. */
bool pmap_lookup(const struct pmap *pm, gpa_t gpa, hpa_t *hpa, uint64_t *contig);
/* A pointer to [gpa, gpa + len) if all of it is guest RAM in one region, else NULL. */
void *pmap_ptr(const struct pmap *pm, gpa_t gpa, size_t len);

#endif
