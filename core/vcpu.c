/* vCPU operations every MMU mode shares. */
#include "core/vcpu.h"

#include "core/hart.h"
#include "core/vm.h"

void vcpu_reflect(struct vcpu *v, uint64_t cause, uint64_t tval)
{
	v->vm->stats.reflected++;
	v->vm->mmu->reflect(v, cause, tval);
}

/* wfi completes at once when an enabled interrupt is pending, whatever sstatus.SIE says. */
void vcpu_idle(struct vcpu *v)
{
	if (v->vm->mmu->irq_view(v).waiting)
		return;
	v->idle = true;
	watchdog_idle(&v->watch);
	hart_self()->resched = true;
}

void vcpu_set_irq(struct vcpu *v, unsigned irq, bool pending)
{
	if (v->vm->mmu->irq_set(v, irq, pending))
		watchdog_irq_changed(&v->watch, irq);
	if (pending)
		v->idle = false; /* wfi may end on any interrupt, enabled or not */
}
