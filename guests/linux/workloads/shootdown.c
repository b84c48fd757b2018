/*
 * shootdown: a TLB-shootdown check for SMP guests. Worker threads, one per CPU but the first,
 * keep touching a small region while the main thread, on CPU 0, takes it away (mprotect to
 * PROT_NONE, or munmap and a fresh mapping in its place, in turns) and gives it back. The main
 * thread announces each removal only after its call has returned, and withdraws the
 * announcement before it gives the region back. An access that began and ended within one
 * announcement (the epoch read before and after it is the same odd number) must have faulted;
 * one that did not found a stale TLB entry (a violation). Each removal lasts until every
 * worker has tried at least once, so every round tests every CPU.
 *
 * usage: shootdown [ROUNDS]    prints one line: shootdown: ... violations=N check=ok|FAIL
 */
#include <pthread.h>
#include <sched.h>
#include <setjmp.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#define NAME "shootdown"
#include "workload.h"
#define DEFAULT_ROUNDS 2000
#define MAX_WORKERS    7
#define PAGES          4

static atomic_long epoch; /* odd: the region is taken away */
static atomic_bool stop;
static unsigned char *region;
static size_t page_size;

struct worker {
	pthread_t thread;
	int cpu;
	atomic_long tried;  /* the last epoch it made an access in */
	long tries_removed; /* accesses begun after a removal was announced */
	long faults, violations;
};

static __thread sigjmp_buf fault_jmp;

static void on_segv(int sig)
{
	(void)sig;
	siglongjmp(fault_jmp, 1);
}

static void pin(int cpu)
{
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	sched_setaffinity(0, sizeof(set), &set);
}

static void *work(void *arg)
{
	struct worker *w = arg;
	unsigned long n = 0;

	pin(w->cpu);
	while (!atomic_load(&stop)) {
		long e = atomic_load_explicit(&epoch, memory_order_acquire);
		volatile unsigned char *p = region + (n % PAGES) * page_size + (n % 64);
		if (sigsetjmp(fault_jmp, 1) == 0) {
			if (n++ & 1)
				*p = (unsigned char)n;
			else
				(void)*p;
			atomic_thread_fence(memory_order_seq_cst);
			if ((e & 1) && atomic_load(&epoch) == e)
				w->violations++;
		} else {
			w->faults++;
		}
		w->tries_removed += e & 1;
		atomic_store_explicit(&w->tried, e, memory_order_release);
	}
	return NULL;
}

/* Until every worker has made an access that began in epoch e. */
static void wait_tried(struct worker *w, int n, long e)
{
	for (int i = 0; i < n; i++)
		while (atomic_load_explicit(&w[i].tried, memory_order_acquire) < e)
			sched_yield();
}

int main(int argc, char **argv)
{
	long rounds = parse_ops(argc, argv, DEFAULT_ROUNDS);
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	int n = cpus > 1 ? (int)(cpus - 1 > MAX_WORKERS ? MAX_WORKERS : cpus - 1) : 1;
	struct worker w[MAX_WORKERS];
	size_t len;

	page_size = (size_t)sysconf(_SC_PAGESIZE);
	len = PAGES * page_size;
	region = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (region == MAP_FAILED)
		return 1;
	signal(SIGSEGV, on_segv);
	pin(0);
	memset(w, 0, sizeof(w));
	for (int i = 0; i < n; i++) {
		w[i].cpu = cpus > 1 ? i + 1 : 0;
		atomic_init(&w[i].tried, -1);
		pthread_create(&w[i].thread, NULL, work, &w[i]);
	}
	for (long r = 0; r < rounds; r++) {
		wait_tried(w, n, 2 * r);
		if (r & 1) {
			munmap(region, len);
		} else {
			mprotect(region, len, PROT_NONE);
		}
		atomic_store(&epoch, 2 * r + 1);
		wait_tried(w, n, 2 * r + 1);
		atomic_store(&epoch, 2 * r + 2);
		if (r & 1)
			mmap(region, len, PROT_READ | PROT_WRITE,
			     MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
		else
			mprotect(region, len, PROT_READ | PROT_WRITE);
	}
	atomic_store(&stop, true);
	long tries = 0, faults = 0, violations = 0;
	for (int i = 0; i < n; i++) {
		pthread_join(w[i].thread, NULL);
		tries += w[i].tries_removed;
		faults += w[i].faults;
		violations += w[i].violations;
	}
	printf("shootdown: cpus=%ld workers=%d rounds=%ld tries_removed=%ld faults=%ld "
	       "violations=%ld check=%s\n",
	       cpus, n, rounds, tries, faults, violations,
	       violations == 0 && tries >= rounds * n ? "ok" : "FAIL");
	return violations != 0;
}
