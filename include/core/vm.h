/*
 * A virtual machine: its memory, its MMU mode's state, its vCPUs, SBI state, counters and
 * console. Anything that ends or rebuilds a VM is a request (vm_request_*), carried out by the
 * scheduler on the way back to a guest, never from inside a handler.
 */
#ifndef CORE_VM_H
#define CORE_VM_H

#include <stdbool.h>
#include <stdint.h>

#include "core/console.h"
#include "core/hart.h"
#include "core/hv_lock.h"
#include "core/stats.h"
#include "core/vcpu.h"
#include "core/vm_config.h"
#include "lib/addr.h"
#include "mm/pmap.h"
#include "mm/pt_pool.h"
#include "mmu/mmu.h"
#include "sbi/sbi.h"

#define VM_MAX              8
#define VM_MAX_VCPUS        8
#define GUEST_RAM_BASE      0x80000000ull
#define GUEST_KERNEL_OFFSET 0x200000ull
#define VM_WHY_MAX          128

_Static_assert(VM_MAX_VCPUS <= SBI_MAX_HARTS, "a VM's harts must fit SBI's hart masks");

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

#define VM_REQ_STOP    (1u << 0) /* end it: stop_end and stop_why say how */
#define VM_REQ_RESTART (1u << 1) /* rebuild it from its images and start it again */

/* An image the host command had QEMU place in RAM: a kernel with its VM's configuration as
 * text, or a ramdisk a configuration names by address. */
struct vm_module {
	hpa_t base;
	uint64_t size;
	bool kernel;
	const char *config;
	uint32_t config_len;
};

/* What the machine gives its VMs, from the host device tree and the boot hart. */
struct vm_host {
	struct page_alloc *mem;
	struct chunk_arena *guest_mem; /* made from what mem has left once the VMs are begun */
	const struct vm_module *modules;
	unsigned nmodules;
	const char *isa;        /* riscv,isa of the boot hart */
	unsigned paging_levels; /* its deepest paging mode, as satp showed it: 3 (Sv39) to 5 */
	uint32_t timebase_hz;
};

struct vm {
	/* Its MMU state, its counters, and which harts its vCPUs are loaded in (vcpu.on_hart,
	 * vcpu.hart, hart.cur) change only under it: see core/hv_lock.h. */
	struct spinlock lock;
	unsigned id;
	enum vm_state state;
	enum vm_end end;
	unsigned requests; /* VM_REQ_* */
	enum vm_end stop_end;
	char stop_why[VM_WHY_MAX];
	struct vm_config cfg;
	const struct mmu_mode *mode;
	struct mmu_vm *mmu;         /* the mode's state of this VM */
	hpa_t chunks_hpa, pool_hpa; /* its pmap's chunk table, its page-table pool */
	uint64_t chunks_size, pool_size;
	struct pmap pmap;
	struct pt_pool pool;
	struct vcpu vcpu[VM_MAX_VCPUS];
	unsigned nvcpu;
	struct sbi_vm sbi;
	struct vm_stats stats;
	struct vm_console console;
	const struct vm_module *kernel; /* its images stay in host RAM for a restart */
	bool sbi_flood_reported;
	/* The hold of its lock in which its MMU mode last quiesced it (vm_quiesce). */
	unsigned quiesced_hart;
	uint64_t quiesced_hold;
	uint64_t quiesces; /* holds in which it did */
};

/* The VMs, created in order from vm_table[0]: reach them through vm_at. */
extern struct vm vm_table[VM_MAX];
extern unsigned vm_count;

/* Creates a VM for every kernel module; returns how many started. */
unsigned vm_create_all(const struct vm_host *host);

/* VM number id (running or stopped), or NULL past the last one created. */
static inline struct vm *vm_at(unsigned id)
{
	return id < vm_count ? &vm_table[id] : NULL;
}

static inline void vm_lock(struct vm *vm)
{
	hv_take(hart_self(), &vm->lock);
}

static inline void vm_unlock(struct vm *vm)
{
	spin_unlock(&vm->lock);
}

/* Asks for the VM to end (the first reason asked for is the one given). */
void vm_request_stop(struct vm *vm, enum vm_end end, const char *why);
/* Asks for the VM to be rebuilt from its original images and started again. */
void vm_request_restart(struct vm *vm);
/* Whether a VM was asked for something since the scheduler last carried requests out: it
 * looks on every exit, and clears it. */
extern bool vm_requests_waiting;
/* The scheduler, with no vCPU of the VM on a hart: ends it as asked, saying why. */
void vm_stop(struct vm *vm);
/* The scheduler, with no vCPU of the VM on a hart: rebuilds and starts it. */
void vm_restart(struct vm *vm);
/* The VM's counters line. */
void vm_print_stats(const struct vm *vm);
/* The machine's guest memory: free, and in all. */
void vm_print_guest_memory(void);

#endif
