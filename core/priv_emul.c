/*
 * mstatus.TW makes wfi trap in both MMU modes; what else traps as an illegal instruction is the
 * mode's business (shadow mode's TVM: satp and sfence.vma) or the guest's own fault. QEMU
 * reports the instruction in mtval, so no guest memory is read to decode it.
 */
#include "core/priv_emul.h"

#include "core/backdoor.h"
#include "core/vm.h"

#define INSN_WFI 0x10500073u

bool priv_emul_vm_lock_only(const struct trap *t)
{
	uint32_t insn = (uint32_t)t->tval;

	return insn != SV_BACKDOOR_INSN && insn != INSN_WFI;
}

struct exit_outcome priv_emul_illegal(struct vcpu *v, const struct trap *t)
{
	uint32_t insn = (uint32_t)t->tval;
	struct exit_outcome o;

	if (vendor_backdoor(v, insn))
		return exit_resume();
	if (insn == INSN_WFI && trap_priv(t) == PRV_S) {
		v->vm->stats.wfi++;
		v->tf.pc += 4;
		vcpu_idle(v);
		return exit_resume();
	}
	if (v->mode->mem.trapped_insn(v->mmu, &v->tf, t, &o))
		return o;
	return exit_reflect(t->cause, t->tval);
}

/*
 * Nested mode: a VS-mode access to a hypervisor CSR or instruction, or a VU-mode wfi. The
 * guest's CPU has no H extension, so to it this is an illegal instruction.
 */
struct exit_outcome priv_emul_virtual(struct vcpu *v, const struct trap *t)
{
	(void)v;
	return exit_reflect(EXC_ILLEGAL_INSN, t->tval);
}
