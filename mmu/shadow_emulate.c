/*
 * Emulation of a guest store to one of its own page tables, which every shadow maps
 * read-only. The instruction is read through the guest's translation (the shadow may no
 * longer map its page), decoded, checked against the guest's permissions for every page it
 * touches, applied to guest memory, and the shadow entries it covered are dropped.
 */
#include <string.h>

#include "arch/csr.h"
#include "arch/fpregs.h"
#include "core/vm.h"
#include "lib/util.h"
#include "mmu/insn_decode.h"
#include "mmu/pte.h"
#include "mmu/shadow.h"

/* Guest-virtual to a host pointer for len bytes within one page; the fault cause, or 0. */
static uint64_t translate(struct vcpu *v, uint64_t va, unsigned len, enum walk_access access,
                          void **ptr, uint64_t *gpa)
{
	const struct walk_req req = shadow_walk_req(v, va, access);
	struct walk_result res;

	guest_walk(&v->vm->pmap, &req, &res);
	if (res.cause)
		return res.cause;
	*ptr = pmap_ptr(&v->vm->pmap, res.gpa, len);
	*gpa = res.gpa;
	if (!*ptr)
		return access == WALK_EXEC ? EXC_INSN_ACCESS : EXC_STORE_ACCESS;
	return 0;
}

/* The instruction at pc: 2 bytes, then 2 more (maybe from the next page) if it is 32-bit. */
static uint64_t fetch(struct vcpu *v, uint64_t pc, uint32_t *insn)
{
	uint16_t half[2];
	void *p;
	uint64_t gpa;

	for (unsigned i = 0; i < 2; i++) {
		uint64_t cause = translate(v, pc + 2 * i, 2, WALK_EXEC, &p, &gpa);
		if (cause)
			return cause;
		memcpy(&half[i], p, 2);
		if (i == 0 && (half[0] & 3) != 3) {
			*insn = half[0];
			return 0;
		}
	}
	*insn = half[0] | ((uint32_t)half[1] << 16);
	return 0;
}

static uint64_t atomic_amo(void *p, const struct mem_op *op)
{
	if (op->width == 8) {
		uint64_t *w = p, old = __atomic_load_n(w, __ATOMIC_RELAXED);
		while (!__atomic_compare_exchange_n(w, &old, amo_apply(op->amo, 8, old, op->value),
		                                    false, __ATOMIC_SEQ_CST, __ATOMIC_RELAXED))
			;
		return old;
	}
	uint32_t *w = p, old = __atomic_load_n(w, __ATOMIC_RELAXED);
	while (!__atomic_compare_exchange_n(w, &old,
	                                    (uint32_t)amo_apply(op->amo, 4, old, op->value), false,
	                                    __ATOMIC_SEQ_CST, __ATOMIC_RELAXED))
		;
	return old;
}

void shadow_emulate_store(struct vcpu *v, uint64_t fault_va)
{
	struct shadow *core = &v->vm->shadow.core;
	uint64_t f[FPREGS_WORDS] = {0};
	uint32_t insn;
	struct mem_op op;

	const uint64_t *fp = NULL; /* FPU off: FP stores would have been illegal instructions */

	if (csr_read(mstatus) & MSTATUS_FS) {
		fpregs_save(f);
		fp = f;
	}
	uint64_t fetch_cause = fetch(v, v->tf.pc, &insn);
	if (fetch_cause == WALK_CAUSE_RETRY)
		return;
	if (fetch_cause || insn_decode_mem(insn, v->tf.x, fp, &op) < 0 ||
	    (op.kind != MEM_STORE && op.kind != MEM_AMO && op.kind != MEM_SC)) {
		/* Not a store we understand: the guest gets the fault the hardware raised. */
		vcpu_reflect(v, EXC_STORE_PAGE_FAULT, fault_va);
		return;
	}

	/* Up to two pages; both must be writable before either is written. */
	struct {
		uint64_t va, gpa;
		unsigned len;
		void *ptr;
	} part[2] = {{0}};
	unsigned nparts = 0;
	for (uint64_t va = op.addr, left = op.width; left; nparts++) {
		unsigned len = (unsigned)MIN(left, PAGE_SIZE - (va & (PAGE_SIZE - 1)));
		uint64_t cause =
		    translate(v, va, len, WALK_WRITE, &part[nparts].ptr, &part[nparts].gpa);
		if (cause == WALK_CAUSE_RETRY)
			return; /* contended A/D update: the guest re-executes the store */
		if (cause) {
			vcpu_reflect(v, cause, va);
			return;
		}
		part[nparts].va = va;
		part[nparts].len = len;
		va += len;
		left -= len;
	}

	if (op.kind == MEM_AMO) {
		vcpu_set_reg(v, op.rd,
		             mem_extend(atomic_amo(part[0].ptr, &op), op.width, op.sign_extend));
	} else {
		const uint8_t *bytes = (const uint8_t *)&op.value; /* RISC-V is little-endian */
		for (unsigned i = 0, done = 0; i < nparts; done += part[i++].len)
			memcpy(part[i].ptr, bytes + done, part[i].len);
		/* With one vCPU nothing can break the reservation between LR and this SC. */
		if (op.kind == MEM_SC)
			vcpu_set_reg(v, op.rd, 0);
	}
	for (unsigned i = 0; i < nparts; i++)
		shadow_guest_wrote(core, part[i].gpa, part[i].len);
	core->stats.emulated_writes++;
	v->tf.pc += op.len;
}
