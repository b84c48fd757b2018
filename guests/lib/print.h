/* SPDX-License-Identifier: MIT */
/* Test guests: tiny console output helpers over the legacy SBI putchar. */
#ifndef GUEST_PRINT_H
#define GUEST_PRINT_H

void print_str(const char *s);
/* "0x" followed by lowercase hex without leading zeros ("0x0" for zero). */
void print_hex(unsigned long v);
void print_udec(unsigned long v);
void print_dec(long v);

#endif /* GUEST_PRINT_H */
