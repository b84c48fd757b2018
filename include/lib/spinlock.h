/*
 * A ticket lock: harts get it in the order they asked, so none starves however hard the others
 * take it. spin_ticket and spin_turn let a waiter do work while it waits.
 */
#ifndef LIB_SPINLOCK_H
#define LIB_SPINLOCK_H

#include <stdbool.h>
#include <stdint.h>

struct spinlock {
	uint32_t next;  /* the ticket the next hart to ask gets */
	uint32_t owner; /* the ticket that holds the lock */
};

/* Joins the queue for the lock: the lock is the caller's once spin_turn says so. */
static inline uint32_t spin_ticket(struct spinlock *l)
{
	return __atomic_fetch_add(&l->next, 1, __ATOMIC_RELAXED);
}

static inline bool spin_turn(struct spinlock *l, uint32_t ticket)
{
	return __atomic_load_n(&l->owner, __ATOMIC_ACQUIRE) == ticket;
}

static inline void spin_lock(struct spinlock *l)
{
	uint32_t ticket = spin_ticket(l);

	while (!spin_turn(l, ticket))
		;
}

static inline void spin_unlock(struct spinlock *l)
{
	__atomic_store_n(&l->owner, l->owner + 1, __ATOMIC_RELEASE);
}

#endif
