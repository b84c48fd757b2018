/*
 * SBI v0.1 calls Linux still uses for hvc0 and earlycon. The v0.1 IPI and fence calls take a
 * guest-virtual pointer to a hart mask; they answer "not supported" until the hypervisor can
 * read guest-virtual memory, and Linux uses the v0.2 extensions for them anyway.
 */
#include "arch/csr.h"
#include "core/vm.h"
#include "core/vtimer.h"
#include "sbi/sbi.h"
#include "sbi/sbi_common.h"

#define LEGACY_SET_TIMER 0
#define LEGACY_CLEAR_IPI 3
#define LEGACY_SHUTDOWN  8

void sbi_console_putchar(struct vcpu *v, char c)
{
	vconsole_putc(v->vm, c);
}

static struct sbiret legacy_call(struct vcpu *v, uint64_t eid, uint64_t fid, const uint64_t *a)
{
	(void)fid;
	switch (eid) {
	case LEGACY_SET_TIMER:
		vtimer_set(v, a[0]);
		return (struct sbiret){0, 0};
	case SBI_LEGACY_CONSOLE_PUTCHAR:
		sbi_console_putchar(v, (char)a[0]);
		return (struct sbiret){0, 0};
	case SBI_LEGACY_CONSOLE_GETCHAR:
		return (struct sbiret){vconsole_getc(v->vm), 0};
	case LEGACY_CLEAR_IPI:
		vcpu_set_irq(v, IRQ_S_SOFT, false);
		return (struct sbiret){0, 0};
	case LEGACY_SHUTDOWN:
		return (struct sbiret){sbi_system_reset(v, 0, 0), 0};
	default:
		return (struct sbiret){SBI_ERR_NOT_SUPPORTED, 0};
	}
}

const struct sbi_ext sbi_ext_legacy = {"legacy", 0x00, 0x0F, legacy_call, true};
