/* SBI HSM over the VM's vCPUs. */
#include "core/vm.h"
#include "sbi/sbi.h"

#define HSM_STARTED 0
#define HSM_STOPPED 1

#define SUSPEND_RETENTIVE_DEFAULT     0x00000000ull
#define SUSPEND_NONRETENTIVE_DEFAULT  0x80000000ull
#define SUSPEND_PLATFORM_RETENTIVE    0x10000000ull
#define SUSPEND_PLATFORM_NONRETENTIVE 0x90000000ull

static struct sbiret hart_start(struct vcpu *v, uint64_t hartid)
{
	struct vcpu *t = vm_vcpu_by_hartid(v->vm, hartid);

	if (!t)
		return (struct sbiret){SBI_ERR_INVALID_PARAM, 0};
	/* A stopped vCPU of a running VM cannot exist while VMs have one vCPU. */
	return (struct sbiret){SBI_ERR_ALREADY_AVAILABLE, 0};
}

static struct sbiret hart_stop(struct vcpu *v)
{
	v->state = VCPU_STOPPED;
	for (unsigned i = 0; i < v->vm->nvcpu; i++)
		if (v->vm->vcpu[i].state == VCPU_STARTED)
			return (struct sbiret){SBI_SUCCESS, 0};
	vm_stop(v->vm, VM_END_FAILURE, "every vCPU stopped itself (SBI HSM hart_stop)");
	return (struct sbiret){SBI_SUCCESS, 0};
}

static struct sbiret hart_suspend(struct vcpu *v, uint64_t type)
{
	if (type == SUSPEND_RETENTIVE_DEFAULT) {
		/* Retentive suspend is wfi with a return value. */
		vcpu_idle(v);
		return (struct sbiret){SBI_SUCCESS, 0};
	}
	if (type == SUSPEND_NONRETENTIVE_DEFAULT ||
	    (type >= SUSPEND_PLATFORM_RETENTIVE && type < SUSPEND_NONRETENTIVE_DEFAULT) ||
	    (type >= SUSPEND_PLATFORM_NONRETENTIVE && type <= 0xffffffffull))
		return (struct sbiret){SBI_ERR_NOT_SUPPORTED, 0};
	return (struct sbiret){SBI_ERR_INVALID_PARAM, 0};
}

static struct sbiret hsm_call(struct vcpu *v, uint64_t eid, uint64_t fid, const uint64_t *a)
{
	(void)eid;
	switch (fid) {
	case 0:
		return hart_start(v, a[0]);
	case 1:
		return hart_stop(v);
	case 2: {
		struct vcpu *t = vm_vcpu_by_hartid(v->vm, a[0]);
		if (!t)
			return (struct sbiret){SBI_ERR_INVALID_PARAM, 0};
		return (struct sbiret){SBI_SUCCESS,
		                       t->state == VCPU_STARTED ? HSM_STARTED : HSM_STOPPED};
	}
	case 3:
		return hart_suspend(v, a[0]);
	default:
		return (struct sbiret){SBI_ERR_NOT_SUPPORTED, 0};
	}
}

const struct sbi_ext sbi_ext_hsm = {"hsm", SBI_EXT_HSM, SBI_EXT_HSM, hsm_call, false};
