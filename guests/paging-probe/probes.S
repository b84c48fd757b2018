/*
 * paging-probe: the instructions that may fault, each 4 bytes (no compression) so the trap
 * handler can step over them; position-independent code that tests copy into their pages; and
 * the way into U-mode and into an address space that does not map the current pc.
 */
	.option	norvc
	.text
	.balign	8
	.globl	probes_start, probes_end
probes_start:

/* unsigned long probe_ld(unsigned long va) */
	.globl	probe_ld
probe_ld:
	ld	a0, 0(a0)
	ret

/* void probe_sd(unsigned long va, unsigned long val); va may be misaligned */
	.globl	probe_sd
probe_sd:
	sd	a1, 0(a0)
	ret

/* unsigned long probe_amoor(unsigned long va, unsigned long bits): the old value */
	.globl	probe_amoor
probe_amoor:
	amoor.d	a0, a1, (a0)
	ret

	.globl	probe_amoswap
probe_amoswap:
	amoswap.d a0, a1, (a0)
	ret

	.globl	probe_amoadd
probe_amoadd:
	amoadd.d a0, a1, (a0)
	ret

/*
 * unsigned long probe_lrsc_clear(unsigned long va, unsigned long bits): clears bits with a
 * constrained LR/SC loop and returns the old value, or ~0 after 1000 failed SCs.
 */
	.globl	probe_lrsc_clear
probe_lrsc_clear:
	not	a3, a1
	li	a2, 1000
1:	lr.d	t0, (a0)
	and	t1, t0, a3
	sc.d	t2, t1, (a0)
	beqz	t2, 2f
	addi	a2, a2, -1
	bnez	a2, 1b
	li	a0, -1
	ret
2:	mv	a0, t0
	ret

/* unsigned long probe_call(unsigned long pc): a fetch fault at pc resumes after the jalr. */
	.globl	probe_call
probe_call:
	addi	sp, sp, -16
	sd	ra, 8(sp)
	jalr	a0
	ld	ra, 8(sp)
	addi	sp, sp, 16
	ret

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

probes_end:
