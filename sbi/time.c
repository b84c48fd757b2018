/* SBI TIME: one deadline per vCPU, delivered as a supervisor timer interrupt. */
#include "core/vtimer.h"
#include "sbi/sbi.h"

static struct sbiret time_call(struct vcpu *v, uint64_t eid, uint64_t fid, const uint64_t *a)
{
	(void)eid;
	if (fid != 0)
		return (struct sbiret){SBI_ERR_NOT_SUPPORTED, 0};
	vtimer_set(v, a[0]);
	return (struct sbiret){SBI_SUCCESS, 0};
}

const struct sbi_ext sbi_ext_time = {"time", SBI_EXT_TIME, SBI_EXT_TIME, time_call, false};
