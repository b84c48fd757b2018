/*
 * hostile: tries every way out of its VM and counts violations, for a bounded number of
 * rounds chosen at random (xorshift; the seed is printed): loads, stores, AMOs and jumps to
 * guest-physical addresses outside its RAM and to devices, in Bare mode and through page
 * tables that name them at every level (leaves and tables); a page table that maps itself, and
 * a recursive root entry, written through the hypervisor's store emulation; SBI DBCN calls
 * given such memory. Every access must fault and every call must fail; anything else is a
 * violation. It expects 64 MiB of RAM at 0x80000000.
 */
#include <stdint.h>

#include "csr.h"
#include "print.h"
#include "probes.h"
#include "sbi.h"
#include "trap.h"

#define ROUNDS    4000
#define RAM_BASE  0x80000000ul
#define RAM_END   0x84000000ul
#define PAGE      4096ul
#define PTE_V     1ul
#define PTE_R     2ul
#define PTE_W     4ul
#define PTE_X     8ul
#define PTE_AD    0xc0ul
#define SATP_SV39 (8ul << 60)
#define WINDOW    0x40000000ul /* root index 1: the attack window */
/* Root index 3 points back at the root: this VA range reaches root[1]'s target as a leaf. */
#define RECURSIVE (0xc0000000ul + (1ul << 21))

typedef volatile uint64_t *table_t;

extern char __bss_end[];
int main(unsigned long hartid, unsigned long dtb);

static volatile int armed;
static volatile unsigned long faults;
static unsigned long attempts, violations, rng;
static table_t root, t1, t0;

static void fail(const char *why, unsigned long v)
{
	print_str("hostile: ");
	print_str(why);
	print_str(" ");
	print_hex(v);
	print_str("\n");
	sbi_system_reset(SBI_SRST_TYPE_SHUTDOWN, SBI_SRST_REASON_SYS_FAILURE);
}

void trap_handler(struct trap_regs *regs)
{
	unsigned long epc = csr_read(sepc), cause = csr_read(scause);

	if (!armed || (cause & SCAUSE_INTERRUPT))
		fail("unexpected trap, scause", cause);
	faults++;
	if (epc >= (unsigned long)probes_start && epc < (unsigned long)probes_end)
		csr_write(sepc, epc + 4);
	else
		csr_write(sepc, regs->ra); /* a fetch fault at a probe_call target */
}

static unsigned long rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static int in_ram(unsigned long pa, unsigned long size)
{
	return pa < RAM_END && pa + size > RAM_BASE;
}

/* A physical range of `size` (a power of two, aligned) that is not this VM's RAM. */
static unsigned long outside(unsigned long size)
{
	static const unsigned long devices[] = {0x0,        0x100000,   0x101000,
	                                        0x2000000,  0x2004000,  0xc000000,
	                                        0x10000000, 0x10001000, 0x30000000};
	for (;;) {
		unsigned long r = rnd(), pa;
		switch (r % 4) {
		case 0:
			pa = devices[(r >> 8) % (sizeof(devices) / sizeof(devices[0]))];
			break;
		case 1:
			pa = RAM_END +
			     ((r >> 8) & 0xfffffff); /* just above: where a neighbour may be */
			break;
		case 2:
			pa = RAM_BASE - 8 - ((r >> 8) & 0xffffff);
			break;
		default:
			pa = (r >> 8) & ((1ul << 56) - 1);
		}
		pa &= ~(size - 1);
		if (!in_ram(pa, size))
			return pa;
	}
}

/* Every access must fault: count the ones that did not. */
static void expect_fault(int kind, unsigned long va)
{
	unsigned long before = faults;

	armed = 1;
	switch (kind % 4) {
	case 0:
		probe_ld(va);
		break;
	case 1:
		probe_sd(va, rnd());
		break;
	case 2:
		probe_amoswap(va, rnd());
		break;
	default:
		probe_call(va);
	}
	armed = 0;
	attempts++;
	if (faults == before) {
		violations++;
		print_str("hostile: VIOLATION at ");
		print_hex(va);
		print_str("\n");
	}
}

static void sfence(void)
{
	__asm__ volatile("sfence.vma" ::: "memory");
}

static unsigned long pte(unsigned long pa, unsigned long flags)
{
	return ((pa >> 12) << 10) | flags | PTE_V;
}

/* Random permissions, sometimes reserved ones (W without R): all must fault anyway. */
static unsigned long perms(void)
{
	unsigned long rwx = (rnd() & 7) << 1;

	return (rwx ? rwx : PTE_R) | (rnd() & PTE_AD);
}

static table_t zpage(unsigned long *next)
{
	table_t t = (table_t)*next;

	*next += PAGE;
	for (int i = 0; i < 512; i++)
		t[i] = 0;
	return t;
}

/* Paging on: RAM identity-mapped by a 1 GiB leaf (root[2]), root[3] recursive. */
static void paging_on(void)
{
	root[1] = pte((unsigned long)t1, 0);
	t1[0] = pte((unsigned long)t0, 0);
	root[2] = pte(RAM_BASE, PTE_R | PTE_W | PTE_X | PTE_AD);
	root[3] = pte((unsigned long)root, 0);
	csr_write(satp, SATP_SV39 | ((unsigned long)root >> 12));
	sfence();
}

/* A leaf outside RAM at a random level of the window; every access in it must fault. */
static void leaf_attack(void)
{
	unsigned level = rnd() % 3;
	unsigned long size = 1ul << (12 + 9 * level), pa = outside(size);
	unsigned long off = rnd() & (size - 1) & ~7ul;

	if (level == 2) {
		root[1] = pte(pa, perms());
	} else {
		root[1] = pte((unsigned long)t1, 0);
		if (level == 1) {
			t1[0] = pte(pa, perms());
		} else {
			t1[0] = pte((unsigned long)t0, 0);
			t0[0] = pte(pa, perms());
		}
	}
	sfence();
	expect_fault(rnd(), WINDOW + off);
	expect_fault(rnd(), RECURSIVE + (rnd() & 0x1ffff8));
}

/* A table pointer outside RAM: the walk itself must fault. */
static void table_attack(void)
{
	if (rnd() & 1) {
		root[1] = pte(outside(PAGE), 0);
	} else {
		root[1] = pte((unsigned long)t1, 0);
		t1[0] = pte(outside(PAGE), 0);
	}
	sfence();
	expect_fault(rnd(), WINDOW + (rnd() & 0x1ffff8));
}

/*
 * The window maps the root itself, writable: a store through it rewrites root[1], the entry
 * that maps the window, to name memory outside RAM. The next access must fault.
 */
static void self_map_attack(void)
{
	root[1] = pte((unsigned long)t1, 0);
	t1[0] = pte((unsigned long)t0, 0);
	t0[0] = pte((unsigned long)root, PTE_R | PTE_W | PTE_AD);
	sfence();
	unsigned long target = pte(outside(1ul << 30), perms());
	armed = 1;
	if (rnd() & 1)
		probe_sd(WINDOW + 8, target);
	else
		probe_amoswap(WINDOW + 8, target);
	armed = 0;
	sfence();
	if (root[1] == target)
		expect_fault(rnd(), WINDOW + (rnd() & 0x3ffffff8));
}

/* Bare mode reaches physical memory directly: outside RAM it must fault. */
static void bare_attack(void)
{
	csr_write(satp, 0);
	expect_fault(rnd(), outside(PAGE) + (rnd() & (PAGE - 8)));
	paging_on();
}

/* SBI calls that take memory: DBCN given buffers outside RAM, or running off its end. */
static void sbi_attack(void)
{
	unsigned long len = 1 + (rnd() & 0xffff), base;

	base = rnd() & 1 ? outside(PAGE) : RAM_END - (len / 2 + 1);
	struct sbiret r =
	    sbi_call(SBI_EXT_DBCN, rnd() & 1, len, base, rnd() & 3 ? 0 : rnd(), 0, 0, 0);
	attempts++;
	if (r.error == SBI_SUCCESS) {
		violations++;
		print_str("hostile: VIOLATION: DBCN accepted buffer ");
		print_hex(base);
		print_str("\n");
	}
}

int main(unsigned long hartid, unsigned long dtb)
{
	(void)hartid;
	(void)dtb;
	unsigned long next = ((unsigned long)__bss_end + PAGE - 1) & ~(PAGE - 1);

	csr_write(stvec, (unsigned long)trap_vector);
	rng = csr_read(time) | 1;
	print_str("hostile: start, seed ");
	print_hex(rng);
	print_str("\n");
	root = zpage(&next);
	t1 = zpage(&next);
	t0 = zpage(&next);
	paging_on();
	for (unsigned round = 0; round < ROUNDS; round++) {
		switch (rnd() % 5) {
		case 0:
			leaf_attack();
			break;
		case 1:
			table_attack();
			break;
		case 2:
			self_map_attack();
			break;
		case 3:
			bare_attack();
			break;
		default:
			sbi_attack();
		}
	}
	print_str("hostile: attempts ");
	print_udec(attempts);
	print_str(" violations ");
	print_udec(violations);
	print_str("\nhostile: done\n");
	sbi_system_reset(SBI_SRST_TYPE_SHUTDOWN,
	                 violations ? SBI_SRST_REASON_SYS_FAILURE : SBI_SRST_REASON_NONE);
	return 0;
}
