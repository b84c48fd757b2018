/*
 * The shadow MMU's portable core: shadow pages keyed by (guest table frame, role), filled on
 * faults from a walk of the guest's tables. A guest frame that is a page table of a live shadow
 * is write-protected in every shadow, except a leaf table the guest writes, which goes out of
 * sync: writable, with a snapshot, brought back in line at the guest's sfence.vma as a TLB
 * would be. It touches no CSR: the caller loads the root it returns and flushes the TLB when it
 * says so, so the host tests drive it directly.
 */
#ifndef MMU_SHADOW_CORE_H
#define MMU_SHADOW_CORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/addr.h"
#include "mmu/guest_walk.h"
#include "mmu/shadow_oos.h"

struct pmap;
struct pt_pool;

#define SHADOW_HASH_BUCKETS 1024
/* Emulated writes to a table with no use of its shadow in between before it is unshadowed. */
#define SHADOW_FLOOD_LIMIT 3
#define SHADOW_ROOTS       16
/* Roots loaded by vCPUs (one slot each): never reclaimed or unshadowed while loaded. */
#define SHADOW_PINNED 8
/* Shadow leaves come in 4 KiB, 2 MiB and 1 GiB. */
#define SHADOW_LEAF_LEVELS 3

/* Everything about a shadow table other than the guest frame it shadows; compared as a word. */
union shadow_role {
	uint32_t word;
	struct {
		uint8_t level;  /* of the table: 0 holds 4 KiB leaves */
		uint8_t levels; /* 3 = Sv39, 4 = Sv48, 5 = Sv57 */
		uint8_t direct; /* splits a guest superpage: no guest table behind it */
		uint8_t perm;   /* direct only: the leaf permissions its entries carry */
	};
};

/* gpa: the guest table it shadows, or the start of the region a direct page maps. */
struct shadow_page {
	gpa_t gpa;
	hpa_t parent; /* the entry linking it, 0 if none yet */
	union shadow_role role;
	uint64_t stamp;     /* the fault that last used it, for least-recently-used reclaim */
	uint32_t hash_next; /* index + 1 of the next page in the bucket, 0 at the end */
	uint8_t flood;      /* emulated writes since the page was last used by a fill */
	bool multi_parent;  /* linked from several entries (shared kernel tables): kept */
	bool used;
};

struct rmap_entry {
	hpa_t spte;    /* a writable leaf entry */
	uint32_t next; /* index + 1, 0 at the end */
};

struct shadow_stats {
	uint64_t faults_fixed, faults_guest, emulated_writes, pages_allocated, zap_all;
	uint64_t root_hits, root_misses, wp_revoked, unshadowed, superpages, reclaimed;
	uint64_t pool_exhausted; /* zap-alls because the pool ran out even after reclaim */
	uint64_t rmap_full;      /* zap-alls because the reverse map ran out of entries */
	uint64_t rmap_collected; /* stale reverse-map entries dropped to make room */
	uint64_t unsynced;       /* leaf tables let out of sync (writable) on a store */
	uint64_t tables_diffed;  /* out-of-sync tables compared whole with their snapshot */
	uint64_t resynced;       /* shadow entries brought back in line at a fence */
	uint64_t in_place;       /* of those, and of prefetches: filled rather than dropped */
	uint64_t prefetched;     /* leaves filled beside a faulting one */
	uint64_t oos_evicted;    /* out-of-sync tables write-protected again to make room */
	uint64_t bare_zaps; /* zap-alls at fences because a Bare-mode vCPU's stores went unseen */
};

struct shadow {
	struct pmap *pm;
	struct pt_pool *pool;
	gpa_t ram_gpa; /* the guest RAM region page-table frames can be in */
	uint64_t ram_pages;
	struct shadow_page *pages; /* one per pool page, indexed by pool page number */
	uint8_t *pt_count;         /* per guest frame: shadow pages shadowing it */
	uint16_t *pt_in_region;    /* per 2 MiB of guest RAM: its frames that are page tables */
	/* Writable shadow leaves of 4 KiB, 2 MiB, 1 GiB, listed by the frame or region they map. */
	uint32_t *rmap_head[SHADOW_LEAF_LEVELS];
	struct rmap_entry *rmap;
	uint32_t rmap_cap, rmap_free; /* free list of rmap entries, index + 1 */
	uint32_t hash[SHADOW_HASH_BUCKETS];
	/* Most recently used first; the empty ones (key 0) at the end. */
	struct {
		uint64_t key; /* root table gpa | levels */
		hpa_t spt;
	} roots[SHADOW_ROOTS];
	uint64_t clock;
	uint32_t live_pages; /* shadow pages in use */
	hpa_t active_root;   /* the root last handed out: the one this hart's hardware walks */
	uint64_t active_key; /* its guest root table gpa | levels */
	hpa_t pinned[SHADOW_PINNED]; /* the roots the vCPUs have loaded, by vCPU */
	/*
	 * Loaded vCPUs whose satp is Bare, a bit per slot: their stores reach guest tables
	 * through the Bare-mode root, unseen. While one is loaded, shadows built or kept may be
	 * outdated by them with no trace (bare_unseen), and the next fence of any vCPU zaps all.
	 */
	uint8_t bare_vcpus;
	bool bare_unseen;
	/*
	 * Called before any change that takes away or alters a valid shadow entry (or frees a
	 * shadow page) while other harts may hold it: it returns when no other hart runs a vCPU
	 * of this VM with translations older than the change. NULL with one vCPU.
	 */
	void (*quiesce)(void *ctx);
	void *quiesce_ctx;
	bool need_flush;     /* entries changed: the caller must flush the hardware TLB */
	uint64_t generation; /* bumped by every zap-all: roots the caller holds are gone */
	struct oos oos;      /* the leaf tables out of sync */
	struct shadow_stats stats;
};

/* Bytes of metadata shadow_init needs for a pool of pool_pages and guest RAM of ram_pages. */
size_t shadow_meta_size(uint64_t pool_pages, uint64_t ram_pages);
/* meta: shadow_meta_size bytes, 8-byte aligned. Guest RAM is the pmap's one range. */
void shadow_init(struct shadow *s, struct pmap *pm, struct pt_pool *pool, void *meta);

/* The shadow root for a guest satp in Sv39, Sv48 or Sv57 mode; 0 when the pool cannot hold one. */
hpa_t shadow_root(struct shadow *s, uint64_t satp);

enum shadow_fault_result {
	SHADOW_FIXED,       /* retry the access */
	SHADOW_GUEST_FAULT, /* reflect res->cause: the guest's own fault */
	SHADOW_EMULATE,     /* a write to a guest page table: emulate it (shadow_emulate_*) */
};
/* A page fault at va under the guest's satp; res is the guest walk (gpa for EMULATE). */
enum shadow_fault_result shadow_fault(struct shadow *s, const struct walk_req *req,
                                      struct walk_result *res);

/*
 * Where the hardware fetched pc from, under the guest's satp, read off the shadow root it
 * walks: the trapping instruction's own bytes, with no guest walk. 0 where that root is not
 * at hand or does not map pc executable for the privilege (user or not).
 */
hpa_t shadow_fetched_from(const struct shadow *s, uint64_t satp, gva_t pc, bool user);

/* The hypervisor wrote [gpa, gpa + len) of guest memory: drop what shadows it. */
void shadow_guest_wrote(struct shadow *s, gpa_t gpa, unsigned len);
bool shadow_is_page_table(const struct shadow *s, gpa_t gpa);
/* A page table whose stores need no trap (out of sync) until the next fence. */
bool shadow_is_unsync(const struct shadow *s, gpa_t gpa);
/*
 * A store to the shadowed guest table at gpa faulted. true: the table is out of sync now (or
 * was), so the store may go ahead in guest memory; false: emulate it (a table above the leaf
 * level, whose changes are never left for later).
 */
bool shadow_table_store(struct shadow *s, gpa_t gpa);
/*
 * The guest's sfence.vma (or an SBI remote fence): out-of-sync tables are brought in line,
 * the entry for va in each of them, or (all) every entry. The caller then flushes the TLB.
 */
void shadow_sfence(struct shadow *s, gva_t va, bool all);
/* Drops every shadow page; roots are rebuilt on the next shadow_root. */
void shadow_zap_all(struct shadow *s);
/* vCPU slot (< SHADOW_PINNED) has root loaded (0: none): it stays while loaded. */
void shadow_pin_root(struct shadow *s, unsigned slot, hpa_t root);
/* vCPU slot is loaded with a Bare satp (true), or paging or off its hart (false). */
void shadow_note_bare(struct shadow *s, unsigned slot, bool bare);

#endif
