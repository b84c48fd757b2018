/* The counters extension's values: the VM's exit counters and its MMU mode's. */
#include "core/counters.h"

#include "core/vm.h"
#include "lib/util.h"

void vm_counters(const struct vm *vm, uint64_t out[SV_CTR_COUNT])
{
	const struct vm_stats *s = &vm->stats;
	struct mmu_counters m;

	vm->mode->stats.counters(vm->mmu, &m);
	out[SV_CTR_EXITS] = s->exits;
	out[SV_CTR_ECALL] = stats_ecalls(s->exc);
	out[SV_CTR_ILLEGAL] = s->exc[EXC_ILLEGAL_INSN];
	out[SV_CTR_PAGE_FAULT] = stats_page_faults(s->exc);
	out[SV_CTR_TIMER_IRQ] = s->irq[IRQ_M_TIMER];
	out[SV_CTR_REFLECTED] = s->reflected;
	out[SV_CTR_SATP_WRITES] = m.satp_writes;
	out[SV_CTR_SFENCE] = m.sfence;
	out[SV_CTR_WFI] = s->wfi;
	out[SV_CTR_HV_INSNS] = stats_hv_insns(s);
	out[SV_CTR_HV_INSNS_ECALL] = stats_ecalls(s->hv_insns_exc);
	out[SV_CTR_HV_INSNS_ILLEGAL] = s->hv_insns_exc[EXC_ILLEGAL_INSN];
	out[SV_CTR_HV_INSNS_PAGE_FAULT] = stats_page_faults(s->hv_insns_exc);
	out[SV_CTR_HV_INSNS_TIMER_IRQ] = s->hv_insns_irq[IRQ_M_TIMER];
	out[SV_CTR_MODE_SHADOW_FAULTS] = m.shadow_faults;
	out[SV_CTR_MODE_GUEST_FAULTS] = m.guest_faults;
	out[SV_CTR_MODE_PT_WRITES] = m.pt_writes;
	out[SV_CTR_MODE_ZAP_ALL] = m.zap_all;
	out[SV_CTR_MODE_GSTAGE_FAULTS] = m.gstage_faults;
	out[SV_CTR_MEM_RESIDENT] = pmap_resident_bytes(&vm->pmap) >> PAGE_SHIFT;
	out[SV_CTR_MEM_HOST_FREE] = chunk_arena_free_bytes(vm->pmap.arena) >> PAGE_SHIFT;
}
