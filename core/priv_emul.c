/*
 * mstatus.TVM makes satp accesses and sfence.vma trap, TW makes wfi trap. QEMU reports the
 * instruction in mtval, so no guest memory is read to decode it.
 */
#include "core/priv_emul.h"

#include "arch/csr.h"
#include "core/backdoor.h"
#include "core/vm.h"

#define OPCODE_SYSTEM 0x73
#define INSN_WFI      0x10500073u
#define CSR_SATP_NUM  0x180

#define RD(i)     (((i) >> 7) & 31)
#define FUNCT3(i) (((i) >> 12) & 7)
#define RS1(i)    (((i) >> 15) & 31)
#define RS2(i)    (((i) >> 20) & 31)
#define CSRNUM(i) ((i) >> 20)

static bool is_sfence_vma(uint32_t insn)
{
	return (insn & 0xfe007fffu) == 0x12000073u;
}

static void emulate_satp(struct vcpu *v, uint32_t insn)
{
	unsigned f3 = FUNCT3(insn), rs1 = RS1(insn);
	uint64_t src = (f3 & 4) ? rs1 : vcpu_reg(v, rs1);
	uint64_t old = v->vm->mmu->satp_read(v);

	/* csrrs/csrrc with x0 (or immediate 0) only read. */
	bool writes = (f3 & 3) == 1 || rs1 != 0;
	if (writes) {
		uint64_t val = (f3 & 3) == 1 ? src : (f3 & 3) == 2 ? old | src : old & ~src;
		v->vm->stats.satp_writes++;
		v->vm->mmu->satp_write(v, val);
	}
	vcpu_set_reg(v, RD(insn), old);
}

void priv_emul_illegal(struct vcpu *v, uint64_t cause, uint64_t tval)
{
	uint32_t insn = (uint32_t)tval;
	bool from_s = trapped_priv() == PRV_S;

	if (vendor_backdoor(v, insn))
		return;
	if (from_s && (insn & 0x7f) == OPCODE_SYSTEM) {
		if (insn == INSN_WFI) {
			v->vm->stats.wfi++;
			v->tf.pc += 4;
			vcpu_idle(v);
			return;
		}
		if (is_sfence_vma(insn)) {
			unsigned rs1 = RS1(insn), rs2 = RS2(insn);
			v->vm->stats.sfence_vma[(rs1 != 0) | (rs2 != 0) << 1]++;
			v->vm->mmu->sfence_vma(v, vcpu_reg(v, rs1), rs1 == 0, vcpu_reg(v, rs2),
			                       rs2 == 0);
			v->tf.pc += 4;
			return;
		}
		if ((FUNCT3(insn) & 3) != 0 && CSRNUM(insn) == CSR_SATP_NUM) {
			emulate_satp(v, insn);
			v->tf.pc += 4;
			return;
		}
	}
	vcpu_reflect(v, cause, tval);
}

/*
 * Nested mode: a VS-mode access to a hypervisor CSR or instruction, or a VU-mode wfi. The
 * guest's CPU has no H extension, so to it this is an illegal instruction.
 */
void priv_emul_virtual(struct vcpu *v, uint64_t cause, uint64_t tval)
{
	(void)cause;
	vcpu_reflect(v, EXC_ILLEGAL_INSN, tval);
}
