/*
 * Each vCPU's SBI timer. A hart's machine timer is programmed for the earliest deadline of its
 * own vCPU and of those on no hart (and the end of its time slice, core/sched.c), so each
 * deadline has a hart that will see it. An expired deadline raises the guest's supervisor timer
 * interrupt through its MMU mode (mip.STIP or hvip.VSTIP, which menvcfg.STCE = 0 leaves ours
 * to drive), even while its vCPU is off the hart or on another (vcpu_set_irq), and its next
 * set_timer clears it.
 */
#include "core/vtimer.h"

#include "core/vm.h"
#include "lib/util.h"

void vtimer_set(struct vcpu *v, uint64_t deadline)
{
	v->timer_deadline = deadline;
	vcpu_set_irq(v, IRQ_S_TIMER, false);
	vcpu_request(v, VCPU_REQ_TIMER);
}

void vtimer_expire(uint64_t now)
{
	struct vm *vm;

	for (unsigned i = 0; (vm = vm_at(i)); i++)
		for (unsigned j = 0; vm->state == VM_RUNNING && j < vm->nvcpu; j++) {
			struct vcpu *v = &vm->vcpu[j];
			if (v->timer_deadline <= now) {
				v->timer_deadline = UINT64_MAX;
				vcpu_set_irq(v, IRQ_S_TIMER, true);
			}
		}
}

uint64_t vtimer_next_deadline(unsigned hart)
{
	uint64_t next = UINT64_MAX;
	struct vm *vm;

	for (unsigned i = 0; (vm = vm_at(i)); i++)
		for (unsigned j = 0; vm->state == VM_RUNNING && j < vm->nvcpu; j++) {
			const struct vcpu *v = &vm->vcpu[j];
			if (!v->on_hart || v->hart == hart)
				next = MIN(next, v->timer_deadline);
		}
	return next;
}
