/*
 * Single instructions that may fault, each 4 bytes (no compression) so the trap handler can
 * step over them, plus the way into U-mode.
 */
	.option	norvc
	.text
	.globl	probe_load, probe_store, probe_jump, probe_illegal, probe_ebreak
	.globl	probe_satp_read, probe_sfence, enter_user, user_ecall, user_load

/* unsigned long probe_load(unsigned long addr) */
probe_load:
	ld	a0, 0(a0)
	ret

probe_store:
	sd	zero, 0(a0)
	ret

/* Jumps to addr; a fault there resumes at ra. */
probe_jump:
	jr	a0

probe_illegal:
	csrr	a0, mscratch
	ret

probe_ebreak:
	ebreak
	ret

probe_satp_read:
	csrr	a0, satp
	ret

probe_sfence:
	sfence.vma
	sfence.vma a0
	sfence.vma zero, a1
	sfence.vma a0, a1
	ret

/* enter_user(pc, arg): sret to U-mode at pc with a0 = arg; the handler returns to our ra. */
enter_user:
	csrw	sepc, a0
	mv	a0, a1
	li	t0, 1 << 8		/* sstatus.SPP = U */
	csrc	sstatus, t0
	sret

user_ecall:
	ecall
1:	j	1b

user_load:
	ld	a0, 0(a0)
	ecall
1:	j	1b
