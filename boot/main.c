/*
 * Boot: probe the machine, set up trap delegation, create the VMs, release the other harts and
 * enter the first guest.
 */
#include <stdbool.h>
#include <string.h>

#include "arch/csr.h"
#include "boot/platform.h"
#include "core/hart.h"
#include "core/hv_lock.h"
#include "core/panic.h"
#include "core/sched.h"
#include "core/trap.h"
#include "core/vconsole.h"
#include "core/vm.h"
#include "dev/ipi.h"
#include "dev/poweroff.h"
#include "dev/timer.h"
#include "dev/uart.h"
#include "lib/printk.h"
#include "lib/util.h"
#include "mm/page_alloc.h"
#include "mmu/pte.h"

extern char _end[];

void hv_main(uint64_t hartid, const void *dtb);
void hv_secondary(uint64_t hartid);

extern uint32_t harts_released; /* boot/entry.S: the other harts wait for it */

static struct page_alloc host_memory;
static struct chunk_arena guest_memory;

/* Modules come from the host command: page-aligned, disjoint, in RAM above the hypervisor. */
static bool module_ok(unsigned i, uint64_t free_start)
{
	const struct boot_module *m = &platform.modules[i];
	uint64_t end = m->base + align_up(m->size, PAGE_SIZE);

	if (!is_aligned(m->base, PAGE_SIZE) || end < m->base || m->base < free_start ||
	    end > platform.ram_base + platform.ram_size)
		return false;
	if (m->base < platform.dtb_base + platform.dtb_size && platform.dtb_base < end)
		return false;
	for (unsigned j = 0; j < i; j++) {
		const struct boot_module *o = &platform.modules[j];
		if (m->base < o->base + align_up(o->size, PAGE_SIZE) && o->base < end)
			return false;
	}
	return true;
}

/*
 * The guest handles its own supervisor interrupts in hardware. Which exceptions it handles
 * itself depends on the VM's MMU mode: each mode's vcpu_load sets medeleg.
 */
static void trap_init(void)
{
	csr_write(mideleg, MIP_SSIP | MIP_STIP | MIP_SEIP);
	/* The guest may read time, cycle and instret (its scounteren: see vcpu_reset). */
	csr_write(mcounteren, COUNTEREN_CY_TM_IR);
	/* STCE = 0 keeps mip.STIP ours to drive; PBMTE = 0 since Svpbmt is not offered. */
	csr_write(CSR_MENVCFG, 0);
	csr_write(mie, MIP_MTIP | MIP_MSIP);
}

/*
 * QEMU puts the device tree just below 3 GiB (or the end of RAM), where it would split the free
 * memory VMs are carved from: keep a copy low, beside the hypervisor, and free the original.
 */
static void relocate_dtb(void)
{
	uint64_t old = platform.dtb_base, size = platform.dtb_size;
	uint64_t copy = page_alloc(&host_memory, size, PAGE_SIZE);

	if (!copy || copy > old)
		return; /* no better place: it stays, still reserved */
	memcpy((void *)(uintptr_t)copy, (const void *)(uintptr_t)old, size);
	platform_dtb_moved((const void *)(uintptr_t)copy);
	page_free(&host_memory, old, size);
}

/*
 * The deepest paging mode the hart takes, asked of satp itself: the write is WARL, so a mode the
 * hart lacks leaves satp as it was. The device tree cannot tell: QEMU 7.2's says riscv,sv48 of a
 * CPU that has Sv57. M-mode does not translate, so nothing runs under these values.
 */
static unsigned probe_paging_levels(void)
{
	unsigned levels = PT_LEVELS_MAX;

	for (; levels >= PT_LEVELS_MIN; levels--) {
		csr_write(satp, satp_mode_of_levels(levels) << SATP_MODE_SHIFT);
		if (csr_read(satp) >> SATP_MODE_SHIFT == satp_mode_of_levels(levels))
			break;
	}
	csr_write(satp, 0);
	return levels >= PT_LEVELS_MIN ? levels : 0;
}

/* The VMs the host command described, each from its kernel module and the machine's facts. */
static void start_vms(void)
{
	/* Kept: a restart builds its VM again from them. */
	static struct vm_module modules[BOOT_MODULES_MAX];
	static struct vm_host host = {
	    .mem = &host_memory,
	    .guest_mem = &guest_memory,
	    .modules = modules,
	};

	host.nmodules = platform.nmodules;
	host.isa = platform.isa;
	host.paging_levels = probe_paging_levels();
	host.timebase_hz = platform.timebase_hz;
	for (unsigned i = 0; i < platform.nmodules; i++) {
		const struct boot_module *b = &platform.modules[i];
		modules[i] = (struct vm_module){b->base, b->size, b->kernel, platform_bootargs(b),
		                                b->bootargs_len};
	}
	unsigned started = vm_create_all(&host);
	/* With more than one VM, each line says whose it is. */
	vconsole_init(vm_at(1) != NULL);
	if (started == 0)
		printk("no VM could be started\n");
}

/* The other harts join once the VMs exist: each schedules vCPUs from then on. */
static void release_harts(unsigned self)
{
	__atomic_store_n(&harts_released, 1, __ATOMIC_RELEASE);
	for (unsigned i = 0; i < platform.nharts && i < MAX_HARTS; i++)
		if (i != self)
			ipi_send(i);
}

void hv_secondary(uint64_t hartid)
{
	hart_init_self((unsigned)hartid);
	ipi_clear((unsigned)hartid);
	trap_init();
	hv_enter(hart_self());
	trap_first_entry(hart_self());
}

void hv_main(uint64_t hartid, const void *dtb)
{
	hart_init_self((unsigned)hartid);
	int probed = platform_probe(dtb);
	if (!platform.uart_base)
		for (;;) /* No console to say why: the device tree names no usable UART. */
			__asm__ volatile("wfi");
	uart_init(platform.uart_base, platform.uart_shift);
	console_putc = uart_putc;
	poweroff_init(platform.test_base);
	if (probed < 0)
		panic("the host device tree is unusable: %s", platform.error);
	timer_init(platform.clint_base, platform.timebase_hz);
	printk("shadowvisor: %u hart(s), RAM 0x%lx + %lu MiB, timebase %u Hz, %s\n",
	       platform.nharts, (unsigned long)platform.ram_base,
	       (unsigned long)(platform.ram_size / MiB), platform.timebase_hz, platform.isa);
	if (!platform.test_base)
		printk("warning: no sifive,test0 device; the machine cannot power off\n");

	trap_init();
	page_alloc_init(&host_memory);
	uint64_t free_start = align_up((uint64_t)(uintptr_t)_end, PAGE_SIZE);
	page_alloc_add(&host_memory, free_start,
	               platform.ram_base + platform.ram_size - free_start);
	/* The host device tree stays (module bootargs are read from it), and so do the images,
	 * which a restart copies into their VM again. */
	if (page_alloc_reserve(&host_memory, platform.dtb_base, platform.dtb_size) < 0)
		panic("cannot reserve the device tree");
	for (unsigned i = 0; i < platform.nmodules; i++)
		if (!module_ok(i, free_start) ||
		    page_alloc_reserve(&host_memory, platform.modules[i].base,
		                       platform.modules[i].size) < 0)
			panic("boot module %u at 0x%lx is not page-aligned in free RAM", i,
			      (unsigned long)platform.modules[i].base);
	relocate_dtb();
	hv_enter(hart_self());
	start_vms();
	release_harts((unsigned)hartid);
	trap_first_entry(hart_self());
}
