/* RISC-V control and status registers used by the hypervisor (M-mode only). */
#ifndef ARCH_CSR_H
#define ARCH_CSR_H

#include <stdint.h>

/* The wrappers expand their argument first, so a CSR may be named by a number macro. */
#define csr_read(csr) csr_read_(csr)
#define csr_read_(csr)                                                                             \
	({                                                                                         \
		uint64_t v_;                                                                       \
		__asm__ volatile("csrr %0, " #csr : "=r"(v_));                                     \
		v_;                                                                                \
	})
#define csr_write(csr, val)  csr_write_(csr, val)
#define csr_write_(csr, val) __asm__ volatile("csrw " #csr ", %0" ::"rK"((uint64_t)(val)))
#define csr_set(csr, val)    csr_set_(csr, val)
#define csr_set_(csr, val)   __asm__ volatile("csrs " #csr ", %0" ::"rK"((uint64_t)(val)))
#define csr_clear(csr, val)  csr_clear_(csr, val)
#define csr_clear_(csr, val) __asm__ volatile("csrc " #csr ", %0" ::"rK"((uint64_t)(val)))
/* Set or clear bits and return the old value, in one instruction. */
#define csr_read_set(csr, val) csr_read_set_(csr, val)
#define csr_read_set_(csr, val)                                                                    \
	({                                                                                         \
		uint64_t v_;                                                                       \
		__asm__ volatile("csrrs %0, " #csr ", %1" : "=r"(v_) : "rK"((uint64_t)(val)));     \
		v_;                                                                                \
	})
#define csr_read_clear(csr, val) csr_read_clear_(csr, val)
#define csr_read_clear_(csr, val)                                                                  \
	({                                                                                         \
		uint64_t v_;                                                                       \
		__asm__ volatile("csrrc %0, " #csr ", %1" : "=r"(v_) : "rK"((uint64_t)(val)));     \
		v_;                                                                                \
	})

/* CSRs GCC 12's assembler does not know by name (H extension, envcfg): their numbers. */
#define CSR_MENVCFG    0x30a
#define CSR_MTINST     0x34a
#define CSR_MTVAL2     0x34b
#define CSR_VSSTATUS   0x200
#define CSR_VSIE       0x204
#define CSR_VSTVEC     0x205
#define CSR_VSSCRATCH  0x240
#define CSR_VSEPC      0x241
#define CSR_VSCAUSE    0x242
#define CSR_VSTVAL     0x243
#define CSR_VSATP      0x280
#define CSR_HSTATUS    0x600
#define CSR_HEDELEG    0x602
#define CSR_HIDELEG    0x603
#define CSR_HTIMEDELTA 0x605
#define CSR_HCOUNTEREN 0x606
#define CSR_HENVCFG    0x60a
#define CSR_HVIP       0x645
#define CSR_HGATP      0x680

#define MISA_H (1ull << ('h' - 'a'))

/* m/h/scounteren: cycle, time and instret, which guests may read (Linux expects time). */
#define COUNTEREN_CY_TM_IR 7

#define MSTATUS_SIE       (1ull << 1)
#define MSTATUS_MIE       (1ull << 3)
#define MSTATUS_SPIE      (1ull << 5)
#define MSTATUS_MPIE      (1ull << 7)
#define MSTATUS_SPP       (1ull << 8)
#define MSTATUS_MPP_SHIFT 11
#define MSTATUS_MPP       (3ull << MSTATUS_MPP_SHIFT)
#define MSTATUS_FS        (3ull << 13)
#define MSTATUS_FS_INIT   (1ull << 13)
#define MSTATUS_MPRV      (1ull << 17)
#define MSTATUS_SUM       (1ull << 18)
#define MSTATUS_MXR       (1ull << 19)
#define MSTATUS_TVM       (1ull << 20)
#define MSTATUS_TW        (1ull << 21)
#define MSTATUS_TSR       (1ull << 22)
#define MSTATUS_UXL_64    (2ull << 32)
#define MSTATUS_MPV       (1ull << 39)

#define PRV_U 0
#define PRV_S 1
#define PRV_M 3

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
