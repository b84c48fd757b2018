/*
 * A vCPU's SBI calls. sbi/ checks a call and answers it; its effect on the VM (timers,
 * interrupts, fences, harts, resets, console output) is carried out here, where the VM's
 * vCPUs, timers and console are. The counters extension gets the VM's counters with the call,
 * and console reads the UART's latest input.
 */
#include "core/sbi_exec.h"

#include "core/counters.h"
#include "core/hart.h"
#include "core/hv_lock.h"
#include "core/vconsole.h"
#include "core/vm.h"
#include "core/vtimer.h"
#include "sbi/sbi.h"

/* A range longer than this is cheaper to flush whole. */
#define RFENCE_MAX_PAGES 64

/*
 * A remote fence for vCPU t, one of the harts an effect names. The caller's own is the mode's
 * fence on this hart. Another's is the mode's remote fence and, if the mode says its hart must
 * flush and it is loaded in one, a shootdown: done before the call returns, as OpenSBI's are.
 * One on no hart flushes when it is loaded next (mmu_cpu_ops.load).
 */
static void sfence(struct vcpu *caller, struct vcpu *t, const struct sbi_effect *e)
{
	const struct mmu_mem_ops *mem = &t->mode->mem;
	uint64_t start = e->sfence.start, size = e->sfence.size;
	bool all =
	    (start == 0 && size == 0) || size == UINT64_MAX || size / 4096 > RFENCE_MAX_PAGES;

	if (t != caller) {
		bool flush = false;
		if (all)
			flush = mem->sfence_remote(t->mmu, 0, true);
		for (uint64_t off = 0; !all && off < size; off += 4096)
			flush |= mem->sfence_remote(t->mmu, start + off, false);
		if (flush && t->on_hart)
			hv_shootdown(t);
		return;
	}
	if (all) {
		mem->sfence_vma(t->mmu, 0, true, e->sfence.asid, e->sfence.all_asid);
		return;
	}
	for (uint64_t off = 0; off < size; off += 4096)
		mem->sfence_vma(t->mmu, start + off, false, e->sfence.asid, e->sfence.all_asid);
}

static bool any_started(const struct vm *vm)
{
	for (unsigned i = 0; i < vm->nvcpu; i++)
		if (sbi_hart_started(&vm->sbi, i))
			return true;
	return false;
}

static void timer(struct vcpu *v, const struct sbi_effect *e)
{
	vtimer_set(v, e->deadline);
}

static void ipi(struct vcpu *v, const struct sbi_effect *e)
{
	for (unsigned i = 0; i < v->vm->nvcpu; i++)
		if ((e->harts >> i) & 1)
			vcpu_set_irq(&v->vm->vcpu[i], IRQ_S_SOFT, true);
}

static void clear_ipi(struct vcpu *v, const struct sbi_effect *e)
{
	(void)e;
	vcpu_set_irq(v, IRQ_S_SOFT, false);
}

/* Another vCPU's fence.i comes with a shootdown (hv_lock.h), which is more than it needs but
 * rare; one on no hart gets its fence.i when it is loaded next (core/sched.c). */
static void fence_i(struct vcpu *v, const struct sbi_effect *e)
{
	for (unsigned i = 0; i < v->vm->nvcpu; i++) {
		struct vcpu *t = &v->vm->vcpu[i];
		if (!((e->harts >> i) & 1))
			continue;
		if (t == v)
			__asm__ volatile("fence.i" ::: "memory");
		else if (t->on_hart)
			hv_shootdown(t);
	}
}

static void sfence_vma(struct vcpu *v, const struct sbi_effect *e)
{
	for (unsigned i = 0; i < v->vm->nvcpu; i++)
		if ((e->sfence.harts >> i) & 1)
			sfence(v, &v->vm->vcpu[i], e);
}

static void hsm_start(struct vcpu *v, const struct sbi_effect *e)
{
	struct vcpu *t = &v->vm->vcpu[e->start.hart];

	vcpu_start_at(t, e->start.addr, e->start.opaque);
	t->idle = false;
	hart_wake_idle();
}

static void hsm_stop(struct vcpu *v, const struct sbi_effect *e)
{
	(void)e;
	vcpu_request(v, VCPU_REQ_YIELD);
	if (!any_started(v->vm))
		vm_request_stop(v->vm, VM_END_FAILURE,
		                "every vCPU stopped itself (SBI HSM hart_stop)");
}

static void suspend(struct vcpu *v, const struct sbi_effect *e)
{
	if (e->suspend.restart) {
		v->restart_addr = e->suspend.addr;
		v->restart_opaque = e->suspend.opaque;
		vcpu_request(v, VCPU_REQ_RESTART);
	}
	vcpu_idle(v);
	if (!v->idle) /* an interrupt is pending already */
		sbi_hart_resume(&v->vm->sbi, v->id);
}

static void reset(struct vcpu *v, const struct sbi_effect *e)
{
	static const char *const why[] = {
	    [SBI_RESET_SHUTDOWN] = "guest shut down",
	    [SBI_RESET_FAILURE] = "guest shut down reporting a system failure",
	    [SBI_RESET_REBOOT] = "guest asked for a reboot",
	};
	static const enum vm_end end[] = {
	    [SBI_RESET_SHUTDOWN] = VM_END_SHUTDOWN,
	    [SBI_RESET_FAILURE] = VM_END_FAILURE,
	    [SBI_RESET_REBOOT] = VM_END_RESET,
	};

	vm_request_stop(v->vm, end[e->reset], why[e->reset]);
}

static void console_out(struct vcpu *v, const struct sbi_effect *e)
{
	for (uint64_t i = 0; i < e->out.len; i++)
		vconsole_putc(v->vm, e->out.buf[i]);
}

/* One small function per effect: each call pays only for its own. */
static void (*const effects[])(struct vcpu *v, const struct sbi_effect *e) = {
    [SBI_EFFECT_TIMER] = timer,           [SBI_EFFECT_IPI] = ipi,
    [SBI_EFFECT_CLEAR_IPI] = clear_ipi,   [SBI_EFFECT_FENCE_I] = fence_i,
    [SBI_EFFECT_SFENCE_VMA] = sfence_vma, [SBI_EFFECT_HART_START] = hsm_start,
    [SBI_EFFECT_HART_STOP] = hsm_stop,    [SBI_EFFECT_SUSPEND] = suspend,
    [SBI_EFFECT_RESET] = reset,           [SBI_EFFECT_CONSOLE_WRITE] = console_out,
};

struct exit_outcome sbi_exec(struct vcpu *v)
{
	uint64_t *x = v->tf.x, counters[SV_CTR_COUNT];
	struct sbi_call c;

	/* Field by field: only the effect's kind needs a value (sbi_dispatch sets it). */
	c.eid = x[17];
	c.fid = x[16];
	c.a = &x[10];
	c.hart = v->id;
	c.vm = &v->vm->sbi;
	c.pm = &v->vm->pmap;
	c.console_in = &v->vm->console.in;
	c.counters = counters;
	/* Only these two read the live counters; a workload's reads come from its snapshot. */
	if (c.eid == SBI_EXT_SV_COUNTERS && (c.fid == SV_FID_READ || c.fid == SV_FID_SNAPSHOT))
		vm_counters(v->vm, counters);
	else if (sbi_reads_console(c.eid, c.fid))
		vconsole_poll();
	struct sbiret ret = sbi_dispatch(&c);
	x[10] = (uint64_t)ret.error;
	if (!c.legacy)
		x[11] = (uint64_t)ret.value;
	v->tf.pc += 4;
	if (c.effect.kind != SBI_EFFECT_NONE)
		effects[c.effect.kind](v, &c.effect);
	return exit_resume();
}
