/*
 * A virtual hart: its registers and supervisor state (arch/guest.h), the MMU mode's state of it,
 * and where it stands with the scheduler. Things the vCPU needs done on the way back to the
 * guest are requests (VCPU_REQ_*), carried out by core/sched.c.
 */
#ifndef CORE_VCPU_H
#define CORE_VCPU_H

#include <stdbool.h>
#include <stdint.h>

#include "arch/guest.h"
#include "core/watchdog.h"
#include "mmu/mmu.h"

#define VCPU_REQ_TIMER (1u << 0) /* its timer deadline changed: re-arm the hart's timer */
#define VCPU_REQ_YIELD (1u << 1) /* it gives up the rest of its time slice */
#define VCPU_REQ_IRQ   (1u << 2) /* another hart changed its interrupts: irq_change, irq_level */
#define VCPU_REQ_MMU   (1u << 3) /* another vCPU changed shared translations: cpu.sync */
/* A non-retentive suspend: off the hart, to start at restart_addr when it wakes. */
#define VCPU_REQ_RESTART (1u << 4)

struct vm;

struct vcpu {
	struct trap_frame tf;
	struct vm *vm;
	const struct mmu_mode *mode; /* its VM's, here for the exit path */
	struct mmu_vcpu *mmu;        /* the mode's state of this vCPU */
	unsigned id;                 /* the hart id the guest sees */
	unsigned requests;           /* VCPU_REQ_*, set with vcpu_request */
	uint64_t timer_deadline;     /* SBI set_timer value, UINT64_MAX when disarmed */
	bool idle;                   /* in wfi: not runnable until an interrupt is pending */
	bool on_hart;                /* its state is loaded in a hart (hart->cur) */
	unsigned hart;               /* the hart it is loaded in, or last ran on */
	bool has_run;                /* it has been loaded in a hart since it was reset */
	uint64_t off_since;          /* when it last left a hart (timer ticks) */
	uint64_t irq_change;         /* VCPU_REQ_IRQ: the sip bits to set to irq_level's */
	uint64_t irq_level;
	uint64_t restart_addr, restart_opaque; /* VCPU_REQ_RESTART */
	struct irq_watch watch;                /* interrupts waiting while it runs with them off */
	struct guest_csrs csrs;
};

/* Asks v's hart to do req on the way back to v; harts without v's VM lock ask too. */
static inline void vcpu_request(struct vcpu *v, unsigned req)
{
	__atomic_fetch_or(&v->requests, req, __ATOMIC_RELEASE);
}

/* The guest is idle (wfi, SBI suspend): it gives up the hart until an interrupt is pending for
 * it. */
void vcpu_idle(struct vcpu *v);
/* Off every hart: it is to begin in S-mode at addr with a0 = its id, a1 = opaque, satp Bare,
 * as SBI HSM starts a hart. */
void vcpu_start_at(struct vcpu *v, uint64_t addr, uint64_t opaque);
/*
 * Raises or clears supervisor interrupt irq (IRQ_S_SOFT, IRQ_S_TIMER), loaded or not. A vCPU
 * loaded in another hart gets it as a request (VCPU_REQ_IRQ) and that hart a kick; an idle one
 * made runnable off every hart wakes an idle hart for it.
 */
void vcpu_set_irq(struct vcpu *v, unsigned irq, bool pending);
/* On the vCPU's own hart: the interrupt changes other harts asked for (VCPU_REQ_IRQ). */
void vcpu_apply_irqs(struct vcpu *v);

#endif
