#ifndef CORE_PANIC_H
#define CORE_PANIC_H

/* A hypervisor bug or an impossible state: report and end the machine with status 1. */
__attribute__((noreturn, format(printf, 1, 2))) void panic(const char *fmt, ...);

#endif
