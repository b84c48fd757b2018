/* PMP: the second line of defence, confining S and U to the running VM's memory. */
#ifndef MM_PMP_H
#define MM_PMP_H

#include <stdint.h>

#include "lib/addr.h"

/* Grants S and U the VM's RAM read/write/execute and its page-table pool read (for the page
 * walker), and nothing else. */
void pmp_enter(hpa_t pool, uint64_t pool_size, hpa_t ram, uint64_t ram_size);

#endif
