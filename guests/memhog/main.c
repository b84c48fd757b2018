/*
 * memhog: touches all of its RAM, then checks that it kept it. In Bare mode it stores a
 * pattern word in every page from the end of its image upwards, until the store access fault
 * that marks the end of RAM, then reads every page back, again and again, for CHECK_SECONDS.
 * A VM beside it that runs the machine out of memory must not change any of it. It prints
 * what it touched and whether it was all intact, and shuts down with the result.
 */
#include "csr.h"
#include "print.h"
#include "sbi.h"
#include "trap.h"

#define PAGE                4096ul
#define CHECK_SECONDS       3ul
#define SCAUSE_STORE_ACCESS 7ul

int main(unsigned long hartid, unsigned long dtb);

extern char __bss_end[];
static volatile unsigned long ram_end;

static unsigned long pattern(unsigned long page)
{
	return page * 0x9e3779b97f4a7c15ul ^ 0x5a5a5a5a5a5a5a5aul;
}

/* The first store past RAM ends the touching: note where, and skip the store. */
void trap_handler(struct trap_regs *regs)
{
	(void)regs;
	unsigned long cause = csr_read(scause), pc = csr_read(sepc);

	if (cause != SCAUSE_STORE_ACCESS || ram_end) {
		print_str("memhog: unexpected trap, scause ");
		print_hex(cause);
		print_str("\n");
		sbi_system_reset(SBI_SRST_TYPE_SHUTDOWN, SBI_SRST_REASON_SYS_FAILURE);
	}
	ram_end = csr_read(stval);
	csr_write(sepc, pc + ((*(const unsigned short *)pc & 3) == 3 ? 4 : 2));
}

int main(unsigned long hartid, unsigned long dtb)
{
	(void)hartid;
	(void)dtb;
	unsigned long first = ((unsigned long)__bss_end + PAGE - 1) & ~(PAGE - 1), page;

	csr_write(stvec, (unsigned long)trap_vector);
	print_str("memhog: start\n");
	for (page = first; !ram_end; page += PAGE)
		*(volatile unsigned long *)page = pattern(page);
	print_str("memhog: touched ");
	print_udec((ram_end - first) / PAGE);
	print_str(" pages\n");
	unsigned long rounds = 0, freq = 10000000ul; /* QEMU virt's timebase */
	unsigned long until = csr_read(time) + CHECK_SECONDS * freq;
	do {
		for (page = first; page < ram_end; page += PAGE)
			if (*(volatile unsigned long *)page != pattern(page)) {
				print_str("memhog: page ");
				print_hex(page);
				print_str(" changed\n");
				sbi_system_reset(SBI_SRST_TYPE_SHUTDOWN,
				                 SBI_SRST_REASON_SYS_FAILURE);
			}
		rounds++;
	} while (csr_read(time) < until);
	print_str("memhog: all pages intact after ");
	print_udec(rounds);
	print_str(" rounds\n");
	sbi_system_reset(SBI_SRST_TYPE_SHUTDOWN, SBI_SRST_REASON_NONE);
	return 0;
}
