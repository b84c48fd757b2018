/*
 * svcounters: the exit counts of workload.h for shell scripts (shellmacro.sh), whose
 * measurements span whole processes.
 *
 * usage: svcounters save                       prints every counter now (or "na" natively)
 *        svcounters report OPS START C0 C1     prints the result line's exit fields per op
 *                                              since START (a `save` output), less the cost
 *                                              of an empty measurement (C1 - C0)
 */
#define NAME "svcounters"
#include <string.h>

#include "workload.h"

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
