/*
 * Guest device tree. There is no stdout-path: the guest's console is the SBI console
 * (hvc0, earlycon=sbi), which has no device-tree node to point at.
 */
#include "core/guest_fdt.h"

#include <stdbool.h>
#include <string.h>

#include "lib/fdt.h"
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

static void add_cpu(struct fdtw *w, unsigned id, const char *isa, const char *mmu_type)
{
	char name[16];

	snprintf_sv(name, sizeof(name), "cpu@%u", id);
	fdtw_begin_node(w, name);
	fdtw_prop_str(w, "device_type", "cpu");
	fdtw_prop_u32(w, "reg", id);
	fdtw_prop_str(w, "status", "okay");
	fdtw_prop_str(w, "compatible", "riscv");
	fdtw_prop_str(w, "riscv,isa", isa);
	fdtw_prop_str(w, "mmu-type", mmu_type);
	fdtw_begin_node(w, "interrupt-controller");
	fdtw_prop_u32(w, "#interrupt-cells", 1);
	fdtw_prop_empty(w, "interrupt-controller");
	fdtw_prop_str(w, "compatible", "riscv,cpu-intc");
	fdtw_prop_u32(w, "phandle", id + 1);
	fdtw_end_node(w);
	fdtw_end_node(w);
}

int guest_fdt_build(void *buf, uint32_t cap, const struct guest_fdt_params *p)
{
	struct fdtw w;
	char isa[256];
	char node[32];

	if (guest_isa_filter(p->host_isa, isa, sizeof(isa)) < 0)
		return -1;
	fdtw_init(&w, buf, cap);
	fdtw_begin_node(&w, "");
	fdtw_prop_u32(&w, "#address-cells", 2);
	fdtw_prop_u32(&w, "#size-cells", 2);
	fdtw_prop_str(&w, "compatible", "shadowvisor,vm");
	fdtw_prop_str(&w, "model", "shadowvisor virtual machine");

	fdtw_begin_node(&w, "chosen");
	fdtw_prop_str(&w, "bootargs", p->bootargs);
	if (p->initrd_end > p->initrd_start) {
		fdtw_prop_u64(&w, "linux,initrd-start", p->initrd_start);
		fdtw_prop_u64(&w, "linux,initrd-end", p->initrd_end);
	}
	fdtw_end_node(&w);

	fdtw_begin_node(&w, "cpus");
	fdtw_prop_u32(&w, "#address-cells", 1);
	fdtw_prop_u32(&w, "#size-cells", 0);
	fdtw_prop_u32(&w, "timebase-frequency", p->timebase_hz);
	for (unsigned i = 0; i < p->nvcpus; i++)
		add_cpu(&w, i, isa, p->mmu_type);
	fdtw_end_node(&w);

	snprintf_sv(node, sizeof(node), "memory@%lx", (unsigned long)p->ram_gpa);
	fdtw_begin_node(&w, node);
	fdtw_prop_str(&w, "device_type", "memory");
	uint32_t reg[4] = {(uint32_t)(p->ram_gpa >> 32), (uint32_t)p->ram_gpa,
	                   (uint32_t)(p->ram_size >> 32), (uint32_t)p->ram_size};
	fdtw_prop_cells(&w, "reg", reg, 4);
	fdtw_end_node(&w);

	fdtw_end_node(&w);
	return fdtw_finish(&w, 0);
}
