/*
 * Addresses say which space they are in. The hypervisor runs in M-mode without translation, so
 * a host-physical address is also where it reaches the memory (through mm/phys.h on the host).
 */
#ifndef LIB_ADDR_H
#define LIB_ADDR_H

#include <stdint.h>

typedef uint64_t gva_t; /* guest-virtual: what the guest's satp translates */
typedef uint64_t gpa_t; /* guest-physical: what the pmap translates */
typedef uint64_t hpa_t; /* host-physical */

#endif
