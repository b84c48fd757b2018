/* SBI DBCN: console reads and writes through guest-physical buffers, checked against the pmap. */
#include "lib/ring.h"
#include "lib/util.h"
#include "mm/pmap.h"
#include "sbi/sbi.h"
#include "sbi/sbi_common.h"

static struct sbiret dbcn_call(struct sbi_call *c)
{
	if (c->fid == SBI_DBCN_CONSOLE_WRITE_BYTE) {
		sbi_console_putchar(c, (char)c->a[0]);
		return (struct sbiret){SBI_SUCCESS, 0};
	}
	if (c->fid != SBI_DBCN_CONSOLE_WRITE && c->fid != SBI_DBCN_CONSOLE_READ)
		return (struct sbiret){SBI_ERR_NOT_SUPPORTED, 0};

	uint64_t n = c->a[0], addr = c->a[1];
	/* RV64: the upper half of the address must be zero; all of the buffer must be guest RAM. */
	if (c->a[2] || (n && (!pmap_is_ram(c->pm, addr) || !pmap_is_ram(c->pm, addr + n - 1) ||
	                      addr + n - 1 < addr)))
		return (struct sbiret){SBI_ERR_INVALID_PARAM, 0};
	/* A call may move fewer bytes than asked: this one stops at its chunk's end. */
	n = MIN(n, pmap_chunk_left(c->pm, addr));
	char *buf = pmap_ptr(c->pm, addr, n);
	if (n && !buf)
		return (struct sbiret){SBI_ERR_FAILED, 0}; /* no memory to back it: the VM stops */
	if (c->fid == SBI_DBCN_CONSOLE_WRITE) {
		c->effect = (struct sbi_effect){.kind = SBI_EFFECT_CONSOLE_WRITE,
		                                .out = {.buf = buf, .len = n}};
		return (struct sbiret){SBI_SUCCESS, (long)n};
	}
	uint64_t got = 0;
	for (int ch; got < n && (ch = ring_get(c->console_in)) >= 0;)
		buf[got++] = (char)ch;
	return (struct sbiret){SBI_SUCCESS, (long)got};
}

const struct sbi_ext sbi_ext_dbcn = {
    .name = "dbcn", .eid_first = SBI_EXT_DBCN, .eid_last = SBI_EXT_DBCN, .call = dbcn_call};
