/*
 * forkwait: fork, the child exits with i & 7 at once, the parent waits and checks the status.
 * Measures address-space duplication and teardown (copy-on-write setup, page-table creation
 * and destruction), the paths a shadow MMU pays most for.
 *
 * usage: forkwait [FORKS]      (after FORKS / 10 + 1 untimed ones)
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define NAME "forkwait"
#include "workload.h"
#define DEFAULT_OPS  500
#define TOKEN_FACTOR 2654435761u

/* Read by each child: a child that sees another value has a wrong view of its parent's memory. */
static volatile unsigned long token;

static void run(long first, long count)
{
	for (long i = first; i < first + count; i++) {
		token = (unsigned long)i * TOKEN_FACTOR;
		pid_t p = fork();
		if (p < 0)
			fail("fork", i);
		if (p == 0)
			_exit(token == (unsigned long)i * TOKEN_FACTOR ? (int)(i & 7) : 100);
		int st;
		if (waitpid(p, &st, 0) != p)
			fail("waitpid", i);
		if (!WIFEXITED(st))
			fail("child-not-exited", i);
		if (WEXITSTATUS(st) == 100)
			fail("child-saw-wrong-memory", i);
		if (WEXITSTATUS(st) != (int)(i & 7))
			fail("child-status", i);
	}
}

int main(int argc, char **argv)
{
	long ops = parse_ops(argc, argv, DEFAULT_OPS);
	long warm = warmup(ops);

	fflush(stdout);
	run(0, warm);
	struct exits e;
	exits_start(&e);
	double t0 = now();
	run(warm, ops);
	double s = now() - t0;
	printf("result workload=%s ops=%ld seconds=%.6f us_per_op=%.3f check=ok warmup=%ld%s\n",
	       NAME, ops, s, s / (double)ops * 1e6, warm, exits_end(&e, ops));
	return 0;
}
