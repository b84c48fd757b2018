/*
 * canary MIB: a memory canary. Fills MIB MiB with a pattern that depends on each word's offset,
 * then checks all of it, pass after pass, until SIGTERM; then checks once more and prints
 * "canary: mib=N passes=N check=ok", or where the first changed word was. Run beside other
 * VMs, a changed word means something outside this VM wrote its memory.
 */
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>

#define NAME "canary"
#include "workload.h"

static volatile sig_atomic_t stop;

static void on_term(int sig)
{
	(void)sig;
	stop = 1;
}

static uint64_t pattern(size_t i)
{
	return (i + 1) * 0x9e3779b97f4a7c15ull;
}

/* The index of the first word that changed, or -1. */
static long check(const uint64_t *m, size_t words)
{
	for (size_t i = 0; i < words; i++)
		if (m[i] != pattern(i))
			return (long)i;
	return -1;
}

int main(int argc, char **argv)
{
	long mib = parse_arg(argc, argv, 1, 32, 1024);
	size_t words = (size_t)mib << 17;
	uint64_t *m =
	    mmap(NULL, words * 8, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	long passes = 0, bad;

	if (m == MAP_FAILED)
		fail("mmap", mib);
	signal(SIGTERM, on_term);
	for (size_t i = 0; i < words; i++)
		m[i] = pattern(i);
	do {
		bad = check(m, words);
		passes++;
	} while (bad < 0 && !stop);
	if (bad < 0)
		bad = check(m, words);
	if (bad >= 0) {
		printf("canary: mib=%ld passes=%ld check=FAILED word=%ld value=0x%llx\n", mib,
		       passes, bad, (unsigned long long)m[bad]);
		return 1;
	}
	printf("canary: mib=%ld passes=%ld check=ok\n", mib, passes);
	return 0;
}
