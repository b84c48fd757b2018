/* How portable code reaches host-physical memory: identity in the firmware, a buffer in tests. */
#ifndef MM_PHYS_H
#define MM_PHYS_H

#include <stdint.h>

void *phys_to_virt(uint64_t pa);

#endif
