/* Formatted output: the portable formatter and the hypervisor console. */
#ifndef LIB_PRINTK_H
#define LIB_PRINTK_H

#include <stdarg.h>
#include <stddef.h>

/* %d %i %u %x %X %p %s %c %%, flags '-' '0', width, precision (for %s), h/l/ll/z modifiers. */
int vsnprintf_sv(char *buf, size_t size, const char *fmt, va_list ap);
int snprintf_sv(char *buf, size_t size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* Hypervisor messages on the console, each line prefixed so they never pass for guest output. */
void printk(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void console_write(const char *s, size_t n);
/* Around output that must not mix with a message another hart prints meanwhile; printk takes
 * it itself. */
void console_lock(void);
void console_unlock(void);
/* Where the console's bytes go (the UART, set at boot); nothing is written before. */
extern void (*console_putc)(char c);
/* Called before each message, so it starts on a line of its own (set by core/vconsole.c). */
extern void (*console_before_message)(void);

#endif
