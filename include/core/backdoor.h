/*
 * The user-mode backdoor (like VMware's): one reserved custom-0 encoding, SV_BACKDOOR_INSN in
 * include/sbi/counters.h, lets guest U-mode (and S-mode) call the counters extension, since
 * the guest kernel takes U-mode ecalls itself but illegal instructions reach the hypervisor.
 */
#ifndef CORE_BACKDOOR_H
#define CORE_BACKDOOR_H

#include <stdbool.h>
#include <stdint.h>

struct vcpu;

/*
 * Called for every illegal-instruction exit, whatever mode trapped (U, S; VU, VS in nested
 * mode): if insn is the backdoor, runs it as an SBI call to the counters extension with the SBI
 * registers (a7, a6, a0 in; a0, a1 out), steps over it and returns true; else returns false
 * and leaves the vCPU untouched.
 */
bool vendor_backdoor(struct vcpu *v, uint32_t insn);

#endif
