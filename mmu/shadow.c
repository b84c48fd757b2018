/*
 * Shadow paging, the hypervisor side. The guest kernel runs in real S-mode and its user code
 * in real U-mode; mstatus.TVM traps its satp accesses and sfence.vma. The real satp always
 * holds a table the hypervisor built: a bare root while the guest's satp is Bare, else the
 * shadow of the guest's root from mmu/shadow_core.c, which this file drives: it loads roots,
 * flushes the TLB when the core changed entries, and reflects the guest's own faults.
 */
#include "mmu/shadow.h"

#include <string.h>

#include "arch/csr.h"
#include "boot/platform.h"
#include "core/vm.h"
#include "lib/printk.h"
#include "lib/util.h"
#include "mm/page_alloc.h"
#include "mmu/pt.h"
#include "mmu/pte.h"
#include "sbi/counters.h"

#define BARE_LEVELS 3 /* Sv39 reaches 256 GiB of guest-physical space: more than any VM has. */

static bool host_has_sv48(void)
{
	return strcmp(platform.mmu_type, "riscv,sv48") == 0 ||
	       strcmp(platform.mmu_type, "riscv,sv57") == 0;
}

static const char *shadow_fdt_mmu_type(void)
{
	return host_has_sv48() ? "riscv,sv48" : "riscv,sv39";
}

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

static int shadow_vm_init(struct vm *vm, struct page_alloc *host)
{
	uint64_t ram_pages = vm->pmap.region[0].size >> PAGE_SHIFT;
	uint64_t meta_size = shadow_meta_size(vm->pool.npages, ram_pages);
	uint64_t meta = page_alloc(host, meta_size, PAGE_SIZE);

	vm->meta_hpa = meta;
	vm->meta_size = meta_size;
	vm->shadow.bare_root_s = build_bare_root(vm, 0);
	vm->shadow.bare_root_u = build_bare_root(vm, PTE_U);
	if (!meta || !vm->shadow.bare_root_s || !vm->shadow.bare_root_u)
		return -1;
	shadow_init(&vm->shadow.core, &vm->pmap, &vm->pool, (void *)(uintptr_t)meta);
	return 0;
}

/*
 * What the guest handles itself, in hardware: user ecalls, breakpoints and misaligned
 * accesses. Page faults, illegal instructions (TVM, TW) and access faults stay here.
 */
#define SHADOW_MEDELEG                                                                             \
	((1ull << EXC_INSN_MISALIGNED) | (1ull << EXC_BREAKPOINT) |                                \
	 (1ull << EXC_LOAD_MISALIGNED) | (1ull << EXC_STORE_MISALIGNED) | (1ull << EXC_ECALL_U))
/* The guest's sstatus lives in the real mstatus. */
#define SSTATUS_BITS                                                                               \
	(MSTATUS_SIE | MSTATUS_SPIE | MSTATUS_SPP | MSTATUS_FS | MSTATUS_SUM | MSTATUS_MXR)
/* The guest's pending supervisor interrupts live in the real mip. */
#define SIP_BITS (MIP_SSIP | MIP_STIP | MIP_SEIP)

static uint64_t shadow_mstatus_enter(const struct vcpu *v)
{
	return (v->csrs.priv << MSTATUS_MPP_SHIFT) | MSTATUS_TVM | MSTATUS_TW |
	       (v->csrs.status & SSTATUS_BITS);
}

static void flush_tlb(void)
{
	__asm__ volatile("sfence.vma" ::: "memory");
}

/* Points the real satp at the table for the vCPU's current satp and privilege. */
static void load_root(struct vcpu *v)
{
	struct shadow_vm *sv = &v->vm->shadow;
	uint64_t mode = v->vsatp >> SATP_MODE_SHIFT, root;

	if (mode == SATP_MODE_BARE) {
		root = v->bare_user ? sv->bare_root_u : sv->bare_root_s;
		mode = SATP_MODE_SV39;
	} else {
		root = shadow_root(&sv->core, v->vsatp);
		if (!root) {
			vm_stop(v->vm, VM_END_FAILURE, "page-table pool cannot hold a shadow root");
			return;
		}
	}
	v->shadow_gen = sv->core.generation;
	csr_write(satp, (mode << SATP_MODE_SHIFT) | (root >> PAGE_SHIFT));
	flush_tlb();
	sv->core.need_flush = false;
}

/* After the core ran: reload a root a zap-all freed, or flush entries it changed. */
static void sync_hw(struct vcpu *v)
{
	struct shadow *core = &v->vm->shadow.core;

	if ((core->stats.reclaimed || core->stats.pool_exhausted) &&
	    !v->vm->shadow.exhaustion_reported) {
		v->vm->shadow.exhaustion_reported = true;
		printk("vm%u '%s': its shadow page-table pool (%lu KiB) is full; shadows are "
		       "reclaimed and rebuilt as it runs, which slows only this VM (pool= sets a "
		       "larger one)\n",
		       v->vm->id, v->vm->cfg.name, (unsigned long)(v->vm->pool_size / KiB));
	}
	if (core->generation != v->shadow_gen) {
		load_root(v);
	} else if (core->need_flush) {
		flush_tlb();
		core->need_flush = false;
	}
}

static void shadow_vcpu_load(struct vcpu *v)
{
	const struct guest_csrs *c = &v->csrs;

	csr_write(medeleg, SHADOW_MEDELEG);
	csr_write(sie, c->ie);
	csr_clear(mip, SIP_BITS);
	csr_set(mip, c->ip);
	csr_write(stvec, c->tvec);
	csr_write(sscratch, c->scratch);
	csr_write(sepc, c->epc);
	csr_write(scause, c->cause);
	csr_write(stval, c->tval);
	csr_write(scounteren, c->counteren);
	load_root(v);
}

static void shadow_vcpu_put(struct vcpu *v)
{
	struct guest_csrs *c = &v->csrs;

	c->status = csr_read(mstatus) & SSTATUS_BITS;
	c->priv = trapped_priv();
	c->ie = csr_read(sie);
	c->ip = csr_read(mip) & SIP_BITS;
	/* Left pending, they would trap into this guest's stvec while another VM runs. */
	csr_clear(mip, SIP_BITS);
	c->tvec = csr_read(stvec);
	c->scratch = csr_read(sscratch);
	c->epc = csr_read(sepc);
	c->cause = csr_read(scause);
	c->tval = csr_read(stval);
	c->counteren = csr_read(scounteren);
}

static bool shadow_irq_set(struct vcpu *v, unsigned irq, bool pending)
{
	uint64_t bit = 1ull << irq, old;

	if (!v->on_hart) {
		old = v->csrs.ip;
		v->csrs.ip = pending ? old | bit : old & ~bit;
	} else if (pending) {
		old = csr_read_set(mip, bit);
	} else {
		old = csr_read_clear(mip, bit);
	}
	return ((old & bit) != 0) != pending;
}

static struct irq_view shadow_irq_view(const struct vcpu *v)
{
	(void)v;
	return (struct irq_view){
	    .waiting = csr_read(mip) & csr_read(sie) & SIP_BITS,
	    .masked = trapped_priv() == PRV_S && !(csr_read(mstatus) & MSTATUS_SIE),
	};
}

static uint64_t shadow_satp_read(struct vcpu *v)
{
	return v->vsatp;
}

/* satp is WARL: a mode not offered leaves it unchanged, as Linux's probing expects. */
static void shadow_satp_write(struct vcpu *v, uint64_t val)
{
	uint64_t mode = val >> SATP_MODE_SHIFT;
	bool was_paging = (v->vsatp >> SATP_MODE_SHIFT) != SATP_MODE_BARE;

	if (mode == SATP_MODE_BARE)
		val = 0; /* Bare: ASID and PPN read as zero */
	else if (mode == SATP_MODE_SV39 || (mode == SATP_MODE_SV48 && host_has_sv48()))
		val &=
		    (mode << SATP_MODE_SHIFT) | (SATP_ASID_MASK << SATP_ASID_SHIFT) | SATP_PPN_MASK;
	else
		return;
	v->vsatp = val;
	/* In Bare mode guest stores bypass write protection: no shadow may outlive it. */
	if (mode == SATP_MODE_BARE && was_paging)
		shadow_zap_all(&v->vm->shadow.core);
	v->bare_user = false;
	load_root(v);
}

/*
 * The shadows are kept in sync with every guest PTE store, so no shadow entry is stale when
 * the guest fences: only the hardware TLB, which caches shadow entries under ASID 0, is.
 */
static void shadow_sfence_vma(struct vcpu *v, uint64_t va, bool all_va, uint64_t asid,
                              bool all_asid)
{
	(void)v;
	(void)asid;
	(void)all_asid;
	if (all_va)
		flush_tlb();
	else
		__asm__ volatile("sfence.vma %0" ::"r"(va) : "memory");
}

/*
 * The guest's satp is Bare. A fault on its RAM means the root for the other privilege is
 * loaded: switch and retry. Any other fault is physical memory it does not have.
 */
static void bare_fault(struct vcpu *v, uint64_t cause, uint64_t tval)
{
	uint64_t hpa;
	bool user = trapped_priv() == PRV_U;

	if (user != v->bare_user && pmap_lookup(&v->vm->pmap, tval, &hpa, NULL)) {
		v->bare_user = user;
		load_root(v);
		return;
	}
	vcpu_reflect(v,
	             cause == EXC_INSN_PAGE_FAULT   ? EXC_INSN_ACCESS
	             : cause == EXC_LOAD_PAGE_FAULT ? EXC_LOAD_ACCESS
	                                            : EXC_STORE_ACCESS,
	             tval);
}

struct walk_req shadow_walk_req(const struct vcpu *v, uint64_t va, enum walk_access access)
{
	uint64_t ms = csr_read(mstatus);

	return (struct walk_req){
	    .satp = v->vsatp,
	    .va = va,
	    .access = access,
	    .priv = trapped_priv(),
	    .sum = (ms & MSTATUS_SUM) != 0,
	    .mxr = (ms & MSTATUS_MXR) != 0,
	    .set_ad = true,
	};
}

static void shadow_page_fault(struct vcpu *v, uint64_t cause, uint64_t tval)
{
	if ((v->vsatp >> SATP_MODE_SHIFT) == SATP_MODE_BARE) {
		bare_fault(v, cause, tval);
		return;
	}
	const struct walk_req req = shadow_walk_req(v, tval,
	                                            cause == EXC_INSN_PAGE_FAULT   ? WALK_EXEC
	                                            : cause == EXC_LOAD_PAGE_FAULT ? WALK_READ
	                                                                           : WALK_WRITE);
	struct walk_result res;

	switch (shadow_fault(&v->vm->shadow.core, &req, &res)) {
	case SHADOW_FIXED:
		break;
	case SHADOW_GUEST_FAULT:
		vcpu_reflect(v, res.cause, tval);
		break;
	case SHADOW_EMULATE:
		shadow_emulate_store(v, tval);
		break;
	}
	sync_hw(v);
}

/* Trap into the guest's S-mode the way the hardware does for a delegated exception. */
static void shadow_reflect(struct vcpu *v, uint64_t cause, uint64_t tval)
{
	uint64_t old = csr_read(mstatus);
	bool from_s = trapped_priv() == PRV_S;
	uint64_t ms = old & ~(MSTATUS_SPP | MSTATUS_SPIE | MSTATUS_SIE | MSTATUS_MPP);

	csr_write(scause, cause);
	csr_write(stval, tval);
	csr_write(sepc, v->tf.pc);
	ms |= (from_s ? MSTATUS_SPP : 0) | ((old & MSTATUS_SIE) ? MSTATUS_SPIE : 0);
	ms |= (uint64_t)PRV_S << MSTATUS_MPP_SHIFT;
	csr_write(mstatus, ms);
	/* Exceptions go to the stvec base even in vectored mode. */
	v->tf.pc = csr_read(stvec) & ~3ull;
	/* S-mode code runs on the S root while the guest's satp is Bare. */
	if (v->bare_user && (v->vsatp >> SATP_MODE_SHIFT) == SATP_MODE_BARE) {
		v->bare_user = false;
		load_root(v);
	}
}

static int shadow_format_stats(const struct vm *vm, char *buf, unsigned len)
{
	const struct shadow_stats *s = &vm->shadow.core.stats;

	return snprintf_sv(buf, len,
	                   " shadow_faults=%lu guest_faults=%lu emulated_pt_writes=%lu "
	                   "root_hits=%lu root_misses=%lu shadow_pages=%lu wp_revoked=%lu "
	                   "unshadowed=%lu reclaimed=%lu superpages=%lu zap_all=%lu "
	                   "pool_exhausted=%lu rmap_full=%lu rmap_collected=%lu",
	                   s->faults_fixed, s->faults_guest, s->emulated_writes, s->root_hits,
	                   s->root_misses, s->pages_allocated, s->wp_revoked, s->unshadowed,
	                   s->reclaimed, s->superpages, s->zap_all, s->pool_exhausted, s->rmap_full,
	                   s->rmap_collected);
}

static uint64_t shadow_mode_counter(const struct vm *vm, unsigned ctr)
{
	const struct shadow_stats *s = &vm->shadow.core.stats;

	switch (ctr) {
	case SV_CTR_MODE_SHADOW_FAULTS:
		return s->faults_fixed;
	case SV_CTR_MODE_GUEST_FAULTS:
		return s->faults_guest;
	case SV_CTR_MODE_PT_WRITES:
		return s->emulated_writes;
	case SV_CTR_MODE_ZAP_ALL:
		return s->zap_all;
	default:
		return 0;
	}
}

const struct mmu_ops mmu_shadow_ops = {
    .name = "shadow",
    .vm_init = shadow_vm_init,
    .fdt_mmu_type = shadow_fdt_mmu_type,
    .format_stats = shadow_format_stats,
    .mode_counter = shadow_mode_counter,
    .mstatus_enter = shadow_mstatus_enter,
    .vcpu_load = shadow_vcpu_load,
    .vcpu_put = shadow_vcpu_put,
    .irq_set = shadow_irq_set,
    .irq_view = shadow_irq_view,
    .page_fault = shadow_page_fault,
    .satp_read = shadow_satp_read,
    .satp_write = shadow_satp_write,
    .sfence_vma = shadow_sfence_vma,
    .reflect = shadow_reflect,
};
