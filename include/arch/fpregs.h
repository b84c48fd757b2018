/* The guest's FP registers (boot/fpregs.S); callers make sure mstatus.FS is not Off. */
#ifndef ARCH_FPREGS_H
#define ARCH_FPREGS_H

#include <stdint.h>

#define FPREGS_WORDS 33 /* f0-f31, fcsr */

void fpregs_save(uint64_t f[FPREGS_WORDS]);
void fpregs_load(const uint64_t f[FPREGS_WORDS]);

#endif
