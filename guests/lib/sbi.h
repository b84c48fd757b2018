/* SPDX-License-Identifier: MIT */
/* Test guests: minimal SBI ecall interface. */
#ifndef GUEST_SBI_H
#define GUEST_SBI_H

/* Extension IDs */
#define SBI_EXT_LEGACY_PUTCHAR 0x01UL
#define SBI_EXT_LEGACY_GETCHAR 0x02UL
#define SBI_EXT_BASE           0x10UL
#define SBI_EXT_TIME           0x54494D45UL
#define SBI_EXT_IPI            0x735049UL
#define SBI_EXT_RFENCE         0x52464E43UL
#define SBI_EXT_HSM            0x48534DUL
#define SBI_EXT_SRST           0x53525354UL
#define SBI_EXT_PMU            0x504D55UL
#define SBI_EXT_DBCN           0x4442434EUL
#define SBI_EXT_SUSP           0x53555350UL
#define SBI_EXT_CPPC           0x43505043UL
#define SBI_EXT_NONEXISTENT    0x0A0B0C0DUL

/* Base extension function IDs */
#define SBI_BASE_GET_SPEC_VERSION 0
#define SBI_BASE_GET_IMPL_ID      1
#define SBI_BASE_GET_IMPL_VERSION 2
#define SBI_BASE_PROBE_EXT        3
#define SBI_BASE_GET_MVENDORID    4
#define SBI_BASE_GET_MARCHID      5
#define SBI_BASE_GET_MIMPID       6

/* Other function IDs */
#define SBI_TIME_SET_TIMER          0
#define SBI_IPI_SEND_IPI            0
#define SBI_RFENCE_FENCE_I          0
#define SBI_RFENCE_SFENCE_VMA       1
#define SBI_HSM_HART_GET_STATUS     2
#define SBI_HSM_HART_SUSPEND        3
#define SBI_SRST_SYSTEM_RESET       0
#define SBI_SRST_TYPE_SHUTDOWN      0
#define SBI_SRST_REASON_NONE        0
#define SBI_SRST_REASON_SYS_FAILURE 1

/* Error codes */
#define SBI_SUCCESS           0
#define SBI_ERR_FAILED        (-1)
#define SBI_ERR_NOT_SUPPORTED (-2)
#define SBI_ERR_INVALID_PARAM (-3)

struct sbiret {
	long error;
	long value;
};

struct sbiret sbi_call(unsigned long ext, unsigned long fid, unsigned long a0, unsigned long a1,
                       unsigned long a2, unsigned long a3, unsigned long a4, unsigned long a5);

/* Legacy console putchar (extension 0x01). */
void sbi_console_putchar(int ch);

struct sbiret sbi_set_timer(unsigned long stime_value);
struct sbiret sbi_system_reset(unsigned long type, unsigned long reason);

#endif /* GUEST_SBI_H */
