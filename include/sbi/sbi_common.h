/* Operations shared by an SBI extension and its SBI v0.1 legacy counterpart. */
#ifndef SBI_SBI_COMMON_H
#define SBI_SBI_COMMON_H

#include <stdint.h>

struct sbi_call;

/* One byte for the VM's console, as the call's effect. */
void sbi_console_putchar(struct sbi_call *c, char ch);
/* SRST semantics: an error, or SBI_SUCCESS with the reset as the call's effect. */
long sbi_system_reset(struct sbi_call *c, uint64_t type, uint64_t reason);

#endif
