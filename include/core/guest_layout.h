/* Where a guest's kernel, initramfs and device tree go in its RAM, decided before loading. */
#ifndef CORE_GUEST_LAYOUT_H
#define CORE_GUEST_LAYOUT_H

#include <stddef.h>
#include <stdint.h>

#define GUEST_FDT_MAX (64 * 1024)

struct guest_layout {
	uint64_t kernel_gpa, kernel_end; /* kernel_end covers the image's bss when it says so */
	uint64_t initrd_gpa, initrd_size;
	uint64_t fdt_gpa;
};

/* Memory a kernel image occupies once running: a Linux RISC-V Image header tells, else its size. */
uint64_t kernel_footprint(const void *head, size_t head_len, uint64_t file_size);

/* 0, or -1 with a message when the images do not fit in mem bytes of RAM at ram_gpa. */
int guest_layout_plan(struct guest_layout *l, uint64_t ram_gpa, uint64_t mem,
                      uint64_t kernel_offset, uint64_t kernel_footprint, uint64_t initrd_size,
                      char *err, size_t errlen);

#endif
