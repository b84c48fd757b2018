/*
 * void fpregs_read(uint64_t f[32]): the guest's FP registers, for emulating its FP stores.
 * The hypervisor is built without F/D; only this routine touches FP state, and only when the
 * guest's mstatus.FS is not Off.
 */
	.option	push
	.option	arch, +d
	.text
	.globl	fpregs_read
fpregs_read:
	.irp i, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31
	fsd	f\i, (\i * 8)(a0)
	.endr
	ret
	.option	pop
