/* The hypervisor console's line editor and commands: see include/core/hvconsole.h. */
#include "core/hvconsole.h"

#include <string.h>

#include "core/stats.h"
#include "core/vconsole.h"
#include "core/vm.h"
#include "dev/uart.h"
#include "lib/printk.h"
#include "lib/util.h"

#define LINE_MAX 64

static char line[LINE_MAX];
static unsigned len;

static const char *const state_names[] = {"empty", "running", "stopped"};

void hvconsole_enter(void)
{
	console_write("shadowvisor> ", 13);
}

static struct vm *find_vm(const char *arg)
{
	for (unsigned i = 0; i < VM_MAX; i++) {
		struct vm *vm = &vms[i];
		if (vm->state == VM_EMPTY)
			continue;
		if (strcmp(arg, vm->cfg.name) == 0 || (arg[0] == (char)('0' + i) && arg[1] == '\0'))
			return vm;
	}
	printk("no VM '%s' (list shows them)\n", arg);
	return NULL;
}

static void cmd_list(void)
{
	for (unsigned i = 0; i < VM_MAX; i++) {
		const struct vm *vm = &vms[i];
		if (vm->state != VM_EMPTY)
			printk("vm%u %-12s %-7s %-8s %5lu MiB exits=%lu\n", vm->id, vm->cfg.name,
			       vm->mmu->name, state_names[vm->state],
			       (unsigned long)(vm->cfg.mem / MiB), vm->stats.exits);
	}
}

static void run(char *cmd)
{
	char *arg = strchr(cmd, ' ');
	struct vm *vm = NULL;

	if (arg) {
		*arg++ = '\0';
		while (*arg == ' ')
			arg++;
	}
	if (arg && *arg && !(vm = find_vm(arg)))
		return;
	if (strcmp(cmd, "list") == 0) {
		cmd_list();
	} else if (strcmp(cmd, "stats") == 0) {
		for (unsigned i = 0; i < VM_MAX; i++)
			if (vms[i].state != VM_EMPTY && (!vm || vm == &vms[i]))
				stats_print(&vms[i]);
	} else if (strcmp(cmd, "stop") == 0 && vm) {
		if (vm->state == VM_RUNNING)
			vm_stop(vm, VM_END_SHUTDOWN, "stopped from the hypervisor console");
	} else if (strcmp(cmd, "restart") == 0 && vm) {
		vm_request_restart(vm);
	} else if (strcmp(cmd, "vm") == 0 && vm) {
		vconsole_focus(vm);
		return;
	} else if (cmd[0]) {
		printk("commands: list, stats [VM], stop VM, restart VM, vm VM (Ctrl-] DIGIT "
		       "too), help\n");
	}
	hvconsole_enter();
}

void hvconsole_input(char c)
{
	if (console_before_message)
		console_before_message(); /* not on a VM's unfinished line */
	if (c == '\r' || c == '\n') {
		console_write("\n", 1);
		line[len] = '\0';
		len = 0;
		run(line);
	} else if ((c == 0x7f || c == '\b') && len) {
		len--;
		console_write("\b \b", 3);
	} else if (c >= ' ' && c < 0x7f && len < LINE_MAX - 1) {
		line[len++] = c;
		uart_putc(c);
	}
}
