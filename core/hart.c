/* Per-hart state; tp holds this hart's struct while the hypervisor runs. */
#include "core/hart.h"

static struct hart harts[MAX_HARTS];
extern char hart_stacks[];

void hart_init_self(unsigned hartid)
{
	struct hart *h = &harts[hartid];

	h->id = hartid;
	h->stack_top = (uint64_t)(uintptr_t)hart_stacks + (uint64_t)(hartid + 1) * HART_STACK_SIZE;
	h->cur = 0;
	__asm__ volatile("mv tp, %0" ::"r"(h));
}
