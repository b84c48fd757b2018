/*
 * spinner: a guest that stops answering. It arms its timer, enables the timer interrupt and
 * then spins forever in S-mode with interrupts off. The hypervisor must stop it (and only it).
 */
#include "csr.h"
#include "print.h"
#include "sbi.h"
#include "trap.h"

int main(unsigned long hartid, unsigned long dtb);

void trap_handler(struct trap_regs *regs)
{
	(void)regs;
	print_str("spinner: unexpected trap\n");
}

int main(unsigned long hartid, unsigned long dtb)
{
	(void)hartid;
	(void)dtb;
	print_str("spinner: start\n");
	csr_write(stvec, (unsigned long)trap_vector);
	csr_clear(sstatus, SSTATUS_SIE);
	csr_set(sie, SIE_STIE);
	sbi_set_timer(csr_read(time) + 1000);
	print_str("spinner: spinning with interrupts off\n");
	for (;;)
		__asm__ volatile("" ::: "memory");
}
