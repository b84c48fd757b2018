/* The guest's FP registers (arch/fpregs.S); callers make sure mstatus.FS is not Off. */
#ifndef ARCH_FPREGS_H
#define ARCH_FPREGS_H

#include <stdint.h>

#include "arch/guest.h"

void fpregs_save(uint64_t f[FPREGS_WORDS]);
void fpregs_load(const uint64_t f[FPREGS_WORDS]);

#endif
