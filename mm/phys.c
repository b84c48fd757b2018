/* The hypervisor runs in M-mode with translation off: host-physical addresses are pointers. */
#include "mm/phys.h"

void *phys_to_virt(uint64_t pa)
{
	return (void *)(uintptr_t)pa;
}
