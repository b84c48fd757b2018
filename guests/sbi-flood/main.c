/*
 * sbi-flood: SBI calls as fast as the guest can make them, for a few seconds, then a clean
 * shutdown. The hypervisor must throttle it, and every call must still be answered right.
 */
#include "csr.h"
#include "print.h"
#include "sbi.h"
#include "trap.h"

#define SECONDS 3

int main(unsigned long hartid, unsigned long dtb);

void trap_handler(struct trap_regs *regs)
{
	(void)regs;
	print_str("sbi-flood: unexpected trap\n");
	sbi_system_reset(SBI_SRST_TYPE_SHUTDOWN, SBI_SRST_REASON_SYS_FAILURE);
}

int main(unsigned long hartid, unsigned long dtb)
{
	(void)hartid;
	(void)dtb;
	unsigned long end = csr_read(time) + SECONDS * 10000000ul; /* QEMU virt: 10 MHz */
	unsigned long calls = 0, wrong = 0;

	csr_write(stvec, (unsigned long)trap_vector);
	print_str("sbi-flood: start\n");
	while (csr_read(time) < end) {
		struct sbiret r =
		    sbi_call(SBI_EXT_BASE, SBI_BASE_GET_SPEC_VERSION, 0, 0, 0, 0, 0, 0);
		wrong += r.error != SBI_SUCCESS || r.value != 0x2000000;
		calls++;
	}
	print_str("sbi-flood: calls ");
	print_udec(calls);
	print_str(" wrong answers ");
	print_udec(wrong);
	print_str("\nsbi-flood: done\n");
	sbi_system_reset(SBI_SRST_TYPE_SHUTDOWN,
	                 wrong ? SBI_SRST_REASON_SYS_FAILURE : SBI_SRST_REASON_NONE);
	return 0;
}
