/* SBI base extension: version 2.0, probing, and the machine's identity. */
#include "arch/csr.h"
#include "sbi/sbi.h"

#define SBI_SPEC_VERSION (2ul << 24)
/* Not a registered implementation id: chosen so guests can tell shadowvisor apart. */
#define SHADOWVISOR_IMPL_ID   0x5356ul
#define SHADOWVISOR_IMPL_VERS 0x00000001ul

static struct sbiret base_call(struct vcpu *v, uint64_t eid, uint64_t fid, const uint64_t *a)
{
	(void)v;
	(void)eid;
	switch (fid) {
	case 0:
		return (struct sbiret){SBI_SUCCESS, SBI_SPEC_VERSION};
	case 1:
		return (struct sbiret){SBI_SUCCESS, SHADOWVISOR_IMPL_ID};
	case 2:
		return (struct sbiret){SBI_SUCCESS, SHADOWVISOR_IMPL_VERS};
	case 3:
		return (struct sbiret){SBI_SUCCESS, sbi_find_ext(a[0]) ? 1 : 0};
	case 4:
		return (struct sbiret){SBI_SUCCESS, (long)csr_read(mvendorid)};
	case 5:
		return (struct sbiret){SBI_SUCCESS, (long)csr_read(marchid)};
	case 6:
		return (struct sbiret){SBI_SUCCESS, (long)csr_read(mimpid)};
	default:
		return (struct sbiret){SBI_ERR_NOT_SUPPORTED, 0};
	}
}

const struct sbi_ext sbi_ext_base = {"base", SBI_EXT_BASE, SBI_EXT_BASE, base_call, false};
