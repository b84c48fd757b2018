/*
 * Test guests: single accesses that may fault. Each faulting instruction is 4 bytes (no
 * compression), so a trap handler can step over it (sepc + 4 when sepc is in
 * [probes_start, probes_end)); a fetch fault at probe_call's target resumes at the trap's ra.
 * See probes.h.
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

probes_end:
