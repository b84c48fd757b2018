/* The user-mode backdoor into the counters extension: see include/core/backdoor.h. */
#include "core/backdoor.h"

#include "core/sbi_exec.h"
#include "core/vcpu.h"
#include "sbi/sbi.h"

bool vendor_backdoor(struct vcpu *v, uint32_t insn)
{
	if (insn != SV_BACKDOOR_INSN)
		return false;
	/* Only the counters: U-mode must not reach SRST, HSM or the console through this door. */
	if (v->tf.x[17] == SBI_EXT_SV_COUNTERS) {
		sbi_exec(v);
		return true;
	}
	v->tf.x[10] = (uint64_t)SBI_ERR_NOT_SUPPORTED;
	v->tf.x[11] = 0;
	v->tf.pc += 4;
	return true;
}
