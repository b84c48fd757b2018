/* One line per VM, key=value, so scripts can read the counters without parsing prose. */
#include "core/stats.h"

#include "lib/printk.h"
#include "lib/util.h"

uint64_t stats_ecalls(const uint64_t per_exc[EXC_COUNT])
{
	return per_exc[EXC_ECALL_S] + per_exc[EXC_ECALL_VS];
}

uint64_t stats_page_faults(const uint64_t per_exc[EXC_COUNT])
{
	/* Shadow page faults or, in nested mode, guest-page faults: the MMU mode's own exits. */
	return per_exc[EXC_INSN_PAGE_FAULT] + per_exc[EXC_LOAD_PAGE_FAULT] +
	       per_exc[EXC_STORE_PAGE_FAULT] + per_exc[EXC_INSN_GUEST_PAGE_FAULT] +
	       per_exc[EXC_LOAD_GUEST_PAGE_FAULT] + per_exc[EXC_STORE_GUEST_PAGE_FAULT];
}

uint64_t stats_hv_insns(const struct vm_stats *s)
{
	uint64_t n = 0;

	for (unsigned i = 0; i < EXC_COUNT; i++)
		n += s->hv_insns_exc[i];
	for (unsigned i = 0; i < ARRAY_SIZE(s->hv_insns_irq); i++)
		n += s->hv_insns_irq[i];
	return n;
}

void stats_format(const struct vm_stats *s, char *buf, size_t len)
{
	snprintf_sv(buf, len,
	            " exits=%lu ecall=%lu illegal=%lu ifault=%lu lfault=%lu sfault=%lu "
	            "timer_irq=%lu sbi=%lu reflected=%lu wfi=%lu hv_insns=%lu hv_insns_ecall=%lu "
	            "hv_insns_illegal=%lu hv_insns_pf=%lu hv_insns_timer=%lu",
	            s->exits, stats_ecalls(s->exc), s->exc[EXC_ILLEGAL_INSN],
	            s->exc[EXC_INSN_PAGE_FAULT], s->exc[EXC_LOAD_PAGE_FAULT],
	            s->exc[EXC_STORE_PAGE_FAULT], s->irq[IRQ_M_TIMER], s->sbi_calls, s->reflected,
	            s->wfi, stats_hv_insns(s), stats_ecalls(s->hv_insns_exc),
	            s->hv_insns_exc[EXC_ILLEGAL_INSN], stats_page_faults(s->hv_insns_exc),
	            s->hv_insns_irq[IRQ_M_TIMER]);
}
