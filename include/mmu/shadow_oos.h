/*
 * Out-of-sync guest page tables: the frames shadow paging lets the guest write without a trap,
 * each with a snapshot of its entries as the shadows last saw them. A record per slot, a slot
 * per frame, the least recently used slot given up first. Bookkeeping only: mmu/shadow_core.c
 * decides which frames may go out of sync and brings them back.
 */
#ifndef MMU_SHADOW_OOS_H
#define MMU_SHADOW_OOS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/addr.h"
#include "mmu/pte.h"

/* Out-of-sync frames at once. Every fence visits each of them; on the bench four cost least
 * (docs/architecture.md, "Keeping the shadows true"). */
#define OOS_SLOTS 4

struct oos_slot {
	gpa_t gpa;      /* the guest table, 0 for a free slot */
	uint64_t gfn;   /* its frame number in guest RAM */
	uint64_t stamp; /* when the guest last wrote it (as far as resyncs tell), for eviction */
	uint64_t *snap; /* PT_ENTRIES entries: what the shadows were derived from */
	/* Where the frame is in host memory, and the table as the hypervisor reads it there: it
	 * stays put while out of sync (a frame whose backing moves must be brought in sync). */
	hpa_t hpa;
	const uint64_t *table;
	/* Written since its snapshot was last brought in line, as far as a fault showed; the
	 * other writes show as dirty writable mappings (mmu/shadow_core.c). */
	bool dirty;
};

struct oos {
	struct oos_slot slot[OOS_SLOTS]; /* a fence visits those in use */
	uint8_t *of_gfn;                 /* per guest frame: its slot + 1, 0 while in sync */
	uint64_t clock;
};

/* Bytes of metadata for guest RAM of ram_pages (the snapshots and the per-frame index). */
size_t oos_meta_size(uint64_t ram_pages);
/* meta: oos_meta_size bytes, 8-byte aligned. */
void oos_init(struct oos *o, void *meta, uint64_t ram_pages);

/* The frame's slot, or NULL while it is in sync. */
static inline struct oos_slot *oos_of(const struct oos *o, uint64_t gfn)
{
	unsigned s = o->of_gfn[gfn];
	return s ? (struct oos_slot *)&o->slot[s - 1] : NULL;
}

/* A free slot for frame gfn at gpa, host hpa, its snapshot taken; NULL when all are used. */
struct oos_slot *oos_take(struct oos *o, uint64_t gfn, gpa_t gpa, hpa_t hpa);
/* The slot to give up when all are used. */
struct oos_slot *oos_victim(struct oos *o);
void oos_release(struct oos *o, struct oos_slot *slot);
/* The guest changed the table: it stays out of sync longer. */
static inline void oos_touch(struct oos *o, struct oos_slot *slot)
{
	slot->stamp = ++o->clock;
}
/* Every slot free (the shadows were all dropped). */
void oos_reset(struct oos *o, uint64_t ram_pages);

#endif
