/*
 * What every workload shares: the clock, the failure form of the result line, argument parsing
 * and the hypervisor's exit counts. A workload defines NAME (its name in the result line)
 * before including this.
 */
#ifndef WORKLOAD_H
#define WORKLOAD_H

#include <errno.h>
#include <limits.h>
#include <setjmp.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "sbi/counters.h"

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

/*
 * Exit counts, through shadowvisor's backdoor instruction into its counters extension (see
 * include/sbi/counters.h). Natively the instruction raises SIGILL and the result line says
 * exits=na. Each measurement takes a snapshot and reads it back, SV_CTR_COUNT + 1 exits of its
 * own: the cost of an empty measurement is measured once and subtracted.
 */
static long sv_call_ext(long eid, long fid, long arg, long *value)
{
	register long a0 __asm__("a0") = arg;
	register long a1 __asm__("a1");
	register long a6 __asm__("a6") = fid;
	register long a7 __asm__("a7") = eid;

	__asm__ volatile(".4byte %4"
	                 : "+r"(a0), "=r"(a1)
	                 : "r"(a6), "r"(a7), "i"(SV_BACKDOOR_INSN)
	                 : "memory");
	*value = a1;
	return a0;
}

static long sv_call(long fid, long arg, long *value)
{
	return sv_call_ext(SBI_EXT_SV_COUNTERS, fid, arg, value);
}

static sigjmp_buf sv_sigill_jmp;

static void sv_sigill(int sig)
{
	(void)sig;
	siglongjmp(sv_sigill_jmp, 1);
}

/* Every counter at one instant; false when there is no hypervisor to ask. */
static bool counters_read(uint64_t v[SV_CTR_COUNT])
{
	long x;

	if (sv_call(SV_FID_SNAPSHOT, 0, &x) != 0)
		return false;
	for (int i = 0; i < SV_CTR_COUNT; i++) {
		if (sv_call(SV_FID_READ_SNAPSHOT, i, &x) != 0)
			return false;
		v[i] = (uint64_t)x;
	}
	return true;
}

/* Whether the backdoor works: natively it raises SIGILL, caught here. */
static bool counters_probe(void)
{
	struct sigaction sa = {.sa_handler = sv_sigill}, old;
	uint64_t v[SV_CTR_COUNT];
	bool ok = false;

	sigaction(SIGILL, &sa, &old);
	if (sigsetjmp(sv_sigill_jmp, 1) == 0)
		ok = counters_read(v);
	sigaction(SIGILL, &old, NULL);
	return ok;
}

struct exits {
	bool ok;
	uint64_t start[SV_CTR_COUNT], cost[SV_CTR_COUNT]; /* cost: of an empty measurement */
};

/* Call right before the timed part: probes for the hypervisor, then takes the first counts. */
static inline void exits_start(struct exits *e)
{
	uint64_t a[SV_CTR_COUNT], b[SV_CTR_COUNT];

	e->ok = counters_probe();
	/* The least of three empty measurements: a timer interrupt may land in one. */
	for (int k = 0; e->ok && k < 3; k++) {
		counters_read(a);
		counters_read(b);
		for (int i = 0; i < SV_CTR_COUNT; i++)
			if (k == 0 || b[i] - a[i] < e->cost[i])
				e->cost[i] = b[i] - a[i];
	}
	if (e->ok)
		counters_read(e->start);
}

/* The result line's exit fields, per op, from end's counts, in a static buffer. */
static inline const char *exits_format(const struct exits *e, const uint64_t end[SV_CTR_COUNT],
                                       long ops)
{
	static char buf[512];
	double d[SV_CTR_COUNT];

	for (int i = 0; i < SV_CTR_COUNT; i++) {
		uint64_t n = end[i] - e->start[i];
		d[i] = n > e->cost[i] ? (double)(n - e->cost[i]) / (double)ops : 0.0;
	}
	snprintf(buf, sizeof(buf),
	         " exits_per_op=%.3f pf_per_op=%.3f illegal_per_op=%.3f sbi_per_op=%.3f "
	         "irq_per_op=%.3f reflected_per_op=%.3f satp_per_op=%.3f sfence_per_op=%.3f "
	         "shadow_faults_per_op=%.3f pt_writes_per_op=%.3f hv_insns_per_op=%.0f",
	         d[SV_CTR_EXITS], d[SV_CTR_PAGE_FAULT], d[SV_CTR_ILLEGAL], d[SV_CTR_ECALL],
	         d[SV_CTR_TIMER_IRQ], d[SV_CTR_REFLECTED], d[SV_CTR_SATP_WRITES], d[SV_CTR_SFENCE],
	         d[SV_CTR_MODE_SHADOW_FAULTS], d[SV_CTR_MODE_PT_WRITES], d[SV_CTR_HV_INSNS]);
	return buf;
}

/* Call right after the timed part. */
static inline const char *exits_end(const struct exits *e, long ops)
{
	uint64_t end[SV_CTR_COUNT];

	return e->ok && counters_read(end) ? exits_format(e, end, ops) : " exits=na";
}

#endif
