/* Per-hart state, the hypervisor lock and kicks: see include/core/hart.h. */
#include "core/hart.h"

#include "dev/ipi.h"
#include "lib/printk.h"

static struct hart harts[MAX_HARTS];
extern char hart_stacks[];

void hart_init_self(unsigned hartid)
{
	struct hart *h = &harts[hartid];

	h->id = hartid;
	h->stack_top = (uint64_t)(uintptr_t)hart_stacks + (uint64_t)(hartid + 1) * HART_STACK_SIZE;
	h->cur = 0;
	h->online = true;
	__asm__ volatile("mv tp, %0" ::"r"(h));
}

struct hart *hart_at(unsigned id)
{
	return id < MAX_HARTS && harts[id].online ? &harts[id] : NULL;
}

void hart_kick(unsigned id)
{
	struct hart *self = hart_self();

	if (id == self->id)
		return;
	self->stats.kicks++;
	ipi_send(id);
}

void hart_wake_idle(void)
{
	for (unsigned i = 0; i < MAX_HARTS; i++)
		if (harts[i].online && harts[i].idle) {
			harts[i].idle = false; /* one kick per hart is enough */
			hart_kick(i);
			return;
		}
}

void harts_print_stats(void)
{
	for (unsigned i = 0; i < MAX_HARTS; i++) {
		const struct hart_stats *s = &harts[i].stats;
		if (harts[i].online)
			printk("stats hart=%u exits=%lu vm_lock_exits=%lu lock_waits=%lu "
			       "lock_spins=%lu "
			       "vm_lock_waits=%lu vm_lock_spins=%lu kicks=%lu migrations=%lu "
			       "shootdowns=%lu shootdowns_to_idle=%lu flushes=%lu idle_waits=%lu\n",
			       i, s->exits, s->vm_lock_exits, s->lock_waits[0], s->lock_spins[0],
			       s->lock_waits[1], s->lock_spins[1], s->kicks, s->migrations,
			       s->shootdowns, s->shootdowns_to_idle, s->flushes, s->idle_waits);
	}
}
