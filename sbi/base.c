/* SBI base extension: version 2.0, probing, and the machine's identity. */
#include "arch/csr.h"
#include "sbi/sbi.h"

#define SBI_SPEC_VERSION (2ul << 24)
/* Not a registered implementation id: chosen so guests can tell shadowvisor apart. */
#define SHADOWVISOR_IMPL_ID   0x5356ul
#define SHADOWVISOR_IMPL_VERS 0x00000001ul

enum {
	BASE_GET_SPEC_VERSION,
	BASE_GET_IMPL_ID,
	BASE_GET_IMPL_VERSION,
	BASE_PROBE_EXT,
	BASE_GET_MVENDORID,
	BASE_GET_MARCHID,
	BASE_GET_MIMPID,
};

static struct sbiret base_call(struct sbi_call *c)
{
	switch (c->fid) {
	case BASE_GET_SPEC_VERSION:
		return (struct sbiret){SBI_SUCCESS, SBI_SPEC_VERSION};
	case BASE_GET_IMPL_ID:
		return (struct sbiret){SBI_SUCCESS, SHADOWVISOR_IMPL_ID};
	case BASE_GET_IMPL_VERSION:
		return (struct sbiret){SBI_SUCCESS, SHADOWVISOR_IMPL_VERS};
	case BASE_PROBE_EXT:
		return (struct sbiret){SBI_SUCCESS, sbi_find_ext(c->a[0]) ? 1 : 0};
	case BASE_GET_MVENDORID:
		return (struct sbiret){SBI_SUCCESS, (long)csr_read(mvendorid)};
	case BASE_GET_MARCHID:
		return (struct sbiret){SBI_SUCCESS, (long)csr_read(marchid)};
	case BASE_GET_MIMPID:
		return (struct sbiret){SBI_SUCCESS, (long)csr_read(mimpid)};
	default:
		return (struct sbiret){SBI_ERR_NOT_SUPPORTED, 0};
	}
}

const struct sbi_ext sbi_ext_base = {
    .name = "base", .eid_first = SBI_EXT_BASE, .eid_last = SBI_EXT_BASE, .call = base_call};
