/* A physical hart and what it is running. */
#ifndef CORE_HART_H
#define CORE_HART_H

#define MAX_HARTS       8
#define HART_STACK_SIZE (16 * 1024)

#ifndef __ASSEMBLER__
#include <stdbool.h>
#include <stdint.h>

struct vcpu;

struct hart {
	unsigned id;
	uint64_t stack_top;
	struct vcpu *cur;   /* the vCPU whose state is loaded, if any */
	uint64_t slice_end; /* when cur's time slice ends (timer ticks) */
	uint64_t slice_sbi; /* SBI calls cur made in this slice */
	bool resched;       /* cur's slice ended or it gave the rest up */
};

struct hart *hart_self(void);
void hart_init_self(unsigned hartid);
#endif

#endif
