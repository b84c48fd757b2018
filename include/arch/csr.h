/* RISC-V control and status registers used by the hypervisor (M-mode only). */
#ifndef ARCH_CSR_H
#define ARCH_CSR_H

#include <stdint.h>

#define csr_read(csr)                                                                              \
	({                                                                                         \
		uint64_t v_;                                                                       \
		__asm__ volatile("csrr %0, " #csr : "=r"(v_));                                     \
		v_;                                                                                \
	})
#define csr_write(csr, val) __asm__ volatile("csrw " #csr ", %0" ::"rK"((uint64_t)(val)))
#define csr_set(csr, val)   __asm__ volatile("csrs " #csr ", %0" ::"rK"((uint64_t)(val)))
#define csr_clear(csr, val) __asm__ volatile("csrc " #csr ", %0" ::"rK"((uint64_t)(val)))

/* H-extension CSRs are not known to GCC 12's assembler: use their numbers. */
#define CSR_HGATP 0x680

#define MSTATUS_SIE       (1ull << 1)
#define MSTATUS_MIE       (1ull << 3)
#define MSTATUS_SPIE      (1ull << 5)
#define MSTATUS_MPIE      (1ull << 7)
#define MSTATUS_SPP       (1ull << 8)
#define MSTATUS_MPP_SHIFT 11
#define MSTATUS_MPP       (3ull << MSTATUS_MPP_SHIFT)
#define MSTATUS_FS        (3ull << 13)
#define MSTATUS_MPRV      (1ull << 17)
#define MSTATUS_SUM       (1ull << 18)
#define MSTATUS_MXR       (1ull << 19)
#define MSTATUS_TVM       (1ull << 20)
#define MSTATUS_TW        (1ull << 21)
#define MSTATUS_TSR       (1ull << 22)
#define MSTATUS_MPV       (1ull << 39)

#define PRV_U 0
#define PRV_S 1
#define PRV_M 3

/* The privilege the hart trapped from: mstatus.MPP. */
static inline unsigned trapped_priv(void)
{
	return (unsigned)((csr_read(mstatus) & MSTATUS_MPP) >> MSTATUS_MPP_SHIFT);
}

#define IRQ_S_SOFT  1
#define IRQ_M_SOFT  3
#define IRQ_S_TIMER 5
#define IRQ_M_TIMER 7
#define IRQ_S_EXT   9
#define IRQ_M_EXT   11

#define MIP_SSIP (1ull << IRQ_S_SOFT)
#define MIP_MSIP (1ull << IRQ_M_SOFT)
#define MIP_STIP (1ull << IRQ_S_TIMER)
#define MIP_MTIP (1ull << IRQ_M_TIMER)
#define MIP_SEIP (1ull << IRQ_S_EXT)

#define MCAUSE_IRQ (1ull << 63)

#define EXC_INSN_MISALIGNED        0
#define EXC_INSN_ACCESS            1
#define EXC_ILLEGAL_INSN           2
#define EXC_BREAKPOINT             3
#define EXC_LOAD_MISALIGNED        4
#define EXC_LOAD_ACCESS            5
#define EXC_STORE_MISALIGNED       6
#define EXC_STORE_ACCESS           7
#define EXC_ECALL_U                8
#define EXC_ECALL_S                9
#define EXC_ECALL_VS               10
#define EXC_ECALL_M                11
#define EXC_INSN_PAGE_FAULT        12
#define EXC_LOAD_PAGE_FAULT        13
#define EXC_STORE_PAGE_FAULT       15
#define EXC_INSN_GUEST_PAGE_FAULT  20
#define EXC_LOAD_GUEST_PAGE_FAULT  21
#define EXC_VIRTUAL_INSN           22
#define EXC_STORE_GUEST_PAGE_FAULT 23
#define EXC_COUNT                  24

#define PMP_R   0x01
#define PMP_W   0x02
#define PMP_X   0x04
#define PMP_TOR 0x08

#endif
