/*
 * pipeping: two processes bounce one byte over two pipes. The parent sends i & 0xff, the child
 * answers with that byte plus one; the parent checks every answer and, at the end, the child's
 * exit status (the child also checks the sequence it receives). On one hart every round trip
 * is two context switches between two address spaces.
 *
 * usage: pipeping [ROUNDTRIPS]        (after ROUNDTRIPS / 10 + 1 untimed ones)
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define NAME "pipeping"
#include "workload.h"
#define DEFAULT_OPS 4000

/* Exit codes: 0 = saw exactly ops bytes in sequence then EOF, 1 = wrong byte, 2 = I/O error. */
static int child(int in, int out, long ops)
{
	long n = 0;
	for (;;) {
		unsigned char b;
		ssize_t r = read(in, &b, 1);
		if (r == 0)
			return n == ops ? 0 : 1;
		if (r != 1)
			return 2;
		if (b != (unsigned char)(n & 0xff))
			return 1;
		b = (unsigned char)(b + 1);
		if (write(out, &b, 1) != 1)
			return 2;
		n++;
	}
}

int main(int argc, char **argv)
{
	long ops = parse_ops(argc, argv, DEFAULT_OPS);
	long warm = warmup(ops), total = warm + ops;
	int to_child[2], to_parent[2];

	signal(SIGPIPE, SIG_IGN); /* a dead child must fail a write, not kill us silently */
	if (pipe(to_child) != 0 || pipe(to_parent) != 0)
		fail("pipe", 0);
	fflush(stdout);
	pid_t p = fork();
	if (p < 0)
		fail("fork", 0);
	if (p == 0) {
		close(to_child[1]);
		close(to_parent[0]);
		_exit(child(to_child[0], to_parent[1], total));
	}
	close(to_child[0]);
	close(to_parent[1]);

	double t0 = 0;
	struct exits e;
	for (long i = 0; i < total; i++) {
		if (i == warm) {
			exits_start(&e);
			t0 = now();
		}
		unsigned char b = (unsigned char)(i & 0xff);
		if (write(to_child[1], &b, 1) != 1)
			fail("write", i);
		if (read(to_parent[0], &b, 1) != 1)
			fail("read", i);
		if (b != (unsigned char)((i + 1) & 0xff))
			fail("wrong-reply", i);
	}
	double s = now() - t0;
	const char *exits = exits_end(&e, ops);

	close(to_child[1]);
	int st;
	if (waitpid(p, &st, 0) != p)
		fail("waitpid", total);
	if (!WIFEXITED(st) || WEXITSTATUS(st) != 0)
		fail("child-status", total);
	printf("result workload=%s ops=%ld seconds=%.6f us_per_op=%.3f check=ok warmup=%ld%s\n",
	       NAME, ops, s, s / (double)ops * 1e6, warm, exits);
	return 0;
}
