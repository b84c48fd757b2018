/*
 * Unit tests for the guest page-table walker: each rule of the privileged spec's translation
 * process for Sv39, Sv48 and Sv57, then random trees checked against invariants and a reference
 * walk.
 */
/* For sigaction and mprotect, which simulate a racing vCPU deterministically. */
#define _GNU_SOURCE
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <threads.h>
#include <signal.h>
#include <sys/mman.h>

#include "arch/csr.h"
#include "lib/util.h"
#include "mm/pmap.h"
#include "../fuzz/guest_ram.h"
#include "mmu/guest_walk.h"
#include "mmu/pte.h"

#define RAM_GPA  0x80000000ull
#define RAM_SIZE (8 * MiB)
#define RAM_END  (RAM_GPA + RAM_SIZE)
/* Never guest RAM: below it, just past it, far above it. */
#define HOLE_LOW  0x1000ull
#define HOLE_HIGH 0x4000000000ull

static uint8_t *ram;
static struct pmap pm;
static struct guest_ram guest_ram;
static uint64_t next_table;

static const enum access accesses[] = {ACCESS_READ, ACCESS_WRITE, ACCESS_EXEC};
static const uint64_t pf_cause[] = {[ACCESS_READ] = 13, [ACCESS_WRITE] = 15, [ACCESS_EXEC] = 12};
static const uint64_t af_cause[] = {[ACCESS_READ] = 5, [ACCESS_WRITE] = 7, [ACCESS_EXEC] = 1};

static int setup(void **state)
{
	(void)state;
	ram = aligned_alloc(PAGE_SIZE, RAM_SIZE);
	if (!ram)
		return -1;
	memset(ram, 0, RAM_SIZE);
	if (guest_ram_init(&guest_ram, &pm, RAM_GPA, ram, RAM_SIZE) < 0)
		return -1;
	next_table = RAM_GPA;
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	free(ram);
	ram = NULL;
	return 0;
}

static uint64_t *host(uint64_t gpa)
{
	assert_true(gpa >= RAM_GPA && gpa + 8 <= RAM_END);
	return (uint64_t *)(void *)(ram + (gpa - RAM_GPA));
}

/* Tables come from the bottom of RAM; data pages from the top, so the two never meet. */
static uint64_t new_table(void)
{
	uint64_t t = next_table;
	next_table += PAGE_SIZE;
	assert_true(next_table <= RAM_GPA + RAM_SIZE / 2);
	return t;
}

static uint64_t get_pte(uint64_t table, unsigned idx)
{
	return *host(table + 8ull * idx);
}

static void set_pte(uint64_t table, unsigned idx, uint64_t pte)
{
	*host(table + 8ull * idx) = pte;
}

static uint64_t satp_for(unsigned levels, uint64_t root)
{
	static const uint64_t mode[] = {
	    [3] = SATP_MODE_SV39, [4] = SATP_MODE_SV48, [5] = SATP_MODE_SV57};

	return mode[levels] << SATP_MODE_SHIFT | root >> 12;
}

static uint64_t valid_va(unsigned levels, uint64_t va)
{
	const unsigned valen = 12 + 9 * levels;
	return (va & (1ull << (valen - 1))) ? va | ~0ull << valen : va & ((1ull << valen) - 1);
}

/*
 * Builds the path for va down to leaf_level, where it puts leaf (as given). tables[] gets the
 * tables root first; returns the leaf PTE's gpa.
 */
static uint64_t map(unsigned levels, uint64_t root, uint64_t va, unsigned leaf_level, uint64_t leaf,
                    uint64_t tables[PT_LEVELS_MAX])
{
	uint64_t t = root;
	unsigned n = 0;

	for (unsigned level = levels - 1;; level--) {
		tables[n++] = t;
		if (level == leaf_level)
			break;
		uint64_t pte = get_pte(t, pt_index(va, level));
		if (!(pte & PTE_V)) {
			pte = pte_make(new_table(), PTE_V);
			set_pte(t, pt_index(va, level), pte);
		}
		t = pte_pa(pte);
	}
	set_pte(t, pt_index(va, leaf_level), leaf);
	return t + 8ull * pt_index(va, leaf_level);
}

struct wreq {
	unsigned priv;
	bool sum, mxr, no_ad;
};

static struct walk_result walk_satp(uint64_t satp, uint64_t va, enum access a, struct wreq o)
{
	struct walk_req req = {
	    .satp = satp,
	    .va = va,
	    .access = a,
	    .priv = o.priv,
	    .sum = o.sum,
	    .mxr = o.mxr,
	    .set_ad = !o.no_ad,
	};
	struct walk_result res;

	memset(&res, 0xa5, sizeof(res));
	guest_walk(&pm, &req, &res);
	return res;
}

static struct walk_result walk(unsigned levels, uint64_t root, uint64_t va, enum access a)
{
	return walk_satp(satp_for(levels, root), va, a, (struct wreq){.priv = PRV_S});
}

/* Flags of a fully usable supervisor leaf that needs no A/D update. */
#define LEAF_ALL (PTE_V | PTE_R | PTE_W | PTE_X | PTE_A | PTE_D)
#define DATA_PA  (RAM_END - 0x10000ull)

/* --- the spec's permission table, written independently of the walker ---------------------- */

/*
 * "Encoding of PTE R/W/X fields" as data, indexed by X W R; then the U/SUM/MXR text of the
 * Sv32 section and "Memory Privilege in sstatus".
 */
static bool spec_allows(bool r, bool w, bool x, bool u, unsigned priv, bool sum, bool mxr,
                        enum access a)
{
	static const char *const meaning[8] = {
	    "next-level", "read-only", "reserved", "read-write",
	    "exec-only",  "read-exec", "reserved", "read-write-exec",
	};
	const char *m = meaning[(x ? 4 : 0) | (w ? 2 : 0) | (r ? 1 : 0)];

	if (!strcmp(m, "next-level") || !strcmp(m, "reserved"))
		return false;
	const bool readable = strstr(m, "read") != NULL;
	const bool writable = strstr(m, "write") != NULL;
	const bool executable = strstr(m, "exec") != NULL;
	bool priv_ok;
	if (priv == PRV_U)
		priv_ok = u;
	else
		priv_ok = !u || (sum && a != ACCESS_EXEC);
	if (!priv_ok)
		return false;
	if (a == ACCESS_READ)
		return readable || (mxr && executable);
	if (a == ACCESS_WRITE)
		return writable;
	return executable;
}

static void test_leaf_allows_table(void **state)
{
	(void)state;
	for (unsigned combo = 0; combo < 16; combo++)
		for (unsigned priv = PRV_U; priv <= PRV_S; priv++)
			for (unsigned sm = 0; sm < 4; sm++)
				for (size_t ai = 0; ai < ARRAY_SIZE(accesses); ai++) {
					const bool r = combo & 1, w = combo & 2, x = combo & 4,
					           u = combo & 8, sum = sm & 1, mxr = sm & 2;
					const uint64_t pte = PTE_V | (r ? PTE_R : 0) |
					                     (w ? PTE_W : 0) | (x ? PTE_X : 0) |
					                     (u ? PTE_U : 0);
					const bool want =
					    spec_allows(r, w, x, u, priv, sum, mxr, accesses[ai]);
					assert_int_equal(
					    guest_leaf_allows(pte, accesses[ai], priv, sum, mxr),
					    want);
					/* Nothing is allowed through an invalid PTE. */
					assert_false(guest_leaf_allows(pte & ~PTE_V, accesses[ai],
					                               priv, sum, mxr));
				}
}

/* The same table, through whole walks in both modes, with A/D updates checked. */
static void test_walk_permission_table(void **state)
{
	(void)state;
	for (unsigned levels = 3; levels <= PT_LEVELS_MAX; levels++) {
		const uint64_t root = new_table();
		const uint64_t va = valid_va(levels, 0x12345678abcull);
		uint64_t tables[PT_LEVELS_MAX];
		const uint64_t slot = map(levels, root, va, 0, 0, tables);

		for (unsigned combo = 0; combo < 16; combo++)
			for (unsigned priv = PRV_U; priv <= PRV_S; priv++)
				for (unsigned sm = 0; sm < 4; sm++)
					for (size_t ai = 0; ai < ARRAY_SIZE(accesses); ai++) {
						const enum access a = accesses[ai];
						const bool r = combo & 1, w = combo & 2,
						           x = combo & 4, u = combo & 8,
						           sum = sm & 1, mxr = sm & 2;
						const uint64_t pte = pte_make(
						    DATA_PA, PTE_V | (r ? PTE_R : 0) |
						                 (w ? PTE_W : 0) | (x ? PTE_X : 0) |
						                 (u ? PTE_U : 0));
						const bool want =
						    spec_allows(r, w, x, u, priv, sum, mxr, a);
						*host(slot) = pte;
						struct walk_result res = walk_satp(
						    satp_for(levels, root), va, a,
						    (struct wreq){
						        .priv = priv, .sum = sum, .mxr = mxr});
						if (!want) {
							/* Includes R=W=X=0: a pointer at level 0.
							 */
							assert_int_equal(res.cause, pf_cause[a]);
							assert_int_equal(*host(slot), pte);
							continue;
						}
						const uint64_t after =
						    pte | PTE_A | (a == ACCESS_WRITE ? PTE_D : 0);
						assert_int_equal(res.cause, 0);
						assert_int_equal(res.gpa, DATA_PA | (va & 0xfff));
						assert_int_equal(res.pte, after);
						assert_int_equal(*host(slot), after);
						assert_int_equal(res.pte_gpa, slot);
						assert_int_equal(res.level, 0);
					}
	}
}

/* --- basic walks, indices, table lists ------------------------------------------------------ */

static void check_path(const struct walk_result *res, unsigned levels, const uint64_t *tables,
                       unsigned leaf_level, uint64_t slot)
{
	assert_int_equal(res->level, leaf_level);
	assert_int_equal(res->ntables, levels - leaf_level);
	for (unsigned i = 0; i < res->ntables; i++)
		assert_int_equal(res->table_gpa[i], tables[i]);
	assert_int_equal(res->pte_gpa, slot);
}

static void test_basic_4k(void **state)
{
	(void)state;
	static const uint64_t vas[] = {
	    0x0,
	    0x1234,
	    0x3fffffffff,       /* top of the low half, Sv39 */
	    0xffffffc000000abc, /* bottom of the high half, Sv39 (root index 256) */
	    0xfffffffffffff123, /* last page */
	    0x7f8012345678,     /* Sv48 root index 255 */
	    0xffff800000000010, /* Sv48 root index 256 */
	    0x00007fffffffffff, /* top of the low half, Sv48 */
	    0x00ff801234567000, /* Sv57 root index 255 */
	    0xff00000000000010, /* Sv57 root index 256 */
	    0x00ffffffffffffff, /* top of the low half, Sv57 */
	};
	for (unsigned levels = 3; levels <= PT_LEVELS_MAX; levels++)
		for (size_t i = 0; i < ARRAY_SIZE(vas); i++) {
			const uint64_t va = vas[i];
			if (valid_va(levels, va) != va)
				continue;
			const uint64_t root = new_table();
			uint64_t tables[PT_LEVELS_MAX];
			const uint64_t slot =
			    map(levels, root, va, 0, pte_make(DATA_PA, LEAF_ALL), tables);
			/* The root index is va bits 56:48 for Sv57, 47:39 for Sv48, 38:30 for Sv39.
			 */
			const unsigned shift = 12 + 9 * (levels - 1);
			assert_true(get_pte(root, (va >> shift) & 511) & PTE_V);

			for (size_t ai = 0; ai < ARRAY_SIZE(accesses); ai++) {
				struct walk_result res = walk(levels, root, va, accesses[ai]);
				assert_int_equal(res.cause, 0);
				assert_int_equal(res.gpa, DATA_PA | (va & 0xfff));
				assert_int_equal(res.pte, pte_make(DATA_PA, LEAF_ALL));
				check_path(&res, levels, tables, 0, slot);
				assert_int_equal(res.table_gpa[1],
				                 pte_pa(get_pte(root, (va >> shift) & 511)));
			}
			/* A neighbouring page is unmapped. */
			struct walk_result res = walk(levels, root, va ^ 0x1000, ACCESS_READ);
			assert_int_equal(res.cause, 13);
			assert_int_equal(res.level, 0);
		}
}

static void test_noncanonical(void **state)
{
	(void)state;
	static const struct {
		unsigned levels;
		uint64_t va;
		bool canonical;
	} cases[] = {
	    {3, 0x0000003fffffffff, true},  {3, 0x0000004000000000, false},
	    {3, 0xffffffc000000000, true},  {3, 0xffffffbfffffffff, false},
	    {3, 0x8000000000000000, false}, {3, 0x7fffffffffffffff, false},
	    {3, 0xffffffffffffffff, true},  {3, 0x0000800000000000, false},
	    {3, 0x0000010000000000, false}, {3, 0xfeffffc000000000, false},
	    {4, 0x00007fffffffffff, true},  {4, 0x0000800000000000, false},
	    {4, 0xffff800000000000, true},  {4, 0xffff7fffffffffff, false},
	    {4, 0x0000004000000000, true},  {4, 0x8000000000000000, false},
	    {4, 0x0001000000000000, false}, {4, 0xfffe800000000000, false},
	    {5, 0x00ffffffffffffff, true},  {5, 0x0100000000000000, false},
	    {5, 0xff00000000000000, true},  {5, 0xfeffffffffffffff, false},
	    {5, 0x0000800000000000, true},  {5, 0x8000000000000000, false},
	    {5, 0x7f00000000000000, false}, {5, 0xffff800000000000, true},
	};
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		const unsigned levels = cases[i].levels;
		const uint64_t va = cases[i].va;
		const uint64_t root = new_table();
		uint64_t tables[PT_LEVELS_MAX];

		assert_int_equal(valid_va(levels, va) == va, cases[i].canonical);
		/* Map the page the va's low bits select, so only canonicity decides. */
		map(levels, root, va, 0, pte_make(DATA_PA, LEAF_ALL), tables);
		for (size_t ai = 0; ai < ARRAY_SIZE(accesses); ai++) {
			struct walk_result res = walk(levels, root, va, accesses[ai]);
			if (cases[i].canonical) {
				assert_int_equal(res.cause, 0);
			} else {
				assert_int_equal(res.cause, pf_cause[accesses[ai]]);
				assert_int_equal(res.ntables, 0);
			}
		}
	}
}

static void test_bare_and_bad_mode(void **state)
{
	(void)state;
	struct walk_result res = walk_satp(0, 0x123456789abcdef0, ACCESS_WRITE, (struct wreq){0});
	assert_int_equal(res.cause, 0);
	assert_int_equal(res.gpa, 0x123456789abcdef0);
	assert_int_equal(res.ntables, 0);

	const uint64_t root = new_table();
	for (uint64_t mode = 1; mode < 16; mode++) {
		if (mode == SATP_MODE_SV39 || mode == SATP_MODE_SV48 || mode == SATP_MODE_SV57)
			continue;
		res = walk_satp(mode << 60 | root >> 12, 0, ACCESS_EXEC, (struct wreq){.priv = 1});
		assert_int_equal(res.cause, 12);
		assert_int_equal(res.ntables, 0);
	}
}

/* --- invalid, reserved and malformed PTEs --------------------------------------------------- */

/* A 4 KiB mapping with PTE number `at` on the path replaced by f(old): that level must fault. */
static void check_bad_at_each_level(uint64_t (*bad)(uint64_t old, unsigned level))
{
	for (unsigned levels = 3; levels <= PT_LEVELS_MAX; levels++)
		for (unsigned at = 0; at < levels; at++) {
			const uint64_t root = new_table();
			const uint64_t va = valid_va(levels, 0xdeadbeef000ull);
			uint64_t tables[PT_LEVELS_MAX];
			map(levels, root, va, 0, pte_make(DATA_PA, LEAF_ALL), tables);
			const uint64_t slot = tables[levels - 1 - at] + 8ull * pt_index(va, at);
			const uint64_t before = *host(slot);
			const uint64_t pte = bad(before, at);
			*host(slot) = pte;
			for (size_t ai = 0; ai < ARRAY_SIZE(accesses); ai++) {
				struct walk_result res = walk(levels, root, va, accesses[ai]);
				assert_int_equal(res.cause, pf_cause[accesses[ai]]);
				check_path(&res, levels, tables, at, slot);
				assert_int_equal(res.pte, pte);
				assert_int_equal(*host(slot), pte);
			}
		}
}

static uint64_t clear_v(uint64_t old, unsigned level)
{
	(void)level;
	return old & ~PTE_V;
}

static void test_invalid_each_level(void **state)
{
	(void)state;
	check_bad_at_each_level(clear_v);
}

static unsigned reserved_bit;

static uint64_t set_reserved_bit(uint64_t old, unsigned level)
{
	(void)level;
	return old | 1ull << reserved_bit;
}

static void test_reserved_high_bits(void **state)
{
	(void)state;
	/* 60..54 reserved, 62..61 Svpbmt and 63 Svnapot, neither offered: leaf and non-leaf. */
	for (reserved_bit = 54; reserved_bit < 64; reserved_bit++)
		check_bad_at_each_level(set_reserved_bit);
}

static void test_nonleaf_reserved_dau(void **state)
{
	(void)state;
	static const uint64_t bits[] = {PTE_D, PTE_A, PTE_U};
	for (size_t i = 0; i < ARRAY_SIZE(bits); i++) {
		const uint64_t nonleaf_bit = bits[i];
		/* Replacing the leaf (level 0) would be a pointer at level 0; test levels >= 1. */
		for (unsigned levels = 3; levels <= PT_LEVELS_MAX; levels++)
			for (unsigned at = 1; at < levels; at++) {
				const uint64_t root = new_table();
				const uint64_t va = valid_va(levels, 0xdeadbeef000ull);
				uint64_t tables[PT_LEVELS_MAX];
				map(levels, root, va, 0, pte_make(DATA_PA, LEAF_ALL), tables);
				const uint64_t slot =
				    tables[levels - 1 - at] + 8ull * pt_index(va, at);
				/* The same path with the reserved bit added: it must fault. */
				*host(slot) |= nonleaf_bit;
				struct walk_result res = walk(levels, root, va, ACCESS_READ);
				assert_int_equal(res.cause, 13);
				check_path(&res, levels, tables, at, slot);
				/* Ignored bits (G, RSW) on the same pointer do not. */
				*host(slot) = (*host(slot) & ~nonleaf_bit) | PTE_G | 3ull << 8;
				res = walk(levels, root, va, ACCESS_READ);
				assert_int_equal(res.cause, 0);
				assert_int_equal(res.ntables, levels);
			}
	}
}

static void test_leaf_ignored_bits(void **state)
{
	(void)state;
	/* G and RSW on a leaf change nothing. */
	for (unsigned levels = 3; levels <= PT_LEVELS_MAX; levels++) {
		const uint64_t root = new_table();
		uint64_t tables[PT_LEVELS_MAX];
		const uint64_t leaf = pte_make(DATA_PA, LEAF_ALL | PTE_G | 3ull << 8);
		map(levels, root, 0x5000, 0, leaf, tables);
		struct walk_result res = walk(levels, root, 0x5008, ACCESS_WRITE);
		assert_int_equal(res.cause, 0);
		assert_int_equal(res.pte, leaf);
		assert_int_equal(res.gpa, DATA_PA + 8);
	}
}

static uint64_t write_no_read;

static uint64_t make_w_no_r(uint64_t old, unsigned level)
{
	/* A leaf at this level, aligned for it (PPN 0), but with W and no R. */
	(void)old;
	(void)level;
	return pte_make(0, PTE_V | PTE_A | PTE_D | write_no_read);
}

static void test_write_without_read(void **state)
{
	(void)state;
	static const uint64_t flags[] = {PTE_W, PTE_W | PTE_X, PTE_W | PTE_U,
	                                 PTE_W | PTE_X | PTE_U};
	for (size_t i = 0; i < ARRAY_SIZE(flags); i++) {
		write_no_read = flags[i];
		check_bad_at_each_level(make_w_no_r);
		/* Not even U-mode with SUM and MXR gets through. */
		const uint64_t root = new_table();
		uint64_t tables[PT_LEVELS_MAX];
		map(3, root, 0, 0, pte_make(DATA_PA, PTE_V | PTE_A | PTE_D | flags[i]), tables);
		for (size_t ai = 0; ai < ARRAY_SIZE(accesses); ai++)
			for (unsigned priv = PRV_U; priv <= PRV_S; priv++) {
				struct walk_result res =
				    walk_satp(satp_for(3, root), 0, accesses[ai],
				              (struct wreq){.priv = priv, .sum = 1, .mxr = 1});
				assert_int_equal(res.cause, pf_cause[accesses[ai]]);
			}
	}
}

static void test_pointer_at_level0(void **state)
{
	(void)state;
	for (unsigned levels = 3; levels <= PT_LEVELS_MAX; levels++) {
		const uint64_t root = new_table();
		uint64_t tables[PT_LEVELS_MAX];
		const uint64_t slot =
		    map(levels, root, 0x7000, 0, pte_make(new_table(), PTE_V), tables);
		for (size_t ai = 0; ai < ARRAY_SIZE(accesses); ai++) {
			struct walk_result res = walk(levels, root, 0x7000, accesses[ai]);
			assert_int_equal(res.cause, pf_cause[accesses[ai]]);
			check_path(&res, levels, tables, 0, slot);
		}
	}
}

static void test_self_loops_terminate(void **state)
{
	(void)state;
	for (unsigned levels = 3; levels <= PT_LEVELS_MAX; levels++) {
		/* Every entry of the root points to the root: the walk meets it at each level. */
		const uint64_t root = new_table();
		for (unsigned i = 0; i < 512; i++)
			set_pte(root, i, pte_make(root, PTE_V));
		struct walk_result res = walk(levels, root, valid_va(levels, ~0ull), ACCESS_READ);
		assert_int_equal(res.cause, 13);
		assert_int_equal(res.ntables, levels);
		for (unsigned i = 0; i < levels; i++)
			assert_int_equal(res.table_gpa[i], root);
		assert_int_equal(res.level, 0);

		/* Two tables pointing at each other. */
		const uint64_t a = new_table(), b = new_table();
		for (unsigned i = 0; i < 512; i++) {
			set_pte(a, i, pte_make(b, PTE_V));
			set_pte(b, i, pte_make(a, PTE_V));
		}
		res = walk(levels, a, 0x1000, ACCESS_EXEC);
		assert_int_equal(res.cause, 12);
		assert_int_equal(res.ntables, levels);
		for (unsigned i = 0; i < levels; i++)
			assert_int_equal(res.table_gpa[i], i & 1 ? b : a);
	}
}

/* --- superpages ----------------------------------------------------------------------------- */

static void test_superpages(void **state)
{
	(void)state;
	for (unsigned levels = 3; levels <= PT_LEVELS_MAX; levels++)
		for (unsigned level = 1; level < levels; level++) {
			const uint64_t size = pt_level_size(level);
			const uint64_t pa =
			    3 * size; /* aligned, far from RAM: not the walker's business */
			const uint64_t va = valid_va(levels, 0x5a5a5a5a5a5a5a5aull);
			const uint64_t root = new_table();
			uint64_t tables[PT_LEVELS_MAX];
			const uint64_t slot =
			    map(levels, root, va, level, pte_make(pa, LEAF_ALL), tables);

			for (size_t ai = 0; ai < ARRAY_SIZE(accesses); ai++) {
				struct walk_result res = walk(levels, root, va, accesses[ai]);
				assert_int_equal(res.cause, 0);
				assert_int_equal(res.gpa, pa | (va & (size - 1)));
				check_path(&res, levels, tables, level, slot);
			}
			/* Each PPN field below the level, lowest and highest bit of it. */
			for (unsigned j = 0; j < level; j++)
				for (unsigned b = 0; b < 9; b += 8) {
					const uint64_t bad =
					    pte_make(pa | 1ull << (12 + 9 * j + b),
					             PTE_V | PTE_R | PTE_W | PTE_X);
					*host(slot) = bad;
					for (size_t ai = 0; ai < ARRAY_SIZE(accesses); ai++) {
						struct walk_result res =
						    walk(levels, root, va, accesses[ai]);
						assert_int_equal(res.cause, pf_cause[accesses[ai]]);
						check_path(&res, levels, tables, level, slot);
						/* A misaligned superpage never gets A/D. */
						assert_int_equal(*host(slot), bad);
					}
				}
			/* The highest PPN bit is not a low field: still aligned. */
			const uint64_t high = pte_make(pa | 1ull << 55, LEAF_ALL);
			*host(slot) = high;
			struct walk_result res = walk(levels, root, va, ACCESS_READ);
			assert_int_equal(res.cause, 0);
			assert_int_equal(res.gpa, (pa | 1ull << 55) | (va & (size - 1)));
		}
}

/* --- PTEs outside guest RAM ------------------------------------------------------------------ */

static void test_access_fault(void **state)
{
	(void)state;
	static const uint64_t holes[] = {HOLE_LOW, RAM_END, RAM_GPA - PAGE_SIZE, HOLE_HIGH};
	for (unsigned levels = 3; levels <= PT_LEVELS_MAX; levels++)
		for (size_t h = 0; h < ARRAY_SIZE(holes); h++) {
			const uint64_t va = valid_va(levels, 0xabcdef012345ull);
			/* The root itself. */
			for (size_t ai = 0; ai < ARRAY_SIZE(accesses); ai++) {
				struct walk_result res = walk(levels, holes[h], va, accesses[ai]);
				assert_int_equal(res.cause, af_cause[accesses[ai]]);
				assert_int_equal(res.ntables, 1);
				assert_int_equal(res.table_gpa[0], holes[h]);
				assert_int_equal(res.pte_gpa,
				                 holes[h] + 8ull * pt_index(va, levels - 1));
				assert_int_equal(res.level, levels - 1);
			}
			/* A table at each lower level. */
			for (unsigned at = 0; at + 1 < levels; at++) {
				const uint64_t root = new_table();
				uint64_t tables[PT_LEVELS_MAX];
				map(levels, root, va, 0, pte_make(DATA_PA, LEAF_ALL), tables);
				const unsigned above =
				    levels - 2 - at; /* index of the pointing table */
				const uint64_t ptr_slot =
				    tables[above] + 8ull * pt_index(va, at + 1);
				*host(ptr_slot) = pte_make(holes[h], PTE_V);
				tables[above + 1] = holes[h];
				for (size_t ai = 0; ai < ARRAY_SIZE(accesses); ai++) {
					struct walk_result res =
					    walk(levels, root, va, accesses[ai]);
					assert_int_equal(res.cause, af_cause[accesses[ai]]);
					check_path(&res, levels, tables, at,
					           holes[h] + 8ull * pt_index(va, at));
					assert_int_equal(res.pte, 0);
				}
			}
		}
	/* A leaf pointing outside RAM is fine: the walker does not check the final gpa. */
	const uint64_t root = new_table();
	uint64_t tables[PT_LEVELS_MAX];
	map(3, root, 0x3000, 0, pte_make(HOLE_HIGH, LEAF_ALL), tables);
	struct walk_result res = walk(3, root, 0x3010, ACCESS_READ);
	assert_int_equal(res.cause, 0);
	assert_int_equal(res.gpa, HOLE_HIGH + 0x10);
}

/* --- A and D -------------------------------------------------------------------------------- */

static void test_accessed_dirty(void **state)
{
	(void)state;
	static const struct {
		uint64_t flags;
		enum access a;
		struct wreq o;
		bool ok;
		uint64_t set; /* bits the walk must add */
	} cases[] = {
	    {PTE_R | PTE_W, ACCESS_READ, {PRV_S, 0, 0, 0}, true, PTE_A},
	    {PTE_R | PTE_W, ACCESS_WRITE, {PRV_S, 0, 0, 0}, true, PTE_A | PTE_D},
	    {PTE_X, ACCESS_EXEC, {PRV_S, 0, 0, 0}, true, PTE_A},
	    {PTE_X, ACCESS_READ, {PRV_S, 0, 1, 0}, true, PTE_A},
	    {PTE_R | PTE_W | PTE_A, ACCESS_READ, {PRV_S, 0, 0, 0}, true, 0},
	    {PTE_R | PTE_W | PTE_A, ACCESS_WRITE, {PRV_S, 0, 0, 0}, true, PTE_D},
	    {PTE_R | PTE_W | PTE_D, ACCESS_READ, {PRV_S, 0, 0, 0}, true, PTE_A},
	    {PTE_R | PTE_W | PTE_U, ACCESS_WRITE, {PRV_U, 0, 0, 0}, true, PTE_A | PTE_D},
	    {PTE_R | PTE_W | PTE_U, ACCESS_WRITE, {PRV_S, 1, 0, 0}, true, PTE_A | PTE_D},
	    /* set_ad clear: no update, success. */
	    {PTE_R | PTE_W, ACCESS_WRITE, {PRV_S, 0, 0, 1}, true, 0},
	    /* Faults: nothing is set. */
	    {PTE_R, ACCESS_WRITE, {PRV_S, 0, 0, 0}, false, 0},
	    {PTE_R | PTE_W, ACCESS_EXEC, {PRV_S, 0, 0, 0}, false, 0},
	    {PTE_X, ACCESS_READ, {PRV_S, 0, 0, 0}, false, 0},
	    {PTE_R | PTE_W | PTE_X | PTE_U, ACCESS_READ, {PRV_S, 0, 0, 0}, false, 0},
	    {PTE_R | PTE_W | PTE_X | PTE_U, ACCESS_EXEC, {PRV_S, 1, 0, 0}, false, 0},
	    {PTE_R | PTE_W | PTE_X, ACCESS_READ, {PRV_U, 1, 1, 0}, false, 0},
	    {PTE_R | PTE_W | PTE_A, ACCESS_EXEC, {PRV_S, 0, 0, 0}, false, 0},
	};
	for (unsigned levels = 3; levels <= PT_LEVELS_MAX; levels++)
		for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
			const uint64_t root = new_table();
			uint64_t tables[PT_LEVELS_MAX];
			const uint64_t va = valid_va(levels, 0xfedcba987654ull);
			const uint64_t pte = pte_make(DATA_PA, PTE_V | cases[i].flags);
			const uint64_t slot = map(levels, root, va, 0, pte, tables);
			uint64_t ptrs[PT_LEVELS_MAX];
			for (unsigned l = 1; l < levels; l++)
				ptrs[l] = get_pte(tables[levels - 1 - l], pt_index(va, l));

			struct walk_result res =
			    walk_satp(satp_for(levels, root), va, cases[i].a, cases[i].o);
			if (cases[i].ok) {
				assert_int_equal(res.cause, 0);
				assert_int_equal(res.pte, pte | cases[i].set);
			} else {
				assert_int_equal(res.cause, pf_cause[cases[i].a]);
			}
			assert_int_equal(*host(slot), pte | cases[i].set);
			/* Non-leaf PTEs are never written. */
			for (unsigned l = 1; l < levels; l++)
				assert_int_equal(get_pte(tables[levels - 1 - l], pt_index(va, l)),
				                 ptrs[l]);
		}
	/* A/D on a superpage leaf. */
	const uint64_t root = new_table();
	uint64_t tables[PT_LEVELS_MAX];
	const uint64_t slot =
	    map(3, root, 0x40000000, 2, pte_make(0x40000000, PTE_V | PTE_R | PTE_W), tables);
	struct walk_result res = walk(3, root, 0x40001234, ACCESS_WRITE);
	assert_int_equal(res.cause, 0);
	assert_int_equal(res.level, 2);
	assert_int_equal(res.gpa, 0x40001234);
	assert_int_equal(*host(slot), pte_make(0x40000000, PTE_V | PTE_R | PTE_W | PTE_A | PTE_D));
}

/* Another vCPU rewriting the leaf while the walker updates A: the CAS loses and re-walks. */
struct flipper {
	uint64_t *pte;
	uint64_t base;
	int stop;
};

static int flip(void *arg)
{
	struct flipper *f = arg;
	for (uint64_t i = 0; !__atomic_load_n(&f->stop, __ATOMIC_ACQUIRE); i++)
		__atomic_store_n(f->pte, f->base | (i & 1) << 8, __ATOMIC_RELEASE);
	return 0;
}

static void test_concurrent_ad_race(void **state)
{
	(void)state;
	const uint64_t root = new_table();
	uint64_t tables[PT_LEVELS_MAX];
	const uint64_t base = pte_make(DATA_PA, PTE_V | PTE_R | PTE_W);
	const uint64_t slot = map(3, root, 0x9000, 0, base, tables);
	struct flipper f = {host(slot), base, 0};
	thrd_t t;
	unsigned ok = 0, retry = 0;

	assert_int_equal(thrd_create(&t, flip, &f), thrd_success);
	for (unsigned i = 0; i < 200000; i++) {
		struct walk_result res = walk(3, root, 0x9000, ACCESS_WRITE);
		if (res.cause == WALK_CAUSE_RETRY) {
			retry++;
			continue;
		}
		assert_int_equal(res.cause, 0);
		/* What was installed is the flipper's value at the time, plus A and D. */
		assert_int_equal(res.pte & ~(1ull << 8), base | PTE_A | PTE_D);
		ok++;
	}
	__atomic_store_n(&f.stop, 1, __ATOMIC_RELEASE);
	thrd_join(t, NULL);
	print_message("concurrent A/D: %u translated, %u gave up after %u restarts\n", ok, retry,
	              WALK_MAX_RESTARTS);
	assert_true(ok > 0);
}

/*
 * A deterministic race: leaf tables are write-protected, so the walker's A/D compare-and-swap
 * traps before it executes. The handler plays the other vCPU: it rewrites the leaf PTE (an RSW
 * bit) and re-points the root at the next path, then unprotects the page; the CAS resumes and
 * loses. Each path maps the va to its own data page, so the result shows which walk won.
 */
#define RACE_MAX (WALK_MAX_RESTARTS + 1)
#define RACE_VA  0x205123ull

static struct {
	unsigned n, faults;
	uint64_t root, l1[RACE_MAX], l0[RACE_MAX];
} race;

static uint64_t race_data(unsigned k)
{
	return DATA_PA - (k + 1) * PAGE_SIZE;
}

static void race_handler(int sig, siginfo_t *si, void *uc)
{
	(void)sig;
	(void)uc;
	const uintptr_t addr = (uintptr_t)si->si_addr;
	for (unsigned k = 0; k < race.n; k++) {
		uint64_t *t = host(race.l0[k]);
		if (addr - (uintptr_t)t >= PAGE_SIZE)
			continue;
		mprotect(t, PAGE_SIZE, PROT_READ | PROT_WRITE);
		t[pt_index(RACE_VA, 0)] ^= 1ull << 8;
		if (k + 1 < race.n)
			*host(race.root) = pte_make(race.l1[k + 1], PTE_V);
		race.faults++;
		return;
	}
	/* Not ours: fault again with the default action. */
	signal(SIGSEGV, SIG_DFL);
}

static void race_run(unsigned n)
{
	struct sigaction sa = {.sa_sigaction = race_handler, .sa_flags = SA_SIGINFO}, old;

	race.n = n;
	race.faults = 0;
	race.root = new_table();
	for (unsigned k = 0; k < n; k++) {
		race.l1[k] = new_table();
		race.l0[k] = new_table();
		set_pte(race.l1[k], pt_index(RACE_VA, 1), pte_make(race.l0[k], PTE_V));
		set_pte(race.l0[k], pt_index(RACE_VA, 0),
		        pte_make(race_data(k), PTE_V | PTE_R | PTE_W));
		assert_int_equal(mprotect(host(race.l0[k]), PAGE_SIZE, PROT_READ), 0);
	}
	*host(race.root) = pte_make(race.l1[0], PTE_V);
	sigemptyset(&sa.sa_mask);
	assert_int_equal(sigaction(SIGSEGV, &sa, &old), 0);

	struct walk_result res = walk(3, race.root, RACE_VA, ACCESS_WRITE);

	assert_int_equal(sigaction(SIGSEGV, &old, NULL), 0);
	for (unsigned k = 0; k < n; k++)
		assert_int_equal(mprotect(host(race.l0[k]), PAGE_SIZE, PROT_READ | PROT_WRITE), 0);
	assert_int_equal(race.faults, n);
	if (n < RACE_MAX) {
		/* Re-walked from the root: the last path's page, with A and D on its PTE. */
		const uint64_t leaf =
		    pte_make(race_data(n - 1), PTE_V | PTE_R | PTE_W | PTE_A | PTE_D | 1ull << 8);
		assert_int_equal(res.cause, 0);
		assert_int_equal(res.gpa, race_data(n - 1) | (RACE_VA & 0xfff));
		assert_int_equal(res.pte, leaf);
		assert_int_equal(get_pte(race.l0[n - 1], pt_index(RACE_VA, 0)), leaf);
		assert_int_equal(res.ntables, 3);
		assert_int_equal(res.table_gpa[1], race.l1[n - 1]);
		assert_int_equal(res.table_gpa[2], race.l0[n - 1]);
	} else {
		assert_int_equal(res.cause, WALK_CAUSE_RETRY);
	}
	/* Every PTE the walk lost on was left as the other vCPU wrote it. */
	for (unsigned k = 0; k + (n < RACE_MAX) < n; k++)
		assert_int_equal(get_pte(race.l0[k], pt_index(RACE_VA, 0)),
		                 pte_make(race_data(k), PTE_V | PTE_R | PTE_W | 1ull << 8));
}

static void test_race_restarts_from_root(void **state)
{
	(void)state;
	race_run(1);
	race_run(2);
	race_run(RACE_MAX - 1);
}

static void test_race_gives_up(void **state)
{
	(void)state;
	race_run(RACE_MAX);
	/* Once the guest stops, the retried access translates. */
	struct walk_result res = walk(3, race.root, RACE_VA, ACCESS_READ);
	assert_int_equal(res.cause, 0);
	assert_int_equal(res.gpa, race_data(RACE_MAX - 1) | (RACE_VA & 0xfff));
}

/* --- random trees --------------------------------------------------------------------------- */

static uint64_t rng_state = 0x9e3779b97f4a7c15ull;

static uint64_t rnd(void)
{
	uint64_t x = rng_state;
	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	return rng_state = x;
}

static uint64_t pick(uint64_t n)
{
	return rnd() % n;
}

#define RT_TABLES 12
static const unsigned rt_idx[] = {0, 1, 2, 3, 508, 509, 510, 511};

static uint64_t rt_table(unsigned i)
{
	return RAM_GPA + i * PAGE_SIZE;
}

static uint64_t random_pte(void)
{
	static const uint64_t holes[] = {HOLE_LOW, RAM_END, RAM_GPA - PAGE_SIZE, HOLE_HIGH};
	uint64_t pte;

	switch (pick(8)) {
	case 0:
		return 0;
	case 1:
	case 2:
		pte = pte_make(rt_table(pick(RT_TABLES)), PTE_V);
		if (pick(8) == 0)
			pte |= 1ull << (5 + pick(5)); /* G, A, D, RSW: some reserved here */
		break;
	case 3:
		pte = pte_make(holes[pick(ARRAY_SIZE(holes))], PTE_V);
		break;
	case 4:
		/* Random flags and reserved bits, but a PPN in RAM (successes must land in it). */
		return (rnd() & ~PTE_PPN_MASK) | PTE_V |
		       pte_make(RAM_GPA + pick(RAM_SIZE / PAGE_SIZE) * PAGE_SIZE, 0);
	default: {
		/* A leaf: any of the 16 R/W/X/U combinations, A/D random. */
		uint64_t pa;
		switch (pick(3)) {
		case 0:
			pa = RAM_GPA + pick(RAM_SIZE / PAGE_SIZE) * PAGE_SIZE;
			break;
		case 1:
			pa = RAM_GPA + pick(RAM_SIZE / (2 * MiB)) * 2 * MiB;
			break;
		default:
			pa = RAM_GPA; /* 1 GiB-aligned */
			break;
		}
		pte = pte_make(pa, PTE_V | (pick(16) << 1) | (pick(4) << 6));
		break;
	}
	}
	if (pick(16) == 0)
		pte |= 1ull << (54 + pick(10));
	return pte;
}

static void random_tree(void)
{
	memset(ram, 0, RT_TABLES * PAGE_SIZE);
	for (unsigned t = 0; t < RT_TABLES; t++)
		for (size_t i = 0; i < ARRAY_SIZE(rt_idx); i++)
			set_pte(rt_table(t), rt_idx[i], random_pte());
}

/* A plain recursive reading of the spec's steps, for comparison; no A/D update. */
static uint64_t ref_walk(uint64_t table, unsigned level, const struct walk_req *q, unsigned *lvl,
                         uint64_t *gpa)
{
	const uint64_t a = table + 8ull * pt_index(q->va, level);
	*lvl = level;
	if (a < RAM_GPA || a >= RAM_END)
		return af_cause[q->access];
	const uint64_t pte = *host(a);
	const bool v = pte & PTE_V, r = pte & PTE_R, w = pte & PTE_W, x = pte & PTE_X;
	if (!v || (!r && w) || pte >> 54)
		return pf_cause[q->access];
	if (!r && !x) {
		if (level == 0 || (pte & (PTE_D | PTE_A | PTE_U)))
			return pf_cause[q->access];
		return ref_walk((pte >> 10 & ((1ull << 44) - 1)) << 12, level - 1, q, lvl, gpa);
	}
	if (!spec_allows(r, w, x, pte & PTE_U, q->priv, q->sum, q->mxr, q->access))
		return pf_cause[q->access];
	const uint64_t ppn = pte >> 10 & ((1ull << 44) - 1);
	if (ppn & ((1ull << (9 * level)) - 1))
		return pf_cause[q->access];
	*gpa = ppn << 12 | (q->va & ((1ull << (12 + 9 * level)) - 1));
	return 0;
}

static void test_random_trees(void **state)
{
	(void)state;
	static uint8_t before[RT_TABLES * PAGE_SIZE];
	unsigned counts[16] = {0};

	for (unsigned iter = 0; iter < 40000; iter++) {
		if (iter % 50 == 0)
			random_tree();
		const unsigned levels = 3 + (unsigned)pick(3);
		uint64_t va = 0;
		for (unsigned l = 0; l < levels; l++)
			va |= (uint64_t)(l == levels - 1 ? rt_idx[pick(8)] : pick(4))
			      << (12 + 9 * l);
		va = valid_va(levels, va | pick(PAGE_SIZE));
		if (pick(16) == 0)
			va ^= 1ull << (12 + 9 * levels + pick(64 - 12 - 9 * levels));
		const struct walk_req q = {
		    .satp = satp_for(levels, rt_table(pick(RT_TABLES))),
		    .va = va,
		    .access = accesses[pick(3)],
		    .priv = (unsigned)pick(2),
		    .sum = pick(2),
		    .mxr = pick(2),
		    .set_ad = pick(4) != 0,
		};
		struct walk_result res;
		memcpy(before, ram, sizeof(before));
		guest_walk(&pm, &q, &res);

		/* Cause: one of the hardware's, and of the access's kind. */
		const uint64_t c = res.cause;
		assert_true(c == 0 || c == pf_cause[q.access] || c == af_cause[q.access]);
		counts[c == 0 ? 0 : c == pf_cause[q.access] ? 1 : 2]++;

		/* The reference agrees on the outcome. */
		unsigned ref_level = 0;
		uint64_t ref_gpa = 0, ref_c;
		if (valid_va(levels, va) != va)
			ref_c = pf_cause[q.access];
		else
			ref_c = ref_walk((q.satp & SATP_PPN_MASK) << 12, levels - 1, &q, &ref_level,
			                 &ref_gpa);
		if (ref_c != c)
			print_message("iter %u: va %#llx satp %#llx access %d priv %u: cause %llu, "
			              "reference %llu\n",
			              iter, (unsigned long long)va, (unsigned long long)q.satp,
			              q.access, q.priv, (unsigned long long)c,
			              (unsigned long long)ref_c);
		assert_int_equal(c, ref_c);

		if (c != 0) {
			/* Faults never write guest memory. */
			assert_memory_equal(before, ram, sizeof(before));
			if (valid_va(levels, va) == va)
				assert_int_equal(res.level, ref_level);
			continue;
		}
		assert_int_equal(res.gpa, ref_gpa);
		assert_int_equal(res.level, ref_level);
		assert_true(res.gpa >= RAM_GPA && res.gpa < RAM_END);
		assert_int_equal(res.gpa & 0xfff, va & 0xfff);
		assert_int_equal(res.ntables, levels - res.level);
		assert_int_equal(res.table_gpa[0], (q.satp & SATP_PPN_MASK) << 12);
		for (unsigned i = 0; i < res.ntables; i++)
			assert_int_equal(res.table_gpa[i] & 0xfff, 0);
		assert_int_equal(res.pte_gpa,
		                 res.table_gpa[res.ntables - 1] + 8ull * pt_index(va, res.level));
		assert_true(guest_leaf_allows(res.pte, q.access, q.priv, q.sum, q.mxr));
		/* Memory holds res.pte; only that PTE changed, and only by A/D as due. */
		const uint64_t old = *(uint64_t *)(void *)(before + (res.pte_gpa - RAM_GPA));
		const uint64_t due = q.set_ad ? PTE_A | (q.access == ACCESS_WRITE ? PTE_D : 0) : 0;
		assert_int_equal(res.pte, old | due);
		assert_int_equal(*host(res.pte_gpa), res.pte);
		*(uint64_t *)(void *)(before + (res.pte_gpa - RAM_GPA)) = res.pte;
		assert_memory_equal(before, ram, sizeof(before));
	}
	print_message("random walks: %u translated, %u page faults, %u access faults\n", counts[0],
	              counts[1], counts[2]);
	/* The generator must reach every outcome, or the test says little. */
	assert_true(counts[0] > 500 && counts[1] > 500 && counts[2] > 100);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
	    T(test_leaf_allows_table),
	    T(test_walk_permission_table),
	    T(test_basic_4k),
	    T(test_noncanonical),
	    T(test_bare_and_bad_mode),
	    T(test_invalid_each_level),
	    T(test_reserved_high_bits),
	    T(test_nonleaf_reserved_dau),
	    T(test_leaf_ignored_bits),
	    T(test_write_without_read),
	    T(test_pointer_at_level0),
	    T(test_self_loops_terminate),
	    T(test_superpages),
	    T(test_access_fault),
	    T(test_accessed_dirty),
	    T(test_concurrent_ad_race),
	    T(test_race_restarts_from_root),
	    T(test_race_gives_up),
	    T(test_random_trees),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
