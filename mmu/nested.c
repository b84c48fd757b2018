/*
 * Nested paging with the H extension. The guest kernel runs in VS-mode and its user code in
 * VU-mode, entered from M-mode with mstatus.MPV = 1: its satp (vsatp), sfence.vma and page
 * faults are the hardware's business. hgatp points at a G-stage table (Sv39x4) that maps guest-
 * physical to host-physical from the pmap, filled on guest-page faults with the largest leaves
 * the pmap allows. The guest's own exceptions are delegated to VS-mode in hardware; what
 * reaches M-mode is SBI, guest-page faults, virtual instructions, wfi and access faults.
 */
#include <string.h>

#include "arch/csr.h"
#include "arch/fault.h"
#include "arch/hart.h"
#include "lib/printk.h"
#include "lib/util.h"
#include "mm/page_alloc.h"
#include "mm/pmap.h"
#include "mm/pt_pool.h"
#include "mmu/mmu.h"
#include "mmu/nested.h"
#include "mmu/pt.h"
#include "mmu/pte.h"

#define HGATP_MODE_SHIFT  60
#define HGATP_MODE_SV39X4 8ull
#define HGATP_MODE_SV48X4 9ull
#define HGATP_VMID_SHIFT  44
#define HGATP_VMID_MASK   0x3fffull
#define HSTATUS_VSXL_64   (2ull << 32)
#define GSTAGE_LEVELS     3 /* Sv39x4 unless the VM asks for Sv48x4: the shorter walk */
#define GSTAGE_ROOT_PAGES 4 /* an x4 root has 2048 entries, two more bits of address */
/* G-stage leaves are user pages; A and D preset, so the walker never writes the table. */
#define GSTAGE_LEAF (PTE_RWX | PTE_U | PTE_A | PTE_D)

/*
 * Exceptions the guest handles itself, delegated by medeleg to HS and by hedeleg on to VS
 * (the two must agree: nothing may stop in HS-mode, where no software runs).
 */
#define NESTED_DELEG                                                                               \
	((1ull << EXC_INSN_MISALIGNED) | (1ull << EXC_BREAKPOINT) |                                \
	 (1ull << EXC_LOAD_MISALIGNED) | (1ull << EXC_STORE_MISALIGNED) | (1ull << EXC_ECALL_U) |  \
	 (1ull << EXC_INSN_PAGE_FAULT) | (1ull << EXC_LOAD_PAGE_FAULT) |                           \
	 (1ull << EXC_STORE_PAGE_FAULT))
/* A supervisor interrupt n of the guest is VS-level interrupt n + 1 in hideleg and hvip. */
#define VS_IRQ(n)  (1ull << ((n) + 1))
#define HIDELEG_VS (VS_IRQ(IRQ_S_SOFT) | VS_IRQ(IRQ_S_TIMER) | VS_IRQ(IRQ_S_EXT))

/* hfence.gvma and hfence.vvma, which GCC 12's assembler does not know. */
#define HFENCE(f7, rs1, rs2)  HFENCE_(f7, rs1, rs2)
#define HFENCE_(f7, rs1, rs2) ".insn r 0x73, 0, " #f7 ", x0, " rs1 ", " rs2
#define HFENCE_GVMA           0x31
#define HFENCE_VVMA           0x11

static uint64_t vmid_mask; /* the VMID bits hgatp implements, probed once */

static struct nested_vm *vm_of(struct mmu_vm *m)
{
	return (struct nested_vm *)(void *)m;
}

static const struct nested_vm *cvm_of(const struct mmu_vm *m)
{
	return (const struct nested_vm *)(const void *)m;
}

static struct nested_vm *owner(struct mmu_vcpu *mv)
{
	return ((struct nested_vcpu *)(void *)mv)->vm;
}

static void probe_vmid(void)
{
	if (vmid_mask)
		return;
	csr_write(CSR_HGATP, HGATP_VMID_MASK << HGATP_VMID_SHIFT);
	vmid_mask = (csr_read(CSR_HGATP) >> HGATP_VMID_SHIFT) & HGATP_VMID_MASK;
	csr_write(CSR_HGATP, 0);
}

static bool has_sv48x4(void)
{
	csr_write(CSR_HGATP, HGATP_MODE_SV48X4 << HGATP_MODE_SHIFT);
	bool has = csr_read(CSR_HGATP) >> HGATP_MODE_SHIFT == HGATP_MODE_SV48X4;
	csr_write(CSR_HGATP, 0);
	return has;
}

/* The CPU's H extension and the G-stage the VM asks for: NULL, or why not. */
static const char *unsupported(unsigned levels)
{
	if (!(csr_read(misa) & MISA_H))
		return "mode=nested needs the H extension, which this CPU lacks (QEMU: -cpu "
		       "rv64,h=true)";
	if (levels == 4 && !has_sv48x4())
		return "gstage=sv48x4: this CPU's hgatp does not implement Sv48x4";
	return NULL;
}

static struct mmu_vm *nested_create(const struct mmu_vm_params *p, char *err, size_t errlen)
{
	unsigned levels = p->gstage_levels ? p->gstage_levels : GSTAGE_LEVELS;
	const char *why = unsupported(levels);

	if (why) {
		snprintf_sv(err, errlen, "%s", why);
		return NULL;
	}
	/* pt_map indexes every level with 9 bits, which is right for the wider root below this. */
	uint64_t gpa_limit = 1ull << (PAGE_SHIFT + PT_IDX_BITS * levels);
	if (p->pm->base + p->pm->size > gpa_limit) {
		snprintf_sv(err, errlen, "guest RAM lies beyond the G-stage's reach");
		return NULL;
	}
	uint64_t size =
	    align_up(sizeof(struct nested_vm) + p->nvcpus * sizeof(struct nested_vcpu), PAGE_SIZE);
	hpa_t self = page_alloc(p->host, size, PAGE_SIZE);
	hpa_t root = pt_pool_alloc_contig(p->pool, GSTAGE_ROOT_PAGES);
	if (!self || !root) {
		if (self)
			page_free(p->host, self, size);
		snprintf_sv(err, errlen, "no room for the G-stage root and the mode's state");
		return NULL;
	}
	struct nested_vm *n = (struct nested_vm *)(uintptr_t)self;
	memset(n, 0, size);
	probe_vmid();
	*n = (struct nested_vm){.pm = p->pm,
	                        .pool = p->pool,
	                        .root = root,
	                        .levels = levels,
	                        .vmid = (p->id + 1) & vmid_mask,
	                        .host_levels = p->host_levels,
	                        .self = self,
	                        .self_size = size,
	                        .nvcpus = p->nvcpus};
	for (unsigned i = 0; i < p->nvcpus; i++)
		n->vcpu[i].vm = n;
	return (struct mmu_vm *)(void *)n;
}

/* Both stages, and what combines them (QEMU flushes its whole TLB for either). */
static void flush_tlb(void)
{
	__asm__ volatile(HFENCE(HFENCE_VVMA, "x0", "x0")::: "memory");
	__asm__ volatile(HFENCE(HFENCE_GVMA, "x0", "x0")::: "memory");
}

/* Never asked: the G-stage only grows, so nested mode does not quiesce. */
static bool nested_sync(struct mmu_vcpu *mv)
{
	(void)mv;
	return true;
}

static void nested_destroy(struct mmu_vm *m, struct page_alloc *host)
{
	page_free(host, vm_of(m)->self, vm_of(m)->self_size);
}

static struct mmu_vcpu *nested_vcpu(struct mmu_vm *m, unsigned id)
{
	return (struct mmu_vcpu *)(void *)&vm_of(m)->vcpu[id];
}

/* The guest's VS-stage is the hardware's: it may use every mode the CPU has. */
static const char *nested_fdt_mmu_type(const struct mmu_vm *m)
{
	return pt_mmu_type(cvm_of(m)->host_levels);
}

static uint64_t nested_mstatus_enter(const struct guest_csrs *c)
{
	/* TW makes a VS-mode wfi an illegal instruction here, where the vCPU can yield; FS on,
	 * since vsstatus.FS is what decides for the guest. */
	return (c->priv << MSTATUS_MPP_SHIFT) | MSTATUS_MPV | MSTATUS_TW | MSTATUS_FS_INIT;
}

/* hvip holds VS-level bits, one above the supervisor numbering guest_csrs.ip uses. */
static bool nested_load(struct mmu_vcpu *mv, const struct guest_csrs *c)
{
	const struct nested_vm *n = owner(mv);

	csr_write(medeleg, NESTED_DELEG);
	csr_write(CSR_HEDELEG, NESTED_DELEG);
	csr_write(CSR_HIDELEG, HIDELEG_VS);
	csr_write(CSR_HSTATUS, HSTATUS_VSXL_64);
	csr_write(CSR_HCOUNTEREN, COUNTEREN_CY_TM_IR);
	csr_write(CSR_HTIMEDELTA, 0);
	csr_write(CSR_HENVCFG, 0); /* no Sstc, no Svpbmt: the guest's device tree offers neither */
	uint64_t mode = n->levels == 4 ? HGATP_MODE_SV48X4 : HGATP_MODE_SV39X4;
	uint64_t hgatp =
	    (mode << HGATP_MODE_SHIFT) | (n->vmid << HGATP_VMID_SHIFT) | (n->root >> PAGE_SHIFT);
	csr_write(CSR_HGATP, hgatp);
	/*
	 * Every load flushes. VMIDs would keep VMs apart in a TLB tagged with them, but QEMU 7.2's
	 * is not, and it does not flush on an hgatp write. And a vCPU off its hart misses the
	 * remote fences its guest sends it (sbi_exec): they reach it here, when it comes back.
	 * Loads happen at vCPU switches only, so this costs little.
	 */
	flush_tlb();
	csr_write(CSR_VSSTATUS, c->status);
	csr_write(CSR_VSIE, c->ie);
	csr_write(CSR_HVIP, c->ip << 1);
	csr_write(CSR_VSTVEC, c->tvec);
	csr_write(CSR_VSSCRATCH, c->scratch);
	csr_write(CSR_VSEPC, c->epc);
	csr_write(CSR_VSCAUSE, c->cause);
	csr_write(CSR_VSTVAL, c->tval);
	csr_write(CSR_VSATP, c->atp);
	csr_write(scounteren, c->counteren);
	return true;
}

static void nested_put(struct mmu_vcpu *mv, struct guest_csrs *c)
{
	(void)mv;
	c->status = csr_read(CSR_VSSTATUS);
	c->priv = (csr_read(mstatus) & MSTATUS_MPP) >> MSTATUS_MPP_SHIFT;
	c->ie = csr_read(CSR_VSIE);
	c->ip = csr_read(CSR_HVIP) >> 1;
	csr_write(CSR_HVIP, 0);
	c->tvec = csr_read(CSR_VSTVEC);
	c->scratch = csr_read(CSR_VSSCRATCH);
	c->epc = csr_read(CSR_VSEPC);
	c->cause = csr_read(CSR_VSCAUSE);
	c->tval = csr_read(CSR_VSTVAL);
	c->atp = csr_read(CSR_VSATP);
	c->counteren = csr_read(scounteren);
}

static bool nested_irq_set(unsigned irq, bool pending)
{
	uint64_t bit = VS_IRQ(irq);
	uint64_t old = pending ? csr_read_set(CSR_HVIP, bit) : csr_read_clear(CSR_HVIP, bit);

	return ((old & bit) != 0) != pending;
}

static struct irq_view nested_irq_view(void)
{
	uint64_t sip = (csr_read(CSR_HVIP) >> 1) & (MIP_SSIP | MIP_STIP | MIP_SEIP);
	bool s_mode = (csr_read(mstatus) & MSTATUS_MPP) >> MSTATUS_MPP_SHIFT == PRV_S;

	return (struct irq_view){
	    .waiting = sip & csr_read(CSR_VSIE),
	    .masked = s_mode && !(csr_read(CSR_VSSTATUS) & MSTATUS_SIE),
	};
}

/* Maps the largest block around gpa that the pmap backs contiguously, with matching alignment. */
static int gstage_map(struct nested_vm *n, gpa_t gpa)
{
	for (unsigned level = 2;; level--) { /* pt_map's largest leaf is 1 GiB */
		uint64_t size = pt_level_size(level);
		gpa_t block = align_down(gpa, size);
		hpa_t hpa;
		if (pmap_block(n->pm, gpa, size, &hpa)) {
			if (pt_map(n->pool, n->root, n->levels, block, hpa, size, GSTAGE_LEAF) < 0)
				return -1;
			__asm__ volatile(HFENCE(HFENCE_GVMA, "%0", "%1")::"r"(block >> 2),
			                 "r"(n->vmid)
			                 : "memory");
			n->stats.gstage_leaves++;
			return 0;
		}
		if (level == 0)
			return -1;
	}
}

/*
 * A guest-page fault: the G-stage lacks the page. Guest RAM gets mapped; anything else is
 * physical memory the guest does not have, which hardware answers with an access fault.
 */
static struct exit_outcome nested_page_fault(struct mmu_vcpu *mv, struct trap_frame *regs,
                                             const struct trap *t)
{
	struct nested_vm *n = owner(mv);
	hpa_t hpa;

	(void)regs;
	if (pmap_lookup(n->pm, t->gpa, &hpa)) {
		n->stats.gstage_faults++;
		if (gstage_map(n, t->gpa) < 0)
			return exit_stop("page-table pool cannot hold the G-stage");
		return exit_resume();
	}
	n->stats.access_faults++;
	return exit_reflect(access_fault_cause(fault_access(t->cause)), t->tval);
}

/* Nothing is trapped for the mode: VS-mode's satp and sfence.vma are the hardware's. */
static bool nested_trapped_insn(struct mmu_vcpu *mv, struct trap_frame *regs, const struct trap *t,
                                struct exit_outcome *out)
{
	(void)mv;
	(void)regs;
	(void)t;
	(void)out;
	return false;
}

/* SBI remote fences: hfence.vvma acts on the VMID hgatp holds, which is this vCPU's. */
static void nested_sfence_vma(struct mmu_vcpu *mv, gva_t va, bool all_va, uint64_t asid,
                              bool all_asid)
{
	(void)mv;
	if (all_va && all_asid)
		__asm__ volatile(HFENCE(HFENCE_VVMA, "x0", "x0")::: "memory");
	else if (all_asid)
		__asm__ volatile(HFENCE(HFENCE_VVMA, "%0", "x0")::"r"(va) : "memory");
	else if (all_va)
		__asm__ volatile(HFENCE(HFENCE_VVMA, "x0", "%0")::"r"(asid) : "memory");
	else
		__asm__ volatile(HFENCE(HFENCE_VVMA, "%0", "%1")::"r"(va), "r"(asid) : "memory");
}

/* The guest's translations are cached in its vCPU's hart only: that hart must flush. */
static bool nested_sfence_remote(struct mmu_vcpu *mv, gva_t va, bool all_va)
{
	(void)mv;
	(void)va;
	(void)all_va;
	return true;
}

/* Trap into the guest's VS-mode the way the hardware does for a delegated exception. */
static void nested_reflect(struct mmu_vcpu *mv, struct trap_frame *regs, const struct trap *t,
                           uint64_t cause, uint64_t tval)
{
	uint64_t vs = csr_read(CSR_VSSTATUS);

	(void)mv;
	csr_write(CSR_VSCAUSE, cause);
	csr_write(CSR_VSTVAL, tval);
	csr_write(CSR_VSEPC, regs->pc);
	csr_write(CSR_VSSTATUS, (vs & ~(MSTATUS_SPP | MSTATUS_SPIE | MSTATUS_SIE)) |
	                            (trap_priv(t) == PRV_S ? MSTATUS_SPP : 0) |
	                            ((vs & MSTATUS_SIE) ? MSTATUS_SPIE : 0));
	/* Back to VS-mode (MPV stays 1) at the vstvec base, even in vectored mode. */
	csr_set(mstatus, (uint64_t)PRV_S << MSTATUS_MPP_SHIFT);
	regs->pc = csr_read(CSR_VSTVEC) & ~3ull;
}

static int nested_format_stats(const struct mmu_vm *m, char *buf, unsigned len)
{
	const struct nested_vm *n = cvm_of(m);

	return snprintf_sv(buf, len,
	                   " gstage=sv%ux4 gstage_faults=%lu gstage_leaves=%lu access_faults=%lu",
	                   n->levels == 4 ? 48 : 39, n->stats.gstage_faults, n->stats.gstage_leaves,
	                   n->stats.access_faults);
}

static void nested_counters(const struct mmu_vm *m, struct mmu_counters *out)
{
	*out = (struct mmu_counters){.gstage_faults = cvm_of(m)->stats.gstage_faults};
}

const struct mmu_mode mmu_nested = {
    .name = "nested",
    .vm =
        {
            .create = nested_create,
            .destroy = nested_destroy,
            .vcpu = nested_vcpu,
            .fdt_mmu_type = nested_fdt_mmu_type,
        },
    .cpu =
        {
            .mstatus_enter = nested_mstatus_enter,
            .load = nested_load,
            .put = nested_put,
            .sync = nested_sync,
            .irq_set = nested_irq_set,
            .irq_view = nested_irq_view,
            .reflect = nested_reflect,
        },
    .mem =
        {
            .page_fault = nested_page_fault,
            .trapped_insn = nested_trapped_insn,
            .sfence_vma = nested_sfence_vma,
            .sfence_remote = nested_sfence_remote,
            .flush_tlb = flush_tlb,
        },
    .stats =
        {
            .format = nested_format_stats,
            .counters = nested_counters,
        },
};
