/*
 * libFuzzer target for the host device-tree probe (boot/platform.c), seeded with QEMU's virt
 * tree (fuzz.mk). The input is the tree; as at boot, the probe may read the bytes its header's
 * totalsize claims and no more, so totalsize is cut to the input and the input copied to a heap
 * block of its size (ASan). Checked: the probe gives a reason exactly when it refuses; what it
 * accepts holds together (strings terminated, bootargs inside the tree and NUL-terminated); and
 * the tree moved, as the boot moves it, reads as a probe of the copy would.
 */
#include <libfdt.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "boot/platform.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(bool ok, const char *what)
{
	if (ok)
		return;
	fprintf(stderr, "fdt_fuzz: %s (error '%s')\n", what, platform.error);
	abort();
}

static bool terminated(const char *s, size_t cap)
{
	return memchr(s, '\0', cap) != NULL;
}

/* What an accepted tree gives: every string ends inside its array or the tree. */
static void check_accepted(const uint8_t *dtb)
{
	check(platform.dtb_base == (uintptr_t)dtb && platform.dtb_size == fdt_totalsize(dtb),
	      "the tree's place and size");
	check(platform.nharts > 0 && platform.isa[0] &&
	          terminated(platform.isa, sizeof(platform.isa)),
	      "harts and riscv,isa");
	check(platform.nmodules <= BOOT_MODULES_MAX, "the module count");
	for (unsigned i = 0; i < platform.nmodules; i++) {
		const struct boot_module *m = &platform.modules[i];
		const char *args = platform_bootargs(m);
		check(m->kernel || !args, "a ramdisk with bootargs");
		check(!args || ((uint64_t)m->bootargs_off + m->bootargs_len <= platform.dtb_size &&
		                args[m->bootargs_len - 1] == '\0'),
		      "bootargs outside the tree or not NUL-terminated");
	}
}

/* Moved, the tree reads as a probe of the copy would; the original is freed first (ASan). */
static void check_moved(uint8_t *dtb, size_t size)
{
	static struct platform probed, probed_copy;
	uint8_t *copy = malloc(size);

	memcpy(copy, dtb, size);
	probed = platform;
	check(platform_probe(copy) == 0, "the copy is refused");
	probed_copy = platform;
	platform = probed;
	free(dtb);
	platform_dtb_moved(copy);
	check(memcmp(&platform, &probed_copy, sizeof(platform)) == 0, "the moved tree differs");
	check_accepted(copy);
	free(copy);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* The header itself is always there: the boot's a1 points at one. */
	if (size < sizeof(struct fdt_header))
		return 0;
	uint8_t *dtb = malloc(size);
	memcpy(dtb, data, size);
	if (fdt_totalsize(dtb) > size)
		fdt_set_totalsize(dtb, (uint32_t)size);

	int rc = platform_probe(dtb);
	check(rc == 0 || rc == -1, "a result other than 0 or -1");
	check((rc < 0) == (platform.error[0] != '\0') &&
	          terminated(platform.error, sizeof(platform.error)),
	      "a reason without a refusal, or a refusal without one");
	if (rc < 0) {
		free(dtb);
		return 0;
	}
	check_accepted(dtb);
	check_moved(dtb, size);
	return 0;
}
