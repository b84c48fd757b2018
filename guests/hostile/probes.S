/*
 * Single accesses that may fault: the trap handler steps over a faulting load, store or AMO
 * (sepc + 4: no compressed instructions here) and returns from a faulting call through ra.
 */
	.option	norvc
	.text
	.globl	probes_start, probes_end
probes_start:
	.globl	probe_ld
probe_ld:
	ld	a0, 0(a0)
	ret
	.globl	probe_sd
probe_sd:
	sd	a1, 0(a0)
	ret
	.globl	probe_amoswap
probe_amoswap:
	amoswap.d a0, a1, (a0)
	ret
	.globl	probe_call
probe_call:
	mv	t0, ra		/* the trap handler keeps t0 */
	jalr	a0
	mv	ra, t0
	ret
probes_end:
