/* Shadow paging: the state a VM keeps for it. */
#ifndef MMU_SHADOW_H
#define MMU_SHADOW_H

#include <stdbool.h>
#include <stdint.h>

#include "mmu/shadow_core.h"

/*
 * While the guest's satp is Bare the real satp holds one of two roots that identity-map guest
 * RAM: one for S-mode (U = 0) and one for U-mode (U = 1), because a PTE cannot grant both the
 * way Bare mode does. The vCPU switches between them on the fault the other privilege takes.
 * With paging on, the real satp holds the shadow of the guest's root from `core`.
 */
struct shadow_vm {
	uint64_t bare_root_s;
	uint64_t bare_root_u;
	struct shadow core;
	bool exhaustion_reported;
};

struct vcpu;
/* The guest walk a trapped access of this vCPU needs: its satp, privilege, SUM and MXR. */
struct walk_req shadow_walk_req(const struct vcpu *v, uint64_t va, enum walk_access access);
/* A store to a write-protected guest page table at fault_va: emulate it (mmu/shadow_emulate.c). */
void shadow_emulate_store(struct vcpu *v, uint64_t fault_va);

#endif
