/* Shadow paging: the state a VM keeps for it. */
#ifndef MMU_SHADOW_H
#define MMU_SHADOW_H

#include <stdint.h>

struct shadow_vm {
	/* Root the real satp holds while the guest's satp is Bare: guest RAM, identity-mapped. */
	uint64_t bare_root;
};

#endif
