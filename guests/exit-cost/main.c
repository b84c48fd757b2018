/*
 * exit-cost: what each common exit costs the hypervisor, one kind at a time, read from its
 * counters extension (include/sbi/counters.h) around a loop of N identical operations: the
 * exits per operation and the hypervisor instructions per operation (exact under QEMU -icount).
 * Natively (OpenSBI) there are no counters and every line says so. One line per kind:
 *   exit-cost: KIND exits=E.EE hv_insns=N
 *
 * The kinds: an sfence.vma by address, a satp write to a root the shadow already has, a shadow
 * fill (a first touch of a page the guest maps), a reflected guest page fault, an SBI
 * set_timer, a 2 MiB region remapped (an emulated store to an upper-level table, a fence by
 * ASID and a refill), and a leaf PTE store followed by the sfence.vma that makes it visible
 * (the out-of-sync path).
 */
#include <stdint.h>

#include "csr.h"
#include "print.h"
#include "sbi.h"
#include "sbi/counters.h"
#include "trap.h"

#define N          256
#define PAGE       4096ul
#define RAM_BASE   0x80000000ul
#define WINDOW     0x40000000ul /* root index 1: this guest's test window */
#define PTE_V      1ul
#define PTE_R      2ul
#define PTE_W      4ul
#define PTE_X      8ul
#define PTE_G      0x20ul
#define PTE_AD     0xc0ul
#define PTE_RWAD   (PTE_R | PTE_W | PTE_AD)
#define SATP_SV39  (8ul << 60)
#define ASID_SHIFT 44

extern char __bss_end[];
int main(unsigned long hartid, unsigned long dtb);

static volatile unsigned long faults;

/* Page faults at a load (4 bytes, uncompressed) are the measured ones: skip the load. */
void trap_handler(struct trap_regs *regs)
{
	unsigned long cause = csr_read(scause);

	if (cause == 13) {
		faults = faults + 1;
		csr_write(sepc, csr_read(sepc) + 4);
		return;
	}
	print_str("exit-cost: unexpected scause ");
	print_hex(cause);
	print_str("\n");
	(void)regs;
	sbi_system_reset(SBI_SRST_TYPE_SHUTDOWN, SBI_SRST_REASON_SYS_FAILURE);
}

static unsigned long next_page;

static volatile unsigned long *zpage(void)
{
	volatile unsigned long *p = (volatile unsigned long *)next_page;

	next_page += PAGE;
	for (unsigned i = 0; i < PAGE / 8; i++)
		p[i] = 0;
	return p;
}

static unsigned long pte(volatile unsigned long *table_or_page, unsigned long flags)
{
	return (((unsigned long)table_or_page >> 12) << 10) | flags | PTE_V;
}

/* An address space: RAM identity-mapped by global 1 GiB leaves, and a window of L1 and L0. */
struct space {
	volatile unsigned long *root, *l1, *l0;
	unsigned long satp;
};

static void space_init(struct space *s, unsigned long asid)
{
	s->root = zpage();
	s->l1 = zpage();
	s->l0 = zpage();
	for (unsigned long g = 2; g < 4; g++)
		s->root[g] = ((g << 30) >> 2) | PTE_RWAD | PTE_X | PTE_G | PTE_V;
	s->root[1] = pte(s->l1, 0);
	s->l1[0] = pte(s->l0, 0);
	s->satp = SATP_SV39 | (asid << ASID_SHIFT) | ((unsigned long)s->root >> 12);
}

static long counter(unsigned long which)
{
	struct sbiret r = sbi_call(SBI_EXT_SV_COUNTERS, SV_FID_READ, which, 0, 0, 0, 0, 0);
	return r.error ? -1 : r.value;
}

static long start_exits, start_insns, empty_exits, empty_insns;

static void begin(void)
{
	start_exits = counter(SV_CTR_EXITS);
	start_insns = counter(SV_CTR_HV_INSNS);
}

/* The counter reads between the two snapshots, as an empty measurement shows them. */
static void calibrate(void)
{
	begin();
	empty_exits = counter(SV_CTR_EXITS) - start_exits;
	empty_insns = counter(SV_CTR_HV_INSNS) - start_insns;
}

static void end(const char *kind)
{
	long exits = counter(SV_CTR_EXITS) - start_exits - empty_exits;
	long insns = counter(SV_CTR_HV_INSNS) - start_insns - empty_insns;

	print_str("exit-cost: ");
	print_str(kind);
	if (start_exits < 0) {
		print_str(" exits=na hv_insns=na\n");
		return;
	}
	long e100 = exits * 100 / N;
	print_str(" exits=");
	print_udec((unsigned long)e100 / 100);
	print_str(".");
	print_udec((unsigned long)e100 / 10 % 10);
	print_udec((unsigned long)e100 % 10);
	print_str(" hv_insns=");
	print_udec((unsigned long)(insns > 0 ? insns : 0) / N);
	print_str("\n");
}

static unsigned long ld(unsigned long va)
{
	unsigned long v;

	__asm__ volatile(".option push\n.option norvc\nld %0, 0(%1)\n.option pop"
	                 : "=r"(v)
	                 : "r"(va)
	                 : "memory");
	return v;
}

static void sfence_va(unsigned long va)
{
	__asm__ volatile("sfence.vma %0, zero" ::"r"(va) : "memory");
}

int main(unsigned long hartid, unsigned long dtb)
{
	struct space a, b;
	(void)hartid;
	(void)dtb;

	csr_write(stvec, (unsigned long)trap_vector);
	next_page = ((unsigned long)__bss_end + PAGE - 1) & ~(PAGE - 1);
	space_init(&a, 1);
	space_init(&b, 2);
	/* Window pages: 0..N-1 mapped (for fills, 8 apart so prefetch fills none of them), page
	 * 4095 mapped (for sfence and the out-of-sync path), the rest unmapped. */
	volatile unsigned long *l0s[N / 64];
	for (unsigned i = 0; i < N / 64; i++) {
		l0s[i] = zpage();
		a.l1[1 + i] = pte(l0s[i], 0);
		for (unsigned j = 0; j < 64; j++)
			l0s[i][j * 8] = pte(zpage(), PTE_RWAD);
	}
	volatile unsigned long *data = zpage();
	a.l0[0] = pte(data, PTE_RWAD);
	b.l0[0] = pte(data, PTE_RWAD);
	__asm__ volatile("sfence.vma" ::: "memory");
	csr_write(satp, a.satp);
	__asm__ volatile("sfence.vma" ::: "memory");
	ld(WINDOW);
	csr_write(satp, b.satp);
	ld(WINDOW);
	csr_write(satp, a.satp);
	print_str("exit-cost: start\n");
	calibrate();

	begin();
	for (unsigned i = 0; i < N; i++)
		sfence_va(WINDOW);
	end("sfence-va");

	begin();
	for (unsigned i = 0; i < N / 2; i++) {
		csr_write(satp, b.satp);
		csr_write(satp, a.satp);
	}
	end("satp-switch");

	begin();
	for (unsigned i = 0; i < N; i++)
		ld(WINDOW + (1ul << 21) * (1 + i / 64) + (i % 64) * 8 * PAGE);
	end("shadow-fill");

	begin();
	for (unsigned i = 0; i < N; i++)
		ld(WINDOW + 0x1000);
	end("reflected-fault");

	begin();
	for (unsigned i = 0; i < N; i++)
		sbi_set_timer(~0ul);
	end("set-timer");

	/* A 2 MiB region remapped to another leaf table: the store to the window's L1 (a table of
	 * a live shadow) is emulated, the fence drops what it mapped, the load refills. */
	begin();
	for (unsigned i = 0; i < N; i++) {
		a.l1[100] = pte(l0s[i & 1], 0);
		__asm__ volatile("sfence.vma zero, %0" ::"r"(1ul) : "memory");
		ld(WINDOW + (100ul << 21) + 8 * PAGE * (i & 63));
	}
	end("upper-table-remap");

	/* A leaf PTE store, then the fence by address that must show it. */
	begin();
	for (unsigned i = 0; i < N; i++) {
		a.l0[1] = pte(data, i & 1 ? PTE_RWAD : PTE_R | PTE_AD);
		sfence_va(WINDOW + PAGE);
	}
	end("leaf-store-fence");

	print_str("exit-cost: done faults=");
	print_udec(faults);
	print_str("\n");
	sbi_system_reset(SBI_SRST_TYPE_SHUTDOWN, SBI_SRST_REASON_NONE);
	return 0;
}
