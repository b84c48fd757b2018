/* SBI IPI: a supervisor software interrupt on each named hart. */
#include "sbi/sbi.h"

enum { IPI_SEND_IPI };

static struct sbiret ipi_call(struct sbi_call *c)
{
	uint64_t harts;

	if (c->fid != IPI_SEND_IPI)
		return (struct sbiret){SBI_ERR_NOT_SUPPORTED, 0};
	if (!sbi_hart_mask(c, c->a[0], c->a[1], &harts))
		return (struct sbiret){SBI_ERR_INVALID_PARAM, 0};
	c->effect = (struct sbi_effect){.kind = SBI_EFFECT_IPI, .harts = harts};
	return (struct sbiret){SBI_SUCCESS, 0};
}

const struct sbi_ext sbi_ext_ipi = {
    .name = "ipi", .eid_first = SBI_EXT_IPI, .eid_last = SBI_EXT_IPI, .call = ipi_call};
