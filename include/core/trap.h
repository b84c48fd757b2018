/* Guest exits: the trap record captured once, dispatched through tables indexed by mcause. */
#ifndef CORE_TRAP_H
#define CORE_TRAP_H

#include "arch/guest.h"

/* Called from core/trap_entry.S with the frame of the vCPU that exited; returns the frame to
 * resume. */
struct trap_frame *trap_guest(struct trap_frame *tf);
/* core/trap_entry.S: loads the frame and mret into the guest; never returns. */
__attribute__((noreturn)) void guest_resume(struct trap_frame *tf);

struct hart;
/* A hart that has just come up, holding the hypervisor lock: it enters the guest the scheduler
 * gives it, dropping the lock on the way. */
__attribute__((noreturn)) void trap_first_entry(struct hart *h);

#endif
