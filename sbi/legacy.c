/*
 * SBI v0.1 calls Linux still uses for hvc0 and earlycon. The v0.1 IPI and fence calls take a
 * guest-virtual pointer to a hart mask; they answer "not supported", and Linux uses the v0.2
 * extensions for them anyway.
 */
#include "lib/ring.h"
#include "sbi/sbi.h"
#include "sbi/sbi_common.h"

void sbi_console_putchar(struct sbi_call *c, char ch)
{
	c->effect =
	    (struct sbi_effect){.kind = SBI_EFFECT_CONSOLE_WRITE, .out = {.len = 1, .byte = ch}};
	c->effect.out.buf = &c->effect.out.byte;
}

static struct sbiret legacy_call(struct sbi_call *c)
{
	switch (c->eid) {
	case SBI_LEGACY_SET_TIMER:
		c->effect = (struct sbi_effect){.kind = SBI_EFFECT_TIMER, .deadline = c->a[0]};
		return (struct sbiret){0, 0};
	case SBI_LEGACY_CONSOLE_PUTCHAR:
		sbi_console_putchar(c, (char)c->a[0]);
		return (struct sbiret){0, 0};
	case SBI_LEGACY_CONSOLE_GETCHAR:
		return (struct sbiret){ring_get(c->console_in), 0};
	case SBI_LEGACY_CLEAR_IPI:
		c->effect = (struct sbi_effect){.kind = SBI_EFFECT_CLEAR_IPI};
		return (struct sbiret){0, 0};
	case SBI_LEGACY_SHUTDOWN:
		return (struct sbiret){sbi_system_reset(c, 0, 0), 0};
	default:
		return (struct sbiret){SBI_ERR_NOT_SUPPORTED, 0};
	}
}

const struct sbi_ext sbi_ext_legacy = {.name = "legacy",
                                       .eid_first = SBI_LEGACY_SET_TIMER,
                                       .eid_last = SBI_LEGACY_LAST,
                                       .call = legacy_call,
                                       .legacy = true};
