/* SBI DBCN: console reads and writes through guest-physical buffers, checked against the pmap. */
#include "core/vm.h"
#include "sbi/sbi.h"
#include "sbi/sbi_common.h"

static struct sbiret dbcn_call(struct vcpu *v, uint64_t eid, uint64_t fid, const uint64_t *a)
{
	(void)eid;
	if (fid == 2) {
		sbi_console_putchar(v, (char)a[0]);
		return (struct sbiret){SBI_SUCCESS, 0};
	}
	if (fid > 1)
		return (struct sbiret){SBI_ERR_NOT_SUPPORTED, 0};

	uint64_t n = a[0];
	/* RV64: the upper half of the address must be zero; the buffer must be guest RAM. */
	char *buf = a[2] ? NULL : pmap_ptr(&v->vm->pmap, a[1], n);
	if (n && !buf)
		return (struct sbiret){SBI_ERR_INVALID_PARAM, 0};
	if (fid == 0) {
		for (uint64_t i = 0; i < n; i++)
			sbi_console_putchar(v, buf[i]);
		return (struct sbiret){SBI_SUCCESS, (long)n};
	}
	uint64_t got = 0;
	for (int c; got < n && (c = vconsole_getc(v->vm)) >= 0;)
		buf[got++] = (char)c;
	return (struct sbiret){SBI_SUCCESS, (long)got};
}

const struct sbi_ext sbi_ext_dbcn = {"dbcn", SBI_EXT_DBCN, SBI_EXT_DBCN, dbcn_call, false};
