/* Which vCPU a hart runs next, and for how long. */
#ifndef CORE_SCHED_H
#define CORE_SCHED_H

#include <stdint.h>

struct hart;
struct trap_frame;
struct vcpu;

/* The frame to resume on this hart: the current vCPU if it may still run, else the next one. */
struct trap_frame *sched_resume(struct hart *h);
/* Machine timer interrupt: deliver expired guest timers, end the slice if it is over. */
void sched_tick(struct hart *h);
/* A guest changed its timer deadline: deliver it if already due, and reprogram the hart. */
void sched_timer_set(struct hart *h);
/* An SBI call of the current vCPU, counted against flooding. */
void sched_count_sbi(struct hart *h);
/* A look for the watchdog (core/watchdog.h) at a vCPU on this hart: stops its VM if stuck. */
void sched_watch(struct vcpu *v, uint64_t now);
/* Saves the current vCPU's state off the hart (before its VM is rebuilt or left). */
void sched_put_current(struct hart *h);

#endif
