/* SPDX-License-Identifier: MIT */
/*
 * Test-guest entry and trap vector, shared by every guest under guests/.
 *
 * Entered in S-mode at 0x80200000 with a0 = hartid, a1 = DTB physical
 * address, satp = Bare (Linux boot protocol).
 */

#define STACK_SIZE 16384

	.section .text.start, "ax", @progbits
	.globl _start
_start:
	/* No interrupts until main installs stvec and asks for them. */
	csrw	sie, zero
	csrci	sstatus, 2		/* sstatus.SIE */

	/* The linker script defines no __global_pointer$: gp is unused. */
	la	sp, stack_top

	/* Zero .bss (16-byte aligned bounds from link.ld); the stack is in
	 * .bss but nothing has been pushed yet. a0/a1 are preserved. */
	la	t0, __bss_start
	la	t1, __bss_end
1:	bgeu	t0, t1, 2f
	sd	zero, 0(t0)
	sd	zero, 8(t0)
	addi	t0, t0, 16
	j	1b
2:
	call	main

	/* main does not return (SRST); park if it ever does. */
3:	wfi
	j	3b

/*
 * Direct-mode trap vector. S-mode traps only arrive on the interrupted
 * context's stack (there is a single context), so just save the
 * caller-saved integer registers, call the C handler and sret.
 */
	.text
	.balign	4
	.globl	trap_vector
trap_vector:
	addi	sp, sp, -128
	sd	ra, 0(sp)
	sd	t0, 8(sp)
	sd	t1, 16(sp)
	sd	t2, 24(sp)
	sd	t3, 32(sp)
	sd	t4, 40(sp)
	sd	t5, 48(sp)
	sd	t6, 56(sp)
	sd	a0, 64(sp)
	sd	a1, 72(sp)
	sd	a2, 80(sp)
	sd	a3, 88(sp)
	sd	a4, 96(sp)
	sd	a5, 104(sp)
	sd	a6, 112(sp)
	sd	a7, 120(sp)

	mv	a0, sp			/* struct trap_regs *: ra at 0, a0 at 64 */
	call	trap_handler

	ld	ra, 0(sp)
	ld	t0, 8(sp)
	ld	t1, 16(sp)
	ld	t2, 24(sp)
	ld	t3, 32(sp)
	ld	t4, 40(sp)
	ld	t5, 48(sp)
	ld	t6, 56(sp)
	ld	a0, 64(sp)
	ld	a1, 72(sp)
	ld	a2, 80(sp)
	ld	a3, 88(sp)
	ld	a4, 96(sp)
	ld	a5, 104(sp)
	ld	a6, 112(sp)
	ld	a7, 120(sp)
	addi	sp, sp, 128
	sret

	.section .bss.stack, "aw", @nobits
	.balign	16
stack_bottom:
	.space	STACK_SIZE
	.globl	stack_top
stack_top:
