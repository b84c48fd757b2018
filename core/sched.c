/*
 * Scheduling: every hart runs vCPUs, in time slices. A vCPU runs on one hart at a time; the
 * next to run is the one that has waited longest, where having last run on this hart counts as
 * one slice of waiting (its caches may still be warm), so a vCPU stays where it ran while that
 * is fair and moves to a hart that is free. A vCPU that waits in wfi gives up the rest of its
 * slice and is skipped until an interrupt is pending for it; a guest that floods SBI calls ends
 * its slices early; one that runs for long with an interrupt pending and interrupts off is
 * stopped as not answering. When no VM is left the machine exits with the worst way any VM
 * ended.
 *
 * sched_resume is the one place on the way back to a guest: it carries out what handlers, other
 * harts and the hypervisor console asked for (VM stops and restarts, vCPU timer re-arms, yields
 * and interrupts). A VM whose vCPU runs on another hart is stopped there: this hart kicks it.
 */
#include "core/sched.h"

#include "arch/csr.h"
#include "arch/fpregs.h"
#include "core/hart.h"
#include "core/hv_lock.h"
#include "core/vconsole.h"
#include "core/vm.h"
#include "core/vtimer.h"
#include "core/watchdog.h"
#include "dev/ipi.h"
#include "dev/poweroff.h"
#include "dev/timer.h"
#include "lib/printk.h"
#include "mm/pmp.h"

#define SLICE_MS        10
#define SLICE_SHORT_MS  1   /* while a vCPU waits for a hart (see new_slice) */
#define SBI_FLOOD       256 /* non-console SBI calls in one slice; Linux makes a few */
#define NOT_ANSWERING_S 10
#define IDLE_POLL_MS    50 /* how often an idle hart looks at console input */

/* Whether v may run on hart h: it is not waiting, and no other hart has it. */
static bool runnable(const struct hart *h, const struct vcpu *v)
{
	return v->vm->state == VM_RUNNING && sbi_hart_started(&v->vm->sbi, v->id) && !v->idle &&
	       (!v->on_hart || v->hart == h->id);
}

/* How long v has waited for hart h, in ticks, with a slice's credit for having run there. */
static uint64_t claim(const struct hart *h, const struct vcpu *v, uint64_t now, uint64_t slice)
{
	uint64_t waited = v->on_hart ? 0 : now - v->off_since;

	return waited + (v->has_run && v->hart == h->id ? slice : 0);
}

/* The vCPU hart h runs next, or NULL if none may. Ties go to the first in VM order. */
static struct vcpu *pick(const struct hart *h)
{
	uint64_t now = timer_now(), slice = (uint64_t)timer_hz() * SLICE_MS / 1000, best_claim = 0;
	struct vcpu *best = NULL;
	struct vm *vm;

	for (unsigned i = 0; (vm = vm_at(i)); i++)
		for (unsigned j = 0; j < vm->nvcpu; j++) {
			struct vcpu *v = &vm->vcpu[j];
			if (!runnable(h, v))
				continue;
			uint64_t c = claim(h, v, now, slice);
			if (!best || c > best_claim) {
				best = v;
				best_claim = c;
			}
		}
	return best;
}

/* When no VM runs any more, the machine ends with the worst way one ended (0 if none did). */
static bool any_vm_running(unsigned *status)
{
	const struct vm *vm;

	*status = 0;
	for (unsigned i = 0; (vm = vm_at(i)); i++) {
		if (vm->state == VM_RUNNING)
			return true;
		if (vm->state == VM_STOPPED && (unsigned)vm->end > *status)
			*status = vm->end;
	}
	return false;
}

/* The FPU is the guest's; M-mode may only touch it with mstatus.FS on. */
static void fp_switch(uint64_t *save, const uint64_t *load)
{
	uint64_t fs = csr_read(mstatus) & MSTATUS_FS;

	csr_set(mstatus, MSTATUS_FS);
	if (save)
		fpregs_save(save);
	if (load)
		fpregs_load(load);
	csr_clear(mstatus, MSTATUS_FS);
	csr_set(mstatus, fs);
}

/* Saves the current vCPU's state (CSRs, FP registers) off the hart, if there is one. */
static void put_current(struct hart *h)
{
	struct vcpu *prev = h->cur;

	if (!prev)
		return;
	vm_lock(prev->vm);
	prev->mode->cpu.put(prev->mmu, &prev->csrs);
	prev->on_hart = false;
	h->cur = NULL;
	vm_unlock(prev->vm);
	fp_switch(prev->csrs.fp, NULL);
	prev->off_since = timer_now();
}

/* false when the vCPU's MMU mode cannot load it (its VM is then asked to stop). */
static bool switch_to(struct hart *h, struct vcpu *v)
{
	put_current(h);
	/* What the guest wrote as code elsewhere, this hart fetches now. */
	__asm__ volatile("fence.i" ::: "memory");
	h->stats.migrations += v->has_run && v->hart != h->id;
	v->has_run = true;
	v->tf.hv_sp = h->stack_top;
	v->tf.hv_hart = (uint64_t)(uintptr_t)h;
	const struct chunk_arena *a = v->vm->pmap.arena;
	pmp_enter(v->vm->pool_hpa, v->vm->pool_size, a->base, chunk_arena_bytes(a));
	csr_write(mstatus, v->mode->cpu.mstatus_enter(&v->csrs));
	fp_switch(NULL, v->csrs.fp);
	vm_lock(v->vm);
	h->cur = v;
	v->on_hart = true;
	v->hart = h->id;
	bool loaded = v->mode->cpu.load(v->mmu, &v->csrs);
	vm_unlock(v->vm);
	if (!loaded)
		vm_request_stop(v->vm, VM_END_FAILURE,
		                "its MMU mode cannot build the vCPU's translation");
	return loaded;
}

/* The hart's timer: the end of the slice or the earliest guest deadline, whichever is first. */
static void arm_timer(struct hart *h)
{
	uint64_t next = vtimer_next_deadline(h->id);

	timer_program(h->id, h->slice_end < next ? h->slice_end : next);
}

/* A vCPU that keeps an enabled interrupt waiting with interrupts off has stopped answering. */
void sched_watch(struct vcpu *v, uint64_t now)
{
	if (!runnable(hart_self(), v) || !watchdog_look(&v->watch, v->mode->cpu.irq_view(), now,
	                                                (uint64_t)NOT_ANSWERING_S * timer_hz()))
		return;
	char why[96];
	snprintf_sv(why, sizeof(why),
	            "not answering: an interrupt has waited %u s while it runs with interrupts off",
	            NOT_ANSWERING_S);
	vm_request_stop(v->vm, VM_END_FAILURE, why);
}

/* A due deadline raises its interrupt now; the hart's timer goes to the next one. */
static void timer_set(struct hart *h)
{
	vtimer_expire(timer_now());
	arm_timer(h);
}

void sched_tick(struct hart *h)
{
	uint64_t now = timer_now();

	vtimer_expire(now);
	vconsole_poll();
	vconsole_tick(now);
	if (h->cur)
		sched_watch(h->cur, now);
	if (now >= h->slice_end)
		h->resched = true;
	arm_timer(h);
}

void sched_count_sbi(struct hart *h)
{
	struct vcpu *v = h->cur;

	if (++h->slice_sbi < SBI_FLOOD)
		return;
	if (!v->vm->sbi_flood_reported) {
		v->vm->sbi_flood_reported = true;
		printk("vm%u '%s' floods SBI calls (%u in one time slice): its slices end there, "
		       "so the other VMs keep their share\n",
		       v->vm->id, v->vm->cfg.name, SBI_FLOOD);
	}
	h->resched = true;
}

/* Whether a vCPU that h could run waits for a hart: there are more of them than harts. */
static bool someone_waits(const struct hart *h)
{
	const struct vm *vm;

	for (unsigned i = 0; (vm = vm_at(i)); i++)
		for (unsigned j = 0; j < vm->nvcpu; j++) {
			const struct vcpu *v = &vm->vcpu[j];
			if (!v->on_hart && runnable(h, v))
				return true;
		}
	return false;
}

/* Short while a vCPU waits for a hart: the guest may spin on a lock it holds, or wait on its
 * IPI, for as long as a slice. */
static void new_slice(struct hart *h)
{
	unsigned ms = someone_waits(h) ? SLICE_SHORT_MS : SLICE_MS;

	h->slice_end = timer_now() + (uint64_t)timer_hz() * ms / 1000;
	h->slice_sbi = 0;
	h->resched = false;
	arm_timer(h);
}

/* Whether a vCPU of the VM is loaded in a hart other than h; that hart is kicked to put it. */
static bool loaded_elsewhere(const struct hart *h, const struct vm *vm)
{
	bool found = false;

	for (unsigned j = 0; j < vm->nvcpu; j++)
		if (vm->vcpu[j].on_hart && vm->vcpu[j].hart != h->id) {
			hart_kick(vm->vcpu[j].hart);
			found = true;
		}
	return found;
}

/*
 * VMs asked to stop or restart: first their vCPUs go off the harts, and their output out. One
 * with a vCPU on another hart waits for that hart, which comes here too once kicked.
 */
static void vm_requests(struct hart *h)
{
	struct vm *vm;

	for (unsigned i = 0; (vm = vm_at(i)); i++) {
		if (!vm->requests)
			continue;
		if (h->cur && h->cur->vm == vm)
			put_current(h);
		if (loaded_elsewhere(h, vm)) {
			vm_requests_waiting = true;
			continue;
		}
		vconsole_flush(vm); /* its last words before the message about it */
		if (vm->requests & VM_REQ_RESTART) {
			vm->requests &= ~VM_REQ_RESTART;
			vm_restart(vm);
		} else {
			vm_stop(vm);
		}
	}
}

static void vcpu_requests(struct hart *h, struct vcpu *v)
{
	unsigned req = __atomic_exchange_n(&v->requests, 0, __ATOMIC_ACQUIRE);

	if (req & VCPU_REQ_IRQ)
		vcpu_apply_irqs(v);
	if (req & VCPU_REQ_MMU) {
		vm_lock(v->vm);
		bool synced = v->mode->cpu.sync(v->mmu);
		vm_unlock(v->vm);
		if (!synced)
			vm_request_stop(v->vm, VM_END_FAILURE,
			                "its MMU mode cannot build the vCPU's translation");
	}
	if (req & VCPU_REQ_TIMER)
		timer_set(h);
	if (req & VCPU_REQ_YIELD)
		h->resched = true;
	if (req & VCPU_REQ_RESTART) {
		put_current(h);
		vcpu_start_at(v, v->restart_addr, v->restart_opaque);
	}
}

/*
 * Nothing this hart may run: it waits, without the lock, until its timer, a kick or an
 * interrupt of the loaded vCPU is pending. With mstatus.MIE clear, wfi wakes without trapping.
 */
static void idle_wait(struct hart *h)
{
	h->slice_end = timer_now() + (uint64_t)timer_hz() * IDLE_POLL_MS / 1000;
	arm_timer(h);
	h->idle = true;
	__atomic_store_n(&h->off_lock, true, __ATOMIC_SEQ_CST);
	h->stats.idle_waits++;
	hv_leave(h);
	__asm__ volatile("wfi");
	hv_enter(h);
	__atomic_store_n(&h->off_lock, false, __ATOMIC_SEQ_CST);
	h->idle = false;
	ipi_clear(h->id);
	sched_tick(h);
	if (h->cur && h->cur->mode->cpu.irq_view().waiting)
		h->cur->idle = false;
}

/* v runs again; if it was an SBI-suspended hart, an interrupt woke it and it is started. */
static struct trap_frame *resume(struct vcpu *v)
{
	sbi_hart_resume(&v->vm->sbi, v->id);
	return &v->tf;
}

/* Everything but the common exit: requests, a switch, or a wait. */
__attribute__((noinline)) static struct trap_frame *resume_slow(struct hart *h)
{
	unsigned status;

	for (;;) {
		struct vcpu *v = h->cur;

		if (v && v->requests)
			vcpu_requests(h, v);
		if (vm_requests_waiting) {
			vm_requests_waiting = false;
			vm_requests(h);
		}
		v = h->cur;
		if (v && runnable(h, v) && !h->resched)
			return resume(v);
		/* A stopped vCPU leaves the hart: its state is then in memory for hart_start. */
		if (v && !sbi_hart_started(&v->vm->sbi, v->id))
			put_current(h);
		v = pick(h);
		if (v) {
			struct vcpu *prev = h->cur;
			if (v != prev && !switch_to(h, v))
				continue;
			/* A vCPU preempted here may go on at once on a hart that has nothing to do.
			 */
			if (prev && prev != v && runnable(h, prev))
				hart_wake_idle();
			new_slice(h);
			return resume(v);
		}
		if (!any_vm_running(&status)) {
			printk("all VMs ended; exit status %u\n", status);
			harts_print_stats();
			machine_exit(status);
		}
		idle_wait(h);
	}
}

bool sched_goes_on(const struct hart *h, const struct vcpu *v)
{
	return !__atomic_load_n(&v->requests, __ATOMIC_ACQUIRE) && !vm_requests_waiting &&
	       !h->resched && runnable(h, v);
}

struct trap_frame *sched_resume(struct hart *h)
{
	struct vcpu *v = h->cur;

	if (v && sched_goes_on(h, v))
		return &v->tf;
	return resume_slow(h);
}
