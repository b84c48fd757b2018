/*
 * The counters extension (include/sbi/counters.h): a VM reads its own exit counters, live or
 * from a snapshot. A snapshot takes every counter at one instant, so the reads that follow it
 * (each one an exit of its own) do not change what a measurement sees. The live values come
 * with the call.
 */
#include "sbi/counters.h"

#include "sbi/sbi.h"

static struct sbiret counters_call(struct sbi_call *c)
{
	switch (c->fid) {
	case SV_FID_NUM_COUNTERS:
		return (struct sbiret){SBI_SUCCESS, SV_CTR_COUNT};
	case SV_FID_READ:
		if (c->a[0] >= SV_CTR_COUNT)
			return (struct sbiret){SBI_ERR_INVALID_PARAM, 0};
		return (struct sbiret){SBI_SUCCESS, (long)c->counters[c->a[0]]};
	case SV_FID_SNAPSHOT:
		for (unsigned i = 0; i < SV_CTR_COUNT; i++)
			c->vm->snapshot[i] = c->counters[i];
		return (struct sbiret){SBI_SUCCESS, 0};
	case SV_FID_READ_SNAPSHOT:
		if (c->a[0] >= SV_CTR_COUNT)
			return (struct sbiret){SBI_ERR_INVALID_PARAM, 0};
		return (struct sbiret){SBI_SUCCESS, (long)c->vm->snapshot[c->a[0]]};
	default:
		return (struct sbiret){SBI_ERR_NOT_SUPPORTED, 0};
	}
}

const struct sbi_ext sbi_ext_counters = {.name = "counters",
                                         .eid_first = SBI_EXT_SV_COUNTERS,
                                         .eid_last = SBI_EXT_SV_COUNTERS,
                                         .call = counters_call};
