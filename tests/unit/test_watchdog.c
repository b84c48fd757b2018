/*
 * Unit tests for the "not answering" watchdog: an idle guest, whose timer fires at the very tick
 * that looks at it, is never stopped; a guest that keeps an interrupt waiting with interrupts off
 * is stopped at the limit and not before, whatever its other interrupts do.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <string.h>

#include "arch/csr.h"
#include "core/watchdog.h"

#define HZ    10000000ull /* QEMU virt's timebase */
#define LIMIT (10 * HZ)
#define TICK  (HZ / 100)

static const struct irq_view blocked_timer = {MIP_STIP, true};
static const struct irq_view nothing = {0, true};

/* Linux idling: wfi with SIE clear; its timer fires and the tick sees it waiting; the guest then
 * takes it and re-arms its timer through SBI, which clears STIP. For a minute of ticks. */
static void test_idle_guest_is_never_stopped(void **state)
{
	(void)state;
	struct irq_watch w;

	memset(&w, 0, sizeof(w));
	for (uint64_t now = TICK; now < 60 * HZ; now += TICK) {
		watchdog_irq_changed(&w, IRQ_S_TIMER); /* raised by the expired deadline */
		assert_false(watchdog_look(&w, blocked_timer, now, LIMIT));
		watchdog_irq_changed(&w, IRQ_S_TIMER); /* set_timer clears it */
		watchdog_idle(&w);                     /* and the guest waits again */
	}
}

/* The same guest seen only at ticks, with a raise in between but no look at the exit that took
 * it: every look finds the timer waiting, yet each is a new interrupt. */
static void test_new_interrupt_starts_a_new_wait(void **state)
{
	(void)state;
	struct irq_watch w;

	memset(&w, 0, sizeof(w));
	for (uint64_t now = TICK; now < 60 * HZ; now += TICK) {
		assert_false(watchdog_look(&w, blocked_timer, now, LIMIT));
		watchdog_irq_changed(&w, IRQ_S_TIMER);
		watchdog_irq_changed(&w, IRQ_S_TIMER);
	}
}

static void test_spinner_is_stopped_at_the_limit(void **state)
{
	(void)state;
	struct irq_watch w;
	uint64_t now = 3 * HZ;

	memset(&w, 0, sizeof(w));
	watchdog_irq_changed(&w, IRQ_S_TIMER);
	for (; now < 3 * HZ + LIMIT; now += TICK)
		assert_false(watchdog_look(&w, blocked_timer, now, LIMIT));
	assert_true(watchdog_look(&w, blocked_timer, now, LIMIT));
}

/* A look that finds the guest taking interrupts, or the interrupt gone, ends the wait. */
static void test_a_look_ends_the_wait(void **state)
{
	(void)state;
	const struct irq_view unmasked = {MIP_STIP, false};
	const struct irq_view disabled = {0, true};
	struct irq_watch w;

	memset(&w, 0, sizeof(w));
	for (int pass = 0; pass < 2; pass++) {
		assert_false(watchdog_look(&w, blocked_timer, 0, LIMIT));
		assert_false(watchdog_look(&w, blocked_timer, LIMIT - 1, LIMIT));
		assert_false(watchdog_look(&w, pass ? disabled : unmasked, LIMIT - 1, LIMIT));
		assert_int_equal(w.waiting, 0);
		assert_false(watchdog_look(&w, blocked_timer, LIMIT + 1, LIMIT));
		assert_false(watchdog_look(&w, blocked_timer, 2 * LIMIT, LIMIT));
		assert_true(watchdog_look(&w, blocked_timer, 2 * LIMIT + 1, LIMIT));
		watchdog_idle(&w);
	}
	assert_false(watchdog_look(&w, nothing, 5 * LIMIT, LIMIT));
	assert_int_equal(w.waiting, 0);
}

/* Other interrupts coming and going do not end the wait of one that stays blocked. */
static void test_waits_are_per_interrupt(void **state)
{
	(void)state;
	const struct irq_view both = {MIP_STIP | MIP_SSIP, true};
	struct irq_watch w;
	uint64_t now = 0;

	memset(&w, 0, sizeof(w));
	for (; now < LIMIT; now += TICK) {
		assert_false(
		    watchdog_look(&w, (now / TICK) % 2 ? both : blocked_timer, now, LIMIT));
		watchdog_irq_changed(&w, IRQ_S_SOFT);
	}
	assert_true(watchdog_look(&w, blocked_timer, now, LIMIT));
	/* The external interrupt has its own wait, begun later. */
	const struct irq_view ext = {MIP_SEIP, true};
	memset(&w, 0, sizeof(w));
	assert_false(watchdog_look(&w, ext, 0, LIMIT));
	watchdog_irq_changed(&w, IRQ_S_TIMER);
	assert_true(watchdog_look(&w, ext, LIMIT, LIMIT));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_idle_guest_is_never_stopped),
	    cmocka_unit_test(test_new_interrupt_starts_a_new_wait),
	    cmocka_unit_test(test_spinner_is_stopped_at_the_limit),
	    cmocka_unit_test(test_a_look_ends_the_wait),
	    cmocka_unit_test(test_waits_are_per_interrupt),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
