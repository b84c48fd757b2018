/*
 * Shadow paging's exits, the part that needs no CSR: page faults (Bare mode or paging), and the
 * satp accesses and sfence.vma that mstatus.TVM traps. What the hardware must then do (load a
 * root, flush the TLB) is left as a request in the vCPU for mmu/shadow.c.
 */
#include "arch/csr.h"
#include "lib/util.h"
#include "mm/pmap.h"
#include "mmu/pt.h"
#include "mmu/pte.h"
#include "mmu/shadow.h"

#define OPCODE_SYSTEM 0x73
#define CSR_SATP_NUM  0x180
#define RD(i)         (((i) >> 7) & 31)
#define FUNCT3(i)     (((i) >> 12) & 7)
#define RS1(i)        (((i) >> 15) & 31)
#define RS2(i)        (((i) >> 20) & 31)
#define CSRNUM(i)     ((i) >> 20)

static bool satp_bare(uint64_t satp)
{
	return (satp >> SATP_MODE_SHIFT) == SATP_MODE_BARE;
}

struct walk_req shadow_walk_req(const struct shadow_vcpu *sv, const struct trap *t, gva_t va,
                                enum access a)
{
	return (struct walk_req){
	    .satp = sv->satp,
	    .va = va,
	    .access = a,
	    .priv = trap_priv(t),
	    .sum = (t->status & MSTATUS_SUM) != 0,
	    .mxr = (t->status & MSTATUS_MXR) != 0,
	    .set_ad = true,
	};
}

void shadow_request_flush(struct shadow_vcpu *sv, gva_t va, bool all)
{
	if (all || (sv->flush == FLUSH_VA && sv->flush_va != va))
		sv->flush = FLUSH_ALL;
	else if (sv->flush == FLUSH_NONE)
		sv->flush = FLUSH_VA;
	sv->flush_va = va;
}

/*
 * The guest's satp is Bare. A fault on its RAM means the chunk is not mapped in the Bare-mode
 * roots yet, or the root for the other privilege is loaded: map it in both (A and D preset, so
 * the hardware never writes these tables) and retry. Any other fault is physical memory it
 * does not have.
 */
static struct exit_outcome bare_fault(struct shadow_vcpu *sv, const struct trap *t)
{
	struct shadow_vm *s = sv->vm;
	bool user = trap_priv(t) == PRV_U;
	gpa_t chunk = align_down(t->tval, CHUNK_SIZE);
	hpa_t hpa;

	if (!pmap_is_ram(s->pm, t->tval))
		return exit_reflect(access_fault_cause(fault_access(t->cause)), t->tval);
	if (!pmap_lookup(s->pm, chunk, &hpa))
		return exit_resume(); /* no memory left to back it: the VM stops */
	if (pt_map(s->core.pool, s->bare_root_s, BARE_LEVELS, chunk, hpa, CHUNK_SIZE,
	           PTE_RWX | PTE_A | PTE_D) < 0 ||
	    pt_map(s->core.pool, s->bare_root_u, BARE_LEVELS, chunk, hpa, CHUNK_SIZE,
	           PTE_RWX | PTE_A | PTE_D | PTE_U) < 0)
		return exit_stop("its page-table pool cannot hold the Bare-mode tables");
	s->cpu_stats.bare_maps++;
	if (user != sv->bare_user) {
		sv->bare_user = user;
		sv->reload = true;
	} else {
		/* Another vCPU may have mapped it first: the TLB may remember the miss. */
		shadow_request_flush(sv, t->tval, false);
	}
	return exit_resume();
}

struct exit_outcome shadow_fault_entry(struct shadow_vcpu *sv, const struct trap *t,
                                       struct pt_store *st)
{
	struct walk_result res;

	st->pending = false;
	if (satp_bare(sv->satp))
		return bare_fault(sv, t);
	const struct walk_req req = shadow_walk_req(sv, t, t->tval, fault_access(t->cause));
	switch (shadow_fault(&sv->vm->core, &req, &res)) {
	case SHADOW_GUEST_FAULT:
		return exit_reflect(res.cause, t->tval);
	case SHADOW_EMULATE:
		*st = (struct pt_store){true, res.gpa};
		break;
	case SHADOW_FIXED:
		break;
	}
	return exit_resume();
}

void shadow_satp_write(struct shadow_vcpu *sv, uint64_t val)
{
	uint64_t mode = val >> SATP_MODE_SHIFT;
	unsigned levels = satp_mode_levels(mode);
	bool was_paging = !satp_bare(sv->satp);

	if (mode == SATP_MODE_BARE)
		val = 0; /* Bare: ASID and PPN read as zero */
	else if (levels && levels <= sv->vm->max_levels)
		val &=
		    (mode << SATP_MODE_SHIFT) | (SATP_ASID_MASK << SATP_ASID_SHIFT) | SATP_PPN_MASK;
	else
		return;
	sv->satp = val;
	/* In Bare mode guest stores bypass write protection: no shadow may outlive it. */
	if (mode == SATP_MODE_BARE && was_paging)
		shadow_zap_all(&sv->vm->core);
	sv->bare_user = false;
	sv->reload = true;
}

/* csrrw/csrrs/csrrc on satp, register or immediate; csrrs/csrrc with x0 (or 0) only read. */
static void emulate_satp(struct shadow_vcpu *sv, struct trap_frame *regs, uint32_t insn)
{
	unsigned f3 = FUNCT3(insn), rs1 = RS1(insn);
	uint64_t src = (f3 & 4) ? rs1 : reg_get(regs, rs1), old = sv->satp;

	if ((f3 & 3) == 1 || rs1 != 0) {
		uint64_t val = (f3 & 3) == 1 ? src : (f3 & 3) == 2 ? old | src : old & ~src;
		sv->vm->cpu_stats.satp_writes++;
		shadow_satp_write(sv, val);
	}
	reg_set(regs, RD(insn), old);
}

/*
 * A fence is where the spec lets the guest expect its PTE stores to be seen: out-of-sync
 * tables are brought in line for the fenced address (or whole), then the hardware TLB, which
 * caches shadow entries under ASID 0, is flushed to match.
 */
bool shadow_priv_insn(struct shadow_vcpu *sv, struct trap_frame *regs, const struct trap *t,
                      struct exit_outcome *out)
{
	uint32_t insn = (uint32_t)t->tval;

	if (trap_priv(t) != PRV_S || (insn & 0x7f) != OPCODE_SYSTEM)
		return false;
	if ((insn & 0xfe007fffu) == 0x12000073u) { /* sfence.vma rs1, rs2 */
		unsigned rs1 = RS1(insn), rs2 = RS2(insn);
		gva_t va = reg_get(regs, rs1);
		sv->vm->cpu_stats.sfence_vma[(rs1 != 0) | (rs2 != 0) << 1]++;
		shadow_sfence(&sv->vm->core, va, rs1 == 0);
		shadow_request_flush(sv, va, rs1 == 0);
	} else if ((FUNCT3(insn) & 3) != 0 && CSRNUM(insn) == CSR_SATP_NUM) {
		emulate_satp(sv, regs, insn);
	} else {
		return false;
	}
	regs->pc += 4;
	*out = exit_resume();
	return true;
}
