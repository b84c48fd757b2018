/*
 * The guest's FP registers: f0-f31 and fcsr, in an array of 33 doublewords. The hypervisor is
 * built without F/D; only these routines touch FP state, and only with mstatus.FS not Off.
 *   void fpregs_save(uint64_t f[33]);  the guest's registers, for a vCPU switch or emulation
 *   void fpregs_load(const uint64_t f[33]);
 */
	.option	push
	.option	arch, +d
	.text
	.globl	fpregs_save
fpregs_save:
	.irp i, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31
	fsd	f\i, (\i * 8)(a0)
	.endr
	frcsr	t0
	sd	t0, (32 * 8)(a0)
	ret

	.globl	fpregs_load
fpregs_load:
	.irp i, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31
	fld	f\i, (\i * 8)(a0)
	.endr
	ld	t0, (32 * 8)(a0)
	fscsr	t0
	ret
	.option	pop
