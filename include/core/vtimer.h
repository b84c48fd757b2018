/* Each vCPU's SBI timer, multiplexed on its hart's machine timer. */
#ifndef CORE_VTIMER_H
#define CORE_VTIMER_H

#include <stdint.h>

struct vcpu;
struct hart;

/* SBI set_timer: the supervisor timer interrupt is pending from `deadline` on. */
void vtimer_set(struct vcpu *v, uint64_t deadline);
/* Programs the hart's timer for the vCPU it now runs. */
void vtimer_load(struct vcpu *v);
/* Machine timer interrupt: deliver what expired, re-arm. */
void vtimer_tick(struct hart *h);

#endif
