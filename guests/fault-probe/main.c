/*
 * fault-probe: what a guest gets when it touches what it does not have, and what it gets from
 * the privileged instructions the hypervisor emulates. Run with 64 MiB of RAM natively and
 * under shadowvisor: 0x88000000 is then outside RAM in both.
 */
#include <stdint.h>

#include "csr.h"
#include "print.h"
#include "sbi.h"
#include "trap.h"

#define OUTSIDE_RAM 0x88000000ul
#define FAR_AWAY    0x100000000000ul
#define SSTATUS_SPP (1ul << 8)
#define EXC_ECALL_U 8

unsigned long probe_load(unsigned long addr);
void probe_store(unsigned long addr);
void probe_jump(unsigned long addr);
unsigned long probe_illegal(void);
void probe_ebreak(void);
unsigned long probe_satp_read(void);
void probe_sfence(unsigned long va, unsigned long asid);
void enter_user(void (*pc)(void), unsigned long arg);
void user_ecall(void);
void user_load(void);
int main(unsigned long hartid, unsigned long dtb);

extern char _start[], __text_end[];

static volatile unsigned long traps, last_cause, last_tval, last_epc, last_from_user;

void trap_handler(struct trap_regs *regs)
{
	unsigned long sepc = csr_read(sepc);
	unsigned long sstatus = csr_read(sstatus);

	traps = traps + 1;
	last_cause = csr_read(scause);
	last_tval = csr_read(stval);
	last_epc = sepc;
	last_from_user = !(sstatus & SSTATUS_SPP);
	if (last_from_user) {
		/* Back to S-mode, after the call to enter_user. */
		csr_set(sstatus, SSTATUS_SPP);
		csr_write(sepc, regs->ra);
	} else if (sepc >= (unsigned long)_start && sepc < (unsigned long)__text_end) {
		csr_write(sepc, sepc + 4);
	} else {
		/* A fetch fault at a jump target: resume where probe_jump was called from. */
		csr_write(sepc, regs->ra);
	}
}

static void report(const char *what)
{
	print_str(what);
	print_str(" traps ");
	print_udec(traps);
	print_str(" scause ");
	print_hex(last_cause);
	print_str(" stval ");
	print_hex(last_tval);
	print_str(" from ");
	print_str(last_from_user ? "U" : "S");
	print_str("\n");
	traps = 0;
	last_cause = last_tval = last_epc = last_from_user = 0;
}

int main(unsigned long hartid, unsigned long dtb)
{
	(void)hartid;
	(void)dtb;
	csr_write(stvec, (unsigned long)trap_vector);
	print_str("fault-probe: start\n");

	probe_load(OUTSIDE_RAM);
	report("load: outside RAM");
	probe_store(OUTSIDE_RAM);
	report("store: outside RAM");
	probe_load(FAR_AWAY);
	report("load: far away");
	probe_jump(OUTSIDE_RAM);
	print_str(last_epc == OUTSIDE_RAM ? "fetch: sepc is the target\n"
	                                  : "fetch: sepc elsewhere\n");
	report("fetch: outside RAM");

	probe_illegal();
	report("illegal: csrr mscratch");
	probe_ebreak();
	report("breakpoint: ebreak");

	print_str("satp: bare reads ");
	print_hex(probe_satp_read());
	print_str("\n");
	probe_sfence(0x80200000ul, 1);
	report("sfence: four forms");

	enter_user(user_ecall, 0);
	report("user: ecall");
	enter_user(user_load, (unsigned long)main);
	report("user: load own RAM");
	enter_user(user_load, OUTSIDE_RAM);
	report("user: load outside RAM");

	print_str("fault-probe: done\n");
	sbi_system_reset(SBI_SRST_TYPE_SHUTDOWN, SBI_SRST_REASON_NONE);
	for (;;)
		wfi();
}
