/*
 * Software walk of the guest's Sv39/Sv48/Sv57 tables, step by step as in the privileged spec's
 * "Virtual Address Translation Process". PTEs are read and A/D updated with atomics because other
 * vCPUs of the guest may be editing the same tables while this hart walks them.
 */
#include "mmu/guest_walk.h"

#include "arch/csr.h"
#include "mm/pmap.h"
#include "mmu/pte.h"

/* How one attempt at the walk ended. */
enum attempt { DONE, LOST_RACE };

bool guest_leaf_allows(uint64_t pte, enum access access, unsigned priv, bool sum, bool mxr)
{
	const bool r = pte & PTE_R, w = pte & PTE_W, x = pte & PTE_X;

	if (!(pte & PTE_V) || !(r || x) || (w && !r))
		return false;
	if (priv == PRV_U) {
		if (!(pte & PTE_U))
			return false;
	} else if (pte & PTE_U) {
		/* SUM opens user pages to supervisor loads and stores, never to fetches. */
		if (!sum || access == ACCESS_EXEC)
			return false;
	}
	switch (access) {
	case ACCESS_READ:
		return r || (mxr && x);
	case ACCESS_WRITE:
		return w;
	case ACCESS_EXEC:
		return x;
	}
	return false;
}

static enum attempt walk_once(struct pmap *pm, const struct walk_req *req, unsigned levels,
                              struct walk_result *res)
{
	const bool write = req->access == ACCESS_WRITE;
	uint64_t table = (req->satp & SATP_PPN_MASK) << 12;

	res->ntables = 0;
	/* Each level is visited once, so no tree, however malformed or cyclic, makes this loop. */
	for (unsigned level = levels; level-- > 0;) {
		const uint64_t pte_gpa = table + pt_index(req->va, level) * sizeof(uint64_t);
		res->table_gpa[res->ntables++] = table;
		res->pte_gpa = pte_gpa;
		res->pte = 0;
		res->level = level;

		uint64_t *p = pmap_ptr(pm, pte_gpa, sizeof(uint64_t));
		if (!p) {
			/* Step 2: the PTE's address fails the PMA check. */
			res->cause = access_fault_cause(req->access);
			return DONE;
		}
		uint64_t pte = __atomic_load_n(p, __ATOMIC_ACQUIRE);
		res->pte = pte;

		/* Step 3 (reserved bits: the Sv39 PTE format text and the non-leaf D/A/U rule). */
		if (!(pte & PTE_V) || ((pte & PTE_W) && !(pte & PTE_R)) ||
		    (pte & GUEST_PTE_RSVD_HI))
			break;
		if (!pte_is_leaf(pte)) {
			if ((pte & GUEST_PTE_NONLEAF_RSVD) || level == 0)
				break;
			table = pte_pa(pte);
			continue;
		}

		/* Step 5, then step 6: a superpage's low PPN fields must be zero. */
		const uint64_t size = pt_level_size(level);
		if (!guest_leaf_allows(pte, req->access, req->priv, req->sum, req->mxr) ||
		    (pte_pa(pte) & (size - 1)))
			break;

		/*
		 * Step 7: set A (and D) atomically against the value the checks were made on. The
		 * pmap only holds RAM, so the spec's access fault for an unwritable PTE cannot
		 * arise.
		 */
		const uint64_t want = pte | PTE_A | (write ? PTE_D : 0);
		if (req->set_ad && want != pte) {
			if (!__atomic_compare_exchange_n(p, &pte, want, false, __ATOMIC_ACQ_REL,
			                                 __ATOMIC_ACQUIRE))
				return LOST_RACE;
			/*
			 * The update must be visible before the access it allows, which the guest
			 * makes once we return to it.
			 */
			__atomic_thread_fence(__ATOMIC_SEQ_CST);
			pte = want;
		}
		res->cause = 0;
		res->pte = pte;
		res->gpa = pte_pa(pte) | (req->va & (size - 1));
		return DONE;
	}
	res->cause = page_fault_cause(req->access);
	return DONE;
}

void guest_walk(struct pmap *pm, const struct walk_req *req, struct walk_result *res)
{
	const uint64_t mode = req->satp >> SATP_MODE_SHIFT;
	const unsigned levels = satp_mode_levels(mode);

	res->cause = 0;
	res->gpa = 0;
	res->pte = 0;
	res->pte_gpa = 0;
	res->level = 0;
	res->ntables = 0;
	for (unsigned i = 0; i < PT_LEVELS_MAX; i++)
		res->table_gpa[i] = 0;

	if (mode == SATP_MODE_BARE) {
		res->gpa = req->va;
		return;
	}
	if (!levels) {
		res->cause = page_fault_cause(req->access);
		return;
	}

	/* Bits 63..VALEN-1 must all equal bit VALEN-1. */
	const unsigned valen = 12 + PT_IDX_BITS * levels;
	const uint64_t top = req->va >> (valen - 1);
	if (top != 0 && top != ~0ull >> (valen - 1)) {
		res->cause = page_fault_cause(req->access);
		return;
	}

	/*
	 * Losing the A/D race means another vCPU changed the PTE between our read and our update;
	 * the spec re-reads it (step 7 "return to step 2"). Re-walking from the root is as valid,
	 * since a hart may always walk afresh. A guest rewriting the PTE forever must not hold this
	 * hart forever, hence the bound and WALK_CAUSE_RETRY (see the header).
	 */
	for (unsigned i = 0; i <= WALK_MAX_RESTARTS; i++)
		if (walk_once(pm, req, levels, res) == DONE)
			return;
	res->cause = WALK_CAUSE_RETRY;
	res->gpa = 0;
}
