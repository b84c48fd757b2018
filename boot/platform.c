/*
 * Host device-tree probing through libfdt: RAM, harts, UART, CLINT, the exit device, and the
 * guest images QEMU's guest-loader device placed in RAM (/chosen/module@... nodes, the multiboot
 * binding that Xen uses too). The tree is not trusted: libfdt bounds every read by the header's
 * block sizes, and every property is checked before use, so a malformed tree is refused with the
 * reason in platform.error, never followed outside itself.
 */
#include "boot/platform.h"

#include <libfdt.h>
#include <stdarg.h>
#include <string.h>

#include "lib/printk.h"

struct platform platform;

/* The DTB QEMU hands over is far smaller than this; the bound only guards the reader. */
#define DTB_MAX_SIZE (1u << 20)

static const void *fdt;

/* Records why the tree is unusable; returns -1 for the caller to pass on. */
__attribute__((format(printf, 1, 2))) static int fail(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf_sv(platform.error, sizeof(platform.error), fmt, ap);
	va_end(ap);
	return -1;
}

/* A node's path for messages; one at a time (the buffer is shared). */
static const char *path_of(int node)
{
	static char path[96];

	if (fdt_get_path(fdt, node, path, sizeof(path)) < 0)
		snprintf_sv(path, sizeof(path), "the node at offset %d", node);
	return path;
}

/* A property's value, or NULL: absent (an error only if required) or unreadable (an error). */
static const void *get(int node, const char *name, bool required, int *len, int *err)
{
	const void *v = fdt_getprop(fdt, node, name, len);

	*err = 0;
	if (!v && (required || *len != -FDT_ERR_NOTFOUND))
		*err = fail("%s: %s: %s", path_of(node), name, fdt_strerror(*len));
	return v;
}

/* A one-cell property into *out; an absent optional one leaves *out as it is. */
static int get_u32(int node, const char *name, bool required, uint32_t *out)
{
	int len, err;
	const fdt32_t *v = get(node, name, required, &len, &err);

	if (v && len != sizeof(*v))
		return fail("%s: %s is %d bytes, not one cell", path_of(node), name, len);
	if (v)
		*out = fdt32_ld(v);
	return err;
}

/* A NUL-terminated string property and its length with the NUL; as get_u32 when absent. */
static int get_str(int node, const char *name, bool required, const char **out, int *lenp)
{
	int len, err;
	const char *v = get(node, name, required, &len, &err);

	if (v && (len == 0 || v[len - 1] != '\0'))
		return fail("%s: %s is not a NUL-terminated string", path_of(node), name);
	if (v) {
		*out = v;
		*lenp = len;
	}
	return err;
}

/* A string property copied into dst[cap]; an absent optional one is "". */
static int copy_str(int node, const char *name, bool required, char *dst, size_t cap)
{
	const char *s = "";
	int len = 1;

	if (get_str(node, name, required, &s, &len) < 0)
		return -1;
	if ((size_t)len > cap)
		return fail("%s: %s is longer than %zu characters", path_of(node), name, cap - 1);
	memcpy(dst, s, (size_t)len);
	return 0;
}

static uint64_t read_cells(const fdt32_t *p, uint32_t n)
{
	return n == 2 ? (uint64_t)fdt32_ld(p) << 32 | fdt32_ld(p + 1) : n == 1 ? fdt32_ld(p) : 0;
}

/* The first reg entry of node, in the cells bus gives its children (spec defaults 2 and 1). */
static int get_reg(int node, int bus, uint64_t *addr, uint64_t *size)
{
	uint32_t ac = 2, sc = 1;
	int len, err;

	if (get_u32(bus, "#address-cells", false, &ac) < 0 ||
	    get_u32(bus, "#size-cells", false, &sc) < 0)
		return -1;
	if (ac < 1 || ac > 2 || sc > 2)
		return fail("%s: %u address and %u size cells (1 or 2, and 0 to 2, are supported)",
		            path_of(bus), ac, sc);
	const fdt32_t *reg = get(node, "reg", true, &len, &err);
	if (!reg)
		return -1;
	if ((uint32_t)len < 4 * (ac + sc))
		return fail("%s: reg is %d bytes; %u address and %u size cells need %u",
		            path_of(node), len, ac, sc, 4 * (ac + sc));
	*addr = read_cells(reg, ac);
	*size = read_cells(reg + ac, sc);
	return 0;
}

/* 1 if node's compatible list has compat, 0 if not (or it has none), -1 if unreadable. */
static int compatible(int node, const char *compat)
{
	int rc = fdt_node_check_compatible(fdt, node, compat);

	if (rc == 0 || rc == 1 || rc == -FDT_ERR_NOTFOUND)
		return rc == 0;
	return fail("%s: compatible: %s", path_of(node), fdt_strerror(rc));
}

/* A device found by its compatible string: its node and the node whose cells its reg is in. */
struct device {
	const char *compat;
	int node, bus; /* -1: not in the tree */
};

/* Deeper nesting than any machine's devices have; the walk below keeps one parent a level. */
#define WALK_DEPTH 16

/*
 * One walk over the tree finds the first node compatible with each device, and its parent from
 * the walk's depth: libfdt's own lookups would go over the tree again for each device and once
 * more for each parent.
 */
static int find_devices(struct device *devs, size_t n)
{
	int parents[WALK_DEPTH], depth = 0, node, len, err;

	for (node = 0; node >= 0 && depth >= 0; node = fdt_next_node(fdt, node, &depth)) {
		if (depth >= WALK_DEPTH)
			return fail("%s: nested more than %d deep", path_of(node), WALK_DEPTH);
		parents[depth] = node;
		const char *compat = get(node, "compatible", false, &len, &err);
		if (err < 0)
			return -1;
		for (size_t i = 0; compat && depth > 0 && i < n; i++)
			if (devs[i].node < 0 &&
			    fdt_stringlist_contains(compat, len, devs[i].compat)) {
				devs[i].node = node;
				devs[i].bus = parents[depth - 1];
			}
	}
	if (node >= 0)
		return 0;
	return fail("walking the tree: %s",
	            node == -FDT_ERR_NOTFOUND ? "it ends inside a node" : fdt_strerror(node));
}

/*
 * The UART first, and the exit device, so that any later failure can be told and end QEMU: even
 * a walk that fails further on has them if it found them before.
 */
static int probe_devices(void)
{
	enum { UART, TEST, CLINT };
	struct device devs[] = {[UART] = {"ns16550a", -1, -1},
	                        [TEST] = {"sifive,test0", -1, -1},
	                        [CLINT] = {"riscv,clint0", -1, -1}};
	uint64_t size;
	uint32_t shift = 0;
	int walked = find_devices(devs, sizeof(devs) / sizeof(devs[0]));

	if (devs[UART].node >= 0 &&
	    (get_u32(devs[UART].node, "reg-shift", false, &shift) < 0 ||
	     get_reg(devs[UART].node, devs[UART].bus, &platform.uart_base, &size) < 0))
		return -1;
	platform.uart_shift = shift;
	/* The exit device is optional. */
	if (devs[TEST].node >= 0 &&
	    get_reg(devs[TEST].node, devs[TEST].bus, &platform.test_base, &size) < 0)
		return -1;
	if (walked < 0)
		return -1;
	if (devs[UART].node < 0)
		return fail("no ns16550a UART");
	if (devs[CLINT].node < 0)
		return fail("no riscv,clint0 CLINT");
	return get_reg(devs[CLINT].node, devs[CLINT].bus, &platform.clint_base, &size);
}

static int probe_memory(void)
{
	int mem = fdt_path_offset(fdt, "/memory");

	if (mem < 0)
		return fail("/memory: %s", fdt_strerror(mem));
	return get_reg(mem, 0, &platform.ram_base, &platform.ram_size);
}

/* Harts are the /cpus children with device_type "cpu"; the first one's ISA is the machine's. */
static int probe_harts(void)
{
	int cpus = fdt_path_offset(fdt, "/cpus"), cpu;

	if (cpus < 0)
		return fail("/cpus: %s", fdt_strerror(cpus));
	if (get_u32(cpus, "timebase-frequency", true, &platform.timebase_hz) < 0)
		return -1;
	for (cpu = fdt_first_subnode(fdt, cpus); cpu >= 0; cpu = fdt_next_subnode(fdt, cpu)) {
		const char *type = "";
		int len;
		if (get_str(cpu, "device_type", false, &type, &len) < 0)
			return -1;
		if (strcmp(type, "cpu") != 0)
			continue;
		if (platform.nharts++ == 0 &&
		    copy_str(cpu, "riscv,isa", true, platform.isa, sizeof(platform.isa)) < 0)
			return -1;
	}
	if (cpu != -FDT_ERR_NOTFOUND)
		return fail("/cpus: %s", fdt_strerror(cpu));
	if (platform.nharts == 0 || !platform.isa[0])
		return fail("/cpus: no cpu node with a riscv,isa");
	return 0;
}

/* A kernel module's bootargs are its VM's configuration; a ramdisk has none. */
static int probe_module(int node, int bus, bool kernel)
{
	struct boot_module *m = &platform.modules[platform.nmodules++];
	const char *args = NULL;
	int len = 0;

	m->kernel = kernel;
	if (get_reg(node, bus, &m->base, &m->size) < 0 ||
	    (kernel && get_str(node, "bootargs", false, &args, &len) < 0))
		return -1;
	if (args)
		m->bootargs_off = (uint32_t)(args - (const char *)fdt);
	m->bootargs_len = (uint32_t)len;
	return 0;
}

static int probe_modules(void)
{
	int chosen = fdt_path_offset(fdt, "/chosen"), node;

	if (chosen == -FDT_ERR_NOTFOUND)
		return 0;
	if (chosen < 0)
		return fail("/chosen: %s", fdt_strerror(chosen));
	/* QEMU's guest-loader writes module reg in the root's cells and gives /chosen none of its
	 * own: /chosen's apply only when it has them. */
	int bus = fdt_getprop(fdt, chosen, "#address-cells", NULL) ||
	                  fdt_getprop(fdt, chosen, "#size-cells", NULL)
	              ? chosen
	              : 0;
	for (node = fdt_first_subnode(fdt, chosen); node >= 0; node = fdt_next_subnode(fdt, node)) {
		int kernel = compatible(node, "multiboot,kernel");
		int ramdisk = kernel ? 0 : compatible(node, "multiboot,ramdisk");
		if (kernel < 0 || ramdisk < 0)
			return -1;
		if (!kernel && !ramdisk)
			continue;
		if (platform.nmodules == BOOT_MODULES_MAX)
			return fail("/chosen: more than %u multiboot modules", BOOT_MODULES_MAX);
		if (probe_module(node, bus, kernel) < 0)
			return -1;
	}
	return node == -FDT_ERR_NOTFOUND ? 0 : fail("/chosen: %s", fdt_strerror(node));
}

int platform_probe(const void *dtb)
{
	int err;

	memset(&platform, 0, sizeof(platform));
	fdt = dtb;
	if ((err = fdt_check_header(dtb)) < 0)
		return fail("header: %s", fdt_strerror(err));
	if (fdt_totalsize(dtb) > DTB_MAX_SIZE)
		return fail("header: totalsize %u is over %u", fdt_totalsize(dtb), DTB_MAX_SIZE);
	/* libfdt reads the struct block's words whole, and does not check this itself. */
	if (fdt_off_dt_struct(dtb) % sizeof(fdt32_t))
		return fail("header: the struct block is not 4-byte aligned");
	platform.dtb_base = (uint64_t)(uintptr_t)dtb;
	platform.dtb_size = fdt_totalsize(dtb);
	if (probe_devices() < 0 || probe_memory() < 0 || probe_harts() < 0 || probe_modules() < 0)
		return -1;
	return 0;
}

void platform_dtb_moved(const void *dtb)
{
	platform.dtb_base = (uint64_t)(uintptr_t)dtb;
}

const char *platform_bootargs(const struct boot_module *m)
{
	return m->bootargs_len ? (const char *)(uintptr_t)(platform.dtb_base + m->bootargs_off)
	                       : NULL;
}
