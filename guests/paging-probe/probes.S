/*
 * paging-probe: position-independent code that tests copy into their pages, and the way into
 * U-mode and into an address space that does not map the current pc (the single accesses that
 * may fault are guests/lib/probes.S).
 */
	.option	norvc
	.text
	.balign	8
/* enter_user(pc, arg, arg2): sret to U-mode at pc with a0, a1 = arg, arg2; the handler
 * returns to our ra. */
	.globl	enter_user
enter_user:
	csrw	sepc, a0
	mv	a0, a1
	mv	a1, a2
	li	t0, 1 << 8		/* sstatus.SPP = U */
	csrc	sstatus, t0
	sret

/*
 * void enable_unmapped(unsigned long satp, unsigned long satp_back, unsigned long hi_off,
 *                      unsigned long out[3])
 * Called in Bare mode after sfence.vma. Writes satp with a root that does not map the current
 * pc but maps this code at +hi_off; stvec points at the landing pad's alias there, so the fetch
 * after the csrw traps to it (what Linux's relocate_enable_mmu relies on). The pad goes back to
 * satp_back (which maps both aliases) and stores scause, stval, sepc into out.
 */
	.globl	enable_unmapped, enable_unmapped_next
enable_unmapped:
	csrr	t0, stvec
	la	t1, 3f
	add	t1, t1, a2
	csrw	stvec, t1
	la	t2, 4f			/* identity address to come back to */
	sfence.vma
	csrw	satp, a0
enable_unmapped_next:
	nop				/* its fetch faults */
	li	t3, 0			/* if it did not: scause 0 */
	li	t4, 0
	li	t5, 0
	csrw	satp, a1
	sfence.vma
	j	4f
	.balign	4
3:	csrr	t3, scause		/* running at the high alias now */
	csrr	t4, stval
	csrr	t5, sepc
	csrw	satp, a1
	sfence.vma
	jr	t2
4:	csrw	stvec, t0
	sd	t3, 0(a3)
	sd	t4, 8(a3)
	sd	t5, 16(a3)
	ret

/* Position-independent code that tests copy into pages they map (see pic_* in paging.h). */
	.balign	8
	.globl	pic_start, pic_ret42, pic_user_load, pic_user_store, pic_end
pic_start:
pic_ret42:
	li	a0, 42
	ret
pic_user_load:
	ld	a0, 0(a0)
	ecall
1:	j	1b
pic_user_store:
	sd	a1, 0(a0)
	ecall
1:	j	1b
	.balign	8
pic_end:

