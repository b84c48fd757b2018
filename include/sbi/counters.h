/*
 * The counters extension: a VM reads its own exit counters. Shared by the hypervisor and the
 * guest programs that read them (guests/linux/workloads/), so it holds only constants.
 *
 * The EID is in SBI's firmware-specific space (0x0A000000-0x0AFFFFFF), whose low bits are the
 * SBI implementation id (base extension, 0x5356 for shadowvisor): the counters are this
 * firmware's, not a hardware vendor's (the vendor space is keyed by mvendorid, QEMU's 0).
 *
 * Two ways in, with the SBI convention either way (a7 = EID, a6 = FID, a0 = argument; returns
 * a0 = error, a1 = value):
 * - ecall from the guest kernel (S-mode), like every SBI call;
 * - the backdoor instruction from S or U mode: the guest kernel keeps U-mode ecalls for itself
 *   (medeleg), but an illegal instruction always reaches the hypervisor, which runs this one
 *   encoding as the call and steps over it. Anything else illegal is the guest's fault as
 *   before; natively (OpenSBI) the backdoor is SIGILL. Only this extension is reachable so.
 */
#ifndef SBI_COUNTERS_H
#define SBI_COUNTERS_H

#define SBI_EXT_SV_COUNTERS 0x0A005356

/* custom-0 opcode (0x0b), I-type, rd = rs1 = x0, funct3 = 0, imm = 0x535. */
#define SV_BACKDOOR_INSN 0x5350000bu

#define SV_FID_NUM_COUNTERS  0 /* value = SV_CTR_COUNT */
#define SV_FID_READ          1 /* a0 = counter: its value now */
#define SV_FID_SNAPSHOT      2 /* copies every counter of the VM at once into its snapshot */
#define SV_FID_READ_SNAPSHOT 3 /* a0 = counter: its value in the last snapshot */

/*
 * Counter indices. Each exit is counted before it is handled, so a read counts itself; the
 * hypervisor instruction counts (minstret from the start of the exit's C handler to just before
 * the guest resumes: exact under QEMU -icount, host ticks without it) only once it is handled.
 * The MODE counters are the MMU mode's own (shadow paging's here), zero in a mode without them.
 */
enum sv_counter {
	SV_CTR_EXITS,       /* every trap into the hypervisor */
	SV_CTR_ECALL,       /* ecalls from the guest kernel (SBI calls) */
	SV_CTR_ILLEGAL,     /* illegal-instruction exits: satp, sfence.vma, wfi, backdoor, other */
	SV_CTR_PAGE_FAULT,  /* page-fault exits: fetch, load and store */
	SV_CTR_TIMER_IRQ,   /* machine timer interrupts (the guest's timer is multiplexed on it) */
	SV_CTR_REFLECTED,   /* exceptions handed to the guest */
	SV_CTR_SATP_WRITES, /* trapped satp writes */
	SV_CTR_SFENCE,      /* trapped sfence.vma, every form */
	SV_CTR_WFI,         /* trapped wfi */
	SV_CTR_HV_INSNS,    /* hypervisor instructions over the exits below and the others */
	SV_CTR_HV_INSNS_ECALL,
	SV_CTR_HV_INSNS_ILLEGAL, /* without wfi exits, whose count includes idle time */
	SV_CTR_HV_INSNS_PAGE_FAULT,
	SV_CTR_HV_INSNS_TIMER_IRQ,
	SV_CTR_MODE_SHADOW_FAULTS, /* page faults fixed by filling shadows, unseen by the guest */
	SV_CTR_MODE_GUEST_FAULTS,  /* page faults that were the guest's own (reflected) */
	SV_CTR_MODE_PT_WRITES,     /* emulated stores to write-protected guest page tables */
	SV_CTR_MODE_ZAP_ALL,       /* every shadow dropped at once */
	SV_CTR_MODE_GSTAGE_FAULTS, /* nested mode: guest-page faults that filled the G-stage */
	SV_CTR_MEM_RESIDENT,       /* 4 KiB pages of the VM's RAM with host memory behind them */
	SV_CTR_MEM_HOST_FREE,      /* 4 KiB pages of guest memory no VM has (the machine's) */
	SV_CTR_COUNT
};

#endif
