/* Nested paging's state, private to mmu/: per VM its G-stage. */
#ifndef MMU_NESTED_H
#define MMU_NESTED_H

#include <stdint.h>

#include "lib/addr.h"

struct pmap;
struct pt_pool;

struct nested_stats {
	uint64_t gstage_faults; /* guest-page faults on RAM, each filling one G-stage leaf */
	uint64_t gstage_leaves; /* G-stage leaves mapped, by the faults above */
	uint64_t access_faults; /* guest-page faults outside RAM, reflected as access faults */
};

struct nested_vm;

/* Nested mode keeps no per-vCPU state of its own: the guest's are all in VS CSRs. */
struct nested_vcpu {
	struct nested_vm *vm;
};

struct nested_vm {
	struct pmap *pm;
	struct pt_pool *pool;
	hpa_t root;      /* the G-stage root: 16 KiB, from the VM's pool */
	unsigned levels; /* 3 (Sv39x4) or 4 (Sv48x4) */
	uint64_t vmid;
	unsigned host_levels; /* the host's deepest paging mode, the guest's VS-stage too */
	hpa_t self;           /* this struct and its vCPUs: one host allocation */
	uint64_t self_size;
	struct nested_stats stats;
	unsigned nvcpus;
	struct nested_vcpu vcpu[];
};

#endif
