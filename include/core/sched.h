/* Which vCPU a hart runs next, and for how long; and the way back to a guest. */
#ifndef CORE_SCHED_H
#define CORE_SCHED_H

#include <stdbool.h>
#include <stdint.h>

struct hart;
struct trap_frame;
struct vcpu;

/*
 * The frame to resume on this hart: the current vCPU if it may still run, else the next one.
 * First it carries out what was asked of VMs and of the current vCPU (requests).
 */
struct trap_frame *sched_resume(struct hart *h);
/*
 * Whether v, on hart h, may simply go on: nothing is asked of it, its VM or the hart. Also
 * without the hypervisor lock: whoever asks something meanwhile kicks the hart, which ends the
 * guest's run at once.
 */
bool sched_goes_on(const struct hart *h, const struct vcpu *v);
/* Machine timer interrupt: deliver expired guest timers, end the slice if it is over. */
void sched_tick(struct hart *h);
/* An SBI call of the current vCPU, counted against flooding. */
void sched_count_sbi(struct hart *h);
/* A look for the watchdog (core/watchdog.h) at a vCPU on this hart: its VM is asked to stop
 * if it does not answer. */
void sched_watch(struct vcpu *v, uint64_t now);

#endif
