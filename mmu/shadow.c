/*
 * Shadow paging, the hardware side. The guest kernel runs in real S-mode and its user code in
 * real U-mode; mstatus.TVM traps its satp accesses and sfence.vma. The real satp always holds a
 * table the hypervisor built: a Bare-mode root while the guest's satp is Bare, else the shadow
 * of the guest's root from mmu/shadow_core.c. This file hosts the guest's supervisor CSRs in
 * the real S-level ones, loads roots and flushes the TLB as the portable code
 * (mmu/shadow_fault.c, mmu/shadow_emulate.c) asks.
 */
#include <string.h>

#include "arch/csr.h"
#include "arch/fpregs.h"
#include "lib/printk.h"
#include "lib/util.h"
#include "mm/page_alloc.h"
#include "mm/pmap.h"
#include "mm/pt_pool.h"
#include "mmu/mmu.h"
#include "mmu/pt.h"
#include "mmu/pte.h"
#include "mmu/shadow.h"

/* Pool pages beyond the Bare-mode roots: one Sv57 path, so a root always fits after a zap. */
#define POOL_MIN_FREE 5

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

static struct shadow_vm *vm_of(struct mmu_vm *m)
{
	return (struct shadow_vm *)(void *)m;
}

static const struct shadow_vm *cvm_of(const struct mmu_vm *m)
{
	return (const struct shadow_vm *)(const void *)m;
}

static struct shadow_vcpu *vcpu_of(struct mmu_vcpu *mv)
{
	return (struct shadow_vcpu *)(void *)mv;
}

static struct mmu_vm *shadow_create(const struct mmu_vm_params *p, char *err, size_t errlen)
{
	if (p->gstage_levels) {
		snprintf_sv(err, errlen, "gstage= is for mode=nested");
		return NULL;
	}
	if (p->nvcpus > SHADOW_PINNED) {
		snprintf_sv(err, errlen,
		            "vcpus=%u: shadow mode pins a root per vCPU, for at most %u", p->nvcpus,
		            SHADOW_PINNED);
		return NULL;
	}
	uint64_t ram_pages = p->pm->size >> PAGE_SHIFT;
	uint64_t head =
	    align_up(sizeof(struct shadow_vm) + p->nvcpus * sizeof(struct shadow_vcpu), 8);
	uint64_t size = align_up(head + shadow_meta_size(p->pool->npages, ram_pages), PAGE_SIZE);
	hpa_t self = page_alloc(p->host, size, PAGE_SIZE);
	if (!self) {
		snprintf_sv(err, errlen, "no host memory left for the shadow MMU's metadata");
		return NULL;
	}
	struct shadow_vm *s = (struct shadow_vm *)(uintptr_t)self;
	memset(s, 0, head);
	s->self = self;
	s->self_size = size;
	s->pm = p->pm;
	s->id = p->id;
	s->name = p->name;
	/* Every paging mode the host has; at least Sv39, which the shadows themselves run on. */
	s->max_levels = MAX(p->host_levels, PT_LEVELS_MIN);
	/* Guest RAM is mapped in them chunk by chunk, as a Bare-mode guest touches it, into
	 * tables made now: a full pool never keeps a Bare-mode guest from its RAM. */
	s->bare_root_s = pt_pool_alloc(p->pool);
	s->bare_root_u = pt_pool_alloc(p->pool);
	if (!s->bare_root_s || !s->bare_root_u ||
	    pt_prepare(p->pool, s->bare_root_s, BARE_LEVELS, p->pm->base, p->pm->size, 1) < 0 ||
	    pt_prepare(p->pool, s->bare_root_u, BARE_LEVELS, p->pm->base, p->pm->size, 1) < 0 ||
	    p->pool->nfree < POOL_MIN_FREE) {
		page_free(p->host, self, size);
		snprintf_sv(err, errlen,
		            "its page-table pool cannot hold the Bare-mode tables and a "
		            "shadow root (pool= sets a larger one)");
		return NULL;
	}
	shadow_init(&s->core, p->pm, p->pool, (void *)(uintptr_t)(self + head));
	/* The shadows are shared: with several vCPUs, other harts may cache their entries. */
	if (p->nvcpus > 1) {
		s->core.quiesce = p->quiesce;
		s->core.quiesce_ctx = p->quiesce_ctx;
	}
	s->nvcpus = p->nvcpus;
	for (unsigned i = 0; i < p->nvcpus; i++)
		s->vcpu[i].vm = s;
	return (struct mmu_vm *)(void *)s;
}

static void shadow_destroy(struct mmu_vm *m, struct page_alloc *host)
{
	page_free(host, vm_of(m)->self, vm_of(m)->self_size);
}

static struct mmu_vcpu *shadow_vcpu(struct mmu_vm *m, unsigned id)
{
	return (struct mmu_vcpu *)(void *)&vm_of(m)->vcpu[id];
}

static const char *shadow_fdt_mmu_type(const struct mmu_vm *m)
{
	return pt_mmu_type(cvm_of(m)->max_levels);
}

static uint64_t shadow_mstatus_enter(const struct guest_csrs *c)
{
	return (c->priv << MSTATUS_MPP_SHIFT) | MSTATUS_TVM | MSTATUS_TW |
	       (c->status & SSTATUS_BITS);
}

static void flush_tlb(void)
{
	__asm__ volatile("sfence.vma" ::: "memory");
}

static unsigned slot_of(const struct shadow_vcpu *sv)
{
	return (unsigned)(sv - sv->vm->vcpu);
}

/* Points the real satp at the table for the vCPU's satp and privilege; false if none fits. */
static bool load_root(struct shadow_vcpu *sv)
{
	struct shadow_vm *s = sv->vm;
	uint64_t mode = sv->satp >> SATP_MODE_SHIFT;
	hpa_t root;

	shadow_note_bare(&s->core, slot_of(sv), mode == SATP_MODE_BARE);
	if (mode == SATP_MODE_BARE) {
		root = sv->bare_user ? s->bare_root_u : s->bare_root_s;
		mode = SATP_MODE_SV39;
	} else if (!(root = shadow_root(&s->core, sv->satp))) {
		return false;
	}
	shadow_pin_root(&s->core, slot_of(sv), root);
	sv->gen = s->core.generation;
	sv->reload = false;
	sv->flush = FLUSH_NONE;
	s->core.need_flush = false;
	csr_write(satp, (mode << SATP_MODE_SHIFT) | (root >> PAGE_SHIFT));
	flush_tlb();
	return true;
}

/* Carries out what the portable code asked for: a root to load (or reload after a zap-all
 * freed it), or a TLB flush. */
static bool sync_hw(struct shadow_vcpu *sv)
{
	struct shadow_vm *s = sv->vm;
	struct shadow *core = &s->core;

	if ((core->stats.reclaimed || core->stats.pool_exhausted) && !s->exhaustion_reported) {
		s->exhaustion_reported = true;
		printk("vm%u '%s': its shadow page-table pool (%lu KiB) is full; shadows are "
		       "reclaimed and rebuilt as it runs, which slows only this VM (pool= sets a "
		       "larger one)\n",
		       s->id, s->name, (unsigned long)(core->pool->npages * PAGE_SIZE / KiB));
	}
	if (sv->reload || core->generation != sv->gen)
		return load_root(sv);
	if (core->need_flush || sv->flush == FLUSH_ALL)
		flush_tlb();
	else if (sv->flush == FLUSH_VA)
		__asm__ volatile("sfence.vma %0" ::"r"(sv->flush_va) : "memory");
	core->need_flush = false;
	sv->flush = FLUSH_NONE;
	return true;
}

static struct exit_outcome after(struct shadow_vcpu *sv, struct exit_outcome o)
{
	sv->seen_stores = sv->vm->emulated_stores;
	return sync_hw(sv) ? o : exit_stop("page-table pool cannot hold a shadow root");
}

static bool shadow_load(struct mmu_vcpu *mv, const struct guest_csrs *c)
{
	struct shadow_vcpu *sv = vcpu_of(mv);

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
	sv->satp = c->atp;
	return load_root(sv);
}

static void shadow_put(struct mmu_vcpu *mv, struct guest_csrs *c)
{
	uint64_t status = csr_read(mstatus);

	c->status = status & SSTATUS_BITS;
	c->priv = (status & MSTATUS_MPP) >> MSTATUS_MPP_SHIFT;
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
	c->atp = vcpu_of(mv)->satp;
	shadow_pin_root(&vcpu_of(mv)->vm->core, slot_of(vcpu_of(mv)), 0);
	shadow_note_bare(&vcpu_of(mv)->vm->core, slot_of(vcpu_of(mv)), false);
}

/* After another vCPU's change to the shadows: the root again if a zap-all took it. */
static bool shadow_sync(struct mmu_vcpu *mv)
{
	return sync_hw(vcpu_of(mv));
}

static bool shadow_irq_set(unsigned irq, bool pending)
{
	uint64_t bit = 1ull << irq;
	uint64_t old = pending ? csr_read_set(mip, bit) : csr_read_clear(mip, bit);

	return ((old & bit) != 0) != pending;
}

static struct irq_view shadow_irq_view(void)
{
	uint64_t ms = csr_read(mstatus);

	return (struct irq_view){
	    .waiting = csr_read(mip) & csr_read(sie) & SIP_BITS,
	    .masked = (ms & MSTATUS_MPP) >> MSTATUS_MPP_SHIFT == PRV_S && !(ms & MSTATUS_SIE),
	};
}

/* Trap into the guest's S-mode the way the hardware does for a delegated exception. */
static void shadow_reflect(struct mmu_vcpu *mv, struct trap_frame *regs, const struct trap *t,
                           uint64_t cause, uint64_t tval)
{
	struct shadow_vcpu *sv = vcpu_of(mv);
	uint64_t old = csr_read(mstatus);
	uint64_t ms = old & ~(MSTATUS_SPP | MSTATUS_SPIE | MSTATUS_SIE | MSTATUS_MPP);

	csr_write(scause, cause);
	csr_write(stval, tval);
	csr_write(sepc, regs->pc);
	ms |= (trap_priv(t) == PRV_S ? MSTATUS_SPP : 0) | ((old & MSTATUS_SIE) ? MSTATUS_SPIE : 0);
	ms |= (uint64_t)PRV_S << MSTATUS_MPP_SHIFT;
	csr_write(mstatus, ms);
	/* Exceptions go to the stvec base even in vectored mode. */
	regs->pc = csr_read(stvec) & ~3ull;
	/* S-mode code runs on the S root while the guest's satp is Bare. */
	if (sv->bare_user && (sv->satp >> SATP_MODE_SHIFT) == SATP_MODE_BARE) {
		sv->bare_user = false;
		load_root(sv); /* a Bare-mode root: cannot fail */
	}
}

static struct exit_outcome shadow_page_fault(struct mmu_vcpu *mv, struct trap_frame *regs,
                                             const struct trap *t)
{
	struct shadow_vcpu *sv = vcpu_of(mv);
	struct pt_store st;
	struct exit_outcome o = shadow_fault_entry(sv, t, &st);

	if (st.pending) {
		/* With its FPU off the guest has no FP stores, and M-mode may not read f0-f31. */
		uint64_t f[FPREGS_WORDS];
		const uint64_t *fp = NULL;
		if (t->status & MSTATUS_FS) {
			fpregs_save(f);
			fp = f;
		}
		o = shadow_emulate_store(sv, regs, t, fp, &st);
	}
	return after(sv, o);
}

static bool shadow_trapped_insn(struct mmu_vcpu *mv, struct trap_frame *regs, const struct trap *t,
                                struct exit_outcome *out)
{
	struct shadow_vcpu *sv = vcpu_of(mv);

	if (!shadow_priv_insn(sv, regs, t, out))
		return false;
	*out = after(sv, *out);
	return true;
}

/* SBI remote fences: as the guest's own sfence.vma (shadow_priv_insn). */
static void shadow_sfence_vma(struct mmu_vcpu *mv, gva_t va, bool all_va, uint64_t asid,
                              bool all_asid)
{
	(void)asid;
	(void)all_asid;
	shadow_sfence(&vcpu_of(mv)->vm->core, va, all_va);
	shadow_request_flush(vcpu_of(mv), va, all_va);
	sync_hw(vcpu_of(mv));
}

/*
 * The shadows are shared, so another vCPU's fence brings them in line as its own would. Every
 * entry that changes quiesces the other harts first; this hart runs the caller, a vCPU of the
 * same VM, whose TLB is flushed here. No other TLB is left to flush.
 */
static bool shadow_sfence_remote(struct mmu_vcpu *mv, gva_t va, bool all_va)
{
	struct shadow *core = &vcpu_of(mv)->vm->core;

	shadow_sfence(core, va, all_va);
	if (core->need_flush)
		flush_tlb();
	core->need_flush = false;
	return false;
}

static int shadow_format_stats(const struct mmu_vm *m, char *buf, unsigned len)
{
	const struct shadow_stats *s = &cvm_of(m)->core.stats;
	const struct shadow_cpu_stats *c = &cvm_of(m)->cpu_stats;

	return snprintf_sv(buf, len,
	                   " satp_writes=%lu sfence_all=%lu sfence_va=%lu sfence_asid=%lu "
	                   "sfence_va_asid=%lu shadow_faults=%lu guest_faults=%lu "
	                   "emulated_pt_writes=%lu root_hits=%lu root_misses=%lu shadow_pages=%lu "
	                   "wp_revoked=%lu unshadowed=%lu reclaimed=%lu superpages=%lu zap_all=%lu "
	                   "pool_exhausted=%lu rmap_full=%lu rmap_collected=%lu unsynced=%lu "
	                   "tables_diffed=%lu resynced=%lu in_place=%lu prefetched=%lu "
	                   "oos_evicted=%lu bare_zaps=%lu bare_maps=%lu",
	                   c->satp_writes, c->sfence_vma[0], c->sfence_vma[1], c->sfence_vma[2],
	                   c->sfence_vma[3], s->faults_fixed, s->faults_guest, s->emulated_writes,
	                   s->root_hits, s->root_misses, s->pages_allocated, s->wp_revoked,
	                   s->unshadowed, s->reclaimed, s->superpages, s->zap_all,
	                   s->pool_exhausted, s->rmap_full, s->rmap_collected, s->unsynced,
	                   s->tables_diffed, s->resynced, s->in_place, s->prefetched,
	                   s->oos_evicted, s->bare_zaps, c->bare_maps);
}

static void shadow_counters(const struct mmu_vm *m, struct mmu_counters *out)
{
	const struct shadow_vm *s = cvm_of(m);
	const struct shadow_cpu_stats *c = &s->cpu_stats;

	*out = (struct mmu_counters){
	    .satp_writes = c->satp_writes,
	    .sfence = c->sfence_vma[0] + c->sfence_vma[1] + c->sfence_vma[2] + c->sfence_vma[3],
	    .shadow_faults = s->core.stats.faults_fixed,
	    .guest_faults = s->core.stats.faults_guest,
	    .pt_writes = s->core.stats.emulated_writes,
	    .zap_all = s->core.stats.zap_all,
	};
}

const struct mmu_mode mmu_shadow = {
    .name = "shadow",
    .vm =
        {
            .create = shadow_create,
            .destroy = shadow_destroy,
            .vcpu = shadow_vcpu,
            .fdt_mmu_type = shadow_fdt_mmu_type,
        },
    .cpu =
        {
            .mstatus_enter = shadow_mstatus_enter,
            .load = shadow_load,
            .put = shadow_put,
            .sync = shadow_sync,
            .irq_set = shadow_irq_set,
            .irq_view = shadow_irq_view,
            .reflect = shadow_reflect,
        },
    .mem =
        {
            .page_fault = shadow_page_fault,
            .trapped_insn = shadow_trapped_insn,
            .sfence_vma = shadow_sfence_vma,
            .sfence_remote = shadow_sfence_remote,
            .flush_tlb = flush_tlb,
        },
    .stats =
        {
            .format = shadow_format_stats,
            .counters = shadow_counters,
        },
};
