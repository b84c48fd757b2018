/*
 * firsttouch: mmap N MiB of anonymous memory, write one 64-bit word per page (each write is the
 * page's first touch, so a page fault), then read every word back. Each page gets its own value
 * at its own offset: two pages aliased onto one frame, or a write lost, fail the check.
 *
 * usage: firsttouch [MIB]      ops = pages touched; us_per_op times the writing pass only,
 *                              after an untimed first touch of WARMUP_MIB elsewhere
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#define NAME "firsttouch"
#include "workload.h"
#define DEFAULT_MIB 48
#define WARMUP_MIB  1

static uint64_t page_value(size_t page)
{
	uint64_t x = (uint64_t)page * 0x9e3779b97f4a7c15ull + 0x632be59bd9b4e019ull;
	return x ^ (x >> 29);
}

/* A word offset inside the page that moves with the page number. */
static size_t word_offset(size_t page, size_t page_size)
{
	return (page * 72) % (page_size / sizeof(uint64_t)) * sizeof(uint64_t);
}

int main(int argc, char **argv)
{
	long mib = parse_ops(argc, argv, DEFAULT_MIB);
	size_t page_size = (size_t)sysconf(_SC_PAGESIZE);
	size_t bytes = (size_t)mib << 20;
	size_t pages = bytes / page_size;

	unsigned char *w = mmap(NULL, (size_t)WARMUP_MIB << 20, PROT_READ | PROT_WRITE,
	                        MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (w == MAP_FAILED)
		fail("mmap", 0);
	for (size_t o = 0; o < (size_t)WARMUP_MIB << 20; o += page_size)
		*(volatile unsigned char *)(w + o) = 1;
	if (munmap(w, (size_t)WARMUP_MIB << 20) != 0)
		fail("munmap", 0);

	unsigned char *m =
	    mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (m == MAP_FAILED)
		fail("mmap", 0);

	struct exits e;
	exits_start(&e);
	double t0 = now();
	for (size_t p = 0; p < pages; p++)
		*(volatile uint64_t *)(m + p * page_size + word_offset(p, page_size)) =
		    page_value(p);
	double t1 = now();
	const char *exits = exits_end(&e, (long)pages);
	uint64_t sum = 0, expect = 0;
	for (size_t p = 0; p < pages; p++) {
		uint64_t v = *(volatile uint64_t *)(m + p * page_size + word_offset(p, page_size));
		if (v != page_value(p))
			fail("read-back", (long)p);
		/* Another word of the page: zero-filled unless the page aliases another. */
		size_t other = (word_offset(p, page_size) + page_size / 2) % page_size;
		if (*(volatile uint64_t *)(m + p * page_size + other) != 0)
			fail("not-zero-filled", (long)p);
		sum += v * (p | 1);
		expect += page_value(p) * (p | 1);
	}
	double t2 = now();
	if (sum != expect)
		fail("checksum", 0);
	if (munmap(m, bytes) != 0)
		fail("munmap", 0);

	double s = t1 - t0;
	printf("result workload=%s ops=%zu seconds=%.6f us_per_op=%.3f check=ok mib=%ld "
	       "verify_seconds=%.6f checksum=%016llx warmup_mib=%d%s\n",
	       NAME, pages, s, s / (double)pages * 1e6, mib, t2 - t1, (unsigned long long)sum,
	       WARMUP_MIB, exits);
	return 0;
}
