/* SBI RFENCE: remote fence.i and sfence.vma on the named harts. */
#include "sbi/sbi.h"

enum {
	RFENCE_FENCE_I,
	RFENCE_SFENCE_VMA,
	RFENCE_SFENCE_VMA_ASID,
	/* The hypervisor fences: guests are not offered the H extension. */
};

static struct sbiret rfence_call(struct sbi_call *c)
{
	uint64_t harts;

	if (c->fid > RFENCE_SFENCE_VMA_ASID)
		return (struct sbiret){SBI_ERR_NOT_SUPPORTED, 0};
	if (!sbi_hart_mask(c, c->a[0], c->a[1], &harts))
		return (struct sbiret){SBI_ERR_INVALID_PARAM, 0};
	if (c->fid == RFENCE_FENCE_I)
		c->effect = (struct sbi_effect){.kind = SBI_EFFECT_FENCE_I, .harts = harts};
	else
		c->effect =
		    (struct sbi_effect){.kind = SBI_EFFECT_SFENCE_VMA,
		                        .sfence = {.harts = harts,
		                                   .start = c->a[2],
		                                   .size = c->a[3],
		                                   .asid = c->a[4],
		                                   .all_asid = c->fid == RFENCE_SFENCE_VMA}};
	return (struct sbiret){SBI_SUCCESS, 0};
}

const struct sbi_ext sbi_ext_rfence = {
    .name = "rfence", .eid_first = SBI_EXT_RFENCE, .eid_last = SBI_EXT_RFENCE, .call = rfence_call};
