/*
 * A ticket lock: harts get it in the order they asked, so none starves however hard the others
 * take it. Waiting is counted, for the contention figures the hypervisor reports.
 */
#ifndef LIB_SPINLOCK_H
#define LIB_SPINLOCK_H

#include <stdint.h>

struct spinlock {
	uint32_t next;  /* the ticket the next hart to ask gets */
	uint32_t owner; /* the ticket that holds the lock */
};

/* Takes the lock; returns how many times it looked before it was its turn (0: uncontended). */
static inline uint64_t spin_lock(struct spinlock *l)
{
	uint32_t ticket = __atomic_fetch_add(&l->next, 1, __ATOMIC_RELAXED);
	uint64_t waited = 0;

	while (__atomic_load_n(&l->owner, __ATOMIC_ACQUIRE) != ticket)
		waited++;
	return waited;
}

static inline void spin_unlock(struct spinlock *l)
{
	__atomic_store_n(&l->owner, l->owner + 1, __ATOMIC_RELEASE);
}

#endif
