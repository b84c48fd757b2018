/* Each vCPU's SBI timer, multiplexed on its hart's machine timer. */
#ifndef CORE_VTIMER_H
#define CORE_VTIMER_H

#include <stdint.h>

struct vcpu;

/* SBI set_timer: the supervisor timer interrupt is pending from `deadline` on (the hart's timer is
 * re-armed on the way back to the guest, VCPU_REQ_TIMER). */
void vtimer_set(struct vcpu *v, uint64_t deadline);
/* Raises the timer interrupt of every vCPU whose deadline is not after now, wherever it is. */
void vtimer_expire(uint64_t now);
/* The earliest armed deadline of a running vCPU that is loaded in hart or in no hart,
 * UINT64_MAX if none. */
uint64_t vtimer_next_deadline(unsigned hart);

#endif
