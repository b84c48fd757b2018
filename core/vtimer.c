/*
 * The guest's timer interrupt is raised through its MMU mode (mip.STIP in shadow mode, hvip in
 * nested mode; menvcfg.STCE = 0 leaves both ours to drive) and cleared by its next set_timer.
 */
#include "core/vtimer.h"

#include "arch/csr.h"
#include "core/hart.h"
#include "core/vm.h"
#include "dev/timer.h"

static void vtimer_arm(struct vcpu *v, unsigned hartid)
{
	if (v->timer_deadline <= timer_now()) {
		v->vm->mmu->set_irq(v, IRQ_S_TIMER, true);
		v->timer_deadline = UINT64_MAX;
	}
	timer_program(hartid, v->timer_deadline);
}

void vtimer_set(struct vcpu *v, uint64_t deadline)
{
	v->timer_deadline = deadline;
	v->vm->mmu->set_irq(v, IRQ_S_TIMER, false);
	vtimer_arm(v, hart_self()->id);
}

void vtimer_load(struct vcpu *v)
{
	vtimer_arm(v, hart_self()->id);
}

void vtimer_tick(struct hart *h)
{
	vtimer_arm(h->cur, h->id);
}
