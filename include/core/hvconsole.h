/*
 * The hypervisor's own console (Ctrl-] h): one command per line.
 *   list            every VM: id, name, mode, state, memory, exits
 *   stats [VM]      the counters line of one VM or all
 *   stop VM         stops a running VM
 *   restart VM      rebuilds a VM from its original images and starts it again
 *   vm VM           gives the console input to that VM (as Ctrl-] and its digit do)
 *   help
 * VM is an id or a name.
 */
#ifndef CORE_HVCONSOLE_H
#define CORE_HVCONSOLE_H

/* The console's input just came here: show the prompt. */
void hvconsole_enter(void);
struct vm;

/* One input byte: echoed, edited, and a command run at the end of its line. Returns the VM the
 * input goes to from now on (the vm command), or NULL. */
struct vm *hvconsole_input(char c);

#endif
