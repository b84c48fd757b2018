/*
 * How a VM's memory and privileged state are virtualized. Shadow paging and nested paging are
 * two implementations of this one interface; the rest of the hypervisor never asks which. A
 * mode keeps its own state per VM and per vCPU (struct mmu_vm, struct mmu_vcpu), opaque here.
 *
 * Handlers get the trap record and the guest's registers and return an outcome; they never act
 * on the VM or the scheduler (core/trap.c carries the outcome out). Functions marked "loaded"
 * act on the vCPU whose state is on this hart.
 */
#ifndef MMU_MMU_H
#define MMU_MMU_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arch/guest.h"
#include "arch/trap.h"
#include "lib/addr.h"

struct mmu_vm;
struct mmu_vcpu;
struct page_alloc;
struct pmap;
struct pt_pool;

enum mmu_mode_id { MMU_SHADOW, MMU_NESTED };

/* What a mode needs to build a VM's translation. */
struct mmu_vm_params {
	unsigned id;             /* the VM's number, for messages and VMIDs */
	const char *name;        /* its name, for messages */
	struct pmap *pm;         /* guest RAM */
	struct pt_pool *pool;    /* where every table the hardware walks comes from */
	struct page_alloc *host; /* host memory for the mode's own state */
	unsigned nvcpus;         /* vCPU ids 0 .. nvcpus - 1 */
	unsigned gstage_levels;  /* gstage= (nested mode's G-stage: 3 or 4), 0 if not given */
	unsigned host_levels;    /* the host's deepest paging mode: 3 (Sv39) to 5, 0 if none */
	/*
	 * For a mode whose tables the vCPUs share: called before a change that other harts may
	 * hold in their TLBs; when it returns, no other hart runs a vCPU of the VM until this
	 * exit ends, their TLBs are flushed, and each will call cpu.sync before it resumes.
	 */
	void (*quiesce)(void *ctx);
	void *quiesce_ctx;
};

/* The loaded vCPU's supervisor interrupts, as its guest sees them. */
struct irq_view {
	uint64_t waiting; /* pending and enabled in sie: sip bits (MIP_SSIP, MIP_STIP, MIP_SEIP) */
	bool masked;      /* it runs in S-mode with sstatus.SIE clear: none of them is taken */
};

/* Lifecycle: the mode checks what the VM asks of it and builds its state. */
struct mmu_vm_ops {
	/* The VM's state, or NULL with a message in err (a CPU without H, a bad gstage=, ...). */
	struct mmu_vm *(*create)(const struct mmu_vm_params *p, char *err, size_t errlen);
	/* Gives back what create took from the host allocator. */
	void (*destroy)(struct mmu_vm *m, struct page_alloc *host);
	/* The mode's state of vCPU id. */
	struct mmu_vcpu *(*vcpu)(struct mmu_vm *m, unsigned id);
	/* The device tree's mmu-type: the deepest paging mode the guest is offered. */
	const char *(*fdt_mmu_type)(const struct mmu_vm *m);
};

/* The guest's privileged CPU state, hosted in S-level CSRs (shadow) or VS CSRs (nested). */
struct mmu_cpu_ops {
	/* The mstatus to enter this vCPU's guest with (privilege, traps). */
	uint64_t (*mstatus_enter)(const struct guest_csrs *c);
	/* Makes the vCPU's CSRs and translation the hart's, with a TLB flush (a vCPU off its
	 * hart misses remote fences); false if its translation cannot be built (the VM cannot
	 * run). */
	bool (*load)(struct mmu_vcpu *mv, const struct guest_csrs *c);
	/* Saves what load made current, and the privilege and status the guest left. */
	void (*put)(struct mmu_vcpu *mv, struct guest_csrs *c);
	/* Loaded, before it resumes after a quiesce (mmu_vm_params): catches up with what another
	 * vCPU changed; false if its translation cannot be built. */
	bool (*sync)(struct mmu_vcpu *mv);
	/* Loaded: raises or clears supervisor interrupt irq; true if that changed the bit. */
	bool (*irq_set)(unsigned irq, bool pending);
	/* Loaded: its pending, enabled and masked interrupts. */
	struct irq_view (*irq_view)(void);
	/* Loaded: enters its trap handler for exception cause as the hardware would. */
	void (*reflect)(struct mmu_vcpu *mv, struct trap_frame *regs, const struct trap *t,
	                uint64_t cause, uint64_t tval);
};

/* Guest memory: faults, the privileged instructions the mode traps, remote fences. */
struct mmu_mem_ops {
	/* Loaded: a page fault (shadow) or guest-page fault (nested). */
	struct exit_outcome (*page_fault)(struct mmu_vcpu *mv, struct trap_frame *regs,
	                                  const struct trap *t);
	/*
	 * Loaded: an illegal-instruction exit that is not wfi: the mode emulates what it made
	 * trap (shadow: satp and sfence.vma under mstatus.TVM) and steps over it, or returns
	 * false, leaving the instruction to be reflected.
	 */
	bool (*trapped_insn)(struct mmu_vcpu *mv, struct trap_frame *regs, const struct trap *t,
	                     struct exit_outcome *out);
	/* Loaded: SBI remote sfence.vma for this vCPU; all_va / all_asid pick the four forms. */
	void (*sfence_vma)(struct mmu_vcpu *mv, gva_t va, bool all_va, uint64_t asid,
	                   bool all_asid);
	/*
	 * SBI remote sfence.vma from another vCPU of the VM, for vCPU mv wherever it is: what the
	 * mode's shared state needs. true if mv's hart must still flush its TLB (the core shoots
	 * it down if it is loaded); false if the mode saw to that itself.
	 */
	bool (*sfence_remote)(struct mmu_vcpu *mv, gva_t va, bool all_va);
	/* Loaded, from any context (no lock needed): forgets every translation this hart caches
	 * for the vCPU, for a shootdown that another hart asked for. */
	void (*flush_tlb)(void);
};

/* The modes' counters that the counters extension shows (SV_CTR_MODE_*); 0 where a mode has none.
 */
struct mmu_counters {
	uint64_t satp_writes;   /* trapped satp writes */
	uint64_t sfence;        /* trapped sfence.vma, every form */
	uint64_t shadow_faults; /* page faults fixed by filling shadows, unseen by the guest */
	uint64_t guest_faults;  /* page faults that were the guest's own */
	uint64_t pt_writes;     /* emulated stores to write-protected guest page tables */
	uint64_t zap_all;       /* every shadow dropped at once */
	uint64_t gstage_faults; /* guest-page faults that filled the G-stage */
};

/* What the mode counts. */
struct mmu_stats_ops {
	/* Appends the mode's counters to the VM's stats line (" key=value" pairs). */
	int (*format)(const struct mmu_vm *m, char *buf, unsigned len);
	void (*counters)(const struct mmu_vm *m, struct mmu_counters *c);
};

struct mmu_mode {
	const char *name;
	struct mmu_vm_ops vm;
	struct mmu_cpu_ops cpu;
	struct mmu_mem_ops mem;
	struct mmu_stats_ops stats;
};

extern const struct mmu_mode mmu_shadow, mmu_nested;

#endif
