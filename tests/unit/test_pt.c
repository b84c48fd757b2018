/* Unit tests for the page-table pool and pt_map, checked by a software walker like the hardware's.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "lib/util.h"
#include "mm/pt_pool.h"
#include "mmu/pt.h"
#include "mmu/pte.h"

static void *pages(uint64_t n)
{
	void *p = aligned_alloc(PAGE_SIZE, n * PAGE_SIZE);
	assert_non_null(p);
	/* Junk, so zeroing by the pool is observable. */
	memset(p, 0xa5, n * PAGE_SIZE);
	return p;
}

static bool all_zero(uint64_t page)
{
	const uint8_t *p = (const uint8_t *)(uintptr_t)page;
	for (size_t i = 0; i < PAGE_SIZE; i++)
		if (p[i])
			return false;
	return true;
}

/* --- pt_pool ------------------------------------------------------------------------------- */

static void test_pool_alloc_in_order_then_exhausted(void **state)
{
	(void)state;
	const uint64_t n = 8;
	uint8_t *mem = pages(n);
	uint64_t base = (uintptr_t)mem;
	struct pt_pool p;

	pt_pool_init(&p, base, n);
	assert_int_equal(pt_pool_used(&p), 0);
	for (uint64_t i = 0; i < n; i++) {
		uint64_t pg = pt_pool_alloc(&p);
		assert_int_equal(pg, base + i * PAGE_SIZE);
		assert_true(all_zero(pg));
		assert_int_equal(pt_pool_used(&p), i + 1);
	}
	assert_int_equal(pt_pool_alloc(&p), 0);
	assert_int_equal(pt_pool_alloc(&p), 0);
	assert_int_equal(pt_pool_used(&p), n);
	free(mem);
}

static void test_pool_empty(void **state)
{
	(void)state;
	uint8_t *mem = pages(1);
	struct pt_pool p;

	pt_pool_init(&p, (uintptr_t)mem, 0);
	assert_int_equal(pt_pool_alloc(&p), 0);
	assert_int_equal(pt_pool_used(&p), 0);
	/* The page after the pool is untouched. */
	assert_int_equal(mem[0], 0xa5);
	free(mem);
}

static void test_pool_free_reuse_and_zeroing(void **state)
{
	(void)state;
	const uint64_t n = 4;
	uint8_t *mem = pages(n);
	struct pt_pool p;
	uint64_t pg[4];

	pt_pool_init(&p, (uintptr_t)mem, n);
	for (unsigned i = 0; i < n; i++)
		pg[i] = pt_pool_alloc(&p);
	/* Dirty two pages, free them: they come back last-in first-out, zeroed again. */
	memset((void *)(uintptr_t)pg[1], 0x11, PAGE_SIZE);
	memset((void *)(uintptr_t)pg[3], 0x33, PAGE_SIZE);
	pt_pool_free(&p, pg[1]);
	pt_pool_free(&p, pg[3]);
	assert_int_equal(pt_pool_used(&p), 2);
	uint64_t a = pt_pool_alloc(&p), b = pt_pool_alloc(&p);
	assert_int_equal(a, pg[3]);
	assert_int_equal(b, pg[1]);
	assert_true(all_zero(a));
	assert_true(all_zero(b));
	assert_int_equal(pt_pool_alloc(&p), 0);
	assert_int_equal(pt_pool_used(&p), n);

	/* Free everything: exactly n pages come back, each once, then exhaustion again. */
	for (unsigned i = 0; i < n; i++)
		pt_pool_free(&p, pg[i]);
	assert_int_equal(pt_pool_used(&p), 0);
	uint64_t seen = 0;
	for (unsigned i = 0; i < n; i++) {
		uint64_t x = pt_pool_alloc(&p);
		assert_true(x >= pg[0] && x <= pg[n - 1] && is_aligned(x, PAGE_SIZE));
		uint64_t bit = 1ull << ((x - pg[0]) / PAGE_SIZE);
		assert_false(seen & bit);
		seen |= bit;
	}
	assert_int_equal(pt_pool_alloc(&p), 0);
	free(mem);
}

static void test_pool_contig_aligned_skipped_pages_reused(void **state)
{
	(void)state;
	const uint64_t n = 12;
	uint8_t *mem = aligned_alloc(4 * PAGE_SIZE, n * PAGE_SIZE);
	uint64_t base = (uintptr_t)mem;
	struct pt_pool p;

	assert_non_null(mem);
	memset(mem, 0xa5, n * PAGE_SIZE);
	pt_pool_init(&p, base, n);
	assert_int_equal(pt_pool_alloc(&p), base);
	/* Four pages aligned to 16 KiB: pages 1..3 are skipped, page 4 starts the block. */
	uint64_t blk = pt_pool_alloc_contig(&p, 4);
	assert_int_equal(blk, base + 4 * PAGE_SIZE);
	for (unsigned i = 0; i < 4; i++)
		assert_true(all_zero(blk + i * PAGE_SIZE));
	assert_int_equal(pt_pool_used(&p), 5);
	/* The skipped pages are handed out before the untouched rest. */
	uint64_t seen = 0;
	for (unsigned i = 0; i < 3; i++) {
		uint64_t x = pt_pool_alloc(&p);
		assert_true(x >= base + PAGE_SIZE && x < blk);
		seen |= 1ull << ((x - base) / PAGE_SIZE);
	}
	assert_int_equal(seen, 0xe);
	assert_int_equal(pt_pool_alloc(&p), base + 8 * PAGE_SIZE);
	/* Three pages left: no room for another aligned block of four. */
	assert_int_equal(pt_pool_alloc_contig(&p, 4), 0);
	assert_int_equal(pt_pool_used(&p), 9);
	free(mem);
}

static void test_pool_free_before_bump_exhausted(void **state)
{
	(void)state;
	uint8_t *mem = pages(3);
	struct pt_pool p;

	/* Freed pages are preferred over never-used ones, and both are eventually handed out. */
	pt_pool_init(&p, (uintptr_t)mem, 3);
	uint64_t a = pt_pool_alloc(&p);
	pt_pool_free(&p, a);
	assert_int_equal(pt_pool_alloc(&p), a);
	assert_int_equal(pt_pool_alloc(&p), a + PAGE_SIZE);
	assert_int_equal(pt_pool_alloc(&p), a + 2 * PAGE_SIZE);
	assert_int_equal(pt_pool_alloc(&p), 0);
	free(mem);
}

/* --- Software walker ------------------------------------------------------------------------ */

struct walk {
	uint64_t pa, leaf_size, pte;
};

struct tree {
	uint8_t *mem;
	struct pt_pool pool;
	uint64_t root;
	unsigned levels;
};

static bool in_pool(const struct tree *t, uint64_t pa)
{
	return pa >= t->pool.base && pa < t->pool.base + t->pool.npages * PAGE_SIZE &&
	       is_aligned(pa, PAGE_SIZE);
}

/* Translates like the hardware; a misaligned superpage or non-leaf at level 0 is a fault. */
static bool walk(const struct tree *t, uint64_t va, struct walk *w)
{
	uint64_t table = t->root;

	for (int level = (int)t->levels - 1; level >= 0; level--) {
		uint64_t pte = ((const uint64_t *)(uintptr_t)table)[pt_index(va, (unsigned)level)];
		if (!(pte & PTE_V))
			return false;
		if (pte_is_leaf(pte)) {
			uint64_t sz = pt_level_size((unsigned)level);
			assert_true(is_aligned(pte_pa(pte), sz));
			/* W without R is reserved. */
			assert_false((pte & PTE_W) && !(pte & PTE_R));
			w->pa = pte_pa(pte) + (va & (sz - 1));
			w->leaf_size = sz;
			w->pte = pte;
			return true;
		}
		/* Pointers carry no other flags and point into the pool. */
		assert_int_equal(pte & ~PTE_PPN_MASK, PTE_V);
		assert_true(in_pool(t, pte_pa(pte)));
		if (level == 0)
			return false;
		table = pte_pa(pte);
	}
	return false;
}

/* Bytes mapped in the whole tree, to prove nothing outside the requested ranges is mapped. */
static uint64_t mapped_bytes(const struct tree *t, uint64_t table, int level)
{
	uint64_t total = 0;

	for (unsigned i = 0; i < PT_ENTRIES; i++) {
		uint64_t pte = ((const uint64_t *)(uintptr_t)table)[i];
		if (!(pte & PTE_V))
			continue;
		if (pte_is_leaf(pte))
			total += pt_level_size((unsigned)level);
		else if (level > 0)
			total += mapped_bytes(t, pte_pa(pte), level - 1);
	}
	return total;
}

static void tree_init(struct tree *t, unsigned levels, uint64_t npages)
{
	t->mem = pages(npages);
	t->levels = levels;
	pt_pool_init(&t->pool, (uintptr_t)t->mem, npages);
	t->root = pt_pool_alloc(&t->pool);
	assert_int_not_equal(t->root, 0);
}

static void tree_free(struct tree *t)
{
	free(t->mem);
}

#define FLAGS (PTE_R | PTE_W | PTE_X | PTE_A | PTE_D)

/* Every 4 KiB page of [va, va + size) maps to pa + offset with the expected leaf size. */
static void check_range(const struct tree *t, uint64_t va, uint64_t pa, uint64_t size,
                        uint64_t leaf_size, uint64_t flags)
{
	struct walk w;

	for (uint64_t off = 0; off < size; off += PAGE_SIZE) {
		assert_true(walk(t, va + off, &w));
		assert_int_equal(w.pa, pa + off);
		assert_int_equal(w.leaf_size, leaf_size);
		assert_int_equal(w.pte & ~PTE_PPN_MASK, flags | PTE_V);
	}
	/* Last byte too, and the offset within a page is carried through. */
	assert_true(walk(t, va + size - 1, &w));
	assert_int_equal(w.pa, pa + size - 1);
}

static void check_unmapped(const struct tree *t, uint64_t va)
{
	struct walk w;
	assert_false(walk(t, va, &w));
}

static void test_map_4k_unaligned(void **state)
{
	(void)state;
	const unsigned levels[] = {3, 4};

	for (unsigned k = 0; k < 2; k++) {
		struct tree t;
		tree_init(&t, levels[k], 16);
		const uint64_t va = 0x1000, pa = 0x80001000, size = 5 * PAGE_SIZE;
		assert_int_equal(pt_map(&t.pool, t.root, t.levels, va, pa, size, FLAGS), 0);
		check_range(&t, va, pa, size, PAGE_SIZE, FLAGS);
		check_unmapped(&t, 0);
		check_unmapped(&t, va + size);
		check_unmapped(&t, 2 * MiB);
		assert_int_equal(mapped_bytes(&t, t.root, (int)t.levels - 1), size);
		/* Root plus one table per level below it. */
		assert_int_equal(pt_pool_used(&t.pool), t.levels);
		tree_free(&t);
	}
}

static void test_map_megapages(void **state)
{
	(void)state;
	const unsigned levels[] = {3, 4};

	for (unsigned k = 0; k < 2; k++) {
		struct tree t;
		tree_init(&t, levels[k], 16);
		const uint64_t va = 0x200000, pa = 0x80200000, size = 6 * MiB;
		assert_int_equal(pt_map(&t.pool, t.root, t.levels, va, pa, size, PTE_R | PTE_X), 0);
		check_range(&t, va, pa, size, 2 * MiB, PTE_R | PTE_X);
		check_unmapped(&t, va - PAGE_SIZE);
		check_unmapped(&t, va + size);
		assert_int_equal(mapped_bytes(&t, t.root, (int)t.levels - 1), size);
		/* No level-0 table was needed. */
		assert_int_equal(pt_pool_used(&t.pool), t.levels - 1);
		tree_free(&t);
	}
}

/* Tables made in advance: mapping megapages there later takes nothing from the pool. */
static void test_prepare_then_map_megapages(void **state)
{
	(void)state;
	struct tree t;
	const uint64_t va = 0x3fe00000, pa = 0x80000000, size = 6 * MiB; /* across a 1 GiB line */

	tree_init(&t, 3, 8);
	assert_int_equal(pt_prepare(&t.pool, t.root, t.levels, va, size, 1), 0);
	assert_int_equal(pt_pool_used(&t.pool), 3); /* the root and two level-1 tables */
	check_unmapped(&t, va);
	check_unmapped(&t, va + size - 1);
	assert_int_equal(pt_prepare(&t.pool, t.root, t.levels, va, size, 1), 0);
	assert_int_equal(pt_pool_used(&t.pool), 3);
	for (uint64_t off = 0; off < size; off += 2 * MiB)
		assert_int_equal(
		    pt_map(&t.pool, t.root, t.levels, va + off, pa + off, 2 * MiB, PTE_R | PTE_W),
		    0);
	assert_int_equal(pt_pool_used(&t.pool), 3);
	check_range(&t, va, pa, size, 2 * MiB, PTE_R | PTE_W);
	tree_free(&t);
	/* A pool too small: -1, never a partial crash. */
	tree_init(&t, 3, 2);
	assert_int_equal(pt_prepare(&t.pool, t.root, t.levels, va, size, 1), -1);
	tree_free(&t);
}

static void test_map_gigapages(void **state)
{
	(void)state;
	const unsigned levels[] = {3, 4};

	for (unsigned k = 0; k < 2; k++) {
		struct tree t;
		tree_init(&t, levels[k], 16);
		const uint64_t va = GiB, pa = 2 * GiB, size = 2 * GiB;
		assert_int_equal(pt_map(&t.pool, t.root, t.levels, va, pa, size, FLAGS), 0);
		check_range(&t, va, pa, size, GiB, FLAGS);
		check_unmapped(&t, va - 1);
		check_unmapped(&t, va + size);
		assert_int_equal(mapped_bytes(&t, t.root, (int)t.levels - 1), size);
		assert_int_equal(pt_pool_used(&t.pool), t.levels - 2);
		tree_free(&t);
	}
}

/* 4 KiB up to a 2 MiB boundary, megapages up to 1 GiB, a gigapage, then smaller again. */
static void test_map_mixed_sizes(void **state)
{
	(void)state;
	const unsigned levels[] = {3, 4};

	for (unsigned k = 0; k < 2; k++) {
		struct tree t;
		tree_init(&t, levels[k], 16);
		const uint64_t va = GiB - 2 * MiB - 2 * PAGE_SIZE, pa = 0x80000000ull + va;
		const uint64_t size = 2 * PAGE_SIZE + 2 * MiB + GiB + 2 * MiB + 3 * PAGE_SIZE;
		assert_int_equal(pt_map(&t.pool, t.root, t.levels, va, pa, size, FLAGS), 0);
		uint64_t v = va, p = pa;
		check_range(&t, v, p, 2 * PAGE_SIZE, PAGE_SIZE, FLAGS);
		v += 2 * PAGE_SIZE, p += 2 * PAGE_SIZE;
		check_range(&t, v, p, 2 * MiB, 2 * MiB, FLAGS);
		v += 2 * MiB, p += 2 * MiB;
		check_range(&t, v, p, GiB, GiB, FLAGS);
		v += GiB, p += GiB;
		check_range(&t, v, p, 2 * MiB, 2 * MiB, FLAGS);
		v += 2 * MiB, p += 2 * MiB;
		check_range(&t, v, p, 3 * PAGE_SIZE, PAGE_SIZE, FLAGS);
		check_unmapped(&t, va - PAGE_SIZE);
		check_unmapped(&t, va + size);
		assert_int_equal(mapped_bytes(&t, t.root, (int)t.levels - 1), size);
		tree_free(&t);
	}
}

/* Leaf size is limited by the worse-aligned of va and pa. */
static void test_map_pa_alignment_limits_leaf(void **state)
{
	(void)state;
	struct tree t;

	tree_init(&t, 3, 16);
	assert_int_equal(pt_map(&t.pool, t.root, 3, 0x200000, 0x80201000, 2 * MiB, FLAGS), 0);
	check_range(&t, 0x200000, 0x80201000, 2 * MiB, PAGE_SIZE, FLAGS);
	/* va 2M-aligned only, pa 1G-aligned: megapages. */
	assert_int_equal(pt_map(&t.pool, t.root, 3, GiB + 2 * MiB, 4 * GiB, GiB, FLAGS), 0);
	check_range(&t, GiB + 2 * MiB, 4 * GiB, GiB, 2 * MiB, FLAGS);
	assert_int_equal(mapped_bytes(&t, t.root, 2), 2 * MiB + GiB);
	tree_free(&t);
}

static void test_map_size_edge_cases(void **state)
{
	(void)state;
	struct tree t;
	struct walk w;

	tree_init(&t, 3, 16);
	/* Nothing to map: no tables either. */
	assert_int_equal(pt_map(&t.pool, t.root, 3, 0, 0x80000000, 0, FLAGS), 0);
	assert_int_equal(pt_pool_used(&t.pool), 1);
	assert_int_equal(mapped_bytes(&t, t.root, 2), 0);
	/* A partial last page is mapped whole; the page after it is not. */
	assert_int_equal(pt_map(&t.pool, t.root, 3, 0x10000, 0x90000000, 0x1800, FLAGS), 0);
	check_range(&t, 0x10000, 0x90000000, 0x2000, PAGE_SIZE, FLAGS);
	check_unmapped(&t, 0x12000);
	/* 2 MiB + 4 KiB at a 2 MiB boundary: one megapage then a 4 KiB page, not 513 pages. */
	assert_int_equal(pt_map(&t.pool, t.root, 3, 0x400000, 0xa0400000, 2 * MiB + 1, FLAGS), 0);
	assert_true(walk(&t, 0x400000, &w));
	assert_int_equal(w.leaf_size, 2 * MiB);
	assert_true(walk(&t, 0x600000, &w));
	assert_int_equal(w.leaf_size, PAGE_SIZE);
	assert_int_equal(w.pa, 0xa0600000);
	check_unmapped(&t, 0x601000);
	tree_free(&t);
}

/* One page short of a superpage at an aligned address must not map the whole superpage. */
static void test_map_just_under_superpage(void **state)
{
	(void)state;
	const unsigned levels[] = {3, 4};

	for (unsigned k = 0; k < 2; k++) {
		struct tree t;
		tree_init(&t, levels[k], 16);
		assert_int_equal(
		    pt_map(&t.pool, t.root, t.levels, 0, 0x80000000, 2 * MiB - PAGE_SIZE, FLAGS),
		    0);
		check_range(&t, 0, 0x80000000, 2 * MiB - PAGE_SIZE, PAGE_SIZE, FLAGS);
		check_unmapped(&t, 2 * MiB - PAGE_SIZE);
		assert_int_equal(
		    pt_map(&t.pool, t.root, t.levels, GiB, 2 * GiB, GiB - PAGE_SIZE, FLAGS), 0);
		check_range(&t, GiB, 2 * GiB, GiB - 2 * MiB, 2 * MiB, FLAGS);
		check_range(&t, 2 * GiB - 2 * MiB, 3 * GiB - 2 * MiB, 2 * MiB - PAGE_SIZE,
		            PAGE_SIZE, FLAGS);
		check_unmapped(&t, 2 * GiB - PAGE_SIZE);
		assert_int_equal(mapped_bytes(&t, t.root, (int)t.levels - 1),
		                 2 * MiB - PAGE_SIZE + GiB - PAGE_SIZE);
		tree_free(&t);
	}
}

/* Separate calls into the same region share the intermediate tables. */
static void test_map_shares_tables(void **state)
{
	(void)state;
	struct tree t;

	tree_init(&t, 4, 16);
	assert_int_equal(pt_map(&t.pool, t.root, 4, 0x5000, 0x80005000, PAGE_SIZE, FLAGS), 0);
	assert_int_equal(pt_pool_used(&t.pool), 4);
	assert_int_equal(pt_map(&t.pool, t.root, 4, 0x6000, 0x80006000, PAGE_SIZE, PTE_R), 0);
	assert_int_equal(pt_pool_used(&t.pool), 4);
	check_range(&t, 0x5000, 0x80005000, PAGE_SIZE, PAGE_SIZE, FLAGS);
	check_range(&t, 0x6000, 0x80006000, PAGE_SIZE, PAGE_SIZE, PTE_R);
	assert_int_equal(mapped_bytes(&t, t.root, 3), 2 * PAGE_SIZE);
	tree_free(&t);
}

/* Sv48 has an extra level: addresses above 512 GiB differ only in the top index. */
static void test_map_sv48_high(void **state)
{
	(void)state;
	struct tree t;
	const uint64_t hi = 512 * GiB;

	tree_init(&t, 4, 16);
	const uint64_t size = GiB + 2 * MiB + PAGE_SIZE;
	assert_int_equal(pt_map(&t.pool, t.root, 4, hi + GiB, 0x80000000, size, FLAGS), 0);
	check_range(&t, hi + GiB, 0x80000000, GiB, GiB, FLAGS);
	check_range(&t, hi + 2 * GiB, 0x80000000 + GiB, 2 * MiB, 2 * MiB, FLAGS);
	check_range(&t, hi + 2 * GiB + 2 * MiB, 0x80000000 + GiB + 2 * MiB, PAGE_SIZE, PAGE_SIZE,
	            FLAGS);
	/* The same offsets below 512 GiB are not mapped (no aliasing through the top level). */
	check_unmapped(&t, GiB);
	check_unmapped(&t, 2 * GiB);
	check_unmapped(&t, 2 * GiB + 2 * MiB);
	assert_int_equal(((uint64_t *)(uintptr_t)t.root)[0], 0);
	assert_int_equal(mapped_bytes(&t, t.root, 3), size);
	tree_free(&t);
}

/* A 512 GiB-aligned 512 GiB range under Sv48 still uses gigapages (no level-3 leaves). */
static void test_map_sv48_no_terapages(void **state)
{
	(void)state;
	struct tree t;
	struct walk w;
	const uint64_t va = 512 * GiB, pa = 1024 * GiB, size = 512 * GiB;

	tree_init(&t, 4, 8);
	assert_int_equal(pt_map(&t.pool, t.root, 4, va, pa, size, FLAGS), 0);
	assert_int_equal(pt_pool_used(&t.pool), 2);
	/* Walking all 2^27 pages is too slow: every gigapage's first, middle and last byte. */
	for (uint64_t off = 0; off < size; off += GiB) {
		const uint64_t probe[] = {off, off + 0x12345678, off + GiB - 1};
		for (unsigned i = 0; i < 3; i++) {
			assert_true(walk(&t, va + probe[i], &w));
			assert_int_equal(w.pa, pa + probe[i]);
			assert_int_equal(w.leaf_size, GiB);
		}
	}
	check_unmapped(&t, va - 1);
	check_unmapped(&t, va + size);
	assert_int_equal(mapped_bytes(&t, t.root, 3), size);
	tree_free(&t);
}

static void test_map_pool_exhaustion(void **state)
{
	(void)state;
	const unsigned levels[] = {3, 4};

	for (unsigned k = 0; k < 2; k++) {
		unsigned lv = levels[k];
		/* A 4 KiB mapping needs lv - 1 tables below the root: one page short fails. */
		for (uint64_t npages = 1; npages <= lv; npages++) {
			struct tree t;
			tree_init(&t, lv, npages);
			int rc = pt_map(&t.pool, t.root, lv, 0x7000, 0x80007000, PAGE_SIZE, FLAGS);
			if (npages < lv) {
				assert_int_equal(rc, -1);
				check_unmapped(&t, 0x7000);
				assert_int_equal(pt_pool_used(&t.pool), npages);
			} else {
				assert_int_equal(rc, 0);
				check_range(&t, 0x7000, 0x80007000, PAGE_SIZE, PAGE_SIZE, FLAGS);
			}
			tree_free(&t);
		}
	}
}

/* Running out part-way through a range still reports failure. */
static void test_map_pool_exhaustion_mid_range(void **state)
{
	(void)state;
	struct tree t;

	/* va and pa differ in 2 MiB alignment, so all 4 KiB pages; root + L1 + one L0 table
	 * cover only the first 2 MiB. */
	tree_init(&t, 3, 3);
	assert_int_equal(pt_map(&t.pool, t.root, 3, 0x1000, 0x80002000, 4 * MiB, FLAGS), -1);
	assert_int_equal(pt_pool_used(&t.pool), 3);
	/* What was mapped before the failure is correct. */
	check_range(&t, 0x1000, 0x80002000, 2 * MiB - PAGE_SIZE, PAGE_SIZE, FLAGS);
	check_unmapped(&t, 2 * MiB);
	tree_free(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_pool_alloc_in_order_then_exhausted),
	    cmocka_unit_test(test_pool_empty),
	    cmocka_unit_test(test_pool_free_reuse_and_zeroing),
	    cmocka_unit_test(test_pool_free_before_bump_exhausted),
	    cmocka_unit_test(test_pool_contig_aligned_skipped_pages_reused),
	    cmocka_unit_test(test_map_4k_unaligned),
	    cmocka_unit_test(test_map_megapages),
	    cmocka_unit_test(test_prepare_then_map_megapages),
	    cmocka_unit_test(test_map_gigapages),
	    cmocka_unit_test(test_map_mixed_sizes),
	    cmocka_unit_test(test_map_pa_alignment_limits_leaf),
	    cmocka_unit_test(test_map_size_edge_cases),
	    cmocka_unit_test(test_map_just_under_superpage),
	    cmocka_unit_test(test_map_shares_tables),
	    cmocka_unit_test(test_map_sv48_high),
	    cmocka_unit_test(test_map_sv48_no_terapages),
	    cmocka_unit_test(test_map_pool_exhaustion),
	    cmocka_unit_test(test_map_pool_exhaustion_mid_range),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
