/* The hypervisor's locks and TLB shootdowns: see include/core/hv_lock.h. */
#include "core/hv_lock.h"

#include "core/hart.h"
#include "core/vcpu.h"
#include "dev/ipi.h"

static struct spinlock hv_lock;

/* What a shootdown does on the hart that has v loaded. */
static void flush_here(const struct vcpu *v)
{
	v->mode->mem.flush_tlb();
	__asm__ volatile("fence.i" ::: "memory");
}

/*
 * A shootdown asked of this hart. The asker held the lock of the VM whose vCPU this hart had
 * loaded, so while it waits that vCPU is still here. One asked of a hart in an idle wait is
 * answered later, maybe after the vCPU left: every load flushes, so then nothing is left to do.
 */
static void answer_shootdown(struct hart *h)
{
	if (!__atomic_load_n(&h->flush_req, __ATOMIC_SEQ_CST))
		return;
	if (h->cur)
		flush_here(h->cur);
	h->stats.flushes++;
	__atomic_store_n(&h->flush_req, 0, __ATOMIC_RELEASE);
}

void hv_take(struct hart *h, struct spinlock *l)
{
	uint32_t ticket = spin_ticket(l);
	uint64_t spins = 0;

	while (!spin_turn(l, ticket)) {
		answer_shootdown(h);
		spins++;
	}
	answer_shootdown(h); /* one asked while the lock was free: the IPI is still pending */
	h->holds++;
	if (spins) {
		h->stats.lock_waits[l != &hv_lock]++;
		h->stats.lock_spins[l != &hv_lock] += spins;
	}
}

void hv_enter(struct hart *h)
{
	hv_take(h, &hv_lock);
}

void hv_leave(struct hart *h)
{
	spin_unlock(&hv_lock);
	answer_shootdown(h);
}

void hv_shootdown(struct vcpu *v)
{
	struct hart *self = hart_self(), *t = hart_at(v->hart);

	if (t == self) {
		flush_here(v);
		return;
	}
	self->stats.shootdowns++;
	__atomic_store_n(&t->flush_req, 1, __ATOMIC_SEQ_CST);
	/* A hart in an idle wait runs no guest before it answers (hv_leave): no need to wait. */
	if (__atomic_load_n(&t->off_lock, __ATOMIC_SEQ_CST)) {
		self->stats.shootdowns_to_idle++;
		return;
	}
	ipi_send(t->id);
	while (__atomic_load_n(&t->flush_req, __ATOMIC_ACQUIRE))
		answer_shootdown(self);
}
