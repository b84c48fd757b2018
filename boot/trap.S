/*
 * Trap entry and guest resume. While a guest runs, mscratch holds its vCPU's trap frame; while
 * the hypervisor runs, mscratch is zero, so a trap taken in M-mode is recognised and reported.
 */
#include "core/vcpu.h"

#define SAVE(r, i)    sd r, (i * 8)(sp)
#define LOAD(r, i)    ld r, (i * 8)(a0)

	.text
	.align 4
	.globl trap_entry
trap_entry:
	csrrw	sp, mscratch, sp
	beqz	sp, trap_from_hv

	SAVE(x1, 1)
	SAVE(x3, 3)
	SAVE(x4, 4)
	SAVE(x5, 5)
	SAVE(x6, 6)
	SAVE(x7, 7)
	SAVE(x8, 8)
	SAVE(x9, 9)
	SAVE(x10, 10)
	SAVE(x11, 11)
	SAVE(x12, 12)
	SAVE(x13, 13)
	SAVE(x14, 14)
	SAVE(x15, 15)
	SAVE(x16, 16)
	SAVE(x17, 17)
	SAVE(x18, 18)
	SAVE(x19, 19)
	SAVE(x20, 20)
	SAVE(x21, 21)
	SAVE(x22, 22)
	SAVE(x23, 23)
	SAVE(x24, 24)
	SAVE(x25, 25)
	SAVE(x26, 26)
	SAVE(x27, 27)
	SAVE(x28, 28)
	SAVE(x29, 29)
	SAVE(x30, 30)
	SAVE(x31, 31)
	csrrw	t0, mscratch, zero
	SAVE(t0, 2)
	csrr	t0, mepc
	sd	t0, TF_PC(sp)

	mv	a0, sp
	ld	tp, TF_HV_HART(sp)
	ld	sp, TF_HV_SP(sp)
	call	trap_guest
	/* fall through: a0 = the frame to resume */

	.globl guest_resume
guest_resume:
	csrw	mscratch, a0
	ld	t0, TF_PC(a0)
	csrw	mepc, t0
	LOAD(x1, 1)
	LOAD(x2, 2)
	LOAD(x3, 3)
	LOAD(x4, 4)
	LOAD(x5, 5)
	LOAD(x6, 6)
	LOAD(x7, 7)
	LOAD(x8, 8)
	LOAD(x9, 9)
	LOAD(x11, 11)
	LOAD(x12, 12)
	LOAD(x13, 13)
	LOAD(x14, 14)
	LOAD(x15, 15)
	LOAD(x16, 16)
	LOAD(x17, 17)
	LOAD(x18, 18)
	LOAD(x19, 19)
	LOAD(x20, 20)
	LOAD(x21, 21)
	LOAD(x22, 22)
	LOAD(x23, 23)
	LOAD(x24, 24)
	LOAD(x25, 25)
	LOAD(x26, 26)
	LOAD(x27, 27)
	LOAD(x28, 28)
	LOAD(x29, 29)
	LOAD(x30, 30)
	LOAD(x31, 31)
	LOAD(x10, 10)
	mret

/* A trap in the hypervisor itself is a bug: save everything for the panic report. */
trap_from_hv:
	csrrw	sp, mscratch, sp
	addi	sp, sp, -(34 * 8)
	SAVE(x1, 1)
	SAVE(x3, 3)
	SAVE(x4, 4)
	SAVE(x5, 5)
	SAVE(x6, 6)
	SAVE(x7, 7)
	SAVE(x8, 8)
	SAVE(x9, 9)
	SAVE(x10, 10)
	SAVE(x11, 11)
	SAVE(x12, 12)
	SAVE(x13, 13)
	SAVE(x14, 14)
	SAVE(x15, 15)
	SAVE(x16, 16)
	SAVE(x17, 17)
	SAVE(x18, 18)
	SAVE(x19, 19)
	SAVE(x20, 20)
	SAVE(x21, 21)
	SAVE(x22, 22)
	SAVE(x23, 23)
	SAVE(x24, 24)
	SAVE(x25, 25)
	SAVE(x26, 26)
	SAVE(x27, 27)
	SAVE(x28, 28)
	SAVE(x29, 29)
	SAVE(x30, 30)
	SAVE(x31, 31)
	addi	t0, sp, 34 * 8
	SAVE(t0, 2)
	csrr	t0, mepc
	sd	t0, TF_PC(sp)
	mv	a0, sp
	call	trap_hv
1:	wfi
	j	1b
