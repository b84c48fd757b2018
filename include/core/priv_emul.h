/* Privileged instructions the guest executes but the hypervisor owns (wfi, and what the MMU mode
 * traps: satp and sfence.vma in shadow mode). */
#ifndef CORE_PRIV_EMUL_H
#define CORE_PRIV_EMUL_H

#include <stdbool.h>

#include "arch/trap.h"

struct vcpu;

/* Illegal-instruction exit: the backdoor, wfi (TW), the mode's own, else the guest's fault. */
struct exit_outcome priv_emul_illegal(struct vcpu *v, const struct trap *t);
/* Whether the VM's lock is enough for it (core/hv_lock.h): all but wfi and the backdoor, which
 * reach the scheduler and SBI. */
bool priv_emul_vm_lock_only(const struct trap *t);
/* Virtual-instruction exit (nested mode): an illegal instruction to the guest. */
struct exit_outcome priv_emul_virtual(struct vcpu *v, const struct trap *t);

#endif
