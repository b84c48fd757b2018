/* vCPU operations every MMU mode shares. */
#include "core/vcpu.h"

#include "core/hart.h"

/* wfi completes at once when an enabled interrupt is pending, whatever sstatus.SIE says. */
void vcpu_idle(struct vcpu *v)
{
	if (v->mode->cpu.irq_view().waiting)
		return;
	v->idle = true;
	vcpu_request(v, VCPU_REQ_YIELD);
	watchdog_idle(&v->watch);
}

/* On the hart the vCPU is loaded in, if it is. */
static void set_irq_here(struct vcpu *v, unsigned irq, bool pending)
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

void vcpu_set_irq(struct vcpu *v, unsigned irq, bool pending)
{
	uint64_t bit = 1ull << irq;

	if (v->on_hart && v->hart != hart_self()->id) {
		v->irq_change |= bit;
		v->irq_level = pending ? v->irq_level | bit : v->irq_level & ~bit;
		vcpu_request(v, VCPU_REQ_IRQ);
		if (pending)
			v->idle = false;
		hart_kick(v->hart);
		return;
	}
	bool was_idle = v->idle;
	set_irq_here(v, irq, pending);
	if (was_idle && !v->idle && !v->on_hart)
		hart_wake_idle();
}

void vcpu_apply_irqs(struct vcpu *v)
{
	uint64_t change = v->irq_change;

	v->irq_change = 0;
	for (unsigned irq = 0; change; irq++, change >>= 1)
		if (change & 1)
			set_irq_here(v, irq, v->irq_level >> irq & 1);
}

void vcpu_start_at(struct vcpu *v, uint64_t addr, uint64_t opaque)
{
	v->csrs.priv = PRV_S;
	v->csrs.status &= ~(MSTATUS_SIE | MSTATUS_SPIE | MSTATUS_SPP);
	v->csrs.atp = 0;
	v->tf.pc = addr;
	v->tf.x[10] = v->id;
	v->tf.x[11] = opaque;
}
