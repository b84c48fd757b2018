/*
 * Scheduling. One VM runs per machine for now, so a hart keeps its vCPU until the VM ends;
 * when no VM is left the machine exits with the worst way any VM ended.
 */
#include "core/sched.h"

#include "arch/csr.h"
#include "core/hart.h"
#include "core/vm.h"
#include "core/vtimer.h"
#include "dev/poweroff.h"
#include "lib/printk.h"
#include "mm/pmp.h"

static bool runnable(const struct vcpu *v)
{
	return v->state == VCPU_STARTED && v->vm->state == VM_RUNNING;
}

static struct vcpu *pick(void)
{
	for (unsigned i = 0; i < VM_MAX; i++)
		for (unsigned j = 0; j < vms[i].nvcpu; j++)
			if (runnable(&vms[i].vcpu[j]))
				return &vms[i].vcpu[j];
	return NULL;
}

__attribute__((noreturn)) static void machine_done(void)
{
	unsigned status = 0;

	for (unsigned i = 0; i < VM_MAX; i++)
		if (vms[i].state == VM_STOPPED && (unsigned)vms[i].end > status)
			status = vms[i].end;
	printk("all VMs ended; exit status %u\n", status);
	machine_exit(status);
}

static void switch_to(struct hart *h, struct vcpu *v)
{
	if (h->cur)
		h->cur->vm->mmu->vcpu_put(h->cur);
	h->cur = v;
	v->tf.hv_sp = h->stack_top;
	v->tf.hv_hart = (uint64_t)(uintptr_t)h;
	pmp_enter_vm(v->vm);
	csr_write(mstatus, v->vm->mmu->mstatus_enter(v));
	v->vm->mmu->vcpu_load(v);
	vtimer_load(v);
}

struct trap_frame *sched_resume(struct hart *h)
{
	struct vcpu *v = h->cur;

	if (v && runnable(v))
		return &v->tf;
	v = pick();
	if (!v)
		machine_done();
	switch_to(h, v);
	return &v->tf;
}
