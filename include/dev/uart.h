/* The host's 16550 UART: the console of the hypervisor and, through SBI, of its guests. */
#ifndef DEV_UART_H
#define DEV_UART_H

#include <stdint.h>

void uart_init(uint64_t base, unsigned reg_shift);
void uart_putc(char c);
int uart_getc(void); /* -1 when no byte is waiting */

#endif
