/*
 * A small guest for shadow paging's exit handlers (mmu/shadow_fault.c, mmu/shadow_emulate.c),
 * shared by tests/unit/test_shadow_exits.c and the emulator's fuzzer: 4 MiB of RAM, an Sv39
 * tree root -> L1 -> L0 in pages 1-3, and in L0 the code page (VA 0x1000, R X), a window onto
 * L0 itself (VA 0x2000, R W: a store there is a PTE store), plain data (VA 0x3000, R W),
 * read-only data (VA 0x4000) and nothing at VA 0x5000. Included, like shadow_model.c.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lib/util.h"
#include "mm/pmap.h"
#include "guest_ram.h"
#include "mm/pt_pool.h"
#include "mmu/pt.h"
#include "mmu/pte.h"
#include "mmu/shadow.h"

#define RAM_GPA    0x80000000ull
#define RAM_SIZE   (4 * MiB)
#define POOL_PAGES 32
#define G(n)       (RAM_GPA + (uint64_t)(n)*PAGE_SIZE)
#define ROOT       G(1)
#define L1         G(2)
#define L0         G(3)
#define CODE       G(10)
#define DATA       G(11)
#define RODATA     G(12)
#define VA_CODE    0x1000ull
#define VA_L0      0x2000ull
#define VA_DATA    0x3000ull
#define VA_RODATA  0x4000ull
#define VA_NONE    0x5000ull
#define SATP_SV39  ((SATP_MODE_SV39 << SATP_MODE_SHIFT) | (ROOT >> PAGE_SHIFT))
#define LEAF       (PTE_V | PTE_A | PTE_D)
#define USED_PAGES 16 /* all of the above lies in the first pages */

static uint8_t *ram, *pool_mem, *meta;
static struct pmap pm;
static struct guest_ram guest_ram;
static struct pt_pool pool;
static struct shadow_vm *svm;
static struct shadow_vcpu *sv;
static struct trap_frame regs;

static uint64_t *at(uint64_t gpa)
{
	return (uint64_t *)(ram + (gpa - RAM_GPA));
}

static void set_pte(uint64_t table, uint64_t va, unsigned level, uint64_t pte)
{
	at(table)[pt_index(va, level)] = pte;
}

/* The guest anew in the memory env_setup took: only the pages it uses are cleared. */
static void env_reset(void)
{
	memset(ram, 0, USED_PAGES * PAGE_SIZE);
	memset(svm, 0, sizeof(*svm) + sizeof(struct shadow_vcpu));
	if (guest_ram_init(&guest_ram, &pm, RAM_GPA, ram, RAM_SIZE) < 0)
		abort();
	pt_pool_init(&pool, (uint64_t)(uintptr_t)pool_mem, POOL_PAGES);
	shadow_init(&svm->core, &pm, &pool, meta);
	svm->pm = &pm;
	/* As mmu/shadow.c: tables made, no leaf until touched. */
	svm->bare_root_s = pt_pool_alloc(&pool);
	svm->bare_root_u = pt_pool_alloc(&pool);
	if (pt_prepare(&pool, svm->bare_root_s, BARE_LEVELS, RAM_GPA, RAM_SIZE, 1) < 0 ||
	    pt_prepare(&pool, svm->bare_root_u, BARE_LEVELS, RAM_GPA, RAM_SIZE, 1) < 0)
		abort();
	svm->max_levels = PT_LEVELS_MIN; /* a host with Sv39 only */
	svm->nvcpus = 1;
	sv = &svm->vcpu[0];
	sv->vm = svm;
	set_pte(ROOT, 0, 2, pte_make(L1, PTE_V));
	set_pte(L1, 0, 1, pte_make(L0, PTE_V));
	set_pte(L0, VA_CODE, 0, pte_make(CODE, LEAF | PTE_R | PTE_X));
	set_pte(L0, VA_L0, 0, pte_make(L0, LEAF | PTE_R | PTE_W));
	set_pte(L0, VA_DATA, 0, pte_make(DATA, LEAF | PTE_R | PTE_W));
	set_pte(L0, VA_RODATA, 0, pte_make(RODATA, LEAF | PTE_R));
	memset(&regs, 0, sizeof(regs));
}

/* A fresh guest: its RAM, tables, pool and shadow core; no shadow yet, satp Bare. */
static void env_setup(void)
{
	ram = aligned_alloc(2 * MiB, RAM_SIZE);
	pool_mem = aligned_alloc(PAGE_SIZE, POOL_PAGES * PAGE_SIZE);
	meta = aligned_alloc(8, align_up(shadow_meta_size(POOL_PAGES, RAM_SIZE >> PAGE_SHIFT), 8));
	svm = calloc(1, sizeof(*svm) + sizeof(struct shadow_vcpu));
	if (!ram || !pool_mem || !meta || !svm)
		abort();
	memset(ram, 0, RAM_SIZE);
	env_reset();
}

static void env_teardown(void)
{
	free(ram);
	free(pool_mem);
	free(meta);
	free(svm);
}

static struct trap trap_of(uint64_t cause, uint64_t tval, unsigned priv)
{
	return (struct trap){
	    .cause = cause, .tval = tval, .status = (uint64_t)priv << MSTATUS_MPP_SHIFT};
}

/* The guest runs with its Sv39 tree, whose tables have shadows (a read fills them). */
static void paging_on(void)
{
	const struct trap t = trap_of(EXC_LOAD_PAGE_FAULT, VA_DATA, PRV_S);
	struct pt_store st;

	sv->satp = SATP_SV39;
	hpa_t root = shadow_root(&svm->core, sv->satp);
	struct exit_outcome o = shadow_fault_entry(sv, &t, &st);
	if (!root || o.action != EXIT_RESUME || st.pending || !shadow_is_page_table(&svm->core, L0))
		abort();
}
