/*
 * mprotect: flip a region between PROT_READ and PROT_READ|PROT_WRITE. While read-only, every
 * page is read and checked against the value written before the flip; once writable again,
 * every page gets a new value. Before the loop and after it, a write to the read-only region
 * must raise SIGSEGV (and leave the memory unchanged): a shadow entry that kept its write
 * permission across the flip fails the check.
 *
 * usage: mprotect [OPS]        one op = mprotect(RO) + reads + mprotect(RW) + writes
 *                              (after OPS / 10 + 1 untimed ones)
 */
#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#define NAME "mprotect"
#include "workload.h"
#define DEFAULT_OPS 10000
#define PAGES       16

static sigjmp_buf fault_jmp;
static volatile sig_atomic_t faults;

static void on_segv(int sig)
{
	(void)sig;
	faults = faults + 1;
	siglongjmp(fault_jmp, 1);
}

static uint64_t value(long op, size_t page)
{
	return ((uint64_t)op << 8 | page) * 0x9e3779b97f4a7c15ull;
}

/* With the region read-only, a write to each page must fault and change nothing. */
static void expect_write_faults(unsigned char *m, size_t page_size, long op)
{
	struct sigaction sa, old;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_segv;
	sigemptyset(&sa.sa_mask);
	if (sigaction(SIGSEGV, &sa, &old) != 0)
		fail("sigaction", op);
	if (mprotect(m, PAGES * page_size, PROT_READ) != 0)
		fail("mprotect", op);
	for (size_t p = 0; p < PAGES; p++) {
		volatile uint64_t *w = (volatile uint64_t *)(m + p * page_size);
		sig_atomic_t before = faults;
		if (sigsetjmp(fault_jmp, 1) == 0) {
			*w = ~value(op, p);
			fail("write-to-read-only-did-not-fault", op);
		}
		if (faults != before + 1)
			fail("fault-count", op);
		if (*w != value(op, p))
			fail("read-only-page-changed", op);
	}
	if (sigaction(SIGSEGV, &old, NULL) != 0)
		fail("sigaction", op);
	if (mprotect(m, PAGES * page_size, PROT_READ | PROT_WRITE) != 0)
		fail("mprotect", op);
}

int main(int argc, char **argv)
{
	long ops = parse_ops(argc, argv, DEFAULT_OPS);
	long warm = warmup(ops), total = warm + ops;
	size_t page_size = (size_t)sysconf(_SC_PAGESIZE);
	size_t bytes = PAGES * page_size;
	uint64_t sum = 0, expect = 0;

	unsigned char *m =
	    mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (m == MAP_FAILED)
		fail("mmap", 0);
	for (size_t p = 0; p < PAGES; p++)
		*(volatile uint64_t *)(m + p * page_size) = value(0, p);
	expect_write_faults(m, page_size, 0);

	double t0 = 0;
	struct exits e;
	for (long i = 1; i <= total; i++) {
		if (i == warm + 1) {
			exits_start(&e);
			t0 = now();
		}
		if (mprotect(m, bytes, PROT_READ) != 0)
			fail("mprotect", i);
		for (size_t p = 0; p < PAGES; p++) {
			uint64_t v = *(volatile uint64_t *)(m + p * page_size);
			if (v != value(i - 1, p))
				fail("read-back", i);
			sum += v;
		}
		if (mprotect(m, bytes, PROT_READ | PROT_WRITE) != 0)
			fail("mprotect", i);
		for (size_t p = 0; p < PAGES; p++)
			*(volatile uint64_t *)(m + p * page_size) = value(i, p);
	}
	double s = now() - t0;
	const char *exits = exits_end(&e, ops);

	expect_write_faults(m, page_size, total);
	for (long i = 0; i < total; i++)
		for (size_t p = 0; p < PAGES; p++)
			expect += value(i, p);
	if (sum != expect)
		fail("checksum", 0);
	if (faults != 2 * PAGES)
		fail("fault-count", 0);
	if (munmap(m, bytes) != 0)
		fail("munmap", 0);
	printf("result workload=%s ops=%ld seconds=%.6f us_per_op=%.3f check=ok pages=%d "
	       "segv_checked=%d warmup=%ld%s\n",
	       NAME, ops, s, s / (double)ops * 1e6, PAGES, (int)faults, warm, exits);
	return 0;
}
