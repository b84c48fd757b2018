/* SBI SRST: a guest's shutdown or reboot ends its VM, and says how. */
#include "sbi/sbi.h"
#include "sbi/sbi_common.h"

enum { SRST_SYSTEM_RESET };

#define RESET_SHUTDOWN    0
#define RESET_COLD_REBOOT 1
#define RESET_WARM_REBOOT 2
#define RESET_VENDOR      0xF0000000ull
#define REASON_NONE       0
#define REASON_FAILURE    1
#define REASON_SBI_IMPL   0xE0000000ull

long sbi_system_reset(struct sbi_call *c, uint64_t type, uint64_t reason)
{
	if (type > RESET_WARM_REBOOT && type < RESET_VENDOR)
		return SBI_ERR_INVALID_PARAM;
	if (reason > REASON_FAILURE && reason < REASON_SBI_IMPL)
		return SBI_ERR_INVALID_PARAM;
	if (type > 0xffffffffull || reason > 0xffffffffull)
		return SBI_ERR_INVALID_PARAM;
	if (type >= RESET_VENDOR)
		return SBI_ERR_NOT_SUPPORTED;
	c->effect = (struct sbi_effect){
	    .kind = SBI_EFFECT_RESET,
	    .reset = type != RESET_SHUTDOWN  ? SBI_RESET_REBOOT
	             : reason == REASON_NONE ? SBI_RESET_SHUTDOWN
	                                     : SBI_RESET_FAILURE,
	};
	return SBI_SUCCESS;
}

static struct sbiret srst_call(struct sbi_call *c)
{
	if (c->fid != SRST_SYSTEM_RESET)
		return (struct sbiret){SBI_ERR_NOT_SUPPORTED, 0};
	return (struct sbiret){sbi_system_reset(c, c->a[0], c->a[1]), 0};
}

const struct sbi_ext sbi_ext_srst = {
    .name = "srst", .eid_first = SBI_EXT_SRST, .eid_last = SBI_EXT_SRST, .call = srst_call};
