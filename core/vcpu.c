/* vCPU operations every MMU mode shares. */
#include "core/vcpu.h"

#include "arch/csr.h"
#include "core/vm.h"

void vcpu_reflect(struct vcpu *v, uint64_t cause, uint64_t tval)
{
	v->vm->stats.reflected++;
	v->vm->mmu->reflect(v, cause, tval);
}

void vcpu_idle(struct vcpu *v)
{
	(void)v;
	/*
	 * wfi in M-mode with MIE clear still wakes on any interrupt enabled in mie: the guest's own
	 * (its sie is a view of mie) or our timer, which then exits the guest right after mret.
	 */
	if (!(csr_read(mip) & csr_read(mie)))
		__asm__ volatile("wfi");
}
