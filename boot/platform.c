/*
 * Host device-tree probing: RAM, harts, UART, CLINT, the exit device, and the guest images
 * QEMU's guest-loader device placed in RAM (/chosen/module@... nodes, the multiboot binding
 * that Xen uses too).
 */
#include "boot/platform.h"

#include <string.h>

#include "lib/fdt.h"
#include "lib/printk.h"

struct platform platform;

/* The DTB QEMU hands over is far smaller than this; the bound only guards the reader. */
#define DTB_MAX_SIZE (1u << 20)

static uint64_t reg_of(const struct fdt *f, const char *compat, uint64_t *size)
{
	uint64_t addr = 0, sz = 0;
	int node = fdt_next_compatible(f, -1, compat);

	if (node < 0 || !fdt_reg(f, node, 0, &addr, &sz))
		return 0;
	if (size)
		*size = sz;
	return addr;
}

static void copy_str_prop(const struct fdt *f, int node, const char *name, char *dst, size_t cap)
{
	uint32_t len = 0;
	const char *s = fdt_prop(f, node, name, &len);

	dst[0] = '\0';
	if (s && len > 0 && len <= cap && s[len - 1] == '\0')
		memcpy(dst, s, len);
}

/*
 * QEMU's guest-loader writes module reg with the root's cell counts and gives /chosen none of
 * its own, so /chosen's cells apply when present and the root's otherwise.
 */
static bool module_reg(const struct fdt *f, int chosen, int node, uint64_t *addr, uint64_t *size)
{
	uint32_t ac = 2, sc = 2, len = 0;
	const uint8_t *reg = fdt_prop(f, node, "reg", &len);

	if (!fdt_prop_u32(f, chosen, "#address-cells", &ac))
		fdt_prop_u32(f, fdt_root(f), "#address-cells", &ac);
	if (!fdt_prop_u32(f, chosen, "#size-cells", &sc))
		fdt_prop_u32(f, fdt_root(f), "#size-cells", &sc);
	if (!reg || ac < 1 || ac > 2 || sc < 1 || sc > 2 || len < 4 * (ac + sc))
		return false;
	*addr = ac == 2 ? fdt_be64(reg) : fdt_be32(reg);
	*size = sc == 2 ? fdt_be64(reg + 4 * ac) : fdt_be32(reg + 4 * ac);
	return true;
}

static void probe_modules(const struct fdt *f)
{
	int chosen = fdt_path(f, "/chosen");

	platform.nmodules = 0;
	for (int n = chosen < 0 ? -1 : fdt_first_child(f, chosen); n >= 0;
	     n = fdt_next_sibling(f, n)) {
		struct boot_module *m = &platform.modules[platform.nmodules];
		bool kernel = fdt_is_compatible(f, n, "multiboot,kernel");
		if (!kernel && !fdt_is_compatible(f, n, "multiboot,ramdisk"))
			continue;
		if (platform.nmodules == BOOT_MODULES_MAX ||
		    !module_reg(f, chosen, n, &m->base, &m->size))
			continue;
		m->kernel = kernel;
		m->bootargs = fdt_prop(f, n, "bootargs", &m->bootargs_len);
		if (!m->bootargs)
			m->bootargs_len = 0;
		platform.nmodules++;
	}
}

int platform_probe(const void *dtb)
{
	struct fdt f;

	if (fdt_init(&f, dtb, DTB_MAX_SIZE) < 0)
		return -1;

	int mem = fdt_path(&f, "/memory");
	if (mem < 0 || !fdt_reg(&f, mem, 0, &platform.ram_base, &platform.ram_size))
		return -1;

	int uart = fdt_next_compatible(&f, -1, "ns16550a");
	uint32_t shift = 0;
	if (uart < 0 || !fdt_reg(&f, uart, 0, &platform.uart_base, NULL))
		return -1;
	if (fdt_prop_u32(&f, uart, "reg-shift", &shift))
		platform.uart_shift = shift;

	platform.clint_base = reg_of(&f, "riscv,clint0", NULL);
	platform.test_base = reg_of(&f, "sifive,test0", NULL);
	platform.dtb_base = (uint64_t)(uintptr_t)dtb;
	platform.dtb_size = fdt_total_size(dtb);
	probe_modules(&f);

	int cpus = fdt_path(&f, "/cpus");
	if (cpus < 0 || !fdt_prop_u32(&f, cpus, "timebase-frequency", &platform.timebase_hz))
		return -1;
	platform.nharts = 0;
	for (int cpu = fdt_first_child(&f, cpus); cpu >= 0; cpu = fdt_next_sibling(&f, cpu)) {
		uint32_t len;
		const char *type = fdt_prop(&f, cpu, "device_type", &len);
		if (!type || len < 4 || strcmp(type, "cpu") != 0)
			continue;
		if (platform.nharts++ == 0) {
			copy_str_prop(&f, cpu, "riscv,isa", platform.isa, sizeof(platform.isa));
			copy_str_prop(&f, cpu, "mmu-type", platform.mmu_type,
			              sizeof(platform.mmu_type));
		}
	}
	if (!platform.clint_base || platform.nharts == 0 || !platform.isa[0])
		return -1;
	return 0;
}
