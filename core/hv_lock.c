/* The hypervisor lock and TLB shootdowns: see include/core/hv_lock.h. */
#include "core/hv_lock.h"

#include "core/hart.h"
#include "core/vcpu.h"
#include "dev/ipi.h"
#include "lib/spinlock.h"

static struct spinlock hv_lock;

/* What a shootdown does on the hart that has v loaded. */
static void flush_here(const struct vcpu *v)
{
	v->mode->mem.flush_tlb();
	__asm__ volatile("fence.i" ::: "memory");
}

/* A shootdown asked of this hart: the vCPU it has loaded is the one the asker named, since
 * only the asker, holding the lock, could change that. */
static void answer_shootdown(struct hart *h)
{
	if (!__atomic_load_n(&h->flush_req, __ATOMIC_ACQUIRE))
		return;
	flush_here(h->cur);
	h->stats.flushes++;
	__atomic_store_n(&h->flush_req, 0, __ATOMIC_RELEASE);
}

void hv_enter(struct hart *h)
{
	uint32_t ticket = spin_ticket(&hv_lock);
	uint64_t spins = 0;

	while (!spin_turn(&hv_lock, ticket)) {
		answer_shootdown(h);
		spins++;
	}
	answer_shootdown(h); /* one asked while the lock was free: the IPI is still pending */
	h->holds++;
	if (spins) {
		h->stats.lock_waits++;
		h->stats.lock_spins += spins;
	}
}

void hv_leave(void)
{
	spin_unlock(&hv_lock);
}

void hv_shootdown(struct vcpu *v)
{
	struct hart *self = hart_self(), *t = hart_at(v->hart);

	if (t == self) {
		flush_here(v);
		return;
	}
	self->stats.shootdowns++;
	__atomic_store_n(&t->flush_req, 1, __ATOMIC_RELEASE);
	/* A hart in an idle wait runs no guest before hv_enter, which answers: no need to wait. */
	if (t->off_lock) {
		t->stats.flushes_on_wake++;
		return;
	}
	ipi_send(t->id);
	while (__atomic_load_n(&t->flush_req, __ATOMIC_ACQUIRE))
		;
}
