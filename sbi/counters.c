/*
 * The counters extension (include/sbi/counters.h): a VM reads its own exit counters, live or
 * from a snapshot. A snapshot takes every counter at one instant, so the reads that follow it
 * (each one an exit of its own) do not change what a measurement sees.
 */
#include "sbi/counters.h"

#include "core/vm.h"
#include "sbi/sbi.h"

/* Per VM rather than in struct vm: the extension's state stays in its file. */
static uint64_t snapshot[VM_MAX][SV_CTR_COUNT];

static uint64_t counter(const struct vm *vm, unsigned i)
{
	const struct vm_stats *s = &vm->stats;

	switch (i) {
	case SV_CTR_EXITS:
		return s->exits;
	case SV_CTR_ECALL:
		return stats_ecalls(s->exc);
	case SV_CTR_ILLEGAL:
		return s->exc[EXC_ILLEGAL_INSN];
	case SV_CTR_PAGE_FAULT:
		return stats_page_faults(s->exc);
	case SV_CTR_TIMER_IRQ:
		return s->irq[IRQ_M_TIMER];
	case SV_CTR_REFLECTED:
		return s->reflected;
	case SV_CTR_SATP_WRITES:
		return s->satp_writes;
	case SV_CTR_SFENCE:
		return s->sfence_vma[0] + s->sfence_vma[1] + s->sfence_vma[2] + s->sfence_vma[3];
	case SV_CTR_WFI:
		return s->wfi;
	case SV_CTR_HV_INSNS:
		return stats_hv_insns(s);
	case SV_CTR_HV_INSNS_ECALL:
		return stats_ecalls(s->hv_insns_exc);
	case SV_CTR_HV_INSNS_ILLEGAL:
		return s->hv_insns_exc[EXC_ILLEGAL_INSN];
	case SV_CTR_HV_INSNS_PAGE_FAULT:
		return stats_page_faults(s->hv_insns_exc);
	case SV_CTR_HV_INSNS_TIMER_IRQ:
		return s->hv_insns_irq[IRQ_M_TIMER];
	default:
		return vm->mmu->mode_counter ? vm->mmu->mode_counter(vm, i) : 0;
	}
}

static struct sbiret counters_call(struct vcpu *v, uint64_t eid, uint64_t fid, const uint64_t *a)
{
	struct vm *vm = v->vm;

	(void)eid;
	switch (fid) {
	case SV_FID_NUM_COUNTERS:
		return (struct sbiret){SBI_SUCCESS, SV_CTR_COUNT};
	case SV_FID_READ:
		if (a[0] >= SV_CTR_COUNT)
			return (struct sbiret){SBI_ERR_INVALID_PARAM, 0};
		return (struct sbiret){SBI_SUCCESS, (long)counter(vm, (unsigned)a[0])};
	case SV_FID_SNAPSHOT:
		for (unsigned i = 0; i < SV_CTR_COUNT; i++)
			snapshot[vm->id][i] = counter(vm, i);
		return (struct sbiret){SBI_SUCCESS, 0};
	case SV_FID_READ_SNAPSHOT:
		if (a[0] >= SV_CTR_COUNT)
			return (struct sbiret){SBI_ERR_INVALID_PARAM, 0};
		return (struct sbiret){SBI_SUCCESS, (long)snapshot[vm->id][a[0]]};
	default:
		return (struct sbiret){SBI_ERR_NOT_SUPPORTED, 0};
	}
}

const struct sbi_ext sbi_ext_counters = {"counters", SBI_EXT_SV_COUNTERS, SBI_EXT_SV_COUNTERS,
                                         counters_call, false};
