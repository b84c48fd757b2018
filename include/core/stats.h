/* Per-VM exit counters, printed as one machine-readable line when the VM ends. */
#ifndef CORE_STATS_H
#define CORE_STATS_H

#include <stddef.h>
#include <stdint.h>

#include "arch/csr.h"

struct vm_stats {
	uint64_t exits;
	uint64_t exc[EXC_COUNT];
	uint64_t irq[16];
	uint64_t sbi_calls;
	uint64_t reflected; /* exceptions handed to the guest */
	uint64_t wfi;
	/* Hypervisor instructions (minstret) per exit cause, from trap_guest to the resume. */
	uint64_t hv_insns_exc[EXC_COUNT];
	uint64_t hv_insns_irq[16];
	uint64_t hv_insns_wfi; /* wfi exits apart: their count includes the idle wait */
};

/* Where an exit started, for its instruction count: trap_guest brackets every exit with these. */
struct exit_mark {
	uint64_t insns;
	uint64_t wfi;
};
/*
 * minstret is exact under QEMU -icount and host ticks without it. The register save and restore
 * in core/trap_entry.S (a few dozen instructions per exit) falls outside the count. Inline: every
 * exit pays for them.
 */
static inline struct exit_mark stats_exit_begin(const struct vm_stats *s)
{
	return (struct exit_mark){csr_read(minstret), s->wfi};
}

static inline void stats_exit_end(struct vm_stats *s, uint64_t mcause, struct exit_mark m)
{
	uint64_t n = csr_read(minstret) - m.insns;

	/* Only an exception can be a wfi, and only its own VM lock hold keeps s->wfi still. */
	if (mcause & MCAUSE_IRQ)
		s->hv_insns_irq[(mcause & ~MCAUSE_IRQ) % 16] += n;
	else if (s->wfi != m.wfi)
		s->hv_insns_wfi += n;
	else
		s->hv_insns_exc[mcause % EXC_COUNT] += n;
}
/* SBI calls: ecalls from S-mode (shadow) or VS-mode (nested), from a per-cause array. */
uint64_t stats_ecalls(const uint64_t per_exc[EXC_COUNT]);
/* The page-fault entries (fetch, load, store) of a per-cause array: exits or instructions. */
uint64_t stats_page_faults(const uint64_t per_exc[EXC_COUNT]);
/* Hypervisor instructions over every exit but wfi. */
uint64_t stats_hv_insns(const struct vm_stats *s);
/* The counters as " key=value" pairs, for the VM's stats line. */
void stats_format(const struct vm_stats *s, char *buf, size_t len);

#endif
