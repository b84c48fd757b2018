/* A physical hart and what it is running. */
#ifndef CORE_HART_H
#define CORE_HART_H

#define MAX_HARTS       8
#define HART_STACK_SIZE (16 * 1024)

#ifndef __ASSEMBLER__
#include <stdint.h>

struct vcpu;

struct hart {
	unsigned id;
	uint64_t stack_top;
	struct vcpu *cur;
};

struct hart *hart_self(void);
void hart_init_self(unsigned hartid);
#endif

#endif
