/* Table-driven SBI dispatch. */
#include "sbi/sbi.h"

#include "core/vm.h"
#include "lib/util.h"

static const struct sbi_ext *const extensions[] = {
    &sbi_ext_legacy, &sbi_ext_base, &sbi_ext_time, &sbi_ext_ipi,      &sbi_ext_rfence,
    &sbi_ext_hsm,    &sbi_ext_srst, &sbi_ext_dbcn, &sbi_ext_counters,
};

const struct sbi_ext *sbi_find_ext(uint64_t eid)
{
	for (unsigned i = 0; i < ARRAY_SIZE(extensions); i++)
		if (eid >= extensions[i]->eid_first && eid <= extensions[i]->eid_last)
			return extensions[i];
	return NULL;
}

bool sbi_is_console(uint64_t eid)
{
	return eid == SBI_LEGACY_CONSOLE_PUTCHAR || eid == SBI_LEGACY_CONSOLE_GETCHAR ||
	       eid == SBI_EXT_DBCN;
}

void sbi_dispatch(struct vcpu *v)
{
	uint64_t *x = v->tf.x;
	const struct sbi_ext *ext = sbi_find_ext(x[17]);
	struct sbiret ret = {SBI_ERR_NOT_SUPPORTED, 0};

	v->vm->stats.sbi_calls++;
	/* Return past the ecall first: a call may replace the PC (HSM) or end the VM (SRST). */
	v->tf.pc += 4;
	if (ext)
		ret = ext->call(v, x[17], x[16], &x[10]);
	x[10] = (uint64_t)ret.error;
	if (!ext || !ext->legacy)
		x[11] = (uint64_t)ret.value;
}

long sbi_for_each_hart(struct vcpu *v, uint64_t mask, uint64_t base,
                       void (*fn)(struct vcpu *target, void *ctx), void *ctx)
{
	struct vm *vm = v->vm;

	if (base == UINT64_MAX) {
		for (unsigned i = 0; i < vm->nvcpu; i++)
			fn(&vm->vcpu[i], ctx);
		return SBI_SUCCESS;
	}
	for (unsigned bit = 0; bit < 64; bit++)
		if ((mask >> bit) & 1)
			if (base + bit < base || !vm_vcpu_by_hartid(vm, base + bit))
				return SBI_ERR_INVALID_PARAM;
	for (unsigned bit = 0; bit < 64; bit++)
		if ((mask >> bit) & 1)
			fn(vm_vcpu_by_hartid(vm, base + bit), ctx);
	return SBI_SUCCESS;
}
