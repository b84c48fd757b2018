/* Test guests: the registers guests/lib/start.S saves on a trap, and the handler each guest writes.
 */
#ifndef GUEST_TRAP_H
#define GUEST_TRAP_H

/* A handler may change them (e.g. a0) and they are restored on sret. */
struct trap_regs {
	unsigned long ra, t0, t1, t2, t3, t4, t5, t6;
	unsigned long a0, a1, a2, a3, a4, a5, a6, a7;
};

void trap_handler(struct trap_regs *regs);
/* The vector to put in stvec (direct mode). */
extern char trap_vector[];

#endif
