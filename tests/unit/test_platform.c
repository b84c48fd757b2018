/*
 * Unit tests for the host device-tree probe: what it reads from QEMU's virt machine, and
 * malformed trees (header, truncation, struct block, missing or bad properties, module nodes),
 * which must be refused with a reason and never read outside the blob (ASan).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libfdt.h>

#include "boot/platform.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* The virt machine's tree with a kernel and a ramdisk module (the Makefile's build/virt.dtb),
 * cut to its header's totalsize. */
static uint8_t *virt;
static uint32_t virt_size;

static void load_virt(void)
{
	const char *path = getenv("FDT_TEST_DTB");

	if (virt)
		return;
	if (!path || !*path)
		fail_msg("FDT_TEST_DTB is not set: run this test through make unit");
	FILE *f = fopen(path, "rb");
	if (!f)
		fail_msg("%s: cannot open", path);
	virt = malloc(1 << 20);
	size_t n = fread(virt, 1, 1 << 20, f);
	fclose(f);
	assert_int_equal(fdt_check_header(virt), 0);
	virt_size = fdt_totalsize(virt);
	assert_true(virt_size <= n);
}

/* Probes a copy of n bytes in a heap block of exactly that size, so ASan sees any read past it. */
static int probe_copy(const void *blob, size_t n)
{
	void *copy = malloc(n);
	memcpy(copy, blob, n);
	int rc = platform_probe(copy);
	free(copy);
	/* A failure always says why, and only a failure does. */
	assert_int_equal(rc < 0, platform.error[0] != '\0');
	return rc;
}

static void expect_refused(const void *blob, size_t n, const char *why)
{
	if (probe_copy(blob, n) == 0)
		fail_msg("probed, but should be refused for '%s'", why);
	if (!strstr(platform.error, why))
		fail_msg("refused for '%s', expected '%s'", platform.error, why);
}

/* --- QEMU's virt machine ------------------------------------------------------------------- */

/* Everything the hypervisor takes from the machine, as QEMU 7.2's virt machine describes it. */
static void test_virt_machine(void **state)
{
	(void)state;
	load_virt();
	memset(&platform, 0x55, sizeof(platform));
	assert_int_equal(platform_probe(virt), 0);
	assert_string_equal(platform.error, "");
	assert_int_equal(platform.ram_base, 0x80000000ull);
	assert_int_equal(platform.ram_size, 256ull << 20);
	assert_int_equal(platform.uart_base, 0x10000000ull);
	assert_int_equal(platform.uart_shift, 0);
	assert_int_equal(platform.clint_base, 0x2000000ull);
	assert_int_equal(platform.test_base, 0x100000ull);
	assert_int_equal(platform.timebase_hz, 10000000);
	assert_int_equal(platform.nharts, 2);
	assert_string_equal(platform.isa,
	                    "rv64imafdch_zicsr_zifencei_zihintpause_zba_zbb_zbc_zbs_sstc");
	assert_ptr_equal((void *)(uintptr_t)platform.dtb_base, virt);
	assert_int_equal(platform.dtb_size, virt_size);
}

/* The guest-loader's modules: a kernel with its configuration, a ramdisk without. */
static void test_virt_modules(void **state)
{
	(void)state;
	load_virt();
	memset(&platform, 0x55, sizeof(platform));
	assert_int_equal(platform_probe(virt), 0);
	assert_int_equal(platform.nmodules, 2);
	for (unsigned i = 0; i < 2; i++) {
		const struct boot_module *m = &platform.modules[i];
		assert_int_equal(m->size, 64 << 10);
		if (m->kernel) {
			assert_int_equal(m->base, 0x80600000ull);
			assert_int_equal(m->bootargs_len, sizeof("name=a\nmem=64M"));
			assert_memory_equal(platform_bootargs(m), "name=a\nmem=64M",
			                    m->bootargs_len);
			/* It is read from the tree, which the hypervisor keeps. */
			assert_true((const uint8_t *)platform_bootargs(m) > virt &&
			            (const uint8_t *)platform_bootargs(m) < virt + virt_size);
		} else {
			assert_int_equal(m->base, 0x80400000ull);
			assert_null(platform_bootargs(m));
			assert_int_equal(m->bootargs_len, 0);
		}
	}
	assert_true(platform.modules[0].kernel != platform.modules[1].kernel);
}

/*
 * The tree probed at one place and moved whole to another, as the boot moves it: the platform is
 * then what a probe of the copy gives, and everything it refers to in the tree is read from the
 * copy, with the same content, the original being gone.
 */
static void expect_moved(const uint8_t *blob, uint32_t n)
{
	static struct platform probed_copy;
	uint8_t *from = malloc(n), *to = malloc(n);
	size_t offs[BOOT_MODULES_MAX] = {0}, nargs = 0;

	memcpy(from, blob, n);
	memcpy(to, blob, n);
	assert_int_equal(platform_probe(to), 0);
	probed_copy = platform;

	assert_int_equal(platform_probe(from), 0);
	for (unsigned i = 0; i < platform.nmodules; i++) {
		const uint8_t *a = (const uint8_t *)platform_bootargs(&platform.modules[i]);
		if (!a)
			continue;
		assert_true(a > from && a < from + n);
		offs[i] = (size_t)(a - from);
		nargs++;
	}
	free(from); /* a read of the original is now a use after free (ASan) */
	platform_dtb_moved(to);

	assert_memory_equal(&platform, &probed_copy, sizeof(platform));
	for (unsigned i = 0; i < platform.nmodules; i++) {
		const struct boot_module *m = &platform.modules[i];
		if (!offs[i]) {
			assert_null(platform_bootargs(m));
			continue;
		}
		assert_ptr_equal(platform_bootargs(m), to + offs[i]);
		assert_memory_equal(platform_bootargs(m), blob + offs[i], m->bootargs_len);
	}
	free(to);
	/* The trees moved here have kernel modules with bootargs: the check above is not empty. */
	assert_true(nargs > 0);
}

static void test_virt_moved(void **state)
{
	(void)state;
	load_virt();
	expect_moved(virt, virt_size);
}

/* --- malformed headers, truncation, corrupt struct blocks --------------------------------- */

static void put_be32(uint8_t *p, uint32_t v)
{
	fdt32_st(p, v);
}

/* A header field set to a bad value: refused before anything is read, so nothing is known. */
static void test_bad_header(void **state)
{
	static const struct {
		unsigned field; /* byte offset in the header */
		uint32_t value;
		const char *why;
	} bad[] = {
	    {0, 0xd00dfeee, "FDT_ERR_BADMAGIC"},   {20, 1, "FDT_ERR_BADVERSION"},
	    {24, 18, "FDT_ERR_BADVERSION"},        {4, 39, "FDT_ERR_TRUNCATED"},
	    {8, 0xfffffff0, "FDT_ERR_TRUNCATED"},  {36, 0x7ffffff0, "FDT_ERR_TRUNCATED"},
	    {12, 0x10000000, "FDT_ERR_TRUNCATED"}, {32, 0xfffff000, "FDT_ERR_TRUNCATED"},
	    {16, 0x7fffff00, "FDT_ERR_TRUNCATED"},
	};
	(void)state;
	load_virt();
	uint8_t *b = malloc(virt_size);
	for (size_t i = 0; i < COUNT(bad); i++) {
		memcpy(b, virt, virt_size);
		put_be32(b + bad[i].field, bad[i].value);
		expect_refused(b, virt_size, bad[i].why);
		assert_int_equal(platform.uart_base, 0);
	}
	/* totalsize cut to where the strings begin: the strings block is outside the tree. */
	memcpy(b, virt, virt_size);
	put_be32(b + 4, fdt_off_dt_strings(virt));
	expect_refused(b, fdt_off_dt_strings(virt), "FDT_ERR_TRUNCATED");
	/* A totalsize beyond the probe's bound (the blocks stay inside it). */
	memcpy(b, virt, virt_size);
	put_be32(b + 4, 2u << 20);
	expect_refused(b, virt_size, "totalsize 2097152 is over");
	free(b);

	/* Not 8-byte aligned, as libfdt requires. */
	uint8_t *odd = malloc(virt_size + 4);
	memcpy(odd + 4, virt, virt_size);
	assert_int_equal(platform_probe(odd + 4), -1);
	assert_non_null(strstr(platform.error, "FDT_ERR_ALIGNMENT"));
	free(odd);
}

/* The tree as if it were cut at `cut`: everything behind it zero, as a short copy leaves it. */
static int probe_cut(uint32_t cut)
{
	uint8_t *b = calloc(1, virt_size);
	memcpy(b, virt, cut);
	int rc = probe_copy(b, virt_size);
	free(b);
	return rc;
}

static void test_truncated(void **state)
{
	(void)state;
	load_virt();
	uint32_t off = fdt_off_dt_struct(virt), end = off + fdt_size_dt_struct(virt);
	unsigned probed = 0;

	/* QEMU's strings block comes last, so every cut loses it too. */
	assert_true(fdt_off_dt_strings(virt) >= end);
	/* Cut anywhere in the struct block before its FDT_END: the walk finds the root unclosed. */
	for (uint32_t cut = off; cut < end - 4; cut += 4)
		assert_int_equal(probe_cut(cut), -1);
	/* Cut in the strings block: property names go missing; refused or not, never a bad read. */
	for (uint32_t cut = end; cut < virt_size; cut += 4)
		probed += probe_cut(cut) == 0;
	assert_true(probed < (virt_size - end) / 4);
}

/* The struct-block offset of node's property `name` (its FDT_PROP tag) in the virt tree. */
static uint32_t prop_tag(const char *path, const char *name)
{
	int node = fdt_path_offset(virt, path), off;

	assert_true(node >= 0);
	for (off = fdt_first_property_offset(virt, node); off >= 0;
	     off = fdt_next_property_offset(virt, off)) {
		const char *n;
		assert_non_null(fdt_getprop_by_offset(virt, off, &n, NULL));
		if (strcmp(n, name) == 0)
			return fdt_off_dt_struct(virt) + (uint32_t)off;
	}
	fail_msg("%s has no %s", path, name);
	return 0;
}

/* One 32-bit word of the virt tree's struct block changed: refused, with the reason given. */
static void test_bad_struct(void **state)
{
	static const struct {
		const char *path, *prop;
		unsigned word; /* 0 tag, 1 length, 2 name offset */
		uint32_t value;
		const char *why;
	} bad[] = {
	    {"/soc/pci", "compatible", 0, 7, "FDT_ERR_BADSTRUCTURE"},
	    {"/cpus", "timebase-frequency", 1, 0x100000, "/cpus: compatible: FDT_ERR_BADSTRUCTURE"},
	    {"/cpus", "timebase-frequency", 2, 0x00ffffff, "timebase-frequency: FDT_ERR_NOTFOUND"},
	    {"/memory", "reg", 2, 0xfffffffc, "/memory@80000000: reg: FDT_ERR_NOTFOUND"},
	    {"/soc/serial", "compatible", 2, 0x10000, "no ns16550a UART"},
	    {"/soc/clint", "compatible", 2, 0x10000, "no riscv,clint0 CLINT"},
	};
	(void)state;
	load_virt();
	uint8_t *b = malloc(virt_size);
	for (size_t i = 0; i < COUNT(bad); i++) {
		memcpy(b, virt, virt_size);
		put_be32(b + prop_tag(bad[i].path, bad[i].prop) + 4 * bad[i].word, bad[i].value);
		expect_refused(b, virt_size, bad[i].why);
	}
	/* Lengths that take libfdt's int offset past INT_MAX (the -fwrapv case in lib/libfdt.mk).
	 */
	uint32_t tag = prop_tag("/soc/pci", "compatible") - fdt_off_dt_struct(virt);
	for (uint32_t len = 0x7fffffffu - tag - 16; len <= 0x7fffffffu; len += 4) {
		memcpy(b, virt, virt_size);
		put_be32(b + fdt_off_dt_struct(virt) + tag + 4, len);
		expect_refused(b, virt_size, "/soc/pci@30000000: compatible: FDT_ERR_BADSTRUCTURE");
	}
	/* The struct block out of word alignment: libfdt would read its words misaligned. */
	memcpy(b, virt, virt_size);
	put_be32(b + 8, fdt_off_dt_struct(virt) + 2);
	expect_refused(b, virt_size, "header: the struct block is not 4-byte aligned");
	free(b);
}

/* --- trees written here: missing and malformed properties, module nodes ------------------- */

/* The part of the machine's tree a test changes: one property or node left out, one property
 * given another value, and the module nodes /chosen holds. */
static struct {
	const char *omit;
	const char *name; /* property whose value is val[0..len) instead */
	const void *val;
	int len;
	void (*modules)(void *fdt);
	uint32_t chosen_cells; /* 0: /chosen has no #address-cells and #size-cells */
} change;

static void prop(void *fdt, const char *name, const void *val, int len)
{
	if (change.omit && strcmp(name, change.omit) == 0)
		return;
	if (change.name && strcmp(name, change.name) == 0)
		val = change.val, len = change.len;
	assert_int_equal(fdt_property(fdt, name, val, len), 0);
}

static void prop_u32(void *fdt, const char *name, uint32_t v)
{
	fdt32_t be = cpu_to_fdt32(v);
	prop(fdt, name, &be, sizeof(be));
}

static void prop_str(void *fdt, const char *name, const char *s)
{
	prop(fdt, name, s, (int)strlen(s) + 1);
}

/* Two address and two size cells. */
static void prop_reg(void *fdt, uint64_t base, uint64_t size)
{
	fdt64_t reg[2] = {cpu_to_fdt64(base), cpu_to_fdt64(size)};
	prop(fdt, "reg", reg, sizeof(reg));
}

static bool begin(void *fdt, const char *name)
{
	if (change.omit && strcmp(name, change.omit) == 0)
		return false;
	assert_int_equal(fdt_begin_node(fdt, name), 0);
	return true;
}

static void end(void *fdt)
{
	assert_int_equal(fdt_end_node(fdt), 0);
}

static void device(void *fdt, const char *name, const char *compat, uint64_t base)
{
	if (!begin(fdt, name))
		return;
	prop_str(fdt, "compatible", compat);
	prop_reg(fdt, base, 0x1000);
	end(fdt);
}

static uint8_t tree[16384];

/* A machine like QEMU's virt, with `change` applied; returns its size. */
static uint32_t machine(void)
{
	void *fdt = tree;

	assert_int_equal(fdt_create(fdt, sizeof(tree)), 0);
	assert_int_equal(fdt_finish_reservemap(fdt), 0);
	begin(fdt, "");
	prop_u32(fdt, "#address-cells", 2);
	prop_u32(fdt, "#size-cells", 2);
	if (begin(fdt, "chosen")) {
		if (change.chosen_cells) {
			prop_u32(fdt, "#address-cells", change.chosen_cells);
			prop_u32(fdt, "#size-cells", change.chosen_cells);
		}
		if (change.modules)
			change.modules(fdt);
		end(fdt);
	}
	if (begin(fdt, "memory@80000000")) {
		prop_str(fdt, "device_type", "memory");
		prop_reg(fdt, 0x80000000, 0x10000000);
		end(fdt);
	}
	if (begin(fdt, "cpus")) {
		prop_u32(fdt, "#address-cells", 1);
		prop_u32(fdt, "#size-cells", 0);
		prop_u32(fdt, "timebase-frequency", 1000000);
		if (begin(fdt, "cpu@0")) {
			prop_str(fdt, "device_type", "cpu");
			prop_u32(fdt, "reg", 0);
			prop_str(fdt, "riscv,isa", "rv64imac");
			prop_str(fdt, "mmu-type", "riscv,sv39");
			end(fdt);
		}
		end(fdt);
	}
	if (begin(fdt, "soc")) {
		prop_u32(fdt, "#address-cells", 2);
		prop_u32(fdt, "#size-cells", 2);
		if (begin(fdt, "serial@10000000")) {
			prop_str(fdt, "compatible", "ns16550a");
			prop_reg(fdt, 0x10000000, 0x100);
			prop_u32(fdt, "reg-shift", 2);
			end(fdt);
		}
		device(fdt, "test@100000", "sifive,test0", 0x100000);
		device(fdt, "clint@2000000", "riscv,clint0", 0x2000000);
		end(fdt);
	}
	end(fdt);
	assert_int_equal(fdt_finish(fdt), 0);
	return fdt_totalsize(fdt);
}

static int probe_changed(void)
{
	return probe_copy(tree, machine());
}

static void refused_changed(const char *why)
{
	expect_refused(tree, machine(), why);
}

static int reset(void **state)
{
	(void)state;
	memset(&change, 0, sizeof(change));
	return 0;
}

static void test_machine_as_written(void **state)
{
	(void)state;
	assert_int_equal(probe_changed(), 0);
	assert_int_equal(platform.ram_base, 0x80000000ull);
	assert_int_equal(platform.ram_size, 0x10000000ull);
	assert_int_equal(platform.uart_base, 0x10000000ull);
	assert_int_equal(platform.uart_shift, 2);
	assert_int_equal(platform.test_base, 0x100000ull);
	assert_int_equal(platform.clint_base, 0x2000000ull);
	assert_int_equal(platform.timebase_hz, 1000000);
	assert_int_equal(platform.nharts, 1);
	assert_string_equal(platform.isa, "rv64imac");
	assert_int_equal(platform.nmodules, 0);

	/* Optional parts: the exit device, the UART's register shift, /chosen. */
	change.omit = "test@100000";
	assert_int_equal(probe_changed(), 0);
	assert_int_equal(platform.test_base, 0);
	change.omit = "reg-shift";
	assert_int_equal(probe_changed(), 0);
	assert_int_equal(platform.uart_shift, 0);
	change.omit = "chosen";
	assert_int_equal(probe_changed(), 0);
}

/* Each part the hypervisor needs, left out; after the UART and exit device, the reason can be
 * told and the machine ended. */
static void test_machine_missing(void **state)
{
	static const struct {
		const char *omit, *why;
		bool told;
	} missing[] = {
	    {"serial@10000000", "no ns16550a UART", false},
	    {"compatible", "no ns16550a UART", false},
	    {"reg", "/soc/serial@10000000: reg: FDT_ERR_NOTFOUND", false},
	    {"clint@2000000", "no riscv,clint0 CLINT", true},
	    {"memory@80000000", "/memory: FDT_ERR_NOTFOUND", true},
	    {"cpus", "/cpus: FDT_ERR_NOTFOUND", true},
	    {"timebase-frequency", "/cpus: timebase-frequency: FDT_ERR_NOTFOUND", true},
	    {"riscv,isa", "/cpus/cpu@0: riscv,isa: FDT_ERR_NOTFOUND", true},
	    {"cpu@0", "/cpus: no cpu node with a riscv,isa", true},
	    {"device_type", "/cpus: no cpu node with a riscv,isa", true},
	};
	(void)state;
	for (size_t i = 0; i < COUNT(missing); i++) {
		change.omit = missing[i].omit;
		refused_changed(missing[i].why);
		assert_int_equal(platform.uart_base != 0, missing[i].told);
		assert_true(!missing[i].told || platform.test_base == 0x100000);
	}
}

/* A property with a value of the wrong shape. */
static void test_machine_bad_values(void **state)
{
	static char long_isa[300];
	static const uint8_t two_cells[8] = {0, 0, 0, 0, 0, 0, 0, 1};
	static const struct {
		const char *name;
		const void *val;
		int len;
		const char *why;
	} bad[] = {
	    {"riscv,isa", long_isa, sizeof(long_isa), "riscv,isa is longer than 255 characters"},
	    {"riscv,isa", "rv64imac", 8, "riscv,isa is not a NUL-terminated string"},
	    {"device_type", "cpu", 3, "/cpus/cpu@0: device_type is not a NUL-terminated string"},
	    {"timebase-frequency", two_cells, 8, "timebase-frequency is 8 bytes, not one cell"},
	    {"#size-cells", two_cells, 8, "#size-cells is 8 bytes, not one cell"},
	    {"reg-shift", two_cells, 8, "/soc/serial@10000000: reg-shift is 8 bytes, not one cell"},
	};
	(void)state;
	memset(long_isa, 'a', sizeof(long_isa) - 1);
	for (size_t i = 0; i < COUNT(bad); i++) {
		change.name = bad[i].name;
		change.val = bad[i].val;
		change.len = bad[i].len;
		refused_changed(bad[i].why);
	}
	/* Three address cells do not fit in 64 bits. */
	change.name = "#address-cells";
	change.val = (const uint8_t[]){0, 0, 0, 3};
	change.len = 4;
	refused_changed("/soc: 3 address and 2 size cells");
}

/* Module nodes: the test's writer of /chosen's children. */
static const void *mod_reg;
static int mod_reg_len;
static const char *mod_args;
static int mod_args_len;
static unsigned mod_count;

static void write_modules(void *fdt)
{
	static const char kernel[] = "multiboot,module\0multiboot,kernel";
	static const char ramdisk[] = "multiboot,module\0multiboot,ramdisk";

	for (unsigned i = 0; i < mod_count; i++) {
		char name[32];
		snprintf(name, sizeof(name), "module@%x", 0x84000000 + i * 0x100000);
		assert_int_equal(fdt_begin_node(fdt, name), 0);
		assert_int_equal(i % 2 ? fdt_property(fdt, "compatible", ramdisk, sizeof(ramdisk))
		                       : fdt_property(fdt, "compatible", kernel, sizeof(kernel)),
		                 0);
		if (mod_reg)
			assert_int_equal(fdt_property(fdt, "reg", mod_reg, mod_reg_len), 0);
		if (mod_args)
			assert_int_equal(fdt_property(fdt, "bootargs", mod_args, mod_args_len), 0);
		end(fdt);
	}
	/* Not a module: skipped. */
	assert_int_equal(fdt_begin_node(fdt, "framebuffer"), 0);
	assert_int_equal(fdt_property_string(fdt, "compatible", "simple-framebuffer"), 0);
	end(fdt);
}

static void modules(const void *reg, int reg_len, const char *args, int args_len, unsigned n)
{
	mod_reg = reg;
	mod_reg_len = reg_len;
	mod_args = args;
	mod_args_len = args_len;
	mod_count = n;
	change.modules = write_modules;
}

static void test_modules(void **state)
{
	const fdt32_t reg4[4] = {0, cpu_to_fdt32(0x84000000u), 0, cpu_to_fdt32(0x20000)};
	const fdt32_t reg2[2] = {cpu_to_fdt32(0x84000000u), cpu_to_fdt32(0x3000)};
	(void)state;

	/* Kernels and ramdisks alternate; a kernel's bootargs are read, a ramdisk's are not. */
	modules(reg4, sizeof(reg4), "name=a", 7, 16);
	assert_int_equal(probe_changed(), 0);
	assert_int_equal(platform.nmodules, 16);
	for (unsigned i = 0; i < 16; i++) {
		const struct boot_module *m = &platform.modules[i];
		assert_int_equal(m->kernel, i % 2 == 0);
		assert_int_equal(m->size, 0x20000);
		assert_int_equal(m->bootargs_len, m->kernel ? 7 : 0);
	}
	/* /chosen's own cells apply when it has them. */
	change.chosen_cells = 1;
	modules(reg2, sizeof(reg2), NULL, 0, 1);
	assert_int_equal(probe_changed(), 0);
	assert_int_equal(platform.nmodules, 1);
	assert_int_equal(platform.modules[0].base, 0x84000000ull);
	assert_int_equal(platform.modules[0].size, 0x3000);
	assert_null(platform_bootargs(&platform.modules[0]));
}

/* Sixteen modules, eight kernels with bootargs each at its own place, moved as the boot moves
 * the tree. */
static void test_modules_moved(void **state)
{
	const fdt32_t reg4[4] = {0, cpu_to_fdt32(0x84000000u), 0, cpu_to_fdt32(0x20000)};
	(void)state;

	modules(reg4, sizeof(reg4), "name=a\nmem=64M", 15, 16);
	expect_moved(tree, machine());
}

static void test_modules_malformed(void **state)
{
	const fdt32_t reg4[4] = {0, cpu_to_fdt32(0x84000000u), 0, cpu_to_fdt32(0x20000)};
	(void)state;

	modules(reg4, 12, "name=a", 7, 1);
	refused_changed(
	    "/chosen/module@84000000: reg is 12 bytes; 2 address and 2 size cells need 16");
	modules(NULL, 0, "name=a", 7, 1);
	refused_changed("/chosen/module@84000000: reg: FDT_ERR_NOTFOUND");
	modules(reg4, sizeof(reg4), "name=a", 6, 1);
	refused_changed("/chosen/module@84000000: bootargs is not a NUL-terminated string");
	modules(reg4, sizeof(reg4), "", 0, 1);
	refused_changed("/chosen/module@84000000: bootargs is not a NUL-terminated string");
	modules(reg4, sizeof(reg4), "name=a", 7, 17);
	refused_changed("/chosen: more than 16 multiboot modules");
	change.chosen_cells = 3;
	modules(reg4, sizeof(reg4), "name=a", 7, 1);
	refused_changed("/chosen: 3 address and 3 size cells");
	/* Each failure comes after the UART and exit device: it can be told. */
	assert_int_equal(platform.uart_base, 0x10000000ull);
	assert_int_equal(platform.test_base, 0x100000ull);
}

/* --- random corruption --------------------------------------------------------------------- */

#define XORSHIFT(s) ((s) ^= (s) << 13, (s) ^= (s) >> 17, (s) ^= (s) << 5)

/*
 * A few bytes or header words of a good tree changed at random, many times: the probe either
 * succeeds or says why it refuses, and never reads outside the blob. totalsize may shrink but not
 * grow: the caller guarantees only the bytes the header claims.
 */
static void corrupt(const uint8_t *good, uint32_t n, int rounds, uint32_t seed)
{
	uint8_t *b = malloc(n);
	int probed = 0;

	for (int r = 0; r < rounds; r++) {
		memcpy(b, good, n);
		for (uint32_t k = 1 + XORSHIFT(seed) % 4; k; k--) {
			uint32_t v = XORSHIFT(seed), pos = XORSHIFT(seed) % n;
			if ((v & 7) == 0) /* a header word: plausible but wrong offsets and sizes */
				put_be32(b + 4 + 4 * (pos % 9), XORSHIFT(seed) % (n + 16));
			else if (v & 8)
				b[pos] = (uint8_t)(v >> 8);
			else
				b[pos] ^= (uint8_t)(1u << ((v >> 4) & 7));
		}
		if (fdt_totalsize(b) > n)
			put_be32(b + 4, n);
		probed += probe_copy(b, n) == 0;
	}
	free(b);
	/* Some corruption hits nothing the probe reads, most does. */
	assert_true(probed > 0 && probed < rounds);
}

static void test_random_corruption(void **state)
{
	(void)state;
	load_virt();
	corrupt(virt, virt_size, 1500, 0x2545f491);
	const fdt32_t reg4[4] = {0, cpu_to_fdt32(0x84000000u), 0, cpu_to_fdt32(0x20000)};
	modules(reg4, sizeof(reg4), "name=a", 7, 4);
	uint32_t n = machine();
	uint8_t *good = malloc(n);
	memcpy(good, tree, n);
	corrupt(good, n, 4000, 0x9e3779b9);
	free(good);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_virt_machine),
	    cmocka_unit_test(test_virt_modules),
	    cmocka_unit_test(test_virt_moved),
	    cmocka_unit_test(test_bad_header),
	    cmocka_unit_test(test_truncated),
	    cmocka_unit_test(test_bad_struct),
	    cmocka_unit_test_setup(test_machine_as_written, reset),
	    cmocka_unit_test_setup(test_machine_missing, reset),
	    cmocka_unit_test_setup(test_machine_bad_values, reset),
	    cmocka_unit_test_setup(test_modules, reset),
	    cmocka_unit_test_setup(test_modules_moved, reset),
	    cmocka_unit_test_setup(test_modules_malformed, reset),
	    cmocka_unit_test_setup(test_random_corruption, reset),
	};
	int rc = cmocka_run_group_tests(tests, NULL, NULL);
	free(virt);
	return rc;
}
