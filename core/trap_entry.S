/*
 * Trap entry and guest resume. While a guest runs, mscratch holds its vCPU's trap frame; while
 * the hypervisor runs, mscratch is zero, so a trap taken in M-mode is recognised and reported.
 */
#include "arch/guest.h"

#define SAVE(r, i)    sd r, (i * 8)(sp)
#define LOAD(r, i)    ld r, (i * 8)(a0)

/* x1 and x3..x31 into the frame at sp; the caller saves the trapped sp itself. */
.macro save_gprs_except_sp
	SAVE(x1, 1)
	.irp i, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31
	SAVE(x\i, \i)
	.endr
.endm

	.text
	.align 4
	.globl trap_entry
trap_entry:
	csrrw	sp, mscratch, sp
	beqz	sp, trap_from_hv

	save_gprs_except_sp
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
	save_gprs_except_sp
	addi	t0, sp, 34 * 8
	SAVE(t0, 2)
	csrr	t0, mepc
	sd	t0, TF_PC(sp)
	mv	a0, sp
	call	trap_hv
1:	wfi
	j	1b
