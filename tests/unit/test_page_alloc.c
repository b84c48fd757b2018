/* Unit tests for the first-fit extent allocator: exact extents, alignment, merging, a model fuzz.
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
#include "mm/page_alloc.h"

/* The allocator never touches the memory it manages, so any address works. */
#define BASE 0x80000000ull

struct ext {
	uint64_t base, size;
};

/* Extents must be sorted, disjoint, non-adjacent (fully merged), page-aligned and non-empty. */
static void check_invariants(const struct page_alloc *pa)
{
	assert_true(pa->n <= PAGE_ALLOC_MAX_EXTENTS);
	for (unsigned i = 0; i < pa->n; i++) {
		assert_true(pa->free[i].size > 0);
		assert_true(is_aligned(pa->free[i].base | pa->free[i].size, PAGE_SIZE));
		assert_true(pa->free[i].base + pa->free[i].size > pa->free[i].base);
		if (i)
			assert_true(pa->free[i - 1].base + pa->free[i - 1].size < pa->free[i].base);
	}
}

static void expect_extents(const struct page_alloc *pa, const struct ext *want, unsigned n)
{
	check_invariants(pa);
	assert_int_equal(pa->n, n);
	for (unsigned i = 0; i < n; i++) {
		assert_int_equal(pa->free[i].base, want[i].base);
		assert_int_equal(pa->free[i].size, want[i].size);
	}
}

#define EXPECT(pa, ...)                                                                            \
	do {                                                                                       \
		const struct ext want_[] = {__VA_ARGS__};                                          \
		expect_extents((pa), want_, ARRAY_SIZE(want_));                                    \
	} while (0)

static void test_empty(void **state)
{
	(void)state;
	struct page_alloc pa;

	memset(&pa, 0xa5, sizeof(pa));
	page_alloc_init(&pa);
	assert_int_equal(pa.n, 0);
	assert_int_equal(page_alloc_free_bytes(&pa), 0);
	assert_int_equal(page_alloc_largest(&pa, PAGE_SIZE), 0);
	assert_int_equal(page_alloc(&pa, PAGE_SIZE, PAGE_SIZE), 0);
}

static void test_add_aligns_inward(void **state)
{
	(void)state;
	struct page_alloc pa;

	page_alloc_init(&pa);
	assert_int_equal(page_alloc_add(&pa, BASE + 1, 3 * PAGE_SIZE), 0);
	EXPECT(&pa, {BASE + PAGE_SIZE, 2 * PAGE_SIZE});
	/* Less than a whole page once aligned: nothing is added, and that is not an error. */
	assert_int_equal(page_alloc_add(&pa, BASE + 0x10001, PAGE_SIZE), 0);
	assert_int_equal(page_alloc_add(&pa, BASE + 0x20000, 0), 0);
	assert_int_equal(page_alloc_add(&pa, BASE + 0x30000, PAGE_SIZE - 1), 0);
	EXPECT(&pa, {BASE + PAGE_SIZE, 2 * PAGE_SIZE});
	/* A range wrapping past 2^64 must not turn into a bogus extent. */
	assert_int_equal(page_alloc_add(&pa, UINT64_MAX - PAGE_SIZE + 1, 2 * PAGE_SIZE), 0);
	EXPECT(&pa, {BASE + PAGE_SIZE, 2 * PAGE_SIZE});
}

static void test_add_merges_and_sorts(void **state)
{
	(void)state;
	struct page_alloc pa;

	page_alloc_init(&pa);
	assert_int_equal(page_alloc_add(&pa, BASE + 0x10000, 0x1000), 0);
	assert_int_equal(page_alloc_add(&pa, BASE, 0x1000), 0);
	assert_int_equal(page_alloc_add(&pa, BASE + 0x20000, 0x1000), 0);
	EXPECT(&pa, {BASE, 0x1000}, {BASE + 0x10000, 0x1000}, {BASE + 0x20000, 0x1000});
	/* Touching the previous one only, the next one only, then both. */
	assert_int_equal(page_alloc_add(&pa, BASE + 0x1000, 0x1000), 0);
	assert_int_equal(page_alloc_add(&pa, BASE + 0x1f000, 0x1000), 0);
	EXPECT(&pa, {BASE, 0x2000}, {BASE + 0x10000, 0x1000}, {BASE + 0x1f000, 0x2000});
	assert_int_equal(page_alloc_add(&pa, BASE + 0x11000, 0xe000), 0);
	EXPECT(&pa, {BASE, 0x2000}, {BASE + 0x10000, 0x11000});
	assert_int_equal(page_alloc_add(&pa, BASE + 0x2000, 0xe000), 0);
	EXPECT(&pa, {BASE, 0x21000});
	assert_int_equal(page_alloc_free_bytes(&pa), 0x21000);
}

static void test_alloc_basic_and_rounding(void **state)
{
	(void)state;
	struct page_alloc pa;

	page_alloc_init(&pa);
	page_alloc_add(&pa, BASE, 16 * PAGE_SIZE);
	assert_int_equal(page_alloc(&pa, 1, PAGE_SIZE), BASE);
	/* One byte took a whole page; the next allocation starts right after it. */
	assert_int_equal(page_alloc(&pa, PAGE_SIZE + 1, PAGE_SIZE), BASE + PAGE_SIZE);
	EXPECT(&pa, {BASE + 3 * PAGE_SIZE, 13 * PAGE_SIZE});
	assert_int_equal(page_alloc_free_bytes(&pa), 13 * PAGE_SIZE);
	/* Taking the rest exactly removes the extent. */
	assert_int_equal(page_alloc(&pa, 13 * PAGE_SIZE, PAGE_SIZE), BASE + 3 * PAGE_SIZE);
	assert_int_equal(pa.n, 0);
	assert_int_equal(page_alloc(&pa, PAGE_SIZE, PAGE_SIZE), 0);
}

static void test_alloc_bad_arguments(void **state)
{
	(void)state;
	struct page_alloc pa;

	page_alloc_init(&pa);
	page_alloc_add(&pa, BASE, 4 * GiB);
	const struct page_alloc before = pa;
	assert_int_equal(page_alloc(&pa, 0, PAGE_SIZE), 0);
	assert_int_equal(page_alloc(&pa, PAGE_SIZE, 0), 0);
	assert_int_equal(page_alloc(&pa, PAGE_SIZE, 1), 0);
	assert_int_equal(page_alloc(&pa, PAGE_SIZE, 2048), 0);
	assert_int_equal(page_alloc(&pa, PAGE_SIZE, 3 * PAGE_SIZE), 0);
	assert_int_equal(page_alloc(&pa, PAGE_SIZE, PAGE_SIZE + 1), 0);
	/* Rounding UINT64_MAX up to pages wraps to 0: must be refused, not a 0-byte block. */
	assert_int_equal(page_alloc(&pa, UINT64_MAX, PAGE_SIZE), 0);
	assert_int_equal(page_alloc(&pa, UINT64_MAX - 2 * PAGE_SIZE, PAGE_SIZE), 0);
	assert_int_equal(page_alloc(&pa, 4 * GiB + PAGE_SIZE, PAGE_SIZE), 0);
	/* Aligning BASE up to 2^63 is beyond the extent; wrap-around must not fake a fit. */
	assert_int_equal(page_alloc(&pa, PAGE_SIZE, 1ull << 63), 0);
	assert_memory_equal(&pa, &before, sizeof(pa));
}

static void test_alloc_huge_alignment_at_top(void **state)
{
	(void)state;
	struct page_alloc pa;

	/* An extent near 2^64 where align_up(base, align) wraps to 0. */
	page_alloc_init(&pa);
	page_alloc_add(&pa, 0xfffffffffff00000ull, 0x80000);
	assert_int_equal(page_alloc(&pa, PAGE_SIZE, 1ull << 62), 0);
	assert_int_equal(page_alloc(&pa, PAGE_SIZE, 2 * MiB), 0);
	assert_int_equal(page_alloc(&pa, PAGE_SIZE, 512 * KiB), 0xfffffffffff00000ull);
}

static void test_alloc_alignment_splits(void **state)
{
	(void)state;
	const uint64_t aligns[] = {PAGE_SIZE, 64 * KiB, 2 * MiB, GiB};

	for (unsigned k = 0; k < ARRAY_SIZE(aligns); k++) {
		uint64_t a = aligns[k];
		uint64_t start = 0x40000000ull + PAGE_SIZE, size = 4 * GiB;
		struct page_alloc pa;

		page_alloc_init(&pa);
		page_alloc_add(&pa, start, size);
		uint64_t got = page_alloc(&pa, a, a);
		uint64_t want = align_up(start, a);
		assert_int_equal(got, want);
		assert_true(is_aligned(got, a));
		/* Head (if any) and tail stay free, and nothing else is lost. */
		if (want > start)
			EXPECT(&pa, {start, want - start}, {want + a, start + size - want - a});
		else
			EXPECT(&pa, {want + a, start + size - want - a});
		assert_int_equal(page_alloc_free_bytes(&pa), size - a);
		page_free(&pa, got, a);
		EXPECT(&pa, {start, size});
	}
}

static void test_alloc_first_fit(void **state)
{
	(void)state;
	struct page_alloc pa;

	page_alloc_init(&pa);
	page_alloc_add(&pa, BASE, 2 * PAGE_SIZE);
	page_alloc_add(&pa, BASE + 0x100000, 8 * PAGE_SIZE);
	page_alloc_add(&pa, BASE + 0x200000, 8 * PAGE_SIZE);
	page_alloc_add(&pa, BASE + 0x400000, 4 * MiB);
	/* Too big for the first extent: the second one, from its start. */
	assert_int_equal(page_alloc(&pa, 3 * PAGE_SIZE, PAGE_SIZE), BASE + 0x100000);
	/* Fits the first exactly. */
	assert_int_equal(page_alloc(&pa, 2 * PAGE_SIZE, PAGE_SIZE), BASE);
	/* Only the last extent holds a 2 MiB-aligned 2 MiB block. */
	assert_int_equal(page_alloc(&pa, 2 * MiB, 2 * MiB), BASE + 0x400000);
	/* 32 KiB alignment: the second extent's remainder starts at +0x103000 so +0x108000 is
	 * first, but only 3 pages are left there; the third extent starts aligned. */
	assert_int_equal(page_alloc(&pa, 4 * PAGE_SIZE, 32 * KiB), BASE + 0x200000);
	EXPECT(&pa, {BASE + 0x103000, 5 * PAGE_SIZE}, {BASE + 0x204000, 4 * PAGE_SIZE},
	       {BASE + 0x600000, 2 * MiB});
}

static void test_free_merges_to_original(void **state)
{
	(void)state;
	struct page_alloc pa;
	uint64_t blk[8];

	page_alloc_init(&pa);
	page_alloc_add(&pa, BASE, 64 * PAGE_SIZE);
	for (unsigned i = 0; i < 8; i++) {
		blk[i] = page_alloc(&pa, (i + 1) * PAGE_SIZE, PAGE_SIZE);
		assert_int_not_equal(blk[i], 0);
	}
	/* Out of order: middle, neighbours on each side, ends, the rest. */
	const unsigned order[] = {3, 5, 4, 0, 7, 1, 6, 2};
	for (unsigned k = 0; k < 8; k++) {
		unsigned i = order[k];
		page_free(&pa, blk[i], (i + 1) * PAGE_SIZE);
		check_invariants(&pa);
	}
	EXPECT(&pa, {BASE, 64 * PAGE_SIZE});
	/* And the whole range is one allocation again. */
	assert_int_equal(page_alloc(&pa, 64 * PAGE_SIZE, PAGE_SIZE), BASE);
}

static void test_free_rounds_size_up(void **state)
{
	(void)state;
	struct page_alloc pa;

	page_alloc_init(&pa);
	page_alloc_add(&pa, BASE, 4 * PAGE_SIZE);
	uint64_t a = page_alloc(&pa, 2 * PAGE_SIZE - 100, PAGE_SIZE);
	assert_int_equal(a, BASE);
	page_free(&pa, a, 2 * PAGE_SIZE - 100);
	EXPECT(&pa, {BASE, 4 * PAGE_SIZE});
}

/* An empty free (e.g. an empty boot module) must not leave a 0-byte extent behind. */
static void test_free_zero_size_is_noop(void **state)
{
	(void)state;
	struct page_alloc pa;

	page_alloc_init(&pa);
	page_alloc_add(&pa, BASE, 16 * PAGE_SIZE);
	assert_int_equal(page_alloc(&pa, 16 * PAGE_SIZE, PAGE_SIZE), BASE);
	page_free(&pa, BASE + 4 * PAGE_SIZE, 0);
	assert_int_equal(pa.n, 0);
	/* Freeing everything must still merge into one extent. */
	page_free(&pa, BASE, 4 * PAGE_SIZE);
	page_free(&pa, BASE + 8 * PAGE_SIZE, 8 * PAGE_SIZE);
	page_free(&pa, BASE + 4 * PAGE_SIZE, 4 * PAGE_SIZE);
	EXPECT(&pa, {BASE, 16 * PAGE_SIZE});
}

static void test_reserve_cases(void **state)
{
	(void)state;
	struct page_alloc pa;

	/* Middle: splits. */
	page_alloc_init(&pa);
	page_alloc_add(&pa, BASE, 16 * PAGE_SIZE);
	assert_int_equal(page_alloc_reserve(&pa, BASE + 4 * PAGE_SIZE, 2 * PAGE_SIZE), 0);
	EXPECT(&pa, {BASE, 4 * PAGE_SIZE}, {BASE + 6 * PAGE_SIZE, 10 * PAGE_SIZE});

	/* Unaligned: rounds outward, so both partly covered pages go. */
	page_alloc_init(&pa);
	page_alloc_add(&pa, BASE, 16 * PAGE_SIZE);
	assert_int_equal(page_alloc_reserve(&pa, BASE + 4 * PAGE_SIZE + 1, PAGE_SIZE), 0);
	EXPECT(&pa, {BASE, 4 * PAGE_SIZE}, {BASE + 6 * PAGE_SIZE, 10 * PAGE_SIZE});

	/* Leading and trailing edges, including ranges sticking out of the extent. */
	page_alloc_init(&pa);
	page_alloc_add(&pa, BASE, 16 * PAGE_SIZE);
	assert_int_equal(page_alloc_reserve(&pa, BASE, PAGE_SIZE), 0);
	assert_int_equal(page_alloc_reserve(&pa, BASE + 15 * PAGE_SIZE, PAGE_SIZE), 0);
	EXPECT(&pa, {BASE + PAGE_SIZE, 14 * PAGE_SIZE});
	assert_int_equal(page_alloc_reserve(&pa, BASE - 8 * PAGE_SIZE, 10 * PAGE_SIZE), 0);
	assert_int_equal(page_alloc_reserve(&pa, BASE + 14 * PAGE_SIZE, 1 * MiB), 0);
	EXPECT(&pa, {BASE + 2 * PAGE_SIZE, 12 * PAGE_SIZE});

	/* Exactly the whole extent, then something entirely outside: no-op. */
	assert_int_equal(page_alloc_reserve(&pa, BASE + 2 * PAGE_SIZE, 12 * PAGE_SIZE), 0);
	assert_int_equal(pa.n, 0);
	assert_int_equal(page_alloc_reserve(&pa, BASE, GiB), 0);
	assert_int_equal(pa.n, 0);

	/* Across several extents: tail of one, two whole ones, head of another. */
	page_alloc_init(&pa);
	for (unsigned i = 0; i < 5; i++)
		page_alloc_add(&pa, BASE + i * 0x10000, 4 * PAGE_SIZE);
	assert_int_equal(page_alloc_reserve(&pa, BASE + 0x2000, 0x30000), 0);
	EXPECT(&pa, {BASE, 0x2000}, {BASE + 0x32000, 0x2000}, {BASE + 0x40000, 0x4000});
	/* Gaps between extents are fine to cover. */
	assert_int_equal(page_alloc_reserve(&pa, BASE + 0x1000, 0x40000), 0);
	EXPECT(&pa, {BASE, 0x1000}, {BASE + 0x41000, 0x3000});
}

/* A 0-byte reservation (an empty boot module) must not split the extent it points into. */
static void test_reserve_zero_size_is_noop(void **state)
{
	(void)state;
	struct page_alloc pa;

	page_alloc_init(&pa);
	page_alloc_add(&pa, BASE, 16 * PAGE_SIZE);
	assert_int_equal(page_alloc_reserve(&pa, BASE + 8 * PAGE_SIZE, 0), 0);
	EXPECT(&pa, {BASE, 16 * PAGE_SIZE});
	assert_int_equal(page_alloc(&pa, 16 * PAGE_SIZE, PAGE_SIZE), BASE);
}

static void test_exhaustion(void **state)
{
	(void)state;
	struct page_alloc pa;
	uint64_t total = 0, got;

	page_alloc_init(&pa);
	page_alloc_add(&pa, BASE, 100 * PAGE_SIZE);
	page_alloc_add(&pa, BASE + MiB, 37 * PAGE_SIZE);
	while ((got = page_alloc(&pa, 3 * PAGE_SIZE, PAGE_SIZE)) != 0)
		total += 3 * PAGE_SIZE;
	/* 33 + 12 blocks of three; 1 + 1 pages stranded. */
	assert_int_equal(total, 45 * 3 * PAGE_SIZE);
	assert_int_equal(page_alloc_free_bytes(&pa), 2 * PAGE_SIZE);
	assert_int_equal(page_alloc_largest(&pa, PAGE_SIZE), PAGE_SIZE);
	assert_int_equal(page_alloc(&pa, 2 * PAGE_SIZE, PAGE_SIZE), 0);
	assert_int_not_equal(page_alloc(&pa, PAGE_SIZE, PAGE_SIZE), 0);
	assert_int_not_equal(page_alloc(&pa, PAGE_SIZE, PAGE_SIZE), 0);
	assert_int_equal(page_alloc(&pa, PAGE_SIZE, PAGE_SIZE), 0);
	assert_int_equal(page_alloc_free_bytes(&pa), 0);
}

static void test_largest(void **state)
{
	(void)state;
	struct page_alloc pa;

	page_alloc_init(&pa);
	page_alloc_add(&pa, BASE + PAGE_SIZE, 3 * MiB);
	page_alloc_add(&pa, BASE + 8 * MiB, MiB);
	assert_int_equal(page_alloc_largest(&pa, PAGE_SIZE), 3 * MiB);
	/* From BASE + 2 MiB to BASE + 3 MiB + 4 KiB. */
	assert_int_equal(page_alloc_largest(&pa, 2 * MiB), MiB + PAGE_SIZE);
	assert_int_equal(page_alloc_largest(&pa, GiB), 0);
}

/* 64 one-page extents at odd pages, so none starts 8 KiB-aligned. */
static void fill_table(struct page_alloc *pa)
{
	page_alloc_init(pa);
	for (unsigned i = 0; i < PAGE_ALLOC_MAX_EXTENTS; i++)
		assert_int_equal(page_alloc_add(pa, BASE + (2 * i + 1) * PAGE_SIZE, PAGE_SIZE), 0);
	assert_int_equal(pa->n, PAGE_ALLOC_MAX_EXTENTS);
	check_invariants(pa);
}

static void test_table_full(void **state)
{
	(void)state;
	struct page_alloc pa, before;

	fill_table(&pa);
	before = pa;
	/* A new, unconnected extent does not fit: refused, nothing changed. */
	assert_int_equal(page_alloc_add(&pa, BASE + GiB, PAGE_SIZE), -1);
	assert_memory_equal(&pa, &before, sizeof(pa));
	/* Page 2 merges extents 0 and 1 into pages [1, 4); refill the freed slot. */
	assert_int_equal(page_alloc_add(&pa, BASE + 2 * PAGE_SIZE, PAGE_SIZE), 0);
	assert_int_equal(pa.n, PAGE_ALLOC_MAX_EXTENTS - 1);
	assert_int_equal(page_alloc_add(&pa, BASE + GiB + PAGE_SIZE, PAGE_SIZE), 0);
	assert_int_equal(pa.n, PAGE_ALLOC_MAX_EXTENTS);
	before = pa;
	/* Splitting [1, 4) needs a slot. */
	assert_int_equal(page_alloc_reserve(&pa, BASE + 2 * PAGE_SIZE, PAGE_SIZE), -1);
	assert_memory_equal(&pa, &before, sizeof(pa));
	/* So does an 8 KiB-aligned page from it (head page 1, tail page 3); the other extents
	 * have no aligned fit: nothing, and [1, 4) is restored after the failed split. */
	assert_int_equal(page_alloc(&pa, PAGE_SIZE, 8 * KiB), 0);
	assert_memory_equal(&pa, &before, sizeof(pa));
	/* Edges need no new slot and still work. */
	assert_int_equal(page_alloc_reserve(&pa, BASE + PAGE_SIZE, PAGE_SIZE), 0);
	assert_int_equal(page_alloc(&pa, PAGE_SIZE, PAGE_SIZE), BASE + 2 * PAGE_SIZE);
	check_invariants(&pa);
	assert_int_equal(pa.n, PAGE_ALLOC_MAX_EXTENTS);
	assert_int_equal(pa.free[0].base, BASE + 3 * PAGE_SIZE);
	assert_int_equal(pa.free[0].size, PAGE_SIZE);
	assert_int_equal(page_alloc_free_bytes(&pa), PAGE_ALLOC_MAX_EXTENTS * PAGE_SIZE);
}

static void test_table_full_free_loses_only_that_range(void **state)
{
	(void)state;
	struct page_alloc pa, before;

	fill_table(&pa);
	before = pa;
	/* Documented: a free that needs a new slot is dropped, never corrupting the table. */
	page_free(&pa, BASE + 4 * GiB, PAGE_SIZE);
	assert_int_equal(pa.n, before.n);
	assert_memory_equal(pa.free, before.free, sizeof(pa.free));
	/* A free that merges needs no slot and is kept, even bridging two extents. */
	page_free(&pa, BASE + 2 * PAGE_SIZE, PAGE_SIZE);
	check_invariants(&pa);
	assert_int_equal(pa.n, PAGE_ALLOC_MAX_EXTENTS - 1);
	assert_int_equal(page_alloc_free_bytes(&pa), (PAGE_ALLOC_MAX_EXTENTS + 1) * PAGE_SIZE);
	assert_int_equal(pa.free[0].base, BASE + PAGE_SIZE);
	assert_int_equal(pa.free[0].size, 3 * PAGE_SIZE);
}

/* --- Randomized model test ---------------------------------------------------------------- */

#define NPAGES     4096u
#define HOLE_LO    1000u /* pages [HOLE_LO, HOLE_HI) are never given to the allocator */
#define HOLE_HI    1100u
#define MAX_BLOCKS 512

enum { P_FREE = 0, P_USED = 1, P_HOLE = 2, P_LOST = 3 };

struct model {
	uint8_t page[NPAGES];
	struct {
		unsigned first, n;
	} blk[MAX_BLOCKS];
	unsigned nblk;
};

static uint64_t rng_state;

static uint64_t xorshift(void)
{
	uint64_t x = rng_state;
	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	return rng_state = x;
}

static unsigned rnd(unsigned n)
{
	return (unsigned)(xorshift() % n);
}

static uint64_t pg(unsigned i)
{
	return BASE + (uint64_t)i * PAGE_SIZE;
}

/* The allocator's extents must be exactly the model's runs of free pages. */
static void model_compare(const struct page_alloc *pa, const struct model *m)
{
	unsigned k = 0, i = 0;
	uint64_t free_pages = 0;

	check_invariants(pa);
	while (i < NPAGES) {
		if (m->page[i] != P_FREE) {
			i++;
			continue;
		}
		unsigned j = i;
		while (j < NPAGES && m->page[j] == P_FREE)
			j++;
		assert_true(k < pa->n);
		assert_int_equal(pa->free[k].base, pg(i));
		assert_int_equal(pa->free[k].size, (uint64_t)(j - i) * PAGE_SIZE);
		free_pages += j - i;
		k++;
		i = j;
	}
	assert_int_equal(k, pa->n);
	assert_int_equal(page_alloc_free_bytes(pa), free_pages * PAGE_SIZE);
}

/* First aligned fit in the model (what first-fit over maximal runs must return), else 0. */
static uint64_t model_first_fit(const struct model *m, unsigned npages, uint64_t align)
{
	unsigned i = 0;

	while (i < NPAGES) {
		if (m->page[i] != P_FREE) {
			i++;
			continue;
		}
		unsigned j = i;
		while (j < NPAGES && m->page[j] == P_FREE)
			j++;
		uint64_t s = align_up(pg(i), align);
		if (s + (uint64_t)npages * PAGE_SIZE <= pg(j))
			return s;
		i = j;
	}
	return 0;
}

static void model_take(struct model *m, unsigned first, unsigned n)
{
	for (unsigned i = first; i < first + n; i++) {
		assert_int_equal(m->page[i], P_FREE);
		m->page[i] = P_USED;
	}
	assert_true(m->nblk < MAX_BLOCKS);
	m->blk[m->nblk].first = first;
	m->blk[m->nblk].n = n;
	m->nblk++;
}

static void model_init(struct page_alloc *pa, struct model *m)
{
	memset(m, 0, sizeof(*m));
	for (unsigned i = HOLE_LO; i < HOLE_HI; i++)
		m->page[i] = P_HOLE;
	page_alloc_init(pa);
	/* Added in pieces, out of order, so merging on add is exercised too. */
	assert_int_equal(page_alloc_add(pa, pg(2048), 2048 * PAGE_SIZE), 0);
	assert_int_equal(page_alloc_add(pa, pg(0), 500 * PAGE_SIZE), 0);
	assert_int_equal(page_alloc_add(pa, pg(HOLE_HI), (2048 - HOLE_HI) * PAGE_SIZE), 0);
	assert_int_equal(page_alloc_add(pa, pg(500), (HOLE_LO - 500) * PAGE_SIZE), 0);
	model_compare(pa, m);
}

static const uint64_t fuzz_aligns[] = {PAGE_SIZE, 2 * PAGE_SIZE, 64 * KiB, 256 * KiB, 2 * MiB};

static void fuzz_alloc(struct page_alloc *pa, struct model *m, bool exact)
{
	unsigned npages = rnd(8) == 0 ? 1 + rnd(700) : 1 + rnd(24);
	uint64_t bytes = (uint64_t)npages * PAGE_SIZE - rnd(PAGE_SIZE);
	uint64_t align = fuzz_aligns[rnd(ARRAY_SIZE(fuzz_aligns))];
	uint64_t want = model_first_fit(m, npages, align);
	bool full = pa->n == PAGE_ALLOC_MAX_EXTENTS;
	uint64_t got = page_alloc(pa, bytes, align);

	if (exact || !full) {
		/* With a free table slot, first fit is fully determined by the model. */
		assert_int_equal(got, want);
	} else if (got == 0) {
		return;
	}
	if (!got)
		return;
	assert_true(is_aligned(got, align));
	assert_true(got >= BASE && got + (uint64_t)npages * PAGE_SIZE <= pg(NPAGES));
	model_take(m, (unsigned)((got - BASE) / PAGE_SIZE), npages);
}

static void fuzz_free(struct page_alloc *pa, struct model *m)
{
	unsigned b = rnd(m->nblk);
	unsigned first = m->blk[b].first, n = m->blk[b].n;
	bool full = pa->n == PAGE_ALLOC_MAX_EXTENTS;

	/* Sometimes give back only the front of a block (size unrounded) and keep the rest. */
	unsigned k = n > 1 && rnd(4) == 0 ? 1 + rnd(n - 1) : n;
	page_free(pa, pg(first), (uint64_t)k * PAGE_SIZE - rnd(PAGE_SIZE));
	if (k == n) {
		m->blk[b] = m->blk[--m->nblk];
	} else {
		m->blk[b].first += k;
		m->blk[b].n -= k;
	}
	/* A full table may drop the freed range, but then all of it and only then. */
	bool lost = true;
	for (unsigned i = 0; i < pa->n; i++)
		if (pa->free[i].base <= pg(first) &&
		    pg(first) < pa->free[i].base + pa->free[i].size)
			lost = false;
	if (lost)
		assert_true(full);
	for (unsigned i = first; i < first + k; i++)
		m->page[i] = lost ? P_LOST : P_FREE;
}

static void fuzz_reserve(struct page_alloc *pa, struct model *m)
{
	uint64_t base = pg(rnd(NPAGES)) + (rnd(2) ? rnd(PAGE_SIZE) : 0);
	uint64_t size = rnd(4) == 0 ? rnd(PAGE_SIZE) : (uint64_t)rnd(40) * PAGE_SIZE + rnd(100);
	unsigned lo = (unsigned)((align_down(base, PAGE_SIZE) - BASE) / PAGE_SIZE);
	unsigned hi = (unsigned)((align_up(base + size, PAGE_SIZE) - BASE) / PAGE_SIZE);
	struct page_alloc before = *pa;

	if (hi > NPAGES)
		hi = NPAGES;
	if (page_alloc_reserve(pa, base, size) < 0) {
		/* Only a split needs a slot; then nothing may have changed. */
		assert_int_equal(before.n, PAGE_ALLOC_MAX_EXTENTS);
		assert_memory_equal(pa, &before, sizeof(*pa));
		return;
	}
	/* Every free page in range is now taken; each taken run becomes a freeable block. */
	for (unsigned i = lo; i < hi;) {
		if (m->page[i] != P_FREE) {
			i++;
			continue;
		}
		unsigned j = i;
		while (j < hi && m->page[j] == P_FREE)
			j++;
		model_take(m, i, j - i);
		i = j;
	}
}

/*
 * keep_slots: few enough live blocks that the table never fills (extents <= blocks + 2), so
 * every result is exact. Otherwise blocks pile up until the table is full; returns how many
 * operations started with a full table.
 */
static unsigned run_fuzz(uint64_t seed, unsigned ops, bool keep_slots)
{
	struct page_alloc pa;
	static struct model m;
	unsigned full_ops = 0;

	rng_state = seed;
	model_init(&pa, &m);
	for (unsigned op = 0; op < ops; op++) {
		unsigned r = rnd(10);
		bool may_grow = keep_slots ? m.nblk <= 40 : m.nblk + 64 < MAX_BLOCKS;
		full_ops += pa.n == PAGE_ALLOC_MAX_EXTENTS;
		if (m.nblk && (r < 4 || !may_grow))
			fuzz_free(&pa, &m);
		else if (r < 8)
			fuzz_alloc(&pa, &m, keep_slots);
		else
			fuzz_reserve(&pa, &m);
		model_compare(&pa, &m);
		for (unsigned k = 0; k < ARRAY_SIZE(fuzz_aligns); k++) {
			uint64_t best = 0;
			for (unsigned i = 0; i < pa.n; i++) {
				uint64_t s = align_up(pa.free[i].base, fuzz_aligns[k]);
				uint64_t e = pa.free[i].base + pa.free[i].size;
				if (s < e && e - s > best)
					best = e - s;
			}
			assert_int_equal(page_alloc_largest(&pa, fuzz_aligns[k]), best);
		}
	}
	/* Give everything back: without losses, the original two runs around the hole. */
	while (m.nblk)
		fuzz_free(&pa, &m);
	model_compare(&pa, &m);
	if (keep_slots)
		EXPECT(&pa, {pg(0), HOLE_LO * PAGE_SIZE},
		       {pg(HOLE_HI), (NPAGES - HOLE_HI) * PAGE_SIZE});
	return full_ops;
}

static void test_fuzz_against_model(void **state)
{
	(void)state;
	assert_int_equal(run_fuzz(0x9e3779b97f4a7c15ull, 6000, true), 0);
	assert_int_equal(run_fuzz(0x0123456789abcdefull, 6000, true), 0);
}

/* Heavy fragmentation fills the extent table; every result must still agree with the model. */
static void test_fuzz_table_full(void **state)
{
	(void)state;

	for (uint64_t seed = 1; seed <= 4; seed++) {
		unsigned full_ops = run_fuzz(seed * 0x2545f4914f6cdd1dull, 5000, false);
		/* The point of this test is the full table: make sure it was reached. */
		print_message("seed %u: %u ops on a full table\n", (unsigned)seed, full_ops);
		assert_true(full_ops > 100);
	}
}

/* Real memory for the zeroing tests: N pages, all 0xa5 to begin with. */
#define ZPAGES 256 /* enough free runs to fill the dirty table */

static uint8_t *zmem(void)
{
	uint8_t *m = aligned_alloc(PAGE_SIZE, ZPAGES * PAGE_SIZE);

	assert_non_null(m);
	memset(m, 0xa5, ZPAGES * PAGE_SIZE);
	return m;
}

static bool all_zero(const uint8_t *p, uint64_t n)
{
	for (uint64_t i = 0; i < n; i++)
		if (p[i])
			return false;
	return true;
}

/* Memory never freed is taken as the machine's zeroed RAM: nothing is written; memory freed
 * is zeroed when it is allocated again, and only it. */
static void test_zero_only_what_was_freed(void **state)
{
	(void)state;
	struct page_alloc pa;
	uint8_t *m = zmem();
	hpa_t base = (hpa_t)(uintptr_t)m;

	page_alloc_init(&pa);
	assert_int_equal(page_alloc_add(&pa, base, ZPAGES * PAGE_SIZE), 0);
	hpa_t a = page_alloc(&pa, 8 * PAGE_SIZE, PAGE_SIZE);
	page_alloc_zero(&pa, a, 8 * PAGE_SIZE);
	assert_int_equal(m[a - base], 0xa5);
	/* Freed, then taken again in part, with fresh memory beside it. */
	page_free(&pa, a + 2 * PAGE_SIZE, 4 * PAGE_SIZE);
	assert_int_equal(pa.ndirty, 1);
	hpa_t b = page_alloc(&pa, 4 * PAGE_SIZE, PAGE_SIZE);
	assert_int_equal(b, a + 2 * PAGE_SIZE);
	page_alloc_zero(&pa, b, 2 * PAGE_SIZE);
	assert_true(all_zero(m + (b - base), 2 * PAGE_SIZE));
	assert_int_equal(m[b - base + 2 * PAGE_SIZE], 0xa5); /* still marked: not yet taken */
	assert_int_equal(pa.ndirty, 1);
	page_alloc_zero(&pa, b, 4 * PAGE_SIZE);
	assert_true(all_zero(m + (b - base), 4 * PAGE_SIZE));
	assert_int_equal(pa.ndirty, 0);
	assert_int_equal(m[b - base + 4 * PAGE_SIZE], 0xa5); /* never freed: left alone */
	free(m);
}

/* Whatever order blocks are taken and given back in, and however full the dirty table gets,
 * a block holds only zeros once page_alloc_zero has run on it. */
static void test_freed_memory_never_leaks(void **state)
{
	(void)state;
	struct page_alloc pa;
	uint8_t *m = zmem();
	hpa_t base = (hpa_t)(uintptr_t)m, held[ZPAGES];
	unsigned nheld = 0, rng = 12345, full = 0;

	memset(m, 0, ZPAGES * PAGE_SIZE); /* the machine's RAM at start */
	page_alloc_init(&pa);
	assert_int_equal(page_alloc_add(&pa, base, ZPAGES * PAGE_SIZE), 0);
	/* Every other page given back: more separate runs than the dirty table holds. */
	for (unsigned i = 0; i < ZPAGES; i++)
		held[nheld++] = page_alloc(&pa, PAGE_SIZE, PAGE_SIZE);
	for (unsigned i = 0; i < ZPAGES; i += 2) {
		memset(m + (held[i] - base), 0x5a, PAGE_SIZE);
		page_free(&pa, held[i], PAGE_SIZE);
		held[i] = 0;
	}
	full += pa.ndirty == PAGE_ALLOC_MAX_EXTENTS;
	nheld = 0;
	for (unsigned i = 0; i < ZPAGES; i++)
		if (held[i])
			held[nheld++] = held[i];
	for (unsigned op = 0; op < 20000; op++) {
		rng = rng * 1103515245 + 12345;
		if (nheld && (rng >> 16) % 2) {
			unsigned i = (rng >> 8) % nheld;
			memset(m + (held[i] - base), 0x5a, PAGE_SIZE); /* the owner's data */
			page_free(&pa, held[i], PAGE_SIZE);
			held[i] = held[--nheld];
		} else {
			hpa_t p = page_alloc(&pa, PAGE_SIZE, PAGE_SIZE);
			if (!p)
				continue;
			page_alloc_zero(&pa, p, PAGE_SIZE);
			assert_true(all_zero(m + (p - base), PAGE_SIZE));
			held[nheld++] = p;
		}
		assert_true(pa.ndirty <= PAGE_ALLOC_MAX_EXTENTS);
		full += pa.ndirty == PAGE_ALLOC_MAX_EXTENTS;
	}
	assert_true(full > 0); /* the table did fill up, so merging was exercised */
	free(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_empty),
	    cmocka_unit_test(test_add_aligns_inward),
	    cmocka_unit_test(test_add_merges_and_sorts),
	    cmocka_unit_test(test_alloc_basic_and_rounding),
	    cmocka_unit_test(test_alloc_bad_arguments),
	    cmocka_unit_test(test_alloc_huge_alignment_at_top),
	    cmocka_unit_test(test_alloc_alignment_splits),
	    cmocka_unit_test(test_alloc_first_fit),
	    cmocka_unit_test(test_free_merges_to_original),
	    cmocka_unit_test(test_free_rounds_size_up),
	    cmocka_unit_test(test_free_zero_size_is_noop),
	    cmocka_unit_test(test_reserve_cases),
	    cmocka_unit_test(test_reserve_zero_size_is_noop),
	    cmocka_unit_test(test_exhaustion),
	    cmocka_unit_test(test_largest),
	    cmocka_unit_test(test_table_full),
	    cmocka_unit_test(test_table_full_free_loses_only_that_range),
	    cmocka_unit_test(test_fuzz_against_model),
	    cmocka_unit_test(test_fuzz_table_full),
	    cmocka_unit_test(test_zero_only_what_was_freed),
	    cmocka_unit_test(test_freed_memory_never_leaks),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
