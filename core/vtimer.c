/* STIP is delegated to S and writable by M (menvcfg.STCE = 0): M raises it, the guest takes it. */
#include "core/vtimer.h"

#include "arch/csr.h"
#include "core/hart.h"
#include "core/vcpu.h"
#include "dev/timer.h"

static void vtimer_arm(struct vcpu *v, unsigned hartid)
{
	if (v->timer_deadline <= timer_now()) {
		csr_set(mip, MIP_STIP);
		v->timer_deadline = UINT64_MAX;
	}
	timer_program(hartid, v->timer_deadline);
}

void vtimer_set(struct vcpu *v, uint64_t deadline)
{
	v->timer_deadline = deadline;
	csr_clear(mip, MIP_STIP);
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
