/*
 * as-storm: thousands of address spaces, each its own root table, visited twice in turn. More
 * roots than the hypervisor's root cache and more shadow pages than its pool: every visit must
 * still translate right. Each root maps the guest's RAM with a 1 GiB leaf at two addresses
 * (identity for the code, a window at 0x40000000 for the data) plus, in its own 4 KiB leaf
 * table, one page that only this address space sees.
 */
#include <stdint.h>

#include "csr.h"
#include "print.h"
#include "sbi.h"
#include "trap.h"

#define SPACES     1500
#define PAGE       4096ul
#define RAM_BASE   0x80000000ul
#define WINDOW     0x40000000ul
#define PRIVATE_VA 0xc0000000ul /* level-2 index 3: the per-space leaf table */
#define PTE_V      1ul
#define PTE_RWX    0xeul
#define PTE_AD     0xc0ul
#define SATP_SV39  (8ul << 60)

extern char __bss_end[];
int main(unsigned long hartid, unsigned long dtb);

void trap_handler(struct trap_regs *regs)
{
	(void)regs;
	print_str("trap: unexpected scause ");
	print_hex(csr_read(scause));
	print_str(" stval ");
	print_hex(csr_read(stval));
	print_str("\n");
	sbi_system_reset(SBI_SRST_TYPE_SHUTDOWN, SBI_SRST_REASON_SYS_FAILURE);
}

static unsigned long next_page;

static unsigned long *alloc_page(void)
{
	unsigned long *p = (unsigned long *)next_page;

	next_page += PAGE;
	for (unsigned i = 0; i < PAGE / 8; i++)
		p[i] = 0;
	return p;
}

static unsigned long pte(unsigned long pa, unsigned long flags)
{
	return ((pa >> 12) << 10) | flags | PTE_V;
}

int main(unsigned long hartid, unsigned long dtb)
{
	static unsigned long roots[SPACES];
	(void)hartid;
	(void)dtb;
	csr_write(stvec, (unsigned long)trap_vector);
	print_str("as-storm: start\n");
	next_page = ((unsigned long)__bss_end + PAGE - 1) & ~(PAGE - 1);

	/* Space i: its private page holds i * 3 + 1; the shared window shows RAM. */
	for (unsigned i = 0; i < SPACES; i++) {
		unsigned long *root = alloc_page(), *leaf = alloc_page(), *data = alloc_page();
		data[0] = i * 3ul + 1;
		root[2] = pte(RAM_BASE, PTE_RWX | PTE_AD); /* identity, 1 GiB */
		root[1] = pte(RAM_BASE, PTE_RWX | PTE_AD); /* window, 1 GiB */
		unsigned long *l1 = alloc_page();          /* the private page's own path */
		root[3] = pte((unsigned long)l1, 0);
		l1[0] = pte((unsigned long)leaf, 0);
		leaf[0] = pte((unsigned long)data, PTE_RWX | PTE_AD);
		roots[i] = SATP_SV39 | ((unsigned long)root >> 12);
	}
	print_str("as-storm: built ");
	print_udec(SPACES);
	print_str(" address spaces\n");

	unsigned long bad = 0, sum = 0;
	for (unsigned round = 0; round < 2; round++) {
		for (unsigned i = 0; i < SPACES; i++) {
			csr_write(satp, roots[i]);
			__asm__ volatile("sfence.vma" ::: "memory");
			unsigned long mine = *(volatile unsigned long *)PRIVATE_VA;
			/* The root reads itself through the window: its identity entry. */
			unsigned long root_off = (roots[i] << 12) - (RAM_BASE | (SATP_SV39 << 12));
			unsigned long shared = *(volatile unsigned long *)(WINDOW + root_off + 16);
			if (mine != i * 3ul + 1 || shared != pte(RAM_BASE, PTE_RWX | PTE_AD))
				bad++;
			sum += mine;
		}
	}
	csr_write(satp, 0);
	__asm__ volatile("sfence.vma" ::: "memory");
	print_str("as-storm: wrong translations ");
	print_udec(bad);
	print_str("\nas-storm: checksum ");
	print_udec(sum);
	print_str("\nas-storm: done\n");
	sbi_system_reset(SBI_SRST_TYPE_SHUTDOWN, SBI_SRST_REASON_NONE);
	for (;;)
		wfi();
}
