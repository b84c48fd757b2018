/* Hypervisor messages go to the console device with a prefix that no guest output carries. */
#include <stdarg.h>

#include "lib/printk.h"
#include "lib/spinlock.h"

/* Harts that hold different locks may write at once (core/hv_lock.h). */
static struct spinlock console_spin;

void console_lock(void)
{
	spin_lock(&console_spin);
}

void console_unlock(void)
{
	spin_unlock(&console_spin);
}

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
	char buf[1536]; /* the stats line is about 1000 characters */
	va_list ap;

	va_start(ap, fmt);
	int n = vsnprintf_sv(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (n >= (int)sizeof(buf))
		n = sizeof(buf) - 1;
	console_lock();
	if (console_before_message)
		console_before_message();
	console_write("[shadowvisor] ", 14);
	console_write(buf, (size_t)n);
	console_unlock();
}
