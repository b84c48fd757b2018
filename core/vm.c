/*
 * VM creation from the images the host command had QEMU's guest-loader place in RAM: one
 * kernel module per VM, in order, whose bootargs are the VM's configuration (key=value lines),
 * and optionally a ramdisk module the configuration names by address.
 */
#include "core/vm.h"

#include <string.h>

#include "arch/csr.h"
#include "boot/platform.h"
#include "core/guest_fdt.h"
#include "core/guest_layout.h"
#include "core/hart.h"
#include "core/sched.h"
#include "lib/printk.h"
#include "lib/util.h"
#include "mm/page_alloc.h"

#define BOOT_HARTID 0

struct vm vms[VM_MAX];

struct vcpu *vm_vcpu_by_hartid(struct vm *vm, uint64_t hartid)
{
	return hartid < vm->nvcpu ? &vm->vcpu[hartid] : NULL;
}

/* Default pool: enough for the page tables of a busy Linux guest, bounded by its RAM. */
static uint64_t default_pool(uint64_t mem)
{
	return MAX(2 * MiB, align_up(mem / 16, PAGE_SIZE));
}

static int alloc_memory(struct vm *vm, struct page_alloc *host, char *err, size_t errlen)
{
	uint64_t pool = vm->cfg.pool ? vm->cfg.pool : default_pool(vm->cfg.mem);

	/* 2 MiB alignment lets the bare root and later shadows use megapages. */
	vm->ram_hpa = page_alloc(host, vm->cfg.mem, 2 * MiB);
	if (!vm->ram_hpa) {
		snprintf_sv(err, errlen,
		            "mem=%lu MiB: the host has no free block that large (largest %lu MiB)",
		            (unsigned long)(vm->cfg.mem / MiB),
		            (unsigned long)(page_alloc_largest(host, 2 * MiB) / MiB));
		return -1;
	}
	vm->ram_size = vm->cfg.mem;
	vm->pool_hpa = page_alloc(host, pool, PAGE_SIZE);
	if (!vm->pool_hpa) {
		page_free(host, vm->ram_hpa, vm->ram_size);
		vm->ram_hpa = 0;
		snprintf_sv(err, errlen, "no host memory left for a %lu KiB page-table pool",
		            (unsigned long)(pool / KiB));
		return -1;
	}
	vm->pool_size = pool;
	/* Nothing of a previous owner of this memory may leak into the guest. */
	memset((void *)(uintptr_t)vm->ram_hpa, 0, vm->ram_size);
	pmap_init(&vm->pmap);
	pmap_add(&vm->pmap, GUEST_RAM_BASE, vm->ram_hpa, vm->ram_size);
	pt_pool_init(&vm->pool, vm->pool_hpa, pool / PAGE_SIZE);
	return 0;
}

static const struct boot_module *ramdisk_at(uint64_t addr)
{
	for (unsigned i = 0; i < platform.nmodules; i++)
		if (!platform.modules[i].kernel && platform.modules[i].base == addr)
			return &platform.modules[i];
	return NULL;
}

/* Copies an image into guest RAM; the caller has checked that it fits. */
static void copy_in(struct vm *vm, uint64_t gpa, const struct boot_module *m)
{
	memcpy(pmap_ptr(&vm->pmap, gpa, m->size), (const void *)(uintptr_t)m->base, m->size);
}

static int load_images(struct vm *vm, const struct boot_module *kernel, struct guest_layout *l,
                       char *err, size_t errlen)
{
	const struct boot_module *initrd = NULL;

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
	copy_in(vm, l->kernel_gpa, kernel);
	if (initrd)
		copy_in(vm, l->initrd_gpa, initrd);
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
	    .timebase_hz = platform.timebase_hz,
	    .host_isa = platform.isa,
	    .mmu_type = vm->mmu->fdt_mmu_type(),
	    .nvcpus = vm->nvcpu,
	};
	void *dst = pmap_ptr(&vm->pmap, l->fdt_gpa, GUEST_FDT_MAX);

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
	v->id = id;
	v->state = id == BOOT_HARTID ? VCPU_STARTED : VCPU_STOPPED;
	v->timer_deadline = UINT64_MAX;
	/* The FPU usable, as under OpenSBI; user mode 64-bit (the field is the same in vsstatus).
	 */
	v->csrs.status = MSTATUS_FS_INIT | MSTATUS_UXL_64;
	/* User code may read the counters until its kernel says otherwise: Linux relies on
	 * firmware leaving scounteren open, as OpenSBI does. */
	v->csrs.counteren = 7;
	v->csrs.priv = PRV_S;
	/* Linux's boot protocol: a0 = hart id, a1 = device tree, satp Bare, in S-mode. */
	v->tf.pc = l->kernel_gpa;
	v->tf.x[10] = id;
	v->tf.x[11] = l->fdt_gpa;
}

static int vm_create(struct vm *vm, const struct boot_module *kernel, struct page_alloc *host,
                     char *err, size_t errlen)
{
	struct guest_layout l;
	/* The property's terminating NUL is not part of the text. */
	size_t len = kernel->bootargs_len ? kernel->bootargs_len - 1 : 0;

	if (vm_config_parse(&vm->cfg, kernel->bootargs, len, err, errlen) < 0)
		return -1;
	if (!vm->cfg.name[0])
		snprintf_sv(vm->cfg.name, sizeof(vm->cfg.name), "vm%u", vm->id);
	if (vm->cfg.mode == MMU_NESTED && !(csr_read(misa) & MISA_H)) {
		snprintf_sv(err, errlen,
		            "mode=nested needs the H extension, which this CPU lacks (QEMU: -cpu "
		            "rv64,h=true)");
		return -1;
	}
	if (vm->cfg.gstage_levels && vm->cfg.mode != MMU_NESTED) {
		snprintf_sv(err, errlen, "gstage= is for mode=nested");
		return -1;
	}
	if (vm->cfg.gstage_levels == 4 && !nested_has_sv48x4()) {
		snprintf_sv(err, errlen,
		            "gstage=sv48x4: this CPU's hgatp does not implement Sv48x4");
		return -1;
	}
	vm->mmu = vm->cfg.mode == MMU_NESTED ? &mmu_nested_ops : &mmu_shadow_ops;
	if (vm->cfg.vcpus > VM_MAX_VCPUS) {
		snprintf_sv(err, errlen, "vcpus=%u: at most %u vCPU per VM for now", vm->cfg.vcpus,
		            VM_MAX_VCPUS);
		return -1;
	}
	vm->nvcpu = vm->cfg.vcpus;
	if (alloc_memory(vm, host, err, errlen) < 0 ||
	    load_images(vm, kernel, &l, err, errlen) < 0 || build_fdt(vm, &l, err, errlen) < 0)
		return -1;
	if (vm->mmu->vm_init(vm, host) < 0) {
		snprintf_sv(err, errlen, "no room for the initial page tables and MMU metadata");
		return -1;
	}
	for (unsigned i = 0; i < vm->nvcpu; i++)
		vcpu_reset(vm, i, &l);
	printk("vm%u '%s': %lu MiB RAM at host 0x%lx, mode %s, kernel 0x%lx, initrd 0x%lx+%lu, "
	       "dtb 0x%lx\n",
	       vm->id, vm->cfg.name, (unsigned long)(vm->cfg.mem / MiB), (unsigned long)vm->ram_hpa,
	       vm->mmu->name, (unsigned long)l.kernel_gpa, (unsigned long)l.initrd_gpa,
	       (unsigned long)l.initrd_size, (unsigned long)l.fdt_gpa);
	return 0;
}

static struct page_alloc *host_pages;

/* Kernel modules in address order, which is the order the host command gave the VMs in. */
static const struct boot_module *next_kernel(const struct boot_module *prev)
{
	const struct boot_module *best = NULL;

	for (unsigned i = 0; i < platform.nmodules; i++) {
		const struct boot_module *m = &platform.modules[i];
		if (m->kernel && (!prev || m->base > prev->base) && (!best || m->base < best->base))
			best = m;
	}
	return best;
}

static void vm_release(struct vm *vm)
{
	if (vm->ram_hpa)
		page_free(host_pages, vm->ram_hpa, vm->ram_size);
	if (vm->pool_hpa)
		page_free(host_pages, vm->pool_hpa, vm->pool_size);
	if (vm->meta_hpa)
		page_free(host_pages, vm->meta_hpa, vm->meta_size);
}

static void vm_start(struct vm *vm)
{
	char err[160];

	vm->mmu = &mmu_shadow_ops; /* until the configuration says otherwise */
	snprintf_sv(vm->cfg.name, sizeof(vm->cfg.name), "vm%u", vm->id);
	if (vm_create(vm, vm->kernel, host_pages, err, sizeof(err)) < 0) {
		vm_stop(vm, VM_END_ERROR, err);
		vm_release(vm); /* for the VMs that come after it */
		return;
	}
	vm->state = VM_RUNNING;
}

unsigned vm_create_all(struct page_alloc *host)
{
	unsigned started = 0, id = 0;
	const struct boot_module *k = NULL;

	host_pages = host;
	while ((k = next_kernel(k)) && id < VM_MAX) {
		struct vm *vm = &vms[id];
		vm->id = id++;
		vm->kernel = k;
		vm_start(vm);
		started += vm->state == VM_RUNNING;
	}
	vconsole_init(id > 1);
	return started;
}

/* Whether any VM's restart_pending is set: the scheduler asks on every exit. */
static bool restarts_requested;

void vm_request_restart(struct vm *vm)
{
	vm->restart_pending = true;
	restarts_requested = true;
}

void vm_restart_pending(void)
{
	if (!restarts_requested)
		return;
	restarts_requested = false;
	for (unsigned i = 0; i < VM_MAX; i++) {
		struct vm *vm = &vms[i];
		if (!vm->restart_pending)
			continue;
		struct hart *h = hart_self();
		if (h->cur && h->cur->vm == vm)
			sched_put_current(h);
		if (vm->state == VM_RUNNING)
			vm_stop(vm, VM_END_SHUTDOWN, "restarting");
		vm_release(vm);
		const struct boot_module *k = vm->kernel;
		memset(vm, 0, sizeof(*vm));
		vm->id = i;
		vm->kernel = k;
		vm_start(vm);
		if (vm->state == VM_RUNNING)
			printk("vm%u '%s' restarted from its original images\n", vm->id,
			       vm->cfg.name);
	}
}

void vm_stop(struct vm *vm, enum vm_end end, const char *why)
{
	vconsole_flush(vm); /* its last words before the message about it */
	vm->state = VM_STOPPED;
	vm->end = end;
	printk("vm%u '%s' stopped: %s\n", vm->id, vm->cfg.name, why);
	stats_print(vm);
}
