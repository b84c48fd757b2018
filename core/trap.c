/*
 * Exit dispatch. Exceptions the guest handles itself are delegated in hardware (see
 * boot/main.c); what reaches M-mode is either ours to emulate or reflected as the hardware would.
 */
#include "core/trap.h"

#include "arch/csr.h"
#include "boot/panic.h"
#include "core/hart.h"
#include "core/priv_emul.h"
#include "core/sched.h"
#include "core/vm.h"
#include "dev/timer.h"
#include "lib/util.h"
#include "sbi/sbi.h"

typedef void (*exc_handler)(struct vcpu *v, uint64_t cause, uint64_t tval);

static void exc_page_fault(struct vcpu *v, uint64_t cause, uint64_t tval)
{
	v->vm->mmu->page_fault(v, cause, tval);
}

static void exc_ecall(struct vcpu *v, uint64_t cause, uint64_t tval)
{
	(void)cause;
	(void)tval;
	if (!sbi_is_console(v->tf.x[17]))
		sched_count_sbi(hart_self());
	sbi_dispatch(v);
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

static const irq_handler irq_handlers[16] = {
    [IRQ_M_TIMER] = irq_timer,
};

struct trap_frame *trap_guest(struct trap_frame *tf)
{
	struct vcpu *v = container_of(tf, struct vcpu, tf);
	struct hart *h = hart_self();
	uint64_t cause = csr_read(mcause);
	struct vm_stats *st = &v->vm->stats;
	struct exit_mark mark = stats_exit_begin(st);

	st->exits++;
	if (cause & MCAUSE_IRQ) {
		uint64_t irq = cause & ~MCAUSE_IRQ;
		if (irq >= ARRAY_SIZE(irq_handlers) || !irq_handlers[irq])
			panic("unexpected interrupt %lu", irq);
		st->irq[irq]++;
		irq_handlers[irq](h);
	} else {
		uint64_t tval = csr_read(mtval);
		if (cause >= EXC_COUNT)
			panic("unknown exception cause %lu at 0x%lx", cause, tf->pc);
		st->exc[cause]++;
		/* Everything not emulated here is the guest's: access faults, misaligned, ... */
		if (exc_handlers[cause])
			exc_handlers[cause](v, cause, tval);
		else
			vcpu_reflect(v, cause, tval);
	}
	/* While an interrupt waits, every exit is a look that may end the wait. */
	if (v->watch.waiting)
		sched_watch(v, timer_now());
	stats_exit_end(st, cause, mark);
	return sched_resume(h);
}
