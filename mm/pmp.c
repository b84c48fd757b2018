/* Four PMP entries, two TOR ranges; S/U accesses matching none are denied by the hardware. */
#include "mm/pmp.h"

#include "arch/csr.h"
#include "core/vm.h"

void pmp_enter_vm(const struct vm *vm)
{
	csr_write(pmpaddr0, vm->pool_hpa >> 2);
	csr_write(pmpaddr1, (vm->pool_hpa + vm->pool_size) >> 2);
	csr_write(pmpaddr2, vm->ram_hpa >> 2);
	csr_write(pmpaddr3, (vm->ram_hpa + vm->ram_size) >> 2);
	csr_write(pmpcfg0, ((uint64_t)(PMP_TOR | PMP_R) << 8) |
	                       ((uint64_t)(PMP_TOR | PMP_R | PMP_W | PMP_X) << 24));
	__asm__ volatile("sfence.vma" ::: "memory");
}
