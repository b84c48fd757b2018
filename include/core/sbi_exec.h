/* A vCPU's SBI calls: sbi/ answers them; what they ask of the VM is carried out here. */
#ifndef CORE_SBI_EXEC_H
#define CORE_SBI_EXEC_H

#include "arch/trap.h"

struct vcpu;

/* The SBI call in the vCPU's a7, a6, a0..a5: answered in a0 (and a1), the pc past the call. */
struct exit_outcome sbi_exec(struct vcpu *v);

#endif
