/* A virtual hart: its registers while it is not running, and the state SBI and the MMU keep. */
#ifndef CORE_VCPU_H
#define CORE_VCPU_H

/* Layout shared with boot/trap.S: mscratch points at the running vCPU's frame. */
#define TF_PC      (32 * 8)
#define TF_HV_SP   (33 * 8)
#define TF_HV_HART (34 * 8)

#ifndef __ASSEMBLER__
#include <stdbool.h>
#include <stdint.h>

#include "core/watchdog.h"

struct trap_frame {
	uint64_t x[32]; /* x[0] is never loaded */
	uint64_t pc;
	uint64_t hv_sp;   /* the hypervisor stack of the hart running this vCPU */
	uint64_t hv_hart; /* that hart's struct hart, the hypervisor's tp */
};

enum vcpu_state { VCPU_STOPPED, VCPU_STARTED };

/* The guest's supervisor CSRs while its vCPU is not on a hart (see vcpu_put in mmu/mmu.h). */
struct guest_csrs {
	uint64_t status, ie, ip, tvec, scratch, epc, cause, tval, atp, counteren;
	uint64_t priv;   /* the privilege it trapped from (mstatus.MPP) */
	uint64_t fp[33]; /* f0-f31 and fcsr: the FPU belongs to the guest */
};

struct vm;

struct vcpu {
	struct trap_frame tf;
	struct vm *vm;
	unsigned id; /* the hart id the guest sees */
	enum vcpu_state state;
	uint64_t vsatp;          /* the guest's satp (shadow mode): the real one holds a shadow */
	bool bare_user;          /* shadow mode, satp Bare: the U-mode root is loaded */
	uint64_t shadow_gen;     /* shadow mode: the zap-all generation of the loaded root */
	uint64_t timer_deadline; /* SBI set_timer value, UINT64_MAX when disarmed */
	bool idle;               /* in wfi: not runnable until an interrupt is pending */
	bool on_hart;            /* its state is loaded in a hart (hart->cur) */
	struct irq_watch watch;  /* interrupts waiting while it runs with them off */
	struct guest_csrs csrs;
};

/* Register access by instruction field number: x0 reads zero and ignores writes. */
static inline uint64_t vcpu_reg(const struct vcpu *v, unsigned r)
{
	return r ? v->tf.x[r] : 0;
}

static inline void vcpu_set_reg(struct vcpu *v, unsigned r, uint64_t val)
{
	if (r)
		v->tf.x[r] = val;
}

/* Raises exception `cause` in the guest exactly as the hardware would have. */
void vcpu_reflect(struct vcpu *v, uint64_t cause, uint64_t tval);
/* The guest is idle (wfi): it gives up the hart until an interrupt is pending for it. */
void vcpu_idle(struct vcpu *v);
/* Raises or clears supervisor interrupt irq (IRQ_S_SOFT, IRQ_S_TIMER), loaded or not. */
void vcpu_set_irq(struct vcpu *v, unsigned irq, bool pending);
#endif

#endif
