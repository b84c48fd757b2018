/* SPDX-License-Identifier: MIT */
/* Test guests: tiny console output helpers over the legacy SBI putchar. */
#include "print.h"
#include "sbi.h"

void print_str(const char *s)
{
	while (*s != '\0')
		sbi_console_putchar(*s++);
}

void print_hex(unsigned long v)
{
	static const char digits[] = "0123456789abcdef";
	char buf[2 + 16 + 1];
	int i = (int)sizeof(buf) - 1;

	buf[i] = '\0';
	do {
		buf[--i] = digits[v & 0xf];
		v >>= 4;
	} while (v != 0);
	buf[--i] = 'x';
	buf[--i] = '0';
	print_str(&buf[i]);
}

void print_udec(unsigned long v)
{
	char buf[20 + 1];
	int i = (int)sizeof(buf) - 1;

	buf[i] = '\0';
	do {
		buf[--i] = (char)('0' + (v % 10));
		v /= 10;
	} while (v != 0);
	print_str(&buf[i]);
}

void print_dec(long v)
{
	if (v < 0) {
		sbi_console_putchar('-');
		/* Negate in unsigned arithmetic so LONG_MIN is fine. */
		print_udec(0UL - (unsigned long)v);
	} else {
		print_udec((unsigned long)v);
	}
}
