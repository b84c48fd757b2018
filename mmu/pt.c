/* A straightforward top-down table builder; mappings never overlap existing leaves. */
#include "mmu/pt.h"

#include "lib/util.h"
#include "mm/phys.h"
#include "mm/pt_pool.h"
#include "mmu/pte.h"

/* The table at leaf_level for gpa (its entries map pt_level_size(leaf_level) each), made with
 * the tables above it where missing; NULL when the pool runs out. */
static uint64_t *table_for(struct pt_pool *pool, hpa_t root, unsigned levels, gpa_t gpa,
                           unsigned leaf_level)
{
	hpa_t table = root;

	for (unsigned level = levels - 1; level > leaf_level; level--) {
		uint64_t *pte = (uint64_t *)phys_to_virt(table) + pt_index(gpa, level);
		if (!(*pte & PTE_V)) {
			hpa_t next = pt_pool_alloc(pool);
			if (!next)
				return NULL;
			*pte = pte_make(next, PTE_V);
		}
		table = pte_pa(*pte);
	}
	return phys_to_virt(table);
}

static int map_one(struct pt_pool *pool, hpa_t root, unsigned levels, gpa_t gpa, hpa_t hpa,
                   unsigned leaf_level, uint64_t flags)
{
	uint64_t *table = table_for(pool, root, levels, gpa, leaf_level);

	if (!table)
		return -1;
	table[pt_index(gpa, leaf_level)] = pte_make(hpa, flags | PTE_V);
	return 0;
}

int pt_prepare(struct pt_pool *pool, hpa_t root, unsigned levels, gpa_t gpa, uint64_t size,
               unsigned leaf_level)
{
	const uint64_t span = pt_level_size(leaf_level + 1); /* what one such table covers */

	for (gpa_t at = align_down(gpa, span); at < gpa + size; at += span)
		if (!table_for(pool, root, levels, at, leaf_level))
			return -1;
	return 0;
}

int pt_map(struct pt_pool *pool, hpa_t root, unsigned levels, gpa_t gpa, hpa_t hpa, uint64_t size,
           uint64_t leaf_flags)
{
	while (size) {
		/* The largest leaf (at most a gigapage) that both addresses and the rest allow. */
		unsigned level = MIN(levels - 1, 2u);
		while (level > 0 && (!is_aligned(gpa | hpa, pt_level_size(level)) ||
		                     size < pt_level_size(level)))
			level--;
		if (map_one(pool, root, levels, gpa, hpa, level, leaf_flags) < 0)
			return -1;
		gpa += pt_level_size(level);
		hpa += pt_level_size(level);
		size -= MIN(size, pt_level_size(level));
	}
	return 0;
}
