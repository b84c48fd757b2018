/* The panic path: everything a developer needs to find the bug, then a failing exit. */
#include "core/panic.h"

#include <stdarg.h>

#include "arch/csr.h"
#include "arch/guest.h"
#include "dev/poweroff.h"
#include "lib/printk.h"

#define HV_EXIT_PANIC 1

static const char *const reg_names[32] = {
    "zero", "ra", "sp", "gp", "tp",  "t0",  "t1", "t2", "s0", "s1", "a0",
    "a1",   "a2", "a3", "a4", "a5",  "a6",  "a7", "s2", "s3", "s4", "s5",
    "s6",   "s7", "s8", "s9", "s10", "s11", "t3", "t4", "t5", "t6",
};

void panic(const char *fmt, ...)
{
	char msg[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf_sv(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	printk("PANIC: %s\n", msg);
	machine_exit(HV_EXIT_PANIC);
}

/* Called from boot/trap.S when the hypervisor itself traps. */
void trap_hv(const struct trap_frame *tf);
void trap_hv(const struct trap_frame *tf)
{
	printk("PANIC: trap in hypervisor: mcause 0x%lx mepc 0x%lx mtval 0x%lx\n", csr_read(mcause),
	       tf->pc, csr_read(mtval));
	for (int i = 1; i < 32; i += 2)
		printk("  %-4s 0x%016lx  %-4s 0x%016lx\n", reg_names[i], tf->x[i],
		       i + 1 < 32 ? reg_names[i + 1] : "", i + 1 < 32 ? tf->x[i + 1] : 0);
	machine_exit(HV_EXIT_PANIC);
}
