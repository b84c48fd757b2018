/* Guest RAM is a few large regions, so a short array searched linearly is the fastest map. */
#include "mm/pmap.h"

#include "lib/util.h"
#include "mm/phys.h"

void pmap_init(struct pmap *pm)
{
	pm->n = 0;
}

int pmap_add(struct pmap *pm, gpa_t gpa, hpa_t hpa, uint64_t size)
{
	if (pm->n == PMAP_MAX_REGIONS || size == 0 || !is_aligned(gpa | hpa | size, PAGE_SIZE) ||
	    gpa + size < gpa)
		return -1;
	for (unsigned i = 0; i < pm->n; i++) {
		const struct pmap_region *r = &pm->region[i];
		if (gpa < r->gpa + r->size && r->gpa < gpa + size)
			return -1;
	}
	pm->region[pm->n++] = (struct pmap_region){gpa, hpa, size};
	return 0;
}

bool pmap_lookup(const struct pmap *pm, gpa_t gpa, hpa_t *hpa, uint64_t *contig)
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

void *pmap_ptr(const struct pmap *pm, gpa_t gpa, size_t len)
{
	hpa_t hpa;
	uint64_t contig;

	if (!pmap_lookup(pm, gpa, &hpa, &contig) || len > contig)
		return NULL;
	return phys_to_virt(hpa);
}
