/* One line per VM, key=value, so scripts can read the counters without parsing prose. */
#include "core/stats.h"

#include "core/vm.h"
#include "lib/printk.h"

void stats_print(const struct vm *vm)
{
	const struct vm_stats *s = &vm->stats;

	char mode_stats[256];

	vm->mmu->format_stats(vm, mode_stats, sizeof(mode_stats));
	printk("stats vm=%s mode=%s exits=%lu ecall=%lu illegal=%lu ifault=%lu lfault=%lu "
	       "sfault=%lu timer_irq=%lu sbi=%lu reflected=%lu satp_writes=%lu sfence_all=%lu "
	       "sfence_va=%lu sfence_asid=%lu sfence_va_asid=%lu "
	       "wfi=%lu pt_pages=%lu%s\n",
	       vm->cfg.name, vm->mmu->name, s->exits, s->exc[EXC_ECALL_S] + s->exc[EXC_ECALL_VS],
	       s->exc[EXC_ILLEGAL_INSN], s->exc[EXC_INSN_PAGE_FAULT], s->exc[EXC_LOAD_PAGE_FAULT],
	       s->exc[EXC_STORE_PAGE_FAULT], s->irq[IRQ_M_TIMER], s->sbi_calls, s->reflected,
	       s->satp_writes, s->sfence_vma[0], s->sfence_vma[1], s->sfence_vma[2],
	       s->sfence_vma[3], s->wfi, pt_pool_used(&vm->pool), mode_stats);
}
