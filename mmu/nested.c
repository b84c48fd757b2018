/*
 * Nested paging with the H extension. The guest kernel runs in VS-mode and its user code in
 * VU-mode, entered from M-mode with mstatus.MPV = 1: its satp (vsatp), sfence.vma and page
 * faults are the hardware's business. hgatp points at a G-stage table (Sv39x4) that maps guest-
 * physical to host-physical from the pmap, filled on guest-page faults with the largest leaves
 * the pmap allows. The guest's own exceptions are delegated to VS-mode in hardware; what
 * reaches M-mode is SBI, guest-page faults, virtual instructions, wfi and access faults.
 */
#include "mmu/nested.h"

#include "arch/csr.h"
#include "boot/platform.h"
#include "core/vm.h"
#include "lib/printk.h"
#include "lib/util.h"
#include "mm/pt_pool.h"
#include "mmu/pt.h"
#include "mmu/pte.h"
#include "sbi/counters.h"

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

static uint64_t vmid_mask;    /* the VMID bits hgatp implements, probed once */
static uint64_t loaded_hgatp; /* the G-stage the hart last ran a nested VM under */

static void probe_vmid(void)
{
	if (vmid_mask)
		return;
	csr_write(CSR_HGATP, HGATP_VMID_MASK << HGATP_VMID_SHIFT);
	vmid_mask = (csr_read(CSR_HGATP) >> HGATP_VMID_SHIFT) & HGATP_VMID_MASK;
	csr_write(CSR_HGATP, 0);
}

bool nested_has_sv48x4(void)
{
	csr_write(CSR_HGATP, HGATP_MODE_SV48X4 << HGATP_MODE_SHIFT);
	bool has = csr_read(CSR_HGATP) >> HGATP_MODE_SHIFT == HGATP_MODE_SV48X4;
	csr_write(CSR_HGATP, 0);
	return has;
}

static int nested_vm_init(struct vm *vm, struct page_alloc *host)
{
	(void)host;
	vm->nested.levels = vm->cfg.gstage_levels ? vm->cfg.gstage_levels : GSTAGE_LEVELS;
	/* pt_map indexes every level with 9 bits, which is right for the wider root below this. */
	uint64_t gpa_limit = 1ull << (PAGE_SHIFT + PT_IDX_BITS * vm->nested.levels);
	for (unsigned i = 0; i < vm->pmap.n; i++)
		if (vm->pmap.region[i].gpa + vm->pmap.region[i].size > gpa_limit)
			return -1;
	probe_vmid();
	vm->nested.vmid = (vm->id + 1) & vmid_mask;
	vm->nested.root = pt_pool_alloc_contig(&vm->pool, GSTAGE_ROOT_PAGES);
	return vm->nested.root ? 0 : -1;
}

/* The guest's VS-stage is the hardware's: it may use every mode the CPU has. */
static const char *nested_fdt_mmu_type(void)
{
	return platform.mmu_type;
}

static uint64_t nested_mstatus_enter(const struct vcpu *v)
{
	/* TW makes a VS-mode wfi an illegal instruction here, where the vCPU can yield; FS on,
	 * since vsstatus.FS is what decides for the guest. */
	return (v->csrs.priv << MSTATUS_MPP_SHIFT) | MSTATUS_MPV | MSTATUS_TW | MSTATUS_FS_INIT;
}

static void nested_vcpu_load(struct vcpu *v)
{
	const struct nested_vm *n = &v->vm->nested;
	const struct guest_csrs *c = &v->csrs;

	csr_write(medeleg, NESTED_DELEG);
	csr_write(CSR_HEDELEG, NESTED_DELEG);
	csr_write(CSR_HIDELEG, HIDELEG_VS);
	csr_write(CSR_HSTATUS, HSTATUS_VSXL_64);
	csr_write(CSR_HCOUNTEREN, 7); /* time, cycle, instret as on the host (see boot/main.c) */
	csr_write(CSR_HTIMEDELTA, 0);
	csr_write(CSR_HENVCFG, 0); /* no Sstc, no Svpbmt: the guest's device tree offers neither */
	uint64_t mode = n->levels == 4 ? HGATP_MODE_SV48X4 : HGATP_MODE_SV39X4;
	uint64_t hgatp =
	    (mode << HGATP_MODE_SHIFT) | (n->vmid << HGATP_VMID_SHIFT) | (n->root >> PAGE_SHIFT);
	csr_write(CSR_HGATP, hgatp);
	/*
	 * VMIDs keep VMs' translations apart in a TLB tagged with them, but QEMU 7.2's is not,
	 * and it does not flush on an hgatp write: a switch to another G-stage flushes.
	 */
	if (hgatp != loaded_hgatp)
		__asm__ volatile(HFENCE(HFENCE_GVMA, "x0", "x0")::: "memory");
	loaded_hgatp = hgatp;
	csr_write(CSR_VSSTATUS, c->status);
	csr_write(CSR_VSIE, c->ie);
	csr_write(CSR_HVIP, c->ip);
	csr_write(CSR_VSTVEC, c->tvec);
	csr_write(CSR_VSSCRATCH, c->scratch);
	csr_write(CSR_VSEPC, c->epc);
	csr_write(CSR_VSCAUSE, c->cause);
	csr_write(CSR_VSTVAL, c->tval);
	csr_write(CSR_VSATP, c->atp);
	csr_write(scounteren, c->counteren);
}

static void nested_vcpu_put(struct vcpu *v)
{
	struct guest_csrs *c = &v->csrs;

	c->status = csr_read(CSR_VSSTATUS);
	c->priv = trapped_priv();
	c->ie = csr_read(CSR_VSIE);
	c->ip = csr_read(CSR_HVIP);
	csr_write(CSR_HVIP, 0);
	c->tvec = csr_read(CSR_VSTVEC);
	c->scratch = csr_read(CSR_VSSCRATCH);
	c->epc = csr_read(CSR_VSEPC);
	c->cause = csr_read(CSR_VSCAUSE);
	c->tval = csr_read(CSR_VSTVAL);
	c->atp = csr_read(CSR_VSATP);
	c->counteren = csr_read(scounteren);
}

static bool nested_irq_set(struct vcpu *v, unsigned irq, bool pending)
{
	uint64_t bit = VS_IRQ(irq), old;

	if (!v->on_hart) {
		old = v->csrs.ip;
		v->csrs.ip = pending ? old | bit : old & ~bit;
	} else if (pending) {
		old = csr_read_set(CSR_HVIP, bit);
	} else {
		old = csr_read_clear(CSR_HVIP, bit);
	}
	return ((old & bit) != 0) != pending;
}

static struct irq_view nested_irq_view(const struct vcpu *v)
{
	(void)v;
	/* hvip holds VS-level bits, one above the supervisor numbering vsie uses. */
	uint64_t sip = (csr_read(CSR_HVIP) >> 1) & (MIP_SSIP | MIP_STIP | MIP_SEIP);

	return (struct irq_view){
	    .waiting = sip & csr_read(CSR_VSIE),
	    .masked = trapped_priv() == PRV_S && !(csr_read(CSR_VSSTATUS) & MSTATUS_SIE),
	};
}

/* Maps the largest block around gpa that one pmap region covers with matching alignment. */
static int gstage_map(struct vm *vm, uint64_t gpa)
{
	for (unsigned level = 2;; level--) { /* pt_map's largest leaf is 1 GiB */
		uint64_t size = pt_level_size(level), block = align_down(gpa, size), hpa, contig;
		if (pmap_lookup(&vm->pmap, block, &hpa, &contig) && contig >= size &&
		    is_aligned(hpa, size)) {
			/* block and gpa lie in one region: block is mapped and contiguous past gpa
			 */
			if (pt_map(&vm->pool, vm->nested.root, vm->nested.levels, block, hpa, size,
			           GSTAGE_LEAF) < 0)
				return -1;
			__asm__ volatile(HFENCE(HFENCE_GVMA, "%0", "%1")::"r"(block >> 2),
			                 "r"(vm->nested.vmid)
			                 : "memory");
			vm->nested.stats.gstage_leaves++;
			return 0;
		}
		if (level == 0)
			return -1;
	}
}

static uint64_t access_fault_cause(uint64_t guest_page_fault)
{
	return guest_page_fault == EXC_INSN_GUEST_PAGE_FAULT   ? EXC_INSN_ACCESS
	       : guest_page_fault == EXC_LOAD_GUEST_PAGE_FAULT ? EXC_LOAD_ACCESS
	                                                       : EXC_STORE_ACCESS;
}

/*
 * A guest-page fault: the G-stage lacks the page. Guest RAM gets mapped; anything else is
 * physical memory the guest does not have, which hardware answers with an access fault.
 */
static void nested_page_fault(struct vcpu *v, uint64_t cause, uint64_t tval)
{
	struct vm *vm = v->vm;
	uint64_t gpa = csr_read(CSR_MTVAL2) << 2, hpa;

	if (pmap_lookup(&vm->pmap, gpa, &hpa, NULL)) {
		vm->nested.stats.gstage_faults++;
		if (gstage_map(vm, gpa) < 0)
			vm_stop(vm, VM_END_FAILURE, "page-table pool cannot hold the G-stage");
		return;
	}
	vm->nested.stats.access_faults++;
	vcpu_reflect(v, access_fault_cause(cause), tval);
}

static uint64_t nested_satp_read(struct vcpu *v)
{
	(void)v;
	return csr_read(CSR_VSATP);
}

static void nested_satp_write(struct vcpu *v, uint64_t val)
{
	(void)v;
	csr_write(CSR_VSATP, val); /* WARL in hardware, as for the guest itself */
}

/* SBI remote fences: hfence.vvma acts on the VMID hgatp holds, which is this vCPU's. */
static void nested_sfence_vma(struct vcpu *v, uint64_t va, bool all_va, uint64_t asid,
                              bool all_asid)
{
	(void)v;
	if (all_va && all_asid)
		__asm__ volatile(HFENCE(HFENCE_VVMA, "x0", "x0")::: "memory");
	else if (all_asid)
		__asm__ volatile(HFENCE(HFENCE_VVMA, "%0", "x0")::"r"(va) : "memory");
	else if (all_va)
		__asm__ volatile(HFENCE(HFENCE_VVMA, "x0", "%0")::"r"(asid) : "memory");
	else
		__asm__ volatile(HFENCE(HFENCE_VVMA, "%0", "%1")::"r"(va), "r"(asid) : "memory");
}

/* Trap into the guest's VS-mode the way the hardware does for a delegated exception. */
static void nested_reflect(struct vcpu *v, uint64_t cause, uint64_t tval)
{
	uint64_t vs = csr_read(CSR_VSSTATUS);
	bool from_s = trapped_priv() == PRV_S;

	csr_write(CSR_VSCAUSE, cause);
	csr_write(CSR_VSTVAL, tval);
	csr_write(CSR_VSEPC, v->tf.pc);
	csr_write(CSR_VSSTATUS, (vs & ~(MSTATUS_SPP | MSTATUS_SPIE | MSTATUS_SIE)) |
	                            (from_s ? MSTATUS_SPP : 0) |
	                            ((vs & MSTATUS_SIE) ? MSTATUS_SPIE : 0));
	/* Back to VS-mode (MPV stays 1) at the vstvec base, even in vectored mode. */
	csr_set(mstatus, (uint64_t)PRV_S << MSTATUS_MPP_SHIFT);
	v->tf.pc = csr_read(CSR_VSTVEC) & ~3ull;
}

static int nested_format_stats(const struct vm *vm, char *buf, unsigned len)
{
	const struct nested_stats *s = &vm->nested.stats;

	return snprintf_sv(
	    buf, len, " gstage=sv%ux4 gstage_faults=%lu gstage_leaves=%lu access_faults=%lu",
	    vm->nested.levels == 4 ? 48 : 39, s->gstage_faults, s->gstage_leaves, s->access_faults);
}

static uint64_t nested_mode_counter(const struct vm *vm, unsigned ctr)
{
	return ctr == SV_CTR_MODE_GSTAGE_FAULTS ? vm->nested.stats.gstage_faults : 0;
}

const struct mmu_ops mmu_nested_ops = {
    .name = "nested",
    .vm_init = nested_vm_init,
    .fdt_mmu_type = nested_fdt_mmu_type,
    .format_stats = nested_format_stats,
    .mstatus_enter = nested_mstatus_enter,
    .vcpu_load = nested_vcpu_load,
    .vcpu_put = nested_vcpu_put,
    .irq_set = nested_irq_set,
    .irq_view = nested_irq_view,
    .page_fault = nested_page_fault,
    .satp_read = nested_satp_read,
    .satp_write = nested_satp_write,
    .sfence_vma = nested_sfence_vma,
    .reflect = nested_reflect,
    .mode_counter = nested_mode_counter,
};
