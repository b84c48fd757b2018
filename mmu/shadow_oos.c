/* Out-of-sync frame records: see include/mmu/shadow_oos.h. */
#include "mmu/shadow_oos.h"

#include <string.h>

#include "lib/util.h"
#include "mm/phys.h"

size_t oos_meta_size(uint64_t ram_pages)
{
	return (size_t)OOS_SLOTS * PT_ENTRIES * sizeof(uint64_t) + align_up(ram_pages, 8);
}

void oos_init(struct oos *o, void *meta, uint64_t ram_pages)
{
	uint64_t *snaps = meta;

	memset(o, 0, sizeof(*o));
	for (unsigned i = 0; i < OOS_SLOTS; i++)
		o->slot[i].snap = snaps + (size_t)i * PT_ENTRIES;
	o->of_gfn = (uint8_t *)(snaps + (size_t)OOS_SLOTS * PT_ENTRIES);
	memset(o->of_gfn, 0, ram_pages);
}

struct oos_slot *oos_take(struct oos *o, uint64_t gfn, gpa_t gpa, hpa_t hpa)
{
	const uint64_t *table = phys_to_virt(hpa);

	for (unsigned i = 0; i < OOS_SLOTS; i++) {
		struct oos_slot *s = &o->slot[i];
		if (s->gpa)
			continue;
		s->gpa = gpa;
		s->gfn = gfn;
		s->hpa = hpa;
		s->table = table;
		s->dirty = true;
		s->stamp = ++o->clock;
		memcpy(s->snap, table, PAGE_SIZE);
		o->of_gfn[gfn] = (uint8_t)(i + 1);
		return s;
	}
	return NULL;
}

struct oos_slot *oos_victim(struct oos *o)
{
	struct oos_slot *v = &o->slot[0];

	for (unsigned i = 1; i < OOS_SLOTS; i++)
		if (o->slot[i].stamp < v->stamp)
			v = &o->slot[i];
	return v;
}

void oos_release(struct oos *o, struct oos_slot *slot)
{
	o->of_gfn[slot->gfn] = 0;
	slot->gpa = 0;
	slot->stamp = 0;
}

void oos_reset(struct oos *o, uint64_t ram_pages)
{
	for (unsigned i = 0; i < OOS_SLOTS; i++) {
		o->slot[i].gpa = 0;
		o->slot[i].stamp = 0;
	}
	memset(o->of_gfn, 0, ram_pages);
}
