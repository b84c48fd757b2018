/*
 * Differential tests of the shadow MMU core: hand-written scenarios for each mechanism, then
 * random guests from fixed seeds. Every access goes through the harness of tests/fuzz, which
 * checks the shadow against guest_walk + pmap and all invariants after each step.
 *
 * The harness is included: the unit-test rule compiles one test source. First, as it sets the
 * feature macros for the system headers.
 */
#include "../fuzz/shadow_model.c"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdbool.h>

#define RAM_END (SM_RAM_GPA + 64 * PAGE_SIZE)
#define P(n)    (SM_RAM_GPA + (uint64_t)(n)*PAGE_SIZE)
#define TABLE   PTE_V
#define RW      (PTE_V | PTE_R | PTE_W | PTE_A | PTE_D)
#define RO      (PTE_V | PTE_R | PTE_A)

static struct sm m;

#define CHECK(call)                                                                                \
	do {                                                                                       \
		if (!(call))                                                                       \
			fail_msg("%s", sm_error(&m));                                              \
	} while (0)

static void start_cfg(unsigned pool_pages, unsigned ram_pages, unsigned nvcpus, bool misaligned)
{
	const struct sm_config c = {pool_pages, ram_pages, nvcpus, 0, misaligned};

	assert_int_equal(sm_init(&m, &c), 0);
	sm_input(&m, NULL, 0, 1);
}

static void start(unsigned pool_pages, unsigned ram_pages)
{
	start_cfg(pool_pages, ram_pages, 1, false);
}

static int teardown(void **state)
{
	(void)state;
	sm_fini(&m);
	return 0;
}

static void put(uint64_t gpa, uint64_t pte)
{
	CHECK(sm_guest_store(&m, gpa, pte, 8));
	CHECK(sm_check(&m));
}

static uint64_t get(uint64_t gpa)
{
	uint64_t *p = sm_guest_ptr(&m, gpa);

	assert_non_null(p);
	return *p;
}

static uint64_t slot(uint64_t table, unsigned idx)
{
	return table + 8ull * idx;
}

static uint64_t host(uint64_t gpa)
{
	return (uint64_t)(uintptr_t)m.ram + (gpa - SM_RAM_GPA);
}

static struct sm_access_result acc_as(uint64_t va, enum access a, unsigned priv)
{
	struct sm_access_result r;

	CHECK(sm_access(&m, va, a, priv, false, false, &r));
	return r;
}

static struct sm_access_result acc(uint64_t va, enum access a)
{
	return acc_as(va, a, PRV_S);
}

static void expect_done(uint64_t va, enum access a, uint64_t gpa)
{
	struct sm_access_result r = acc(va, a);

	assert_int_equal(r.outcome, SM_DONE);
	assert_int_equal(r.hpa, host(gpa));
}

static void expect_fault(uint64_t va, enum access a, uint64_t cause)
{
	struct sm_access_result r = acc(va, a);

	assert_int_equal(r.outcome, SM_GUEST_FAULT);
	assert_int_equal(r.cause, cause);
}

/* Root P(0) -> P(1) -> P(2), all at index 0: va (i << 12) uses P(2)[i]. */
static void sv39_chain(void)
{
	put(slot(P(0), 0), pte_make(P(1), TABLE));
	put(slot(P(1), 0), pte_make(P(2), TABLE));
	CHECK(sm_write_satp(&m, sm_satp_of(P(0), 3)));
}

static uint64_t hw(uint64_t va, enum access a)
{
	uint64_t hpa = 0;

	return sm_hw_allows(&m, va, a, PRV_S, &hpa) ? hpa : 0;
}

static void fence(uint64_t va, bool all)
{
	CHECK(sm_sfence(&m, va, all));
	CHECK(sm_check(&m));
}

/* A store to a shadowed leaf table needs no emulation: the table goes out of sync, and the
 * shadow follows the guest at its fence, as a TLB would. */
static void test_leaf_table_goes_out_of_sync_until_a_fence(void **state)
{
	(void)state;
	start(16, 64);
	sv39_chain();
	put(slot(P(2), 5), pte_make(P(10), RW));
	struct sm_access_result r = acc(0x5000, ACCESS_READ);
	assert_int_equal(r.outcome, SM_DONE);
	assert_int_equal(r.faults, 1);
	assert_int_equal(r.hpa, host(P(10)));
	/* Filled: the hardware now translates without the hypervisor. */
	assert_int_equal(acc(0x5008, ACCESS_READ).faults, 0);
	assert_true(shadow_is_page_table(&m.s, P(2)));

	uint64_t emulated = m.st.emulated_stores;
	put(slot(P(2), 5), pte_make(P(11), RO));
	assert_int_equal(m.st.emulated_stores, emulated);
	assert_true(shadow_is_unsync(&m.s, P(2)));
	assert_int_equal(hw(0x5000, ACCESS_READ), host(P(10))); /* stale, as a TLB may be */
	fence(0x5000, false);
	/* Filled in place at the fence: no fault, and no write through the old entry. */
	assert_int_equal(hw(0x5000, ACCESS_READ), host(P(11)));
	assert_int_equal(hw(0x5000, ACCESS_WRITE), 0);
	expect_fault(0x5000, ACCESS_WRITE, EXC_STORE_PAGE_FAULT);
	/* A byte store to the flags, fenced, drops the entry. */
	put(slot(P(2), 5), pte_make(P(11), RW));
	fence(0x5000, false);
	expect_done(0x5000, ACCESS_WRITE, P(11));
	CHECK(sm_guest_store(&m, slot(P(2), 5), 0, 1));
	fence(0x5000, false);
	assert_int_equal(hw(0x5000, ACCESS_READ), 0);
	expect_fault(0x5000, ACCESS_READ, EXC_LOAD_PAGE_FAULT);
	assert_int_equal(m.st.emulated_stores, emulated);
}

/* The Sv39 chain with P(2)'s entry 1 shadowed, then P(2) out of sync by a store to entry 2. */
static void unsync_leaf_table(void)
{
	start(16, 64);
	sv39_chain();
	put(slot(P(2), 1), pte_make(P(10), RW));
	expect_done(0x1000, ACCESS_READ, P(10));
	put(slot(P(2), 2), pte_make(P(11), RW));
	assert_true(shadow_is_unsync(&m.s, P(2)));
}

/* A fence by address brings in line only that address's entry; one without, every entry. */
static void test_fences_by_address_and_all(void **state)
{
	(void)state;
	start(16, 64);
	sv39_chain();
	put(slot(P(2), 1), pte_make(P(10), RW));
	put(slot(P(2), 2), pte_make(P(11), RW));
	expect_done(0x1000, ACCESS_READ, P(10));
	expect_done(0x2000, ACCESS_READ, P(11));
	put(slot(P(2), 1), pte_make(P(12), RW));
	put(slot(P(2), 2), pte_make(P(13), RW));
	fence(0x1000, false);
	assert_int_equal(hw(0x1000, ACCESS_READ), host(P(12)));
	assert_int_equal(hw(0x2000, ACCESS_READ), host(P(11))); /* not covered yet */
	fence(0, true);
	assert_int_equal(hw(0x2000, ACCESS_READ), host(P(13)));
	/* An unchanged table costs nothing at the next fence. */
	uint64_t resynced = m.s.stats.resynced;
	fence(0, true);
	assert_int_equal(m.s.stats.resynced, resynced);
}

/* Tables above the leaf level are never left behind: their stores are emulated. */
static void test_upper_tables_are_emulated(void **state)
{
	(void)state;
	start(16, 64);
	sv39_chain();
	put(slot(P(2), 1), pte_make(P(10), RW));
	expect_done(0x1000, ACCESS_READ, P(10));
	uint64_t emulated = m.st.emulated_stores;
	put(slot(P(1), 1), pte_make(P(3), TABLE));
	put(slot(P(3), 0), pte_make(P(14), RW));
	assert_int_equal(m.st.emulated_stores, emulated + 1);
	assert_false(shadow_is_unsync(&m.s, P(1)));
	expect_done(0x200000, ACCESS_READ, P(14));
}

/* An out-of-sync leaf table linked somewhere above the leaf level is in sync again at once. */
static void test_table_used_higher_comes_back_in_sync(void **state)
{
	(void)state;
	unsync_leaf_table();
	/* P(2) as a level-1 table under root slot 1: the walk through it syncs it back. */
	put(slot(P(0), 1), pte_make(P(2), TABLE));
	put(slot(P(2), 3), pte_make(P(4), TABLE));
	put(slot(P(4), 1), pte_make(P(15), RW));
	assert_true(shadow_is_unsync(&m.s, P(2)));
	expect_done((1ull << 30) | (3ull << 21) | 0x1000, ACCESS_READ, P(15));
	assert_false(shadow_is_unsync(&m.s, P(2)));
	uint64_t emulated = m.st.emulated_stores;
	put(slot(P(2), 2), pte_make(P(12), RW));
	assert_int_equal(m.st.emulated_stores, emulated + 1);
	expect_done(0x2000, ACCESS_READ, P(12));
}

/* A freed out-of-sync table reused as data: at the full fence its shadow goes, and the
 * guest's data stores are plain ones from then on. */
static void test_freed_table_reused_as_data(void **state)
{
	(void)state;
	unsync_leaf_table();
	put(slot(P(1), 0), 0); /* emulated: the guest unlinks it */
	fence(0, true);
	assert_false(shadow_is_page_table(&m.s, P(2)));
	for (unsigned i = 0; i < 512; i += 7)
		put(slot(P(2), i), 0x123456789abcdef0ull * i);
	expect_fault(0x1000, ACCESS_READ, EXC_LOAD_PAGE_FAULT);
}

/* More leaf tables written than there are out-of-sync slots: the oldest are protected again. */
static void test_out_of_sync_slots_are_recycled(void **state)
{
	(void)state;
	start(128, 512);
	put(slot(P(0), 0), pte_make(P(1), TABLE));
	CHECK(sm_write_satp(&m, sm_satp_of(P(0), 3)));
	for (unsigned t = 0; t < OOS_SLOTS + 4; t++) {
		uint64_t table = P(100 + t), va = (uint64_t)t << 21;
		put(slot(P(1), t), pte_make(table, TABLE));
		put(slot(table, 0), pte_make(P(20), RW));
		expect_done(va, ACCESS_READ, P(20));
		put(slot(table, 1), pte_make(P(21), RW));
		assert_true(shadow_is_unsync(&m.s, table));
	}
	unsigned in_use = 0;
	for (unsigned i = 0; i < OOS_SLOTS; i++)
		in_use += m.s.oos.slot[i].gpa != 0;
	assert_int_equal(in_use, OOS_SLOTS);
	assert_int_equal(m.s.stats.oos_evicted, 4);
	assert_false(shadow_is_unsync(&m.s, P(100)));
	assert_true(shadow_is_page_table(&m.s, P(100)));
	/* In sync again, so a store traps and goes out of sync anew. */
	put(slot(P(100), 2), pte_make(P(22), RW));
	assert_true(shadow_is_unsync(&m.s, P(100)));
	fence(0, true);
	expect_done(0x1000, ACCESS_READ, P(21));
}

/* A fill takes the neighbours the guest made valid (A set) along, and nothing else. */
static void test_fill_prefetches_neighbours(void **state)
{
	(void)state;
	start(16, 64);
	sv39_chain();
	for (unsigned i = 8; i < 16; i++)
		put(slot(P(2), i), pte_make(P(20 + i), i == 12 ? (RO & ~PTE_A) : RO));
	expect_done(0x9000, ACCESS_READ, P(29));
	assert_int_equal(hw(0xa000, ACCESS_READ), host(P(30)));
	assert_int_equal(hw(0x8000, ACCESS_READ), host(P(28)));
	assert_int_equal(hw(0xc000, ACCESS_READ), 0);  /* A clear: the guest must see a walk */
	assert_int_equal(hw(0x10000, ACCESS_READ), 0); /* another group */
	assert_int_equal(m.s.stats.prefetched, 6);
	struct sm_access_result r = acc(0xc000, ACCESS_READ);
	assert_int_equal(r.faults, 1);
	assert_true(get(slot(P(2), 12)) & PTE_A);
}

static void test_new_page_table_loses_writable_mappings(void **state)
{
	(void)state;
	start(16, 64);
	sv39_chain();
	put(slot(P(2), 1), pte_make(P(20), RW));
	expect_done(0x1000, ACCESS_WRITE, P(20));
	assert_true(sm_hw_allows(&m, 0x1000, ACCESS_WRITE, PRV_S, NULL));

	/* P(20) becomes a level-1 table under root slot 1, and the guest walks through it. */
	put(slot(P(20), 0), pte_make(P(2), TABLE));
	put(slot(P(0), 1), pte_make(P(20), TABLE));
	uint64_t revoked = m.s.stats.wp_revoked;
	expect_done((1ull << 30) | 0x1000, ACCESS_READ, P(20));
	assert_true(shadow_is_page_table(&m.s, P(20)));
	assert_int_equal(m.s.stats.wp_revoked, revoked + 1);
	assert_false(sm_hw_allows(&m, 0x1000, ACCESS_WRITE, PRV_S, NULL));
	assert_true(sm_hw_allows(&m, 0x1000, ACCESS_READ, PRV_S, NULL));
	/* A store to it now is a page-table store: emulated. */
	assert_int_equal(acc(0x1000, ACCESS_WRITE).outcome, SM_EMULATED);
}

static void test_dirty_bit_on_first_store(void **state)
{
	(void)state;
	start(16, 64);
	sv39_chain();
	put(slot(P(2), 2), pte_make(P(21), PTE_V | PTE_R | PTE_W));
	expect_done(0x2000, ACCESS_READ, P(21));
	assert_int_equal(get(slot(P(2), 2)) & (PTE_A | PTE_D), PTE_A);
	/* Clean: read-only in the shadow, so the first store comes back for D. */
	assert_false(sm_hw_allows(&m, 0x2000, ACCESS_WRITE, PRV_S, NULL));
	struct sm_access_result r = acc(0x2000, ACCESS_WRITE);
	assert_int_equal(r.outcome, SM_DONE);
	assert_int_equal(r.faults, 1);
	assert_int_equal(get(slot(P(2), 2)) & (PTE_A | PTE_D), PTE_A | PTE_D);
	assert_int_equal(acc(0x2000, ACCESS_WRITE).faults, 0);
}

static void test_superpage_split(void **state)
{
	(void)state;
	start(16, 512); /* 2 MiB of RAM: one whole 2 MiB superpage */
	sv39_chain();
	put(slot(P(0), 2), pte_make(SM_RAM_GPA, RW | PTE_X));
	put(slot(P(1), 1), pte_make(SM_RAM_GPA, RO));
	const uint64_t giga = 2ull << 30, mega = 1ull << 21;

	expect_done(giga + 0x12345, ACCESS_READ, SM_RAM_GPA + 0x12345);
	expect_done(giga + 0x1ff008, ACCESS_WRITE, SM_RAM_GPA + 0x1ff008);
	/* Beyond RAM inside the 1 GiB superpage: the guest mapped memory it lacks. */
	expect_fault(giga + 0x200000, ACCESS_READ, EXC_LOAD_ACCESS);
	expect_fault(giga + 0x300000, ACCESS_EXEC, EXC_INSN_ACCESS);
	/* P(1) is not shadowed yet: a plain store. Walked through, it becomes read-only. */
	expect_done(giga + 0x1ff0, ACCESS_WRITE, P(1) + 0xff0);
	expect_done(mega + 0x5000, ACCESS_READ, SM_RAM_GPA + 0x5000);
	expect_fault(mega + 0x5000, ACCESS_WRITE, EXC_STORE_PAGE_FAULT);
	assert_false(sm_hw_allows(&m, giga + 0x1000, ACCESS_WRITE, PRV_S, NULL));
	assert_int_equal(acc(giga + 0x1000, ACCESS_WRITE).outcome, SM_EMULATED);
	/* A superpage whose frame is not aligned is the guest's page fault. */
	put(slot(P(1), 3), pte_make(P(1), RO));
	expect_fault(3 * mega, ACCESS_READ, EXC_LOAD_PAGE_FAULT);
}

/* A 2 MiB guest leaf over a region free of page tables becomes one 2 MiB shadow leaf. */
static void map_region1(void)
{
	sv39_chain();
	put(slot(P(2), 4), pte_make(P(40), RO));
	put(slot(P(1), 1), pte_make(SM_RAM_GPA + 2 * MiB, RW));
}

static void test_shadow_superpage_loses_write_when_table_appears(void **state)
{
	const uint64_t mega = 1ull << 21, r1 = SM_RAM_GPA + 2 * MiB, t = r1 + 7 * PAGE_SIZE;

	(void)state;
	start(16, 1536); /* 6 MiB: tables in the first 2 MiB, the second free of them */
	map_region1();
	uint64_t super = m.s.stats.superpages;
	expect_done(mega + 0x3000, ACCESS_WRITE, r1 + 0x3000);
	assert_int_equal(m.s.stats.superpages, super + 1);
	/* One fault filled all 2 MiB. */
	assert_int_equal(acc(mega + 0x1ff000, ACCESS_WRITE).faults, 0);

	/* A frame inside becomes a level-1 table under root slot 3, walked through. */
	put(slot(t, 0), pte_make(P(2), TABLE));
	put(slot(P(0), 3), pte_make(t, TABLE));
	uint64_t revoked = m.s.stats.wp_revoked;
	expect_done(3ull << 30 | 0x4000, ACCESS_READ, P(40));
	assert_int_equal(m.s.stats.wp_revoked, revoked + 1);
	assert_false(sm_hw_allows(&m, mega + 0x3000, ACCESS_WRITE, PRV_S, NULL));
	/* Its neighbours get 4 KiB leaves again; the table itself only emulated stores. */
	struct sm_access_result r = acc(mega + 0x3000, ACCESS_WRITE);
	assert_int_equal(r.outcome, SM_DONE);
	assert_int_equal(r.faults, 1);
	assert_int_equal(acc(mega + 7 * PAGE_SIZE + 8, ACCESS_WRITE).outcome, SM_EMULATED);
	expect_done(mega + 0x1ff000, ACCESS_WRITE, r1 + 0x1ff000);
}

static void test_shadow_gigapage(void **state)
{
	const uint64_t giga = 1ull << 30, g1 = SM_RAM_GPA + GiB, t = g1 + 0x1234000;

	(void)state;
	start(16, SM_HUGE_RAM_PAGES); /* 3 GiB, the middle one free of page tables */
	sv39_chain();
	put(slot(P(2), 4), pte_make(P(40), RO));
	put(slot(P(0), 1), pte_make(g1, RW | PTE_X));
	expect_done(giga + 0x3ff0000, ACCESS_WRITE, g1 + 0x3ff0000);
	assert_int_equal(m.st.hw_leaf[2], 1);
	expect_done(giga + 0x3fffff00, ACCESS_EXEC, g1 + 0x3fffff00);
	assert_int_equal(m.st.hw_leaf[2], 2);
	/* A table appears inside: the gigapage loses W; stores elsewhere get smaller leaves. */
	put(slot(t, 0), pte_make(P(2), TABLE));
	put(slot(P(0), 3), pte_make(t, TABLE));
	expect_done(3 * giga | 0x4000, ACCESS_READ, P(40));
	assert_false(sm_hw_allows(&m, giga + 0x3ff0000, ACCESS_WRITE, PRV_S, NULL));
	expect_done(giga + 0x3ff0000, ACCESS_WRITE, g1 + 0x3ff0000);
	assert_true(m.st.hw_leaf[1] > 0);
	assert_int_equal(acc(giga + 0x1234008, ACCESS_WRITE).outcome, SM_EMULATED);
}

static void test_misaligned_host_ram_has_no_shadow_superpages(void **state)
{
	const uint64_t mega = 1ull << 21, r1 = SM_RAM_GPA + 2 * MiB;

	(void)state;
	start_cfg(16, 1536, 1, true);
	map_region1();
	expect_done(mega + 0x3000, ACCESS_WRITE, r1 + 0x3000);
	expect_done(mega + 0x1ff000, ACCESS_READ, r1 + 0x1ff000);
	assert_int_equal(m.s.stats.superpages, 0);
}

static void test_write_flood_unshadows_a_table(void **state)
{
	(void)state;
	start(16, 64);
	sv39_chain();
	put(slot(P(2), 1), pte_make(P(40), RO));
	expect_done(0x1000, ACCESS_READ, P(40));
	/* Three emulated stores to the level-1 table, no walk through it between: let go. */
	for (unsigned i = 0; i < 3; i++) {
		assert_true(shadow_is_page_table(&m.s, P(1)));
		put(slot(P(1), 100 + i), pte_make(P(41), TABLE));
	}
	assert_true(m.s.stats.unshadowed > 0);
	assert_false(shadow_is_page_table(&m.s, P(1)));
	put(slot(P(1), 0), pte_make(P(3), TABLE)); /* now a plain store */
	put(slot(P(3), 1), pte_make(P(42), RO));
	struct sm_access_result r = acc(0x1000, ACCESS_READ);
	assert_int_equal(r.outcome, SM_DONE);
	assert_int_equal(r.faults, 1);
	assert_int_equal(r.hpa, host(P(42)));
	assert_true(shadow_is_page_table(&m.s, P(1)));
	/* The root is the active one: never let go, however often written. */
	for (unsigned i = 0; i < 5; i++)
		put(slot(P(0), 200 + i), 0);
	assert_true(shadow_is_page_table(&m.s, P(0)));
	expect_done(0x1000, ACCESS_READ, P(42));
}

static void test_roots_of_every_mode_on_one_frame(void **state)
{
	(void)state;
	start(16, 64);
	sv39_chain();
	/* Sv39 reads P(2) as level 0; Sv48 as level 1, P(3) below it as level 0; Sv57 as
	 * level 2, P(3) as level 1 and P(4) as level 0. */
	put(slot(P(2), 5), pte_make(P(31), RO));
	put(slot(P(2), 0), pte_make(P(3), TABLE));
	put(slot(P(3), 3), pte_make(P(30), RO));
	put(slot(P(3), 0), pte_make(P(4), TABLE));
	put(slot(P(4), 2), pte_make(P(29), RO));
	const uint64_t sv39 = sm_satp_of(P(0), 3), sv48 = sm_satp_of(P(0), 4),
	               sv57 = sm_satp_of(P(0), 5);

	for (int round = 0; round < 3; round++) {
		CHECK(sm_write_satp(&m, sv39));
		uint64_t r39 = m.vcpu[0].root;
		expect_done(0x5000, ACCESS_READ, P(31));
		expect_fault(0x3000, ACCESS_READ, EXC_LOAD_PAGE_FAULT);
		expect_fault(0x2000, ACCESS_READ, EXC_LOAD_PAGE_FAULT);
		CHECK(sm_write_satp(&m, sv48));
		uint64_t r48 = m.vcpu[0].root;
		assert_int_not_equal(r48, r39);
		expect_done(0x3000, ACCESS_READ, P(30));
		expect_fault(0x5000, ACCESS_READ, EXC_LOAD_PAGE_FAULT);
		expect_fault(0x2000, ACCESS_READ, EXC_LOAD_PAGE_FAULT);
		CHECK(sm_write_satp(&m, sv57));
		assert_int_not_equal(m.vcpu[0].root, r39);
		assert_int_not_equal(m.vcpu[0].root, r48);
		expect_done(0x2000, ACCESS_READ, P(29));
		expect_fault(0x3000, ACCESS_READ, EXC_LOAD_PAGE_FAULT);
		expect_fault(0x5000, ACCESS_READ, EXC_LOAD_PAGE_FAULT);
		if (round)
			assert_int_equal(acc(0x2000, ACCESS_READ).faults, 0);
	}
	assert_true(m.s.stats.root_hits >= 6);
	/* A change to the shared root reaches every shadow. */
	put(slot(P(0), 0), 0);
	expect_fault(0x2000, ACCESS_READ, EXC_LOAD_PAGE_FAULT);
	CHECK(sm_write_satp(&m, sv48));
	expect_fault(0x3000, ACCESS_READ, EXC_LOAD_PAGE_FAULT);
	CHECK(sm_write_satp(&m, sv39));
	expect_fault(0x5000, ACCESS_READ, EXC_LOAD_PAGE_FAULT);
}

/* Sv57's 256 TiB and 512 GiB guest leaves: split into shadow leaves of 1 GiB at most. */
static void test_sv57_huge_leaves_split(void **state)
{
	const uint64_t t256 = 1ull << 48, giga = 1ull << 30, g1 = SM_RAM_GPA + GiB;

	(void)state;
	start(16, SM_HUGE_RAM_PAGES);                /* 3 GiB, the middle one free of page tables */
	put(slot(P(0), 1), pte_make(0, RW | PTE_X)); /* 256 TiB at 0: RAM is 2 GiB in */
	put(slot(P(0), 2), pte_make(P(1), TABLE));
	put(slot(P(1), 0), pte_make(0, RW));          /* 512 GiB at 0 */
	put(slot(P(0), 3), pte_make(SM_RAM_GPA, RW)); /* a misaligned 256 TiB leaf */
	CHECK(sm_write_satp(&m, sm_satp_of(P(0), 5)));
	expect_done(t256 + 3 * giga + 0x1234, ACCESS_WRITE, g1 + 0x1234);
	assert_int_equal(m.st.hw_leaf[2], 1);
	expect_done(2 * t256 + 3 * giga + 0x10, ACCESS_READ, g1 + 0x10);
	assert_int_equal(m.st.hw_leaf[2], 2);
	/* The first gigabyte holds the tables: smaller leaves, and P(1) stays read-only. */
	expect_done(t256 + 2 * giga + 0x5008, ACCESS_EXEC, P(5) + 8);
	assert_int_equal(acc(t256 + 2 * giga + 0x1008, ACCESS_WRITE).outcome, SM_EMULATED);
	expect_fault(t256 + 0x1000, ACCESS_READ, EXC_LOAD_ACCESS); /* below RAM */
	expect_fault(3 * t256, ACCESS_READ, EXC_LOAD_PAGE_FAULT);
	expect_fault(1ull << 57, ACCESS_READ, EXC_LOAD_PAGE_FAULT); /* not canonical */
}

static void test_root_cache_reuses_forgotten_slots(void **state)
{
	(void)state;
	start(64, 64);
	for (unsigned i = 0; i < SHADOW_ROOTS; i++)
		CHECK(sm_write_satp(&m, sm_satp_of(P(i), 3)));
	/* Root 5, not the active one, is written three times: unshadowed, out of the cache. */
	for (unsigned i = 0; i < 3; i++)
		put(slot(P(5), i), 0);
	assert_false(shadow_is_page_table(&m.s, P(5)));
	/* A new root takes its slot, not that of root 0, the least recently used live one. */
	CHECK(sm_write_satp(&m, sm_satp_of(P(20), 3)));
	uint64_t hits = m.s.stats.root_hits;
	CHECK(sm_write_satp(&m, sm_satp_of(P(0), 3)));
	assert_int_equal(m.s.stats.root_hits, hits + 1);
}

/* Another vCPU's loaded root is pinned: the same writes that unshadow an idle root leave it. */
static void test_pinned_root_is_not_unshadowed(void **state)
{
	(void)state;
	start(64, 64);
	CHECK(sm_write_satp(&m, sm_satp_of(P(5), 3)));
	hpa_t other = m.s.active_root;
	CHECK(sm_write_satp(&m, sm_satp_of(P(0), 3)));
	shadow_pin_root(&m.s, 1, other);
	for (unsigned i = 0; i < 3; i++)
		put(slot(P(5), i), 0);
	assert_true(shadow_is_page_table(&m.s, P(5)));
	shadow_pin_root(&m.s, 1, 0);
	for (unsigned i = 0; i < 3; i++)
		put(slot(P(5), i), 0);
	assert_false(shadow_is_page_table(&m.s, P(5)));
}

static unsigned quiesces;

static void count_quiesce(void *ctx)
{
	(void)ctx;
	quiesces++;
}

/* Fills need nothing of other harts; taking write permission away quiesces them. */
static void test_narrowing_quiesces(void **state)
{
	(void)state;
	start(16, 64);
	m.s.quiesce = count_quiesce;
	quiesces = 0;
	sv39_chain();
	put(slot(P(2), 1), pte_make(P(20), RW));
	expect_done(0x1000, ACCESS_WRITE, P(20));
	assert_true(sm_hw_allows(&m, 0x1000, ACCESS_WRITE, PRV_S, NULL));
	assert_int_equal(quiesces, 0);
	/* P(20) becomes a table the guest walks through: its writable mapping goes. */
	put(slot(P(20), 0), pte_make(P(2), TABLE));
	put(slot(P(0), 1), pte_make(P(20), TABLE));
	expect_done((1ull << 30) | 0x1000, ACCESS_READ, P(20));
	assert_false(sm_hw_allows(&m, 0x1000, ACCESS_WRITE, PRV_S, NULL));
	assert_true(quiesces > 0);
	m.s.quiesce = NULL;
}

/* cpu1 runs next, cpu0 staying on its hart or leaving it (put). */
static void run_cpu1(bool leave)
{
	CHECK(sm_run_vcpu(&m, 1, leave));
	CHECK(sm_check(&m));
}

/* A loaded vCPU's root is pinned: another vCPU's write flood leaves it, until it is put. */
static void test_other_vcpus_root_is_pinned_while_loaded(void **state)
{
	(void)state;
	for (unsigned put_it = 0; put_it < 2; put_it++) {
		start_cfg(64, 64, 2, false);
		CHECK(sm_write_satp(&m, sm_satp_of(P(5), 3)));
		run_cpu1(put_it);
		CHECK(sm_write_satp(&m, sm_satp_of(P(0), 3)));
		for (unsigned i = 0; i < SHADOW_FLOOD_LIMIT; i++)
			put(slot(P(5), i), 0);
		assert_int_equal(shadow_is_page_table(&m.s, P(5)), !put_it);
		sm_fini(&m);
	}
}

/* An SBI fence cpu1 sends to cpu0 alone brings the shadows both walk in line. */
static void test_remote_fence_syncs_the_shared_shadows(void **state)
{
	(void)state;
	start_cfg(16, 64, 2, false);
	/* Both page before any shadow is filled: no fence zaps for a Bare vCPU's stores. */
	sv39_chain();
	run_cpu1(false);
	CHECK(sm_write_satp(&m, sm_satp_of(P(0), 3)));
	fence(0, true);
	CHECK(sm_run_vcpu(&m, 0, false));
	put(slot(P(2), 1), pte_make(P(10), RW));
	expect_done(0x1000, ACCESS_READ, P(10));
	run_cpu1(false);
	put(slot(P(2), 1), pte_make(P(11), RO));
	assert_true(shadow_is_unsync(&m.s, P(2)));
	assert_int_equal(hw(0x1000, ACCESS_READ), host(P(10))); /* no fence yet */
	uint64_t quiesces = m.st.quiesces;
	CHECK(sm_rfence(&m, 0, 0x1000, false));
	CHECK(sm_check(&m));
	/* cpu0's hart may have cached the old entry: shot down before it changed. */
	assert_true(m.st.quiesces > quiesces);
	assert_int_equal(hw(0x1000, ACCESS_READ), host(P(11)));
	expect_fault(0x1000, ACCESS_WRITE, EXC_STORE_PAGE_FAULT);
	CHECK(sm_run_vcpu(&m, 0, true));
	assert_int_equal(hw(0x1000, ACCESS_READ), host(P(11)));
}

/*
 * cpu1 comes up Bare (as a hart that HSM starts) while cpu0 pages, and rewrites a table
 * cpu0's shadows derive from: through the Bare-mode root, no write protection sees it. A
 * fence after it, by either vCPU, must still bring cpu0 in line.
 */
static void test_bare_vcpus_stores_reach_the_others_at_a_fence(void **state)
{
	(void)state;
	for (unsigned own = 0; own < 2; own++) {
		start_cfg(16, 64, 2, false);
		sv39_chain();
		put(slot(P(2), 1), pte_make(P(10), RW));
		run_cpu1(false);
		CHECK(sm_run_vcpu(&m, 0, false));
		expect_done(0x1000, ACCESS_READ, P(10));
		assert_true(shadow_is_page_table(&m.s, P(2)));
		run_cpu1(false);
		uint64_t bare_stores = m.st.bare_stores;
		CHECK(sm_guest_store(&m, slot(P(2), 1), pte_make(P(11), RW), 8));
		assert_int_equal(m.st.bare_stores, bare_stores + 1);
		/* cpu0 may still use what its TLB holds until a fence. */
		if (own) {
			CHECK(sm_run_vcpu(&m, 0, false));
			CHECK(sm_sfence(&m, 0x1000, false));
		} else {
			CHECK(sm_rfence(&m, 0, 0, true));
			CHECK(sm_run_vcpu(&m, 0, false));
		}
		CHECK(sm_check(&m));
		assert_int_equal(m.s.stats.bare_zaps, 1);
		expect_done(0x1000, ACCESS_READ, P(11));
		sm_fini(&m);
	}
}

static void test_pool_exhaustion_reclaims_and_continues(void **state)
{
	(void)state;
	start(6, 64);
	/* Eight 1 GiB regions, each with its own two tables: three pool pages a path, so the
	 * pool runs dry and reclaim (or a zap-all) must make room without losing track. */
	for (unsigned i = 0; i < 8; i++) {
		put(slot(P(0), i), pte_make(P(1 + i), TABLE));
		put(slot(P(1 + i), 0), pte_make(P(9 + i), TABLE));
		put(slot(P(9 + i), 0), pte_make(P(40 + i), RW));
	}
	CHECK(sm_write_satp(&m, sm_satp_of(P(0), 3)));
	for (unsigned round = 0; round < 3; round++)
		for (unsigned i = 0; i < 8; i++)
			expect_done((uint64_t)i << 30 | 0x10,
			            round & 1 ? ACCESS_WRITE : ACCESS_READ, P(40 + i) + 0x10);
	assert_true(m.s.stats.reclaimed + m.s.stats.zap_all > 0);
	/* Sv48 paths take four pages: still room for one. */
	put(slot(P(40), 0), pte_make(P(0), TABLE));
	CHECK(sm_write_satp(&m, sm_satp_of(P(40), 4)));
	expect_done(0x10, ACCESS_READ, P(40) + 0x10);
}

static void test_nothing_reclaimable_zaps(void **state)
{
	(void)state;
	start(4, 64);
	/* P(1), P(2), P(3) are each linked from two entries: kept by reclaim, as is the root. */
	put(slot(P(0), 0), pte_make(P(1), TABLE));
	put(slot(P(0), 1), pte_make(P(1), TABLE));
	put(slot(P(1), 0), pte_make(P(2), TABLE));
	put(slot(P(1), 1), pte_make(P(2), TABLE));
	put(slot(P(1), 2), pte_make(P(3), TABLE));
	put(slot(P(1), 3), pte_make(P(3), TABLE));
	put(slot(P(2), 0), pte_make(P(40), RO));
	put(slot(P(3), 0), pte_make(P(41), RO));
	CHECK(sm_write_satp(&m, sm_satp_of(P(0), 3)));
	const uint64_t g = 1ull << 30, mb = 1ull << 21;
	expect_done(0, ACCESS_READ, P(40));
	expect_done(g, ACCESS_READ, P(40));
	expect_done(mb, ACCESS_READ, P(40));
	expect_done(2 * mb, ACCESS_READ, P(41));
	expect_done(g + 3 * mb, ACCESS_READ, P(41));
	assert_int_equal(pt_pool_used(&m.pool), 4);
	assert_int_equal(m.s.stats.zap_all, 0);
	/* A new root finds no page to reclaim: everything goes. */
	put(slot(P(4), 0), pte_make(P(1), TABLE));
	CHECK(sm_write_satp(&m, sm_satp_of(P(4), 3)));
	assert_int_equal(m.s.stats.zap_all, 1);
	expect_done(2 * mb, ACCESS_READ, P(41));
}

static void test_reverse_map_full_zaps(void **state)
{
	(void)state;
	start(4, 64); /* room for 4 * 32 writable leaves */
	sv39_chain();
	for (unsigned i = 0; i < 200; i++)
		put(slot(P(2), i), pte_make(P(32 + i % 32), RW));
	for (unsigned round = 0; round < 2; round++)
		for (unsigned i = 0; i < 200; i++)
			expect_done((uint64_t)i << 12 | 8 * round, ACCESS_WRITE,
			            P(32 + i % 32) + 8 * round);
	assert_true(m.s.stats.zap_all > 0);
}

static void test_loops_in_guest_tables(void **state)
{
	(void)state;
	start(16, 64);
	put(slot(P(0), 0), pte_make(P(0), TABLE)); /* the root points at itself */
	put(slot(P(0), 1), pte_make(P(40), RW));
	put(slot(P(0), 2), pte_make(P(0), RW)); /* and maps itself */
	CHECK(sm_write_satp(&m, sm_satp_of(P(0), 3)));
	expect_done(0x1000, ACCESS_WRITE, P(40));
	/* The same entry read as a 2 MiB leaf is misaligned. */
	expect_fault(1ull << 21, ACCESS_READ, EXC_LOAD_PAGE_FAULT);
	expect_done(0x2008, ACCESS_READ, P(0) + 8);
	/* Through its self-map the guest rewrites slot 1: emulated, then seen by the walk. */
	struct sm_access_result r = acc(0x2008, ACCESS_WRITE);
	assert_int_equal(r.outcome, SM_EMULATED);
	expect_fault(0x1000, ACCESS_READ, EXC_LOAD_PAGE_FAULT); /* 0x5a5a... has reserved bits */
	put(slot(P(0), 1), pte_make(P(41), RO));
	expect_done(0x1000, ACCESS_READ, P(41));
	/* Sv48 over the same loop: four levels of one frame. */
	CHECK(sm_write_satp(&m, sm_satp_of(P(0), 4)));
	expect_done(0x1000, ACCESS_READ, P(41));
	assert_int_equal(acc(0x2000, ACCESS_WRITE).outcome, SM_EMULATED);
}

static void test_outside_ram_is_access_fault(void **state)
{
	(void)state;
	start(16, 64);
	sv39_chain();
	put(slot(P(0), 3), pte_make(0x1000, TABLE));               /* a table outside RAM */
	put(slot(P(2), 7), pte_make(0x4000000000ull, RW | PTE_X)); /* a leaf outside RAM */
	put(slot(P(2), 8), pte_make(RAM_END, RW));                 /* just past RAM */
	expect_fault(3ull << 30, ACCESS_READ, EXC_LOAD_ACCESS);
	expect_fault(3ull << 30, ACCESS_WRITE, EXC_STORE_ACCESS);
	expect_fault(3ull << 30, ACCESS_EXEC, EXC_INSN_ACCESS);
	expect_fault(0x7000, ACCESS_READ, EXC_LOAD_ACCESS);
	expect_fault(0x7000, ACCESS_WRITE, EXC_STORE_ACCESS);
	expect_fault(0x7000, ACCESS_EXEC, EXC_INSN_ACCESS);
	expect_fault(0x8000, ACCESS_WRITE, EXC_STORE_ACCESS);
	/* A root outside RAM. */
	CHECK(sm_write_satp(&m, sm_satp_of(RAM_END, 4)));
	expect_fault(0, ACCESS_READ, EXC_LOAD_ACCESS);
}

static void test_user_and_supervisor_pages(void **state)
{
	(void)state;
	start(16, 64);
	sv39_chain();
	put(slot(P(2), 1), pte_make(P(41), RW | PTE_U));
	put(slot(P(2), 2), pte_make(P(42), PTE_V | PTE_X | PTE_A));
	assert_int_equal(acc_as(0x1000, ACCESS_READ, PRV_U).outcome, SM_DONE);
	/* The shadow keeps U: S-mode without SUM is refused by the hardware itself. */
	expect_fault(0x1000, ACCESS_READ, EXC_LOAD_PAGE_FAULT);
	struct sm_access_result r;
	CHECK(sm_access(&m, 0x1000, ACCESS_WRITE, PRV_S, true, false, &r));
	assert_int_equal(r.outcome, SM_DONE);
	expect_fault(0x2000, ACCESS_READ, EXC_LOAD_PAGE_FAULT);
	CHECK(sm_access(&m, 0x2000, ACCESS_READ, PRV_S, false, true, &r)); /* MXR */
	assert_int_equal(r.outcome, SM_DONE);
	assert_int_equal(acc_as(0x2000, ACCESS_EXEC, PRV_U).cause, EXC_INSN_PAGE_FAULT);
}

static void test_bare_window_drops_every_shadow(void **state)
{
	(void)state;
	start(16, 64);
	sv39_chain();
	put(slot(P(2), 1), pte_make(P(41), RW));
	expect_done(0x1000, ACCESS_WRITE, P(41));
	CHECK(sm_write_satp(&m, 0));
	assert_false(shadow_is_page_table(&m.s, P(2)));
	/* Bare: plain stores to what were page tables. */
	put(slot(P(2), 1), pte_make(P(42), RO));
	CHECK(sm_write_satp(&m, sm_satp_of(P(0), 3)));
	expect_done(0x1000, ACCESS_READ, P(42));
}

/* What random guests did, over all their seeds. */
struct totals {
	struct sm_stats st;
	uint64_t zaps, revoked, bare_zaps;
};

/* Adds every count of from to to: their fields are all uint64_t. */
static void add_stats(struct sm_stats *to, const struct sm_stats *from)
{
	uint64_t a[sizeof(*to) / sizeof(uint64_t)], b[ARRAY_SIZE(a)];

	_Static_assert(sizeof(*to) % sizeof(uint64_t) == 0, "sm_stats holds counts only");
	memcpy(a, to, sizeof(a));
	memcpy(b, from, sizeof(b));
	for (size_t i = 0; i < ARRAY_SIZE(a); i++)
		a[i] += b[i];
	memcpy(to, a, sizeof(a));
}

/* Random guests of nvcpus vCPUs: every configuration the fuzzer has, from fixed seeds. */
static struct totals random_guests(unsigned nvcpus, unsigned seeds)
{
	static const unsigned pools[] = {4, 5, 6, 8, 12, 16, 24, 32, 64};
	static const unsigned rams[] = {64, 512, 1536, SM_HUGE_RAM_PAGES};
	struct totals t = {0};

	for (unsigned seed = 1; seed <= seeds; seed++) {
		const struct sm_config c = {pools[seed % ARRAY_SIZE(pools)], rams[seed % 4], nvcpus,
		                            seed, seed % 5 == 0};
		assert_int_equal(sm_init(&m, &c), 0);
		sm_input(&m, NULL, 0, seed * 0x9e3779b97f4a7c15ull);
		if (!sm_run(&m, 2000))
			fail_msg("seed %u pool %u ram %u vcpus %u: %s", seed, c.pool_pages,
			         c.ram_pages, c.nvcpus, sm_error(&m));
		add_stats(&t.st, &m.st);
		t.zaps += m.s.stats.zap_all;
		t.revoked += m.s.stats.wp_revoked;
		t.bare_zaps += m.s.stats.bare_zaps;
		sm_fini(&m);
	}
	print_message("%u vCPU(s): accesses %llu: by the hardware %llu, fixed %llu, guest faults "
	              "%llu (%llu access), emulated %llu; PTE stores emulated %llu; zap_all %llu, "
	              "wp_revoked %llu; stale allowed %llu; remote fences %llu, switches %llu "
	              "(puts %llu), quiesces %llu; Bare stores %llu, zaps for them %llu\n",
	              nvcpus, (unsigned long long)t.st.accesses, (unsigned long long)t.st.hw_ok,
	              (unsigned long long)t.st.fixed, (unsigned long long)t.st.guest_faults,
	              (unsigned long long)t.st.access_faults, (unsigned long long)t.st.emulated,
	              (unsigned long long)t.st.emulated_stores, (unsigned long long)t.zaps,
	              (unsigned long long)t.revoked, (unsigned long long)t.st.stale_allowed,
	              (unsigned long long)t.st.rfences, (unsigned long long)t.st.switches,
	              (unsigned long long)t.st.puts, (unsigned long long)t.st.quiesces,
	              (unsigned long long)t.st.bare_stores, (unsigned long long)t.bare_zaps);
	/* The generator must reach every outcome, or the test proves little. */
	assert_true(t.st.hw_ok > t.st.accesses / 5);
	assert_true(t.st.emulated > 100 && t.st.emulated_stores > 1000 && t.zaps > 100 &&
	            t.revoked > 100 && t.st.stale_allowed > 100);
	return t;
}

static void test_random_guests(void **state)
{
	(void)state;
	random_guests(1, 200);
}

/* Two and four vCPUs: remote fences, vCPU switches and quiesces among the random operations. */
static void test_random_smp_guests(void **state)
{
	(void)state;
	for (unsigned nvcpus = 2; nvcpus <= 4; nvcpus += 2) {
		struct totals t = random_guests(nvcpus, 100);
		assert_true(t.st.rfences > 1000 && t.st.puts > 100 && t.st.quiesces > 1000);
		/* Bare vCPUs' stores beside the others' fills, and fences that must zap for them.
		 */
		assert_true(t.st.bare_stores > 1000 && t.bare_zaps > 100);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_teardown(test_leaf_table_goes_out_of_sync_until_a_fence, teardown),
	    cmocka_unit_test_teardown(test_fences_by_address_and_all, teardown),
	    cmocka_unit_test_teardown(test_upper_tables_are_emulated, teardown),
	    cmocka_unit_test_teardown(test_table_used_higher_comes_back_in_sync, teardown),
	    cmocka_unit_test_teardown(test_freed_table_reused_as_data, teardown),
	    cmocka_unit_test_teardown(test_out_of_sync_slots_are_recycled, teardown),
	    cmocka_unit_test_teardown(test_fill_prefetches_neighbours, teardown),
	    cmocka_unit_test_teardown(test_new_page_table_loses_writable_mappings, teardown),
	    cmocka_unit_test_teardown(test_dirty_bit_on_first_store, teardown),
	    cmocka_unit_test_teardown(test_superpage_split, teardown),
	    cmocka_unit_test_teardown(test_shadow_superpage_loses_write_when_table_appears,
	                              teardown),
	    cmocka_unit_test_teardown(test_shadow_gigapage, teardown),
	    cmocka_unit_test_teardown(test_misaligned_host_ram_has_no_shadow_superpages, teardown),
	    cmocka_unit_test_teardown(test_write_flood_unshadows_a_table, teardown),
	    cmocka_unit_test_teardown(test_roots_of_every_mode_on_one_frame, teardown),
	    cmocka_unit_test_teardown(test_sv57_huge_leaves_split, teardown),
	    cmocka_unit_test_teardown(test_root_cache_reuses_forgotten_slots, teardown),
	    cmocka_unit_test_teardown(test_pinned_root_is_not_unshadowed, teardown),
	    cmocka_unit_test_teardown(test_narrowing_quiesces, teardown),
	    cmocka_unit_test_teardown(test_other_vcpus_root_is_pinned_while_loaded, teardown),
	    cmocka_unit_test_teardown(test_remote_fence_syncs_the_shared_shadows, teardown),
	    cmocka_unit_test_teardown(test_bare_vcpus_stores_reach_the_others_at_a_fence, teardown),
	    cmocka_unit_test_teardown(test_pool_exhaustion_reclaims_and_continues, teardown),
	    cmocka_unit_test_teardown(test_nothing_reclaimable_zaps, teardown),
	    cmocka_unit_test_teardown(test_reverse_map_full_zaps, teardown),
	    cmocka_unit_test_teardown(test_loops_in_guest_tables, teardown),
	    cmocka_unit_test_teardown(test_outside_ram_is_access_fault, teardown),
	    cmocka_unit_test_teardown(test_user_and_supervisor_pages, teardown),
	    cmocka_unit_test_teardown(test_bare_window_drops_every_shadow, teardown),
	    cmocka_unit_test_teardown(test_random_guests, teardown),
	    cmocka_unit_test_teardown(test_random_smp_guests, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
