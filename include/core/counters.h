/* A VM's counters as the counters extension shows them (include/sbi/counters.h). */
#ifndef CORE_COUNTERS_H
#define CORE_COUNTERS_H

#include <stdint.h>

#include "sbi/counters.h"

struct vm;

void vm_counters(const struct vm *vm, uint64_t out[SV_CTR_COUNT]);

#endif
