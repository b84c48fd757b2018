/*
 * Each vCPU's SBI timer. The hart's machine timer is programmed for the earliest deadline of
 * any vCPU (and the end of the time slice, core/sched.c); an expired deadline raises the
 * guest's supervisor timer interrupt through its MMU mode (mip.STIP or hvip.VSTIP, which
 * menvcfg.STCE = 0 leaves ours to drive), even while its vCPU is off the hart, and its next
 * set_timer clears it.
 */
#include "core/vtimer.h"

#include "core/hart.h"
#include "core/sched.h"
#include "core/vm.h"
#include "dev/timer.h"

void vtimer_set(struct vcpu *v, uint64_t deadline)
{
	v->timer_deadline = deadline;
	vcpu_set_irq(v, IRQ_S_TIMER, false);
	sched_timer_set(hart_self());
}

void vtimer_expire(uint64_t now)
{
	for (unsigned i = 0; i < VM_MAX; i++)
		for (unsigned j = 0; j < vms[i].nvcpu; j++) {
			struct vcpu *v = &vms[i].vcpu[j];
			if (vms[i].state == VM_RUNNING && v->timer_deadline <= now) {
				v->timer_deadline = UINT64_MAX;
				vcpu_set_irq(v, IRQ_S_TIMER, true);
			}
		}
}

uint64_t vtimer_next_deadline(void)
{
	uint64_t next = UINT64_MAX;

	for (unsigned i = 0; i < VM_MAX; i++)
		for (unsigned j = 0; j < vms[i].nvcpu; j++)
			if (vms[i].state == VM_RUNNING && vms[i].vcpu[j].timer_deadline < next)
				next = vms[i].vcpu[j].timer_deadline;
	return next;
}
