/* Hypervisor messages go to the console device with a prefix that no guest output carries. */
#include <stdarg.h>

#include "lib/printk.h"

void (*console_putc)(char c);

void console_write(const char *s, size_t n)
{
	for (size_t i = 0; console_putc && i < n; i++) {
		if (s[i] == '\n')
			console_putc('\r');
		console_putc(s[i]);
	}
}

void (*console_before_message)(void);

void printk(const char *fmt, ...)
{
	char buf[1024]; /* the stats line is over 512 characters */
	va_list ap;

	va_start(ap, fmt);
	int n = vsnprintf_sv(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (n >= (int)sizeof(buf))
		n = sizeof(buf) - 1;
	if (console_before_message)
		console_before_message();
	console_write("[shadowvisor] ", 14);
	console_write(buf, (size_t)n);
}
