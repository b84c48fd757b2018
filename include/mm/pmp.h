/* PMP: the second line of defence, confining S and U to the running VM's memory. */
#ifndef MM_PMP_H
#define MM_PMP_H

#include <stdint.h>

struct vm;

/* Grants the VM's RAM read/write/execute and its page-table pool read (for the page walker). */
void pmp_enter_vm(const struct vm *vm);

#endif
