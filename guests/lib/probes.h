/*
 * Test guests: single accesses that may fault (probes.S). A guest's trap handler steps over a
 * faulting one: sepc + 4 when sepc is in [probes_start, probes_end), and for a fetch fault at
 * probe_call's target, sepc = the trapped ra.
 */
#ifndef GUEST_PROBES_H
#define GUEST_PROBES_H

unsigned long probe_ld(unsigned long va);
void probe_sd(unsigned long va, unsigned long val); /* va may be misaligned */
/* The AMOs return the old value. */
unsigned long probe_amoor(unsigned long va, unsigned long bits);
unsigned long probe_amoswap(unsigned long va, unsigned long val);
unsigned long probe_amoadd(unsigned long va, unsigned long val);
/* Clears bits with a constrained LR/SC loop: the old value, or ~0 after 1000 failed SCs. */
unsigned long probe_lrsc_clear(unsigned long va, unsigned long bits);
unsigned long probe_call(unsigned long pc);
extern char probes_start[], probes_end[];

#endif
