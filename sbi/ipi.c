/* SBI IPI: a supervisor software interrupt on each named vCPU. */
#include <stddef.h>

#include "arch/csr.h"
#include "core/vm.h"
#include "sbi/sbi.h"
#include "sbi/sbi_common.h"

/* The signature is sbi_for_each_hart's callback type, which other users need writable. */
// cppcheck-suppress constParameter
void sbi_ipi_raise(struct vcpu *target, void *unused)
{
	(void)unused;
	vcpu_set_irq(target, IRQ_S_SOFT, true);
}

static struct sbiret ipi_call(struct vcpu *v, uint64_t eid, uint64_t fid, const uint64_t *a)
{
	(void)eid;
	if (fid != 0)
		return (struct sbiret){SBI_ERR_NOT_SUPPORTED, 0};
	return (struct sbiret){sbi_for_each_hart(v, a[0], a[1], sbi_ipi_raise, NULL), 0};
}

const struct sbi_ext sbi_ext_ipi = {"ipi", SBI_EXT_IPI, SBI_EXT_IPI, ipi_call, false};
