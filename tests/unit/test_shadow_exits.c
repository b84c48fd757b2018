/*
 * Unit tests for shadow paging's exit handlers, which need no CSR: the trapped satp accesses
 * and sfence.vma, the page-fault entry (Bare mode and paging), and the emulator of stores to
 * guest page tables, driven with trap records and registers as the hypervisor would pass them,
 * in the small guest of tests/fuzz/exit_env.c.
 */
#include "../fuzz/exit_env.c"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#define INSN_SD_A1_A0      0x00b53023u /* sd a1, 0(a0) */
#define INSN_C_SD_A1_A0    0xe10cu     /* c.sd a1, 0(a0) */
#define INSN_AMOADD_D      0x00b5362fu /* amoadd.d a2, a1, (a0) */
#define INSN_LD_A1_A0      0x00053583u /* ld a1, 0(a0) */
#define INSN_SW_A1_A0      0x00b52023u /* sw a1, 0(a0) */
#define INSN_SFENCE_ALL    0x12000073u /* sfence.vma */
#define INSN_SFENCE_A0     0x12050073u /* sfence.vma a0 */
#define INSN_SFENCE_A0_A1  0x12b50073u /* sfence.vma a0, a1 */
#define INSN_CSRRW_A2_SATP 0x18051673u /* csrrw a2, satp, a0 */
#define INSN_CSRR_A2_SATP  0x18002673u /* csrrs a2, satp, x0 */
#define INSN_CSRRCI_SATP   0x1800f673u /* csrrci a2, satp, 1 */

static int setup(void **state)
{
	(void)state;
	env_setup();
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	env_teardown();
	return 0;
}

static struct exit_outcome priv(uint32_t insn, unsigned p, bool *handled)
{
	const struct trap t = trap_of(EXC_ILLEGAL_INSN, insn, p);
	struct exit_outcome o = exit_stop("untouched");

	*handled = shadow_priv_insn(sv, &regs, &t, &o);
	return o;
}

static void test_sfence_forms(void **state)
{
	(void)state;
	bool handled;

	regs.pc = 0x100;
	regs.x[10] = 0x7000;
	regs.x[11] = 5;
	priv(INSN_SFENCE_A0, PRV_S, &handled);
	assert_true(handled);
	assert_int_equal(regs.pc, 0x104);
	assert_int_equal(sv->flush, FLUSH_VA);
	assert_int_equal(sv->flush_va, 0x7000);
	/* A second address cannot share one sfence.vma rs1: everything. */
	regs.x[10] = 0x8000;
	priv(INSN_SFENCE_A0_A1, PRV_S, &handled);
	assert_int_equal(sv->flush, FLUSH_ALL);
	sv->flush = FLUSH_NONE;
	priv(INSN_SFENCE_ALL, PRV_S, &handled);
	assert_int_equal(sv->flush, FLUSH_ALL);
	assert_int_equal(svm->cpu_stats.sfence_vma[0], 1);
	assert_int_equal(svm->cpu_stats.sfence_vma[1], 1);
	assert_int_equal(svm->cpu_stats.sfence_vma[3], 1);
	/* From U-mode it is the guest's illegal instruction. */
	regs.pc = 0x200;
	assert_false((priv(INSN_SFENCE_ALL, PRV_U, &handled), handled));
	assert_int_equal(regs.pc, 0x200);
	assert_false((priv(INSN_LD_A1_A0, PRV_S, &handled), handled));
}

static void test_satp_warl(void **state)
{
	(void)state;
	bool handled;
	const uint64_t sv57 = (SATP_MODE_SV57 << SATP_MODE_SHIFT) | (ROOT >> PAGE_SHIFT);
	const uint64_t sv48 = (SATP_MODE_SV48 << SATP_MODE_SHIFT) | (ROOT >> PAGE_SHIFT);
	const uint64_t sv64 = (11ull << SATP_MODE_SHIFT) | (ROOT >> PAGE_SHIFT);

	/* On a host with Sv39 only, Sv48 and Sv57 are not offered: satp keeps its value, and
	 * the read returns it. */
	regs.x[10] = sv57;
	priv(INSN_CSRRW_A2_SATP, PRV_S, &handled);
	assert_true(handled);
	assert_int_equal(sv->satp, 0);
	assert_int_equal(regs.x[12], 0);
	regs.x[10] = sv48;
	priv(INSN_CSRRW_A2_SATP, PRV_S, &handled);
	assert_int_equal(sv->satp, 0);
	/* Sv48 on a host with it, not Sv57 yet. */
	svm->max_levels = 4;
	priv(INSN_CSRRW_A2_SATP, PRV_S, &handled);
	assert_int_equal(sv->satp, sv48);
	assert_true(sv->reload);
	regs.x[10] = sv57;
	priv(INSN_CSRRW_A2_SATP, PRV_S, &handled);
	assert_int_equal(sv->satp, sv48);
	/* Sv57 on a host with it; the reserved mode 11 (Sv64) never. */
	svm->max_levels = 5;
	priv(INSN_CSRRW_A2_SATP, PRV_S, &handled);
	assert_int_equal(sv->satp, sv57);
	regs.x[10] = sv64;
	priv(INSN_CSRRW_A2_SATP, PRV_S, &handled);
	assert_int_equal(sv->satp, sv57);
	regs.x[10] = sv48;
	priv(INSN_CSRRW_A2_SATP, PRV_S, &handled);
	assert_int_equal(sv->satp, sv48);
	/* All 16 ASID bits are kept. */
	regs.x[10] = SATP_SV39 | (0xffffull << SATP_ASID_SHIFT);
	priv(INSN_CSRRW_A2_SATP, PRV_S, &handled);
	assert_int_equal(regs.x[12], sv48);
	assert_int_equal(sv->satp, SATP_SV39 | (0xffffull << SATP_ASID_SHIFT));
	/* csrr only reads; csrrci with a nonzero immediate writes. */
	uint64_t writes = svm->cpu_stats.satp_writes;
	priv(INSN_CSRR_A2_SATP, PRV_S, &handled);
	assert_int_equal(svm->cpu_stats.satp_writes, writes);
	assert_int_equal(regs.x[12], sv->satp);
	priv(INSN_CSRRCI_SATP, PRV_S, &handled);
	assert_int_equal(svm->cpu_stats.satp_writes, writes + 1);
	assert_int_equal(sv->satp, (SATP_SV39 | (0xffffull << SATP_ASID_SHIFT)) & ~1ull);
}

/* Leaving paging for Bare drops every shadow: Bare-mode stores bypass write protection. */
static void test_satp_bare_zaps(void **state)
{
	(void)state;
	bool handled;

	paging_on();
	uint64_t zaps = svm->core.stats.zap_all;
	regs.x[10] = 0;
	priv(INSN_CSRRW_A2_SATP, PRV_S, &handled);
	assert_int_equal(sv->satp, 0);
	assert_int_equal(svm->core.stats.zap_all, zaps + 1);
	assert_false(shadow_is_page_table(&svm->core, L0));
}

static void test_bare_faults(void **state)
{
	(void)state;
	struct pt_store st;
	struct trap t = trap_of(EXC_LOAD_PAGE_FAULT, DATA, PRV_U);

	/* U-mode on the S root, the chunk never touched: mapped in both roots, then switch. */
	struct exit_outcome o = shadow_fault_entry(sv, &t, &st);
	assert_int_equal(o.action, EXIT_RESUME);
	assert_true(sv->bare_user);
	assert_true(sv->reload);
	assert_int_equal(svm->cpu_stats.bare_maps, 1);
	hpa_t chunk;
	assert_true(pmap_find(&pm, RAM_GPA, &chunk));
	const uint64_t *s1 = phys_to_virt(pte_pa(((uint64_t *)phys_to_virt(svm->bare_root_s))[2]));
	const uint64_t *u1 = phys_to_virt(pte_pa(((uint64_t *)phys_to_virt(svm->bare_root_u))[2]));
	assert_int_equal(s1[0], pte_make(chunk, PTE_V | PTE_RWX | PTE_A | PTE_D));
	assert_int_equal(u1[0], pte_make(chunk, PTE_V | PTE_RWX | PTE_A | PTE_D | PTE_U));
	/* The same privilege, in the second chunk: mapped, and a flush of the address asked. */
	sv->reload = false;
	t = trap_of(EXC_STORE_PAGE_FAULT, RAM_GPA + CHUNK_SIZE + 8, PRV_U);
	o = shadow_fault_entry(sv, &t, &st);
	assert_int_equal(o.action, EXIT_RESUME);
	assert_false(sv->reload);
	assert_int_equal(sv->flush, FLUSH_VA);
	assert_int_equal(sv->flush_va, RAM_GPA + CHUNK_SIZE + 8);
	assert_true(pmap_find(&pm, RAM_GPA + CHUNK_SIZE, &chunk));
	assert_int_equal(u1[1], pte_make(chunk, PTE_V | PTE_RWX | PTE_A | PTE_D | PTE_U));
	/* The same privilege again, outside RAM: the access fault of a missing physical page. */
	static const struct {
		uint64_t cause, want;
	} cases[] = {{EXC_LOAD_PAGE_FAULT, EXC_LOAD_ACCESS},
	             {EXC_STORE_PAGE_FAULT, EXC_STORE_ACCESS},
	             {EXC_INSN_PAGE_FAULT, EXC_INSN_ACCESS}};
	for (unsigned i = 0; i < ARRAY_SIZE(cases); i++) {
		t = trap_of(cases[i].cause, RAM_GPA + RAM_SIZE, PRV_U);
		o = shadow_fault_entry(sv, &t, &st);
		assert_int_equal(o.action, EXIT_REFLECT);
		assert_int_equal(o.cause, cases[i].want);
		assert_int_equal(o.tval, RAM_GPA + RAM_SIZE);
	}
}

static void test_paging_faults(void **state)
{
	(void)state;
	struct pt_store st;

	paging_on();
	/* No mapping: the guest's own page fault. */
	struct trap t = trap_of(EXC_STORE_PAGE_FAULT, VA_NONE, PRV_S);
	struct exit_outcome o = shadow_fault_entry(sv, &t, &st);
	assert_int_equal(o.action, EXIT_REFLECT);
	assert_int_equal(o.cause, EXC_STORE_PAGE_FAULT);
	/* U-mode on a supervisor page. */
	t = trap_of(EXC_LOAD_PAGE_FAULT, VA_DATA, PRV_U);
	o = shadow_fault_entry(sv, &t, &st);
	assert_int_equal(o.cause, EXC_LOAD_PAGE_FAULT);
	/* A store to a guest leaf table: it goes out of sync, and the store is retried. */
	t = trap_of(EXC_STORE_PAGE_FAULT, VA_L0 + 8, PRV_S);
	o = shadow_fault_entry(sv, &t, &st);
	assert_int_equal(o.action, EXIT_RESUME);
	assert_false(st.pending);
	assert_true(shadow_is_unsync(&svm->core, L0));
}

/* insn at VA_CODE, the store's address in a0 and value in a1, a store fault at va. */
static struct exit_outcome emulate(uint32_t insn, uint64_t va, uint64_t val)
{
	const struct trap t = trap_of(EXC_STORE_PAGE_FAULT, va, PRV_S);

	memcpy(at(CODE), &insn, sizeof(insn));
	regs.pc = VA_CODE;
	regs.x[10] = va;
	regs.x[11] = val;
	/* The fault's own walk, when it found the page writable, as shadow_fault_entry passes. */
	const struct walk_req req = shadow_walk_req(sv, &t, va, ACCESS_WRITE);
	struct walk_result w;
	guest_walk(sv->vm->pm, &req, &w);
	const struct pt_store st = {true, w.gpa};
	return shadow_emulate_store(sv, &regs, &t, NULL, w.cause ? NULL : &st);
}

static void test_emulate_stores(void **state)
{
	(void)state;
	const uint64_t pte = pte_make(DATA, LEAF | PTE_R);

	paging_on();
	uint64_t before = svm->core.stats.emulated_writes;
	struct exit_outcome o = emulate(INSN_SD_A1_A0, VA_L0 + 5 * 8, pte);
	assert_int_equal(o.action, EXIT_RESUME);
	assert_int_equal(at(L0)[5], pte);
	assert_int_equal(regs.pc, VA_CODE + 4);
	o = emulate(INSN_C_SD_A1_A0, VA_L0 + 6 * 8, pte);
	assert_int_equal(o.action, EXIT_RESUME);
	assert_int_equal(at(L0)[6], pte);
	assert_int_equal(regs.pc, VA_CODE + 2);
	/* An AMO returns the old value and stores the sum. */
	regs.x[12] = 0;
	o = emulate(INSN_AMOADD_D, VA_L0 + 6 * 8, 0x10);
	assert_int_equal(at(L0)[6], pte + 0x10);
	assert_int_equal(regs.x[12], pte);
	assert_int_equal(svm->core.stats.emulated_writes, before + 3);
}

/* The shadow leaf for va: what the hardware would find under the loaded root (0 if none). */
static uint64_t shadow_leaf(uint64_t va)
{
	uint64_t table = shadow_root(&svm->core, sv->satp), e = 0;

	for (unsigned level = 3; level-- > 0; table = pte_pa(e)) {
		e = ((const uint64_t *)(uintptr_t)table)[pt_index(va, level)];
		if (!(e & PTE_V) || pte_is_leaf(e))
			return e;
	}
	return 0;
}

/* The shadow of an entry a store changed is gone: the next access takes the new entry. */
static void test_emulated_store_drops_the_shadow(void **state)
{
	(void)state;
	struct pt_store st;

	paging_on();
	assert_int_equal(pte_pa(shadow_leaf(VA_DATA)), (uint64_t)(uintptr_t)at(DATA));
	/* Point VA_DATA at the read-only page instead. */
	struct exit_outcome o = emulate(INSN_SD_A1_A0, VA_L0 + pt_index(VA_DATA, 0) * 8,
	                                pte_make(RODATA, LEAF | PTE_R));
	assert_int_equal(o.action, EXIT_RESUME);
	assert_int_equal(shadow_leaf(VA_DATA), 0);
	const struct trap t = trap_of(EXC_LOAD_PAGE_FAULT, VA_DATA, PRV_S);
	o = shadow_fault_entry(sv, &t, &st);
	assert_int_equal(o.action, EXIT_RESUME);
	assert_int_equal(pte_pa(shadow_leaf(VA_DATA)), (uint64_t)(uintptr_t)at(RODATA));
	assert_false(shadow_leaf(VA_DATA) & PTE_W);
}

static void test_emulate_faults(void **state)
{
	(void)state;

	paging_on();
	/* Not a store: the guest gets the store page fault the hardware raised. */
	struct exit_outcome o = emulate(INSN_LD_A1_A0, VA_L0, 0);
	assert_int_equal(o.action, EXIT_REFLECT);
	assert_int_equal(o.cause, EXC_STORE_PAGE_FAULT);
	assert_int_equal(o.tval, VA_L0);
	assert_int_equal(regs.pc, VA_CODE);
	/* A word across the page's end into a read-only page: the fault is the second page's,
	 * and neither page is written. */
	set_pte(L0, VA_L0 + PAGE_SIZE, 0, pte_make(RODATA, LEAF | PTE_R));
	uint64_t last = at(L0)[511];
	o = emulate(INSN_SW_A1_A0, VA_L0 + PAGE_SIZE - 2, 0xffffffff);
	assert_int_equal(o.action, EXIT_REFLECT);
	assert_int_equal(o.cause, EXC_STORE_PAGE_FAULT);
	assert_int_equal(o.tval, VA_L0 + PAGE_SIZE);
	assert_int_equal(at(L0)[511], last);
	/* The instruction's page unmapped in the guest's table, with no fence: the hardware ran
	 * it through its shadow entry (its TLB), and the emulation reads it from there. */
	set_pte(L0, VA_CODE, 0, 0);
	o = emulate(INSN_SD_A1_A0, VA_L0 + 7 * 8, 0x5678);
	assert_int_equal(o.action, EXIT_RESUME);
	assert_int_equal(at(L0)[7], 0x5678);
	/* Once the shadow forgot it too, the instruction is fetched through the guest's table:
	 * the guest gets the fault it took, and its store is not done. */
	shadow_guest_wrote(&svm->core, L0 + pt_index(VA_CODE, 0) * 8, 8);
	o = emulate(INSN_SD_A1_A0, VA_L0, 0x1234);
	assert_int_equal(o.action, EXIT_REFLECT);
	assert_int_equal(o.cause, EXC_STORE_PAGE_FAULT);
	assert_int_equal(o.tval, VA_L0);
	assert_int_equal(at(L0)[0], 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_sfence_forms, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_satp_warl, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_satp_bare_zaps, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_bare_faults, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_paging_faults, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_emulate_stores, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_emulated_store_drops_the_shadow, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_emulate_faults, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
