/*
 * The physical harts and what each is running. Every hart runs the hypervisor, under the locks
 * of core/hv_lock.h. Harts ask things of each other with IPIs: the asker records the request
 * where the other hart looks for it on its way back to a guest (vCPU and VM requests), then
 * kicks it.
 */
#ifndef CORE_HART_H
#define CORE_HART_H

#include <stdbool.h>
#include <stdint.h>

#include "arch/hart.h"

struct vcpu;

struct hart_stats {
	uint64_t exits;
	uint64_t vm_lock_exits; /* exits that took only their VM's lock (hv_lock.h) */
	/* Takes of the hypervisor lock [0] and of VM locks [1] that found the lock held, and how
	 * many looks at it they took. */
	uint64_t lock_waits[2];
	uint64_t lock_spins[2];
	uint64_t kicks;              /* IPIs this hart sent */
	uint64_t migrations;         /* vCPUs it loaded that had last run on another hart */
	uint64_t shootdowns;         /* TLB flushes it asked of other harts */
	uint64_t shootdowns_to_idle; /* of those, asked of a hart in an idle wait: not waited for */
	uint64_t flushes;            /* TLB flushes other harts asked of it, done */
	uint64_t idle_waits;         /* times it waited in wfi with nothing to run */
};

struct hart {
	unsigned id;
	bool online;
	bool idle;     /* in wfi with nothing to run: a runnable vCPU may be sent here */
	bool off_lock; /* from dropping the hypervisor lock for an idle wait to taking it again */
	uint64_t stack_top;
	struct vcpu *cur;   /* the vCPU whose state is loaded, if any */
	uint64_t slice_end; /* when cur's time slice ends (timer ticks) */
	uint64_t slice_sbi; /* SBI calls cur made in this slice */
	bool resched;       /* cur's slice ended or it gave the rest up */
	uint32_t flush_req; /* a shootdown asks it to flush its TLB (core/hv_lock.c) */
	uint64_t holds;     /* times it has taken a lock (hv_take) */
	struct hart_stats stats;
};

/* tp holds this hart's struct while the hypervisor runs (core/trap_entry.S loads it). */
static inline struct hart *hart_self(void)
{
	struct hart *h;

	__asm__ volatile("mv %0, tp" : "=r"(h));
	return h;
}
void hart_init_self(unsigned hartid);
/* Hart id, or NULL if it is not running the hypervisor. */
struct hart *hart_at(unsigned id);

/* Holding the lock: makes hart id look at its requests (no IPI to itself). */
void hart_kick(unsigned id);
/* Holding the lock: a vCPU became runnable off every hart; an idle hart, if any, takes it. */
void hart_wake_idle(void);
/* The per-hart counters, one line each. */
void harts_print_stats(void);

#endif
