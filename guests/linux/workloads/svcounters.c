/*
 * svcounters: the exit counts of workload.h for shell scripts (shellmacro.sh), whose
 * measurements span whole processes.
 *
 * usage: svcounters save                       prints every counter now (or "na" natively)
 *        svcounters report OPS START C0 C1     prints the result line's exit fields per op
 *                                              since START (a `save` output), less the cost
 *                                              of an empty measurement (C1 - C0)
 *        svcounters check                      checks the backdoor's limits from user mode:
 *                                              prints "backdoor: ok", "backdoor: na" natively,
 *                                              or "backdoor: FAILED WHAT" (exit status 1)
 */
#define NAME "svcounters"
#include <string.h>

#include "sbi/sbi.h"
#include "workload.h"

#define OTHER_CUSTOM0_INSN 0x5360000bu /* the backdoor's neighbour: must stay illegal */

static int check_failed(const char *what)
{
	printf("backdoor: FAILED %s\n", what);
	return 1;
}

/* User mode reaches the counters and nothing else: not SRST, not another custom-0 encoding. */
static int check(void)
{
	struct sigaction sa = {.sa_handler = sv_sigill}, old;
	long v, before, after;
	volatile bool trapped = false;

	if (!counters_probe()) {
		puts("backdoor: na");
		return 0;
	}
	if (sv_call(SV_FID_NUM_COUNTERS, 0, &v) != SBI_SUCCESS || v != SV_CTR_COUNT)
		return check_failed("num-counters");
	if (sv_call(SV_FID_READ, SV_CTR_COUNT, &v) != SBI_ERR_INVALID_PARAM)
		return check_failed("index-out-of-range");
	if (sv_call(SV_FID_READ, SV_CTR_EXITS, &before) != SBI_SUCCESS ||
	    sv_call(SV_FID_READ, SV_CTR_EXITS, &after) != SBI_SUCCESS || after <= before)
		return check_failed("exits-not-counting");
	/* This program's own pages, at least, have memory behind them. */
	if (sv_call(SV_FID_READ, SV_CTR_MEM_RESIDENT, &v) != SBI_SUCCESS || v <= 0 ||
	    sv_call(SV_FID_READ, SV_CTR_MEM_HOST_FREE, &v) != SBI_SUCCESS || v < 0)
		return check_failed("memory-counters");
	/* A shutdown request: the VM going down here fails the run. */
	if (sv_call_ext(SBI_EXT_SRST, 0, 0, &v) != SBI_ERR_NOT_SUPPORTED)
		return check_failed("other-extension-reachable");
	sigaction(SIGILL, &sa, &old);
	if (sigsetjmp(sv_sigill_jmp, 1) == 0)
		__asm__ volatile(".4byte %0" : : "i"(OTHER_CUSTOM0_INSN));
	else
		trapped = true;
	sigaction(SIGILL, &old, NULL);
	if (!trapped)
		return check_failed("other-encoding-not-illegal");
	puts("backdoor: ok");
	return 0;
}

/* A `save` output back into counts; false for "na" or garbage. */
static bool parse_counts(const char *s, uint64_t v[SV_CTR_COUNT])
{
	for (int i = 0; i < SV_CTR_COUNT; i++) {
		char *end;
		errno = 0;
		v[i] = strtoull(s, &end, 10);
		if (errno != 0 || end == s)
			return false;
		s = end;
	}
	return true;
}

int main(int argc, char **argv)
{
	uint64_t v[SV_CTR_COUNT], c0[SV_CTR_COUNT], c1[SV_CTR_COUNT];
	struct exits e;

	if (argc == 2 && strcmp(argv[1], "save") == 0) {
		if (!counters_probe() || !counters_read(v)) {
			puts("na");
			return 0;
		}
		for (int i = 0; i < SV_CTR_COUNT; i++)
			printf("%llu%c", (unsigned long long)v[i],
			       i + 1 < SV_CTR_COUNT ? ' ' : '\n');
		return 0;
	}
	if (argc == 2 && strcmp(argv[1], "check") == 0)
		return check();
	if (argc != 6 || strcmp(argv[1], "report") != 0)
		fail("usage", 0);
	long ops = parse_arg(argc, argv, 2, 1, LONG_MAX);
	if (!parse_counts(argv[3], e.start) || !parse_counts(argv[4], c0) ||
	    !parse_counts(argv[5], c1) || !counters_read(v)) {
		puts(" exits=na");
		return 0;
	}
	for (int i = 0; i < SV_CTR_COUNT; i++)
		e.cost[i] = c1[i] - c0[i];
	puts(exits_format(&e, v, ops));
	return 0;
}
