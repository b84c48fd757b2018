/*
 * execloop: fork, the child execve()s this program again with a marker argument, and that new
 * image exits at once with a code the parent chose; the parent waits and checks the code.
 * Measures a whole new address space per op: fork, exec's teardown and ELF load, first faults.
 *
 * usage: execloop [EXECS]      (after EXECS / 10 + 1 untimed ones)
 *        execloop --exec-child CODE   (what the children run)
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define NAME "execloop"
#include "workload.h"
#define DEFAULT_OPS 200
#define MARKER      "--exec-child"
#define EXEC_FAILED 127

extern char **environ;

/* The code the i-th child exits with: 1..100, never 0 or EXEC_FAILED. */
static int child_code(long i)
{
	return (int)(i % 100) + 1;
}

static void run(const char *self, long first, long count)
{
	for (long i = first; i < first + count; i++) {
		char code[16];
		snprintf(code, sizeof(code), "%d", child_code(i));
		pid_t p = fork();
		if (p < 0)
			fail("fork", i);
		if (p == 0) {
			char *args[] = {(char *)self, MARKER, code, NULL};
			execve(self, args, environ);
			_exit(EXEC_FAILED);
		}
		int st;
		if (waitpid(p, &st, 0) != p)
			fail("waitpid", i);
		if (!WIFEXITED(st))
			fail("child-not-exited", i);
		if (WEXITSTATUS(st) == EXEC_FAILED)
			fail("execve", i);
		if (WEXITSTATUS(st) != child_code(i))
			fail("child-status", i);
	}
}

int main(int argc, char **argv)
{
	if (argc == 3 && strcmp(argv[1], MARKER) == 0)
		_exit(atoi(argv[2]));

	long ops = parse_ops(argc, argv, DEFAULT_OPS);
	static char self[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	if (n > 0)
		self[n] = '\0';
	else if (argv[0] != NULL && strlen(argv[0]) < sizeof(self))
		strcpy(self, argv[0]);
	else
		fail("no-self-path", 0);

	long warm = warmup(ops);
	fflush(stdout);
	run(self, 0, warm);
	struct exits e;
	exits_start(&e);
	double t0 = now();
	run(self, warm, ops);
	double s = now() - t0;
	printf("result workload=%s ops=%ld seconds=%.6f us_per_op=%.3f check=ok warmup=%ld%s\n",
	       NAME, ops, s, s / (double)ops * 1e6, warm, exits_end(&e, ops));
	return 0;
}
