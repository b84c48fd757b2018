/* SBI TIME: one deadline per vCPU, delivered as a supervisor timer interrupt. */
#include "sbi/sbi.h"

enum { TIME_SET_TIMER };

static struct sbiret time_call(struct sbi_call *c)
{
	if (c->fid != TIME_SET_TIMER)
		return (struct sbiret){SBI_ERR_NOT_SUPPORTED, 0};
	c->effect = (struct sbi_effect){.kind = SBI_EFFECT_TIMER, .deadline = c->a[0]};
	return (struct sbiret){SBI_SUCCESS, 0};
}

const struct sbi_ext sbi_ext_time = {
    .name = "time", .eid_first = SBI_EXT_TIME, .eid_last = SBI_EXT_TIME, .call = time_call};
