/*
 * The hypervisor's locks, and TLB shootdowns.
 *
 * The hypervisor lock serializes the scheduler, consoles, timers and SBI's effects: a hart
 * takes it at an exit that needs any of them, after the trap's CSRs are read, and drops it on
 * the way back to the guest or into an idle wait. Each VM has a lock of its own (vm_lock) for
 * its MMU state, its counters and which harts have its vCPUs loaded. A page fault, satp write
 * or sfence.vma needs only its VM's lock (core/trap.c): those of different VMs, and one beside
 * any other exit, proceed together.
 * Other exits take the hypervisor lock first, then the VM's: never the other way round.
 *
 * A shootdown must be answered while its target waits for a lock the asker holds, so the
 * target answers it from every lock wait, and from every exit before it takes a lock.
 */
#ifndef CORE_HV_LOCK_H
#define CORE_HV_LOCK_H

#include "lib/spinlock.h"

struct hart;
struct vcpu;

void hv_enter(struct hart *h);
/* Also answers a shootdown asked while this hart was in an idle wait (hart.off_lock). */
void hv_leave(struct hart *h);

/* Takes l, answering shootdowns while it waits; each take is a new hold (hart.holds). */
void hv_take(struct hart *h, struct spinlock *l);

/*
 * Holding v's VM lock: v's hart has forgotten every translation it caches for v (and executed
 * fence.i) when this returns. v must be loaded in a hart; on this one the flush is immediate.
 */
void hv_shootdown(struct vcpu *v);

#endif
