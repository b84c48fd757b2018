/*
 * PMP: the second line of defence, confining S and U to guest memory. Guest RAM is backed by
 * chunks scattered over the guest-memory arena, more than PMP has entries for, so the grant is
 * the whole arena: it keeps the hypervisor, its pools and its tables out of a guest's reach,
 * while one VM is kept from another's chunks by its shadow or G-stage tables alone.
 */
#ifndef MM_PMP_H
#define MM_PMP_H

#include <stdint.h>

#include "lib/addr.h"

/* Grants S and U guest memory read/write/execute and the VM's page-table pool read (for the
 * page walker), and nothing else. */
void pmp_enter(hpa_t pool, uint64_t pool_size, hpa_t guest_mem, uint64_t guest_mem_size);

#endif
