/* A VM's configuration: the bootargs of its kernel module, parsed and checked here. */
#ifndef CORE_VM_CONFIG_H
#define CORE_VM_CONFIG_H

#include <stddef.h>
#include <stdint.h>

#include "mmu/mmu.h"

#define VM_NAME_MAX   32
#define VM_APPEND_MAX 1024

struct vm_config {
	char name[VM_NAME_MAX];
	uint64_t mem;  /* bytes */
	uint64_t pool; /* page-table pool bytes; 0 = derived from mem */
	enum mmu_mode_id mode;
	unsigned gstage_levels; /* nested mode's G-stage: 3 (Sv39x4) or 4 (Sv48x4); 0 = default */
	unsigned vcpus;
	char append[VM_APPEND_MAX];
	uint64_t initrd_module; /* host address of its ramdisk module, 0 for none */
};

/*
 * Lines of key=value (name, mem, pool, mode, gstage, vcpus, append, initrd). Sizes take K, M or G;
 * initrd is the address of the VM's ramdisk module, in hex with 0x.
 * Returns 0, or -1 with a message in err.
 */
int vm_config_parse(struct vm_config *c, const char *text, size_t len, char *err, size_t errlen);
/* "256M" and friends; -1 on junk or overflow. */
int parse_size(const char *s, size_t len, uint64_t *out);

#endif
