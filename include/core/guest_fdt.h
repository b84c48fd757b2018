/* The device tree a guest boots with: generated per VM, never copied from the host. */
#ifndef CORE_GUEST_FDT_H
#define CORE_GUEST_FDT_H

#include <stddef.h>
#include <stdint.h>

struct guest_fdt_params {
	uint64_t ram_gpa, ram_size;
	uint64_t initrd_start, initrd_end; /* both 0 without an initramfs */
	const char *bootargs;
	uint32_t timebase_hz;
	const char *host_isa; /* filtered: the guest sees only what it may use */
	const char *mmu_type; /* the deepest paging mode the VM's MMU offers */
	unsigned nvcpus;
};

/* Room for the tree of any VM today (one vCPU, the longest append: under 2 KiB), and of eight
 * vCPUs with a few hundred bytes of append (3 KiB). */
#define GUEST_FDT_FIRST_TRY 4096u

/*
 * The size written, or -1 if it does not fit in cap. Of buf, no more than the first
 * GUEST_FDT_FIRST_TRY bytes are written when the tree fits in them (the rest is left as it is).
 */
int guest_fdt_build(void *buf, uint32_t cap, const struct guest_fdt_params *p);
/* Removes from a riscv,isa string what guests must not be told about (H, Sstc, Svpbmt, ...). */
int guest_isa_filter(const char *host, char *out, size_t cap);

#endif
