/*
 * paging-probe environment: the page allocator, address spaces, the trap handler that steps
 * over faulting probes, and the output helpers.
 */
#include "paging.h"

#include "csr.h"
#include "print.h"
#include "sbi.h"
#include "trap.h"

extern char __bss_end[];

volatile struct outcome last;
unsigned long asid_mask;
int asids_ok;
table_t l1_identity, l1_high;
struct space kspace;
const char *test_name = "paging-probe";

static unsigned long next_free;
/* Set while a probe runs: any other trap is a failure. */
static volatile int armed;

void __attribute__((noreturn)) finish(unsigned long reason)
{
	sbi_system_reset(SBI_SRST_TYPE_SHUTDOWN, reason);
	for (;;)
		wfi();
}

static int in_probes(unsigned long pc)
{
	return pc >= (unsigned long)probes_start && pc < (unsigned long)probes_end;
}

static void __attribute__((noreturn))
unexpected(unsigned long cause, unsigned long epc, unsigned long tval)
{
	print_str("trap: unexpected scause ");
	print_hex(cause);
	print_str(" sepc ");
	print_hex(epc);
	print_str(" stval ");
	print_hex(tval);
	print_str("\n");
	finish(SBI_SRST_REASON_SYS_FAILURE);
}

void trap_handler(struct trap_regs *regs)
{
	unsigned long cause = csr_read(scause);
	unsigned long tval = csr_read(stval);
	unsigned long epc = csr_read(sepc);
	int from_user = !(csr_read(sstatus) & SSTATUS_SPP);

	if (!armed || (cause & SCAUSE_INTERRUPT))
		unexpected(cause, epc, tval);
	if (from_user) {
		/* Back to S-mode, after the call to enter_user; an ecall hands back a0. */
		last.val = regs->a0;
		csr_set(sstatus, SSTATUS_SPP);
		csr_write(sepc, regs->ra);
	} else if (cause == EXC_FETCH_PAGE || cause == EXC_FETCH_ACCESS) {
		/* A fetch fault at a probe_call target: resume after its jalr. */
		if (!in_probes(regs->ra))
			unexpected(cause, epc, tval);
		csr_write(sepc, regs->ra);
	} else if (in_probes(epc)) {
		csr_write(sepc, epc + 4);
	} else {
		unexpected(cause, epc, tval);
	}
	if (last.traps == 0) {
		last.cause = cause;
		last.tval = tval;
		last.user = (unsigned long)from_user;
	}
	last.traps = last.traps + 1;
}

static void arm(void)
{
	last.traps = last.cause = last.tval = last.user = last.val = 0;
	armed = 1;
}

unsigned long ld(unsigned long va)
{
	arm();
	last.val = probe_ld(va);
	armed = 0;
	return last.val;
}

void sd(unsigned long va, unsigned long val)
{
	arm();
	probe_sd(va, val);
	armed = 0;
}

unsigned long amoor(unsigned long va, unsigned long bits)
{
	arm();
	last.val = probe_amoor(va, bits);
	armed = 0;
	return last.val;
}

unsigned long amoswap(unsigned long va, unsigned long val)
{
	arm();
	last.val = probe_amoswap(va, val);
	armed = 0;
	return last.val;
}

unsigned long amoadd(unsigned long va, unsigned long val)
{
	arm();
	last.val = probe_amoadd(va, val);
	armed = 0;
	return last.val;
}

unsigned long lrsc_clear(unsigned long va, unsigned long bits)
{
	arm();
	last.val = probe_lrsc_clear(va, bits);
	armed = 0;
	return last.val;
}

unsigned long call(unsigned long pc)
{
	arm();
	last.val = probe_call(pc);
	armed = 0;
	return last.val;
}

/* Runs pc in U-mode; whatever it does ends in a trap, whose a0 (for an ecall) is returned. */
unsigned long user(unsigned long pc, unsigned long arg, unsigned long arg2)
{
	arm();
	enter_user(pc, arg, arg2);
	armed = 0;
	return last.val;
}

unsigned long alloc_pages(unsigned long n, unsigned long align)
{
	unsigned long pa;

	if (next_free == 0)
		next_free = ((unsigned long)__bss_end + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1);
	pa = (next_free + align - 1) & ~(align - 1);
	if (pa + n * PAGE_SIZE > RAM_END) {
		print_str("paging-probe: out of memory\n");
		finish(SBI_SRST_REASON_SYS_FAILURE);
	}
	next_free = pa + n * PAGE_SIZE;
	return pa;
}

/* A zeroed page, through the identity map (or Bare mode): pa == va. */
table_t zpage(void)
{
	table_t t = (table_t)alloc_pages(1, PAGE_SIZE);

	for (int i = 0; i < PTES; i++)
		t[i] = 0;
	return t;
}

/* A zeroed frame with tag in its first doubleword. */
unsigned long data_page(unsigned long tag)
{
	table_t t = zpage();

	t[0] = tag;
	return (unsigned long)t;
}

unsigned long pa_of(table_t t)
{
	return (unsigned long)t;
}

uint64_t pte_leaf(unsigned long pa, unsigned long flags)
{
	return ((pa >> 12) << 10) | flags | PTE_V;
}

uint64_t pte_table(table_t t)
{
	return ((pa_of(t) >> 12) << 10) | PTE_V;
}

/* Identity map and high map shared by every root; a fresh test window. */
void space_init(struct space *s, unsigned long asid)
{
	s->root = zpage();
	s->l1 = zpage();
	s->l0 = zpage();
	s->root[1] = pte_table(s->l1);
	s->root[2] = pte_table(l1_identity);
	s->root[256] = pte_table(l1_high);
	s->l1[0] = pte_table(s->l0);
	s->asid = asid & asid_mask;
	s->satp = SATP_SV39 | (s->asid << SATP_ASID_SHIFT) | (pa_of(s->root) >> 12);
}

/* With working ASIDs each space has its own and a switch needs no fence; without, every
 * space shares ASID 0 and the spec requires one after the write. */
void switch_to(const struct space *s)
{
	csr_write(satp, s->satp);
	if (!asids_ok)
		sfence_all();
}

void switch_fenced(const struct space *s)
{
	csr_write(satp, s->satp);
	sfence_all();
}

/* Code written through the data side is fetched only after a fence.i. */
void copy_pic(unsigned long pa)
{
	volatile uint32_t *dst = (volatile uint32_t *)pa;
	const volatile uint32_t *src = (const volatile uint32_t *)pic_start;
	unsigned long n = ((unsigned long)pic_end - (unsigned long)pic_start) / 4;

	for (unsigned long i = 0; i < n; i++)
		dst[i] = src[i];
	fence_i();
}

/* Unfenced access after a PTE change: its outcome is not specified, only shown as info. */
void stale_load(unsigned long va, const char *what)
{
	ld(va);
	info_res(what);
}

void fence_i(void)
{
	__asm__ volatile("fence.i" : : : "memory");
}

void sfence_all(void)
{
	__asm__ volatile("sfence.vma" : : : "memory");
}

void sfence_va(unsigned long va)
{
	__asm__ volatile("sfence.vma %0" : : "r"(va) : "memory");
}

void sfence_asid(unsigned long asid)
{
	__asm__ volatile("sfence.vma zero, %0" : : "r"(asid) : "memory");
}

void sfence_va_asid(unsigned long va, unsigned long asid)
{
	__asm__ volatile("sfence.vma %0, %1" : : "r"(va), "r"(asid) : "memory");
}

static void outcome(int show_val)
{
	if (last.traps != 0) {
		print_str(" scause ");
		print_hex(last.cause);
		print_str(" stval ");
		print_hex(last.tval);
		if (last.user)
			print_str(" from U");
		if (last.cause == EXC_ECALL_U) {
			print_str(" a0 ");
			print_hex(last.val);
		}
		if (last.traps != 1) {
			print_str(" traps ");
			print_udec(last.traps);
		}
	} else if (show_val) {
		print_str(" -> ");
		print_hex(last.val);
	} else {
		print_str(" ok");
	}
	print_str("\n");
}

static void prefix(const char *what)
{
	print_str(test_name);
	print_str(": ");
	print_str(what);
}

void res(const char *what)
{
	prefix(what);
	outcome(1);
}

void res_store(const char *what)
{
	prefix(what);
	outcome(0);
}

void say(const char *what)
{
	prefix(what);
	print_str("\n");
}

void say_hex(const char *what, unsigned long v)
{
	prefix(what);
	print_str(" ");
	print_hex(v);
	print_str("\n");
}

void say_yes(const char *what, int cond)
{
	prefix(what);
	print_str(cond ? " yes\n" : " no\n");
}

void info(const char *what)
{
	print_str("info: ");
	prefix(what);
	print_str("\n");
}

void info_hex(const char *what, unsigned long v)
{
	print_str("info: ");
	prefix(what);
	print_str(" ");
	print_hex(v);
	print_str("\n");
}

/* Outcomes the spec leaves open (a stale TLB entry may be used or not). */
void info_res(const char *what)
{
	print_str("info: ");
	prefix(what);
	outcome(1);
}

void info_store(const char *what)
{
	print_str("info: ");
	prefix(what);
	outcome(0);
}
