/*
 * Kernel at RAM + 2 MiB (what Linux expects), the device tree in the last 64 KiB, and the
 * initramfs right below it, as far as possible from the kernel's own early allocations.
 */
#include "core/guest_layout.h"

#include <string.h>

#include "lib/printk.h"
#include "lib/util.h"

#define IMAGE_SIZE_OFF  16
#define IMAGE_MAGIC_OFF 0x30

uint64_t kernel_footprint(const void *head, size_t head_len, uint64_t file_size)
{
	const uint8_t *h = head;
	uint64_t image_size = 0;

	if (head_len < IMAGE_MAGIC_OFF + 8 || memcmp(h + IMAGE_MAGIC_OFF, "RISCV\0\0\0", 8) != 0)
		return file_size;
	for (int i = 7; i >= 0; i--)
		image_size = (image_size << 8) | h[IMAGE_SIZE_OFF + i];
	return MAX(image_size, file_size);
}

int guest_layout_plan(struct guest_layout *l, uint64_t ram_gpa, uint64_t mem,
                      uint64_t kernel_offset, uint64_t footprint, uint64_t initrd_size, char *err,
                      size_t errlen)
{
	uint64_t ram_end = ram_gpa + mem;

	l->kernel_gpa = ram_gpa + kernel_offset;
	l->fdt_gpa = ram_end - GUEST_FDT_MAX;
	if (mem < kernel_offset + GUEST_FDT_MAX || footprint > l->fdt_gpa - l->kernel_gpa) {
		snprintf_sv(err, errlen,
		            "kernel needs %lu KiB but mem=%lu MiB leaves %lu KiB for it",
		            (unsigned long)(footprint / KiB), (unsigned long)(mem / MiB),
		            mem > kernel_offset + GUEST_FDT_MAX
		                ? (unsigned long)((mem - kernel_offset - GUEST_FDT_MAX) / KiB)
		                : 0ul);
		return -1;
	}
	l->kernel_end = align_up(l->kernel_gpa + footprint, PAGE_SIZE);
	l->initrd_size = initrd_size;
	l->initrd_gpa = 0;
	if (initrd_size) {
		uint64_t room = l->fdt_gpa - l->kernel_end;
		if (initrd_size > room) {
			snprintf_sv(
			    err, errlen,
			    "initrd of %lu KiB does not fit: mem=%lu MiB leaves %lu KiB after "
			    "the kernel",
			    (unsigned long)(initrd_size / KiB), (unsigned long)(mem / MiB),
			    (unsigned long)(room / KiB));
			return -1;
		}
		l->initrd_gpa = align_down(l->fdt_gpa - initrd_size, PAGE_SIZE);
	}
	return 0;
}
