/* Unit tests for guest image placement: the Linux Image header, fits and misfits, no overlaps. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdbool.h>
#include <string.h>

#include "core/guest_layout.h"
#include "lib/util.h"

#define RAM    0x80000000ull
#define KOFF   (2 * MiB)
#define HDRLEN 64

/* A Linux RISC-V Image header: image_size little-endian at 16, magic "RISCV\0\0\0" at 0x30. */
static void make_header(uint8_t *h, uint64_t image_size)
{
	memset(h, 0, HDRLEN);
	for (int i = 0; i < 8; i++)
		h[16 + i] = (uint8_t)(image_size >> (8 * i));
	memcpy(h + 0x30, "RISCV\0\0\0", 8);
}

static void test_footprint_with_header(void **state)
{
	(void)state;
	uint8_t h[HDRLEN];

	/* bss beyond the file: the header's size wins. */
	make_header(h, 20 * MiB);
	assert_int_equal(kernel_footprint(h, sizeof(h), 10 * MiB), 20 * MiB);
	/* Every byte of the field counts, little-endian. */
	make_header(h, 0x0102030405060708ull);
	assert_int_equal(kernel_footprint(h, sizeof(h), 1), 0x0102030405060708ull);
	/* A header claiming less than the file: never less than the file. */
	make_header(h, 4096);
	assert_int_equal(kernel_footprint(h, sizeof(h), 3 * MiB), 3 * MiB);
	make_header(h, 0);
	assert_int_equal(kernel_footprint(h, sizeof(h), 12345), 12345);
	/* Exactly long enough to hold the magic. */
	make_header(h, 8 * MiB);
	assert_int_equal(kernel_footprint(h, 0x38, 1 * MiB), 8 * MiB);
}

static void test_footprint_without_header(void **state)
{
	(void)state;
	uint8_t h[HDRLEN];

	/* Too short to hold the magic: the file size, and the size field is not trusted. */
	make_header(h, 20 * MiB);
	assert_int_equal(kernel_footprint(h, 0x37, 5 * MiB), 5 * MiB);
	assert_int_equal(kernel_footprint(h, 0, 5 * MiB), 5 * MiB);
	assert_int_equal(kernel_footprint(NULL, 0, 777), 777);
	/* Wrong magic in each byte position, or a bare binary. */
	for (int i = 0; i < 8; i++) {
		make_header(h, 20 * MiB);
		h[0x30 + i] ^= 0x20;
		assert_int_equal(kernel_footprint(h, sizeof(h), 5 * MiB), 5 * MiB);
	}
	memset(h, 0x13, sizeof(h));
	assert_int_equal(kernel_footprint(h, sizeof(h), 4096), 4096);
	/* The old magic at 0x30 ("RISCV" without the NULs required) is not enough. */
	make_header(h, 20 * MiB);
	memcpy(h + 0x30, "RISCVxyz", 8);
	assert_int_equal(kernel_footprint(h, sizeof(h), 5 * MiB), 5 * MiB);
}

static char err[256];

static int plan(struct guest_layout *l, uint64_t mem, uint64_t fp, uint64_t initrd)
{
	memset(l, 0xa5, sizeof(*l));
	err[0] = '\0';
	return guest_layout_plan(l, RAM, mem, KOFF, fp, initrd, err, sizeof(err));
}

static void check_layout(const struct guest_layout *l, uint64_t mem, uint64_t fp, uint64_t initrd)
{
	assert_int_equal(l->kernel_gpa, RAM + KOFF);
	assert_int_equal(l->fdt_gpa, RAM + mem - GUEST_FDT_MAX);
	assert_true(is_aligned(l->kernel_end, PAGE_SIZE));
	assert_true(l->kernel_end >= l->kernel_gpa + fp);
	assert_true(l->kernel_end - (l->kernel_gpa + fp) < PAGE_SIZE);
	assert_true(l->kernel_end <= l->fdt_gpa);
	assert_int_equal(l->initrd_size, initrd);
	if (!initrd) {
		assert_int_equal(l->initrd_gpa, 0);
		return;
	}
	/* Page-aligned, above the kernel, below the fdt and as close to it as alignment allows. */
	assert_true(is_aligned(l->initrd_gpa, PAGE_SIZE));
	assert_true(l->initrd_gpa >= l->kernel_end);
	assert_true(l->initrd_gpa + initrd <= l->fdt_gpa);
	assert_true(l->fdt_gpa - (l->initrd_gpa + initrd) < PAGE_SIZE);
}

static void test_plan_fits(void **state)
{
	(void)state;
	struct guest_layout l;

	assert_int_equal(plan(&l, 64 * MiB, 20 * MiB, 8 * MiB), 0);
	check_layout(&l, 64 * MiB, 20 * MiB, 8 * MiB);
	assert_int_equal(l.kernel_end, RAM + KOFF + 20 * MiB);
	assert_int_equal(l.fdt_gpa, RAM + 64 * MiB - 64 * KiB);
	assert_int_equal(l.initrd_gpa, RAM + 56 * MiB - 64 * KiB);

	/* Unaligned sizes. */
	assert_int_equal(plan(&l, 64 * MiB, 0x123457, 5000), 0);
	check_layout(&l, 64 * MiB, 0x123457, 5000);
	assert_int_equal(l.kernel_end, RAM + KOFF + 0x124000);
	assert_int_equal(l.initrd_gpa, RAM + 64 * MiB - 64 * KiB - 2 * PAGE_SIZE);

	/* No initrd. */
	assert_int_equal(plan(&l, 128 * MiB, 4096, 0), 0);
	check_layout(&l, 128 * MiB, 4096, 0);
}

static void test_plan_kernel_too_big(void **state)
{
	(void)state;
	struct guest_layout l;
	const uint64_t mem = 16 * MiB, room = mem - KOFF - GUEST_FDT_MAX;

	/* Exactly the room: fits, with nothing left for an initrd. */
	assert_int_equal(plan(&l, mem, room, 0), 0);
	check_layout(&l, mem, room, 0);
	assert_int_equal(l.kernel_end, l.fdt_gpa);
	assert_int_equal(plan(&l, mem, room, 1), -1);
	assert_non_null(strstr(err, "initrd"));

	assert_int_equal(plan(&l, mem, room + 1, 0), -1);
	assert_non_null(strstr(err, "kernel needs"));
	assert_int_equal(plan(&l, mem, UINT64_MAX, 0), -1);
	assert_non_null(strstr(err, "kernel needs"));
	/* The room is stated: (16 MiB - 2 MiB - 64 KiB) / 1 KiB. */
	assert_int_equal(plan(&l, mem, 64 * MiB, 0), -1);
	assert_non_null(strstr(err, "14272 KiB"));
	assert_non_null(strstr(err, "65536 KiB"));
}

static void test_plan_ram_smaller_than_offset(void **state)
{
	(void)state;
	struct guest_layout l;

	/* RAM ends before the kernel's slot plus the fdt: fdt_gpa - kernel_gpa would wrap. */
	assert_int_equal(plan(&l, 2 * MiB, 4096, 0), -1);
	assert_non_null(strstr(err, "kernel needs"));
	assert_int_equal(plan(&l, KOFF + GUEST_FDT_MAX - PAGE_SIZE, 0, 0), -1);
	assert_true(strlen(err) > 0);
	/* Exactly the slot plus the fdt: an empty kernel still fits. */
	assert_int_equal(plan(&l, KOFF + GUEST_FDT_MAX, 0, 0), 0);
	assert_int_equal(plan(&l, KOFF + GUEST_FDT_MAX, 1, 0), -1);
}

static void test_plan_initrd_too_big(void **state)
{
	(void)state;
	struct guest_layout l;
	const uint64_t mem = 32 * MiB, fp = 10 * MiB + 1;
	const uint64_t room = mem - KOFF - GUEST_FDT_MAX - align_up(fp, PAGE_SIZE);

	assert_int_equal(plan(&l, mem, fp, room), 0);
	check_layout(&l, mem, fp, room);
	assert_int_equal(l.initrd_gpa, l.kernel_end);
	assert_int_equal(plan(&l, mem, fp, room + 1), -1);
	assert_non_null(strstr(err, "initrd"));
	assert_int_equal(plan(&l, mem, fp, UINT64_MAX), -1);
	assert_non_null(strstr(err, "initrd"));
	/* One byte under the room, rounded down to a page below the fdt: still above the kernel. */
	assert_int_equal(plan(&l, mem, fp, room - 1), 0);
	check_layout(&l, mem, fp, room - 1);
}

static uint64_t rng_state = 0x853c49e6748fea9bull;

static uint64_t xorshift(void)
{
	uint64_t x = rng_state;
	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	return rng_state = x;
}

/* Random sizes: a plan succeeds exactly when the images fit, and then nothing overlaps. */
static void test_plan_random(void **state)
{
	(void)state;
	unsigned ok = 0, bad = 0;

	for (int i = 0; i < 20000; i++) {
		struct guest_layout l;
		uint64_t mem = (2 + xorshift() % 512) * 2 * MiB;
		uint64_t fp = xorshift() % (xorshift() % 2 ? mem : 64 * MiB);
		uint64_t initrd = xorshift() % 4 == 0 ? 0 : xorshift() % mem;
		if (xorshift() % 8 == 0)
			fp = align_up(fp, PAGE_SIZE);

		bool fits = mem >= KOFF + GUEST_FDT_MAX && fp <= mem - KOFF - GUEST_FDT_MAX &&
		            initrd <= mem - KOFF - GUEST_FDT_MAX - align_up(fp, PAGE_SIZE);
		int rc = plan(&l, mem, fp, initrd);
		if (!fits) {
			assert_int_equal(rc, -1);
			assert_true(strlen(err) > 0);
			bad++;
			continue;
		}
		assert_int_equal(rc, 0);
		check_layout(&l, mem, fp, initrd);
		/* Kernel, initrd and fdt are disjoint and inside RAM. */
		assert_true(l.kernel_gpa >= RAM);
		assert_true(l.fdt_gpa + GUEST_FDT_MAX == RAM + mem);
		if (initrd)
			assert_true(l.kernel_end <= l.initrd_gpa &&
			            l.initrd_gpa + initrd <= l.fdt_gpa);
		ok++;
	}
	/* Both outcomes were exercised. */
	assert_true(ok > 1000);
	assert_true(bad > 1000);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_footprint_with_header),
	    cmocka_unit_test(test_footprint_without_header),
	    cmocka_unit_test(test_plan_fits),
	    cmocka_unit_test(test_plan_kernel_too_big),
	    cmocka_unit_test(test_plan_ram_smaller_than_offset),
	    cmocka_unit_test(test_plan_initrd_too_big),
	    cmocka_unit_test(test_plan_random),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
