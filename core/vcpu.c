/* vCPU operations every MMU mode shares. */
#include "core/vcpu.h"

/* wfi completes at once when an enabled interrupt is pending, whatever sstatus.SIE says. */
void vcpu_idle(struct vcpu *v)
{
	if (v->mode->cpu.irq_view().waiting)
		return;
	v->idle = true;
	v->requests |= VCPU_REQ_YIELD;
	watchdog_idle(&v->watch);
}

void vcpu_set_irq(struct vcpu *v, unsigned irq, bool pending)
{
	uint64_t bit = 1ull << irq, old = v->csrs.ip;
	bool changed;

	if (v->on_hart) {
		changed = v->mode->cpu.irq_set(irq, pending);
	} else {
		v->csrs.ip = pending ? old | bit : old & ~bit;
		changed = (old & bit) != (v->csrs.ip & bit);
	}
	if (changed)
		watchdog_irq_changed(&v->watch, irq);
	if (pending)
		v->idle = false; /* wfi may end on any interrupt, enabled or not */
}
