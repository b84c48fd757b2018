/*
 * Scheduling: the vCPUs of every VM share a hart in round-robin time slices. A vCPU that waits
 * in wfi gives up the rest of its slice and is skipped until an interrupt is pending for it; a
 * guest that floods SBI calls ends its slices early; one that runs for long with an interrupt
 * pending and interrupts off is stopped as not answering. When no VM is left the machine exits
 * with the worst way any VM ended.
 */
#include "core/sched.h"

#include "arch/csr.h"
#include "arch/fpregs.h"
#include "core/hart.h"
#include "core/vconsole.h"
#include "core/vm.h"
#include "core/vtimer.h"
#include "core/watchdog.h"
#include "dev/poweroff.h"
#include "dev/timer.h"
#include "lib/printk.h"
#include "mm/pmp.h"

#define SLICE_MS        10
#define SBI_FLOOD       256 /* non-console SBI calls in one slice; Linux makes a few */
#define NOT_ANSWERING_S 10
#define IDLE_POLL_MS    50 /* how often an idle hart looks at console input */

static bool runnable(const struct vcpu *v)
{
	return v->state == VCPU_STARTED && !v->idle && v->vm->state == VM_RUNNING;
}

/* The next runnable vCPU after `after` in round-robin order (after itself last), or NULL. */
static struct vcpu *pick(const struct vcpu *after)
{
	bool past = after == NULL;

	/* Two passes: the first may only take vCPUs that come after `after`. */
	for (unsigned pass = 0; pass < 2; pass++)
		for (unsigned i = 0; i < VM_MAX; i++)
			for (unsigned j = 0; j < vms[i].nvcpu; j++) {
				struct vcpu *v = &vms[i].vcpu[j];
				if (past && runnable(v))
					return v;
				past |= v == after;
			}
	return NULL;
}

static bool any_vm_running(void)
{
	for (unsigned i = 0; i < VM_MAX; i++)
		if (vms[i].state == VM_RUNNING)
			return true;
	return false;
}

__attribute__((noreturn)) static void machine_done(void)
{
	unsigned status = 0;

	for (unsigned i = 0; i < VM_MAX; i++)
		if (vms[i].state == VM_STOPPED && (unsigned)vms[i].end > status)
			status = vms[i].end;
	printk("all VMs ended; exit status %u\n", status);
	machine_exit(status);
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
void sched_put_current(struct hart *h)
{
	struct vcpu *prev = h->cur;

	if (!prev)
		return;
	prev->vm->mmu->vcpu_put(prev);
	fp_switch(prev->csrs.fp, NULL);
	prev->on_hart = false;
	h->cur = NULL;
}

static void switch_to(struct hart *h, struct vcpu *v)
{
	sched_put_current(h);
	h->cur = v;
	v->on_hart = true;
	v->tf.hv_sp = h->stack_top;
	v->tf.hv_hart = (uint64_t)(uintptr_t)h;
	pmp_enter_vm(v->vm);
	csr_write(mstatus, v->vm->mmu->mstatus_enter(v));
	fp_switch(NULL, v->csrs.fp);
	v->vm->mmu->vcpu_load(v);
}

/* The hart's timer: the end of the slice or the earliest guest deadline, whichever is first. */
static void arm_timer(struct hart *h)
{
	uint64_t next = vtimer_next_deadline();

	timer_program(h->id, h->slice_end < next ? h->slice_end : next);
}

/* A vCPU that keeps an enabled interrupt waiting with interrupts off has stopped answering. */
void sched_watch(struct vcpu *v, uint64_t now)
{
	if (!runnable(v) || !watchdog_look(&v->watch, v->vm->mmu->irq_view(v), now,
	                                   (uint64_t)NOT_ANSWERING_S * timer_hz()))
		return;
	char why[96];
	snprintf_sv(why, sizeof(why),
	            "not answering: an interrupt has waited %u s while it runs with interrupts off",
	            NOT_ANSWERING_S);
	vm_stop(v->vm, VM_END_FAILURE, why);
}

void sched_timer_set(struct hart *h)
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

static void new_slice(struct hart *h)
{
	h->slice_end = timer_now() + (uint64_t)timer_hz() * SLICE_MS / 1000;
	h->slice_sbi = 0;
	h->resched = false;
	arm_timer(h);
}

struct trap_frame *sched_resume(struct hart *h)
{
	vm_restart_pending();
	for (;;) {
		struct vcpu *v = h->cur;

		if (v && runnable(v) && !h->resched)
			return &v->tf;
		v = pick(h->cur);
		if (v) {
			if (v != h->cur)
				switch_to(h, v);
			new_slice(h);
			return &v->tf;
		}
		if (!any_vm_running())
			machine_done();
		/*
		 * Every vCPU waits: so does the hart, until the timer (or an interrupt of the
		 * loaded vCPU) is pending. With mstatus.MIE clear, wfi wakes without trapping.
		 */
		h->slice_end = timer_now() + (uint64_t)timer_hz() * IDLE_POLL_MS / 1000;
		arm_timer(h);
		__asm__ volatile("wfi");
		sched_tick(h);
		if (h->cur && h->cur->vm->mmu->irq_view(h->cur).waiting)
			h->cur->idle = false;
	}
}
