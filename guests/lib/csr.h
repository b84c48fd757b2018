/* SPDX-License-Identifier: MIT */
/* Test guests: S-mode CSR access helpers. */
#ifndef GUEST_CSR_H
#define GUEST_CSR_H

#define SSTATUS_SIE (1UL << 1)

#define SIE_SSIE (1UL << 1)
#define SIE_STIE (1UL << 5)
#define SIP_SSIP (1UL << 1)

#define SCAUSE_INTERRUPT (1UL << 63)
#define IRQ_S_SOFT       1UL
#define IRQ_S_TIMER      5UL

#define csr_read(csr)                                                                              \
	({                                                                                         \
		unsigned long __v;                                                                 \
		__asm__ volatile("csrr %0, " #csr : "=r"(__v) : : "memory");                       \
		__v;                                                                               \
	})

#define csr_write(csr, val)                                                                        \
	({                                                                                         \
		unsigned long __v = (unsigned long)(val);                                          \
		__asm__ volatile("csrw " #csr ", %0" : : "rK"(__v) : "memory");                    \
	})

#define csr_set(csr, val)                                                                          \
	({                                                                                         \
		unsigned long __v = (unsigned long)(val);                                          \
		__asm__ volatile("csrs " #csr ", %0" : : "rK"(__v) : "memory");                    \
	})

#define csr_clear(csr, val)                                                                        \
	({                                                                                         \
		unsigned long __v = (unsigned long)(val);                                          \
		__asm__ volatile("csrc " #csr ", %0" : : "rK"(__v) : "memory");                    \
	})

static inline unsigned long rdtime(void)
{
	unsigned long t;

	__asm__ volatile("rdtime %0" : "=r"(t) : : "memory");
	return t;
}

static inline void wfi(void)
{
	__asm__ volatile("wfi" : : : "memory");
}

#endif /* GUEST_CSR_H */
