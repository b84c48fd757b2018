/* Labelled output, focused input: see include/core/vconsole.h. */
#include "core/vconsole.h"

#include <string.h>

#include "core/hvconsole.h"
#include "core/vm.h"
#include "dev/timer.h"
#include "dev/uart.h"
#include "lib/printk.h"

static bool labelled;
static struct vm *last_writer; /* whose line the UART's cursor is in, if unfinished */
static struct vm *focus;       /* the VM input goes to (vm 0 until told otherwise) */
static bool focus_hv, escape_pending;

static void break_line(void)
{
	if (last_writer && last_writer->console.mid_line)
		uart_putc('\n');
	last_writer = NULL;
}

void vconsole_init(bool label_lines)
{
	labelled = label_lines;
	focus = vm_at(0);
	console_before_message = break_line;
}

static void label(const struct vm *vm)
{
	console_write("[", 1);
	console_write(vm->cfg.name, strlen(vm->cfg.name));
	console_write("] ", 2);
}

/* Writes what the VM has buffered: on the line it left unfinished, or on a new labelled one. */
void vconsole_flush(struct vm *vm)
{
	struct vm_console *con = &vm->console;

	if (!con->out_len)
		return;
	console_lock();
	if (last_writer != vm)
		break_line();
	if (last_writer != vm || !con->mid_line)
		label(vm);
	for (unsigned i = 0; i < con->out_len; i++)
		uart_putc(con->out[i]);
	con->mid_line = con->out[con->out_len - 1] != '\n';
	con->out_len = 0;
	last_writer = vm;
	console_unlock();
}

/*
 * With one VM its output goes straight out. With several, each VM's output is buffered and
 * written a line at a time, so lines do not interleave; a line left unfinished (a prompt) is
 * written by vconsole_tick a little later.
 */
void vconsole_putc(struct vm *vm, char c)
{
	struct vm_console *con = &vm->console;

	if (!labelled) {
		console_lock();
		uart_putc(c);
		console_unlock();
		return;
	}
	if (!con->out_len)
		con->out_since = timer_now();
	con->out[con->out_len++] = c;
	if (c == '\n' || con->out_len == VCONSOLE_LINE)
		vconsole_flush(vm);
}

void vconsole_tick(uint64_t now)
{
	uint64_t stale = (uint64_t)timer_hz() * VCONSOLE_FLUSH_MS / 1000;
	struct vm *vm;

	for (unsigned i = 0; (vm = vm_at(i)); i++)
		if (vm->console.out_len && now - vm->console.out_since >= stale)
			vconsole_flush(vm);
}

void vconsole_focus(struct vm *vm)
{
	focus_hv = vm == NULL;
	if (vm)
		focus = vm;
	console_lock();
	break_line();
	console_unlock();
	if (focus_hv)
		hvconsole_enter();
	else
		printk("console input goes to vm%u '%s' (Ctrl-] h: hypervisor console)\n", vm->id,
		       vm->cfg.name);
}

/* A full ring drops input, as a UART's FIFO would. */
static void deliver(char c)
{
	struct vm *vm;

	if (!focus_hv)
		ring_put(&focus->console.in, c);
	else if ((vm = hvconsole_input(c)))
		vconsole_focus(vm);
}

/* The key after Ctrl-]. */
static void escape(char c)
{
	if (c == VCONSOLE_ESCAPE) {
		deliver(c);
	} else if (c == 'h') {
		vconsole_focus(NULL);
	} else if (c == 'n') {
		struct vm *next = vm_at(focus_hv ? focus->id : focus->id + 1);
		vconsole_focus(next ? next : vm_at(0));
	} else if (c >= '0' && c <= '9' && vm_at((unsigned)(c - '0'))) {
		vconsole_focus(vm_at((unsigned)(c - '0')));
	}
}

void vconsole_poll(void)
{
	for (int c; (c = uart_getc()) >= 0;) {
		if (escape_pending)
			escape((char)c);
		else if (c != VCONSOLE_ESCAPE)
			deliver((char)c);
		escape_pending = !escape_pending && c == VCONSOLE_ESCAPE;
	}
}
