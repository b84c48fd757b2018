/* On the host, the tests' "physical" memory is ordinary memory they allocate. */
#include "mm/phys.h"

void *phys_to_virt(uint64_t pa)
{
	return (void *)(uintptr_t)pa;
}
