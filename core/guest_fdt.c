/*
 * Guest device tree, written through libfdt's sequential-write API. There is no stdout-path: the
 * guest's console is the SBI console (hvc0, earlycon=sbi), which has no device-tree node to point
 * at.
 */
#include "core/guest_fdt.h"

#include <libfdt.h>
#include <stdbool.h>
#include <string.h>

#include "lib/printk.h"

/*
 * Multi-letter extensions the guest is not offered: the hypervisor does not virtualize
 * stimecmp (Sstc), H, or the page-table bits of Svpbmt/Svnapot, nor Svinval's instructions.
 */
static const char *const hidden_ext[] = {"sstc",  "svpbmt", "svnapot",   "svinval",
                                         "smaia", "ssaia",  "smstateen", "sscofpmf"};

static bool hidden(const char *ext, size_t len)
{
	if (len && ext[0] == 'h')
		return true;
	for (size_t i = 0; i < sizeof(hidden_ext) / sizeof(hidden_ext[0]); i++)
		if (strlen(hidden_ext[i]) == len && memcmp(hidden_ext[i], ext, len) == 0)
			return true;
	return false;
}

int guest_isa_filter(const char *host, char *out, size_t cap)
{
	size_t o = 0, n = strlen(host);
	size_t base_end = 0;

	if (n < 4 || memcmp(host, "rv", 2) != 0 || cap == 0)
		return -1;
	while (base_end < n && host[base_end] != '_')
		base_end++;
	/* Base: "rv64" then single letters, minus h. */
	for (size_t i = 0; i < base_end; i++) {
		if (i >= 4 && host[i] == 'h')
			continue;
		if (o + 1 >= cap)
			return -1;
		out[o++] = host[i];
	}
	for (size_t i = base_end; i < n;) {
		size_t j = i + 1;
		while (j < n && host[j] != '_')
			j++;
		if (!hidden(host + i + 1, j - i - 1)) {
			if (o + (j - i) >= cap)
				return -1;
			memcpy(out + o, host + i, j - i);
			o += j - i;
		}
		i = j;
	}
	out[o] = '\0';
	return 0;
}

/*
 * A libfdt write that fails (no room) leaves the tree as it was and the writer usable, so a later,
 * smaller property could still fit: the first failure must end the tree.
 */
#define TRY(call)                                                                                  \
	do {                                                                                       \
		int err_ = (call);                                                                 \
		if (err_ < 0)                                                                      \
			return err_;                                                               \
	} while (0)

static int add_cpu(void *fdt, unsigned id, const char *isa, const char *mmu_type)
{
	char name[16];

	snprintf_sv(name, sizeof(name), "cpu@%u", id);
	TRY(fdt_begin_node(fdt, name));
	TRY(fdt_property_string(fdt, "device_type", "cpu"));
	TRY(fdt_property_u32(fdt, "reg", id));
	TRY(fdt_property_string(fdt, "status", "okay"));
	TRY(fdt_property_string(fdt, "compatible", "riscv"));
	TRY(fdt_property_string(fdt, "riscv,isa", isa));
	TRY(fdt_property_string(fdt, "mmu-type", mmu_type));
	TRY(fdt_begin_node(fdt, "interrupt-controller"));
	TRY(fdt_property_u32(fdt, "#interrupt-cells", 1));
	/* Empty, from "" not NULL: libfdt copies the value with memcpy, undefined from NULL even
	 * for no bytes (UBSan). */
	TRY(fdt_property(fdt, "interrupt-controller", "", 0));
	TRY(fdt_property_string(fdt, "compatible", "riscv,cpu-intc"));
	TRY(fdt_property_u32(fdt, "phandle", id + 1));
	TRY(fdt_end_node(fdt));
	return fdt_end_node(fdt);
}

static int write_tree(void *fdt, const struct guest_fdt_params *p, const char *isa)
{
	char node[32];

	TRY(fdt_finish_reservemap(fdt));
	TRY(fdt_begin_node(fdt, ""));
	TRY(fdt_property_u32(fdt, "#address-cells", 2));
	TRY(fdt_property_u32(fdt, "#size-cells", 2));
	TRY(fdt_property_string(fdt, "compatible", "shadowvisor,vm"));
	TRY(fdt_property_string(fdt, "model", "shadowvisor virtual machine"));

	TRY(fdt_begin_node(fdt, "chosen"));
	TRY(fdt_property_string(fdt, "bootargs", p->bootargs));
	if (p->initrd_end > p->initrd_start) {
		TRY(fdt_property_u64(fdt, "linux,initrd-start", p->initrd_start));
		TRY(fdt_property_u64(fdt, "linux,initrd-end", p->initrd_end));
	}
	TRY(fdt_end_node(fdt));

	TRY(fdt_begin_node(fdt, "cpus"));
	TRY(fdt_property_u32(fdt, "#address-cells", 1));
	TRY(fdt_property_u32(fdt, "#size-cells", 0));
	TRY(fdt_property_u32(fdt, "timebase-frequency", p->timebase_hz));
	for (unsigned i = 0; i < p->nvcpus; i++)
		TRY(add_cpu(fdt, i, isa, p->mmu_type));
	TRY(fdt_end_node(fdt));

	snprintf_sv(node, sizeof(node), "memory@%lx", (unsigned long)p->ram_gpa);
	TRY(fdt_begin_node(fdt, node));
	TRY(fdt_property_string(fdt, "device_type", "memory"));
	/* The root's two address and two size cells. */
	const fdt64_t reg[2] = {cpu_to_fdt64(p->ram_gpa), cpu_to_fdt64(p->ram_size)};
	TRY(fdt_property(fdt, "reg", reg, sizeof(reg)));
	TRY(fdt_end_node(fdt));

	TRY(fdt_end_node(fdt));
	return fdt_finish(fdt);
}

static int build(void *buf, uint32_t room, const struct guest_fdt_params *p, const char *isa)
{
	int err = fdt_create(buf, (int)room);

	return err < 0 ? err : write_tree(buf, p, isa);
}

int guest_fdt_build(void *buf, uint32_t cap, const struct guest_fdt_params *p)
{
	char isa[256];

	if (guest_isa_filter(p->host_isa, isa, sizeof(isa)) < 0 || cap > INT32_MAX)
		return -1;
	/* fdt_create zeroes all the room it is given (what is written leaves its padding as it
	 * finds it): most trees fit in the first try's, and only a larger one pays for all of cap.
	 */
	int err = build(buf, cap < GUEST_FDT_FIRST_TRY ? cap : GUEST_FDT_FIRST_TRY, p, isa);
	if (err == -FDT_ERR_NOSPACE && cap > GUEST_FDT_FIRST_TRY)
		err = build(buf, cap, p, isa);
	return err < 0 ? -1 : (int)fdt_totalsize(buf);
}
