/*
 * A smoke-test init for Linux guests: reaches userspace, runs fork+exit+wait and first-touch
 * page faults (the shadow MMU's hardest paths), prints one line each and powers off.
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/reboot.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define FORKS       200
#define TOUCH_BYTES (32u << 20)
#define PAGE        4096u

static double now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static int forkwait(void)
{
	for (int i = 0; i < FORKS; i++) {
		pid_t p = fork();
		if (p < 0)
			return -1;
		if (p == 0)
			_exit(i & 7);
		int st;
		if (waitpid(p, &st, 0) != p || !WIFEXITED(st) || WEXITSTATUS(st) != (i & 7))
			return -1;
	}
	return 0;
}

/* Writes then reads every page: a wrong translation shows up as a wrong sum. */
static unsigned long touch(void)
{
	unsigned char *m =
	    mmap(NULL, TOUCH_BYTES, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	unsigned long sum = 0;

	if (m == MAP_FAILED)
		return 0;
	for (size_t o = 0; o < TOUCH_BYTES; o += PAGE)
		m[o] = (unsigned char)(o / PAGE);
	for (size_t o = 0; o < TOUCH_BYTES; o += PAGE)
		sum += m[o];
	munmap(m, TOUCH_BYTES);
	return sum;
}

int main(void)
{
	printf("init: start\n");
	double t0 = now();
	int fw = forkwait();
	double t1 = now();
	printf("init: forkwait %s\n", fw == 0 ? "ok" : "FAILED");
	printf("info: forkwait us=%.1f\n", (t1 - t0) / FORKS * 1e6);
	t0 = now();
	unsigned long sum = touch();
	t1 = now();
	printf("init: touch sum %lu\n", sum);
	printf("info: first-touch us=%.1f\n", (t1 - t0) / (TOUCH_BYTES / PAGE) * 1e6);
	printf("init: done\n");
	fflush(stdout);
	reboot(RB_POWER_OFF);
	return 1;
}
