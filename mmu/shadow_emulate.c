/*
 * Emulation of a guest store to one of its own page tables, which every shadow maps
 * read-only. The instruction is read through the guest's translation (the shadow may no
 * longer map its page), decoded, checked against the guest's permissions for every page it
 * touches, applied to guest memory, and the shadow entries it covered are dropped. Portable:
 * the registers come in the trap frame and fp, the privilege and SUM/MXR in the trap record.
 */
#include <string.h>

#include "lib/util.h"
#include "mm/pmap.h"
#include "mmu/insn_decode.h"
#include "mmu/pte.h"
#include "mmu/shadow.h"

struct emulation {
	struct shadow_vcpu *sv;
	const struct trap *t;
};

/* Guest-virtual to a host pointer for len bytes within one page; the fault cause, or 0. */
static uint64_t translate(const struct emulation *e, gva_t va, unsigned len, enum access access,
                          void **ptr, gpa_t *gpa)
{
	const struct walk_req req = shadow_walk_req(e->sv, e->t, va, access);
	const struct pmap *pm = e->sv->vm->pm;
	struct walk_result res;

	guest_walk(pm, &req, &res);
	if (res.cause)
		return res.cause;
	*ptr = pmap_ptr(pm, res.gpa, len);
	*gpa = res.gpa;
	if (!*ptr)
		return access_fault_cause(access);
	return 0;
}

/* The instruction at pc: 2 bytes, then 2 more (maybe from the next page) if it is 32-bit. */
static uint64_t fetch(const struct emulation *e, gva_t pc, uint32_t *insn)
{
	uint16_t half[2];
	void *p;
	gpa_t gpa;

	for (unsigned i = 0; i < 2; i++) {
		uint64_t cause = translate(e, pc + 2 * i, 2, ACCESS_EXEC, &p, &gpa);
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

struct exit_outcome shadow_emulate_store(struct shadow_vcpu *sv, struct trap_frame *regs,
                                         const struct trap *t, const uint64_t *fp)
{
	const struct emulation e = {sv, t};
	struct shadow *core = &sv->vm->core;
	uint32_t insn;
	struct mem_op op;

	uint64_t fetch_cause = fetch(&e, regs->pc, &insn);
	if (fetch_cause == WALK_CAUSE_RETRY)
		return exit_resume();
	if (fetch_cause || insn_decode_mem(insn, regs->x, fp, &op) < 0 ||
	    (op.kind != MEM_STORE && op.kind != MEM_AMO && op.kind != MEM_SC)) {
		/* Not a store we understand: the guest gets the fault the hardware raised. */
		return exit_reflect(EXC_STORE_PAGE_FAULT, t->tval);
	}

	/* Up to two pages; both must be writable before either is written. */
	struct {
		gva_t va;
		gpa_t gpa;
		unsigned len;
		void *ptr;
	} part[2] = {{0}};
	unsigned nparts = 0;
	for (gva_t va = op.addr, left = op.width; left; nparts++) {
		unsigned len = (unsigned)MIN(left, PAGE_SIZE - (va & (PAGE_SIZE - 1)));
		uint64_t cause =
		    translate(&e, va, len, ACCESS_WRITE, &part[nparts].ptr, &part[nparts].gpa);
		if (cause == WALK_CAUSE_RETRY)
			return exit_resume(); /* contended A/D update: the guest re-executes the
			                         store */
		if (cause)
			return exit_reflect(cause, va);
		part[nparts].va = va;
		part[nparts].len = len;
		va += len;
		left -= len;
	}

	if (op.kind == MEM_AMO) {
		reg_set(regs, op.rd,
		        mem_extend(atomic_amo(part[0].ptr, &op), op.width, op.sign_extend));
	} else {
		const uint8_t *bytes = (const uint8_t *)&op.value; /* RISC-V is little-endian */
		for (unsigned i = 0, done = 0; i < nparts; done += part[i++].len)
			memcpy(part[i].ptr, bytes + done, part[i].len);
		/* With one vCPU nothing can break the reservation between LR and this SC. */
		if (op.kind == MEM_SC)
			reg_set(regs, op.rd, 0);
	}
	for (unsigned i = 0; i < nparts; i++)
		shadow_guest_wrote(core, part[i].gpa, part[i].len);
	core->stats.emulated_writes++;
	regs->pc += op.len;
	return exit_resume();
}
