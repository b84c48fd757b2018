/*
 * What every workload shares: the clock, the failure form of the result line and argument
 * parsing. A workload defines NAME (its name in the result line) before including this.
 */
#ifndef WORKLOAD_H
#define WORKLOAD_H

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static inline double now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* A check failed: say where, in the result line's own format, and exit non-zero. */
__attribute__((noreturn)) static inline void fail(const char *reason, long at)
{
	printf("result workload=%s check=FAILED reason=%s at=%ld\n", NAME, reason, at);
	exit(1);
}

/* Positive argument i (1-based), at most max; def when absent. */
static inline long parse_arg(int argc, char **argv, int i, long def, long max)
{
	if (argc <= i)
		return def;
	char *end;
	errno = 0;
	long v = strtol(argv[i], &end, 0);
	if (errno != 0 || *end != '\0' || v <= 0 || v > max)
		fail("bad-argument", i);
	return v;
}

static inline long parse_ops(int argc, char **argv, long def)
{
	return parse_arg(argc, argv, 1, def, LONG_MAX);
}

/* Untimed iterations first, so the timed ones do not pay the emulator's first-use costs. */
static inline long warmup(long ops)
{
	return ops / 10 + 1;
}

#endif
