/*
 * libFuzzer target for the emulator of guest stores to page tables (mmu/shadow_emulate.c), which
 * reads a hostile guest's instruction, registers and page tables. In the guest of exit_env.c,
 * the input picks the instruction, the registers (some pointing into the guest's pages, near
 * their edges), the permissions of the page after L0's window, the privilege, SUM, MXR and the
 * FPU. Checked: nothing outside the guest is touched (ASan), a reflected fault leaves guest
 * memory as it was but for A and D bits, and a completed store moves the pc past it and leaves
 * the shadows consistent with the guest (no writable shadow leaf over a page table).
 */
#include "exit_env.c"

#include <stddef.h>
#include <stdio.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct input {
	const uint8_t *p;
	size_t left;
};

static uint64_t take(struct input *in, unsigned n)
{
	uint64_t v = 0;

	for (unsigned i = 0; i < n && in->left; i++, in->left--)
		v |= (uint64_t)*in->p++ << (8 * i);
	return v;
}

/* Bytes that differ in anything but A and D of a PTE-aligned word are a real write. */
static bool only_ad_changed(const uint8_t *before)
{
	const uint64_t *a = (const uint64_t *)(const void *)before;
	const uint64_t *b = (const uint64_t *)(const void *)ram;

	for (size_t i = 0; i < USED_PAGES * PAGE_SIZE / 8; i++)
		if ((a[i] ^ b[i]) & ~(uint64_t)(PTE_A | PTE_D))
			return false;
	return true;
}

/* No writable shadow leaf below table may map a frame the guest uses as a page table. */
static bool shadow_protects_tables(uint64_t table, unsigned level)
{
	const uint64_t *e = (const uint64_t *)(uintptr_t)table;

	for (unsigned i = 0; i < PT_ENTRIES; i++) {
		if (!(e[i] & PTE_V))
			continue;
		if (!pte_is_leaf(e[i])) {
			if (level == 0 || !shadow_protects_tables(pte_pa(e[i]), level - 1))
				return false;
			continue;
		}
		uint64_t gpa = pte_pa(e[i]) - (uint64_t)(uintptr_t)ram + RAM_GPA;
		for (uint64_t off = 0; (e[i] & PTE_W) && off < pt_level_size(level);
		     off += PAGE_SIZE)
			if (shadow_is_page_table(&svm->core, gpa + off))
				return false;
	}
	return true;
}

static const uint64_t pages[] = {VA_CODE, VA_L0, VA_DATA, VA_RODATA, VA_NONE};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static uint8_t before[USED_PAGES * PAGE_SIZE];
	static bool ready;
	struct input in = {data, size};
	uint64_t fp[FPREGS_WORDS];

	if (!ready) { /* once: every input then starts from env_reset */
		env_setup();
		atexit(env_teardown);
		ready = true;
	}
	env_reset();
	paging_on();
	uint32_t insn = (uint32_t)take(&in, 4);
	uint8_t flags = (uint8_t)take(&in, 1);
	set_pte(L0, VA_L0 + PAGE_SIZE, 0, pte_make(DATA, (take(&in, 1) & 0xfe) | PTE_V));
	memcpy(at(CODE), &insn, sizeof(insn));
	for (unsigned r = 1; r < 32; r++) {
		uint64_t sel = take(&in, 1);
		regs.x[r] = sel & 0x80
		                ? pages[sel % ARRAY_SIZE(pages)] + (take(&in, 2) & 0x1fff) - 8
		                : take(&in, 8);
	}
	for (unsigned i = 0; i < FPREGS_WORDS; i++)
		fp[i] = take(&in, 1) * 0x0101010101010101ull;
	regs.pc = VA_CODE;
	const struct trap t = {
	    .cause = EXC_STORE_PAGE_FAULT,
	    .tval = regs.x[10],
	    .status = ((uint64_t)(flags & 1 ? PRV_U : PRV_S) << MSTATUS_MPP_SHIFT) |
	              (flags & 2 ? MSTATUS_SUM : 0) | (flags & 4 ? MSTATUS_MXR : 0),
	};
	memcpy(before, ram, sizeof(before));

	struct exit_outcome o = shadow_emulate_store(sv, &regs, &t, flags & 8 ? fp : NULL);

	if (o.action == EXIT_REFLECT && !only_ad_changed(before)) {
		fprintf(stderr, "emulate_fuzz: insn %#x reflected cause %llu but wrote memory\n",
		        insn, (unsigned long long)o.cause);
		abort();
	}
	if (o.action == EXIT_RESUME && regs.pc != VA_CODE + 2 && regs.pc != VA_CODE + 4) {
		fprintf(stderr, "emulate_fuzz: insn %#x completed with pc %#llx\n", insn,
		        (unsigned long long)regs.pc);
		abort();
	}
	if (o.action == EXIT_STOP ||
	    !shadow_protects_tables(shadow_root(&svm->core, sv->satp), 2)) {
		fprintf(stderr, "emulate_fuzz: insn %#x left a writable shadow of a page table\n",
		        insn);
		abort();
	}
	return 0;
}
