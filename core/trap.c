/*
 * Exit dispatch. Exceptions the guest handles itself are delegated in hardware (see
 * boot/main.c and each MMU mode's load); what reaches M-mode is captured once in a trap record,
 * handled by the table entry for its cause, and the outcome carried out here: the guest
 * resumes, gets the exception as hardware would have raised it, or its VM is asked to stop.
 */
#include "core/trap.h"

#include "arch/csr.h"
#include "core/hart.h"
#include "core/hv_lock.h"
#include "core/panic.h"
#include "core/priv_emul.h"
#include "core/sbi_exec.h"
#include "core/sched.h"
#include "core/vm.h"
#include "dev/ipi.h"
#include "dev/timer.h"
#include "lib/util.h"
#include "sbi/sbi.h"

typedef struct exit_outcome (*exc_handler)(struct vcpu *v, const struct trap *t);

static struct exit_outcome exc_page_fault(struct vcpu *v, const struct trap *t)
{
	return v->mode->mem.page_fault(v->mmu, &v->tf, t);
}

static struct exit_outcome exc_ecall(struct vcpu *v, const struct trap *t)
{
	(void)t;
	v->vm->stats.sbi_calls++;
	if (!sbi_is_console(v->tf.x[17]))
		sched_count_sbi(hart_self());
	return sbi_exec(v);
}

/* Page faults reach here in shadow mode, guest-page faults and VS ecalls in nested mode. */
static const exc_handler exc_handlers[EXC_COUNT] = {
    [EXC_ILLEGAL_INSN] = priv_emul_illegal,
    [EXC_ECALL_S] = exc_ecall,
    [EXC_ECALL_VS] = exc_ecall,
    [EXC_INSN_PAGE_FAULT] = exc_page_fault,
    [EXC_LOAD_PAGE_FAULT] = exc_page_fault,
    [EXC_STORE_PAGE_FAULT] = exc_page_fault,
    [EXC_INSN_GUEST_PAGE_FAULT] = exc_page_fault,
    [EXC_LOAD_GUEST_PAGE_FAULT] = exc_page_fault,
    [EXC_VIRTUAL_INSN] = priv_emul_virtual,
    [EXC_STORE_GUEST_PAGE_FAULT] = exc_page_fault,
};

typedef void (*irq_handler)(struct hart *h);

static void irq_timer(struct hart *h)
{
	sched_tick(h);
}

/* Another hart asked something of this one: the way back to the guest looks at requests. */
static void irq_kick(struct hart *h)
{
	ipi_clear(h->id);
}

static const irq_handler irq_handlers[16] = {
    [IRQ_M_SOFT] = irq_kick,
    [IRQ_M_TIMER] = irq_timer,
};

static struct trap capture(void)
{
	struct trap t = {
	    .cause = csr_read(mcause),
	    .tval = csr_read(mtval),
	    .status = csr_read(mstatus),
	};

	/* mtval2 exists with the H extension only, and only guest-page faults set it. */
	if (t.cause == EXC_INSN_GUEST_PAGE_FAULT || t.cause == EXC_LOAD_GUEST_PAGE_FAULT ||
	    t.cause == EXC_STORE_GUEST_PAGE_FAULT)
		t.gpa = csr_read(CSR_MTVAL2) << 2;
	return t;
}

/* Carries out the outcome but a stop, which needs the hypervisor lock: returns its reason. */
static const char *carry_out(struct vcpu *v, const struct trap *t, struct exit_outcome o)
{
	switch (o.action) {
	case EXIT_RESUME:
		break;
	case EXIT_REFLECT:
		v->vm->stats.reflected++;
		v->mode->cpu.reflect(v->mmu, &v->tf, t, o.cause, o.tval);
		break;
	case EXIT_STOP:
		return o.why;
	}
	return NULL;
}

/* An exit that needs nothing but its VM's lock (core/hv_lock.h): a page fault, or most
 * illegal instructions (in shadow mode: satp and sfence.vma). */
static bool vm_lock_only(const struct trap *t)
{
	if (t->cause == EXC_ILLEGAL_INSN)
		return priv_emul_vm_lock_only(t);
	return !(t->cause & MCAUSE_IRQ) && t->cause < EXC_COUNT &&
	       exc_handlers[t->cause] == exc_page_fault;
}

/* With the VM's lock: the exception's handler, the outcome and the exit's counters. */
static const char *handle_exception(struct vcpu *v, const struct trap *t)
{
	struct vm_stats *st = &v->vm->stats;
	struct exit_mark mark = stats_exit_begin(st);

	if (t->cause >= EXC_COUNT)
		panic("unknown exception cause %lu at 0x%lx", t->cause, v->tf.pc);
	st->exits++;
	st->exc[t->cause]++;
	/* Everything not emulated here is the guest's: access faults, misaligned, ... */
	struct exit_outcome o =
	    exc_handlers[t->cause] ? exc_handlers[t->cause](v, t) : exit_reflect(t->cause, t->tval);
	/* Whatever the handler made of it, a guest whose RAM could not be backed cannot go on. */
	if (v->vm->pmap.starved)
		o = exit_stop("out of memory: no free host memory to back its RAM");
	const char *stop = carry_out(v, t, o);
	stats_exit_end(st, t->cause, mark);
	return stop;
}

/* With the hypervisor lock: the interrupt's handler; its counters take the VM's lock. */
static void handle_interrupt(struct hart *h, struct vcpu *v, uint64_t cause)
{
	uint64_t irq = cause & ~MCAUSE_IRQ;
	struct vm_stats *st = &v->vm->stats;
	struct exit_mark mark = stats_exit_begin(st);

	if (irq >= ARRAY_SIZE(irq_handlers) || !irq_handlers[irq])
		panic("unexpected interrupt %lu", irq);
	irq_handlers[irq](h);
	vm_lock(v->vm);
	st->exits++;
	st->irq[irq]++;
	stats_exit_end(st, cause, mark);
	vm_unlock(v->vm);
}

struct trap_frame *trap_guest(struct trap_frame *tf)
{
	struct vcpu *v = container_of(tf, struct vcpu, tf);
	struct hart *h = hart_self();
	const struct trap t = capture();
	bool vm_only = vm_lock_only(&t);
	const char *stop = NULL;

	h->stats.exits++;
	if (!vm_only)
		hv_enter(h);
	if (t.cause & MCAUSE_IRQ) {
		handle_interrupt(h, v, t.cause);
	} else {
		vm_lock(v->vm);
		stop = handle_exception(v, &t);
		vm_unlock(v->vm);
	}
	if (vm_only) {
		if (!stop && !v->watch.waiting && sched_goes_on(h, v)) {
			h->stats.vm_lock_exits++;
			return tf;
		}
		hv_enter(h);
	}
	if (stop)
		vm_request_stop(v->vm, VM_END_FAILURE, stop);
	/* While an interrupt waits, every exit is a look that may end the wait. */
	if (v->watch.waiting)
		sched_watch(v, timer_now());
	struct trap_frame *next = sched_resume(h);
	hv_leave(h);
	return next;
}

void trap_first_entry(struct hart *h)
{
	struct trap_frame *first = sched_resume(h);

	hv_leave(h);
	guest_resume(first);
}
