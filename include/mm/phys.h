/*
 * How portable code reaches host-physical memory. The firmware runs in M-mode with translation
 * off, and the host tests allocate the memory they call physical: a pointer either way.
 */
#ifndef MM_PHYS_H
#define MM_PHYS_H

#include <stdint.h>

static inline void *phys_to_virt(uint64_t pa)
{
	return (void *)(uintptr_t)pa;
}

#endif
