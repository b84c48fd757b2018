/* A physical hart and what it is running. */
#ifndef CORE_HART_H
#define CORE_HART_H

#include <stdbool.h>
#include <stdint.h>

#include "arch/hart.h"

struct vcpu;

struct hart {
	unsigned id;
	uint64_t stack_top;
	struct vcpu *cur;   /* the vCPU whose state is loaded, if any */
	uint64_t slice_end; /* when cur's time slice ends (timer ticks) */
	uint64_t slice_sbi; /* SBI calls cur made in this slice */
	bool resched;       /* cur's slice ended or it gave the rest up */
};

/* tp holds this hart's struct while the hypervisor runs (core/trap_entry.S loads it). */
static inline struct hart *hart_self(void)
{
	struct hart *h;

	__asm__ volatile("mv %0, tp" : "=r"(h));
	return h;
}
void hart_init_self(unsigned hartid);

#endif
