/* Table-driven SBI dispatch. */
#include "sbi/sbi.h"

#include <string.h>

#include "lib/util.h"

static const struct sbi_ext *const extensions[] = {
    &sbi_ext_legacy, &sbi_ext_base, &sbi_ext_time, &sbi_ext_ipi,      &sbi_ext_rfence,
    &sbi_ext_hsm,    &sbi_ext_srst, &sbi_ext_dbcn, &sbi_ext_counters,
};

void sbi_vm_init(struct sbi_vm *s, unsigned nharts)
{
	memset(s, 0, sizeof(*s));
	s->nharts = nharts;
	for (unsigned i = 0; i < nharts; i++)
		s->hart[i] = i == 0 ? SBI_HART_STARTED : SBI_HART_STOPPED;
}

const struct sbi_ext *sbi_find_ext(uint64_t eid)
{
	for (unsigned i = 0; i < ARRAY_SIZE(extensions); i++)
		if (eid >= extensions[i]->eid_first && eid <= extensions[i]->eid_last)
			return extensions[i];
	return NULL;
}

struct sbiret sbi_dispatch(struct sbi_call *c)
{
	const struct sbi_ext *ext = sbi_find_ext(c->eid);

	c->effect.kind = SBI_EFFECT_NONE;
	c->legacy = ext && ext->legacy;
	if (!ext)
		return (struct sbiret){SBI_ERR_NOT_SUPPORTED, 0};
	return ext->call(c);
}

bool sbi_hart_mask(const struct sbi_call *c, uint64_t mask, uint64_t base, uint64_t *harts)
{
	uint64_t all = c->vm->nharts >= 64 ? ~0ull : (1ull << c->vm->nharts) - 1;

	if (base == UINT64_MAX) {
		*harts = all;
		return true;
	}
	/* Every named hart must exist: base + its top bit may not wrap or pass the last hart. */
	unsigned top = 0;
	while (mask >> top >> 1)
		top++;
	if (mask && (base + top < base || base + top >= c->vm->nharts))
		return false;
	*harts = base < 64 ? mask << base : 0;
	return true;
}
