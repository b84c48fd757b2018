/* Unit tests for the guest-physical map: rule checks on add, lookups at edges, pmap_ptr bounds. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "lib/util.h"
#include "mm/pmap.h"

#define GPA 0x80000000ull
#define HPA 0x100000000ull /* lookups never dereference, so any address works */

static void test_empty(void **state)
{
	(void)state;
	struct pmap pm;
	uint64_t hpa = 7, contig = 7;

	memset(&pm, 0xa5, sizeof(pm));
	pmap_init(&pm);
	assert_false(pmap_lookup(&pm, 0, &hpa, &contig));
	assert_false(pmap_lookup(&pm, GPA, &hpa, &contig));
	assert_int_equal(hpa, 7);
	assert_int_equal(contig, 7);
	assert_null(pmap_ptr(&pm, GPA, 1));
}

static void test_add_rejects_bad_rules(void **state)
{
	(void)state;
	struct pmap pm;

	pmap_init(&pm);
	assert_int_equal(pmap_add(&pm, GPA, HPA, 0), -1);
	assert_int_equal(pmap_add(&pm, GPA + 1, HPA, PAGE_SIZE), -1);
	assert_int_equal(pmap_add(&pm, GPA + 0x800, HPA, PAGE_SIZE), -1);
	assert_int_equal(pmap_add(&pm, GPA, HPA + 0x10, PAGE_SIZE), -1);
	assert_int_equal(pmap_add(&pm, GPA, HPA, PAGE_SIZE + 1), -1);
	assert_int_equal(pmap_add(&pm, GPA, HPA, PAGE_SIZE - 1), -1);
	/* gpa + size past 2^64. */
	assert_int_equal(pmap_add(&pm, 0xfffffffffffff000ull, HPA, 2 * PAGE_SIZE), -1);
	assert_int_equal(pmap_add(&pm, PAGE_SIZE, HPA, 0xfffffffffffff000ull), -1);
	assert_int_equal(pm.n, 0);
	/* The largest legal region right below the top. */
	assert_int_equal(pmap_add(&pm, 0xffffffffffffe000ull, HPA, PAGE_SIZE), 0);
	assert_int_equal(pm.n, 1);
}

static void test_add_overlap(void **state)
{
	(void)state;
	struct pmap pm;
	const uint64_t sz = 16 * PAGE_SIZE;

	pmap_init(&pm);
	assert_int_equal(pmap_add(&pm, GPA, HPA, sz), 0);
	/* Same, front overlap, back overlap, containing, contained, one page at each end. */
	assert_int_equal(pmap_add(&pm, GPA, HPA + GiB, sz), -1);
	assert_int_equal(pmap_add(&pm, GPA - PAGE_SIZE, HPA + GiB, 2 * PAGE_SIZE), -1);
	assert_int_equal(pmap_add(&pm, GPA + sz - PAGE_SIZE, HPA + GiB, 2 * PAGE_SIZE), -1);
	assert_int_equal(pmap_add(&pm, GPA - PAGE_SIZE, HPA + GiB, sz + 2 * PAGE_SIZE), -1);
	assert_int_equal(pmap_add(&pm, GPA + PAGE_SIZE, HPA + GiB, PAGE_SIZE), -1);
	assert_int_equal(pmap_add(&pm, GPA, HPA + GiB, PAGE_SIZE), -1);
	assert_int_equal(pmap_add(&pm, GPA + sz - PAGE_SIZE, HPA + GiB, PAGE_SIZE), -1);
	assert_int_equal(pm.n, 1);
	/* Touching on either side is not overlap. */
	assert_int_equal(pmap_add(&pm, GPA - PAGE_SIZE, HPA + GiB, PAGE_SIZE), 0);
	assert_int_equal(pmap_add(&pm, GPA + sz, HPA + 2 * GiB, PAGE_SIZE), 0);
	assert_int_equal(pm.n, 3);
	/* Overlap with a later region, not just the first. */
	assert_int_equal(pmap_add(&pm, GPA + sz, HPA + 3 * GiB, PAGE_SIZE), -1);
	assert_int_equal(pm.n, 3);
}

static void test_add_full(void **state)
{
	(void)state;
	struct pmap pm;

	pmap_init(&pm);
	for (unsigned i = 0; i < PMAP_MAX_REGIONS; i++)
		assert_int_equal(pmap_add(&pm, GPA + i * GiB, HPA + i * MiB, MiB), 0);
	struct pmap before = pm;
	assert_int_equal(pmap_add(&pm, 0, HPA, PAGE_SIZE), -1);
	assert_memory_equal(&pm, &before, sizeof(pm));
	/* Every region is still found. */
	for (unsigned i = 0; i < PMAP_MAX_REGIONS; i++) {
		uint64_t hpa;
		assert_true(pmap_lookup(&pm, GPA + i * GiB + 5, &hpa, NULL));
		assert_int_equal(hpa, HPA + i * MiB + 5);
	}
}

static void test_lookup_edges(void **state)
{
	(void)state;
	struct pmap pm;
	uint64_t hpa, contig;
	const uint64_t sz = 8 * MiB;

	pmap_init(&pm);
	assert_int_equal(pmap_add(&pm, GPA, HPA, sz), 0);
	assert_int_equal(pmap_add(&pm, 0, HPA + GiB, PAGE_SIZE), 0);

	assert_true(pmap_lookup(&pm, GPA, &hpa, &contig));
	assert_int_equal(hpa, HPA);
	assert_int_equal(contig, sz);
	assert_true(pmap_lookup(&pm, GPA + 0x12345, &hpa, &contig));
	assert_int_equal(hpa, HPA + 0x12345);
	assert_int_equal(contig, sz - 0x12345);
	assert_true(pmap_lookup(&pm, GPA + sz - 1, &hpa, &contig));
	assert_int_equal(hpa, HPA + sz - 1);
	assert_int_equal(contig, 1);
	/* contig is optional. */
	assert_true(pmap_lookup(&pm, GPA + 8, &hpa, NULL));
	assert_int_equal(hpa, HPA + 8);

	/* Region at gpa 0. */
	assert_true(pmap_lookup(&pm, 0, &hpa, &contig));
	assert_int_equal(hpa, HPA + GiB);
	assert_int_equal(contig, PAGE_SIZE);

	hpa = contig = 42;
	assert_false(pmap_lookup(&pm, GPA + sz, &hpa, &contig));
	assert_false(pmap_lookup(&pm, GPA - 1, &hpa, &contig));
	assert_false(pmap_lookup(&pm, PAGE_SIZE, &hpa, &contig));
	assert_false(pmap_lookup(&pm, UINT64_MAX, &hpa, &contig));
	assert_int_equal(hpa, 42);
	assert_int_equal(contig, 42);
}

static void test_lookup_between_adjacent_regions(void **state)
{
	(void)state;
	struct pmap pm;
	uint64_t hpa, contig;

	/* Adjacent in gpa, far apart in hpa: contig must stop at the region boundary. */
	pmap_init(&pm);
	assert_int_equal(pmap_add(&pm, GPA + MiB, HPA + GiB, MiB), 0);
	assert_int_equal(pmap_add(&pm, GPA, HPA, MiB), 0);
	assert_true(pmap_lookup(&pm, GPA + MiB - 1, &hpa, &contig));
	assert_int_equal(hpa, HPA + MiB - 1);
	assert_int_equal(contig, 1);
	assert_true(pmap_lookup(&pm, GPA + MiB, &hpa, &contig));
	assert_int_equal(hpa, HPA + GiB);
	assert_int_equal(contig, MiB);
	/* One byte across the boundary is not in one region. */
	assert_null(pmap_ptr(&pm, GPA + MiB - 1, 2));
	assert_non_null(pmap_ptr(&pm, GPA + MiB - 1, 1));
}

static void test_ptr_ranges(void **state)
{
	(void)state;
	struct pmap pm;
	const uint64_t sz = 4 * PAGE_SIZE;

	pmap_init(&pm);
	assert_int_equal(pmap_add(&pm, GPA, HPA, sz), 0);
	assert_ptr_equal(pmap_ptr(&pm, GPA, sz), (void *)(uintptr_t)HPA);
	assert_null(pmap_ptr(&pm, GPA, sz + 1));
	assert_ptr_equal(pmap_ptr(&pm, GPA + 100, sz - 100), (void *)(uintptr_t)(HPA + 100));
	assert_null(pmap_ptr(&pm, GPA + 100, sz - 99));
	assert_ptr_equal(pmap_ptr(&pm, GPA + sz - 1, 1), (void *)(uintptr_t)(HPA + sz - 1));
	assert_null(pmap_ptr(&pm, GPA + sz - 1, 2));
	assert_null(pmap_ptr(&pm, GPA + sz, 1));
	assert_null(pmap_ptr(&pm, GPA - 1, 1));
	assert_null(pmap_ptr(&pm, GPA - 1, 2));
	/* A length that would wrap gpa + len must be refused, not wrap into the region. */
	assert_null(pmap_ptr(&pm, GPA, SIZE_MAX));
	assert_null(pmap_ptr(&pm, GPA + 8, SIZE_MAX - 7));
	assert_null(pmap_ptr(&pm, GPA + 8, (size_t)(0 - GPA)));
}

static void test_ptr_near_top(void **state)
{
	(void)state;
	struct pmap pm;
	const uint64_t top = 0xffffffffffffe000ull; /* highest page a region can hold */

	pmap_init(&pm);
	assert_int_equal(pmap_add(&pm, top, HPA, PAGE_SIZE), 0);
	assert_int_equal(pmap_add(&pm, 0, HPA + MiB, PAGE_SIZE), 0);
	assert_ptr_equal(pmap_ptr(&pm, top, PAGE_SIZE), (void *)(uintptr_t)HPA);
	assert_ptr_equal(pmap_ptr(&pm, top + PAGE_SIZE - 1, 1),
	                 (void *)(uintptr_t)(HPA + PAGE_SIZE - 1));
	/* Past the top region, and wrapping from it into the one at 0. */
	assert_null(pmap_ptr(&pm, top + PAGE_SIZE - 1, 2));
	assert_null(pmap_ptr(&pm, top + PAGE_SIZE, 1));
	assert_null(pmap_ptr(&pm, UINT64_MAX, 1));
	assert_null(pmap_ptr(&pm, UINT64_MAX, 2));
	assert_null(pmap_ptr(&pm, top, SIZE_MAX));
}

/* Through real memory: what pmap_ptr returns is the host buffer at the right offset. */
static void test_ptr_real_memory(void **state)
{
	(void)state;
	struct pmap pm;
	const size_t sz = 4 * PAGE_SIZE;
	uint8_t *a = aligned_alloc(PAGE_SIZE, sz), *b = aligned_alloc(PAGE_SIZE, sz);

	assert_non_null(a);
	assert_non_null(b);
	memset(a, 0, sz);
	memset(b, 0, sz);
	pmap_init(&pm);
	assert_int_equal(pmap_add(&pm, GPA, (uintptr_t)a, sz), 0);
	assert_int_equal(pmap_add(&pm, GPA + sz, (uintptr_t)b, sz), 0);
	memcpy(pmap_ptr(&pm, GPA + sz - 4, 4), "abcd", 4);
	memcpy(pmap_ptr(&pm, GPA + sz, 4), "wxyz", 4);
	assert_memory_equal(a + sz - 4, "abcd", 4);
	assert_memory_equal(b, "wxyz", 4);
	free(a);
	free(b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_empty),
	    cmocka_unit_test(test_add_rejects_bad_rules),
	    cmocka_unit_test(test_add_overlap),
	    cmocka_unit_test(test_add_full),
	    cmocka_unit_test(test_lookup_edges),
	    cmocka_unit_test(test_lookup_between_adjacent_regions),
	    cmocka_unit_test(test_ptr_ranges),
	    cmocka_unit_test(test_ptr_near_top),
	    cmocka_unit_test(test_ptr_real_memory),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
