/* Which vCPU a hart runs next. */
#ifndef CORE_SCHED_H
#define CORE_SCHED_H

struct hart;
struct trap_frame;

/* The frame to resume on this hart: the current vCPU if it may still run, else the next one. */
struct trap_frame *sched_resume(struct hart *h);

#endif
