/*
 * Unit tests for guest memory: the chunk arena (lowest chunk first, zeroed, exhaustion, bad
 * frees) and the pmap over it (backing on first touch and only then, edges, pointers within a
 * chunk, blocks for superpages, copies across chunks, starvation, release).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "lib/util.h"
#include "mm/chunk_arena.h"
#include "mm/pmap.h"

#define GPA     0x80000000ull
#define NCHUNKS 6
#define RAM     (4 * CHUNK_SIZE) /* guest RAM: fewer chunks than the arena has */

static uint8_t *mem; /* the arena's memory: NCHUNKS chunks */
static struct chunk_arena arena;
static hpa_t table[RAM / CHUNK_SIZE];
static struct pmap pm;

static hpa_t chunk_at(unsigned i)
{
	return (hpa_t)(uintptr_t)mem + (hpa_t)i * CHUNK_SIZE;
}

static int setup(void **state)
{
	(void)state;
	mem = aligned_alloc(2 * CHUNK_SIZE, NCHUNKS * CHUNK_SIZE); /* 4 MiB blocks can align */
	if (!mem)
		return -1;
	memset(mem, 0, NCHUNKS * CHUNK_SIZE);
	chunk_arena_init(&arena, chunk_at(0), NCHUNKS * CHUNK_SIZE);
	memset(table, 0xa5, sizeof(table)); /* pmap_init must clear it */
	pmap_init(&pm, GPA, RAM, table, &arena);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	free(mem);
	return 0;
}

static void test_arena_hands_out_lowest_first_and_runs_out(void **state)
{
	(void)state;
	assert_int_equal(chunk_arena_free_bytes(&arena), NCHUNKS * CHUNK_SIZE);
	for (unsigned i = 0; i < NCHUNKS; i++)
		assert_int_equal(chunk_alloc(&arena), chunk_at(i));
	assert_int_equal(chunk_alloc(&arena), 0);
	assert_int_equal(chunk_arena_free_bytes(&arena), 0);
	chunk_free(&arena, chunk_at(3));
	chunk_free(&arena, chunk_at(1));
	assert_int_equal(chunk_arena_free_bytes(&arena), 2 * CHUNK_SIZE);
	assert_int_equal(chunk_alloc(&arena), chunk_at(1));
	assert_int_equal(chunk_alloc(&arena), chunk_at(3));
	assert_int_equal(chunk_alloc(&arena), 0);
}

static void test_arena_zeroes_what_was_given_back(void **state)
{
	(void)state;
	hpa_t c = chunk_alloc(&arena);
	uint8_t *p = (uint8_t *)(uintptr_t)c;

	memset(p, 0x5a, CHUNK_SIZE);
	chunk_free(&arena, c);
	assert_int_equal(chunk_alloc(&arena), c);
	for (uint64_t off = 0; off < CHUNK_SIZE; off += 4093)
		assert_int_equal(p[off], 0);
	assert_int_equal(p[CHUNK_SIZE - 1], 0);
}

static void test_arena_ignores_bad_frees(void **state)
{
	(void)state;
	hpa_t c = chunk_alloc(&arena);

	chunk_free(&arena, chunk_at(0) - CHUNK_SIZE); /* below */
	chunk_free(&arena, chunk_at(NCHUNKS));        /* past the end */
	chunk_free(&arena, c + PAGE_SIZE);            /* not a chunk's start */
	chunk_free(&arena, chunk_at(2));              /* free already */
	assert_int_equal(chunk_arena_free_bytes(&arena), (NCHUNKS - 1) * CHUNK_SIZE);
	chunk_free(&arena, c);
	chunk_free(&arena, c); /* twice */
	assert_int_equal(chunk_arena_free_bytes(&arena), NCHUNKS * CHUNK_SIZE);
}

static void test_arena_is_capped(void **state)
{
	(void)state;
	struct chunk_arena *big = malloc(sizeof(*big));

	assert_non_null(big);
	chunk_arena_init(big, 1ull << 40, (uint64_t)(CHUNK_ARENA_MAX + 5) * CHUNK_SIZE + 4096);
	assert_int_equal(big->nchunks, CHUNK_ARENA_MAX);
	chunk_arena_init(big, 1ull << 40, CHUNK_SIZE - 1);
	assert_int_equal(chunk_alloc(big), 0);
	free(big);
}

static void test_nothing_backed_until_touched(void **state)
{
	(void)state;
	hpa_t hpa = 7;

	for (unsigned i = 0; i < RAM / CHUNK_SIZE; i++)
		assert_int_equal(table[i], 0);
	assert_false(pmap_find(&pm, GPA, &hpa));
	assert_int_equal(hpa, 7);
	assert_int_equal(pm.backed, 0);
	assert_int_equal(chunk_arena_free_bytes(&arena), NCHUNKS * CHUNK_SIZE);
	assert_true(pmap_is_ram(&pm, GPA));
	assert_true(pmap_is_ram(&pm, GPA + RAM - 1));
	assert_false(pmap_is_ram(&pm, GPA - 1));
	assert_false(pmap_is_ram(&pm, GPA + RAM));
}

static void test_first_touch_backs_one_chunk(void **state)
{
	(void)state;
	hpa_t hpa, again;

	/* The third chunk first: it gets the arena's lowest, whatever its place in RAM. */
	assert_true(pmap_lookup(&pm, GPA + 2 * CHUNK_SIZE + 0x1234, &hpa));
	assert_int_equal(hpa, chunk_at(0) + 0x1234);
	assert_int_equal(pm.backed, 1);
	assert_true(pmap_lookup(&pm, GPA + 3 * CHUNK_SIZE - 8, &again));
	assert_int_equal(again, chunk_at(0) + CHUNK_SIZE - 8);
	assert_int_equal(pm.backed, 1);
	assert_true(pmap_find(&pm, GPA + 2 * CHUNK_SIZE, &again));
	assert_int_equal(again, chunk_at(0));
	assert_false(pmap_find(&pm, GPA + CHUNK_SIZE, &again));
	assert_true(pmap_lookup(&pm, GPA, &hpa));
	assert_int_equal(hpa, chunk_at(1));
	assert_int_equal(pm.backed, 2);
	assert_int_equal(chunk_arena_free_bytes(&arena), (NCHUNKS - 2) * CHUNK_SIZE);
}

static void test_outside_ram_backs_nothing(void **state)
{
	(void)state;
	static const gpa_t outside[] = {0,         GPA - 1,    GPA - CHUNK_SIZE,
	                                GPA + RAM, UINT64_MAX, GPA + RAM + CHUNK_SIZE};
	hpa_t hpa = 7;

	for (unsigned i = 0; i < ARRAY_SIZE(outside); i++) {
		assert_false(pmap_lookup(&pm, outside[i], &hpa));
		assert_null(pmap_ptr(&pm, outside[i], 1));
	}
	assert_int_equal(hpa, 7);
	assert_int_equal(pm.backed, 0);
	assert_false(pm.starved);
}

static void test_ptr_stays_within_a_chunk(void **state)
{
	(void)state;
	uint8_t *p = pmap_ptr(&pm, GPA + CHUNK_SIZE - 4, 4);

	assert_non_null(p);
	assert_ptr_equal(p, (uint8_t *)(uintptr_t)chunk_at(0) + CHUNK_SIZE - 4);
	assert_null(pmap_ptr(&pm, GPA + CHUNK_SIZE - 4, 5)); /* crosses into the next chunk */
	assert_null(pmap_ptr(&pm, GPA, CHUNK_SIZE + 1));
	assert_null(pmap_ptr(&pm, GPA + RAM - 4, SIZE_MAX));
	assert_non_null(pmap_ptr(&pm, GPA + RAM - 4, 4));
	assert_non_null(pmap_ptr(&pm, GPA + CHUNK_SIZE, CHUNK_SIZE));
}

static void test_write_crosses_chunks(void **state)
{
	(void)state;
	uint8_t src[3 * PAGE_SIZE];
	hpa_t lo, hi;

	for (unsigned i = 0; i < sizeof(src); i++)
		src[i] = (uint8_t)(i * 7 + 1);
	assert_true(pmap_lookup(&pm, GPA + 3 * CHUNK_SIZE, &hi)); /* out of order in the arena */
	gpa_t at = GPA + 3 * CHUNK_SIZE - PAGE_SIZE;
	assert_int_equal(pmap_write(&pm, at, src, sizeof(src)), 0);
	assert_true(pmap_find(&pm, at, &lo));
	assert_memory_equal((void *)(uintptr_t)lo, src, PAGE_SIZE);
	assert_memory_equal((void *)(uintptr_t)hi, src + PAGE_SIZE, 2 * PAGE_SIZE);
	assert_int_equal(pmap_write(&pm, GPA + RAM - 8, src, 16), -1); /* runs past RAM */
	assert_int_equal(pmap_write(&pm, GPA - 8, src, 16), -1);
}

static void test_block_needs_backed_consecutive_aligned_memory(void **state)
{
	(void)state;
	hpa_t hpa;

	/* A 4 KiB or 2 MiB block in one chunk: always. */
	assert_true(pmap_block(&pm, GPA + 0x5678, PAGE_SIZE, &hpa));
	assert_int_equal(hpa, chunk_at(0) + 0x5000);
	assert_true(pmap_block(&pm, GPA + CHUNK_SIZE + 0x5678, CHUNK_SIZE, &hpa));
	assert_int_equal(hpa, chunk_at(1));
	/* 4 MiB over chunks 0 and 1: backed one after the other. */
	assert_true(pmap_block(&pm, GPA + 0x10, 2 * CHUNK_SIZE, &hpa));
	assert_int_equal(hpa, chunk_at(0));
	/* Over chunks 2 and 3 with 3 not backed: false, and 3 stays unbacked. */
	uint64_t backed = pm.backed;
	assert_false(pmap_block(&pm, GPA + 2 * CHUNK_SIZE, 2 * CHUNK_SIZE, &hpa));
	assert_int_equal(pm.backed, backed + 1);
	assert_false(pmap_find(&pm, GPA + 3 * CHUNK_SIZE, &hpa));
	/* Chunk 3 backed away from chunk 2, since another VM took the chunk after it. */
	assert_int_equal(chunk_alloc(&arena), chunk_at(3));
	assert_true(pmap_lookup(&pm, GPA + 3 * CHUNK_SIZE, &hpa));
	assert_int_equal(hpa, chunk_at(4));
	assert_false(pmap_block(&pm, GPA + 2 * CHUNK_SIZE, 2 * CHUNK_SIZE, &hpa));
	assert_true(pmap_block(&pm, GPA + 3 * CHUNK_SIZE + 8, CHUNK_SIZE, &hpa));
	assert_int_equal(hpa, chunk_at(4));
	/* Larger than RAM, or reaching outside it. */
	assert_false(pmap_block(&pm, GPA, 8 * CHUNK_SIZE, &hpa));
	assert_false(pmap_block(&pm, GPA, 1ull << 30, &hpa));
}

static void test_block_refuses_misaligned_host_memory(void **state)
{
	(void)state;
	struct chunk_arena skewed;
	hpa_t t[2], hpa;
	struct pmap p;

	chunk_arena_init(&skewed, chunk_at(0) + PAGE_SIZE, 2 * CHUNK_SIZE);
	pmap_init(&p, GPA, 2 * CHUNK_SIZE, t, &skewed);
	assert_true(pmap_block(&p, GPA + PAGE_SIZE, PAGE_SIZE, &hpa));
	assert_int_equal(hpa, chunk_at(0) + 2 * PAGE_SIZE);
	assert_false(pmap_block(&p, GPA, CHUNK_SIZE, &hpa));
}

static void test_starves_when_the_arena_is_empty(void **state)
{
	(void)state;
	hpa_t hpa, held[NCHUNKS - 1];

	for (unsigned i = 0; i < NCHUNKS - 1; i++)
		held[i] = chunk_alloc(&arena); /* another VM's */
	assert_true(pmap_lookup(&pm, GPA, &hpa));
	assert_false(pm.starved);
	assert_false(pmap_lookup(&pm, GPA + CHUNK_SIZE, &hpa));
	assert_true(pm.starved);
	assert_null(pmap_ptr(&pm, GPA + CHUNK_SIZE, 1));
	assert_int_equal(pm.backed, 1);
	assert_int_equal(table[1], 0);
	/* What it has stays, and so does the other VM's. */
	assert_true(pmap_lookup(&pm, GPA + 8, &hpa));
	assert_int_equal(hpa, chunk_at(NCHUNKS - 1) + 8);
	for (unsigned i = 0; i < NCHUNKS - 1; i++)
		assert_int_equal(held[i], chunk_at(i));
}

static void test_release_gives_every_chunk_back(void **state)
{
	(void)state;
	hpa_t hpa;

	assert_true(pmap_lookup(&pm, GPA + RAM - 1, &hpa));
	*(uint8_t *)(uintptr_t)hpa = 0x77;
	assert_true(pmap_lookup(&pm, GPA + CHUNK_SIZE, &hpa));
	pmap_release(&pm);
	assert_int_equal(pm.backed, 0);
	assert_false(pmap_find(&pm, GPA + RAM - 1, &hpa));
	assert_int_equal(chunk_arena_free_bytes(&arena), NCHUNKS * CHUNK_SIZE);
	/* The next owner of that memory finds zeros. */
	assert_true(pmap_lookup(&pm, GPA + RAM - 1, &hpa));
	assert_int_equal(hpa, chunk_at(0) + CHUNK_SIZE - 1);
	assert_int_equal(*(uint8_t *)(uintptr_t)hpa, 0);
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
	const struct CMUnitTest tests[] = {
	    T(test_arena_hands_out_lowest_first_and_runs_out),
	    T(test_arena_zeroes_what_was_given_back),
	    T(test_arena_ignores_bad_frees),
	    T(test_arena_is_capped),
	    T(test_nothing_backed_until_touched),
	    T(test_first_touch_backs_one_chunk),
	    T(test_outside_ram_backs_nothing),
	    T(test_ptr_stays_within_a_chunk),
	    T(test_write_crosses_chunks),
	    T(test_block_needs_backed_consecutive_aligned_memory),
	    T(test_block_refuses_misaligned_host_memory),
	    T(test_starves_when_the_arena_is_empty),
	    T(test_release_gives_every_chunk_back),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
