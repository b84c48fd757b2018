/*
 * "Not answering": a vCPU that keeps an enabled interrupt pending while it runs with interrupts
 * off, continuously, for a set time. An idle guest waits in wfi with interrupts off, and its
 * timer fires exactly when the hypervisor's tick looks at it, so a look at ticks alone sees a
 * guest that always seems blocked. A wait here ends at the events that end it:
 * - the interrupt is cleared or raised anew (the hypervisor changes the bit: the guest took the
 *   last one and asked for the next, as a timer handler does through SBI set_timer);
 * - the vCPU idles in wfi;
 * - a look finds the interrupt no longer pending or enabled, or the vCPU taking interrupts
 *   (U-mode, or sstatus.SIE set). Looks come at every tick and, while a wait runs, at every exit.
 * Portable: the caller passes the vCPU's interrupt state and the time.
 */
#ifndef CORE_WATCHDOG_H
#define CORE_WATCHDOG_H

#include <stdbool.h>
#include <stdint.h>

#include "mmu/mmu.h"

/* One wait per supervisor interrupt: software (1), timer (5), external (9), as irq / 4. */
#define WATCHDOG_IRQS 3

struct irq_watch {
	uint64_t since[WATCHDOG_IRQS];
	uint8_t waiting; /* bit irq / 4 set: since[irq / 4] is when that wait began */
};

/* The hypervisor raised or cleared interrupt irq (IRQ_S_*): any wait for it is over. */
void watchdog_irq_changed(struct irq_watch *w, unsigned irq);
/* The vCPU idles in wfi. */
void watchdog_idle(struct irq_watch *w);
/* A look at the vCPU's interrupts at time now: true when one has waited at least limit. */
bool watchdog_look(struct irq_watch *w, struct irq_view iv, uint64_t now, uint64_t limit);

#endif
