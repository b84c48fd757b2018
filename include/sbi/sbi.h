/*
 * SBI for guests: a table of extensions, each in its own file under sbi/. An extension checks a
 * call against the spec and answers it. What the call asks of the VM (a timer, an interrupt, a
 * fence, a hart started or stopped, a reset, console output) it leaves as the call's effect,
 * which core carries out (core/sbi_exec.c). Its own state per VM, the harts' HSM states and the
 * counters snapshot, is in struct sbi_vm.
 */
#ifndef SBI_SBI_H
#define SBI_SBI_H

#include <stdbool.h>
#include <stdint.h>

#include "sbi/counters.h"

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

/* DBCN's functions, named here since console reads are known beyond sbi/dbcn.c. */
enum { SBI_DBCN_CONSOLE_WRITE, SBI_DBCN_CONSOLE_READ, SBI_DBCN_CONSOLE_WRITE_BYTE };

/* SBI v0.1: each function is an extension of its own. */
#define SBI_LEGACY_SET_TIMER       0
#define SBI_LEGACY_CONSOLE_PUTCHAR 1
#define SBI_LEGACY_CONSOLE_GETCHAR 2
#define SBI_LEGACY_CLEAR_IPI       3
#define SBI_LEGACY_SHUTDOWN        8
#define SBI_LEGACY_LAST            0x0F

/* Hart masks are 64 bits wide: a VM has at most this many harts. */
#define SBI_MAX_HARTS 64

/* HSM states, with the spec's numbers (hart_get_status). */
enum sbi_hart_state { SBI_HART_STARTED = 0, SBI_HART_STOPPED = 1, SBI_HART_SUSPENDED = 4 };

struct sbi_vm {
	unsigned nharts;
	uint8_t hart[SBI_MAX_HARTS]; /* enum sbi_hart_state */
	uint64_t snapshot[SV_CTR_COUNT];
};

/* A VM of nharts harts whose boot hart (0) is started and the others stopped. */
void sbi_vm_init(struct sbi_vm *s, unsigned nharts);

/* Started, suspended or not: a suspended hart runs again on an interrupt. */
static inline bool sbi_hart_started(const struct sbi_vm *s, unsigned hart)
{
	return s->hart[hart] != SBI_HART_STOPPED;
}

/* A suspended hart has an interrupt pending: it is started again. */
static inline void sbi_hart_resume(struct sbi_vm *s, unsigned hart)
{
	if (s->hart[hart] == SBI_HART_SUSPENDED)
		s->hart[hart] = SBI_HART_STARTED;
}

struct sbiret {
	long error;
	long value;
};

enum sbi_effect_kind {
	SBI_EFFECT_NONE,
	SBI_EFFECT_TIMER,         /* the caller's timer: deadline */
	SBI_EFFECT_IPI,           /* harts: raise their supervisor software interrupt */
	SBI_EFFECT_CLEAR_IPI,     /* clear the caller's supervisor software interrupt */
	SBI_EFFECT_FENCE_I,       /* harts: fence.i */
	SBI_EFFECT_SFENCE_VMA,    /* harts: sfence.vma of [start, start + size) */
	SBI_EFFECT_HART_START,    /* hart: now started, runs from addr with a1 = opaque */
	SBI_EFFECT_HART_STOP,     /* the caller stopped itself */
	SBI_EFFECT_SUSPEND,       /* the caller waits for an interrupt, then goes on or restarts */
	SBI_EFFECT_RESET,         /* the VM ends: reset says how */
	SBI_EFFECT_CONSOLE_WRITE, /* out_len bytes at out for the VM's console */
};

enum sbi_reset { SBI_RESET_SHUTDOWN, SBI_RESET_FAILURE, SBI_RESET_REBOOT };

/* Hart sets are masks of the VM's harts: bit n is hart n. */
struct sbi_effect {
	enum sbi_effect_kind kind;
	union {
		uint64_t deadline; /* TIMER */
		uint64_t harts;    /* IPI, FENCE_I */
		struct {
			uint64_t harts, start, size, asid; /* size 0 or 2^64 - 1: everything */
			bool all_asid;
		} sfence; /* SFENCE_VMA */
		struct {
			unsigned hart;
			uint64_t addr, opaque;
		} start; /* HART_START */
		struct {
			bool restart; /* non-retentive: it then starts at addr with a1 = opaque */
			uint64_t addr, opaque;
		} suspend;            /* SUSPEND */
		enum sbi_reset reset; /* RESET */
		struct {
			const char *buf;
			uint64_t len;
			char byte; /* a putchar's one byte, which buf points at */
		} out;             /* CONSOLE_WRITE */
	};
};

struct pmap;
struct ring;

struct sbi_call {
	uint64_t eid, fid;
	const uint64_t *a; /* a0..a5 (read before the answer is written back) */
	unsigned hart;     /* the caller's hart id in its VM */
	struct sbi_vm *vm;
	struct pmap *pm;          /* the VM's memory, for buffer arguments */
	struct ring *console_in;  /* the VM's console input */
	const uint64_t *counters; /* every SV_CTR_* of the VM now (counters extension calls) */
	bool legacy;              /* set by the dispatch: SBI v0.1 returns in a0 only */
	struct sbi_effect effect; /* set by the extension */
};

struct sbi_ext {
	const char *name;
	uint64_t eid_first, eid_last;
	struct sbiret (*call)(struct sbi_call *c);
	bool legacy;
};

/* Answers the call (and sets its effect); an unknown extension is SBI_ERR_NOT_SUPPORTED. */
struct sbiret sbi_dispatch(struct sbi_call *c);
const struct sbi_ext *sbi_find_ext(uint64_t eid);
/* Console calls (legacy putchar/getchar, DBCN): I/O, not counted as SBI flooding. */
static inline bool sbi_is_console(uint64_t eid)
{
	return eid == SBI_LEGACY_CONSOLE_PUTCHAR || eid == SBI_LEGACY_CONSOLE_GETCHAR ||
	       eid == SBI_EXT_DBCN;
}

/* Calls that read console input, which must first be fetched from the UART. */
static inline bool sbi_reads_console(uint64_t eid, uint64_t fid)
{
	return eid == SBI_LEGACY_CONSOLE_GETCHAR ||
	       (eid == SBI_EXT_DBCN && fid == SBI_DBCN_CONSOLE_READ);
}

/*
 * The harts named by (mask, mask_base) as a bitmask of the VM's harts; base -1 means all.
 * false if any named hart does not exist (the caller answers SBI_ERR_INVALID_PARAM).
 */
bool sbi_hart_mask(const struct sbi_call *c, uint64_t mask, uint64_t base, uint64_t *harts);

extern const struct sbi_ext sbi_ext_base, sbi_ext_legacy, sbi_ext_time, sbi_ext_ipi, sbi_ext_rfence,
    sbi_ext_hsm, sbi_ext_srst, sbi_ext_dbcn, sbi_ext_counters;

#endif
