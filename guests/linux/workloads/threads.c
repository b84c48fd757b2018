/*
 * threads: 4 pthreads share one address space. Each round the main thread maps a fresh region,
 * starts the threads, each writes its own slice of pages (first touches, so page faults in a
 * shared mm, from every hart when there are several) and bumps a shared atomic counter; the
 * main thread joins them, reads every page back and unmaps the region (a TLB shootdown across
 * the harts that ran the threads). The final counter value and all page contents are checked.
 *
 * usage: threads [ROUNDS]      one op = one round (4 thread creations, 4 * PAGES_PER_THREAD
 *                              page touches, 4 * PAGES_PER_THREAD * INCS_PER_PAGE increments),
 *                              after ROUNDS / 10 + 1 untimed rounds
 */
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#define NAME "threads"
#include "workload.h"
#define DEFAULT_OPS      150
#define THREADS          4
#define PAGES_PER_THREAD 32
#define INCS_PER_PAGE    16

struct worker {
	pthread_t thread;
	unsigned char *base;
	size_t page_size;
	long round;
	int id;
};

static atomic_ulong counter;

static uint64_t value(long round, int id, size_t page)
{
	return (((uint64_t)round << 16 | (uint64_t)id << 8 | page) + 1) * 0x9e3779b97f4a7c15ull;
}

static void *work(void *arg)
{
	const struct worker *w = arg;

	for (size_t p = 0; p < PAGES_PER_THREAD; p++) {
		*(volatile uint64_t *)(w->base + p * w->page_size) = value(w->round, w->id, p);
		for (int k = 0; k < INCS_PER_PAGE; k++)
			atomic_fetch_add(&counter, 1);
	}
	return NULL;
}

int main(int argc, char **argv)
{
	long ops = parse_ops(argc, argv, DEFAULT_OPS);
	long warm = warmup(ops), total = warm + ops;
	size_t page_size = (size_t)sysconf(_SC_PAGESIZE);
	size_t slice = PAGES_PER_THREAD * page_size;
	struct worker w[THREADS];

	double t0 = 0;
	struct exits e;
	for (long r = 0; r < total; r++) {
		if (r == warm) {
			exits_start(&e);
			t0 = now();
		}
		unsigned char *m = mmap(NULL, THREADS * slice, PROT_READ | PROT_WRITE,
		                        MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (m == MAP_FAILED)
			fail("mmap", r);
		for (int t = 0; t < THREADS; t++) {
			w[t].base = m + (size_t)t * slice;
			w[t].page_size = page_size;
			w[t].round = r;
			w[t].id = t;
			if (pthread_create(&w[t].thread, NULL, work, &w[t]) != 0)
				fail("pthread_create", r);
		}
		for (int t = 0; t < THREADS; t++)
			if (pthread_join(w[t].thread, NULL) != 0)
				fail("pthread_join", r);
		for (int t = 0; t < THREADS; t++)
			for (size_t p = 0; p < PAGES_PER_THREAD; p++)
				if (*(volatile uint64_t *)(w[t].base + p * page_size) !=
				    value(r, t, p))
					fail("read-back", r);
		if (munmap(m, THREADS * slice) != 0)
			fail("munmap", r);
	}
	double s = now() - t0;
	const char *exits = exits_end(&e, ops);

	unsigned long incs = (unsigned long)total * THREADS * PAGES_PER_THREAD * INCS_PER_PAGE;
	if (atomic_load(&counter) != incs)
		fail("counter", (long)atomic_load(&counter));
	printf("result workload=%s ops=%ld seconds=%.6f us_per_op=%.3f check=ok threads=%d "
	       "pages_per_op=%d increments=%lu warmup=%ld%s\n",
	       NAME, ops, s, s / (double)ops * 1e6, THREADS, THREADS * PAGES_PER_THREAD, incs, warm,
	       exits);
	return 0;
}
