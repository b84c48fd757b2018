/* Operations shared by an SBI extension and its SBI v0.1 legacy counterpart. */
#ifndef SBI_SBI_COMMON_H
#define SBI_SBI_COMMON_H

#include <stdint.h>

struct vcpu;

void sbi_console_putchar(struct vcpu *v, char c);
void sbi_ipi_raise(struct vcpu *target, void *unused);
/* SRST semantics: ends the VM; returns only an error for bad arguments. */
long sbi_system_reset(struct vcpu *v, uint64_t type, uint64_t reason);

#endif
