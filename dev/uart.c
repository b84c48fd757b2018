/* 16550 UART, polled: the hypervisor never takes device interrupts. */
#include "dev/uart.h"

#define UART_RBR 0
#define UART_THR 0
#define UART_IER 1
#define UART_FCR 2
#define UART_LSR 5
#define LSR_DR   0x01
#define LSR_THRE 0x20

static volatile uint8_t *uart_base;
static unsigned uart_shift;

static inline uint8_t rd(unsigned reg)
{
	return uart_base[reg << uart_shift];
}

static inline void wr(unsigned reg, uint8_t v)
{
	uart_base[reg << uart_shift] = v;
}

void uart_init(uint64_t base, unsigned reg_shift)
{
	uart_base = (volatile uint8_t *)(uintptr_t)base;
	uart_shift = reg_shift;
	wr(UART_IER, 0);
	wr(UART_FCR, 0x07); /* enable and clear FIFOs */
}

void uart_putc(char c)
{
	if (!uart_base)
		return;
	while (!(rd(UART_LSR) & LSR_THRE))
		;
	wr(UART_THR, (uint8_t)c);
}

int uart_getc(void)
{
	if (!uart_base || !(rd(UART_LSR) & LSR_DR))
		return -1;
	return rd(UART_RBR);
}
