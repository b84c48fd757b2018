/*
 * How a VM's memory and privileged state are virtualized. Shadow paging and nested paging are
 * two implementations of this one interface; the rest of the hypervisor never asks which.
 */
#ifndef MMU_MMU_H
#define MMU_MMU_H

#include <stdbool.h>
#include <stdint.h>

struct vm;
struct vcpu;
struct page_alloc;

enum mmu_mode { MMU_SHADOW, MMU_NESTED };

/* The loaded vCPU's supervisor interrupts, as its guest sees them. */
struct irq_view {
	uint64_t waiting; /* pending and enabled in sie: sip bits (MIP_SSIP, MIP_STIP, MIP_SEIP) */
	bool masked;      /* it runs in S-mode with sstatus.SIE clear: none of them is taken */
};

struct mmu_ops {
	const char *name;
	/* Builds the VM's initial translation from its pmap; -1 on failure. */
	int (*vm_init)(struct vm *vm, struct page_alloc *host);
	/* The device tree's mmu-type: the deepest paging mode the guest is offered. */
	const char *(*fdt_mmu_type)(void);
	/* Appends the mode's counters to the VM's stats line (" key=value" pairs). */
	int (*format_stats)(const struct vm *vm, char *buf, unsigned len);
	/* A SV_CTR_MODE_* counter (include/sbi/counters.h), 0 if the mode has none; may be NULL. */
	uint64_t (*mode_counter)(const struct vm *vm, unsigned ctr);
	/* The mstatus bits (privilege, traps) to enter this VM's guests with. */
	uint64_t (*mstatus_enter)(const struct vcpu *v);
	/* Makes the vCPU's translation and guest CSRs the hart's current ones. */
	void (*vcpu_load)(struct vcpu *v);
	/* Saves what vcpu_load made current, before the hart runs another vCPU. */
	void (*vcpu_put)(struct vcpu *v);
	/*
	 * Raises or clears supervisor interrupt irq (IRQ_S_SOFT, IRQ_S_TIMER) in the mode's
	 * pending-interrupt CSR (mip or hvip), or in struct guest_csrs' ip while the vCPU is off
	 * its hart. Returns whether that changed the bit.
	 */
	bool (*irq_set)(struct vcpu *v, unsigned irq, bool pending);
	struct irq_view (*irq_view)(const struct vcpu *v);
	/* A page fault (shadow) or guest-page fault (nested) the guest's access took. */
	void (*page_fault)(struct vcpu *v, uint64_t cause, uint64_t tval);
	uint64_t (*satp_read)(struct vcpu *v);
	void (*satp_write)(struct vcpu *v, uint64_t val);
	/* sfence.vma and SBI remote fences: all_va / all_asid select the four forms. */
	void (*sfence_vma)(struct vcpu *v, uint64_t va, bool all_va, uint64_t asid, bool all_asid);
	void (*reflect)(struct vcpu *v, uint64_t cause, uint64_t tval);
};

extern const struct mmu_ops mmu_shadow_ops;
extern const struct mmu_ops mmu_nested_ops;

#endif
