/* SiFive CLINT: per-hart mtimecmp; time itself is read with rdtime. */
#include "dev/timer.h"

#include "arch/csr.h"

#define CLINT_MTIMECMP(h) (0x4000 + 8 * (h))

static uintptr_t clint;
static uint32_t hz;

void timer_init(uint64_t clint_base, uint32_t timebase_hz)
{
	clint = (uintptr_t)clint_base;
	hz = timebase_hz;
}

uint64_t timer_now(void)
{
	return csr_read(time);
}

uint32_t timer_hz(void)
{
	return hz;
}

void timer_program(unsigned hartid, uint64_t deadline)
{
	*(volatile uint64_t *)(clint + CLINT_MTIMECMP(hartid)) = deadline;
}
