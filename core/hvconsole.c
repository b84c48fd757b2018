/* The hypervisor console's line editor and commands: see include/core/hvconsole.h. */
#include "core/hvconsole.h"

#include <string.h>

#include "core/hart.h"
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
	struct vm *vm;

	for (unsigned i = 0; (vm = vm_at(i)); i++) {
		if (strcmp(arg, vm->cfg.name) == 0 || (arg[0] == (char)('0' + i) && arg[1] == '\0'))
			return vm;
	}
	printk("no VM '%s' (list shows them)\n", arg);
	return NULL;
}

/* Where each vCPU is: "h1" loaded in hart 1, "-" in none. */
static void vcpu_places(const struct vm *vm, char *buf, size_t len)
{
	size_t at = 0;

	buf[0] = '\0';
	for (unsigned j = 0; j < vm->nvcpu && at < len; j++) {
		const struct vcpu *v = &vm->vcpu[j];
		at += (size_t)(v->on_hart ? snprintf_sv(buf + at, len - at, " h%u", v->hart)
		                          : snprintf_sv(buf + at, len - at, " -"));
	}
}

static void cmd_list(void)
{
	const struct vm *vm;
	char places[4 * VM_MAX_VCPUS + 1];

	for (unsigned i = 0; (vm = vm_at(i)); i++) {
		vcpu_places(vm, places, sizeof(places));
		printk("vm%u %-12s %-7s %-8s %5lu MiB resident=%lu MiB exits=%lu harts:%s\n",
		       vm->id, vm->cfg.name, vm->mode->name, state_names[vm->state],
		       (unsigned long)(vm->cfg.mem / MiB),
		       (unsigned long)(pmap_resident_bytes(&vm->pmap) / MiB), vm->stats.exits,
		       places);
	}
	vm_print_guest_memory();
}

/* Runs one command line; returns the VM to give the input to, if it says so. */
static struct vm *run(char *cmd)
{
	char *arg = strchr(cmd, ' ');
	struct vm *vm = NULL, *each;

	if (arg) {
		*arg++ = '\0';
		while (*arg == ' ')
			arg++;
	}
	if (arg && *arg && !(vm = find_vm(arg))) {
		hvconsole_enter();
		return NULL;
	}
	if (strcmp(cmd, "list") == 0) {
		cmd_list();
	} else if (strcmp(cmd, "stats") == 0) {
		for (unsigned i = 0; (each = vm_at(i)); i++)
			if (!vm || vm == each)
				vm_print_stats(each);
		if (!vm) {
			harts_print_stats();
			vm_print_guest_memory();
		}
	} else if (strcmp(cmd, "stop") == 0 && vm) {
		if (vm->state == VM_RUNNING)
			vm_request_stop(vm, VM_END_SHUTDOWN, "stopped from the hypervisor console");
	} else if (strcmp(cmd, "restart") == 0 && vm) {
		vm_request_restart(vm);
	} else if (strcmp(cmd, "vm") == 0 && vm) {
		return vm;
	} else if (cmd[0]) {
		printk("commands: list, stats [VM], stop VM, restart VM, vm VM (Ctrl-] DIGIT "
		       "too), help\n");
	}
	hvconsole_enter();
	return NULL;
}

struct vm *hvconsole_input(char c)
{
	if (console_before_message)
		console_before_message(); /* not on a VM's unfinished line */
	if (c == '\r' || c == '\n') {
		console_write("\n", 1);
		line[len] = '\0';
		len = 0;
		return run(line);
	}
	if ((c == 0x7f || c == '\b') && len) {
		len--;
		console_write("\b \b", 3);
	} else if (c >= ' ' && c < 0x7f && len < LINE_MAX - 1) {
		line[len++] = c;
		uart_putc(c);
	}
	return NULL;
}
