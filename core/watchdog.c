/* Waits for interrupts, ended by events rather than sampled: see include/core/watchdog.h. */
#include "core/watchdog.h"

#include "arch/csr.h"

static uint8_t slot_bit(unsigned irq)
{
	return (uint8_t)(1u << (irq / 4));
}

void watchdog_irq_changed(struct irq_watch *w, unsigned irq)
{
	w->waiting &= (uint8_t)~slot_bit(irq);
}

void watchdog_idle(struct irq_watch *w)
{
	w->waiting = 0;
}

bool watchdog_look(struct irq_watch *w, struct irq_view iv, uint64_t now, uint64_t limit)
{
	bool stuck = false;

	for (unsigned irq = IRQ_S_SOFT; irq <= IRQ_S_EXT; irq += 4) {
		uint8_t bit = slot_bit(irq);
		if (!iv.masked || !(iv.waiting & (1ull << irq))) {
			w->waiting &= (uint8_t)~bit;
		} else if (!(w->waiting & bit)) {
			w->waiting |= bit;
			w->since[irq / 4] = now;
		} else if (now - w->since[irq / 4] >= limit) {
			stuck = true;
		}
	}
	return stuck;
}
