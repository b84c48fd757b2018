/*
 * The hypervisor lock, and TLB shootdowns. Every hart takes the lock at each exit, after the
 * trap's CSRs are read, and drops it on the way back to the guest or into an idle wait: guests
 * run in parallel, and the hypervisor's work on their exits takes turns. A shootdown must be
 * answered while its target waits for the lock that the asker holds, so the target answers
 * it from the wait itself, and from every exit before it takes the lock.
 */
#ifndef CORE_HV_LOCK_H
#define CORE_HV_LOCK_H

struct hart;
struct vcpu;

void hv_enter(struct hart *h);
void hv_leave(void);

/*
 * Holding the lock: v's hart has forgotten every translation it caches for v (and executed
 * fence.i) when this returns. v must be loaded in a hart; on this one the flush is immediate.
 */
void hv_shootdown(struct vcpu *v);

#endif
