/* Unit tests for the guest device tree: the ISA filter, and the built tree read back by libfdt. */
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

#include "core/guest_fdt.h"

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

/* Parameters with a golden tree each (tests/unit/golden/NAME.dts); the first are the other tests'
 * defaults. */
static const struct {
	const char *name;
	struct guest_fdt_params p;
} goldens[] = {
    {"guest-2cpu-initrd",
     {.ram_gpa = 0x80000000ull,
      .ram_size = 256ull << 20,
      .initrd_start = 0x8fc00000ull,
      .initrd_end = 0x8ff00000ull,
      .bootargs = "console=hvc0 earlycon=sbi",
      .timebase_hz = 10000000,
      .host_isa = QEMU_ISA,
      .mmu_type = "riscv,sv39",
      .nvcpus = 2}},
    {"guest-1cpu-high",
     {.ram_gpa = 0x100000000ull,
      .ram_size = 0x140000000ull,
      .bootargs = "",
      .timebase_hz = 1000000,
      .host_isa = "rv64imac_svpbmt_zicbom",
      .mmu_type = "riscv,sv48",
      .nvcpus = 1}},
    {"guest-8cpu",
     {.ram_gpa = 0x80000000ull,
      .ram_size = 128ull << 20,
      .initrd_start = 0x87000000ull,
      .initrd_end = 0x87f00000ull,
      .bootargs = "root=/dev/ram sv.run=/bin/run-all.sh quiet",
      .timebase_hz = 10000000,
      .host_isa = "rv64imafdch_zicsr_zifencei_sstc_svinval",
      .mmu_type = "riscv,sv57",
      .nvcpus = 8}},
};

static struct guest_fdt_params params(void)
{
	return goldens[0].p;
}

static uint8_t blob[64 * 1024];

/* Every node and property of the tree below node, in order: each must read without error. */
static void walk(const void *fdt, int node)
{
	int p, c, len;
	const char *name;

	assert_non_null(fdt_get_name(fdt, node, NULL));
	for (p = fdt_first_property_offset(fdt, node); p >= 0; p = fdt_next_property_offset(fdt, p))
		assert_non_null(fdt_getprop_by_offset(fdt, p, &name, &len));
	assert_int_equal(p, -FDT_ERR_NOTFOUND);
	for (c = fdt_first_subnode(fdt, node); c >= 0; c = fdt_next_subnode(fdt, c))
		walk(fdt, c);
	assert_int_equal(c, -FDT_ERR_NOTFOUND);
}

/* Builds into blob; the result must be a well-formed tree of exactly the size returned. */
static void build(const struct guest_fdt_params *p)
{
	memset(blob, 0xee, sizeof(blob));
	int n = guest_fdt_build(blob, sizeof(blob), p);
	assert_true(n > 0);
	assert_int_equal(fdt_check_header(blob), 0);
	assert_int_equal(fdt_totalsize(blob), (uint32_t)n);
	assert_int_equal(fdt_num_mem_rsv(blob), 0);
	walk(blob, 0);
}

static int node(const char *path)
{
	int off = fdt_path_offset(blob, path);
	if (off < 0)
		fail_msg("%s: %s", path, fdt_strerror(off));
	return off;
}

static const void *prop(int node, const char *name, int want_len)
{
	int len;
	const void *v = fdt_getprop(blob, node, name, &len);
	if (!v || len != want_len)
		fail_msg("%s: %d bytes, want %d", name, v ? len : -1, want_len);
	return v;
}

static void check_u32(int node, const char *name, uint32_t want)
{
	assert_int_equal(fdt32_ld(prop(node, name, 4)), want);
}

static void check_u64(int node, const char *name, uint64_t want)
{
	assert_int_equal(fdt64_ld(prop(node, name, 8)), want);
}

static void check_str(int node, const char *name, const char *want)
{
	assert_string_equal(prop(node, name, (int)strlen(want) + 1), want);
}

static bool compatible(int node, const char *compat)
{
	return fdt_node_check_compatible(blob, node, compat) == 0;
}

static void test_build_root_and_cpus(void **state)
{
	(void)state;
	struct guest_fdt_params p = params();

	build(&p);
	check_u32(0, "#address-cells", 2);
	check_u32(0, "#size-cells", 2);
	assert_true(compatible(0, "shadowvisor,vm"));
	assert_non_null(fdt_getprop(blob, 0, "model", NULL));

	int cpus = node("/cpus");
	check_u32(cpus, "timebase-frequency", 10000000);
	check_u32(cpus, "#address-cells", 1);
	check_u32(cpus, "#size-cells", 0);

	uint32_t phandles[2];
	for (unsigned i = 0; i < 2; i++) {
		char path[32];
		snprintf(path, sizeof(path), "/cpus/cpu@%u", i);
		int cpu = node(path);
		check_str(cpu, "device_type", "cpu");
		check_u32(cpu, "reg", i);
		check_str(cpu, "status", "okay");
		assert_true(compatible(cpu, "riscv"));
		check_str(cpu, "riscv,isa", GUEST_ISA);
		check_str(cpu, "mmu-type", "riscv,sv39");

		int intc = fdt_subnode_offset(blob, cpu, "interrupt-controller");
		assert_true(intc >= 0);
		assert_true(compatible(intc, "riscv,cpu-intc"));
		check_u32(intc, "#interrupt-cells", 1);
		prop(intc, "interrupt-controller", 0);
		phandles[i] = fdt_get_phandle(blob, intc);
		assert_int_not_equal(phandles[i], 0);
	}
	/* Phandles are unique, and there are exactly nvcpus CPUs. */
	assert_int_not_equal(phandles[0], phandles[1]);
	assert_int_equal(fdt_path_offset(blob, "/cpus/cpu@2"), -FDT_ERR_NOTFOUND);
	int n = 0, c;
	for (c = fdt_first_subnode(blob, cpus); c >= 0; c = fdt_next_subnode(blob, c))
		n++;
	assert_int_equal(n, 2);
}

/* reg of a memory node under the root's two address and two size cells. */
static void check_memory(const char *path, uint64_t base, uint64_t size)
{
	int mem = node(path);
	const fdt64_t *reg = prop(mem, "reg", 16);

	check_str(mem, "device_type", "memory");
	assert_int_equal(fdt64_ld(&reg[0]), base);
	assert_int_equal(fdt64_ld(&reg[1]), size);
}

static void test_build_memory(void **state)
{
	(void)state;
	struct guest_fdt_params p = params();

	build(&p);
	check_memory("/memory@80000000", 0x80000000ull, 256ull << 20);

	/* Above 4 GiB, the high cells matter. */
	p.ram_gpa = 0x100000000ull;
	p.ram_size = 0x140000000ull;
	build(&p);
	check_memory("/memory@100000000", 0x100000000ull, 0x140000000ull);
}

static void test_build_chosen(void **state)
{
	(void)state;
	struct guest_fdt_params p = params();

	build(&p);
	int chosen = node("/chosen");
	check_str(chosen, "bootargs", "console=hvc0 earlycon=sbi");
	/* 64-bit (two-cell) initrd bounds. */
	check_u64(chosen, "linux,initrd-start", 0x8fc00000ull);
	check_u64(chosen, "linux,initrd-end", 0x8ff00000ull);
	/* No stdout-path: the console is the SBI one. */
	assert_null(fdt_getprop(blob, chosen, "stdout-path", NULL));
}

static void test_build_without_initrd(void **state)
{
	(void)state;
	struct guest_fdt_params p = params();

	p.initrd_start = p.initrd_end = 0;
	p.bootargs = "";
	build(&p);
	int chosen = node("/chosen");
	check_str(chosen, "bootargs", "");
	assert_null(fdt_getprop(blob, chosen, "linux,initrd-start", NULL));
	assert_null(fdt_getprop(blob, chosen, "linux,initrd-end", NULL));

	/* An empty or inverted range is no initrd either. */
	p.initrd_start = p.initrd_end = 0x88000000ull;
	build(&p);
	assert_null(fdt_getprop(blob, node("/chosen"), "linux,initrd-start", NULL));
	p.initrd_start = 0x89000000ull;
	build(&p);
	assert_null(fdt_getprop(blob, node("/chosen"), "linux,initrd-end", NULL));
}

static void test_build_one_and_many_cpus(void **state)
{
	(void)state;
	struct guest_fdt_params p = params();

	p.nvcpus = 1;
	p.mmu_type = "riscv,sv48";
	build(&p);
	check_str(node("/cpus/cpu@0"), "mmu-type", "riscv,sv48");
	assert_int_equal(fdt_path_offset(blob, "/cpus/cpu@1"), -FDT_ERR_NOTFOUND);

	p.nvcpus = 64;
	build(&p);
	check_u32(node("/cpus/cpu@63"), "reg", 63);
}

/* Exactly the size p's tree needs fits, and gives the bytes a roomy build gives; any less fails.
 * Heap buffers of exactly cap, for ASan. */
static void check_exact_fit(const struct guest_fdt_params *p)
{
	int n = guest_fdt_build(blob, sizeof(blob), p);

	assert_true(n > 0);
	for (uint32_t cap = (uint32_t)n - 8; cap <= (uint32_t)n; cap++) {
		uint8_t *buf = malloc(cap);
		assert_non_null(buf);
		int rc = guest_fdt_build(buf, cap, p);
		if (cap < (uint32_t)n) {
			assert_int_equal(rc, -1);
		} else {
			assert_int_equal(rc, n);
			assert_memory_equal(buf, blob, (size_t)n);
		}
		free(buf);
	}
}

static void test_build_cap(void **state)
{
	(void)state;
	struct guest_fdt_params p = params();

	check_exact_fit(&p);
	/* Past the first try: built again in all of cap. */
	p.nvcpus = 64;
	check_exact_fit(&p);
	assert_true(fdt_totalsize(blob) > GUEST_FDT_FIRST_TRY);
	p.nvcpus = 2;
	uint8_t tiny[64];
	assert_int_equal(guest_fdt_build(tiny, sizeof(tiny), &p), -1);
	assert_int_equal(guest_fdt_build(tiny, 0, &p), -1);
}

/* A tree that fits in the first try leaves the rest of a larger buffer unwritten: the guest's
 * 64 KiB are not zeroed for a tree of one. */
static void test_build_first_try(void **state)
{
	(void)state;
	struct guest_fdt_params p = params();

	build(&p);
	for (size_t i = GUEST_FDT_FIRST_TRY; i < sizeof(blob); i++)
		if (blob[i] != 0xee)
			fail_msg("byte %zu of %zu written for a %u-byte tree", i, sizeof(blob),
			         fdt_totalsize(blob));
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

/* --- the same trees as the writer before libfdt (tests/unit/golden/NAME.dts) ------------------ */

/* Node `a` of tree `at` and node `b` of tree `bt` have the same name, the same properties (names,
 * lengths, bytes) in the same order, and subnodes that match in the same way, in order. */
static void same_node(const void *at, int a, const void *bt, int b, const char *golden)
{
	char path[256];
	const char *an = fdt_get_name(at, a, NULL), *bn = fdt_get_name(bt, b, NULL);
	int pa, pb, ca, cb;

	assert_int_equal(fdt_get_path(bt, b, path, sizeof(path)), 0);
	if (!an || !bn || strcmp(an, bn) != 0)
		fail_msg("%s: %s is %s in the new tree", golden, path, an ? an : "unreadable");
	for (pa = fdt_first_property_offset(at, a), pb = fdt_first_property_offset(bt, b);
	     pa >= 0 && pb >= 0;
	     pa = fdt_next_property_offset(at, pa), pb = fdt_next_property_offset(bt, pb)) {
		const char *ka, *kb;
		int la, lb;
		const void *va = fdt_getprop_by_offset(at, pa, &ka, &la);
		const void *vb = fdt_getprop_by_offset(bt, pb, &kb, &lb);
		if (!va || !vb || strcmp(ka, kb) != 0 || la != lb ||
		    memcmp(va, vb, (size_t)la) != 0)
			fail_msg("%s: %s: the new tree's property %s differs from the golden's %s",
			         golden, path, va ? ka : "(unreadable)", vb ? kb : "(unreadable)");
	}
	if (pa != -FDT_ERR_NOTFOUND || pb != -FDT_ERR_NOTFOUND)
		fail_msg("%s: %s: the new tree has %s properties", golden, path,
		         pa >= 0 ? "more" : "fewer");
	for (ca = fdt_first_subnode(at, a), cb = fdt_first_subnode(bt, b); ca >= 0 && cb >= 0;
	     ca = fdt_next_subnode(at, ca), cb = fdt_next_subnode(bt, cb))
		same_node(at, ca, bt, cb, golden);
	if (ca != -FDT_ERR_NOTFOUND || cb != -FDT_ERR_NOTFOUND)
		fail_msg("%s: %s: the new tree has %s subnodes", golden, path,
		         ca >= 0 ? "more" : "fewer");
}

/* The golden trees, compiled by the Makefile into GUEST_FDT_GOLDEN (make unit sets it). */
static void test_build_matches_golden(void **state)
{
	static uint8_t want[64 * 1024];
	const char *dir = getenv("GUEST_FDT_GOLDEN");
	(void)state;

	if (!dir || !*dir)
		fail_msg("GUEST_FDT_GOLDEN is not set: run this test through make unit");
	for (size_t i = 0; i < sizeof(goldens) / sizeof(goldens[0]); i++) {
		char path[512];
		snprintf(path, sizeof(path), "%s/%s.dtb", dir, goldens[i].name);
		FILE *f = fopen(path, "rb");
		if (!f)
			fail_msg("%s: cannot open", path);
		size_t n = fread(want, 1, sizeof(want), f);
		fclose(f);
		assert_int_equal(fdt_check_header(want), 0);
		assert_int_equal(fdt_totalsize(want), n);
		build(&goldens[i].p);
		assert_int_equal(fdt_boot_cpuid_phys(blob), fdt_boot_cpuid_phys(want));
		same_node(blob, 0, want, 0, goldens[i].name);
	}
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
	    cmocka_unit_test(test_build_first_try),
	    cmocka_unit_test(test_build_bad_isa),
	    cmocka_unit_test(test_build_matches_golden),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
