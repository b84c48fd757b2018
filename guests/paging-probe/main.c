/*
 * paging-probe: Sv39/Sv48/Sv57 conformance as the guest sees it, natively and under shadowvisor's
 * shadow MMU. Only what the privileged spec makes deterministic is printed: after a PTE change,
 * results are printed only after the sfence.vma the spec requires. The accesses made before
 * that fence still run (they exercise the stale paths) but their outcome goes to "info:" lines,
 * which are not compared.
 *
 * Every test starts on the kernel space (identity map of RAM, global, plus the high map) after
 * a global fence, builds its own roots and fences again before using them.
 */
#include "paging.h"

#include "csr.h"
#include "print.h"
#include "sbi.h"
#include "trap.h"

int main(unsigned long hartid, unsigned long dtb);

#define PTE_AD (PTE_A | PTE_D)

static unsigned long mega_pa;

/* A 2 MiB-aligned 2 MiB region for superpages, tagged in its first and last page. */
static unsigned long mega_region(void)
{
	if (mega_pa == 0) {
		mega_pa = alloc_pages(MEGA_SIZE / PAGE_SIZE, MEGA_SIZE);
		((table_t)mega_pa)[0] = 0x2a0;
		((table_t)(mega_pa + MEGA_SIZE - PAGE_SIZE))[0] = 0x2a1;
	}
	return mega_pa;
}

static void t_sv39(void)
{
	unsigned long data = data_page(0x39);
	unsigned long root_ppn = pa_of(kspace.root) >> 12;
	unsigned long got;

	/* All ones in the ASID field: the bits that stick are the implemented ones. */
	csr_write(satp, SATP_SV39 | (SATP_ASID_MASK << SATP_ASID_SHIFT) | root_ppn);
	got = csr_read(satp);
	say_hex("satp mode", SATP_MODE(got));
	if (SATP_MODE(got) != 8) {
		say("no Sv39");
		finish(SBI_SRST_REASON_SYS_FAILURE);
	}
	say_yes("satp ppn reads back", (got & SATP_PPN_MASK) == root_ppn);
	asid_mask = (got >> SATP_ASID_SHIFT) & SATP_ASID_MASK;
	/* The tests use ASIDs 1..7. */
	asids_ok = (asid_mask & 7) == 7;
	info_hex("asid mask", asid_mask);
	switch_fenced(&kspace);

	ld(data);
	res("load via identity map");
	ld(HI(data));
	res("load via high map");
	sd(HI(data) + 8, 0x1122334455667788);
	res_store("store via high map");
	say_hex("identity map reads", ((table_t)data)[1]);
	call(HI(pic_ret42));
	res("call via high map");
	/* stval is WARL and may hold a converted invalid address: only scause is fixed. */
	ld(0x4000000000ul);
	say_hex("non-canonical load: scause", last.cause);
	info_hex("non-canonical load: stval", last.tval);
	sd(0x8000000000000000ul, 0);
	say_hex("non-canonical store: scause", last.cause);
	info_hex("non-canonical store: stval", last.tval);
	ld(0x200000000ul);
	res("unmapped load");
	call(0x200000000ul);
	res("unmapped fetch");
}

/*
 * Switches to root in paging mode mode (a SATP_SV* value) with the given ASID, after a fence.
 * False if the hart lacks the mode: satp stays as it was (WARL), still the Sv39 kernel space.
 */
static int enter_mode(unsigned long mode, unsigned long asid, table_t root)
{
	unsigned long want = mode | ((asid & asid_mask) << SATP_ASID_SHIFT) | (pa_of(root) >> 12);
	unsigned long got;

	sfence_all();
	csr_write(satp, want);
	got = csr_read(satp);
	if (got != want) {
		info_hex("paging mode not accepted, subset skipped; satp mode", SATP_MODE(got));
		return 0;
	}
	info_hex("satp mode accepted", SATP_MODE(got));
	if (!asids_ok)
		sfence_all();
	return 1;
}

static void t_sv48(void)
{
	unsigned long data = data_page(0x48);
	table_t root = zpage(), l2_high = zpage();

	/* Sv39's root serves as Sv48's level-2 table below 512 GiB: same identity map. */
	root[0] = pte_table(kspace.root);
	root[256] = pte_table(l2_high);
	l2_high[0] = pte_table(l1_high);
	/* 512 GiB leaves: TERA_SIZE + pa -> pa, and a misaligned one. */
	root[1] = pte_leaf(0, PTE_RWAD);
	root[2] = pte_leaf(RAM_BASE, PTE_RWAD);
	if (!enter_mode(SATP_SV48, 5, root))
		return;

	ld(data);
	res("load via identity map");
	ld(HI48_BASE + (data - RAM_BASE));
	res("load via high map");
	call(HI48_BASE + ((unsigned long)pic_ret42 - RAM_BASE));
	res("call via high map");
	ld(TERA_SIZE + data);
	res("load via 512 GiB leaf");
	ld(2 * TERA_SIZE + 0x18);
	res("misaligned 512 GiB leaf load");
	ld(0x800000000000ul);
	say_hex("non-canonical load: scause", last.cause);
	info_hex("non-canonical load: stval", last.tval);
	ld(HI_BASE + 0x18);
	res("Sv39 high address load");
	switch_fenced(&kspace);
}

static void t_sv57(void)
{
	unsigned long data = data_page(0x57);
	table_t root = zpage(), l3 = zpage(), l3_high = zpage(), l2_high = zpage();

	/* Below 512 GiB Sv39's root again, now two levels down; 512 GiB and 256 TiB leaves. */
	root[0] = pte_table(l3);
	l3[0] = pte_table(kspace.root);
	l3[1] = pte_leaf(0, PTE_RWAD);
	root[1] = pte_leaf(0, PTE_RWAD);
	root[2] = pte_leaf(RAM_BASE, PTE_RWAD);
	root[256] = pte_table(l3_high);
	l3_high[0] = pte_table(l2_high);
	l2_high[0] = pte_table(l1_high);
	if (!enter_mode(SATP_SV57, 6, root))
		return;

	ld(data);
	res("Sv57: load via identity map");
	ld(HI57_BASE + (data - RAM_BASE));
	res("Sv57: load via high map");
	call(HI57_BASE + ((unsigned long)pic_ret42 - RAM_BASE));
	res("Sv57: call via high map");
	ld(TERA_SIZE + data);
	res("Sv57: load via 512 GiB leaf");
	ld(PETA_SIZE + data);
	res("Sv57: load via 256 TiB leaf");
	sd(PETA_SIZE + data + 8, 0x57);
	res_store("Sv57: store via 256 TiB leaf");
	say_hex("Sv57: stored through the alias", ((table_t)data)[1]);
	ld(2 * PETA_SIZE + 0x18);
	res("Sv57: misaligned 256 TiB leaf load");
	ld(0x800000000000ul);
	res("Sv57: load above Sv48's reach, unmapped");
	ld(HI48_BASE);
	res("Sv57: Sv48 high address load, unmapped");
	ld(0x0100000000000000ul);
	say_hex("Sv57: non-canonical load: scause", last.cause);
	info_hex("Sv57: non-canonical load: stval", last.tval);
	switch_fenced(&kspace);
}

static void t_asid(void)
{
	static const char *const with[] = {"with ASIDs: A",       "with ASIDs: B",
	                                   "with ASIDs: C",       "with ASIDs: A again",
	                                   "with ASIDs: C again", "with ASIDs: B again"};
	static const char *const without[] = {"ASID 0: A", "ASID 0: B", "ASID 0: C",
	                                      "ASID 0: A again"};
	static const int order[] = {0, 1, 2, 0, 2, 1};
	struct space s[3], z[3];

	for (int i = 0; i < 3; i++) {
		space_init(&s[i], (unsigned long)i + 1);
		s[i].l0[0] = pte_leaf(data_page(0xa510ul + (unsigned long)i), PTE_RWAD);
		space_init(&z[i], 0);
		z[i].l0[0] = pte_leaf(data_page(0xa500ul + (unsigned long)i), PTE_RWAD);
	}
	if (!asids_ok)
		info("ASIDs not retained: every switch fences");
	sfence_all();
	/* Distinct ASIDs, set up before the fence: switching needs no fence. */
	for (int k = 0; k < 6; k++) {
		switch_to(&s[order[k]]);
		ld(TW);
		res(with[k]);
	}
	/* One ASID for all: a switch reuses it, so each one is followed by a fence. */
	for (int k = 0; k < 4; k++) {
		switch_fenced(&z[k % 3]);
		ld(TW);
		res(without[k]);
	}
	csr_write(satp, z[1].satp);
	stale_load(TW, "ASID 0: B without the fence");
	sfence_all();
	ld(TW);
	res("ASID 0: B after the fence");
}

/* Remaps the test window's page 0 of s to a new frame; the unfenced load is only info. */
static void remap0(struct space *s, unsigned long tag)
{
	s->l0[0] = pte_leaf(data_page(tag), PTE_RWAD);
	stale_load(TW, "unfenced load");
}

static void t_sfence(void)
{
	struct space a, b;
	table_t l0;

	space_init(&a, 1);
	space_init(&b, 2);
	a.l0[0] = pte_leaf(data_page(0x5fa0), PTE_RWAD);
	b.l0[0] = pte_leaf(data_page(0x5fb0), PTE_RWAD);
	sfence_all();
	switch_to(&a);
	ld(TW);
	res("A before");

	remap0(&a, 0x5fa1);
	sfence_all();
	ld(TW);
	res("all: load");
	remap0(&a, 0x5fa2);
	sfence_va(TW);
	ld(TW);
	res("address: load");
	remap0(&a, 0x5fa3);
	sfence_asid(a.asid);
	ld(TW);
	res("ASID: load");
	remap0(&a, 0x5fa4);
	sfence_va_asid(TW, a.asid);
	ld(TW);
	res("address and ASID: load");
	/* A fence for another ASID need not reach A's entry. */
	a.l0[0] = pte_leaf(data_page(0x5fa6), PTE_RWAD);
	sfence_va_asid(TW, b.asid);
	stale_load(TW, "fenced for the other ASID: load");
	sfence_va_asid(TW, a.asid);
	ld(TW);
	res("address and ASID again: load");

	/* B's translation may be cached before A changes B's tables, fenced by B's ASID only. */
	switch_to(&b);
	ld(TW);
	res("B before");
	switch_to(&a);
	b.l0[0] = pte_leaf(data_page(0x5fb1), PTE_RWAD);
	sfence_asid(b.asid);
	switch_to(&b);
	ld(TW);
	res("other ASID: B load");
	switch_to(&a);
	ld(TW);
	res("other ASID: A load");
	b.l0[0] = pte_leaf(data_page(0x5fb2), PTE_RWAD);
	sfence_va_asid(TW, b.asid);
	switch_to(&b);
	ld(TW);
	res("other address and ASID: B load");
	switch_to(&a);

	/* A non-leaf change needs rs1 = x0. */
	l0 = zpage();
	l0[0] = pte_leaf(data_page(0x5fa5), PTE_RWAD);
	a.l1[0] = pte_table(l0);
	stale_load(TW, "non-leaf: unfenced load");
	sfence_asid(a.asid);
	ld(TW);
	res("non-leaf, ASID: load");
}

static void t_pte(void)
{
	struct space s;
	unsigned long code = data_page(0);

	space_init(&s, 1);
	copy_pic(code);
	s.l0[61] = pte_leaf(data_page(0x61), PTE_RWAD);
	s.l0[62] = pte_leaf(data_page(0x62), PTE_RWAD);
	s.l0[63] = pte_leaf(data_page(0x63a), PTE_RWAD);
	s.l0[64] = pte_leaf(code, PTE_R | PTE_AD);
	sfence_all();
	switch_to(&s);

	/* Invalid since the last fence and never valid since: faults for sure. */
	ld(TWP(60));
	res("invalid: load");
	sd(TWP(60), 1);
	res_store("invalid: store");
	s.l0[60] = pte_leaf(data_page(0x60), PTE_RWAD);
	stale_load(TWP(60), "map: unfenced load");
	sfence_va_asid(TWP(60), s.asid);
	ld(TWP(60));
	res("map: load");

	ld(TWP(61));
	res("valid: load");
	s.l0[61] = 0;
	stale_load(TWP(61), "unmap: unfenced load");
	sfence_va_asid(TWP(61), s.asid);
	ld(TWP(61));
	res("unmap: load");
	sd(TWP(61), 1);
	res_store("unmap: store");

	/* Unfenced stores write what the page already holds, so either outcome leaves it. */
	sd(TWP(62), 0x62a);
	res_store("RW: store");
	s.l0[62] &= ~PTE_W;
	sd(TWP(62), 0x62a);
	info_store("RW->R: unfenced store");
	sfence_va_asid(TWP(62), s.asid);
	sd(TWP(62), 0x62b);
	res_store("RW->R: store");
	ld(TWP(62));
	res("RW->R: load");
	s.l0[62] |= PTE_W;
	sd(TWP(62), 0x62a);
	info_store("R->RW: unfenced store");
	sfence_va_asid(TWP(62), s.asid);
	sd(TWP(62), 0x62c);
	res_store("R->RW: store");
	ld(TWP(62));
	res("R->RW: load");

	ld(TWP(63));
	res("remap: load before");
	s.l0[63] = pte_leaf(data_page(0x63b), PTE_RWAD);
	stale_load(TWP(63), "remap: unfenced load");
	sfence_va_asid(TWP(63), s.asid);
	ld(TWP(63));
	res("remap: load");

	call(TWP(64) + PIC_OFF(pic_ret42));
	res("R: call");
	s.l0[64] |= PTE_X;
	sfence_va_asid(TWP(64), s.asid);
	call(TWP(64) + PIC_OFF(pic_ret42));
	res("R->RX: call");
}

static void t_recursive(void)
{
	struct space s;
	/* Page 40 maps the L0 table itself: entry i is at self + 8 * i. */
	unsigned long self = TWP(40);

	space_init(&s, 1);
	s.l0[40] = pte_leaf(pa_of(s.l0), PTE_RWAD);
	sfence_all();
	switch_to(&s);

	ld(self + 40 * 8);
	say_hex("own PTE flags", last.traps ? ~0ul : last.val & PTE_LOW);
	say_yes("own PTE maps the table", last.val >> 10 == pa_of(s.l0) >> 12);
	ld(TWP(41));
	res("before: load");
	sd(self + 41 * 8, pte_leaf(data_page(0x41), PTE_RWAD));
	res_store("write PTE through the mapping");
	say_yes("identity map sees the PTE", (s.l0[41] & PTE_LOW) == (PTE_RWAD | PTE_V));
	sfence_va_asid(TWP(41), s.asid);
	ld(TWP(41));
	res("after fence: load");
	/* Unmap the table's own mapping through itself. */
	sd(self + 40 * 8, 0);
	res_store("unmap itself through itself");
	sfence_va_asid(self, s.asid);
	ld(self);
	res("after fence: load own mapping");
	ld(TWP(41));
	res("after fence: load");
}

static void t_shared(void)
{
	struct space a, b, c;
	/* sh0: one L0 linked from a's and b's L1 (at TW_MEGA(5)); sh1: one L1 linked from a's and
	 * c's root (at 4 GiB), with its own L0. */
	table_t sh0 = zpage(), sh1 = zpage(), sh1_l0 = zpage(), l0;
	const unsigned long va0 = TW_MEGA(5), va1 = 4 * GIGA_SIZE;

	space_init(&a, 1);
	space_init(&b, 2);
	space_init(&c, 3);
	a.l1[5] = b.l1[5] = pte_table(sh0);
	sh0[0] = pte_leaf(data_page(0x5a0), PTE_RWAD);
	a.root[4] = c.root[4] = pte_table(sh1);
	sh1[0] = pte_table(sh1_l0);
	sh1_l0[0] = pte_leaf(data_page(0x5a1), PTE_RWAD);
	sfence_all();

	switch_to(&a);
	ld(va0);
	res("shared L0: A load");
	switch_to(&b);
	ld(va0);
	res("shared L0: B load");
	/* Changed while in B; rs2 = x0 as the page is in several address spaces. */
	sh0[0] = pte_leaf(data_page(0x5a2), PTE_RWAD);
	sfence_va(va0);
	ld(va0);
	res("shared L0 remapped: B load");
	switch_to(&a);
	ld(va0);
	res("shared L0 remapped: A load");

	ld(va1);
	res("shared L1: A load");
	switch_to(&c);
	ld(va1);
	res("shared L1: C load");
	switch_to(&a);
	sh1_l0[0] = pte_leaf(data_page(0x5a3), PTE_RWAD);
	sfence_va(va1);
	ld(va1);
	res("shared L1 remapped: A load");
	switch_to(&c);
	ld(va1);
	res("shared L1 remapped: C load");
	/* A non-leaf entry of the shared L1, changed from C. */
	l0 = zpage();
	l0[0] = pte_leaf(data_page(0x5a4), PTE_RWAD);
	sh1[0] = pte_table(l0);
	sfence_all();
	ld(va1);
	res("shared L1 non-leaf changed: C load");
	switch_to(&a);
	ld(va1);
	res("shared L1 non-leaf changed: A load");

	sh0[0] = 0;
	sfence_va(va0);
	ld(va0);
	res("shared L0 unmapped: A load");
	switch_to(&b);
	ld(va0);
	res("shared L0 unmapped: B load");
}

static void t_superpage(void)
{
	struct space s;
	unsigned long mega = mega_region();
	const unsigned long giga_va = 3 * GIGA_SIZE + (mega - RAM_BASE);

	space_init(&s, 1);
	copy_pic(mega + PAGE_SIZE);
	s.l1[1] = pte_leaf(mega, PTE_RWAD);
	s.l1[2] = pte_leaf(mega + PAGE_SIZE, PTE_RWAD); /* PPN[0] != 0: misaligned */
	s.l1[3] = pte_leaf(mega, PTE_R | PTE_X | PTE_AD);
	s.root[3] = pte_leaf(RAM_BASE, PTE_RWAD);
	s.root[4] = pte_leaf(RAM_BASE + MEGA_SIZE, PTE_RWAD); /* PPN[1] != 0: misaligned */
	sfence_all();
	switch_to(&s);

	ld(TW_MEGA(1));
	res("2 MiB leaf: load first page");
	ld(TW_MEGA(1) + MEGA_SIZE - PAGE_SIZE);
	res("2 MiB leaf: load last page");
	sd(TW_MEGA(1) + MEGA_SIZE - PAGE_SIZE + 8, 0x2a2);
	res_store("2 MiB leaf: store");
	say_hex("identity map reads", ((table_t)(mega + MEGA_SIZE - PAGE_SIZE))[1]);
	call(TW_MEGA(3) + PAGE_SIZE + PIC_OFF(pic_ret42));
	res("2 MiB leaf: call");
	ld(giga_va);
	res("1 GiB leaf: load");
	sd(giga_va + 8, 0x2a3);
	res_store("1 GiB leaf: store");
	say_hex("identity map reads", ((table_t)mega)[1]);
	ld(TW_MEGA(2));
	res("misaligned 2 MiB leaf: load");
	sd(TW_MEGA(2) + 8, 0);
	res_store("misaligned 2 MiB leaf: store");
	call(TW_MEGA(2) + PAGE_SIZE);
	res("misaligned 2 MiB leaf: fetch");
	ld(4 * GIGA_SIZE + 0x10);
	res("misaligned 1 GiB leaf: load");
}

static void t_encoding(void)
{
	struct space s;
	unsigned long f = data_page(0xe0);
	table_t l0 = zpage();

	space_init(&s, 1);
	s.l0[0] = pte_leaf(f, PTE_RWAD);
	s.l0[1] = pte_leaf(f, PTE_W | PTE_AD);         /* W without R: reserved */
	s.l0[2] = pte_leaf(f, PTE_W | PTE_X | PTE_AD); /* the same with X */
	s.l0[3] = pte_leaf(f, 0);                      /* a pointer at level 0 */
	s.l0[4] = pte_leaf(f, PTE_RWAD) & ~PTE_V;
	s.l0[5] = pte_leaf(f, PTE_RWAD) | (1ul << 54); /* reserved for future standard use */
	s.l0[6] = pte_leaf(f, PTE_RWAD) | (1ul << 61); /* Svpbmt NC */
	s.l0[7] = pte_leaf(f, PTE_RWAD) | (1ul << 63); /* Svnapot N */
	/* Non-leaf PTEs with A, D or U, reserved there; G is not. */
	s.l1[1] = pte_table(l0) | PTE_A;
	s.l1[2] = pte_table(l0) | PTE_D;
	s.l1[3] = pte_table(l0) | PTE_U;
	s.l1[4] = pte_table(l0) | PTE_G;
	l0[0] = pte_leaf(f, PTE_RWAD);
	sfence_all();
	switch_to(&s);

	ld(TWP(0));
	res("valid leaf: load");
	ld(TWP(1));
	res("W without R: load");
	sd(TWP(1), 0);
	res_store("W without R: store");
	call(TWP(2));
	res("W and X without R: fetch");
	ld(TWP(3));
	res("pointer at level 0: load");
	ld(TWP(4));
	res("V clear, other bits set: load");
	ld(TWP(5));
	res("reserved bit 54: load");
	ld(TWP(6));
	info_res("PBMT bit 61: load");
	ld(TWP(7));
	info_res("N bit 63: load");
	ld(TW_MEGA(1));
	res("non-leaf with A: load");
	ld(TW_MEGA(2));
	res("non-leaf with D: load");
	ld(TW_MEGA(3));
	res("non-leaf with U: load");
	ld(TW_MEGA(4));
	res("non-leaf with G: load");
}

/*
 * An access to a leaf with A (or, for a store, D) clear: the hardware sets the bits (QEMU) or
 * raises a page fault for software to set them (Svade). Both are allowed, so only the
 * resulting PTE is printed and the fault is info.
 */
static void ad_access(unsigned long va, table_t pte, int store)
{
	if (store)
		sd(va, 0xad);
	else
		ld(va);
	if (last.traps == 0)
		return;
	info_res("A/D fault, set by software");
	*pte |= PTE_A | (store ? PTE_D : 0);
	sfence_va(va);
	if (store)
		sd(va, 0xad);
	else
		ld(va);
	if (last.traps != 0)
		res("A/D set by software, still");
}

static void t_ad(void)
{
	struct space s;
	unsigned long al = data_page(0xad2);
	uint64_t nonleaf[4];

	space_init(&s, 1);
	s.l0[20] = pte_leaf(data_page(0xad0), PTE_RW);
	s.l0[21] = pte_leaf(data_page(0xad1), PTE_R);
	s.l0[22] = pte_leaf(al, PTE_RW | PTE_A);
	s.l0[23] = pte_leaf(al, PTE_RW | PTE_A);
	s.l1[3] = pte_leaf(mega_region(), PTE_RW);
	nonleaf[0] = s.root[1];
	nonleaf[1] = s.root[2];
	nonleaf[2] = s.root[256];
	nonleaf[3] = s.l1[0];
	sfence_all();
	switch_to(&s);

	ad_access(TWP(20), &s.l0[20], 0);
	say_hex("after load: A/D", s.l0[20] & PTE_AD);
	ad_access(TWP(20), &s.l0[20], 1);
	say_hex("after store: A/D", s.l0[20] & PTE_AD);

	/* D is never set speculatively; A may be, so it is only info. */
	sd(TWP(21), 1);
	res_store("read-only page: store");
	say_hex("after faulting store: D", s.l0[21] & PTE_D);
	info_hex("after faulting store: A", s.l0[21] & PTE_A);
	ad_access(TWP(21), &s.l0[21], 0);
	say_hex("read-only page after load: A/D", s.l0[21] & PTE_AD);

	sd(TWP(22), 0xad3);
	res_store("alias 1: store");
	say_hex("alias 1: A/D", s.l0[22] & PTE_AD);
	say_hex("alias 2: D", s.l0[23] & PTE_D);
	ld(TWP(23));
	res("alias 2: load");
	say_hex("alias 2 after load: A/D", s.l0[23] & PTE_AD);

	ad_access(TW_MEGA(3), &s.l1[3], 0);
	say_hex("2 MiB leaf after load: A/D", s.l1[3] & PTE_AD);
	ad_access(TW_MEGA(3), &s.l1[3], 1);
	say_hex("2 MiB leaf after store: A/D", s.l1[3] & PTE_AD);

	say_yes("non-leaf PTEs unchanged", nonleaf[0] == s.root[1] && nonleaf[1] == s.root[2] &&
	                                       nonleaf[2] == s.root[256] && nonleaf[3] == s.l1[0]);
}

static void t_user(void)
{
	struct space s;
	unsigned long code = data_page(0), udata = data_page(0x5e1);
	const unsigned long u_load = TWP(11) + PIC_OFF(pic_user_load);
	const unsigned long u_store = TWP(11) + PIC_OFF(pic_user_store);

	space_init(&s, 1);
	copy_pic(code);
	s.l0[10] = pte_leaf(udata, PTE_U | PTE_RWAD);
	s.l0[11] = pte_leaf(code, PTE_U | PTE_R | PTE_X | PTE_AD);
	s.l0[12] = pte_leaf(code, PTE_X | PTE_AD); /* execute-only */
	s.l0[13] = pte_leaf(data_page(0x5e2), PTE_RWAD);
	s.l0[14] = pte_leaf(code, PTE_U | PTE_X | PTE_AD);
	s.l0[15] = pte_leaf(data_page(0x5e3), PTE_U | PTE_R | PTE_AD);
	sfence_all();
	switch_to(&s);

	ld(TWP(10));
	res("S load U page, SUM=0");
	sd(TWP(10), 0x5e4);
	res_store("S store U page, SUM=0");
	csr_set(sstatus, SSTATUS_SUM);
	ld(TWP(10));
	res("S load U page, SUM=1");
	sd(TWP(10), 0x5e4);
	res_store("S store U page, SUM=1");
	call(TWP(11) + PIC_OFF(pic_ret42));
	res("S exec U page, SUM=1");
	csr_clear(sstatus, SSTATUS_SUM);
	call(TWP(11) + PIC_OFF(pic_ret42));
	res("S exec U page, SUM=0");

	call(TWP(12) + PIC_OFF(pic_ret42));
	res("S exec execute-only page");
	ld(TWP(12));
	res("S load execute-only page, MXR=0");
	csr_set(sstatus, SSTATUS_MXR);
	ld(TWP(12));
	res("S load execute-only page, MXR=1");
	sd(TWP(12), 0);
	res_store("S store execute-only page, MXR=1");
	csr_clear(sstatus, SSTATUS_MXR);

	user(u_load, TWP(10), 0);
	res("U load U page");
	user(u_load, TWP(13), 0);
	res("U load S page");
	csr_set(sstatus, SSTATUS_SUM);
	user(u_load, TWP(13), 0);
	res("U load S page, SUM=1");
	csr_clear(sstatus, SSTATUS_SUM);
	user(u_store, TWP(15), 7);
	res("U store U read-only page");
	user(u_store, TWP(10), 0x5e5);
	res("U store U page");
	say_hex("identity map reads", ((table_t)udata)[0]);
	user(TWP(12) + PIC_OFF(pic_user_load), TWP(10), 0);
	res("U exec S page");
	user(u_load, TWP(14), 0);
	res("U load U execute-only page, MXR=0");
	csr_set(sstatus, SSTATUS_MXR);
	user(u_load, TWP(14), 0);
	res("U load U execute-only page, MXR=1");
	csr_clear(sstatus, SSTATUS_MXR);
}

static uint32_t word32(unsigned long pa)
{
	return *(volatile uint32_t *)pa;
}

static void t_cross(void)
{
	struct space s;
	/* pt: an L0 table for TW_MEGA(1), mapped writable as page 51 right after data page 50. */
	table_t pt = zpage();
	unsigned long d1 = data_page(0xc1), target = data_page(0xc2);
	unsigned long d2 = data_page(0xc3), ro = data_page(0xc4), ro2 = data_page(0xc5);
	uint64_t pte = pte_leaf(target, PTE_RWAD);

	space_init(&s, 1);
	s.l1[1] = pte_table(pt);
	s.l0[50] = pte_leaf(d1, PTE_RWAD);
	s.l0[51] = pte_leaf(pa_of(pt), PTE_RWAD);
	s.l0[52] = pte_leaf(d2, PTE_RWAD);
	s.l0[53] = pte_leaf(ro, PTE_R | PTE_AD);
	s.l0[54] = pte_leaf(ro2, PTE_R | PTE_AD);
	s.l0[55] = pte_leaf(data_page(0xc6), PTE_RWAD);
	s.l0[56] = pte_leaf(data_page(0xc7), PTE_RWAD);
	sfence_all();
	switch_to(&s);

	/* RAM is below 16 GiB: a whole PTE fits in the 4 bytes that land in the table. */
	say_yes("PTE fits in 32 bits", pte >> 32 == 0);
	ld(TW_MEGA(1));
	res("before: load");
	sd(TWP(51) - 4, (pte << 32) | 0x5a5a5a5a);
	res_store("sd across into a page table");
	say_yes("first page bytes written", word32(d1 + PAGE_SIZE - 4) == 0x5a5a5a5a);
	say_yes("PTE written", pt[0] == pte);
	say_yes("neighbours unchanged", word32(d1 + PAGE_SIZE - 8) == 0 && pt[1] == 0);
	sfence_va_asid(TW_MEGA(1), s.asid);
	ld(TW_MEGA(1));
	res("after fence: load");
	ld(TWP(51) - 4);
	say_yes("ld across reads both pages",
	        last.traps == 0 && last.val == ((pte << 32) | 0x5a5a5a5a));

	/* Second page read-only: stval is the faulting portion's address, in the second page
	 * (QEMU reports the page boundary); the first page may or may not have been written. */
	sd(TWP(53) - 4, 0x1122334455667788);
	say_hex("sd across into read-only: scause", last.cause);
	say_yes("stval in second page", last.tval >= TWP(53) && last.tval < TWP(54));
	info_hex("stval - second page", last.tval - TWP(53));
	info_hex("first page last word", word32(d2 + PAGE_SIZE - 4));
	say_yes("read-only page unchanged", ((table_t)ro)[0] == 0xc4);

	/* First page read-only: stval in the first page. */
	sd(TWP(55) - 4, 0x1122334455667788);
	say_hex("sd across from read-only: scause", last.cause);
	say_yes("stval in first page", last.tval >= TWP(54) && last.tval < TWP(55));
	info_hex("stval - store address", last.tval - (TWP(55) - 4));
	say_yes("read-only page unchanged", word32(ro2 + PAGE_SIZE - 4) == 0);

	ld(TWP(57) - 4);
	say_hex("ld across into unmapped: scause", last.cause);
	say_yes("stval in second page", last.tval >= TWP(57) && last.tval < TWP(58));
	info_hex("stval - second page", last.tval - TWP(57));
}

static void t_amo(void)
{
	struct space s;
	unsigned long f = data_page(0xa30), ro = data_page(0xa32);
	/* Page 30 maps the L0 table: the PTE of page 31 is at pte31. */
	const unsigned long pte31 = TWP(30) + 31 * 8;
	uint64_t old;

	space_init(&s, 1);
	s.l0[30] = pte_leaf(pa_of(s.l0), PTE_RWAD);
	s.l0[31] = pte_leaf(f, PTE_R | PTE_AD);
	s.l0[32] = pte_leaf(ro, PTE_R | PTE_AD);
	sfence_all();
	switch_to(&s);

	sd(TWP(31), 0xa3);
	res_store("read-only page: store");
	old = amoor(pte31, PTE_W);
	res_store("amoor.d W into the PTE");
	say_hex("old PTE flags", old & PTE_LOW);
	say_yes("PTE has W", (s.l0[31] & PTE_W) != 0);
	sfence_va_asid(TWP(31), s.asid);
	sd(TWP(31), 0xa3);
	res_store("after fence: store");
	ld(TWP(31));
	res("after fence: load");

	old = amoswap(pte31, pte_leaf(data_page(0xa31), PTE_RWAD));
	res_store("amoswap.d a new PTE");
	say_yes("old PTE maps the first frame", old >> 10 == f >> 12);
	sfence_va_asid(TWP(31), s.asid);
	ld(TWP(31));
	res("after fence: load");

	old = lrsc_clear(pte31, PTE_W);
	res_store("lr.d/sc.d clear W");
	say_hex("old PTE flags", old & PTE_LOW);
	sfence_va_asid(TWP(31), s.asid);
	sd(TWP(31), 0);
	res_store("after fence: store");

	amoadd(TWP(32), 1);
	res("amoadd.d on a read-only page");
	say_yes("read-only page unchanged", ((table_t)ro)[0] == 0xa32);
	/* The spec says store/AMO page fault; QEMU 7.2 without MTTCG does the load first. */
	amoor(TWP(33), 1);
	info_res("amoor.d on an unmapped page");
}

static void t_enable(void)
{
	/* Only the high map: the pc (identity) is not mapped, the landing pad's alias is. */
	table_t root = zpage();
	unsigned long out[3] = {0, 0, 0};
	unsigned long target;

	root[256] = pte_table(l1_high);
	target = SATP_SV39 | ((1 & asid_mask) << SATP_ASID_SHIFT) | (pa_of(root) >> 12);
	/* From Bare after a fence, no translation of the pc can be cached. */
	csr_write(satp, 0);
	sfence_all();
	enable_unmapped(target, kspace.satp, HI_BASE - RAM_BASE, out);
	say_hex("scause", out[0]);
	say_yes("stval is the pc after the satp write",
	        out[1] == (unsigned long)enable_unmapped_next);
	say_yes("sepc is the pc after the satp write",
	        out[2] == (unsigned long)enable_unmapped_next);
}

static const struct test {
	const char *name;
	void (*fn)(void);
} tests[] = {
    {"sv39", t_sv39},
    {"sv48", t_sv48},
    {"sv57", t_sv57},
    {"asid", t_asid},
    {"sfence", t_sfence},
    {"pte", t_pte},
    {"recursive", t_recursive},
    {"shared", t_shared},
    {"superpage", t_superpage},
    {"encoding", t_encoding},
    {"ad", t_ad},
    {"user", t_user},
    {"cross", t_cross},
    {"amo", t_amo},
    {"enable", t_enable},
    {"lazy-store", t_lazy_store},
    {"lazy-shared", t_lazy_shared},
    {"lazy-freed", t_lazy_freed},
    {"lazy-many", t_lazy_many},
    {"lazy-nonleaf", t_lazy_nonleaf},
    {"lazy-nofence", t_lazy_nofence},
};

/* The kernel mappings every root links: identity (global) and high map, 2 MiB leaves. */
static void build_kernel_space(void)
{
	l1_identity = zpage();
	l1_high = zpage();
	for (unsigned long i = 0; i < MEGAS_RAM; i++) {
		unsigned long pa = RAM_BASE + i * MEGA_SIZE;

		l1_identity[i] = pte_leaf(pa, PTE_RWAD | PTE_X | PTE_G);
		l1_high[i] = pte_leaf(pa, PTE_RWAD | PTE_X);
	}
	asid_mask = SATP_ASID_MASK;
	space_init(&kspace, 0);
}

int main(unsigned long hartid, unsigned long dtb)
{
	(void)hartid;
	(void)dtb;
	csr_write(stvec, (unsigned long)trap_vector);
	print_str("paging-probe: start\n");
	build_kernel_space();
	for (unsigned long i = 0; i < sizeof(tests) / sizeof(tests[0]); i++) {
		test_name = tests[i].name;
		/* sv39 turns paging on; the others start from the kernel space. */
		if (i != 0)
			switch_fenced(&kspace);
		tests[i].fn();
	}
	test_name = "paging-probe";
	print_str("paging-probe: done\n");
	finish(SBI_SRST_REASON_NONE);
}
