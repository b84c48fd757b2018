/*
 * Shadow page tables. Every guest frame that is a page table of a live shadow page is mapped
 * read-only in every shadow, so the hypervisor sees its stores. A store to a table above the
 * leaf level is emulated and drops exactly the shadow entries it covers. A leaf table the guest
 * stores to goes out of sync instead: the store and those after it run natively, and the
 * shadows lag behind the guest's entries as a TLB may, until the guest fences (sfence.vma by
 * address: that entry of every out-of-sync table; otherwise every entry), when the entries that
 * changed since the snapshot are filled in place or dropped. The RISC-V privileged spec only
 * promises a PTE store to translation after an sfence.vma that covers it, so a guest cannot
 * tell. A fill also prefetches the neighbouring entries the guest has made valid.
 *
 * A guest superpage gets a shadow superpage when its host range is contiguous and aligned and
 * holds no page table; otherwise it is split into smaller leaves held by "direct" shadow pages
 * keyed by the guest-physical region and the leaf's permissions.
 *
 * The shadows are shared by a VM's vCPUs, which may run on several harts at once. Every root a
 * vCPU has loaded is pinned: never reclaimed or unshadowed. Filling an entry needs nothing of
 * the other harts (a hart that missed it faults and finds it filled); any change that takes
 * away or alters a valid entry, or frees a table, first quiesces them (s->quiesce): their
 * TLBs are flushed and they stay in the hypervisor until this exit ends.
 */
#include "mmu/shadow_core.h"

#include <string.h>

#include "arch/csr.h"
#include "lib/util.h"
#include "mm/phys.h"
#include "mm/pmap.h"
#include "mm/pt_pool.h"
#include "mmu/pte.h"

#define PT_COUNT_MAX 255
/* Paging modes a guest table may be shadowed for: Sv39, Sv48, Sv57. */
#define MODES (PT_LEVELS_MAX - PT_LEVELS_MIN + 1)
/* Writable leaves tracked per shadow page: beyond that, a zap-all makes room. */
#define RMAP_PER_PAGE 32

static uint32_t rmap_capacity(uint64_t pool_pages)
{
	return (uint32_t)MIN(pool_pages * RMAP_PER_PAGE, 1ull << 22);
}

static uint64_t regions(uint64_t ram_pages, unsigned level)
{
	return (ram_pages >> (PT_IDX_BITS * level)) + 1;
}

/* Leaves a fill puts in beside the faulting one: the aligned group around it. */
#define PREFETCH 8

/* Before a valid entry changes or a table goes: the other harts let go of what they cache. */
static inline void narrowing(struct shadow *s)
{
	if (s->quiesce)
		s->quiesce(s->quiesce_ctx);
}

static bool is_pinned(const struct shadow *s, uint64_t spt)
{
	if (spt == s->active_root)
		return true;
	for (unsigned i = 0; i < SHADOW_PINNED; i++)
		if (s->pinned[i] == spt)
			return true;
	return false;
}

void shadow_pin_root(struct shadow *s, unsigned slot, hpa_t root)
{
	s->pinned[slot] = root;
}

void shadow_note_bare(struct shadow *s, unsigned slot, bool bare)
{
	uint8_t bit = (uint8_t)(1u << slot);

	if (bare && s->live_pages)
		s->bare_unseen = true; /* what exists now may miss the stores it is about to make */
	s->bare_vcpus = bare ? s->bare_vcpus | bit : s->bare_vcpus & (uint8_t)~bit;
}

size_t shadow_meta_size(uint64_t pool_pages, uint64_t ram_pages)
{
	size_t size =
	    oos_meta_size(ram_pages) + align_up(pool_pages * sizeof(struct shadow_page), 8) +
	    align_up(ram_pages, 8) + align_up(regions(ram_pages, 1) * sizeof(uint16_t), 8) +
	    rmap_capacity(pool_pages) * sizeof(struct rmap_entry);

	for (unsigned l = 0; l < SHADOW_LEAF_LEVELS; l++)
		size += align_up(regions(ram_pages, l) * sizeof(uint32_t), 8);
	return size;
}

static void rmap_reset(struct shadow *s)
{
	for (unsigned l = 0; l < SHADOW_LEAF_LEVELS; l++)
		memset(s->rmap_head[l], 0, regions(s->ram_pages, l) * sizeof(uint32_t));
	for (uint32_t i = 0; i < s->rmap_cap; i++)
		s->rmap[i].next = i + 2 <= s->rmap_cap ? i + 2 : 0;
	s->rmap_free = s->rmap_cap ? 1 : 0;
}

void shadow_init(struct shadow *s, struct pmap *pm, struct pt_pool *pool, void *meta)
{
	uint8_t *p = meta;

	memset(s, 0, sizeof(*s));
	s->pm = pm;
	s->pool = pool;
	s->ram_gpa = pm->base;
	s->ram_pages = pm->size >> PAGE_SHIFT;
	oos_init(&s->oos, p, s->ram_pages);
	p += oos_meta_size(s->ram_pages);
	s->pages = (struct shadow_page *)p;
	p += align_up(pool->npages * sizeof(struct shadow_page), 8);
	s->pt_count = p;
	p += align_up(s->ram_pages, 8);
	s->pt_in_region = (uint16_t *)p;
	p += align_up(regions(s->ram_pages, 1) * sizeof(uint16_t), 8);
	for (unsigned l = 0; l < SHADOW_LEAF_LEVELS; l++) {
		s->rmap_head[l] = (uint32_t *)p;
		p += align_up(regions(s->ram_pages, l) * sizeof(uint32_t), 8);
	}
	s->rmap = (struct rmap_entry *)p;
	s->rmap_cap = rmap_capacity(pool->npages);
	memset(s->pages, 0, pool->npages * sizeof(struct shadow_page));
	memset(s->pt_count, 0, s->ram_pages);
	memset(s->pt_in_region, 0, regions(s->ram_pages, 1) * sizeof(uint16_t));
	rmap_reset(s);
}

static bool gfn_of(const struct shadow *s, uint64_t gpa, uint64_t *gfn)
{
	uint64_t off = gpa - s->ram_gpa;

	if (off >= s->ram_pages << PAGE_SHIFT)
		return false;
	*gfn = off >> PAGE_SHIFT;
	return true;
}

bool shadow_is_page_table(const struct shadow *s, gpa_t gpa)
{
	uint64_t gfn;

	return gfn_of(s, gpa, &gfn) && s->pt_count[gfn] != 0;
}

bool shadow_is_unsync(const struct shadow *s, gpa_t gpa)
{
	uint64_t gfn;

	return gfn_of(s, gpa, &gfn) && s->oos.of_gfn[gfn] != 0;
}

static uint64_t *entry(uint64_t spt, unsigned idx)
{
	return (uint64_t *)phys_to_virt(spt) + idx;
}

static struct shadow_page *page_of(const struct shadow *s, uint64_t spt)
{
	return &s->pages[(spt - s->pool->base) >> PAGE_SHIFT];
}

static uint64_t spt_of(const struct shadow *s, uint32_t index)
{
	return s->pool->base + ((uint64_t)index << PAGE_SHIFT);
}

static union shadow_role role(unsigned level, unsigned levels, bool direct, uint8_t perm)
{
	return (union shadow_role){
	    .level = (uint8_t)level, .levels = (uint8_t)levels, .direct = direct, .perm = perm};
}

/* By guest frame alone: all shadows of one guest table (a role each) are in one bucket. */
static unsigned bucket(uint64_t gpa)
{
	return (unsigned)(((gpa >> PAGE_SHIFT) * 0x9e3779b97f4a7c15ull) >> 54) &
	       (SHADOW_HASH_BUCKETS - 1);
}

static uint64_t find(const struct shadow *s, uint64_t gpa, union shadow_role r)
{
	for (uint32_t i = s->hash[bucket(gpa)]; i; i = s->pages[i - 1].hash_next) {
		const struct shadow_page *sp = &s->pages[i - 1];
		if (sp->gpa == gpa && sp->role.word == r.word)
			return spt_of(s, i - 1);
	}
	return 0;
}

/*
 * The shadows of the guest table at gpa, of every level and paging mode (only the leaf-level
 * ones if leaves_only), found in one scan of its bucket. A table has at most one per role.
 */
#define TABLE_ROLES ((PT_LEVELS_MIN + PT_LEVELS_MAX) * MODES / 2)
static unsigned shadows_of(const struct shadow *s, gpa_t gpa, bool leaves_only, uint64_t *spt,
                           unsigned max)
{
	unsigned n = 0;

	for (uint32_t i = s->hash[bucket(gpa)]; i && n < max; i = s->pages[i - 1].hash_next) {
		const struct shadow_page *sp = &s->pages[i - 1];
		if (sp->gpa == gpa && !sp->role.direct && (!leaves_only || sp->role.level == 0))
			spt[n++] = spt_of(s, i - 1);
	}
	return n;
}

/* A frame became a page table: no shadow leaf of any size may keep mapping it writable. */
static void write_protect(struct shadow *s, uint64_t gfn)
{
	uint64_t hpa;

	if (!pmap_find(s->pm, s->ram_gpa + (gfn << PAGE_SHIFT), &hpa))
		return;
	for (unsigned l = 0; l < SHADOW_LEAF_LEVELS; l++) {
		uint32_t *head = &s->rmap_head[l][gfn >> (PT_IDX_BITS * l)];
		for (uint32_t i = *head; i;) {
			struct rmap_entry *r = &s->rmap[i - 1];
			uint64_t *e = phys_to_virt(r->spte);
			/* Entries stay listed when a shadow entry changes: check it still maps us.
			 */
			if ((*e & (PTE_V | PTE_W)) == (PTE_V | PTE_W) &&
			    hpa - pte_pa(*e) < pt_level_size(l)) {
				narrowing(s);
				*e &= ~PTE_W;
				s->need_flush = true;
				s->stats.wp_revoked++;
			}
			uint32_t next = r->next;
			r->next = s->rmap_free;
			s->rmap_free = i;
			i = next;
		}
		*head = 0;
	}
}

static bool reclaim(struct shadow *s);
static void sync_back(struct shadow *s, struct oos_slot *o);

static uint64_t get_page(struct shadow *s, uint64_t gpa, union shadow_role r)
{
	uint64_t spt = find(s, gpa, r), gfn;

	if (spt)
		return spt;
	spt = pt_pool_alloc(s->pool);
	if (!spt && reclaim(s))
		spt = pt_pool_alloc(s->pool);
	if (!spt)
		return 0;
	struct shadow_page *sp = page_of(s, spt);
	unsigned b = bucket(gpa);
	sp->gpa = gpa;
	sp->role = r;
	sp->used = true;
	s->live_pages++;
	sp->stamp = s->clock;
	sp->parent = 0;
	sp->flood = 0;
	sp->multi_parent = false;
	sp->hash_next = s->hash[b];
	s->hash[b] = (uint32_t)((spt - s->pool->base) >> PAGE_SHIFT) + 1;
	s->stats.pages_allocated++;
	if (!r.direct && gfn_of(s, gpa, &gfn)) {
		/* Only leaf tables may be out of sync: one used above the leaf level is not. */
		struct oos_slot *o = oos_of(&s->oos, gfn);
		if (o && r.level > 0)
			sync_back(s, o);
		if (s->pt_count[gfn] == 0) {
			s->pt_in_region[gfn >> PT_IDX_BITS]++;
			write_protect(s, gfn);
		}
		if (s->pt_count[gfn] < PT_COUNT_MAX)
			s->pt_count[gfn]++;
	}
	return spt;
}

void shadow_zap_all(struct shadow *s)
{
	narrowing(s);
	for (uint64_t i = 0; i < s->pool->npages; i++) {
		if (s->pages[i].used) {
			s->pages[i].used = false;
			pt_pool_free(s->pool, spt_of(s, (uint32_t)i));
		}
	}
	s->live_pages = 0;
	memset(s->hash, 0, sizeof(s->hash));
	memset(s->roots, 0, sizeof(s->roots));
	s->active_root = 0;
	s->active_key = 0;
	memset(s->pinned, 0, sizeof(s->pinned)); /* every vCPU loads its root again */
	memset(s->pt_count, 0, s->ram_pages);
	memset(s->pt_in_region, 0, regions(s->ram_pages, 1) * sizeof(uint16_t));
	rmap_reset(s);
	oos_reset(&s->oos, s->ram_pages);
	s->need_flush = true;
	s->bare_unseen = false;
	s->generation++;
	s->stats.zap_all++;
}

static unsigned satp_levels(uint64_t satp)
{
	return satp_mode_levels(satp >> SATP_MODE_SHIFT);
}

/* A root cache key: the guest root's address and the paging mode's levels. */
static uint64_t root_key(uint64_t satp)
{
	return ((satp & SATP_PPN_MASK) << PAGE_SHIFT) | satp_levels(satp);
}

/* The root the hardware walks, if it is the one for satp; 0 otherwise. */
static hpa_t active_root_for(const struct shadow *s, uint64_t satp)
{
	return root_key(satp) == s->active_key ? s->active_root : 0;
}

/* Entry i (or a new one at the end) moves to the front: most recently used first. */
static void root_to_front(struct shadow *s, unsigned i, uint64_t key, hpa_t spt)
{
	memmove(&s->roots[1], &s->roots[0], i * sizeof(s->roots[0]));
	s->roots[0].key = key;
	s->roots[0].spt = spt;
	s->active_root = spt;
	s->active_key = key;
}

/*
 * The cache is kept in most-recently-used order with no holes, so that a switch between two
 * address spaces finds the other one second, and the last entry is the one to give up.
 */
hpa_t shadow_root(struct shadow *s, uint64_t satp)
{
	unsigned levels = satp_levels(satp), i = 0;
	uint64_t gpa = (satp & SATP_PPN_MASK) << PAGE_SHIFT, key = root_key(satp);

	s->clock++;
	/* Every shadow page hangs below a root: what a Bare vCPU's stores may outdate. */
	s->bare_unseen |= s->bare_vcpus != 0;
	while (i < SHADOW_ROOTS - 1 && s->roots[i].key && s->roots[i].key != key)
		i++;
	if (s->roots[i].key == key) {
		s->stats.root_hits++;
		root_to_front(s, i, key, s->roots[i].spt);
		return s->active_root;
	}
	s->stats.root_misses++;
	union shadow_role r = role(levels - 1, levels, false, 0);
	uint64_t spt = get_page(s, gpa, r);
	if (!spt) {
		s->stats.pool_exhausted++;
		shadow_zap_all(s);
		spt = get_page(s, gpa, r);
		if (!spt)
			return 0;
		i = 0;
	}
	root_to_front(s, i, key, spt);
	return spt;
}

/* A fault is nearly always under the root the hardware walks: no cache lookup for that one. */
static hpa_t fault_root(struct shadow *s, uint64_t satp)
{
	hpa_t root = active_root_for(s, satp);

	return root ? root : shadow_root(s, satp);
}

hpa_t shadow_fetched_from(const struct shadow *s, uint64_t satp, gva_t pc, bool user)
{
	uint64_t spt = active_root_for(s, satp);

	for (unsigned l = satp_levels(satp); spt && l-- > 0;) {
		uint64_t e = *entry(spt, pt_index(pc, l));
		if (!(e & PTE_V))
			return 0;
		if (pte_is_leaf(e))
			return (e & PTE_X) && !(e & PTE_U) == !user
			           ? pte_pa(e) + (pc & (pt_level_size(l) - 1))
			           : 0;
		spt = pte_pa(e);
	}
	return 0;
}

static bool links_to(uint64_t spte_pa, uint64_t child)
{
	uint64_t e = *(uint64_t *)phys_to_virt(spte_pa);

	return (e & PTE_V) && !pte_is_leaf(e) && pte_pa(e) == child;
}

/* The entry at spt[idx] must point at the shadow page (gpa, r); returns it, 0 if out of pool. */
static uint64_t link(struct shadow *s, uint64_t spt, unsigned idx, uint64_t gpa,
                     union shadow_role r)
{
	uint64_t *e = entry(spt, idx);

	if ((*e & PTE_V) && !pte_is_leaf(*e)) {
		struct shadow_page *child = page_of(s, pte_pa(*e));
		if (child->used && child->gpa == gpa && child->role.word == r.word) {
			child->flood = 0;
			child->stamp = s->clock;
			return pte_pa(*e);
		}
	}
	uint64_t child = get_page(s, gpa, r);
	if (!child)
		return 0;
	/* get_page may have write-protected entries, never this non-leaf one. */
	if (*e & PTE_V) {
		narrowing(s);
		s->need_flush = true;
	}
	*e = pte_make(child, PTE_V);
	struct shadow_page *sp = page_of(s, child);
	uint64_t here = spt + idx * sizeof(uint64_t);
	if (sp->parent && sp->parent != here && links_to(sp->parent, child))
		sp->multi_parent = true;
	sp->parent = here;
	sp->flood = 0;
	sp->stamp = s->clock;
	return child;
}

/*
 * Entries stay listed when their shadow entry changes (write_protect checks them), so a full
 * reverse map is mostly stale: drop the entries that no longer name a writable leaf over their
 * region. Worth it when that frees at least an eighth; otherwise the caller zaps everything.
 */
static bool rmap_collect(struct shadow *s)
{
	uint32_t freed = 0;

	for (unsigned l = 0; l < SHADOW_LEAF_LEVELS; l++)
		for (uint64_t r = 0; r < regions(s->ram_pages, l); r++) {
			uint64_t hpa;
			if (!s->rmap_head[l][r] ||
			    !pmap_find(s->pm, s->ram_gpa + (r << (PAGE_SHIFT + PT_IDX_BITS * l)),
			               &hpa))
				continue;
			for (uint32_t *at = &s->rmap_head[l][r]; *at;) {
				uint32_t i = *at;
				struct rmap_entry *e = &s->rmap[i - 1];
				uint64_t pte = *(const uint64_t *)phys_to_virt(e->spte);
				if ((pte & (PTE_V | PTE_W)) == (PTE_V | PTE_W) &&
				    pte_pa(pte) - hpa < pt_level_size(l)) {
					at = &e->next;
					continue;
				}
				*at = e->next;
				e->next = s->rmap_free;
				s->rmap_free = i;
				freed++;
			}
		}
	s->stats.rmap_collected += freed;
	return freed >= s->rmap_cap / 8;
}

static bool rmap_add(struct shadow *s, unsigned level, uint64_t gfn, uint64_t spte)
{
	uint32_t i = s->rmap_free, *head = &s->rmap_head[level][gfn >> (PT_IDX_BITS * level)];

	/* Still listed from an earlier writable spell (an mprotect flip): not again. The lists
	 * are short, as they hold writable mappings only. */
	for (uint32_t j = *head; j; j = s->rmap[j - 1].next)
		if (s->rmap[j - 1].spte == spte)
			return true;
	if (!i && rmap_collect(s))
		i = s->rmap_free;
	if (!i)
		return false;
	s->rmap_free = s->rmap[i - 1].next;
	s->rmap[i - 1].spte = spte;
	s->rmap[i - 1].next = *head;
	*head = i;
	return true;
}

/*
 * A shadow leaf of `level` for a guest leaf. Writable only once the guest's D bit is set (so
 * the first store comes here to set it) and never over a page table in sync. A and D are
 * preset in the shadow, the hardware has no business writing our tables, except for the D of
 * a mapping of an out-of-sync table, which a resync clears to see the next store (clean()).
 */
static bool set_leaf(struct shadow *s, uint64_t spt, unsigned idx, unsigned level, uint64_t gpa,
                     uint64_t hpa, uint64_t guest_pte)
{
	uint64_t gfn = 0;
	bool in_ram = gfn_of(s, gpa, &gfn);
	uint64_t flags = guest_pte & (PTE_R | PTE_W | PTE_X | PTE_U);

	/* A superpage leaf is only chosen over a range without page tables; an out-of-sync table
	 * is written without a trap. */
	if (!(guest_pte & PTE_D) || !in_ram ||
	    (level == 0 && s->pt_count[gfn] && !s->oos.of_gfn[gfn]))
		flags &= ~PTE_W;
	uint64_t *e = entry(spt, idx), val = pte_make(hpa, flags | PTE_V | PTE_A | PTE_D);
	bool was_writable_here = (*e & (PTE_V | PTE_W)) == (PTE_V | PTE_W) && pte_pa(*e) == hpa;

	if ((val & PTE_W) && !was_writable_here &&
	    !rmap_add(s, level, gfn, spt + idx * sizeof(uint64_t)))
		return false;
	/* A changed entry, or a fault on an unchanged one: either way the TLB may be stale. */
	if ((*e & PTE_V) && *e != val)
		narrowing(s);
	s->need_flush = true;
	*e = val;
	return true;
}

/* Whether the hardware may use a guest 4 KiB leaf PTE as it is: a fill needs no walk for it. */
static bool usable_leaf(uint64_t pte)
{
	return (pte & (PTE_V | PTE_A)) == (PTE_V | PTE_A) && (pte & (PTE_R | PTE_X)) &&
	       !((pte & PTE_W) && !(pte & PTE_R)) && !(pte & GUEST_PTE_RSVD_HI);
}

/* spt[idx], a 4 KiB leaf, from the guest PTE pte: filled if usable, else dropped. */
static void put_leaf(struct shadow *s, uint64_t spt, unsigned idx, uint64_t pte)
{
	uint64_t *e = entry(spt, idx);
	hpa_t hpa;

	if (usable_leaf(pte) && pmap_lookup(s->pm, pte_pa(pte), &hpa) &&
	    set_leaf(s, spt, idx, 0, pte_pa(pte), hpa, pte)) {
		s->stats.in_place++;
	} else if (*e) {
		narrowing(s);
		*e = 0;
		s->need_flush = true;
	}
}

/* The shadows of the leaf table at gpa: one per paging mode may exist. */
static unsigned leaf_shadows(const struct shadow *s, gpa_t gpa, uint64_t spt[MODES])
{
	return shadows_of(s, gpa, true, spt, MODES);
}

static const uint64_t *guest_table(const struct shadow *s, gpa_t gpa)
{
	return pmap_ptr(s->pm, gpa, PAGE_SIZE);
}

/* Entry idx, which differs from the snapshot, in line in the shadows spt[n] of the table. */
static void resync_one(struct shadow *s, struct oos_slot *o, const uint64_t spt[MODES], unsigned n,
                       unsigned idx)
{
	uint64_t pte = __atomic_load_n(&o->table[idx], __ATOMIC_RELAXED);

	o->snap[idx] = pte;
	for (unsigned i = 0; i < n; i++)
		put_leaf(s, spt[i], idx, pte);
	oos_touch(&s->oos, o);
	s->stats.resynced++;
}

/* The shadows of entry idx of an out-of-sync table, in line with the guest's entry now. */
static inline void resync_entry(struct shadow *s, struct oos_slot *o, unsigned idx)
{
	if (__atomic_load_n(&o->table[idx], __ATOMIC_RELAXED) != o->snap[idx]) {
		uint64_t spt[MODES];
		resync_one(s, o, spt, leaf_shadows(s, o->gpa, spt), idx);
	}
}

/*
 * Whether the guest may have written the out-of-sync table since it was last brought in line:
 * a store fault said so, or one of its writable 4 KiB mappings is dirty (tables are never under
 * a writable superpage). The hardware sets D on the first store through a clean one, or,
 * where it leaves A/D to software, faults, and the fill sets it.
 */
static bool written(const struct shadow *s, const struct oos_slot *o)
{
	if (o->dirty)
		return true;
	for (uint32_t i = s->rmap_head[0][o->gfn]; i; i = s->rmap[i - 1].next) {
		uint64_t e = *(const uint64_t *)phys_to_virt(s->rmap[i - 1].spte);
		if ((e & (PTE_V | PTE_W | PTE_D)) == (PTE_V | PTE_W | PTE_D) && pte_pa(e) == o->hpa)
			return true;
	}
	return false;
}

/* The table's writable mappings made clean, so that written() sees the guest's next store. */
static void clean(struct shadow *s, struct oos_slot *o)
{
	o->dirty = false;
	for (uint32_t i = s->rmap_head[0][o->gfn]; i; i = s->rmap[i - 1].next) {
		uint64_t *e = phys_to_virt(s->rmap[i - 1].spte);
		if ((*e & (PTE_V | PTE_W | PTE_D)) == (PTE_V | PTE_W | PTE_D) &&
		    pte_pa(*e) == o->hpa) {
			narrowing(s);
			*e &= ~PTE_D;
			s->need_flush =
			    true; /* a TLB entry would let stores by without setting D */
		}
	}
}

/* Every entry in line, if the guest may have changed any. */
static void resync_table(struct shadow *s, struct oos_slot *o)
{
	if (!written(s, o))
		return;
	clean(s, o);
	s->stats.tables_diffed++;
	uint64_t spt[MODES];
	unsigned n = leaf_shadows(s, o->gpa, spt);
	/* Eight entries to a comparison: most of a table is as it was. Aligned words, so plain
	 * loads cannot tear; resync_one reads a changed entry again. */
	const uint64_t *t = o->table, *snap = o->snap;
	for (unsigned i = 0; i < PT_ENTRIES; i += 8) {
		uint64_t diff = (t[i] ^ snap[i]) | (t[i + 1] ^ snap[i + 1]) |
		                (t[i + 2] ^ snap[i + 2]) | (t[i + 3] ^ snap[i + 3]) |
		                (t[i + 4] ^ snap[i + 4]) | (t[i + 5] ^ snap[i + 5]) |
		                (t[i + 6] ^ snap[i + 6]) | (t[i + 7] ^ snap[i + 7]);
		for (unsigned j = i; diff && j < i + 8; j++)
			if (__atomic_load_n(&t[j], __ATOMIC_RELAXED) != snap[j])
				resync_one(s, o, spt, n, j);
	}
}

/* In line again, and write-protected: its stores trap from now on. */
static void sync_back(struct shadow *s, struct oos_slot *o)
{
	uint64_t gfn = o->gfn;

	resync_table(s, o);
	oos_release(&s->oos, o);
	write_protect(s, gfn);
}

/* Whether every shadow of the frame at gpa is a leaf table (as only those may go out of sync). */
static bool only_leaf_tables(const struct shadow *s, gpa_t gpa)
{
	uint64_t spt[TABLE_ROLES];

	for (unsigned n = shadows_of(s, gpa, false, spt, TABLE_ROLES), k = 0; k < n; k++)
		if (page_of(s, spt[k])->role.level)
			return false;
	return true;
}

bool shadow_table_store(struct shadow *s, gpa_t gpa)
{
	gpa_t page = align_down(gpa, PAGE_SIZE);
	uint64_t gfn;

	if (!gfn_of(s, gpa, &gfn))
		return true;
	struct oos_slot *o = oos_of(&s->oos, gfn);
	if (o) {
		o->dirty = true; /* stored through a mapping not yet writable */
		return true;
	}
	if (!only_leaf_tables(s, page))
		return false;
	hpa_t hpa;
	if (!pmap_lookup(s->pm, page, &hpa))
		return false;
	if (!oos_take(&s->oos, gfn, page, hpa)) {
		sync_back(s, oos_victim(&s->oos));
		s->stats.oos_evicted++;
		oos_take(&s->oos, gfn, page, hpa);
	}
	s->stats.unsynced++;
	return true;
}

static bool orphaned(const struct shadow *s, uint64_t spt);
static void unshadow(struct shadow *s, uint64_t spt);

/*
 * A shadow of a guest table that nothing links any more (its parent entries dropped or
 * rewritten, as when the guest unlinks a table before freeing it) is dropped: kept, it would
 * cost a trap at the first store to the freed page and, out of sync, a comparison at every
 * fence until then, maybe against data.
 */
static void drop_unlinked(struct shadow *s, uint64_t spt)
{
	const struct shadow_page *sp = page_of(s, spt);

	if (sp->used && !sp->role.direct && orphaned(s, spt))
		unshadow(s, spt);
}

static void drop_orphans(struct shadow *s, gpa_t gpa)
{
	uint64_t spt[MODES];

	for (unsigned n = leaf_shadows(s, gpa, spt), k = 0; k < n; k++)
		drop_unlinked(s, spt[k]);
}

/*
 * By address: one entry per table, cheaper to compare than to ask whether the table was
 * written. Whole: only the tables written since their last resync, less those the guest no
 * longer walks.
 */
void shadow_sfence(struct shadow *s, gva_t va, bool all)
{
	unsigned idx = pt_index(va, 0);

	/* No write protection saw a Bare-mode vCPU's stores: nothing tells which shadows differ. */
	if (s->bare_unseen) {
		s->stats.bare_zaps++;
		shadow_zap_all(s);
		return;
	}
	for (unsigned k = 0; k < OOS_SLOTS; k++) {
		struct oos_slot *o = &s->oos.slot[k];
		if (!o->gpa) {
			continue;
		} else if (!all) {
			resync_entry(s, o, idx);
		} else if (written(s, o)) {
			drop_orphans(s, o->gpa);
			if (o->gpa) /* unless it went with them */
				resync_table(s, o);
		}
	}
}

/* Fills the valid neighbours of the leaf just filled at spt[idx] from the guest table. */
static void prefetch(struct shadow *s, uint64_t spt, unsigned idx, gpa_t table_gpa)
{
	const uint64_t *t = guest_table(s, table_gpa);
	struct oos_slot *o = NULL;
	uint64_t gfn;

	if (gfn_of(s, table_gpa, &gfn))
		o = oos_of(&s->oos, gfn);
	for (unsigned j = idx & ~(PREFETCH - 1u); j < (idx | (PREFETCH - 1u)) + 1; j++) {
		uint64_t pte = __atomic_load_n(&t[j], __ATOMIC_RELAXED);
		if (j == idx || *entry(spt, j) || !usable_leaf(pte))
			continue;
		if (o && pte != o->snap[j])
			resync_entry(s, o, j); /* every shadow of it, as they share the snapshot */
		else
			put_leaf(s, spt, j, pte);
		s->stats.prefetched++;
	}
}

/* Can one shadow leaf of `level` map the guest superpage around gpa? */
static bool can_map_super(const struct shadow *s, uint64_t gpa, unsigned level, uint64_t *hpa)
{
	uint64_t size = pt_level_size(level), base = align_down(gpa, size), gfn;

	if (level >= SHADOW_LEAF_LEVELS || !gfn_of(s, base, &gfn) ||
	    !pmap_block(s->pm, gpa, size, hpa))
		return false;
	for (uint64_t r = gfn >> PT_IDX_BITS, n = size >> (PAGE_SHIFT + PT_IDX_BITS); n; n--, r++)
		if (s->pt_in_region[r])
			return false;
	return true;
}

static uint8_t leaf_perm(uint64_t pte)
{
	/* R W X U, and whether the shadow may be writable (W and D). */
	return (uint8_t)(((pte >> 1) & 0xf) | ((pte & PTE_W) && (pte & PTE_D) ? 0x10 : 0));
}

enum shadow_fault_result shadow_fault(struct shadow *s, const struct walk_req *req,
                                      struct walk_result *res)
{
	uint64_t hpa;

	s->clock++;
	guest_walk(s->pm, req, res);
	if (res->cause == WALK_CAUSE_RETRY)
		return SHADOW_FIXED; /* the guest keeps rewriting the PTE: let it retry */
	if (res->cause) {
		s->stats.faults_guest++;
		return SHADOW_GUEST_FAULT;
	}
	if (!pmap_lookup(s->pm, res->gpa, &hpa)) {
		/* The guest mapped physical memory it does not have. */
		res->cause = access_fault_cause(req->access);
		s->stats.faults_guest++;
		return SHADOW_GUEST_FAULT;
	}
	if (req->access == ACCESS_WRITE && shadow_is_page_table(s, res->gpa) &&
	    !shadow_table_store(s, res->gpa))
		return SHADOW_EMULATE;

	unsigned levels = satp_levels(req->satp);
	uint64_t spt = fault_root(s, req->satp);
	for (unsigned l = levels - 1; spt && l > res->level; l--) {
		union shadow_role r = role(l - 1, levels, false, 0);
		spt = link(s, spt, pt_index(req->va, l), res->table_gpa[levels - l], r);
	}
	/* The largest shadow leaf the guest leaf, the pmap and write protection allow. */
	unsigned leaf = res->level;
	uint64_t leaf_hpa = 0;
	while (leaf > 0 && !can_map_super(s, res->gpa, leaf, &leaf_hpa))
		leaf--;
	if (leaf == 0)
		leaf_hpa = align_down(hpa, PAGE_SIZE);
	for (unsigned l = res->level; spt && l > leaf; l--) {
		union shadow_role r = role(l - 1, levels, true, leaf_perm(res->pte));
		spt = link(s, spt, pt_index(req->va, l), align_down(res->gpa, pt_level_size(l)), r);
	}
	if (leaf)
		s->stats.superpages++;
	/* Out of pool or reverse-map room: start over; the retried access rebuilds. */
	if (!spt) {
		s->stats.pool_exhausted++;
		shadow_zap_all(s);
	} else if (!set_leaf(s, spt, pt_index(req->va, leaf), leaf,
	                     align_down(res->gpa, pt_level_size(leaf)), leaf_hpa, res->pte)) {
		s->stats.rmap_full++;
		shadow_zap_all(s);
	} else if (res->level == 0) {
		/* A leaf of an out-of-sync table: its shadows for the other modes (Sv39 beside
		 * Sv48, say) may still hold what the snapshot says: the snapshot moves with all. */
		gpa_t table = res->table_gpa[res->ntables - 1];
		uint64_t gfn;
		struct oos_slot *o = gfn_of(s, table, &gfn) ? oos_of(&s->oos, gfn) : NULL;
		if (o)
			resync_entry(s, o, pt_index(req->va, 0));
		prefetch(s, spt, pt_index(req->va, 0), table);
	}
	s->stats.faults_fixed++;
	return SHADOW_FIXED;
}

/* A root leaving the shadows leaves the cache too, which closes up behind it. */
static void forget_root(struct shadow *s, uint64_t spt)
{
	for (unsigned i = 0; i < SHADOW_ROOTS && s->roots[i].key; i++) {
		if (s->roots[i].spt == spt) {
			memmove(&s->roots[i], &s->roots[i + 1],
			        (SHADOW_ROOTS - 1 - i) * sizeof(s->roots[0]));
			s->roots[SHADOW_ROOTS - 1].key = 0;
			return;
		}
	}
}

/*
 * The guest keeps writing a table it no longer walks through (a freed page table reused as
 * data): stop shadowing it. Only a page with one parent can be cut loose; its children stay in
 * the hash for whoever links them next.
 */
static void unshadow(struct shadow *s, uint64_t spt)
{
	struct shadow_page *sp = page_of(s, spt);
	uint32_t index = (uint32_t)((spt - s->pool->base) >> PAGE_SHIFT) + 1;
	uint64_t gfn;

	narrowing(s);
	if (sp->parent && links_to(sp->parent, spt))
		*(uint64_t *)phys_to_virt(sp->parent) = 0;
	for (uint32_t *slot = &s->hash[bucket(sp->gpa)]; *slot;
	     slot = &s->pages[*slot - 1].hash_next) {
		if (*slot == index) {
			*slot = sp->hash_next;
			break;
		}
	}
	if (!sp->role.direct && gfn_of(s, sp->gpa, &gfn) && s->pt_count[gfn] < PT_COUNT_MAX &&
	    --s->pt_count[gfn] == 0) {
		s->pt_in_region[gfn >> PT_IDX_BITS]--;
		/* No longer a table: its writable mappings are fine as they are. */
		struct oos_slot *o = oos_of(&s->oos, gfn);
		if (o)
			oos_release(&s->oos, o);
	}
	forget_root(s, spt);
	sp->used = false;
	s->live_pages--;
	pt_pool_free(s->pool, spt);
	s->need_flush = true;
	s->stats.unshadowed++;
}

static bool orphaned(const struct shadow *s, uint64_t spt)
{
	const struct shadow_page *sp = page_of(s, spt);

	return !sp->multi_parent && !is_pinned(s, spt) &&
	       !(sp->parent && links_to(sp->parent, spt));
}

static bool reclaimable(const struct shadow *s, uint64_t spt)
{
	const struct shadow_page *sp = page_of(s, spt);

	/* Pages the current fault has used form the path it is building: never those. */
	return sp->used && !sp->multi_parent && !is_pinned(s, spt) && sp->stamp != s->clock;
}

/*
 * Out of pool: free the least recently used eighth (roughly, by stamp) of the shadow pages that
 * can be cut loose. Their children stay hashed and are reclaimed in turn when unused.
 */
static bool reclaim(struct shadow *s)
{
	uint64_t oldest = UINT64_MAX, newest = 0, freed = 0;

	for (uint64_t i = 0; i < s->pool->npages; i++) {
		uint64_t spt = spt_of(s, (uint32_t)i);
		if (reclaimable(s, spt)) {
			oldest = MIN(oldest, s->pages[i].stamp);
			newest = MAX(newest, s->pages[i].stamp);
		}
	}
	if (oldest == UINT64_MAX)
		return false;
	uint64_t cutoff = oldest + (newest - oldest) / 8;
	for (uint64_t i = 0; i < s->pool->npages; i++) {
		uint64_t spt = spt_of(s, (uint32_t)i);
		if (reclaimable(s, spt) && s->pages[i].stamp <= cutoff) {
			unshadow(s, spt);
			freed++;
		}
	}
	s->stats.reclaimed += freed;
	s->stats.unshadowed -= freed; /* counted here, not as write-flood unshadowing */
	return freed != 0;
}

void shadow_guest_wrote(struct shadow *s, gpa_t gpa, unsigned len)
{
	uint64_t page = align_down(gpa, PAGE_SIZE), spt[TABLE_ROLES];
	unsigned first = (unsigned)(gpa - page) / 8;
	unsigned last = (unsigned)MIN(gpa - page + len - 1, PAGE_SIZE - 1) / 8;

	if (!shadow_is_page_table(s, gpa))
		return;
	for (unsigned n = shadows_of(s, page, false, spt, TABLE_ROLES), k = 0; k < n; k++) {
		struct shadow_page *sp = page_of(s, spt[k]);
		if (!sp->used || sp->gpa != page)
			continue; /* went with an unlinked child of an earlier one */
		/* A table no shadow links (a freed one, reused) goes at its first write. */
		if (orphaned(s, spt[k]) || (++sp->flood >= SHADOW_FLOOD_LIMIT &&
		                            !sp->multi_parent && !is_pinned(s, spt[k]))) {
			unshadow(s, spt[k]);
			continue;
		}
		for (unsigned i = first; i <= last; i++) {
			uint64_t old = *entry(spt[k], i);
			if (!old)
				continue;
			narrowing(s);
			*entry(spt[k], i) = 0;
			s->need_flush = true;
			if (!pte_is_leaf(old))
				drop_unlinked(s, pte_pa(old));
		}
	}
}
