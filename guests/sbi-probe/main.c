/* SPDX-License-Identifier: MIT */
/*
 * sbi-probe: first shadowvisor test guest.
 *
 * A bare-metal S-mode program that exercises the SBI interface and prints
 * one line per check through the legacy console putchar. Lines starting
 * with "info: " are environment-specific; all other lines are a contract
 * and must be identical on real firmware and under the hypervisor.
 */
#include <stdint.h>

#include "csr.h"
#include "trap.h"
#include "print.h"
#include "sbi.h"

#define DEFAULT_TIMEBASE 10000000UL
#define DTB_MAX_SIZE     (4UL << 20)

/* Called from trap_vector in start.S. */
int main(unsigned long hartid, unsigned long dtb);

static volatile unsigned long timer_irqs;
static volatile unsigned long timer_scause;
static volatile unsigned long timer_irq_time;
static volatile unsigned long ipi_irqs;
static volatile unsigned long ipi_scause;

static void print_yesno(const char *prefix, int cond)
{
	print_str(prefix);
	print_str(cond ? "yes\n" : "no\n");
}

static void print_error_line(const char *prefix, long error)
{
	print_str(prefix);
	print_dec(error);
	print_str("\n");
}

static void __attribute__((noreturn)) halt(unsigned long reason)
{
	struct sbiret ret = sbi_system_reset(SBI_SRST_TYPE_SHUTDOWN, reason);

	print_error_line("srst: returned error ", ret.error);
	csr_clear(sstatus, SSTATUS_SIE);
	for (;;)
		wfi();
}

void trap_handler(struct trap_regs *regs)
{
	(void)regs;
	unsigned long scause = csr_read(scause);

	if (scause == (SCAUSE_INTERRUPT | IRQ_S_TIMER)) {
		timer_irq_time = rdtime();
		/* Clears the pending STIP. */
		(void)sbi_set_timer(UINT64_MAX);
		timer_scause = scause;
		timer_irqs = timer_irqs + 1;
		return;
	}
	if (scause == (SCAUSE_INTERRUPT | IRQ_S_SOFT)) {
		csr_clear(sip, SIP_SSIP);
		ipi_scause = scause;
		ipi_irqs = ipi_irqs + 1;
		return;
	}

	print_str("trap: unexpected scause ");
	print_hex(scause);
	print_str(" sepc ");
	print_hex(csr_read(sepc));
	print_str(" stval ");
	print_hex(csr_read(stval));
	print_str("\n");
	halt(SBI_SRST_REASON_SYS_FAILURE);
}

/*
 * Sleep until *count becomes non-zero. sstatus.SIE stays clear while
 * testing the flag and executing wfi (wfi wakes on any pending interrupt
 * enabled in sie regardless of sstatus.SIE); the interrupt is then taken
 * in the short SIE-enabled window. This avoids the lost-wakeup race of a
 * plain "while (!flag) wfi();" with interrupts enabled.
 */
static void wait_for_irq(const volatile unsigned long *count)
{
	csr_clear(sstatus, SSTATUS_SIE);
	while (*count == 0) {
		wfi();
		csr_set(sstatus, SSTATUS_SIE);
		csr_clear(sstatus, SSTATUS_SIE);
	}
}

/* --- Device tree: find /cpus/timebase-frequency ------------------------ */

#define FDT_MAGIC      0xd00dfeedU
#define FDT_BEGIN_NODE 1U
#define FDT_END_NODE   2U
#define FDT_PROP       3U
#define FDT_NOP        4U
#define FDT_END        9U

static uint32_t be32(const uint8_t *p)
{
	return ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) | ((uint32_t)p[2] << 8) |
	       (uint32_t)p[3];
}

/* Compare the NUL-terminated string at s[0..max) with want; 1 if equal. */
static int bounded_streq(const uint8_t *s, uint32_t max, const char *want)
{
	uint32_t i;

	for (i = 0; i < max; i++) {
		if (s[i] != (uint8_t)want[i])
			return 0;
		if (s[i] == '\0')
			return 1;
	}
	return 0;
}

/* Length of the NUL-terminated string at s[0..max), or -1 if unterminated. */
static long bounded_strlen(const uint8_t *s, uint32_t max)
{
	uint32_t i;

	for (i = 0; i < max; i++) {
		if (s[i] == '\0')
			return (long)i;
	}
	return -1;
}

/*
 * Return timebase-frequency from /cpus (or, as Linux also accepts, from a
 * /cpus/cpu@N child), or 0 if the DTB is missing or malformed.
 */
static unsigned long dtb_timebase(unsigned long dtb)
{
	const uint8_t *b = (const uint8_t *)dtb;
	const uint8_t *st, *strs;
	uint32_t total, off_struct, off_strings, size_struct, size_strings, pos = 0;
	unsigned int depth = 0, in_cpus = 0;
	unsigned long child_value = 0;

	if (dtb == 0 || (dtb & 7) != 0)
		return 0;
	if (be32(b) != FDT_MAGIC)
		return 0;
	total = be32(b + 4);
	off_struct = be32(b + 8);
	off_strings = be32(b + 12);
	size_strings = be32(b + 32);
	size_struct = be32(b + 36);
	if (total < 40 || total > DTB_MAX_SIZE || be32(b + 20) < 17)
		return 0;
	if (off_struct > total || size_struct > total - off_struct || (off_struct & 3) != 0)
		return 0;
	if (off_strings > total || size_strings > total - off_strings)
		return 0;
	st = b + off_struct;
	strs = b + off_strings;

	while (size_struct >= 4 && pos <= size_struct - 4) {
		uint32_t token = be32(st + pos);
		long len;

		pos += 4;
		switch (token) {
		case FDT_BEGIN_NODE:
			len = bounded_strlen(st + pos, size_struct - pos);
			if (len < 0)
				return 0;
			depth++;
			/* depth 1 is the root node; /cpus is at depth 2. */
			if (depth == 2 && bounded_streq(st + pos, size_struct - pos, "cpus"))
				in_cpus = 1;
			pos += ((uint32_t)len + 1 + 3) & ~3U;
			break;
		case FDT_END_NODE:
			if (depth == 0)
				return 0;
			if (depth == 2 && in_cpus)
				return child_value;
			depth--;
			break;
		case FDT_PROP: {
			uint32_t plen, nameoff;

			if (size_struct - pos < 8)
				return 0;
			plen = be32(st + pos);
			nameoff = be32(st + pos + 4);
			pos += 8;
			if (plen > size_struct - pos || nameoff >= size_strings)
				return 0;
			if (in_cpus && (depth == 2 || depth == 3) && plen == 4 &&
			    bounded_streq(strs + nameoff, size_strings - nameoff,
			                  "timebase-frequency")) {
				if (depth == 2)
					return be32(st + pos);
				if (child_value == 0)
					child_value = be32(st + pos);
			}
			pos += (plen + 3) & ~3U;
			break;
		}
		case FDT_NOP:
			break;
		case FDT_END:
		default:
			return 0;
		}
	}
	return 0;
}

/* --- Checks ------------------------------------------------------------- */

static struct sbiret base_call(unsigned long fid, unsigned long arg)
{
	return sbi_call(SBI_EXT_BASE, fid, arg, 0, 0, 0, 0, 0);
}

static void check_base(void)
{
	struct sbiret ver = base_call(SBI_BASE_GET_SPEC_VERSION, 0);
	struct sbiret ret;
	unsigned long major = ((unsigned long)ver.value >> 24) & 0x7f;
	unsigned long minor = (unsigned long)ver.value & 0xffffff;

	print_yesno("base: spec version >= 0.2: ",
	            ver.error == SBI_SUCCESS && (major > 0 || minor >= 2));

	print_str("info: spec version ");
	print_udec(major);
	print_str(".");
	print_udec(minor);
	if (ver.error != SBI_SUCCESS)
		print_error_line(" error ", ver.error);
	else
		print_str("\n");

	print_str("info: impl id ");
	ret = base_call(SBI_BASE_GET_IMPL_ID, 0);
	print_dec(ret.value);
	print_str(" version ");
	ret = base_call(SBI_BASE_GET_IMPL_VERSION, 0);
	print_hex((unsigned long)ret.value);
	print_str("\n");

	print_str("info: mvendorid ");
	print_hex((unsigned long)base_call(SBI_BASE_GET_MVENDORID, 0).value);
	print_str(" marchid ");
	print_hex((unsigned long)base_call(SBI_BASE_GET_MARCHID, 0).value);
	print_str(" mimpid ");
	print_hex((unsigned long)base_call(SBI_BASE_GET_MIMPID, 0).value);
	print_str("\n");
}

static void probe(const char *prefix, const char *name, unsigned long ext)
{
	struct sbiret ret = base_call(SBI_BASE_PROBE_EXT, ext);

	print_str(prefix);
	print_str(name);
	if (ret.error != SBI_SUCCESS) {
		print_error_line(" error ", ret.error);
		return;
	}
	print_str(ret.value != 0 ? " 1\n" : " 0\n");
}

static void check_probes(void)
{
	probe("probe: ", "TIME", SBI_EXT_TIME);
	probe("probe: ", "IPI", SBI_EXT_IPI);
	probe("probe: ", "RFENCE", SBI_EXT_RFENCE);
	probe("probe: ", "HSM", SBI_EXT_HSM);
	probe("probe: ", "SRST", SBI_EXT_SRST);
	probe("probe: ", "unknown", SBI_EXT_NONEXISTENT);
	/* Firmware-dependent: informational only. */
	probe("info: probe ", "DBCN", SBI_EXT_DBCN);
	probe("info: probe ", "PMU", SBI_EXT_PMU);
	probe("info: probe ", "SUSP", SBI_EXT_SUSP);
	probe("info: probe ", "CPPC", SBI_EXT_CPPC);
	probe("info: probe ", "LEGACY_PUTCHAR", SBI_EXT_LEGACY_PUTCHAR);
	probe("info: probe ", "LEGACY_GETCHAR", SBI_EXT_LEGACY_GETCHAR);
}

static void check_errors(void)
{
	struct sbiret ret;

	ret = base_call(99, 0);
	print_error_line("base: unknown function error ", ret.error);
	ret = sbi_call(SBI_EXT_NONEXISTENT, 0, 0, 0, 0, 0, 0, 0);
	print_error_line("call: unknown extension error ", ret.error);
}

static void check_hsm(unsigned long hartid)
{
	struct sbiret ret;

	ret = sbi_call(SBI_EXT_HSM, SBI_HSM_HART_GET_STATUS, hartid, 0, 0, 0, 0, 0);
	if (ret.error != SBI_SUCCESS) {
		print_error_line("hsm: self status error ", ret.error);
	} else {
		print_str("hsm: self status ");
		print_dec(ret.value);
		print_str("\n");
	}
	ret = sbi_call(SBI_EXT_HSM, SBI_HSM_HART_GET_STATUS, 1000, 0, 0, 0, 0, 0);
	print_error_line("hsm: bad hart error ", ret.error);
}

static unsigned long check_time(unsigned long dtb)
{
	unsigned long t0, t1 = 0, tb;
	unsigned long i;

	t0 = rdtime();
	for (i = 0; i < 100000000UL; i++) {
		t1 = rdtime();
		if (t1 != t0)
			break;
	}
	print_yesno("time: advances ", t1 > t0);

	tb = dtb_timebase(dtb);
	print_str("time: timebase ");
	print_udec(tb);
	print_str("\n");
	if (tb == 0) {
		print_str("info: no timebase-frequency in DTB, assuming 10 MHz\n");
		tb = DEFAULT_TIMEBASE;
	}
	return tb;
}

static void check_timer(unsigned long timebase)
{
	unsigned long deadline;
	struct sbiret ret;

	csr_clear(sstatus, SSTATUS_SIE);
	csr_set(sie, SIE_STIE);
	csr_set(sstatus, SSTATUS_SIE);

	deadline = rdtime() + timebase / 100;
	ret = sbi_set_timer(deadline);
	if (ret.error != SBI_SUCCESS)
		print_error_line("timer: set_timer error ", ret.error);
	wait_for_irq(&timer_irqs);
	csr_clear(sie, SIE_STIE);

	print_str("timer: interrupt scause ");
	print_hex(timer_scause);
	print_str("\n");
	print_yesno("timer: elapsed >= 10ms ", timer_irq_time >= deadline);
}

static void check_ipi(unsigned long hartid)
{
	unsigned long mask = 1, base = hartid;
	struct sbiret ret;

	if (hartid < 64) {
		mask = 1UL << hartid;
		base = 0;
	}
	csr_set(sie, SIE_SSIE);
	ret = sbi_call(SBI_EXT_IPI, SBI_IPI_SEND_IPI, mask, base, 0, 0, 0, 0);
	if (ret.error != SBI_SUCCESS)
		print_error_line("ipi: send_ipi error ", ret.error);
	wait_for_irq(&ipi_irqs);
	csr_clear(sie, SIE_SSIE);

	print_str("ipi: self interrupt scause ");
	print_hex(ipi_scause);
	print_str("\n");
}

static void check_rfence(unsigned long hartid)
{
	unsigned long mask = 1, base = hartid;
	struct sbiret ret;

	if (hartid < 64) {
		mask = 1UL << hartid;
		base = 0;
	}
	ret = sbi_call(SBI_EXT_RFENCE, SBI_RFENCE_FENCE_I, mask, base, 0, 0, 0, 0);
	print_error_line("rfence: fence_i error ", ret.error);
	ret =
	    sbi_call(SBI_EXT_RFENCE, SBI_RFENCE_SFENCE_VMA, mask, base, 0, (unsigned long)-1, 0, 0);
	print_error_line("rfence: sfence_vma error ", ret.error);
}

#define SUSPEND_RETENTIVE    0x00000000UL
#define SUSPEND_NONRETENTIVE 0x80000000UL
#define SUSPEND_PLATFORM     0x10000000UL
#define SUSPEND_RESERVED     0x00000001UL
#define SUSPEND_OPAQUE       0x5ca1ab1eUL

static unsigned long probe_hartid;

static struct sbiret hart_suspend(unsigned long type, unsigned long addr, unsigned long opaque)
{
	return sbi_call(SBI_EXT_HSM, SBI_HSM_HART_SUSPEND, type, addr, opaque, 0, 0, 0);
}

static unsigned long wake_deadline;

/* A timer interrupt enabled in sie but not taken (sstatus.SIE clear): it ends a suspend. */
static void arm_wake(unsigned long timebase)
{
	csr_clear(sstatus, SSTATUS_SIE);
	csr_set(sie, SIE_STIE);
	wake_deadline = rdtime() + timebase / 100;
	(void)sbi_set_timer(wake_deadline);
}

static void disarm_wake(void)
{
	(void)sbi_set_timer(UINT64_MAX);
	csr_clear(sie, SIE_STIE);
}

static void check_suspend(unsigned long timebase)
{
	struct sbiret ret;

	print_error_line("hsm: suspend reserved type error ",
	                 hart_suspend(SUSPEND_RESERVED, 0, 0).error);
	print_error_line("hsm: suspend platform type error ",
	                 hart_suspend(SUSPEND_PLATFORM, 0, 0).error);
	arm_wake(timebase);
	ret = hart_suspend(SUSPEND_RETENTIVE, 0, 0);
	print_error_line("hsm: retentive suspend error ", ret.error);
	print_yesno("hsm: retentive suspend ends at the timer ", rdtime() >= wake_deadline);
	disarm_wake();
}

/* Where a non-retentive suspend resumes, with a stack of its own: a0 = hart id, a1 = opaque. */
void suspend_resumed(unsigned long a0, unsigned long a1);
unsigned long suspend_stack[512];
__asm__(".pushsection .text\n"
        ".globl suspend_resume\n"
        "suspend_resume:\n"
        "	la sp, suspend_stack + 4096\n"
        "	j suspend_resumed\n"
        ".popsection\n");
void suspend_resume(void);

void suspend_resumed(unsigned long a0, unsigned long a1)
{
	struct sbiret ret;

	csr_write(stvec, (unsigned long)trap_vector);
	print_yesno("hsm: non-retentive resume a0 is the hart id ", a0 == probe_hartid);
	print_yesno("hsm: non-retentive resume a1 is opaque ", a1 == SUSPEND_OPAQUE);
	print_yesno("hsm: non-retentive resume with SIE clear ",
	            !(csr_read(sstatus) & SSTATUS_SIE));
	print_yesno("hsm: non-retentive resume at the timer ", rdtime() >= wake_deadline);
	disarm_wake();
	ret = sbi_call(SBI_EXT_HSM, SBI_HSM_HART_GET_STATUS, probe_hartid, 0, 0, 0, 0, 0);
	print_error_line("hsm: status after resume ", ret.value);
	print_str("sbi-probe: done\n");
	halt(SBI_SRST_REASON_NONE);
}

/* Last: it does not return, the program goes on in suspend_resumed. */
static void __attribute__((noreturn)) check_nonretentive_suspend(unsigned long timebase)
{
	struct sbiret ret;

	arm_wake(timebase);
	ret = hart_suspend(SUSPEND_NONRETENTIVE, (unsigned long)suspend_resume, SUSPEND_OPAQUE);
	print_error_line("hsm: non-retentive suspend returned, error ", ret.error);
	halt(SBI_SRST_REASON_SYS_FAILURE);
}

int main(unsigned long hartid, unsigned long dtb)
{
	unsigned long timebase;

	csr_write(stvec, (unsigned long)trap_vector);
	probe_hartid = hartid;

	print_str("sbi-probe: start\n");
	print_str("info: hartid ");
	print_udec(hartid);
	print_str(" dtb ");
	print_hex(dtb);
	print_str("\n");

	check_base();
	check_probes();
	check_errors();
	check_hsm(hartid);
	timebase = check_time(dtb);
	check_timer(timebase);
	check_ipi(hartid);
	check_rfence(hartid);
	check_suspend(timebase);
	check_nonretentive_suspend(timebase);
}
