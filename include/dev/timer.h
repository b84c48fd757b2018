/* The CLINT's machine timer, shared by every guest on a hart through core/vtimer.c. */
#ifndef DEV_TIMER_H
#define DEV_TIMER_H

#include <stdint.h>

void timer_init(uint64_t clint_base, uint32_t timebase_hz);
uint64_t timer_now(void);
uint32_t timer_hz(void);
void timer_program(unsigned hartid, uint64_t deadline); /* UINT64_MAX disarms */

#endif
