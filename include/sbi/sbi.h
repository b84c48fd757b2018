/* SBI for guests: a table of extensions, each in its own file under sbi/. */
#ifndef SBI_SBI_H
#define SBI_SBI_H

#include <stdbool.h>
#include <stdint.h>

#define SBI_SUCCESS               0
#define SBI_ERR_FAILED            -1
#define SBI_ERR_NOT_SUPPORTED     -2
#define SBI_ERR_INVALID_PARAM     -3
#define SBI_ERR_DENIED            -4
#define SBI_ERR_INVALID_ADDRESS   -5
#define SBI_ERR_ALREADY_AVAILABLE -6

#define SBI_EXT_BASE   0x10
#define SBI_EXT_TIME   0x54494D45
#define SBI_EXT_IPI    0x735049
#define SBI_EXT_RFENCE 0x52464E43
#define SBI_EXT_HSM    0x48534D
#define SBI_EXT_SRST   0x53525354
#define SBI_EXT_DBCN   0x4442434E

#define SBI_LEGACY_CONSOLE_PUTCHAR 1
#define SBI_LEGACY_CONSOLE_GETCHAR 2

struct vcpu;

struct sbiret {
	long error;
	long value;
};

struct sbi_ext {
	const char *name;
	uint64_t eid_first, eid_last;
	/* args are a0..a5 of the call */
	struct sbiret (*call)(struct vcpu *v, uint64_t eid, uint64_t fid, const uint64_t *args);
	/* SBI v0.1 calls return in a0 only and leave a1 alone. */
	bool legacy;
};

/* ecall from the guest kernel: a7 = extension, a6 = function. */
void sbi_dispatch(struct vcpu *v);
const struct sbi_ext *sbi_find_ext(uint64_t eid);
/* Console calls (legacy putchar/getchar, DBCN): I/O, not counted as SBI flooding. */
bool sbi_is_console(uint64_t eid);

/*
 * Calls fn for each vCPU of v's VM named by (hart_mask, hart_mask_base); base -1 means all.
 * Returns SBI_ERR_INVALID_PARAM, before calling fn at all, if any named hart does not exist.
 */
long sbi_for_each_hart(struct vcpu *v, uint64_t mask, uint64_t base,
                       void (*fn)(struct vcpu *target, void *ctx), void *ctx);

extern const struct sbi_ext sbi_ext_base, sbi_ext_legacy, sbi_ext_time, sbi_ext_ipi, sbi_ext_rfence,
    sbi_ext_hsm, sbi_ext_srst, sbi_ext_dbcn, sbi_ext_counters;

#endif
