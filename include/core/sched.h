/* Which vCPU a hart runs next, and for how long; and the way back to a guest. */
#ifndef CORE_SCHED_H
#define CORE_SCHED_H

#include <stdint.h>

struct hart;
struct trap_frame;
struct vcpu;

/*
 * The frame to resume on this hart: the current vCPU if it may still run, else the next one.
 * First it carries out what was asked of VMs and of the current vCPU (requests).
 */
struct trap_frame *sched_resume(struct hart *h);
/* Machine timer interrupt: deliver expired guest timers, end the slice if it is over. */
void sched_tick(struct hart *h);
/* An SBI call of the current vCPU, counted against flooding. */
void sched_count_sbi(struct hart *h);
/* A look for the watchdog (core/watchdog.h) at a vCPU on this hart: its VM is asked to stop
 * if it does not answer. */
void sched_watch(struct vcpu *v, uint64_t now);

#endif
