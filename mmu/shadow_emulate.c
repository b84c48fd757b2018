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
	const struct pt_store *st;
};

/* Guest-virtual to a host pointer for len bytes within one page; the fault cause, or 0. */
static uint64_t translate(const struct emulation *e, gva_t va, unsigned len, enum access access,
                          void **ptr, gpa_t *gpa)
{
	struct pmap *pm = e->sv->vm->pm;

	hpa_t hpa;

	/* The instruction: where the hardware just fetched it, through the shadow it walks. */
	if (access == ACCESS_EXEC && (hpa = shadow_fetched_from(&e->sv->vm->core, e->sv->satp, va,
	                                                        trap_priv(e->t) == PRV_U))) {
		*ptr = phys_to_virt(hpa);
		*gpa = 0;
		return 0;
	}
	if (access == ACCESS_WRITE && e->st &&
	    align_down(va, PAGE_SIZE) == align_down(e->t->tval, PAGE_SIZE)) {
		*gpa = align_down(e->st->gpa, PAGE_SIZE) |
		       (va & (PAGE_SIZE - 1)); /* walked by the fault */
	} else {
		const struct walk_req req = shadow_walk_req(e->sv, e->t, va, access);
		struct walk_result res;
		guest_walk(pm, &req, &res);
		if (res.cause)
			return res.cause;
		*gpa = res.gpa;
	}
	*ptr = pmap_ptr(pm, *gpa, len);
	if (!*ptr)
		return access_fault_cause(access);
	return 0;
}

/* The instruction at pc: 2 bytes, then 2 more if it is 32-bit, from the next page only if pc
 * is the last halfword of its page. */
static uint64_t fetch(const struct emulation *e, gva_t pc, uint32_t *insn)
{
	bool split = (pc & (PAGE_SIZE - 1)) == PAGE_SIZE - 2;
	uint16_t half[2];
	void *p;
	gpa_t gpa;

	uint64_t cause = translate(e, pc, split ? 2 : 4, ACCESS_EXEC, &p, &gpa);
	if (cause)
		return cause;
	memcpy(&half[0], p, 2);
	if ((half[0] & 3) != 3) {
		*insn = half[0];
		return 0;
	}
	if (split && (cause = translate(e, pc + 2, 2, ACCESS_EXEC, &p, &gpa)))
		return cause;
	memcpy(&half[1], split ? p : (uint8_t *)p + 2, 2);
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
                                         const struct trap *t, const uint64_t *fp,
                                         const struct pt_store *st)
{
	const struct emulation e = {sv, t, st};
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
		/* The reservation may have been broken only by a store emulated since the LR,
		 * which came after this vCPU's last shadow exit; a failed SC writes nothing. */
		if (op.kind == MEM_SC && sv->vm->emulated_stores != sv->seen_stores) {
			reg_set(regs, op.rd, 1);
			regs->pc += op.len;
			return exit_resume();
		}
		const uint8_t *bytes = (const uint8_t *)&op.value; /* RISC-V is little-endian */
		for (unsigned i = 0, done = 0; i < nparts; done += part[i++].len)
			memcpy(part[i].ptr, bytes + done, part[i].len);
		if (op.kind == MEM_SC)
			reg_set(regs, op.rd, 0);
	}
	sv->seen_stores = ++sv->vm->emulated_stores;
	for (unsigned i = 0; i < nparts; i++)
		shadow_guest_wrote(core, part[i].gpa, part[i].len);
	core->stats.emulated_writes++;
	regs->pc += op.len;
	return exit_resume();
}
