/*
 * The guest's own page-table walk (guest-virtual to guest-physical), done in software exactly as
 * the RISC-V privileged spec (20211203, "Virtual Address Translation Process", Sv39, Sv48 and Sv57)
 * has the hardware do it. Guest memory is reached only through the VM's pmap.
 */
#ifndef MMU_GUEST_WALK_H
#define MMU_GUEST_WALK_H

#include <stdbool.h>
#include <stdint.h>

#include "arch/fault.h"
#include "lib/addr.h"
#include "mmu/pte.h"

struct pmap;

/*
 * PTE bits 63..54: reserved (60..54), Svpbmt (62..61) and Svnapot (63). Guests are offered
 * neither extension, so a PTE with any of them set takes a page fault.
 */
#define GUEST_PTE_RSVD_HI (0x3ffull << 54)
/* D, A and U are reserved in a non-leaf PTE. */
#define GUEST_PTE_NONLEAF_RSVD (PTE_D | PTE_A | PTE_U)

/* How many times a walk restarts after losing an A/D update race before giving up. */
#define WALK_MAX_RESTARTS 16
/*
 * walk_result.cause when the guest kept rewriting the leaf PTE under every one of those A/D
 * updates. Nothing was translated and guest memory is unchanged: the caller returns to the guest
 * without doing anything, so it retries the access, which looks like a slow hardware walk.
 */
#define WALK_CAUSE_RETRY (~0ull)

struct walk_req {
	uint64_t satp; /* the guest's satp: MODE Sv39 (8), Sv48 (9) or Sv57 (10), PPN of the root */
	gva_t va;
	enum access access; /* stores and AMOs are ACCESS_WRITE */
	unsigned priv;      /* effective privilege of the access: PRV_S or PRV_U */
	bool sum, mxr;      /* sstatus.SUM, sstatus.MXR */
	bool set_ad;        /* update A (and D for writes) in the guest PTE, as hardware does */
};

struct walk_result {
	/*
	 * 0 on success, else the exception the hardware raises: page fault 12/13/15, access fault
	 * 1/5/7 (a PTE address outside guest RAM), or WALK_CAUSE_RETRY.
	 */
	uint64_t cause;
	gpa_t gpa; /* success: the translated guest-physical address */
	/*
	 * Success: the leaf PTE as it is in memory after any A/D update. Fault: the PTE that
	 * faulted, as read (0 when none was read).
	 */
	uint64_t pte;
	gpa_t pte_gpa;    /* the guest-physical address of that PTE (0 when none) */
	unsigned level;   /* its level: 0 = 4 KiB, 1 = 2 MiB, 2 = 1 GiB, 3 = 512 GiB, 4 = 256 TiB */
	unsigned ntables; /* guest tables visited, root first, including the last one */
	gpa_t table_gpa[PT_LEVELS_MAX]; /* their guest-physical addresses (page-aligned) */
};

/*
 * Translates req->va. Only the PTEs' own addresses must be guest RAM: the translated gpa is not
 * checked (the caller decides between RAM, MMIO and an access fault). Never writes guest
 * memory on a faulting access. Bare mode translates to gpa = va; other modes page-fault.
 */
void guest_walk(struct pmap *pm, const struct walk_req *req, struct walk_result *res);

/*
 * Permission check of a leaf for an access, shared with the shadow MMU: true if V is set, the
 * R/W/X encoding is a leaf and not reserved, and R/W/X/U allow the access for priv (PRV_U or
 * supervisor) given SUM and MXR. Reserved bits, alignment and A/D are not its business.
 */
bool guest_leaf_allows(uint64_t pte, enum access access, unsigned priv, bool sum, bool mxr);

#endif
