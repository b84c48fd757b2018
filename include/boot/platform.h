/* What the host device tree says about the machine; nothing here is hard-coded. */
#ifndef BOOT_PLATFORM_H
#define BOOT_PLATFORM_H

#include <stdbool.h>
#include <stdint.h>

#define BOOT_MODULES_MAX 16

/* An image QEMU's guest-loader placed in host RAM, from a /chosen/module@ node. */
struct boot_module {
	uint64_t base, size;
	bool kernel; /* "multiboot,kernel", else "multiboot,ramdisk" */
	/* Kernel modules: the VM's configuration, where the tree holds it (platform_bootargs).
	 * An offset, not a pointer, so that the tree can move without a probe of the copy. */
	uint32_t bootargs_off, bootargs_len;
};

struct platform {
	uint64_t ram_base, ram_size;
	uint64_t uart_base;
	unsigned uart_shift;
	uint64_t clint_base;
	uint64_t test_base;
	uint64_t dtb_base, dtb_size;
	uint32_t timebase_hz;
	unsigned nharts;
	char isa[256]; /* riscv,isa of the boot hart */
	struct boot_module modules[BOOT_MODULES_MAX];
	unsigned nmodules;
	char error[128]; /* why platform_probe failed */
};

extern struct platform platform;

/*
 * Fills `platform` from the device tree at dtb, which may be malformed; returns -1 with the reason
 * in platform.error if it is unusable. The UART and the exit device are read first, so that they
 * are known (non-zero) whenever the tree names them well enough, to say why and end the machine.
 */
int platform_probe(const void *dtb);

/* The probed tree has been copied, whole, to dtb: what the platform refers to is read there. */
void platform_dtb_moved(const void *dtb);

/* A module's bootargs in the tree (bootargs_len bytes with the NUL), or NULL if it has none. */
const char *platform_bootargs(const struct boot_module *m);

#endif
