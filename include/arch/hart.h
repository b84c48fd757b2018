/* How many harts the hypervisor runs on, and the stack each gets (boot/entry.S). */
#ifndef ARCH_HART_H
#define ARCH_HART_H

#define MAX_HARTS       8
#define HART_STACK_SIZE (16 * 1024)

#endif
