/*
 * tlbmiss: fill a large array with values that are a function of their index (touching every
 * page), then sum the elements at a long fixed-seed xorshift stream of random indices: nearly
 * every access misses the TLB and needs a page-table walk. The expected sum is computed from
 * the same index stream and the fill function alone, without reading the array.
 *
 * usage: tlbmiss [ACCESSES [MIB]]      ops = random accesses; us_per_op times that pass only
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <time.h>

#define NAME "tlbmiss"
#include "workload.h"
#define DEFAULT_ACCESSES 2000000
#define DEFAULT_MIB      64
#define SEED             0x2545f4914f6cdd1dull

static uint64_t element(uint64_t i)
{
	uint64_t x = i * 0xbf58476d1ce4e5b9ull + 0x94d049bb133111ebull;
	return x ^ (x >> 31);
}

/* The next index of the fixed-seed xorshift64 stream: a mask if n is a power of two. */
static size_t next_index(uint64_t *s, size_t n)
{
	uint64_t x = *s;
	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	*s = x;
	return (n & (n - 1)) == 0 ? (size_t)(x & (n - 1)) : (size_t)(x % n);
}

int main(int argc, char **argv)
{
	long accesses = parse_arg(argc, argv, 1, DEFAULT_ACCESSES, 1L << 40);
	long mib = parse_arg(argc, argv, 2, DEFAULT_MIB, 1L << 20);
	size_t bytes = (size_t)mib << 20;
	size_t n = bytes / sizeof(uint64_t);

	uint64_t *a = mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (a == MAP_FAILED)
		fail("mmap", 0);

	double t0 = now();
	for (size_t i = 0; i < n; i++)
		a[i] = element(i);
	double t1 = now(), fill = t1 - t0;

	uint64_t s = SEED, sum = 0;
	struct exits e;
	exits_start(&e);
	t1 = now();
	for (long k = 0; k < accesses; k++)
		sum += ((volatile uint64_t *)a)[next_index(&s, n)];
	double t2 = now();
	const char *exits = exits_end(&e, accesses);

	uint64_t expect = 0;
	s = SEED;
	for (long k = 0; k < accesses; k++)
		expect += element(next_index(&s, n));
	if (sum != expect)
		fail("checksum", 0);
	if (munmap(a, bytes) != 0)
		fail("munmap", 0);

	double secs = t2 - t1;
	printf("result workload=%s ops=%ld seconds=%.6f us_per_op=%.4f check=ok ns_per_access=%.1f "
	       "mib=%ld fill_seconds=%.6f checksum=%016llx%s\n",
	       NAME, accesses, secs, secs / (double)accesses * 1e6, secs / (double)accesses * 1e9,
	       mib, fill, (unsigned long long)sum, exits);
	return 0;
}
