/* The user-mode backdoor into the counters extension: see include/core/backdoor.h. */
#include "core/backdoor.h"

#include "core/vcpu.h"
#include "sbi/counters.h"
#include "sbi/sbi.h"

bool vendor_backdoor(struct vcpu *v, uint32_t insn)
{
	uint64_t *x = v->tf.x;
	struct sbiret ret = {SBI_ERR_NOT_SUPPORTED, 0};

	if (insn != SV_BACKDOOR_INSN)
		return false;
	/* Only the counters: U-mode must not reach SRST, HSM or the console through this door. */
	if (x[17] == SBI_EXT_SV_COUNTERS)
		ret = sbi_ext_counters.call(v, x[17], x[16], &x[10]);
	x[10] = (uint64_t)ret.error;
	x[11] = (uint64_t)ret.value;
	v->tf.pc += 4;
	return true;
}
