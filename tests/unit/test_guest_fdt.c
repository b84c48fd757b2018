/* Unit tests for the guest device tree: the ISA filter, and the built tree read back by the reader.
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

#include "core/guest_fdt.h"
#include "lib/fdt.h"

#define QEMU_ISA  "rv64imafdch_zicsr_zifencei_zihintpause_zba_zbb_zbc_zbs_sstc"
#define GUEST_ISA "rv64imafdc_zicsr_zifencei_zihintpause_zba_zbb_zbc_zbs"

/* --- guest_isa_filter ----------------------------------------------------------------------- */

static void filter_ok(const char *host, const char *want)
{
	char out[256];

	memset(out, 'x', sizeof(out));
	assert_int_equal(guest_isa_filter(host, out, sizeof(out)), 0);
	assert_string_equal(out, want);
}

static void test_filter_qemu_isa(void **state)
{
	(void)state;
	filter_ok(QEMU_ISA, GUEST_ISA);
}

static void test_filter_hidden_extensions(void **state)
{
	(void)state;
	filter_ok("rv64imac_svpbmt_svnapot_svinval_smaia_ssaia_smstateen_sscofpmf_zicbom",
	          "rv64imac_zicbom");
	/* First, last, only, and consecutive hidden extensions. */
	filter_ok("rv64imac_sstc_zba", "rv64imac_zba");
	filter_ok("rv64imac_zba_sstc", "rv64imac_zba");
	filter_ok("rv64imac_sstc", "rv64imac");
	filter_ok("rv64gch_sstc_svpbmt_zbb", "rv64gc_zbb");
	/* Exact names only: look-alikes stay. */
	filter_ok("rv64imac_sstcx_ssaiax_svnapo_zsstc", "rv64imac_sstcx_ssaiax_svnapo_zsstc");
	/* Multi-letter H extensions go too. */
	filter_ok("rv64imac_hfoo_zba", "rv64imac_zba");
}

static void test_filter_base_letters(void **state)
{
	(void)state;
	filter_ok("rv64imac", "rv64imac");
	filter_ok("rv64h", "rv64");
	filter_ok("rv64himafdc", "rv64imafdc");
	filter_ok("rv64imafdch", "rv64imafdc");
	filter_ok("rv64", "rv64");
	filter_ok("rv32imach_zicsr", "rv32imac_zicsr");
	/* "rv64" itself is never filtered, whatever letters follow. */
	filter_ok("rv64gcv_zvl128b", "rv64gcv_zvl128b");
}

static void test_filter_bad_input(void **state)
{
	(void)state;
	char out[64];

	memset(out, 'x', sizeof(out));
	assert_int_equal(guest_isa_filter("", out, sizeof(out)), -1);
	assert_int_equal(guest_isa_filter("rv", out, sizeof(out)), -1);
	assert_int_equal(guest_isa_filter("rv6", out, sizeof(out)), -1);
	assert_int_equal(guest_isa_filter("xv64imac", out, sizeof(out)), -1);
	assert_int_equal(guest_isa_filter("RV64IMAC", out, sizeof(out)), -1);
	assert_int_equal(guest_isa_filter("imac", out, sizeof(out)), -1);
	assert_int_equal(guest_isa_filter("rv64imac", out, 0), -1);
	/* Nothing written for rejected input. */
	assert_int_equal(out[0], 'x');
}

/* cap counts the NUL: an exact fit works, one byte less fails without overflowing. */
static void check_cap(const char *host, const char *want)
{
	size_t need = strlen(want) + 1;

	for (size_t cap = 1; cap <= need + 1; cap++) {
		/* Exactly cap bytes on the heap, so ASan sees any write past them. */
		char *out = malloc(cap);
		assert_non_null(out);
		int rc = guest_isa_filter(host, out, cap);
		if (cap < need) {
			assert_int_equal(rc, -1);
		} else {
			assert_int_equal(rc, 0);
			assert_string_equal(out, want);
		}
		free(out);
	}
}

static void test_filter_small_cap(void **state)
{
	(void)state;
	check_cap(QEMU_ISA, GUEST_ISA);
	/* Ends in a base letter, and with a dropped 'h' last. */
	check_cap("rv64imac", "rv64imac");
	check_cap("rv64imach", "rv64imac");
	/* A hidden extension at the end needs no room. */
	check_cap("rv64i_zba_sstc", "rv64i_zba");
}

/* --- guest_fdt_build ------------------------------------------------------------------------ */

static struct guest_fdt_params params(void)
{
	return (struct guest_fdt_params){
	    .ram_gpa = 0x80000000ull,
	    .ram_size = 256ull << 20,
	    .initrd_start = 0x8fc00000ull,
	    .initrd_end = 0x8ff00000ull,
	    .bootargs = "console=hvc0 earlycon=sbi",
	    .timebase_hz = 10000000,
	    .host_isa = QEMU_ISA,
	    .mmu_type = "riscv,sv39",
	    .nvcpus = 2,
	};
}

static uint8_t blob[64 * 1024];

static int build(struct fdt *f, const struct guest_fdt_params *p)
{
	memset(blob, 0xee, sizeof(blob));
	int n = guest_fdt_build(blob, sizeof(blob), p);
	assert_true(n > 0);
	assert_int_equal(fdt_total_size(blob), (uint32_t)n);
	assert_int_equal(fdt_init(f, blob, (uint32_t)n), 0);
	return n;
}

static void check_u32(const struct fdt *f, int node, const char *name, uint32_t want)
{
	uint32_t v;
	assert_true(fdt_prop_u32(f, node, name, &v));
	assert_int_equal(v, want);
}

static void check_str(const struct fdt *f, int node, const char *name, const char *want)
{
	const char *s = fdt_prop_str(f, node, name);
	assert_non_null(s);
	assert_string_equal(s, want);
}

static void test_build_root_and_cpus(void **state)
{
	(void)state;
	struct fdt f;
	struct guest_fdt_params p = params();

	build(&f, &p);
	int root = fdt_root(&f);
	assert_true(root >= 0);
	check_u32(&f, root, "#address-cells", 2);
	check_u32(&f, root, "#size-cells", 2);
	assert_true(fdt_is_compatible(&f, root, "shadowvisor,vm"));
	assert_non_null(fdt_prop_str(&f, root, "model"));

	int cpus = fdt_path(&f, "/cpus");
	assert_true(cpus >= 0);
	check_u32(&f, cpus, "timebase-frequency", 10000000);
	check_u32(&f, cpus, "#address-cells", 1);
	check_u32(&f, cpus, "#size-cells", 0);

	uint32_t phandles[2];
	for (unsigned i = 0; i < 2; i++) {
		char path[32];
		snprintf(path, sizeof(path), "/cpus/cpu@%u", i);
		int cpu = fdt_path(&f, path);
		assert_true(cpu >= 0);
		check_str(&f, cpu, "device_type", "cpu");
		check_u32(&f, cpu, "reg", i);
		check_str(&f, cpu, "status", "okay");
		assert_true(fdt_is_compatible(&f, cpu, "riscv"));
		check_str(&f, cpu, "riscv,isa", GUEST_ISA);
		check_str(&f, cpu, "mmu-type", "riscv,sv39");

		int intc = fdt_subnode(&f, cpu, "interrupt-controller");
		assert_true(intc >= 0);
		assert_true(fdt_is_compatible(&f, intc, "riscv,cpu-intc"));
		check_u32(&f, intc, "#interrupt-cells", 1);
		uint32_t len = 99;
		assert_non_null(fdt_prop(&f, intc, "interrupt-controller", &len));
		assert_int_equal(len, 0);
		assert_true(fdt_prop_u32(&f, intc, "phandle", &phandles[i]));
		assert_int_not_equal(phandles[i], 0);
	}
	/* Phandles are unique, and there are exactly nvcpus CPUs. */
	assert_int_not_equal(phandles[0], phandles[1]);
	assert_true(fdt_path(&f, "/cpus/cpu@2") < 0);
	int n = 0;
	for (int c = fdt_first_child(&f, cpus); c >= 0; c = fdt_next_sibling(&f, c))
		n++;
	assert_int_equal(n, 2);
}

static void test_build_memory(void **state)
{
	(void)state;
	struct fdt f;
	struct guest_fdt_params p = params();
	uint64_t addr, size;
	uint32_t len;

	build(&f, &p);
	int mem = fdt_path(&f, "/memory@80000000");
	assert_true(mem >= 0);
	check_str(&f, mem, "device_type", "memory");
	/* Two address and two size cells. */
	const uint8_t *reg = fdt_prop(&f, mem, "reg", &len);
	assert_non_null(reg);
	assert_int_equal(len, 16);
	assert_true(fdt_reg(&f, mem, 0, &addr, &size));
	assert_int_equal(addr, 0x80000000ull);
	assert_int_equal(size, 256ull << 20);
	assert_false(fdt_reg(&f, mem, 1, &addr, &size));

	/* Above 4 GiB, the high cells matter. */
	p.ram_gpa = 0x100000000ull;
	p.ram_size = 0x140000000ull;
	build(&f, &p);
	mem = fdt_path(&f, "/memory@100000000");
	assert_true(mem >= 0);
	assert_true(fdt_reg(&f, mem, 0, &addr, &size));
	assert_int_equal(addr, 0x100000000ull);
	assert_int_equal(size, 0x140000000ull);
}

static void test_build_chosen(void **state)
{
	(void)state;
	struct fdt f;
	struct guest_fdt_params p = params();
	uint64_t v;
	uint32_t len;

	build(&f, &p);
	int chosen = fdt_path(&f, "/chosen");
	assert_true(chosen >= 0);
	check_str(&f, chosen, "bootargs", "console=hvc0 earlycon=sbi");
	/* 64-bit (two-cell) initrd bounds. */
	assert_non_null(fdt_prop(&f, chosen, "linux,initrd-start", &len));
	assert_int_equal(len, 8);
	assert_true(fdt_prop_u64(&f, chosen, "linux,initrd-start", &v));
	assert_int_equal(v, 0x8fc00000ull);
	assert_true(fdt_prop_u64(&f, chosen, "linux,initrd-end", &v));
	assert_int_equal(v, 0x8ff00000ull);
	/* No stdout-path: the console is the SBI one. */
	assert_null(fdt_prop(&f, chosen, "stdout-path", NULL));
}

static void test_build_without_initrd(void **state)
{
	(void)state;
	struct fdt f;
	struct guest_fdt_params p = params();

	p.initrd_start = p.initrd_end = 0;
	p.bootargs = "";
	build(&f, &p);
	int chosen = fdt_path(&f, "/chosen");
	assert_true(chosen >= 0);
	check_str(&f, chosen, "bootargs", "");
	assert_null(fdt_prop(&f, chosen, "linux,initrd-start", NULL));
	assert_null(fdt_prop(&f, chosen, "linux,initrd-end", NULL));

	/* An empty or inverted range is no initrd either. */
	p.initrd_start = p.initrd_end = 0x88000000ull;
	build(&f, &p);
	assert_null(fdt_prop(&f, fdt_path(&f, "/chosen"), "linux,initrd-start", NULL));
	p.initrd_start = 0x89000000ull;
	build(&f, &p);
	assert_null(fdt_prop(&f, fdt_path(&f, "/chosen"), "linux,initrd-end", NULL));
}

static void test_build_one_and_many_cpus(void **state)
{
	(void)state;
	struct fdt f;
	struct guest_fdt_params p = params();

	p.nvcpus = 1;
	p.mmu_type = "riscv,sv48";
	build(&f, &p);
	assert_true(fdt_path(&f, "/cpus/cpu@0") >= 0);
	assert_true(fdt_path(&f, "/cpus/cpu@1") < 0);
	check_str(&f, fdt_path(&f, "/cpus/cpu@0"), "mmu-type", "riscv,sv48");

	p.nvcpus = 64;
	build(&f, &p);
	int cpu = fdt_path(&f, "/cpus/cpu@63");
	assert_true(cpu >= 0);
	check_u32(&f, cpu, "reg", 63);
}

static void test_build_cap(void **state)
{
	(void)state;
	struct guest_fdt_params p = params();
	int n = guest_fdt_build(blob, sizeof(blob), &p);

	assert_true(n > 0);
	/* Exactly the size fits; any less fails. Heap buffers of exactly cap for ASan. */
	for (uint32_t cap = (uint32_t)n - 8; cap <= (uint32_t)n; cap++) {
		uint8_t *buf = malloc(cap);
		assert_non_null(buf);
		int rc = guest_fdt_build(buf, cap, &p);
		if (cap < (uint32_t)n) {
			assert_int_equal(rc, -1);
		} else {
			struct fdt f;
			assert_int_equal(rc, n);
			assert_memory_equal(buf, blob, (size_t)n);
			assert_int_equal(fdt_init(&f, buf, cap), 0);
		}
		free(buf);
	}
	uint8_t tiny[64];
	assert_int_equal(guest_fdt_build(tiny, sizeof(tiny), &p), -1);
	assert_int_equal(guest_fdt_build(tiny, 0, &p), -1);
}

static void test_build_bad_isa(void **state)
{
	(void)state;
	struct guest_fdt_params p = params();
	char isa[400];

	p.host_isa = "x86_64";
	assert_int_equal(guest_fdt_build(blob, sizeof(blob), &p), -1);
	/* Longer than the filter's 256-byte buffer once filtered. */
	strcpy(isa, "rv64imac");
	while (strlen(isa) < 300)
		strcat(isa, "_zfoo");
	p.host_isa = isa;
	assert_int_equal(guest_fdt_build(blob, sizeof(blob), &p), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_filter_qemu_isa),
	    cmocka_unit_test(test_filter_hidden_extensions),
	    cmocka_unit_test(test_filter_base_letters),
	    cmocka_unit_test(test_filter_bad_input),
	    cmocka_unit_test(test_filter_small_cap),
	    cmocka_unit_test(test_build_root_and_cpus),
	    cmocka_unit_test(test_build_memory),
	    cmocka_unit_test(test_build_chosen),
	    cmocka_unit_test(test_build_without_initrd),
	    cmocka_unit_test(test_build_one_and_many_cpus),
	    cmocka_unit_test(test_build_cap),
	    cmocka_unit_test(test_build_bad_isa),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
