/* Nested paging (H extension): the state a VM keeps for its G-stage. */
#ifndef MMU_NESTED_H
#define MMU_NESTED_H

#include <stdbool.h>
#include <stdint.h>

struct nested_stats {
	uint64_t gstage_faults; /* guest-page faults on RAM, each filling one G-stage leaf */
	uint64_t gstage_leaves; /* G-stage leaves mapped, by the faults above */
	uint64_t access_faults; /* guest-page faults outside RAM, reflected as access faults */
};

struct nested_vm {
	uint64_t root;   /* the G-stage root: 16 KiB, from the VM's pool */
	unsigned levels; /* 3 (Sv39x4) or 4 (Sv48x4) */
	uint64_t vmid;
	struct nested_stats stats;
};

/* Whether this CPU's hgatp implements Sv48x4 (a VM may ask for it with gstage=sv48x4). */
bool nested_has_sv48x4(void);

#endif
