/* Per-VM counters, printed as one machine-readable line when the VM ends. */
#ifndef CORE_STATS_H
#define CORE_STATS_H

#include <stdint.h>

#include "arch/csr.h"

struct vm_stats {
	uint64_t exits;
	uint64_t exc[EXC_COUNT];
	uint64_t irq[16];
	uint64_t sbi_calls;
	uint64_t reflected; /* exceptions handed to the guest */
	uint64_t satp_writes;
	uint64_t sfence_vma[4]; /* by form: all, by address, by ASID, by address and ASID */
	uint64_t wfi;
};

struct vm;
void stats_print(const struct vm *vm);

#endif
