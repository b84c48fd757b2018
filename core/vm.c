/*
 * VM creation from the images the host command had QEMU's guest-loader place in RAM: one
 * kernel module per VM, in order, whose bootargs are the VM's configuration (key=value lines),
 * and optionally a ramdisk module the configuration names by address. Also the VM's end and
 * restart, which the scheduler carries out when a handler or the hypervisor console asks.
 */
#include "core/vm.h"

#include <string.h>

#include "core/guest_fdt.h"
#include "core/guest_layout.h"
#include "core/hart.h"
#include "core/hv_lock.h"
#include "lib/printk.h"
#include "lib/util.h"
#include "mm/page_alloc.h"

struct vm vm_table[VM_MAX];
unsigned vm_count;
bool vm_requests_waiting;
static const struct vm_host *host;

/* Default pool: enough for the page tables of a busy Linux guest, bounded by its RAM. */
static uint64_t default_pool(uint64_t mem)
{
	return MAX(2 * MiB, align_up(mem / 16, PAGE_SIZE));
}

static int alloc_memory(struct vm *vm, char *err, size_t errlen)
{
	uint64_t pool = vm->cfg.pool ? vm->cfg.pool : default_pool(vm->cfg.mem);

	vm->pool_hpa = page_alloc(host->mem, pool, PAGE_SIZE);
	if (!vm->pool_hpa) {
		snprintf_sv(err, errlen, "no host memory left for a %lu KiB page-table pool",
		            (unsigned long)(pool / KiB));
		return -1;
	}
	vm->pool_size = pool;
	vm->chunks_size = pmap_table_size(vm->cfg.mem);
	vm->chunks_hpa = page_alloc(host->mem, vm->chunks_size, PAGE_SIZE);
	if (!vm->chunks_hpa) {
		snprintf_sv(err, errlen, "no host memory left for its %lu-entry chunk table",
		            (unsigned long)(vm->cfg.mem / CHUNK_SIZE));
		return -1;
	}
	/* Its RAM is backed on first touch, from chunks that are zeroed before they are handed
	 * out: nothing of a previous owner leaks into the guest. */
	pmap_init(&vm->pmap, GUEST_RAM_BASE, vm->cfg.mem, phys_to_virt(vm->chunks_hpa),
	          host->guest_mem);
	pt_pool_init(&vm->pool, vm->pool_hpa, pool / PAGE_SIZE);
	return 0;
}

static const struct vm_module *ramdisk_at(hpa_t addr)
{
	for (unsigned i = 0; i < host->nmodules; i++)
		if (!host->modules[i].kernel && host->modules[i].base == addr)
			return &host->modules[i];
	return NULL;
}

/* Copies an image into guest RAM; the caller has checked that it fits. */
static int copy_in(struct vm *vm, gpa_t gpa, const struct vm_module *m, char *err, size_t errlen)
{
	if (pmap_write(&vm->pmap, gpa, (const void *)(uintptr_t)m->base, m->size) < 0) {
		snprintf_sv(err, errlen, "guest memory ran out while loading its images");
		return -1;
	}
	return 0;
}

static int load_images(struct vm *vm, struct guest_layout *l, char *err, size_t errlen)
{
	const struct vm_module *kernel = vm->kernel, *initrd = NULL;

	if (vm->cfg.initrd_module && !(initrd = ramdisk_at(vm->cfg.initrd_module))) {
		snprintf_sv(err, errlen, "initrd=0x%lx names no ramdisk module",
		            (unsigned long)vm->cfg.initrd_module);
		return -1;
	}
	if (kernel->size == 0) {
		snprintf_sv(err, errlen, "the kernel image is empty");
		return -1;
	}
	uint64_t footprint =
	    kernel_footprint((const void *)(uintptr_t)kernel->base, kernel->size, kernel->size);
	if (guest_layout_plan(l, GUEST_RAM_BASE, vm->cfg.mem, GUEST_KERNEL_OFFSET, footprint,
	                      initrd ? initrd->size : 0, err, errlen) < 0)
		return -1;
	if (copy_in(vm, l->kernel_gpa, kernel, err, errlen) < 0 ||
	    (initrd && copy_in(vm, l->initrd_gpa, initrd, err, errlen) < 0))
		return -1;
	return 0;
}

static int build_fdt(struct vm *vm, const struct guest_layout *l, char *err, size_t errlen)
{
	const struct guest_fdt_params p = {
	    .ram_gpa = GUEST_RAM_BASE,
	    .ram_size = vm->cfg.mem,
	    .initrd_start = l->initrd_size ? l->initrd_gpa : 0,
	    .initrd_end = l->initrd_size ? l->initrd_gpa + l->initrd_size : 0,
	    .bootargs = vm->cfg.append,
	    .timebase_hz = host->timebase_hz,
	    .host_isa = host->isa,
	    .mmu_type = vm->mode->vm.fdt_mmu_type(vm->mmu),
	    .nvcpus = vm->cfg.vcpus,
	};
	void *dst = pmap_ptr(&vm->pmap, l->fdt_gpa, GUEST_FDT_MAX);

	if (!dst) {
		snprintf_sv(err, errlen, "guest memory ran out while writing its device tree");
		return -1;
	}
	if (guest_fdt_build(dst, GUEST_FDT_MAX, &p) < 0) {
		snprintf_sv(err, errlen, "the guest device tree does not fit in %u bytes",
		            GUEST_FDT_MAX);
		return -1;
	}
	return 0;
}

static void vcpu_reset(struct vm *vm, unsigned id, const struct guest_layout *l)
{
	struct vcpu *v = &vm->vcpu[id];

	memset(v, 0, sizeof(*v));
	v->vm = vm;
	v->mode = vm->mode;
	v->mmu = vm->mode->vm.vcpu(vm->mmu, id);
	v->id = id;
	v->timer_deadline = UINT64_MAX;
	/* The FPU usable, as under OpenSBI; user mode 64-bit (the field is the same in vsstatus).
	 */
	v->csrs.status = MSTATUS_FS_INIT | MSTATUS_UXL_64;
	/* User code may read the counters until its kernel says otherwise: Linux relies on
	 * firmware leaving scounteren open, as OpenSBI does. */
	v->csrs.counteren = COUNTEREN_CY_TM_IR;
	v->csrs.priv = PRV_S;
	/* Linux's boot protocol: a0 = hart id, a1 = device tree, satp Bare, in S-mode. */
	v->tf.pc = l->kernel_gpa;
	v->tf.x[10] = id;
	v->tf.x[11] = l->fdt_gpa;
}

/*
 * The MMU mode changes translations other harts may cache (mmu_vm_params.quiesce): each other
 * loaded vCPU gets a shootdown and a request to catch up before it resumes, which needs the VM's
 * lock: its hart stays in the hypervisor until this one lets that lock go. Once per hold of the
 * lock is enough.
 */
static void vm_quiesce(void *ctx)
{
	struct vm *vm = ctx;
	struct hart *self = hart_self();

	if (vm->quiesced_hart == self->id && vm->quiesced_hold == self->holds)
		return;
	vm->quiesced_hart = self->id;
	vm->quiesced_hold = self->holds;
	vm->quiesces++;
	for (unsigned i = 0; i < vm->nvcpu; i++) {
		struct vcpu *u = &vm->vcpu[i];
		if (u->on_hart && u->hart != self->id) {
			vcpu_request(u, VCPU_REQ_MMU);
			hv_shootdown(u);
		}
	}
}

/* Its configuration, and what the hypervisor keeps for it: pool, chunk table, mode state. */
static int vm_prepare(struct vm *vm, char *err, size_t errlen)
{
	const struct vm_module *kernel = vm->kernel;
	/* The property's terminating NUL is not part of the text. */
	size_t len = kernel->config_len ? kernel->config_len - 1 : 0;

	if (vm_config_parse(&vm->cfg, kernel->config, len, err, errlen) < 0)
		return -1;
	if (!vm->cfg.name[0])
		snprintf_sv(vm->cfg.name, sizeof(vm->cfg.name), "vm%u", vm->id);
	if (vm->cfg.vcpus > VM_MAX_VCPUS) {
		snprintf_sv(err, errlen, "vcpus=%u: at most %u vCPUs per VM", vm->cfg.vcpus,
		            VM_MAX_VCPUS);
		return -1;
	}
	vm->mode = vm->cfg.mode == MMU_NESTED ? &mmu_nested : &mmu_shadow;
	if (alloc_memory(vm, err, errlen) < 0)
		return -1;
	const struct mmu_vm_params params = {
	    .id = vm->id,
	    .name = vm->cfg.name,
	    .pm = &vm->pmap,
	    .pool = &vm->pool,
	    .host = host->mem,
	    .nvcpus = vm->cfg.vcpus,
	    .gstage_levels = vm->cfg.gstage_levels,
	    .host_levels = host->paging_levels,
	    .quiesce = vm_quiesce,
	    .quiesce_ctx = vm,
	};
	if (!(vm->mmu = vm->mode->vm.create(&params, err, errlen)))
		return -1;
	return 0;
}

/* Its guest memory, from the arena: images, device tree, and vCPUs at the kernel's entry. */
static int vm_fill(struct vm *vm, char *err, size_t errlen)
{
	struct guest_layout l;

	if (load_images(vm, &l, err, errlen) < 0 || build_fdt(vm, &l, err, errlen) < 0)
		return -1;
	sbi_vm_init(&vm->sbi, vm->cfg.vcpus);
	/* Only now: a refused VM has no vCPUs for the scheduler to look at. */
	for (vm->nvcpu = 0; vm->nvcpu < vm->cfg.vcpus; vm->nvcpu++)
		vcpu_reset(vm, vm->nvcpu, &l);
	printk("vm%u '%s': %lu MiB RAM backed on first touch, mode %s, kernel 0x%lx, initrd "
	       "0x%lx+%lu, dtb 0x%lx\n",
	       vm->id, vm->cfg.name, (unsigned long)(vm->cfg.mem / MiB), vm->mode->name,
	       (unsigned long)l.kernel_gpa, (unsigned long)l.initrd_gpa,
	       (unsigned long)l.initrd_size, (unsigned long)l.fdt_gpa);
	return 0;
}

/* Kernel modules in address order, which is the order the host command gave the VMs in. */
static const struct vm_module *next_kernel(const struct vm_module *prev)
{
	const struct vm_module *best = NULL;

	for (unsigned i = 0; i < host->nmodules; i++) {
		const struct vm_module *m = &host->modules[i];
		if (m->kernel && (!prev || m->base > prev->base) && (!best || m->base < best->base))
			best = m;
	}
	return best;
}

/* Gives back everything the VM took from the host; its images stay for a restart. */
static void vm_destroy(struct vm *vm)
{
	if (vm->mmu)
		vm->mode->vm.destroy(vm->mmu, host->mem);
	if (vm->chunks_hpa) {
		pmap_release(&vm->pmap);
		page_free(host->mem, vm->chunks_hpa, vm->chunks_size);
	}
	if (vm->pool_hpa)
		page_free(host->mem, vm->pool_hpa, vm->pool_size);
	vm->mmu = NULL;
	vm->chunks_hpa = vm->pool_hpa = 0;
}

/* A refused VM: stopped, with the reason, and nothing of the host's kept. */
static void vm_refuse(struct vm *vm, const char *why)
{
	vm_destroy(vm); /* for the VMs that come after it */
	vm_request_stop(vm, VM_END_ERROR, why);
	vm_stop(vm);
}

/* The first half of a VM's start: everything but its guest memory. */
static bool vm_begin(struct vm *vm, unsigned id, const struct vm_module *kernel)
{
	char err[160];

	memset(vm, 0, sizeof(*vm));
	vm->id = id;
	vm->kernel = kernel;
	vm->mode = &mmu_shadow; /* until the configuration says otherwise */
	snprintf_sv(vm->cfg.name, sizeof(vm->cfg.name), "vm%u", vm->id);
	if (vm_prepare(vm, err, sizeof(err)) < 0) {
		vm_refuse(vm, err);
		return false;
	}
	return true;
}

static void vm_finish(struct vm *vm)
{
	char err[160];

	if (vm_fill(vm, err, sizeof(err)) < 0) {
		vm_refuse(vm, err);
		return;
	}
	vm->state = VM_RUNNING;
}

/*
 * Every VM takes what the hypervisor keeps for it first; then the largest free block left
 * becomes the guest-memory arena, which PMP grants to S and U whole. A restart gives back and
 * takes again the same sizes, so they fit again.
 */
unsigned vm_create_all(const struct vm_host *h)
{
	unsigned started = 0, id = 0;
	const struct vm_module *k = NULL;

	host = h;
	while ((k = next_kernel(k)) && id < VM_MAX) {
		vm_begin(&vm_table[id], id, k);
		vm_count = ++id;
	}
	uint64_t size = align_down(page_alloc_largest(host->mem, CHUNK_SIZE), CHUNK_SIZE);
	hpa_t base = size ? page_alloc(host->mem, size, CHUNK_SIZE) : 0;
	page_alloc_zero(host->mem, base, size);
	chunk_arena_init(host->guest_mem, base, size);
	printk("guest memory: %lu MiB at 0x%lx, in %lu KiB chunks\n",
	       (unsigned long)(chunk_arena_free_bytes(host->guest_mem) / MiB), (unsigned long)base,
	       (unsigned long)(CHUNK_SIZE / KiB));
	for (unsigned i = 0; i < vm_count; i++) {
		if (vm_table[i].state == VM_EMPTY) /* begun, not refused */
			vm_finish(&vm_table[i]);
		started += vm_table[i].state == VM_RUNNING;
	}
	return started;
}

void vm_request_stop(struct vm *vm, enum vm_end end, const char *why)
{
	if (vm->requests & VM_REQ_STOP)
		return;
	vm->requests |= VM_REQ_STOP;
	vm->stop_end = end;
	snprintf_sv(vm->stop_why, sizeof(vm->stop_why), "%s", why);
	vm_requests_waiting = true;
}

void vm_request_restart(struct vm *vm)
{
	vm->requests |= VM_REQ_RESTART;
	vm_requests_waiting = true;
}

void vm_print_stats(const struct vm *vm)
{
	char common[512], mode[640];

	stats_format(&vm->stats, common, sizeof(common));
	vm->mode->stats.format(vm->mmu, mode, sizeof(mode));
	printk("stats vm=%s mode=%s%s pt_pages=%lu quiesces=%lu resident_kib=%lu%s\n", vm->cfg.name,
	       vm->mode->name, common, pt_pool_used(&vm->pool), vm->quiesces,
	       (unsigned long)(pmap_resident_bytes(&vm->pmap) / KiB), mode);
}

void vm_print_guest_memory(void)
{
	const struct chunk_arena *a = host->guest_mem;

	printk("guest memory: %lu MiB free of %lu MiB\n",
	       (unsigned long)(chunk_arena_free_bytes(a) / MiB),
	       (unsigned long)(chunk_arena_bytes(a) / MiB));
}

void vm_stop(struct vm *vm)
{
	vm->requests &= ~VM_REQ_STOP;
	if (vm->state == VM_STOPPED)
		return;
	vm->state = VM_STOPPED;
	vm->end = vm->stop_end;
	printk("vm%u '%s' stopped: %s\n", vm->id, vm->cfg.name, vm->stop_why);
	if (vm->mmu)
		vm_print_stats(vm);
}

void vm_restart(struct vm *vm)
{
	if (vm->state == VM_RUNNING) {
		vm_request_stop(vm, VM_END_SHUTDOWN, "restarting");
		vm_stop(vm);
	}
	vm_destroy(vm);
	if (vm_begin(vm, vm->id, vm->kernel))
		vm_finish(vm);
	if (vm->state == VM_RUNNING)
		printk("vm%u '%s' restarted from its original images\n", vm->id, vm->cfg.name);
}
