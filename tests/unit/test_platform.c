/* Unit tests for the host device-tree probe: what it reads from QEMU's virt machine. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "boot/platform.h"

/* The virt machine's tree with a kernel and a ramdisk module (the Makefile's build/virt.dtb). */
static uint8_t *virt;
static size_t virt_size;

static int load_virt(void **state)
{
	const char *path = getenv("FDT_TEST_DTB");
	(void)state;

	if (!path || !*path)
		fail_msg("FDT_TEST_DTB is not set: run this test through make unit");
	FILE *f = fopen(path, "rb");
	if (!f)
		fail_msg("%s: cannot open", path);
	virt = malloc(1 << 20);
	virt_size = fread(virt, 1, 1 << 20, f);
	fclose(f);
	return 0;
}

static int free_virt(void **state)
{
	(void)state;
	free(virt);
	return 0;
}

/* Everything the hypervisor takes from the machine, as QEMU 7.2's virt machine describes it. */
static void test_virt_machine(void **state)
{
	(void)state;
	memset(&platform, 0x55, sizeof(platform));
	assert_int_equal(platform_probe(virt), 0);
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
	assert_string_equal(platform.mmu_type, "riscv,sv48");
	assert_ptr_equal((void *)(uintptr_t)platform.dtb_base, virt);
	/* The header's totalsize: QEMU's dump has the unused room behind the tree too. */
	assert_int_equal(platform.dtb_size,
	                 (uint32_t)virt[4] << 24 | virt[5] << 16 | virt[6] << 8 | virt[7]);
	assert_true(platform.dtb_size > 1024 && platform.dtb_size <= virt_size);
}

/* The guest-loader's modules: a kernel with its configuration, a ramdisk without. */
static void test_virt_modules(void **state)
{
	(void)state;
	memset(&platform, 0x55, sizeof(platform));
	assert_int_equal(platform_probe(virt), 0);
	assert_int_equal(platform.nmodules, 2);
	for (unsigned i = 0; i < 2; i++) {
		const struct boot_module *m = &platform.modules[i];
		assert_int_equal(m->size, 64 << 10);
		if (m->kernel) {
			assert_int_equal(m->base, 0x80600000ull);
			assert_int_equal(m->bootargs_len, sizeof("name=a\nmem=64M"));
			assert_memory_equal(m->bootargs, "name=a\nmem=64M", m->bootargs_len);
			/* It points into the tree, which the hypervisor keeps. */
			assert_true((const uint8_t *)m->bootargs > virt &&
			            (const uint8_t *)m->bootargs < virt + platform.dtb_size);
		} else {
			assert_int_equal(m->base, 0x80400000ull);
			assert_null(m->bootargs);
			assert_int_equal(m->bootargs_len, 0);
		}
	}
	assert_true(platform.modules[0].kernel != platform.modules[1].kernel);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_virt_machine),
	    cmocka_unit_test(test_virt_modules),
	};
	return cmocka_run_group_tests(tests, load_virt, free_virt);
}
