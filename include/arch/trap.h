/*
 * One guest exit: the CSRs that describe it, read once at entry and passed down, and what the
 * handler decided. Handlers below core (mmu, sbi) return an outcome instead of acting on the
 * VM; core/trap.c carries it out.
 */
#ifndef ARCH_TRAP_H
#define ARCH_TRAP_H

#include <stdbool.h>
#include <stdint.h>

#include "arch/csr.h"

struct trap {
	uint64_t cause;  /* mcause */
	uint64_t tval;   /* mtval: the faulting address, or the instruction (illegal, virtual) */
	uint64_t gpa;    /* guest-page faults: the guest-physical address (mtval2 << 2) */
	uint64_t status; /* mstatus as the guest left it: MPP, MPV, SIE, SUM, MXR, FS */
};

/* The privilege the guest trapped from: PRV_U or PRV_S (VU or VS when MPV). */
static inline unsigned trap_priv(const struct trap *t)
{
	return (unsigned)((t->status & MSTATUS_MPP) >> MSTATUS_MPP_SHIFT);
}

enum exit_action {
	EXIT_RESUME,  /* return to the guest (registers and pc as the handler left them) */
	EXIT_REFLECT, /* raise exception `cause` with `tval` in the guest, as hardware would */
	EXIT_STOP,    /* the VM cannot go on: stop it, saying `why` */
};

/* Sixteen bytes, so that it comes back in two registers on every exit. */
struct exit_outcome {
	uint32_t action; /* enum exit_action */
	uint32_t cause;
	union {
		uint64_t tval;
		const char *why;
	};
};

static inline struct exit_outcome exit_resume(void)
{
	return (struct exit_outcome){.action = EXIT_RESUME};
}

static inline struct exit_outcome exit_reflect(uint64_t cause, uint64_t tval)
{
	return (struct exit_outcome){
	    .action = EXIT_REFLECT, .cause = (uint32_t)cause, .tval = tval};
}

static inline struct exit_outcome exit_stop(const char *why)
{
	return (struct exit_outcome){.action = EXIT_STOP, .why = why};
}

#endif
