/* Four PMP entries, two TOR ranges; S/U accesses matching none are denied by the hardware. */
#include "mm/pmp.h"

#include "arch/csr.h"

void pmp_enter(hpa_t pool, uint64_t pool_size, hpa_t guest_mem, uint64_t guest_mem_size)
{
	csr_write(pmpaddr0, pool >> 2);
	csr_write(pmpaddr1, (pool + pool_size) >> 2);
	csr_write(pmpaddr2, guest_mem >> 2);
	csr_write(pmpaddr3, (guest_mem + guest_mem_size) >> 2);
	csr_write(pmpcfg0, ((uint64_t)(PMP_TOR | PMP_R) << 8) |
	                       ((uint64_t)(PMP_TOR | PMP_R | PMP_W | PMP_X) << 24));
	__asm__ volatile("sfence.vma" ::: "memory");
}
