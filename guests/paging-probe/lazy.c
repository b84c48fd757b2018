/*
 * paging-probe: what a guest may rely on when its PTE stores are seen lazily, as a shadow MMU
 * with out-of-sync tables (or a TLB) sees them: nothing before the sfence.vma that covers the
 * store, everything after it. Outcomes before that fence are "info:" lines only.
 */
#include "paging.h"

#include "csr.h"

/* Stores, each seen only at the fence that covers it. */
void t_lazy_store(void)
{
	struct space s;

	space_init(&s, 1);
	for (unsigned long i = 70; i < 74; i++)
		s.l0[i] = pte_leaf(data_page(0x700 + i), PTE_RWAD);
	sfence_all();
	switch_to(&s);
	for (unsigned long i = 70; i < 74; i++)
		ld(TWP(i));
	res("loads before");

	/* Two tables' worth of stores, no fence: neither is covered yet. */
	s.l0[70] = pte_leaf(data_page(0x7a0), PTE_RWAD);
	stale_load(TWP(70), "remapped, unfenced: load");
	s.l0[71] = pte_leaf(data_page(0x7a1), PTE_RWAD);
	stale_load(TWP(71), "second remapped, unfenced: load");
	sfence_va_asid(TWP(70), s.asid);
	ld(TWP(70));
	res("fenced by its address: load");
	stale_load(TWP(71), "the other, fenced by another address: load");
	sfence_asid(s.asid);
	ld(TWP(71));
	res("the other, fenced by ASID: load");

	/* Several values between fences: the last one counts. */
	s.l0[72] = pte_leaf(data_page(0x7b0), PTE_RWAD);
	s.l0[72] = 0;
	s.l0[72] = pte_leaf(data_page(0x7b1), PTE_R | PTE_A);
	sfence_va(TWP(72));
	ld(TWP(72));
	res("three stores, one fence: load");
	sd(TWP(72), 1);
	res_store("three stores, one fence: store");

	/* Unmapped without a fence, then a fence for all. */
	s.l0[73] = 0;
	stale_load(TWP(73), "unmapped, unfenced: load");
	sfence_all();
	ld(TWP(73));
	res("unmapped, fenced: load");
}

/* A satp whose Sv48 root reaches s's tables through s's Sv39 root, below 512 GiB. */
static unsigned long sv48_over(const struct space *s, unsigned long asid)
{
	table_t root = zpage();

	root[0] = pte_table(s->root);
	return SATP_SV48 | ((asid & asid_mask) << SATP_ASID_SHIFT) | (pa_of(root) >> 12);
}

/* One leaf table in three address spaces (two Sv39, one Sv48), changed from one of them. */
void t_lazy_shared(void)
{
	struct space a, b;
	const unsigned long va = TWP(80);
	unsigned long s48, got;

	space_init(&a, 1);
	space_init(&b, 2);
	b.l1[0] = a.l1[0]; /* b's window uses a's leaf table */
	a.l0[80] = pte_leaf(data_page(0x800), PTE_RWAD);
	s48 = sv48_over(&a, 3);
	sfence_all();
	switch_to(&a);
	ld(va);
	res("A load");
	switch_to(&b);
	ld(va);
	res("B load");
	csr_write(satp, s48);
	got = csr_read(satp);
	if (got == s48) {
		if (!asids_ok)
			sfence_all();
		ld(va);
		res("Sv48 load");
	} else {
		info("no Sv48: that space is skipped");
	}

	switch_to(&a);
	a.l0[80] = pte_leaf(data_page(0x801), PTE_RWAD);
	sfence_va_asid(va, a.asid);
	ld(va);
	res("changed in A, fenced for A: A load");
	switch_to(&b);
	if (asids_ok)
		stale_load(va, "not fenced for B: B load");
	sfence_va_asid(va, b.asid);
	ld(va);
	res("fenced for B: B load");

	a.l0[80] = pte_leaf(data_page(0x802), PTE_R | PTE_A);
	sfence_va(va);
	ld(va);
	res("changed in B, fenced for all: B load");
	if (got == s48) {
		csr_write(satp, s48);
		if (!asids_ok)
			sfence_all();
		ld(va);
		res("fenced for all: Sv48 load");
		sd(va, 2);
		res_store("fenced for all: Sv48 store");
	}
	switch_to(&a);
	ld(va);
	res("fenced for all: A load");
}

/* A leaf table unlinked, written as data (some of it shaped like PTEs), then a table again. */
void t_lazy_freed(void)
{
	struct space s;
	table_t t = zpage();
	const unsigned long va = TW_MEGA(1);

	space_init(&s, 1);
	s.l1[1] = pte_table(t);
	t[0] = pte_leaf(data_page(0xf00), PTE_RWAD);
	sfence_all();
	switch_to(&s);
	ld(va);
	res("table: load");
	t[1] = pte_leaf(data_page(0xf01), PTE_RWAD);
	stale_load(va + PAGE_SIZE, "store to the table, unfenced: load");

	s.l1[1] = 0;
	sfence_asid(s.asid);
	ld(va);
	res("unlinked: load");
	for (unsigned long i = 0; i < PTES; i++)
		t[i] = (i & 1) ? pte_leaf(data_page(0xf10 + i), PTE_RWAD) : 0x5a5a0000 + i;
	sfence_all();
	ld(va);
	res("written as data, fenced: load");
	ld(va + PAGE_SIZE);
	res("written as data, fenced: load of a PTE-shaped slot");
	say_yes("data reads back", t[2] == 0x5a5a0002 && (t[5] & PTE_V));

	for (unsigned long i = 0; i < PTES; i++)
		t[i] = 0;
	t[0] = pte_leaf(data_page(0xf02), PTE_RWAD);
	s.l1[1] = pte_table(t);
	sfence_asid(s.asid);
	ld(va);
	res("a table again: load");
	ld(va + PAGE_SIZE);
	res("a table again: load of an empty slot");
}

#define MANY 96

/* More leaf tables changed between two fences than a shadow keeps out of sync at once. */
void t_lazy_many(void)
{
	struct space s;
	table_t t[MANY];
	unsigned long tag[MANY], ok = 0;

	space_init(&s, 1);
	for (unsigned long i = 0; i < MANY; i++) {
		t[i] = zpage();
		s.l1[8 + i] = pte_table(t[i]);
		t[i][3] = pte_leaf(data_page(0x9000 + i), PTE_RWAD);
	}
	sfence_all();
	switch_to(&s);
	for (unsigned long i = 0; i < MANY; i++)
		ok += ld(TW_MEGA(8 + i) + 3 * PAGE_SIZE) == 0x9000 + i && last.traps == 0;
	say_yes("every table: load", ok == MANY);

	for (unsigned long i = 0; i < MANY; i++) {
		tag[i] = 0x9100 + i;
		t[i][3] = pte_leaf(data_page(tag[i]), PTE_RWAD);
		t[i][4] = pte_leaf(data_page(tag[i] + 0x100), PTE_RWAD);
	}
	sfence_asid(s.asid);
	ok = 0;
	for (unsigned long i = 0; i < MANY; i++) {
		ok += ld(TW_MEGA(8 + i) + 3 * PAGE_SIZE) == tag[i] && last.traps == 0;
		ok += ld(TW_MEGA(8 + i) + 4 * PAGE_SIZE) == tag[i] + 0x100 && last.traps == 0;
	}
	say_yes("every table changed, fenced by ASID: loads", ok == 2 * MANY);

	/* One by one, each fenced by its address. */
	ok = 0;
	for (unsigned long i = 0; i < MANY; i++) {
		t[i][3] = 0;
		sfence_va_asid(TW_MEGA(8 + i) + 3 * PAGE_SIZE, s.asid);
		ld(TW_MEGA(8 + i) + 3 * PAGE_SIZE);
		ok += last.traps == 1 && last.cause == EXC_LOAD_PAGE;
	}
	say_yes("every table unmapped, fenced by address: loads fault", ok == MANY);

	/* Out of sync when the guest turns paging off (every shadow goes), changed again there. */
	for (unsigned long i = 0; i < MANY; i++)
		t[i][5] = pte_leaf(data_page(tag[i] + 0x200), PTE_RWAD);
	csr_write(satp, 0);
	for (unsigned long i = 0; i < MANY; i++)
		t[i][6] = pte_leaf(data_page(tag[i] + 0x300), PTE_RWAD);
	switch_fenced(&s);
	ok = 0;
	for (unsigned long i = 0; i < MANY; i++) {
		ok += ld(TW_MEGA(8 + i) + 5 * PAGE_SIZE) == tag[i] + 0x200 && last.traps == 0;
		ok += ld(TW_MEGA(8 + i) + 6 * PAGE_SIZE) == tag[i] + 0x300 && last.traps == 0;
	}
	say_yes("changed before and during a Bare window, fenced: loads", ok == 2 * MANY);
}

/* A non-leaf change fenced by address only: the spec does not order it, a fence by ASID does. */
void t_lazy_nonleaf(void)
{
	struct space s;
	table_t l0 = zpage();

	space_init(&s, 1);
	s.l0[0] = pte_leaf(data_page(0xe00), PTE_RWAD);
	l0[0] = pte_leaf(data_page(0xe01), PTE_RWAD);
	sfence_all();
	switch_to(&s);
	ld(TW);
	res("before: load");
	s.l1[0] = pte_table(l0);
	sfence_va_asid(TW, s.asid);
	stale_load(TW, "non-leaf changed, fenced by address: load");
	sfence_asid(s.asid);
	ld(TW);
	res("non-leaf changed, fenced by ASID: load");
}

/* A guest that never fences after its first: any value the PTE has held since may be used. */
void t_lazy_nofence(void)
{
	struct space s;
	unsigned long f[2] = {data_page(0xb0), data_page(0xb1)}, ok = 0, fresh = 0;

	space_init(&s, 1);
	s.l0[90] = pte_leaf(f[0], PTE_RWAD);
	sfence_all();
	switch_to(&s);
	for (unsigned long i = 1; i <= 200; i++) {
		s.l0[90] = pte_leaf(f[i & 1], PTE_RWAD);
		unsigned long v = ld(TWP(90));
		ok += last.traps == 0 && (v == 0xb0 || v == 0xb1);
		fresh += last.traps == 0 && v == 0xb0 + (i & 1);
	}
	say_yes("every unfenced load used a frame the PTE named", ok == 200);
	info_hex("unfenced loads that saw the latest store", fresh);
	sfence_va(TWP(90));
	ld(TWP(90));
	res("fenced at last: load");
}
