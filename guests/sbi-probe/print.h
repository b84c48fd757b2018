/* SPDX-License-Identifier: MIT */
/* sbi-probe: tiny console output helpers over the legacy SBI putchar. */
#ifndef SBI_PROBE_PRINT_H
#define SBI_PROBE_PRINT_H

void print_str(const char *s);
/* "0x" followed by lowercase hex without leading zeros ("0x0" for zero). */
void print_hex(unsigned long v);
void print_udec(unsigned long v);
void print_dec(long v);

#endif /* SBI_PROBE_PRINT_H */
