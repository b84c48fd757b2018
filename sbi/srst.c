/* SBI SRST: a guest's shutdown or reboot ends its VM, and says how. */
#include "core/vm.h"
#include "sbi/sbi.h"
#include "sbi/sbi_common.h"

#define RESET_SHUTDOWN    0
#define RESET_COLD_REBOOT 1
#define RESET_WARM_REBOOT 2
#define REASON_NONE       0
#define REASON_FAILURE    1
#define REASON_SBI_IMPL   0xE0000000ull

long sbi_system_reset(struct vcpu *v, uint64_t type, uint64_t reason)
{
	if (type > RESET_WARM_REBOOT && type < 0xF0000000ull)
		return SBI_ERR_INVALID_PARAM;
	if (reason > REASON_FAILURE && reason < REASON_SBI_IMPL)
		return SBI_ERR_INVALID_PARAM;
	if (type > 0xffffffffull || reason > 0xffffffffull)
		return SBI_ERR_INVALID_PARAM;
	if (type >= 0xF0000000ull)
		return SBI_ERR_NOT_SUPPORTED;
	if (type == RESET_SHUTDOWN && reason == REASON_NONE)
		vm_stop(v->vm, VM_END_SHUTDOWN, "guest shut down");
	else if (type == RESET_SHUTDOWN)
		vm_stop(v->vm, VM_END_FAILURE, "guest shut down reporting a system failure");
	else
		vm_stop(v->vm, VM_END_RESET, "guest asked for a reboot");
	return SBI_SUCCESS;
}

static struct sbiret srst_call(struct vcpu *v, uint64_t eid, uint64_t fid, const uint64_t *a)
{
	(void)eid;
	if (fid != 0)
		return (struct sbiret){SBI_ERR_NOT_SUPPORTED, 0};
	return (struct sbiret){sbi_system_reset(v, a[0], a[1]), 0};
}

const struct sbi_ext sbi_ext_srst = {"srst", SBI_EXT_SRST, SBI_EXT_SRST, srst_call, false};
