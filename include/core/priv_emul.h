/* Privileged instructions the guest kernel executes but the hypervisor owns (satp, sfence, wfi). */
#ifndef CORE_PRIV_EMUL_H
#define CORE_PRIV_EMUL_H

#include <stdint.h>

struct vcpu;

/* Illegal-instruction exit: emulate what mstatus.TVM/TW trapped, reflect everything else. */
void priv_emul_illegal(struct vcpu *v, uint64_t cause, uint64_t tval);
/* Virtual-instruction exit (nested mode): an illegal instruction to the guest. */
void priv_emul_virtual(struct vcpu *v, uint64_t cause, uint64_t tval);

#endif
