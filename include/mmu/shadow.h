/*
 * Shadow paging's state, private to mmu/: per VM the shadow core and the two Bare-mode roots,
 * per vCPU the guest's satp and what the hardware side must do before the guest resumes. The
 * logic that needs no CSR (the fault entry, the trapped satp and sfence.vma, the store
 * emulator) is portable, so the host tests drive it; mmu/shadow.c does the CSR work.
 */
#ifndef MMU_SHADOW_H
#define MMU_SHADOW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arch/guest.h"
#include "arch/trap.h"
#include "lib/addr.h"
#include "mmu/shadow_core.h"

/* What the hardware's TLB needs before the guest resumes, strongest last. */
enum shadow_flush { FLUSH_NONE, FLUSH_VA, FLUSH_ALL };

/* Counted here: only shadow mode traps the guest's satp and sfence.vma. */
struct shadow_cpu_stats {
	uint64_t satp_writes;
	uint64_t sfence_vma[4]; /* by form: all, by address, by ASID, by address and ASID */
	uint64_t bare_maps;     /* chunks mapped in the Bare-mode roots */
};

struct shadow_vm;

struct shadow_vcpu {
	struct shadow_vm *vm;
	uint64_t satp;  /* the guest's: the real satp holds a shadow or a Bare-mode root */
	bool bare_user; /* satp Bare: the U-mode root is the one loaded */
	/* Requests from the portable code, carried out by mmu/shadow.c before the guest runs. */
	bool reload;  /* point the real satp at the root for satp and privilege */
	uint64_t gen; /* the core's zap-all generation when the root was loaded */
	enum shadow_flush flush;
	gva_t flush_va;
	uint64_t seen_stores; /* the VM's emulated_stores at this vCPU's last shadow exit */
};

/*
 * While the guest's satp is Bare the real satp holds one of two roots that identity-map guest
 * RAM: one for S-mode (U = 0) and one for U-mode (U = 1), because a PTE cannot grant both the
 * way Bare mode does. The vCPU switches between them on the fault the other privilege takes.
 * They map a 2 MiB chunk of RAM on its first fault, as the pmap backs it.
 */
#define BARE_LEVELS 3 /* Sv39 reaches 256 GiB of guest-physical space: more than any VM has. */

struct shadow_vm {
	struct shadow core;
	struct pmap *pm;
	hpa_t bare_root_s, bare_root_u;
	unsigned max_levels;      /* of the deepest paging mode offered: 3 (Sv39) to 5 (Sv57) */
	bool exhaustion_reported; /* the message that the pool is full went out */
	unsigned id;
	const char *name;
	hpa_t self; /* this struct, its vCPUs and the core's metadata: one host allocation */
	uint64_t self_size;
	struct shadow_cpu_stats cpu_stats;
	/* Stores emulated into guest tables by any vCPU: an SC succeeds only if none came since
	 * its vCPU's last shadow exit, before which its LR cannot have run. */
	uint64_t emulated_stores;
	unsigned nvcpus;
	struct shadow_vcpu vcpu[];
};

/* The guest walk a trapped access needs: the guest's satp, trapped privilege, SUM and MXR. */
struct walk_req shadow_walk_req(const struct shadow_vcpu *sv, const struct trap *t, gva_t va,
                                enum access a);
/*
 * A store to a guest page table that a page fault leaves for shadow_emulate_store. The fault's
 * walk found the page at t->tval at gpa, with the guest's write permission and A/D set there.
 */
struct pt_store {
	bool pending;
	gpa_t gpa;
};
/* A page fault: filled, reflected as the guest's own, or a store left in *st. */
struct exit_outcome shadow_fault_entry(struct shadow_vcpu *sv, const struct trap *t,
                                       struct pt_store *st);
/*
 * Emulates the store at regs->pc that faulted at t->tval on a write-protected page table. st:
 * the fault's walk (NULL: walk again). fp: the guest's f0-f31 (NULL with its FPU off, when
 * FP stores are illegal anyway).
 */
struct exit_outcome shadow_emulate_store(struct shadow_vcpu *sv, struct trap_frame *regs,
                                         const struct trap *t, const uint64_t *fp,
                                         const struct pt_store *st);
/* An illegal-instruction exit: satp accesses and sfence.vma under mstatus.TVM, or false. */
bool shadow_priv_insn(struct shadow_vcpu *sv, struct trap_frame *regs, const struct trap *t,
                      struct exit_outcome *out);
/* satp is WARL: a mode not offered leaves it unchanged, as Linux's probing expects. */
void shadow_satp_write(struct shadow_vcpu *sv, uint64_t val);
/* Asks for a TLB flush: of one address, or (all) of everything. */
void shadow_request_flush(struct shadow_vcpu *sv, gva_t va, bool all);

#endif
