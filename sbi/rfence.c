/* SBI RFENCE: remote fence.i and sfence.vma, applied to the named vCPUs' shadows and TLB. */
#include "core/vm.h"
#include "sbi/sbi.h"

/* A range longer than this is cheaper to flush whole. */
#define RFENCE_MAX_PAGES 64

struct fence_req {
	uint64_t start, size, asid;
	bool all_asid;
};

static void fence_i(struct vcpu *target, void *ctx)
{
	(void)target;
	(void)ctx;
	__asm__ volatile("fence.i" ::: "memory");
}

static void fence_vma(struct vcpu *target, void *ctx)
{
	const struct fence_req *r = ctx;
	const struct mmu_ops *mmu = target->vm->mmu;

	if ((r->start == 0 && r->size == 0) || r->size == UINT64_MAX ||
	    r->size / 4096 > RFENCE_MAX_PAGES) {
		mmu->sfence_vma(target, 0, true, r->asid, r->all_asid);
		return;
	}
	for (uint64_t off = 0; off < r->size; off += 4096)
		mmu->sfence_vma(target, r->start + off, false, r->asid, r->all_asid);
}

static struct sbiret rfence_call(struct vcpu *v, uint64_t eid, uint64_t fid, const uint64_t *a)
{
	struct fence_req req = {a[2], a[3], a[4], fid != 2};

	(void)eid;
	switch (fid) {
	case 0:
		return (struct sbiret){sbi_for_each_hart(v, a[0], a[1], fence_i, NULL), 0};
	case 1:
	case 2:
		return (struct sbiret){sbi_for_each_hart(v, a[0], a[1], fence_vma, &req), 0};
	default:
		/* The hfence variants: guests are not offered the H extension. */
		return (struct sbiret){SBI_ERR_NOT_SUPPORTED, 0};
	}
}

const struct sbi_ext sbi_ext_rfence = {"rfence", SBI_EXT_RFENCE, SBI_EXT_RFENCE, rfence_call,
                                       false};
