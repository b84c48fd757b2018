/*
 * Shadow paging. The guest kernel runs in real S-mode and its user code in real U-mode;
 * mstatus.TVM traps its satp accesses and sfence.vma, and the real satp always holds a table
 * the hypervisor built. So far the guest is offered Bare mode only: satp is WARL, and a
 * write of any paging mode leaves it Bare, exactly as on a hart without paging.
 */
#include "mmu/shadow.h"

#include "arch/csr.h"
#include "core/vm.h"
#include "lib/printk.h"
#include "mmu/pt.h"
#include "mmu/pte.h"

#define BARE_LEVELS 3 /* Sv39 reaches 256 GiB of guest-physical space: more than any VM has. */

/* A and D preset: the hardware never needs to update them in a table it must not write. */
static uint64_t build_bare_root(struct vm *vm, uint64_t user)
{
	uint64_t root = pt_pool_alloc(&vm->pool);

	for (unsigned i = 0; root && i < vm->pmap.n; i++) {
		const struct pmap_region *r = &vm->pmap.region[i];
		if (pt_map(&vm->pool, root, BARE_LEVELS, r->gpa, r->hpa, r->size,
			   PTE_RWX | PTE_A | PTE_D | user) < 0)
			return 0;
	}
	return root;
}

static int shadow_vm_init(struct vm *vm)
{
	vm->shadow.bare_root_s = build_bare_root(vm, 0);
	vm->shadow.bare_root_u = build_bare_root(vm, PTE_U);
	return vm->shadow.bare_root_s && vm->shadow.bare_root_u ? 0 : -1;
}

static unsigned prev_priv(void)
{
	return (unsigned)((csr_read(mstatus) & MSTATUS_MPP) >> MSTATUS_MPP_SHIFT);
}

static uint64_t shadow_mstatus_enter(const struct vcpu *v)
{
	(void)v;
	return ((uint64_t)PRV_S << MSTATUS_MPP_SHIFT) | MSTATUS_TVM | MSTATUS_TW |
	       (1ull << 13) /* FS = Initial: the guest may use the FPU, as under OpenSBI */;
}

static void shadow_vcpu_load(struct vcpu *v)
{
	uint64_t root = v->bare_user ? v->vm->shadow.bare_root_u : v->vm->shadow.bare_root_s;

	csr_write(satp, (SATP_MODE_SV39 << SATP_MODE_SHIFT) | (root >> 12));
	__asm__ volatile("sfence.vma" ::: "memory");
}

static uint64_t shadow_satp_read(struct vcpu *v)
{
	return v->vsatp;
}

static void shadow_satp_write(struct vcpu *v, uint64_t val)
{
	/* WARL: only Bare is implemented, and Bare requires ASID and PPN to read as zero. */
	if ((val >> SATP_MODE_SHIFT) == SATP_MODE_BARE)
		v->vsatp = 0;
}

static void shadow_sfence_vma(struct vcpu *v, uint64_t va, bool all_va, uint64_t asid,
			      bool all_asid)
{
	(void)v;
	(void)va;
	(void)all_va;
	(void)asid;
	(void)all_asid;
	/* The Bare root never changes, so there is nothing stale to flush. */
}

/*
 * The guest's satp is Bare. A fault on its RAM means the root for the other privilege is
 * loaded: switch and retry. Any other fault is physical memory it does not have.
 */
static void shadow_page_fault(struct vcpu *v, uint64_t cause, uint64_t tval)
{
	uint64_t hpa;
	bool user = prev_priv() == PRV_U;

	if (user != v->bare_user && pmap_lookup(&v->vm->pmap, tval, &hpa, NULL)) {
		v->bare_user = user;
		shadow_vcpu_load(v);
		return;
	}
	uint64_t access = cause == EXC_INSN_PAGE_FAULT   ? EXC_INSN_ACCESS
			  : cause == EXC_LOAD_PAGE_FAULT ? EXC_LOAD_ACCESS
							 : EXC_STORE_ACCESS;
	vcpu_reflect(v, access, tval);
}

/* Trap into the guest's S-mode the way the hardware does for a delegated exception. */
static void shadow_reflect(struct vcpu *v, uint64_t cause, uint64_t tval)
{
	uint64_t old = csr_read(mstatus);
	bool from_s = prev_priv() == PRV_S;
	uint64_t ms = old & ~(MSTATUS_SPP | MSTATUS_SPIE | MSTATUS_SIE | MSTATUS_MPP);

	csr_write(scause, cause);
	csr_write(stval, tval);
	csr_write(sepc, v->tf.pc);
	ms |= (from_s ? MSTATUS_SPP : 0) | ((old & MSTATUS_SIE) ? MSTATUS_SPIE : 0);
	ms |= (uint64_t)PRV_S << MSTATUS_MPP_SHIFT;
	csr_write(mstatus, ms);
	/* Exceptions go to the stvec base even in vectored mode. */
	v->tf.pc = csr_read(stvec) & ~3ull;
}

const struct mmu_ops mmu_shadow_ops = {
	.name = "shadow",
	.vm_init = shadow_vm_init,
	.mstatus_enter = shadow_mstatus_enter,
	.vcpu_load = shadow_vcpu_load,
	.page_fault = shadow_page_fault,
	.satp_read = shadow_satp_read,
	.satp_write = shadow_satp_write,
	.sfence_vma = shadow_sfence_vma,
	.reflect = shadow_reflect,
};
