/*
 * Reset entry: QEMU starts every hart here in M-mode with a0 = hartid, a1 = device tree.
 * One hart wins the boot lottery and brings the machine up; the others wait until it releases
 * them (boot/main.c), then run the hypervisor too. Harts past MAX_HARTS park for good.
 */
#include "arch/hart.h"

	.section .text.entry, "ax"
	.globl _start
_start:
	csrw	mie, zero
	csrw	mscratch, zero
	la	t0, trap_entry
	csrw	mtvec, t0
	li	t0, MAX_HARTS
	bgeu	a0, t0, park_forever

	/* sp = top of this hart's stack */
	la	sp, hart_stacks
	li	t0, HART_STACK_SIZE
	addi	t1, a0, 1
	mul	t0, t0, t1
	add	sp, sp, t0

	la	t0, boot_lottery
	li	t1, 1
	amoswap.w t1, t1, (t0)
	bnez	t1, secondary

	/* Zero .bss (the lottery word lives in .data, so it survives). */
	la	t0, __bss_start
	la	t1, __bss_end
1:	bgeu	t0, t1, 2f
	sd	zero, (t0)
	addi	t0, t0, 8
	j	1b
2:	call	hv_main
	j	park_forever

/*
 * The boot hart sets harts_released, then sends each hart an IPI. Until then only .data is
 * read here: the boot hart is still zeroing .bss. With mie.MSIE set and mstatus.MIE clear,
 * the IPI ends wfi without a trap; hv_secondary clears it.
 */
secondary:
	li	t0, 1 << 3	/* MSIE */
	csrw	mie, t0
1:	wfi
	la	t0, harts_released
	lw	t1, (t0)
	beqz	t1, 1b
	fence	r, rw
	call	hv_secondary
park_forever:
	csrw	mie, zero
	wfi
	j	park_forever

	.data
	.align 2
boot_lottery:
	.word 0
	.globl harts_released
harts_released:
	.word 0

	.bss
	.align 12
	.globl hart_stacks
hart_stacks:
	.space HART_STACK_SIZE * MAX_HARTS
