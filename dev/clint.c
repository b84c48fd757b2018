/* SiFive CLINT: per-hart mtimecmp and msip; time itself is read with rdtime. */
#include "dev/ipi.h"
#include "dev/timer.h"

#include "arch/csr.h"

#define CLINT_MSIP(h)     (4 * (h))
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

void ipi_send(unsigned hartid)
{
	*(volatile uint32_t *)(clint + CLINT_MSIP(hartid)) = 1;
}

void ipi_clear(unsigned hartid)
{
	*(volatile uint32_t *)(clint + CLINT_MSIP(hartid)) = 0;
}
