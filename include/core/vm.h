/* A virtual machine: its memory, its MMU mode and state, its vCPUs and counters. */
#ifndef CORE_VM_H
#define CORE_VM_H

#include <stdbool.h>
#include <stdint.h>

#include "core/stats.h"
#include "core/vconsole.h"
#include "core/vcpu.h"
#include "core/vm_config.h"
#include "mm/pmap.h"
#include "mm/pt_pool.h"
#include "mmu/mmu.h"
#include "mmu/nested.h"
#include "mmu/shadow.h"

#define VM_MAX              8
#define VM_MAX_VCPUS        1
#define GUEST_RAM_BASE      0x80000000ull
#define GUEST_KERNEL_OFFSET 0x200000ull

enum vm_state { VM_EMPTY, VM_RUNNING, VM_STOPPED };

/*
 * Why a VM ended. The machine's exit status (QEMU's exit code) is the highest of these over all
 * VMs; 1 is reserved for a hypervisor panic.
 */
enum vm_end {
	VM_END_SHUTDOWN = 0, /* SRST shutdown, no failure */
	VM_END_ERROR = 2,    /* refused by the hypervisor: bad configuration or image */
	VM_END_FAILURE = 3,  /* SRST shutdown with reason "system failure", or all harts stopped */
	VM_END_RESET = 4,    /* SRST reboot */
};

struct vm {
	unsigned id;
	enum vm_state state;
	enum vm_end end;
	struct vm_config cfg;
	const struct mmu_ops *mmu;
	uint64_t ram_hpa, ram_size;
	uint64_t pool_hpa, pool_size;
	struct pmap pmap;
	struct pt_pool pool;
	struct shadow_vm shadow; /* mode=shadow */
	struct nested_vm nested; /* mode=nested */
	struct vcpu vcpu[VM_MAX_VCPUS];
	unsigned nvcpu;
	uint64_t meta_hpa, meta_size; /* MMU metadata from the host allocator (shadow mode) */
	struct vm_stats stats;
	struct vm_console console;
	const struct boot_module *kernel; /* its images stay in host RAM for a restart */
	bool sbi_flood_reported;
	bool restart_pending;
};

extern struct vm vms[VM_MAX];

/* Creates a VM for every kernel module the host command passed; returns how many started. */
struct page_alloc;
unsigned vm_create_all(struct page_alloc *host);
/* Ends the VM (its vCPUs never run again) and prints why and its counters. */
void vm_stop(struct vm *vm, enum vm_end end, const char *why);
/* Asks for the VM to be rebuilt from its original images and started again. */
void vm_request_restart(struct vm *vm);
/* Carries out requested restarts; the scheduler calls it with no vCPU frame in use. */
void vm_restart_pending(void);
struct vcpu *vm_vcpu_by_hartid(struct vm *vm, uint64_t hartid);

#endif
