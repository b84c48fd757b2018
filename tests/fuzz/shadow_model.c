/*
 * The shadow MMU harness (see shadow_model.h). Included, not linked, by its two users, so the
 * Makefile's one-source-per-test rule builds it unchanged; include it first (mmap needs
 * _DEFAULT_SOURCE before any system header).
 */
#ifndef _DEFAULT_SOURCE
#define _DEFAULT_SOURCE
#endif
#include "shadow_model.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "arch/csr.h"
#include "lib/util.h"
#include "mmu/pte.h"

/* shadow_fault calls one access may take: a zap-all, a rebuild, then an emulated store. */
#define MAX_TRIES       4
#define SHADOW_PTE_BITS (PTE_PPN_MASK | PTE_V | PTE_R | PTE_W | PTE_X | PTE_U | PTE_A | PTE_D)

/* --- input and reporting ------------------------------------------------------------------ */

static uint64_t draw(struct sm *m, unsigned nbytes)
{
	uint64_t v = 0;

	if (!m->data) {
		m->rng ^= m->rng << 13;
		m->rng ^= m->rng >> 7;
		m->rng ^= m->rng << 17;
		return nbytes >= 8 ? m->rng : m->rng & ((1ull << (8 * nbytes)) - 1);
	}
	for (unsigned i = 0; i < nbytes; i++) {
		if (m->pos < m->len)
			v |= (uint64_t)m->data[m->pos++] << (8 * i);
		else
			m->eof = true;
	}
	return v;
}

static unsigned pick(struct sm *m, unsigned n)
{
	return (unsigned)(draw(m, n <= 256 ? 1 : n <= 65536 ? 2 : 4) % n);
}

static bool chance(struct sm *m, unsigned num, unsigned den)
{
	return pick(m, den) < num;
}

__attribute__((format(printf, 2, 3))) static bool bug(struct sm *m, const char *fmt, ...)
{
	va_list ap;

	if (m->failed)
		return false;
	m->failed = true;
	va_start(ap, fmt);
	vsnprintf(m->err, sizeof(m->err), fmt, ap);
	va_end(ap);
	return false;
}

__attribute__((format(printf, 2, 3))) static void note(struct sm *m, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(m->log[m->nlog % SM_LOG], sizeof(m->log[0]), fmt, ap);
	va_end(ap);
	m->nlog++;
}

const char *sm_error(struct sm *m)
{
	static char buf[SM_LOG * 100 + 600];
	size_t n = (size_t)snprintf(buf, sizeof(buf), "%s\nlast operations (oldest first):\n",
	                            m->failed ? m->err : "no failure");
	unsigned first = m->nlog > SM_LOG ? m->nlog - SM_LOG : 0;

	for (unsigned i = first; i < m->nlog && n < sizeof(buf); i++)
		n +=
		    (size_t)snprintf(buf + n, sizeof(buf) - n, "  %u: %s\n", i, m->log[i % SM_LOG]);
	return buf;
}

/* --- guest memory ------------------------------------------------------------------------- */

static uint64_t ram_size(const struct sm *m)
{
	return (uint64_t)m->cfg.ram_pages * PAGE_SIZE;
}

static bool in_ram(const struct sm *m, uint64_t gpa, uint64_t len)
{
	return gpa - SM_RAM_GPA < ram_size(m) && len <= ram_size(m) - (gpa - SM_RAM_GPA);
}

uint64_t *sm_guest_ptr(struct sm *m, uint64_t gpa)
{
	if (!in_ram(m, gpa, 8) || (gpa & 7))
		return NULL;
	return (uint64_t *)(void *)(m->ram + (gpa - SM_RAM_GPA));
}

uint64_t sm_gpa_of_hpa(const struct sm *m, uint64_t hpa)
{
	return hpa - (uint64_t)(uintptr_t)m->ram + SM_RAM_GPA;
}

/* Hot page n: the first half at the start of RAM, the rest at its end (other 2 MiB regions). */
static uint64_t hot_gpa(const struct sm *m, unsigned n)
{
	unsigned page = n < SM_HOT_PAGES / 2 ? n : m->cfg.ram_pages - SM_HOT_PAGES + n;

	return SM_RAM_GPA + (uint64_t)page * PAGE_SIZE;
}

static uint64_t page_gpa(unsigned page)
{
	return SM_RAM_GPA + (uint64_t)page * PAGE_SIZE;
}

/* Paging modes by their number of levels, as the spec's satp MODE table has them. */
static const uint64_t mode_of_levels[] = {
    [3] = SATP_MODE_SV39, [4] = SATP_MODE_SV48, [5] = SATP_MODE_SV57};

uint64_t sm_satp_of(uint64_t root_gpa, unsigned levels)
{
	return mode_of_levels[levels] << SATP_MODE_SHIFT | root_gpa >> PAGE_SHIFT;
}

static unsigned satp_levels(uint64_t satp)
{
	unsigned levels = 3;

	while (levels < 5 && mode_of_levels[levels] != satp >> SATP_MODE_SHIFT)
		levels++;
	return levels;
}

static bool paging(uint64_t satp)
{
	return (satp >> SATP_MODE_SHIFT) != SATP_MODE_BARE;
}

static uint64_t canonical(uint64_t va, unsigned levels)
{
	unsigned valen = 12 + 9 * levels;

	return (va & (1ull << (valen - 1))) ? va | ~0ull << valen : va & ((1ull << valen) - 1);
}

/* --- staleness: what a store's history and the fences since allow ------------------------ */

static uint64_t word_hash(uint64_t gpa, unsigned cap)
{
	return ((gpa >> 3) * 0x9e3779b97f4a7c15ull >> 32) & (cap - 1);
}

static struct sm_word *word_find(struct sm *m, uint64_t gpa)
{
	for (unsigned i = m->words_cap ? (unsigned)word_hash(gpa, m->words_cap) : 0; m->words_cap;
	     i = (i + 1) & (m->words_cap - 1)) {
		if (m->words[i].gpa == gpa)
			return &m->words[i];
		if (!m->words[i].gpa)
			return NULL;
	}
	return NULL;
}

static struct sm_word *word_add(struct sm *m, uint64_t gpa)
{
	struct sm_word *w = word_find(m, gpa);

	if (w)
		return w;
	if (2 * (m->nwords + 1) > m->words_cap) {
		unsigned cap = m->words_cap ? 2 * m->words_cap : 1024;
		struct sm_word *old = m->words, *fresh = calloc(cap, sizeof(*fresh));
		if (!fresh)
			abort();
		for (unsigned i = 0; i < m->words_cap; i++) {
			if (!old[i].gpa)
				continue;
			unsigned j = (unsigned)word_hash(old[i].gpa, cap);
			while (fresh[j].gpa)
				j = (j + 1) & (cap - 1);
			fresh[j] = old[i];
		}
		free(old);
		m->words = fresh;
		m->words_cap = cap;
	}
	unsigned i = (unsigned)word_hash(gpa, m->words_cap);
	while (m->words[i].gpa)
		i = (i + 1) & (m->words_cap - 1);
	m->words[i].gpa = gpa;
	m->nwords++;
	return &m->words[i];
}

static void word_push(struct sm_word *w, uint64_t t, uint64_t v)
{
	if (w->n && w->e[w->n - 1].v == v)
		return;
	if (w->n == w->cap) {
		w->cap = w->cap ? 2 * w->cap : 4;
		w->e = realloc(w->e, w->cap * sizeof(*w->e));
		if (!w->e)
			abort();
	}
	w->e[w->n].t = t;
	w->e[w->n++].v = v;
}

/* Writes len bytes of val at gpa, remembering what each word it touches held and now holds. */
static void write_bytes(struct sm *m, uint64_t gpa, uint64_t val, unsigned len)
{
	uint64_t first = align_down(gpa, 8), t = ++m->now;

	for (uint64_t a = first; a < gpa + len; a += 8)
		word_push(word_add(m, a), t, *sm_guest_ptr(m, a));
	memcpy(m->ram + (gpa - SM_RAM_GPA), &val, len); /* both little-endian */
	t = ++m->now;
	for (uint64_t a = first; a < gpa + len; a += 8)
		word_push(word_add(m, a), t, *sm_guest_ptr(m, a));
}

/* When the last fence covering the word at index idx of a table used at level was: a leaf's
 * by address or by all, anything else's only by all. */
static uint64_t covered_at(const struct sm *m, unsigned level, unsigned idx, bool leaf)
{
	uint64_t t = m->fence_all;

	if (leaf && level < PT_LEVELS_MAX && m->fence_va[level][idx] > t)
		t = m->fence_va[level][idx];
	return t;
}

/*
 * The values the word at gpa may be translated by: what it held when last covered by a fence
 * (at time t) and everything since; at least its value now. Writes them to out (cur first).
 */
static unsigned allowed(struct sm *m, uint64_t gpa, uint64_t cur, uint64_t t, uint64_t **out)
{
	static uint64_t *buf;
	static unsigned cap;
	const struct sm_word *w = word_find(m, gpa);
	unsigned n = 0, from = 0;

	if (!w || w->n + 1 > cap) {
		cap = w ? w->n + 1 : 1;
		cap = cap < 64 ? 64 : cap;
		free(buf);
		buf = malloc(cap * sizeof(*buf));
		if (!buf)
			abort();
	}
	buf[n++] = cur;
	/* The last value that began at or before t, and every one after it. */
	for (unsigned i = 0; w && i < w->n; i++)
		if (w->e[i].t <= t)
			from = i;
	for (unsigned i = from; w && i < w->n; i++)
		if (w->e[i].v != cur)
			buf[n++] = w->e[i].v;
	*out = buf;
	return n;
}

/* Whether the word may still be translated by a value other than its current one. */
static bool stale_possible(struct sm *m, uint64_t gpa, unsigned level, unsigned idx, bool leaf)
{
	uint64_t *v;
	const uint64_t *p = sm_guest_ptr(m, gpa);

	return p && allowed(m, gpa, *p, covered_at(m, level, idx, leaf), &v) > 1;
}

/* Whether an entry on the guest's walk for va may still translate by an older value. */
static bool path_stale(struct sm *m, uint64_t satp, uint64_t va)
{
	unsigned levels = satp_levels(satp);
	uint64_t table = (satp & SATP_PPN_MASK) << PAGE_SHIFT;

	for (int i = (int)levels - 1; i >= 0; i--) {
		unsigned idx = pt_index(va, (unsigned)i);
		const uint64_t *p = sm_guest_ptr(m, table + 8ull * idx);
		if (!p)
			return false;
		uint64_t pte = *p;
		if (stale_possible(m, table + 8ull * idx, (unsigned)i, idx, pte & (PTE_R | PTE_X)))
			return true;
		if (!(pte & PTE_V) || (pte & (PTE_R | PTE_X)))
			return false;
		table = pte_pa(pte);
	}
	return false;
}

/* --- the reference: guest_walk, cross-checked by an independent reading of the spec -------- */

static uint64_t page_fault(enum access a)
{
	return a == ACCESS_EXEC   ? EXC_INSN_PAGE_FAULT
	       : a == ACCESS_READ ? EXC_LOAD_PAGE_FAULT
	                          : EXC_STORE_PAGE_FAULT;
}

static uint64_t access_fault(enum access a)
{
	return a == ACCESS_EXEC   ? EXC_INSN_ACCESS
	       : a == ACCESS_READ ? EXC_LOAD_ACCESS
	                          : EXC_STORE_ACCESS;
}

/* Leaf permissions as the privileged spec words them; the caller has rejected W without R. */
static bool spec_perm(uint64_t pte, enum access a, unsigned priv, bool sum, bool mxr)
{
	bool r = pte & PTE_R, w = pte & PTE_W, x = pte & PTE_X, u = pte & PTE_U;

	if (priv == PRV_U ? !u : (u && (!sum || a == ACCESS_EXEC)))
		return false;
	return a == ACCESS_READ ? r || (mxr && x) : a == ACCESS_WRITE ? w : x;
}

struct ref {
	uint64_t cause, gpa, hpa, pte;
	unsigned level;
};

/* The translation process of the spec, Sv39/Sv48/Sv57, A/D never updated. */
static void spec_walk(struct sm *m, const struct walk_req *q, struct ref *r)
{
	unsigned levels = satp_levels(q->satp);
	uint64_t table = (q->satp & SATP_PPN_MASK) << PAGE_SHIFT;

	memset(r, 0, sizeof(*r));
	if (canonical(q->va, levels) != q->va) {
		r->cause = page_fault(q->access);
		return;
	}
	for (int i = (int)levels - 1; i >= 0; i--) {
		const uint64_t *p = sm_guest_ptr(m, table + 8 * pt_index(q->va, (unsigned)i));
		if (!p) {
			r->cause = access_fault(q->access);
			return;
		}
		uint64_t pte = *p;
		r->pte = pte;
		r->level = (unsigned)i;
		if (!(pte & PTE_V) || ((pte & PTE_W) && !(pte & PTE_R)) || (pte >> 54))
			break;
		if (pte & (PTE_R | PTE_X)) {
			uint64_t size = pt_level_size((unsigned)i);
			if (!spec_perm(pte, q->access, q->priv, q->sum, q->mxr) ||
			    (pte_pa(pte) & (size - 1)))
				break;
			r->gpa = pte_pa(pte) | (q->va & (size - 1));
			return;
		}
		if (i == 0 || (pte & (PTE_A | PTE_D | PTE_U)))
			break;
		table = pte_pa(pte);
	}
	r->cause = page_fault(q->access);
}

/* What the access must do: guest_walk (no A/D update) then the pmap. */
static bool reference(struct sm *m, const struct walk_req *req, struct ref *r)
{
	struct walk_req q = *req;
	struct walk_result w;
	struct ref spec;

	q.set_ad = false;
	guest_walk(&m->pm, &q, &w);
	spec_walk(m, &q, &spec);
	if (w.cause != spec.cause ||
	    (!w.cause && (w.gpa != spec.gpa || w.level != spec.level || w.pte != spec.pte)))
		return bug(
		    m,
		    "guest_walk disagrees with the spec at va %#llx access %d priv %u sum %d "
		    "mxr %d satp %#llx: cause %llu gpa %#llx level %u, spec cause %llu gpa "
		    "%#llx level %u",
		    (unsigned long long)q.va, (int)q.access, q.priv, q.sum, q.mxr,
		    (unsigned long long)q.satp, (unsigned long long)w.cause,
		    (unsigned long long)w.gpa, w.level, (unsigned long long)spec.cause,
		    (unsigned long long)spec.gpa, spec.level);
	*r = spec;
	if (!r->cause && !pmap_lookup(&m->pm, r->gpa, &r->hpa))
		r->cause = access_fault(q.access);
	return true;
}

/* --- the hardware ------------------------------------------------------------------------- */

static bool pool_page(const struct sm *m, uint64_t spt, unsigned *index)
{
	uint64_t off = spt - m->pool.base;

	if (off >= m->pool.npages * PAGE_SIZE || (off & (PAGE_SIZE - 1)))
		return false;
	*index = (unsigned)(off >> PAGE_SHIFT);
	return true;
}

static bool live_page(const struct sm *m, uint64_t spt, unsigned *index)
{
	return pool_page(m, spt, index) && m->s.pages[*index].used;
}

static const uint64_t *table_of(uint64_t spt)
{
	return (const uint64_t *)(uintptr_t)spt;
}

/* Independent of guest_leaf_allows: the hardware's check of a shadow leaf. */
static bool hw_perm(uint64_t e, enum access a, unsigned priv, bool sum, bool mxr)
{
	return spec_perm(e, a, priv, sum, mxr);
}

struct hw {
	bool ok;
	uint64_t hpa, pte;
	uint64_t *spte; /* the leaf used */
};

/* The MMU walking the current vCPU's shadow. false: the shadow is malformed (a bug). */
static bool hw_walk(struct sm *m, uint64_t va, enum access a, unsigned priv, bool sum, bool mxr,
                    struct hw *h)
{
	const struct sm_vcpu *v = &m->vcpu[m->cur];
	unsigned levels = satp_levels(v->satp), index;
	uint64_t spt = v->root;

	h->ok = false;
	if (canonical(va, levels) != va)
		return true;
	for (int level = (int)levels - 1; level >= 0; level--) {
		if (!live_page(m, spt, &index))
			return bug(m,
			           "hardware walks %#llx at level %d for va %#llx: not a live "
			           "shadow page",
			           (unsigned long long)spt, level, (unsigned long long)va);
		uint64_t e = table_of(spt)[pt_index(va, (unsigned)level)];
		if (!(e & PTE_V))
			return true;
		if (e & ~SHADOW_PTE_BITS)
			return bug(m, "shadow entry %#llx has bits the shadow never sets",
			           (unsigned long long)e);
		if (e & (PTE_R | PTE_X)) {
			uint64_t size = pt_level_size((unsigned)level);
			if (level >= SHADOW_LEAF_LEVELS || (pte_pa(e) & (size - 1)))
				return bug(m, "shadow leaf %#llx at level %d (va %#llx)",
				           (unsigned long long)e, level, (unsigned long long)va);
			/* D may be clear on a writable leaf (an out-of-sync table's mapping after
			 * a resync): a store sets it, as QEMU's MMU does. */
			if (!(e & PTE_A))
				return bug(m, "shadow leaf %#llx would make the MMU set A",
				           (unsigned long long)e);
			if (!hw_perm(e, a, priv, sum, mxr))
				return true;
			h->ok = true;
			m->st.hw_leaf[level]++;
			h->hpa = pte_pa(e) | (va & (size - 1));
			h->pte = e;
			h->spte = (uint64_t *)&table_of(spt)[pt_index(va, (unsigned)level)];
			return true;
		}
		if (e & (PTE_W | PTE_A | PTE_D | PTE_U) || level == 0)
			return bug(m, "malformed shadow non-leaf %#llx at level %d",
			           (unsigned long long)e, level);
		spt = pte_pa(e);
	}
	return bug(m, "unreachable");
}

bool sm_hw_allows(struct sm *m, uint64_t va, enum access a, unsigned priv, uint64_t *hpa)
{
	struct hw h;

	if (!hw_walk(m, va, a, priv, false, false, &h) || !h.ok)
		return false;
	if (hpa)
		*hpa = h.hpa;
	return true;
}

/* --- the firmware ------------------------------------------------------------------------- */

static void snapshot(struct sm *m)
{
	for (unsigned i = 0; i < m->pool.npages; i++) {
		m->snap_used[i] = m->s.pages[i].used;
		if (m->snap_used[i])
			memcpy(m->snap + (size_t)i * PAGE_SIZE, m->pool_mem + (size_t)i * PAGE_SIZE,
			       PAGE_SIZE);
	}
	m->snap_gen = m->s.generation;
	m->quiesced = false;
}

/* Nothing a TLB may hold changed since the snapshot: no valid entry, no page freed. */
static bool unchanged(struct sm *m, const char *what, const char *without)
{
	for (unsigned i = 0; i < m->pool.npages; i++) {
		if (!m->snap_used[i])
			continue;
		if (!m->s.pages[i].used)
			return bug(m, "%s freed shadow page %u %s", what, i, without);
		const uint64_t *old = (const uint64_t *)(void *)(m->snap + (size_t)i * PAGE_SIZE);
		const uint64_t *cur =
		    (const uint64_t *)(void *)(m->pool_mem + (size_t)i * PAGE_SIZE);
		for (unsigned j = 0; j < PT_ENTRIES; j++)
			if ((old[j] & PTE_V) && cur[j] != old[j])
				return bug(m,
				           "%s changed valid shadow entry %u[%u] %#llx -> %#llx %s",
				           what, i, j, (unsigned long long)old[j],
				           (unsigned long long)cur[j], without);
	}
	return true;
}

/*
 * Whether another vCPU's hart may hold shadow entries: one loaded, with the root it had at the
 * snapshot (a zap-all quiesced the others, and they reload before they run again).
 */
static bool others_cache(const struct sm *m)
{
	for (unsigned i = 0; i < m->cfg.nvcpus; i++) {
		const struct sm_vcpu *v = &m->vcpu[i];
		if (i != m->cur && v->loaded && paging(v->satp) && v->gen == m->snap_gen)
			return true;
	}
	return false;
}

/*
 * The core's quiesce hook, as core/vm.c's: the other loaded vCPUs' harts are shot down and
 * stay in the hypervisor until the exit ends. It comes before the change, so nothing they
 * may hold has changed yet.
 */
static void quiesce(void *ctx)
{
	struct sm *m = ctx;

	m->st.quiesces++;
	if (!m->quiesced && others_cache(m))
		unchanged(m, "a core call", "before it quiesced the other vCPUs");
	m->quiesced = true;
}

static bool load_root(struct sm *m, struct sm_vcpu *v);

/*
 * After every core call, as sync_hw: a zap-all reloads the root, need_flush flushes the TLB.
 * Without a flush, no entry the hardware could have cached may have changed, and no page it
 * could walk may have been freed; nor without a quiesce, while another vCPU's hart may hold
 * them. flushed: the caller flushes anyway (load_root).
 */
static bool after_core(struct sm *m, bool flushed, const char *what)
{
	struct sm_vcpu *v = &m->vcpu[m->cur];

	if (m->failed) /* the quiesce hook found a bug */
		return false;
	flushed |= m->s.need_flush;
	m->s.need_flush = false;
	if (paging(v->satp) && v->gen != m->s.generation) {
		if (!load_root(m, v))
			return false;
		flushed = true;
	}
	if (!flushed && !unchanged(m, what, "without need_flush"))
		return false;
	if (!m->quiesced && others_cache(m) &&
	    !unchanged(m, what, "without quiescing the other vCPUs"))
		return false;
	snapshot(m);
	return true;
}

static bool check_root(struct sm *m, uint64_t spt, uint64_t satp, const char *what)
{
	unsigned index;

	if (!live_page(m, spt, &index))
		return bug(m, "%s: root %#llx is not a live shadow page", what,
		           (unsigned long long)spt);
	const struct shadow_page *sp = &m->s.pages[index];
	unsigned levels = satp_levels(satp);
	if (sp->gpa != (satp & SATP_PPN_MASK) << PAGE_SHIFT || sp->role.direct ||
	    sp->role.levels != levels || sp->role.level != levels - 1)
		return bug(m,
		           "%s: root page %u shadows %#llx level %u/%u direct %u, not satp %#llx",
		           what, index, (unsigned long long)sp->gpa, sp->role.level,
		           sp->role.levels, sp->role.direct, (unsigned long long)satp);
	return true;
}

/* load_root in mmu/shadow.c: the root for the vCPU's satp, pinned in its slot, then a full
 * flush. */
static bool load_root(struct sm *m, struct sm_vcpu *v)
{
	shadow_note_bare(&m->s, (unsigned)(v - m->vcpu), false);
	v->root = shadow_root(&m->s, v->satp);
	if (!v->root)
		return bug(m, "shadow_root(%#llx) = 0 with a pool of %u pages",
		           (unsigned long long)v->satp, m->cfg.pool_pages);
	shadow_pin_root(&m->s, (unsigned)(v - m->vcpu), v->root);
	v->gen = m->s.generation;
	m->s.need_flush = false;
	return check_root(m, v->root, v->satp, "shadow_root");
}

/* load_root for a Bare satp: the Bare-mode root, whose stores the shadows do not see. */
static void load_bare(struct sm *m, struct sm_vcpu *v)
{
	v->root = 0;
	shadow_note_bare(&m->s, (unsigned)(v - m->vcpu), true);
}

bool sm_run_vcpu(struct sm *m, unsigned n, bool put)
{
	struct sm_vcpu *v = &m->vcpu[n];

	note(m, "cpu%u %s, cpu%u runs", m->cur, put ? "put" : "stays loaded", n);
	m->st.switches++;
	if (put) { /* shadow_put: its root may go now */
		m->st.puts++;
		shadow_pin_root(&m->s, m->cur, 0);
		shadow_note_bare(&m->s, m->cur, false);
		m->vcpu[m->cur].loaded = false;
	}
	m->cur = n;
	if (!v->loaded) { /* shadow_load */
		v->loaded = true;
		if (!paging(v->satp)) {
			load_bare(m, v);
			return true;
		}
		return load_root(m, v) && after_core(m, true, "load");
	}
	/* shadow_sync, had a zap-all quiesced it: its root again. */
	return !paging(v->satp) || v->gen == m->s.generation || after_core(m, false, "sync");
}

bool sm_write_satp(struct sm *m, uint64_t satp)
{
	struct sm_vcpu *v = &m->vcpu[m->cur];

	note(m, "cpu%u satp %#llx (Sv%u root %#llx)", m->cur, (unsigned long long)satp,
	     paging(satp) ? 12 + 9 * satp_levels(satp) : 0,
	     (unsigned long long)((satp & SATP_PPN_MASK) << PAGE_SHIFT));
	m->st.satp_writes++;
	if (!paging(satp)) {
		bool was = paging(v->satp);
		v->satp = 0;
		/* Bare-mode stores bypass write protection: no shadow may outlive it. */
		if (was)
			shadow_zap_all(&m->s);
		load_bare(m, v);
		return !was || after_core(m, true, "zap for Bare");
	}
	v->satp = satp;
	if (!load_root(m, v))
		return false;
	return after_core(m, true, "satp write");
}

bool sm_zap_all(struct sm *m)
{
	note(m, "zap_all");
	m->st.zaps++;
	shadow_zap_all(&m->s);
	if (pt_pool_used(&m->pool) != 0)
		return bug(m, "zap_all left %llu pool pages in use",
		           (unsigned long long)pt_pool_used(&m->pool));
	for (unsigned i = 0; i < m->pool.npages; i++)
		if (m->s.pages[i].used)
			return bug(m, "zap_all left shadow page %u used", i);
	if (!after_core(m, false, "zap_all"))
		return false;
	/* Other vCPUs reload when they next run. */
	return true;
}

/* A writable shadow leaf over the guest frame at gpa, found by looking at every live page. */
static uint64_t *writable_leaf(struct sm *m, uint64_t gpa)
{
	uint64_t hpa = (uint64_t)(uintptr_t)sm_guest_ptr(m, align_down(gpa, PAGE_SIZE));

	for (unsigned pi = 0; pi < m->pool.npages; pi++) {
		if (!m->s.pages[pi].used)
			continue;
		uint64_t *t = (uint64_t *)table_of(m->pool.base + (uint64_t)pi * PAGE_SIZE);
		uint64_t size = pt_level_size(m->s.pages[pi].role.level);
		for (unsigned i = 0; i < PT_ENTRIES; i++) {
			uint64_t e = t[i];
			if ((e & (PTE_V | PTE_W)) == (PTE_V | PTE_W) && pte_is_leaf(e) &&
			    hpa - pte_pa(e) < size)
				return &t[i];
		}
	}
	return NULL;
}

/* The MMU's store through a writable leaf sets its D: not a change a flush must follow. */
static void hw_set_dirty(struct sm *m, uint64_t *spte)
{
	size_t off = (size_t)((uint8_t *)spte - m->pool_mem);

	*spte |= PTE_D;
	if (m->snap_used[off / PAGE_SIZE])
		*(uint64_t *)(void *)(m->snap + off) |= PTE_D;
}

bool sm_guest_store(struct sm *m, uint64_t gpa, uint64_t val, unsigned len)
{
	if (!in_ram(m, gpa, len) || (gpa & (PAGE_SIZE - 1)) + len > PAGE_SIZE)
		return bug(m, "harness: store of %u at %#llx", len, (unsigned long long)gpa);
	m->st.pte_stores++;
	/* Bare: through the Bare-mode root, which maps all RAM writable; no shadow sees it. */
	if (!paging(m->vcpu[m->cur].satp)) {
		note(m, "cpu%u Bare store %#llx len %u = %#llx", m->cur, (unsigned long long)gpa,
		     len, (unsigned long long)val);
		m->st.bare_stores++;
		write_bytes(m, gpa, val, len);
		return true;
	}
	/* A table in sync is read-only in every shadow: the store faults, and the frame goes out
	 * of sync (the store then runs natively), or the store is emulated. */
	if (shadow_is_page_table(&m->s, gpa) && !shadow_is_unsync(&m->s, gpa)) {
		bool native = shadow_table_store(&m->s, gpa);
		note(m, "cpu%u %s store %#llx len %u = %#llx", m->cur,
		     native ? "out-of-sync" : "emulated", (unsigned long long)gpa, len,
		     (unsigned long long)val);
		write_bytes(m, gpa, val, len);
		if (native) {
			m->st.unsync_stores++;
			return after_core(m, false, "shadow_table_store");
		}
		m->st.emulated_stores++;
		shadow_guest_wrote(&m->s, gpa, len);
		return after_core(m, false, "shadow_guest_wrote");
	}
	if (shadow_is_unsync(&m->s, gpa)) {
		/* Through some writable mapping of the frame (the MMU sets its D), or through
		 * one not writable yet: that store faults, and the fault finds it out of sync. */
		uint64_t *spte = chance(m, 3, 4) ? writable_leaf(m, gpa) : NULL;
		if (spte)
			hw_set_dirty(m, spte);
		else
			shadow_table_store(&m->s, gpa);
		m->st.unsync_stores++;
	}
	/* A plain store to a frame no shadow derives anything from. */
	note(m, "cpu%u direct store %#llx len %u = %#llx", m->cur, (unsigned long long)gpa, len,
	     (unsigned long long)val);
	m->st.direct_stores++;
	write_bytes(m, gpa, val, len);
	return true;
}

/*
 * A fence for vCPU target, run by the current vCPU: brings the shared shadows in line. Its own
 * (sfence.vma, or SBI's for itself: shadow_sfence_vma) flushes this hart's TLB, all of it when
 * all, else only va's entries, which the check counts as no flush. Another's
 * (shadow_sfence_remote) flushes this hart's only if entries changed: target's hart, if it
 * holds them, was quiesced by the change. Shadow mode keeps no ASIDs (the hardware caches its
 * entries under ASID 0), so it fences every address space and the check holds it to that:
 * stricter than the spec for global mappings, which a fence by ASID may skip.
 */
static bool fence_for(struct sm *m, unsigned target, uint64_t va, bool all)
{
	bool own = target == m->cur;

	m->st.fences++;
	m->st.rfences += !own;
	shadow_sfence(&m->s, va, all);
	if (!after_core(m, own && all, own ? "sfence" : "remote sfence"))
		return false;
	/* Any vCPU may walk any shadow page: target's fence binds them all. */
	m->now++;
	if (all)
		m->fence_all = m->now;
	else
		for (unsigned l = 0; l < PT_LEVELS_MAX; l++)
			m->fence_va[l][pt_index(va, l)] = m->now;
	return true;
}

bool sm_sfence(struct sm *m, uint64_t va, bool all)
{
	note(m, "cpu%u sfence.vma %s%#llx", m->cur, all ? "all " : "", (unsigned long long)va);
	return fence_for(m, m->cur, va, all);
}

bool sm_rfence(struct sm *m, unsigned target, uint64_t va, bool all)
{
	note(m, "cpu%u SBI fence for cpu%u %s%#llx", m->cur, target, all ? "all " : "",
	     (unsigned long long)va);
	return fence_for(m, target, va, all);
}

static const char *const acc_name[] = {"R", "W", "X"};

static bool access(struct sm *m, uint64_t va, enum access a, unsigned priv, bool sum, bool mxr,
                   uint64_t val, unsigned len, struct sm_access_result *out)
{
	struct sm_vcpu *v = &m->vcpu[m->cur];
	const struct walk_req req = {
	    .satp = v->satp,
	    .va = va,
	    .access = a,
	    .priv = priv,
	    .sum = sum,
	    .mxr = mxr,
	    .set_ad = true,
	};
	struct ref ref;
	struct hw h;

	memset(out, 0, sizeof(*out));
	out->outcome = SM_FAILED;
	note(m, "cpu%u access %s va %#llx priv %c sum %d mxr %d len %u val %#llx", m->cur,
	     acc_name[a], (unsigned long long)va, priv == PRV_U ? 'U' : 'S', sum, mxr, len,
	     (unsigned long long)val);
	if (!paging(v->satp))
		return bug(m, "harness: access in Bare mode");
	m->st.accesses++;
	/* Before shadow_fault, whose walk sets A/D. */
	if (!reference(m, &req, &ref))
		return false;
	for (unsigned tries = 0;; tries++) {
		if (!hw_walk(m, va, a, priv, sum, mxr, &h))
			return false;
		if (h.ok) {
			/* Until a fence covers a changed PTE, the shadow may still follow it. */
			bool stale = (ref.cause || h.hpa != ref.hpa) && path_stale(m, v->satp, va);
			if (ref.cause && !stale)
				return bug(m,
				           "shadow allows %s at va %#llx (hpa %#llx) but the guest "
				           "faults with cause %llu",
				           acc_name[a], (unsigned long long)va,
				           (unsigned long long)h.hpa,
				           (unsigned long long)ref.cause);
			if (h.hpa != ref.hpa && !stale)
				return bug(m,
				           "shadow translates va %#llx to gpa %#llx, the guest to "
				           "%#llx",
				           (unsigned long long)va,
				           (unsigned long long)sm_gpa_of_hpa(m, h.hpa),
				           (unsigned long long)ref.gpa);
			uint64_t gpa = sm_gpa_of_hpa(m, h.hpa);
			m->st.stale_allowed += stale;
			if (a == ACCESS_WRITE) {
				if (shadow_is_page_table(&m->s, gpa) &&
				    !shadow_is_unsync(&m->s, gpa))
					return bug(m, "hardware store to page-table frame %#llx",
					           (unsigned long long)gpa);
				m->st.unsync_stores += shadow_is_page_table(&m->s, gpa);
				hw_set_dirty(m, h.spte);
				write_bytes(m, gpa, val, len);
			}
			m->st.hw_ok++;
			out->outcome = SM_DONE;
			out->gpa = gpa;
			out->hpa = h.hpa;
			return true;
		}
		if (tries == MAX_TRIES)
			return bug(m,
			           "no progress: %s at va %#llx still faults after %u shadow_fault",
			           acc_name[a], (unsigned long long)va, tries);
		struct walk_result w;
		enum shadow_fault_result r = shadow_fault(&m->s, &req, &w);
		out->faults = tries + 1;
		if (out->faults > m->st.max_tries)
			m->st.max_tries = out->faults;
		if (!after_core(m, false, "shadow_fault"))
			return false;
		switch (r) {
		case SHADOW_FIXED:
			if (ref.cause)
				return bug(m,
				           "shadow_fault fixed %s at va %#llx, the guest faults "
				           "with %llu",
				           acc_name[a], (unsigned long long)va,
				           (unsigned long long)ref.cause);
			m->st.fixed++;
			continue;
		case SHADOW_GUEST_FAULT:
			if (w.cause != ref.cause || !ref.cause)
				return bug(m,
				           "shadow_fault reflects cause %llu for %s at va %#llx, "
				           "the reference says %llu",
				           (unsigned long long)w.cause, acc_name[a],
				           (unsigned long long)va, (unsigned long long)ref.cause);
			if (ref.cause == access_fault(a))
				m->st.access_faults++;
			m->st.guest_faults++;
			out->outcome = SM_GUEST_FAULT;
			out->cause = w.cause;
			return true;
		case SHADOW_EMULATE:
			if (a != ACCESS_WRITE || ref.cause || w.gpa != ref.gpa ||
			    !shadow_is_page_table(&m->s, ref.gpa))
				return bug(m,
				           "shadow_fault asks to emulate %s at va %#llx gpa %#llx; "
				           "reference cause %llu gpa %#llx page table %d",
				           acc_name[a], (unsigned long long)va,
				           (unsigned long long)w.gpa, (unsigned long long)ref.cause,
				           (unsigned long long)ref.gpa,
				           shadow_is_page_table(&m->s, ref.gpa));
			/* shadow_emulate_store: the store, then shadow_guest_wrote. */
			m->st.emulated++;
			write_bytes(m, ref.gpa, val, len);
			shadow_guest_wrote(&m->s, ref.gpa, len);
			if (!after_core(m, false, "emulated store"))
				return false;
			out->outcome = SM_EMULATED;
			out->gpa = ref.gpa;
			out->hpa = ref.hpa;
			return true;
		}
		return bug(m, "shadow_fault returned %d", (int)r);
	}
}

bool sm_access(struct sm *m, uint64_t va, enum access a, unsigned priv, bool sum, bool mxr,
               struct sm_access_result *out)
{
	/* A store writes a recognisable word; hand-written tests use sm_guest_store for PTEs. */
	if (!access(m, va, a, priv, sum, mxr, 0x5a5a5a5a5a5a5a5aull, a == ACCESS_WRITE ? 8 : 0,
	            out))
		return false;
	return sm_check(m);
}

/* --- invariants --------------------------------------------------------------------------- */

/* The guest PTE a shadow entry was made from must still allow what the entry grants. */
static bool leaf_subset(uint64_t e, uint64_t g_rwxu, bool g_dirty)
{
	if ((e & (PTE_R | PTE_X)) & ~g_rwxu)
		return false;
	if ((e & PTE_U) != (g_rwxu & PTE_U)) /* U=0 opens a page to S-mode: must be exact */
		return false;
	return !(e & PTE_W) || ((g_rwxu & PTE_W) && g_dirty);
}

static bool guest_valid_leaf(uint64_t g, unsigned level)
{
	return (g & PTE_V) && (g & (PTE_R | PTE_X)) && !((g & PTE_W) && !(g & PTE_R)) &&
	       !(g >> 54) && (g & PTE_A) && !(pte_pa(g) & (pt_level_size(level) - 1));
}

static bool guest_valid_table(uint64_t g)
{
	return (g & PTE_V) && !(g & (PTE_R | PTE_W | PTE_X)) && !(g >> 54) &&
	       !(g & (PTE_A | PTE_D | PTE_U));
}

/* perm of a direct page: R W X U in bits 0-3, "writable once D" in bit 4 (leaf_perm). */
static uint64_t perm_rwxu(uint8_t perm)
{
	return (uint64_t)(perm & 0xf) << 1;
}

/* A page-table frame in sync (write-protected) in [gpa, gpa + size), or 0. Scans the core's
 * counts: 1 GiB is big. */
static uint64_t table_in(struct sm *m, uint64_t gpa, uint64_t size)
{
	static const uint8_t zero[4096];
	const uint8_t *c = m->s.pt_count + ((gpa - SM_RAM_GPA) >> PAGE_SHIFT);

	for (uint64_t n = size >> PAGE_SHIFT, done = 0; done < n;) {
		uint64_t k = MIN(n - done, sizeof(zero));
		if (memcmp(c + done, zero, k))
			for (uint64_t i = done; i < done + k; i++)
				if (c[i] && shadow_is_page_table(&m->s, gpa + (i << PAGE_SHIFT)) &&
				    !shadow_is_unsync(&m->s, gpa + (i << PAGE_SHIFT)))
					return gpa + (i << PAGE_SHIFT);
		done += k;
	}
	return 0;
}

static bool check_leaf(struct sm *m, unsigned pi, unsigned idx, uint64_t e)
{
	const struct shadow_page *sp = &m->s.pages[pi];
	unsigned level = sp->role.level;
	uint64_t size = pt_level_size(level), gpa = sm_gpa_of_hpa(m, pte_pa(e));

	if ((e & ~SHADOW_PTE_BITS) || !(e & PTE_A) || ((e & PTE_W) && !(e & PTE_R)) ||
	    level >= SHADOW_LEAF_LEVELS || (pte_pa(e) & (size - 1)))
		return bug(m, "shadow leaf %u[%u] = %#llx at level %u: malformed", pi, idx,
		           (unsigned long long)e, level);
	if (!in_ram(m, gpa, size))
		return bug(m, "shadow leaf %u[%u] = %#llx maps beyond guest RAM", pi, idx,
		           (unsigned long long)e);
	uint64_t f = (e & PTE_W) ? table_in(m, gpa, size) : 0;
	if (f)
		return bug(m, "shadow leaf %u[%u] = %#llx maps page-table frame %#llx writable", pi,
		           idx, (unsigned long long)e, (unsigned long long)f);
	if (sp->role.direct) {
		if (gpa != sp->gpa + idx * size ||
		    !leaf_subset(e, perm_rwxu(sp->role.perm), sp->role.perm & 0x10))
			return bug(m, "direct leaf %u[%u] = %#llx: region %#llx perm %#x", pi, idx,
			           (unsigned long long)e, (unsigned long long)sp->gpa,
			           sp->role.perm);
		return true;
	}
	uint64_t at = sp->gpa + 8ull * idx, *v;
	const uint64_t *gp = sm_guest_ptr(m, at);
	unsigned n = gp ? allowed(m, at, *gp, covered_at(m, level, idx, true), &v) : 0;
	for (unsigned k = 0; k < n; k++) {
		uint64_t g = v[k];
		if (guest_valid_leaf(g, level) && pte_pa(g) == gpa &&
		    leaf_subset(e, g & (PTE_R | PTE_W | PTE_X | PTE_U), g & PTE_D)) {
			m->st.stale_allowed += k > 0;
			return true;
		}
	}
	return bug(m,
	           "shadow leaf %u[%u] = %#llx (gpa %#llx) contradicts guest PTE %#llx at %#llx "
	           "(and the %u values it had since a fence last covered it)",
	           pi, idx, (unsigned long long)e, (unsigned long long)gpa,
	           (unsigned long long)(gp ? *gp : 0), (unsigned long long)at, n ? n - 1 : 0);
}

static bool check_link(struct sm *m, unsigned pi, unsigned idx, uint64_t e)
{
	const struct shadow_page *sp = &m->s.pages[pi];
	unsigned ci;

	if ((e & ~(PTE_PPN_MASK | PTE_V)) || !sp->role.level || !live_page(m, pte_pa(e), &ci))
		return bug(m, "shadow non-leaf %u[%u] = %#llx: malformed or to a dead page", pi,
		           idx, (unsigned long long)e);
	const struct shadow_page *c = &m->s.pages[ci];
	if (c->role.level + 1 != sp->role.level || c->role.levels != sp->role.levels)
		return bug(m, "shadow page %u (level %u/%u) links page %u of level %u/%u", pi,
		           sp->role.level, sp->role.levels, ci, c->role.level, c->role.levels);
	if (sp->role.direct) {
		if (!c->role.direct || c->role.perm != sp->role.perm ||
		    c->gpa != sp->gpa + idx * pt_level_size(sp->role.level))
			return bug(m, "direct page %u[%u] links page %u (gpa %#llx direct %u)", pi,
			           idx, ci, (unsigned long long)c->gpa, c->role.direct);
		return true;
	}
	/* A table entry is covered by a full fence only; a split superpage is a leaf. */
	uint64_t at = sp->gpa + 8ull * idx, *v;
	const uint64_t *gp = sm_guest_ptr(m, at);
	unsigned n =
	    gp ? allowed(m, at, *gp, covered_at(m, sp->role.level, idx, c->role.direct), &v) : 0;
	for (unsigned k = 0; k < n; k++) {
		uint64_t g = v[k];
		bool ok;
		if (!c->role.direct) {
			ok = guest_valid_table(g) && pte_pa(g) == c->gpa;
		} else {
			/* A split superpage: its perm may lag behind D, never grant more. */
			uint8_t gperm = (uint8_t)((g >> 1) & 0xf), p = c->role.perm;
			ok = guest_valid_leaf(g, sp->role.level) && pte_pa(g) == c->gpa &&
			     !(p & 0xf & ~gperm) && !((p ^ gperm) & 0x8) &&
			     (!(p & 0x10) || ((g & PTE_W) && (g & PTE_D)));
		}
		if (ok) {
			m->st.stale_allowed += k > 0;
			return true;
		}
	}
	return bug(m,
	           "shadow page %u[%u] links page %u (gpa %#llx direct %u perm %#x) but guest "
	           "PTE at %#llx is %#llx (and the %u values it had since a fence covered it)",
	           pi, idx, ci, (unsigned long long)c->gpa, c->role.direct, c->role.perm,
	           (unsigned long long)at, (unsigned long long)(gp ? *gp : 0), n ? n - 1 : 0);
}

/* Every live shadow page against the guest memory it derives from. */
static bool check_pages(struct sm *m)
{
	unsigned used = 0;

	for (unsigned pi = 0; pi < m->pool.npages; pi++) {
		const struct shadow_page *sp = &m->s.pages[pi];
		if (!sp->used)
			continue;
		used++;
		if (sp->role.levels < 3 || sp->role.levels > 5 || sp->role.level >= sp->role.levels)
			return bug(m, "shadow page %u has role level %u/%u", pi, sp->role.level,
			           sp->role.levels);
		if (!sp->role.direct && in_ram(m, sp->gpa, PAGE_SIZE) &&
		    !shadow_is_page_table(&m->s, sp->gpa))
			return bug(m, "shadow page %u shadows %#llx, which is not write-protected",
			           pi, (unsigned long long)sp->gpa);
		if (!sp->role.direct && sp->role.level && shadow_is_unsync(&m->s, sp->gpa))
			return bug(m, "shadow page %u (level %u) shadows out-of-sync table %#llx",
			           pi, sp->role.level, (unsigned long long)sp->gpa);
		const uint64_t *t =
		    (const uint64_t *)(void *)(m->pool_mem + (size_t)pi * PAGE_SIZE);
		for (unsigned idx = 0; idx < PT_ENTRIES; idx++) {
			uint64_t e = t[idx];
			if (!e)
				continue;
			if (!(e & PTE_V))
				return bug(m, "shadow entry %u[%u] = %#llx: not valid, not zero",
				           pi, idx, (unsigned long long)e);
			if (!sp->role.direct && !in_ram(m, sp->gpa, PAGE_SIZE))
				return bug(m, "shadow page %u of %#llx (not RAM) has entries", pi,
				           (unsigned long long)sp->gpa);
			bool leaf = e & (PTE_R | PTE_W | PTE_X);
			if (!(leaf ? check_leaf(m, pi, idx, e) : check_link(m, pi, idx, e)))
				return false;
		}
	}
	if (used != pt_pool_used(&m->pool) || used != m->s.live_pages)
		return bug(m, "%u live shadow pages, %llu pool pages in use, live_pages %u", used,
		           (unsigned long long)pt_pool_used(&m->pool), m->s.live_pages);
	return true;
}

/* Every leaf reachable from a root, va by va, against guest_walk: granted => guest allows. */
static bool check_tree(struct sm *m, uint64_t satp, uint64_t spt, unsigned level, uint64_t va)
{
	const uint64_t *t = table_of(spt);
	unsigned levels = satp_levels(satp), ci;
	uint64_t size = pt_level_size(level);

	for (unsigned idx = 0; idx < PT_ENTRIES; idx++) {
		uint64_t e = t[idx];
		if (!e)
			continue;
		uint64_t eva = canonical(va | (uint64_t)idx << (12 + 9 * level), levels);
		if (!(e & (PTE_R | PTE_W | PTE_X))) {
			if (!level || !live_page(m, pte_pa(e), &ci))
				return bug(m, "dead page linked");
			if (!check_tree(m, satp, pte_pa(e), level - 1, eva))
				return false;
			continue;
		}
		/* A superpage: its first, middle and last 4 KiB. */
		for (uint64_t off = 0; off < size; off += MAX(size / 2 - PAGE_SIZE / 2, PAGE_SIZE))
			for (enum access a = ACCESS_READ; a <= ACCESS_EXEC; a++) {
				uint64_t bit = a == ACCESS_READ    ? PTE_R
				               : a == ACCESS_WRITE ? PTE_W
				                                   : PTE_X;
				if (!(e & bit))
					continue;
				const struct walk_req q = {
				    .satp = satp,
				    .va = eva + align_down(off, PAGE_SIZE),
				    .access = a,
				    .priv = (e & PTE_U) ? PRV_U : PRV_S,
				};
				struct ref r;
				if (!reference(m, &q, &r))
					return false;
				bool differs = r.cause ||
				               r.hpa != pte_pa(e) + align_down(off, PAGE_SIZE) ||
				               (a == ACCESS_WRITE && !(r.pte & PTE_D));
				if (differs && path_stale(m, satp, q.va)) {
					m->st.stale_allowed++;
					continue;
				}
				if (differs)
					return bug(
					    m,
					    "satp %#llx va %#llx: shadow leaf %#llx grants %s%s, "
					    "guest says cause %llu gpa %#llx pte %#llx",
					    (unsigned long long)satp, (unsigned long long)q.va,
					    (unsigned long long)e, acc_name[a],
					    (e & PTE_U) ? " to U" : " to S",
					    (unsigned long long)r.cause, (unsigned long long)r.gpa,
					    (unsigned long long)r.pte);
			}
	}
	return true;
}

bool sm_check(struct sm *m)
{
	uint64_t done[SHADOW_ROOTS + SM_MAX_VCPUS];
	unsigned ndone = 0;

	if (m->failed)
		return false;
	if (!check_pages(m))
		return false;
	/* The root cache: distinct keys, none after the first empty entry. */
	for (unsigned i = 1; i < SHADOW_ROOTS; i++)
		for (unsigned j = 0; j < i; j++)
			if (m->s.roots[i].key &&
			    (!m->s.roots[j].key || m->s.roots[j].key == m->s.roots[i].key))
				return bug(m,
				           "root cache entry %u (key %#llx) after an empty or "
				           "equal entry %u",
				           i, (unsigned long long)m->s.roots[i].key, j);
	for (unsigned i = 0; i < SHADOW_ROOTS + m->cfg.nvcpus; i++) {
		uint64_t satp, spt;
		if (i < SHADOW_ROOTS) {
			uint64_t key = m->s.roots[i].key;
			if (!key)
				continue;
			satp = sm_satp_of(key & ~(PAGE_SIZE - 1), (unsigned)(key & 7));
			spt = m->s.roots[i].spt;
		} else {
			const struct sm_vcpu *v = &m->vcpu[i - SHADOW_ROOTS];
			/* Every loaded root, pinned, is still the shadow of its satp; a vCPU
			 * off its hart has none, one that missed a zap-all reloads first. */
			if (!v->loaded || !paging(v->satp) || v->gen != m->s.generation)
				continue;
			satp = v->satp;
			spt = v->root;
		}
		if (!check_root(m, spt, satp, i < SHADOW_ROOTS ? "root cache" : "loaded root"))
			return false;
		bool seen = false;
		for (unsigned j = 0; j < ndone; j++)
			seen |= done[j] == spt;
		if (seen)
			continue;
		done[ndone++] = spt;
		if (!check_tree(m, satp, spt, satp_levels(satp) - 1, 0))
			return false;
	}
	return true;
}

/* --- the guest ---------------------------------------------------------------------------- */

static uint64_t rand_leaf_flags(struct sm *m)
{
	static const uint64_t rwx[] = {PTE_R, PTE_R | PTE_W, PTE_R | PTE_X, PTE_RWX,
	                               PTE_X, PTE_R | PTE_W, PTE_R | PTE_W};
	uint64_t f = PTE_V | rwx[pick(m, ARRAY_SIZE(rwx))];

	f |= chance(m, 1, 4) ? PTE_U : 0;
	f |= chance(m, 3, 4) ? PTE_A : 0;
	f |= chance(m, 1, 2) ? PTE_D : 0;
	f |= chance(m, 1, 8) ? PTE_G : 0;
	return f;
}

/*
 * A PTE value a guest (or a buggy guest) might store in the table at self, used at level
 * (-1: unknown): mostly what fits the level, sometimes anything.
 */
static uint64_t gen_pte(struct sm *m, uint64_t self, int level)
{
	static const uint64_t outside[] = {0,          0x1000,          SM_RAM_GPA - PAGE_SIZE,
	                                   0x40000000, 0x4000000000ull, 0xfffffffff000ull};
	unsigned k;

	if (level >= 0 && chance(m, 7, 8)) /* what fits: a 4 KiB leaf at 0, else mostly a table */
		k = level == 0 ? 13 : chance(m, 5, 6) ? 3 : 24;
	else
		k = pick(m, 32);
	if (k < 3)
		return 0;
	if (k < 13) {
		unsigned p = chance(m, 3, 4) ? pick(m, 16) : pick(m, SM_HOT_PAGES);
		return pte_make(hot_gpa(m, p),
		                PTE_V | (chance(m, 1, 16) ? PTE_A << pick(m, 3) : 0));
	}
	if (k < 24)
		return pte_make(hot_gpa(m, pick(m, SM_HOT_PAGES)), rand_leaf_flags(m));
	switch (k) {
	case 24:
		/* RAM is 1 GiB-aligned: superpages at its start, or further in. Larger ones
		 * (512 GiB, 256 TiB) are aligned at 0, RAM 2 GiB into them, or misaligned. */
		return pte_make(level == 1        ? SM_RAM_GPA + pick(m, 3) * (2 * MiB)
		                : level == 2      ? SM_RAM_GPA + pick(m, 3) * GiB
		                : chance(m, 1, 2) ? 0
		                                  : SM_RAM_GPA,
		                rand_leaf_flags(m) | PTE_A);
	case 25:
		return pte_make(hot_gpa(m, pick(m, SM_HOT_PAGES)),
		                PTE_V | PTE_W | (chance(m, 1, 2) ? PTE_X : 0) | PTE_A | PTE_D);
	case 26:
		return pte_make(hot_gpa(m, pick(m, SM_HOT_PAGES)), rand_leaf_flags(m)) |
		       (uint64_t)(pick(m, 1023) + 1) << 54;
	case 27:
		return pte_make(outside[pick(m, ARRAY_SIZE(outside))],
		                chance(m, 1, 2) ? PTE_V : rand_leaf_flags(m) | PTE_A | PTE_D);
	case 28:
		return draw(m, 8);
	case 29:
		return pte_make(self, chance(m, 3, 4) ? PTE_V : rand_leaf_flags(m) | PTE_A | PTE_D);
	case 30:
		return pte_make(page_gpa(pick(m, m->cfg.ram_pages)),
		                rand_leaf_flags(m) | PTE_A | PTE_D);
	default:
		return pte_make(page_gpa(pick(m, SM_ROOT_PAGES)), PTE_V);
	}
}

/*
 * A va the tables of satp probably map: at each level, mostly a valid entry of the table
 * reached so far. tables[]/idx[] get the tables visited, for PTE stores.
 */
static uint64_t guided_va_for(struct sm *m, uint64_t satp, uint64_t tables[PT_LEVELS_MAX],
                              unsigned idx[PT_LEVELS_MAX], unsigned *n)
{
	/* tables[k] is at level levels - 1 - k. */
	unsigned levels = satp_levels(satp), valid[PT_ENTRIES], other[PT_ENTRIES];
	uint64_t table = (satp & SATP_PPN_MASK) << PAGE_SHIFT, va = 0;
	bool follow = true, in_leaf = false;
	unsigned mode = pick(m, 8); /* 0: any index, 1: valid but unusable entries, else good */

	*n = 0;
	for (int level = (int)levels - 1; level >= 0; level--) {
		const uint64_t *t = follow ? sm_guest_ptr(m, table) : NULL;
		unsigned i = PT_ENTRIES;
		if (t && mode) {
			unsigned nvalid = 0, ngood = 0;
			/* Good entries first: tables above level 0, leaves at it. */
			for (unsigned j = 0; j < PT_ENTRIES; j++) {
				uint64_t pte = t[j];
				if (!(pte & PTE_V))
					continue;
				bool good = (level && guest_valid_table(pte)) ||
				            guest_valid_leaf(pte | PTE_A, (unsigned)level);
				if (good)
					valid[ngood++] = j;
				else
					other[nvalid++] = j;
			}
			if (ngood && mode > 1)
				i = valid[pick(m, ngood)];
			else if (nvalid)
				i = other[pick(m, nvalid)];
		}
		if (i == PT_ENTRIES && in_leaf && mode)
			/* Inside a superpage: mostly where it maps RAM, if it does. */
			i = pt_index(page_gpa(pick(m, m->cfg.ram_pages)), (unsigned)level);
		else if (i == PT_ENTRIES)
			i = chance(m, 1, 2) ? pick(m, 4) : pick(m, PT_ENTRIES);
		va |= (uint64_t)i << (12 + 9 * level);
		if (t) {
			tables[*n] = table;
			idx[(*n)++] = i;
			uint64_t pte = t[i];
			follow = (pte & PTE_V) && !(pte & (PTE_R | PTE_W | PTE_X));
			in_leaf = (pte & PTE_V) && (pte & (PTE_R | PTE_X));
			table = pte_pa(pte);
		}
	}
	va |= chance(m, 1, 2) ? (uint64_t)pick(m, 512) * 8 : pick(m, PAGE_SIZE);
	va = canonical(va, levels);
	if (chance(m, 1, 64))
		va ^= 1ull << (12 + 9 * levels + 6); /* not canonical */
	return va;
}

/* guided_va_for the current vCPU's tables. */
static uint64_t guided_va(struct sm *m, uint64_t tables[PT_LEVELS_MAX], unsigned idx[PT_LEVELS_MAX],
                          unsigned *n)
{
	return guided_va_for(m, m->vcpu[m->cur].satp, tables, idx, n);
}

static unsigned store_len(struct sm *m)
{
	static const unsigned lens[] = {8, 8, 8, 8, 8, 4, 2, 1};

	return lens[pick(m, ARRAY_SIZE(lens))];
}

/* A PTE store: mostly to a table on a path the guest uses. */
static bool op_pte_store(struct sm *m)
{
	uint64_t tables[PT_LEVELS_MAX], gpa;
	unsigned idx[PT_LEVELS_MAX], n = 0, len = store_len(m);

	if (paging(m->vcpu[m->cur].satp) && chance(m, 4, 5))
		guided_va(m, tables, idx, &n);
	int level = -1;
	if (n) {
		unsigned k = pick(m, n);
		gpa = tables[k] + 8ull * idx[k];
		level = (int)satp_levels(m->vcpu[m->cur].satp) - 1 - (int)k;
	} else {
		gpa = hot_gpa(m, chance(m, 1, 2) ? pick(m, 16) : pick(m, SM_HOT_PAGES)) +
		      8ull * pick(m, 512);
	}
	if (len < 8)
		gpa += pick(m, 8);
	if ((gpa & (PAGE_SIZE - 1)) + len > PAGE_SIZE)
		gpa = align_down(gpa, 8);
	uint64_t val = gen_pte(m, align_down(gpa, PAGE_SIZE), level);
	if (len < 8 && chance(m, 1, 2))
		val = draw(m, len);
	return sm_guest_store(m, gpa, val, len);
}

static uint64_t rand_satp(struct sm *m)
{
	uint64_t root;
	unsigned k = pick(m, 16);

	if (k < 13)
		root = page_gpa(pick(m, SM_ROOT_PAGES));
	else if (k < 15)
		root = hot_gpa(m, pick(m, SM_HOT_PAGES));
	else
		root = chance(m, 1, 2) ? 0x1000 : SM_RAM_GPA + ram_size(m);
	/* Sv39, Sv48, or Sv57 if the pool holds a path of its five tables. */
	return sm_satp_of(root, 3 + pick(m, MIN(3, m->cfg.pool_pages - 2))) |
	       (chance(m, 1, 4) ? (uint64_t)pick(m, 65536) << SATP_ASID_SHIFT : 0);
}

static bool op_access(struct sm *m)
{
	static const enum access kinds[] = {ACCESS_READ, ACCESS_WRITE, ACCESS_WRITE, ACCESS_EXEC};
	uint64_t tables[PT_LEVELS_MAX];
	unsigned idx[PT_LEVELS_MAX], n;
	uint64_t va = guided_va(m, tables, idx, &n);
	enum access a = kinds[pick(m, ARRAY_SIZE(kinds))];
	unsigned priv = chance(m, 3, 4) ? PRV_S : PRV_U;
	bool sum = chance(m, 1, 4), mxr = chance(m, 1, 8);
	unsigned len = store_len(m);
	struct sm_access_result r;
	struct walk_req q = {.satp = m->vcpu[m->cur].satp, .va = va, .priv = PRV_S, .sum = true};
	struct ref leaf;

	/* Mostly an access the guest's leaf allows, so most of them reach the shadow. */
	spec_walk(m, &q, &leaf);
	if (!leaf.cause && chance(m, 3, 4)) {
		uint64_t want = a == ACCESS_READ ? PTE_R : a == ACCESS_WRITE ? PTE_W : PTE_X;
		if (!(leaf.pte & want))
			a = (leaf.pte & PTE_W) && chance(m, 1, 2) ? ACCESS_WRITE
			    : (leaf.pte & PTE_R)                  ? ACCESS_READ
			                                          : ACCESS_EXEC;
		priv = (leaf.pte & PTE_U) && a == ACCESS_EXEC ? PRV_U : priv;
		sum |= priv == PRV_S && (leaf.pte & PTE_U);
		if (!(leaf.pte & PTE_U))
			priv = PRV_S;
	}
	if ((va & (PAGE_SIZE - 1)) + len > PAGE_SIZE)
		va = align_down(va, 8);
	return access(m, va, a, priv, sum, mxr, gen_pte(m, align_down(va, PAGE_SIZE), -1), len, &r);
}

/*
 * A Bare vCPU rewrites a PTE: mostly on a path that some vCPU's tables use (its own, those it
 * left), or in one of the tables most satps use.
 */
static bool bare_store(struct sm *m)
{
	uint64_t tables[PT_LEVELS_MAX], gpa;
	unsigned idx[PT_LEVELS_MAX], n = 0, who = pick(m, m->cfg.nvcpus);
	uint64_t satp = who == m->cur ? m->vcpu[who].back : m->vcpu[who].satp;
	int level = -1;

	if (paging(satp) && chance(m, 3, 4))
		guided_va_for(m, satp, tables, idx, &n);
	if (n) {
		unsigned k = pick(m, n);
		gpa = tables[k] + 8ull * idx[k];
		level = (int)satp_levels(satp) - 1 - (int)k;
	} else {
		gpa = page_gpa(pick(m, 16)) + 8ull * pick(m, 512);
	}
	return sm_guest_store(m, gpa, gen_pte(m, align_down(gpa, PAGE_SIZE), level), 8);
}

/* The guest goes Bare (zap-all) and stores; it stays Bare for some steps (see step). */
static bool op_bare(struct sm *m)
{
	struct sm_vcpu *v = &m->vcpu[m->cur];

	m->st.bare_windows++;
	v->back = v->satp;
	return sm_write_satp(m, 0) && bare_store(m);
}

/*
 * SBI remote sfence.vma: to the harts of a mask, each in turn as core/sbi_exec.c does, page by
 * page over a range or whole. By ASID or not: shadow mode drops the ASID (see fence_for).
 */
static bool op_rfence(struct sm *m)
{
	uint64_t tables[PT_LEVELS_MAX];
	unsigned idx[PT_LEVELS_MAX], n;
	unsigned mask = 1 + pick(m, (1u << m->cfg.nvcpus) - 1), form = pick(m, 4);
	bool all = form < 2;
	uint64_t va = all ? 0 : guided_va(m, tables, idx, &n);
	unsigned pages = all || chance(m, 3, 4) ? 1 : 2 + pick(m, 3);

	note(m, "cpu%u SBI remote sfence.vma%s harts %#x va %#llx pages %u", m->cur,
	     form & 1 ? ".asid" : "", mask, (unsigned long long)va, all ? 0 : pages);
	for (unsigned t = 0; t < m->cfg.nvcpus; t++) {
		if (!((mask >> t) & 1))
			continue;
		for (unsigned p = 0; p < pages; p++)
			if (!fence_for(m, t, va + (uint64_t)p * PAGE_SIZE, all))
				return false;
	}
	return true;
}

/*
 * A step of a Bare vCPU, while the others go on between its steps and fill shadows that its
 * stores may outdate: more stores, a fence of its own or for others, or paging again (mostly
 * with the tables it left, which it may have rewritten).
 */
static bool bare_step(struct sm *m)
{
	struct sm_vcpu *v = &m->vcpu[m->cur];
	unsigned k = pick(m, 8);

	if (k < 3)
		return bare_store(m);
	if (k < 4)
		return sm_sfence(m, 0, true);
	if (k < 5)
		return op_rfence(m);
	return sm_write_satp(m, v->back && chance(m, 3, 4) ? v->back : rand_satp(m));
}

static bool step(struct sm *m)
{
	unsigned op = pick(m, 38);

	m->st.ops++;
	if (m->cfg.nvcpus > 1 && chance(m, 1, 16)) {
		/* Another vCPU: on a hart of its own, or time-sliced onto this one. */
		unsigned next = (m->cur + 1 + pick(m, m->cfg.nvcpus - 1)) % m->cfg.nvcpus;
		if (!sm_run_vcpu(m, next, chance(m, 1, 4)))
			return false;
	}
	if (!paging(m->vcpu[m->cur].satp))
		return bare_step(m);
	if (op < 16)
		return op_access(m);
	if (op < 26)
		return op_pte_store(m);
	if (op < 29)
		return sm_write_satp(m, rand_satp(m));
	if (op < 30)
		return sm_zap_all(m);
	if (op < 31)
		return op_bare(m);
	if (op >= 36)
		return op_rfence(m);
	if (op >= 32) { /* sfence.vma: mostly by an address the guest uses */
		uint64_t tables[PT_LEVELS_MAX];
		unsigned idx[PT_LEVELS_MAX], n;
		return sm_sfence(m, guided_va(m, tables, idx, &n), op == 35);
	}
	/* A stray store anywhere in RAM (a data page, or a table) of any width. */
	unsigned len = store_len(m);
	uint64_t gpa = page_gpa(pick(m, m->cfg.ram_pages)) + pick(m, PAGE_SIZE - len + 1);
	if (chance(m, 1, 2))
		return sm_guest_store(m, gpa, draw(m, len), len);
	/* Or the hypervisor's own write (an SBI call's result): it reports every one. */
	uint64_t val = draw(m, len);
	note(m, "hypervisor write %#llx len %u = %#llx", (unsigned long long)gpa, len,
	     (unsigned long long)val);
	write_bytes(m, gpa, val, len);
	shadow_guest_wrote(&m->s, gpa, len);
	return after_core(m, false, "shadow_guest_wrote");
}

bool sm_run(struct sm *m, unsigned max_ops)
{
	for (unsigned i = 0; !max_ops || i < max_ops; i++) {
		if (m->failed || (m->data && m->pos >= m->len))
			break;
		if (!step(m) || !sm_check(m))
			return false;
	}
	return !m->failed;
}

/* --- setup -------------------------------------------------------------------------------- */

/* A fixed random graph of tables (pages 4-15) under the roots (0-3), leaves to any page. */
static void skeleton(struct sm *m)
{
	const uint8_t *data = m->data;
	uint64_t rng = m->rng;

	m->data = NULL;
	m->rng = m->cfg.seed | 1;
	for (unsigned p = 0; p < 16; p++) {
		uint64_t *t = sm_guest_ptr(m, page_gpa(p));
		for (unsigned i = 0, n = p < SM_ROOT_PAGES ? 6 : 8; i < n; i++) {
			unsigned j = chance(m, 1, 2) ? pick(m, 4) : pick(m, PT_ENTRIES);
			if (p < SM_ROOT_PAGES || chance(m, 3, 4))
				t[j] = pte_make(page_gpa(4 + pick(m, 12)), PTE_V);
			else
				t[j] =
				    pte_make(hot_gpa(m, pick(m, SM_HOT_PAGES)), rand_leaf_flags(m));
		}
	}
	m->data = data;
	m->rng = rng;
}

/*
 * Buffers are kept from one harness to the next: the fuzzer builds thousands per second and
 * fresh pages cost more than the run. What a harness does not use is poisoned for ASan, so
 * overruns are still caught.
 */
struct buf {
	uint8_t *p;
	size_t cap;
};
static struct buf bufs[4]; /* RAM, pool, snapshot, metadata */
static bool live;

#if defined(__SANITIZE_ADDRESS__)
#define SM_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SM_ASAN 1
#endif
#endif
#ifdef SM_ASAN
#include <sanitizer/asan_interface.h>
#else
#define ASAN_POISON_MEMORY_REGION(a, n)   ((void)(a), (void)(n))
#define ASAN_UNPOISON_MEMORY_REGION(a, n) ((void)(a), (void)(n))
#endif

/* size bytes at offset in a buffer aligned to align; the rest of it poisoned. */
static void *buf_get(struct buf *b, size_t size, size_t align, size_t offset)
{
	size_t need = align_up(offset + size, align);

	if (b->cap < need || ((uintptr_t)b->p & (align - 1))) {
		ASAN_UNPOISON_MEMORY_REGION(b->p, b->cap);
		free(b->p);
		b->p = aligned_alloc(align, need);
		b->cap = b->p ? need : 0;
		if (!b->p)
			return NULL;
	}
	ASAN_UNPOISON_MEMORY_REGION(b->p, b->cap);
	ASAN_POISON_MEMORY_REGION(b->p, offset);
	ASAN_POISON_MEMORY_REGION(b->p + offset + size, b->cap - offset - size);
	return b->p + offset;
}

int sm_init(struct sm *m, const struct sm_config *cfg)
{
	memset(m, 0, sizeof(*m));
	m->cfg = *cfg;
	if (live || cfg->pool_pages < 4 || cfg->ram_pages < SM_HOT_PAGES || cfg->nvcpus < 1 ||
	    cfg->nvcpus > SM_MAX_VCPUS)
		return -1;
	size_t meta = align_up(shadow_meta_size(cfg->pool_pages, cfg->ram_pages), 8);
	size_t pool = (size_t)cfg->pool_pages * PAGE_SIZE;
	/* 2 MiB-aligned RAM, as core/vm.c makes it, lets the shadow use superpages. */
	size_t skew = cfg->ram_misaligned ? PAGE_SIZE : 0;
	if (ram_size(m) > 64 * MiB) {
		/* Gigabytes: a fresh mapping, zero and only backed where touched. */
		m->ram_map_len = ram_size(m) + GiB + CHUNK_SIZE;
		void *map = mmap(NULL, m->ram_map_len, PROT_READ | PROT_WRITE,
		                 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
		m->ram_map = map == MAP_FAILED ? NULL : map;
		if (m->ram_map)
			m->ram = (uint8_t *)(uintptr_t)align_up((uintptr_t)map, GiB) + skew;
	} else {
		m->ram = buf_get(&bufs[0], ram_size(m), 2 * MiB, skew);
	}
	m->pool_mem = buf_get(&bufs[1], pool, PAGE_SIZE, 0);
	m->snap = buf_get(&bufs[2], pool, PAGE_SIZE, 0);
	m->meta = buf_get(&bufs[3], meta, PAGE_SIZE, 0);
	m->snap_used = calloc(cfg->pool_pages, 1);
	if (!m->ram || !m->pool_mem || !m->snap || !m->snap_used || !m->meta) {
		live = true;
		sm_fini(m);
		return -1;
	}
	live = true;
	if (!m->ram_map)
		memset(m->ram, 0, ram_size(m));
	/* Junk: the pool must zero what it hands out, shadow_init what it uses. */
	memset(m->pool_mem, 0xa5, pool);
	memset(m->meta, 0xa5, meta);
	if (guest_ram_init(&m->ram_backing, &m->pm, SM_RAM_GPA, m->ram, ram_size(m)) < 0) {
		sm_fini(m);
		return -1;
	}
	pt_pool_init(&m->pool, (uint64_t)(uintptr_t)m->pool_mem, cfg->pool_pages);
	shadow_init(&m->s, &m->pm, &m->pool, m->meta);
	/* As mmu/shadow.c: only shared shadows need the other harts quiesced. */
	if (cfg->nvcpus > 1) {
		m->s.quiesce = quiesce;
		m->s.quiesce_ctx = m;
	}
	m->vcpu[0].loaded = true;
	load_bare(m, &m->vcpu[0]);
	if (cfg->seed)
		skeleton(m);
	return 0;
}

void sm_input(struct sm *m, const uint8_t *data, size_t len, uint64_t seed)
{
	m->data = data;
	m->len = len;
	m->pos = 0;
	m->eof = false;
	m->rng = seed ? seed : 0x9e3779b97f4a7c15ull;
}

void sm_fini(struct sm *m)
{
	for (unsigned i = 0; i < m->words_cap; i++)
		free(m->words[i].e);
	free(m->words);
	m->words = NULL;
	m->words_cap = m->nwords = 0;
	if (m->ram_map)
		munmap(m->ram_map, m->ram_map_len);
	m->ram_map = NULL;
	free(m->snap_used);
	m->snap_used = NULL;
	m->ram = m->pool_mem = m->snap = NULL;
	m->meta = NULL;
	live = false;
}
