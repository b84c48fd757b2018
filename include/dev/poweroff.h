/* Ending the whole machine: QEMU's sifive,test0 device turns a status into QEMU's exit code. */
#ifndef DEV_POWEROFF_H
#define DEV_POWEROFF_H

#include <stdint.h>

void poweroff_init(uint64_t test_dev_base);
/* status 0 exits QEMU with 0; anything else exits with that status (1..0xffff). */
__attribute__((noreturn)) void machine_exit(unsigned status);

#endif
