/* Nested paging (H extension): the state a VM keeps for its G-stage. */
#ifndef MMU_NESTED_H
#define MMU_NESTED_H

#include <stdint.h>

struct nested_stats {
	uint64_t gstage_faults; /* guest-page faults on RAM, each filling one G-stage leaf */
	uint64_t gstage_leaves; /* G-stage leaves mapped, by the faults above */
	uint64_t access_faults; /* guest-page faults outside RAM, reflected as access faults */
};

struct nested_vm {
	uint64_t root; /* Sv39x4 root: 16 KiB, from the VM's pool */
	uint64_t vmid;
	struct nested_stats stats;
};

#endif
