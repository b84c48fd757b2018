/*
 * A guest hart's architectural state as the hypervisor keeps it: its general registers and pc
 * (saved at every exit), and its supervisor CSRs while its vCPU is off the hart. Both MMU modes
 * keep the same state; only where it lives while the vCPU runs differs (S-level or VS CSRs).
 */
#ifndef ARCH_GUEST_H
#define ARCH_GUEST_H

/* Layout shared with core/trap_entry.S: mscratch points at the running vCPU's frame. */
#define TF_PC      (32 * 8)
#define TF_HV_SP   (33 * 8)
#define TF_HV_HART (34 * 8)

#ifndef __ASSEMBLER__
#include <stdint.h>

struct trap_frame {
	uint64_t x[32]; /* x[0] is never loaded */
	uint64_t pc;
	uint64_t hv_sp;   /* the hypervisor stack of the hart running this vCPU */
	uint64_t hv_hart; /* that hart's struct hart, the hypervisor's tp */
};

#define FPREGS_WORDS 33 /* f0-f31, fcsr */

/*
 * The guest's supervisor CSRs, in supervisor terms whatever the mode: status holds sstatus
 * bits, ip and ie sip/sie bits (SSIP, STIP, SEIP), atp the guest's own satp.
 */
struct guest_csrs {
	uint64_t status, ie, ip, tvec, scratch, epc, cause, tval, atp, counteren;
	uint64_t priv;             /* the privilege it trapped from: PRV_S or PRV_U */
	uint64_t fp[FPREGS_WORDS]; /* f0-f31 and fcsr: the FPU belongs to the guest */
};

/* Register access by instruction field number: x0 reads zero and ignores writes. */
static inline uint64_t reg_get(const struct trap_frame *tf, unsigned r)
{
	return r ? tf->x[r] : 0;
}

static inline void reg_set(struct trap_frame *tf, unsigned r, uint64_t val)
{
	if (r)
		tf->x[r] = val;
}
#endif

#endif
