/* SBI HSM: the VM's harts and their states. */
#include "mm/pmap.h"
#include "sbi/sbi.h"

enum { HSM_HART_START, HSM_HART_STOP, HSM_HART_GET_STATUS, HSM_HART_SUSPEND };

#define SUSPEND_RETENTIVE_DEFAULT     0x00000000ull
#define SUSPEND_NONRETENTIVE_DEFAULT  0x80000000ull
#define SUSPEND_PLATFORM_RETENTIVE    0x10000000ull
#define SUSPEND_PLATFORM_NONRETENTIVE 0x90000000ull

static struct sbiret hart_start(struct sbi_call *c, uint64_t hart, uint64_t addr, uint64_t opaque)
{
	if (hart >= c->vm->nharts)
		return (struct sbiret){SBI_ERR_INVALID_PARAM, 0};
	if (c->vm->hart[hart] != SBI_HART_STOPPED)
		return (struct sbiret){SBI_ERR_ALREADY_AVAILABLE, 0};
	if (!pmap_is_ram(c->pm, addr))
		return (struct sbiret){SBI_ERR_INVALID_ADDRESS, 0};
	c->vm->hart[hart] = SBI_HART_STARTED;
	c->effect =
	    (struct sbi_effect){.kind = SBI_EFFECT_HART_START,
	                        .start = {.hart = (unsigned)hart, .addr = addr, .opaque = opaque}};
	return (struct sbiret){SBI_SUCCESS, 0};
}

/*
 * The default types only: a retentive suspend is a wfi that returns, a non-retentive one a wfi
 * after which the hart starts at addr as hart_start would start it. The hart is SUSPENDED until
 * an interrupt is pending for it.
 */
static struct sbiret hart_suspend(struct sbi_call *c, uint64_t type, uint64_t addr, uint64_t opaque)
{
	bool restart = type == SUSPEND_NONRETENTIVE_DEFAULT;
	if (type != SUSPEND_RETENTIVE_DEFAULT && !restart) {
		if ((type >= SUSPEND_PLATFORM_RETENTIVE && type < SUSPEND_NONRETENTIVE_DEFAULT) ||
		    (type >= SUSPEND_PLATFORM_NONRETENTIVE && type <= 0xffffffffull))
			return (struct sbiret){SBI_ERR_NOT_SUPPORTED, 0};
		return (struct sbiret){SBI_ERR_INVALID_PARAM, 0};
	}
	if (restart && !pmap_is_ram(c->pm, addr))
		return (struct sbiret){SBI_ERR_INVALID_ADDRESS, 0};
	c->vm->hart[c->hart] = SBI_HART_SUSPENDED;
	c->effect =
	    (struct sbi_effect){.kind = SBI_EFFECT_SUSPEND,
	                        .suspend = {.restart = restart, .addr = addr, .opaque = opaque}};
	return (struct sbiret){SBI_SUCCESS, 0};
}

static struct sbiret hsm_call(struct sbi_call *c)
{
	switch (c->fid) {
	case HSM_HART_START:
		return hart_start(c, c->a[0], c->a[1], c->a[2]);
	case HSM_HART_STOP:
		c->vm->hart[c->hart] = SBI_HART_STOPPED;
		c->effect = (struct sbi_effect){.kind = SBI_EFFECT_HART_STOP};
		return (struct sbiret){SBI_SUCCESS, 0};
	case HSM_HART_GET_STATUS:
		if (c->a[0] >= c->vm->nharts)
			return (struct sbiret){SBI_ERR_INVALID_PARAM, 0};
		return (struct sbiret){SBI_SUCCESS, c->vm->hart[c->a[0]]};
	case HSM_HART_SUSPEND:
		return hart_suspend(c, c->a[0], c->a[1], c->a[2]);
	default:
		return (struct sbiret){SBI_ERR_NOT_SUPPORTED, 0};
	}
}

const struct sbi_ext sbi_ext_hsm = {
    .name = "hsm", .eid_first = SBI_EXT_HSM, .eid_last = SBI_EXT_HSM, .call = hsm_call};
