/*
 * mmapchurn: mmap a few anonymous pages, write each once (a fault per page), read them back,
 * munmap; repeat. The kernel tends to hand back the same addresses each time, so a translation
 * that outlives munmap (a stale shadow entry) shows up: every op writes its word at the offset
 * the previous op did not use and checks that the previous op's offset reads zero.
 *
 * usage: mmapchurn [OPS]       one op = mmap + PAGES first touches + munmap
 *                              (after OPS / 10 + 1 untimed ones)
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#define NAME "mmapchurn"
#include "workload.h"
#define DEFAULT_OPS 3000
#define PAGES       4

static uint64_t value(long op, size_t page)
{
	return ((uint64_t)op << 8 | page) * 0x9e3779b97f4a7c15ull | 1;
}

int main(int argc, char **argv)
{
	long ops = parse_ops(argc, argv, DEFAULT_OPS);
	long warm = warmup(ops), total = warm + ops;
	size_t page_size = (size_t)sysconf(_SC_PAGESIZE);
	size_t bytes = PAGES * page_size;
	uintptr_t first_addr = 0;
	long same_addr = 0;
	uint64_t sum = 0;

	double t0 = 0;
	struct exits e;
	for (long i = 0; i < total; i++) {
		if (i == warm) {
			exits_start(&e);
			t0 = now();
		}
		unsigned char *m =
		    mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (m == MAP_FAILED)
			fail("mmap", i);
		if (i == 0)
			first_addr = (uintptr_t)m;
		else if ((uintptr_t)m == first_addr)
			same_addr++;
		size_t mine = (i & 1) ? page_size / 2 : 0;
		size_t theirs = page_size / 2 - mine;
		for (size_t p = 0; p < PAGES; p++)
			*(volatile uint64_t *)(m + p * page_size + mine) = value(i, p);
		for (size_t p = 0; p < PAGES; p++) {
			uint64_t v = *(volatile uint64_t *)(m + p * page_size + mine);
			if (v != value(i, p))
				fail("read-back", i);
			if (*(volatile uint64_t *)(m + p * page_size + theirs) != 0)
				fail("stale-page-after-munmap", i);
			sum += v;
		}
		if (munmap(m, bytes) != 0)
			fail("munmap", i);
	}
	double s = now() - t0;
	const char *exits = exits_end(&e, ops);

	uint64_t expect = 0;
	for (long i = 0; i < total; i++)
		for (size_t p = 0; p < PAGES; p++)
			expect += value(i, p);
	if (sum != expect)
		fail("checksum", 0);
	printf("result workload=%s ops=%ld seconds=%.6f us_per_op=%.3f check=ok pages_per_op=%d "
	       "same_addr=%ld warmup=%ld%s\n",
	       NAME, ops, s, s / (double)ops * 1e6, PAGES, same_addr, warm, exits);
	return 0;
}
