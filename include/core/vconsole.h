/*
 * The machine's one UART, shared by every VM and the hypervisor's own console. With several
 * VMs, each line a VM prints is labelled "[name] " and written whole. Input is polled and goes to
 * one place at a time: Ctrl-] (0x1d) then a digit gives it to that VM, `h` to the hypervisor
 * console, `n` to the next VM, Ctrl-] again sends a literal Ctrl-].
 */
#ifndef CORE_VCONSOLE_H
#define CORE_VCONSOLE_H

#include <stdbool.h>
#include <stdint.h>

#define VCONSOLE_ESCAPE   0x1d
#define VCONSOLE_FLUSH_MS 20 /* an unfinished line waits this long for the rest */

struct vm;

/* label_lines: label output lines with their VM's name (when more than one VM exists). */
void vconsole_init(bool label_lines);
void vconsole_putc(struct vm *vm, char c);
/* Writes what the VM has buffered (before a message about it, or when it ends). */
void vconsole_flush(struct vm *vm);
/* Writes the unfinished lines that have waited long enough (called on every timer tick). */
void vconsole_tick(uint64_t now);
/* Reads the UART and routes what arrived (to a VM's console input, or the hypervisor's). */
void vconsole_poll(void);
/* Gives the input to this VM, or to the hypervisor console when vm is NULL. */
void vconsole_focus(struct vm *vm);

#endif
