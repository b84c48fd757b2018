/*
 * Differential harness for the shadow MMU core (mmu/shadow_core.c), shared by the cmocka test
 * and the libFuzzer target. It plays the guest (page-table stores, satp writes, accesses,
 * sfence.vma), the firmware (mmu/shadow.c: shadow_root on satp writes and after a zap-all,
 * shadow_fault on page faults, emulation of page-table stores, shadow_sfence on fences) and the
 * hardware (a walker over the shadow tables). The reference is guest_walk plus the pmap, and
 * the spec's rule for stale translations: a PTE store need only reach translation once an
 * sfence.vma covers it (by address: that address's entry at each level; rs1 = x0: every
 * entry), so until then the shadow may follow any value the PTE had since the last fence that
 * covered it, and never one from before.
 *
 * SMP: up to SM_MAX_VCPUS vCPUs share the shadows, each on a hart of its own until it is put
 * (time-sliced off its hart); their exits interleave one at a time. Each pins the root it has
 * loaded, as mmu/shadow.c does. A fence, the vCPU's own or an SBI remote one that another vCPU
 * applies to the shared shadows, orders only the named vCPU's translations; but any vCPU may
 * walk any shadow page (a satp write reaches it with no fence), so the shared shadows answer to
 * the newest fence of any vCPU. A hart's TLB may hold the entries it walked since its last
 * flush: no valid entry another loaded vCPU may hold changes before the quiesce hook has shot
 * its hart down, nor one the running vCPU may hold without need_flush, so every TLB stays a
 * subset of the shadows. That is stricter than the spec, which would let each TLB lag until
 * its own vCPU's fence, and it is what the core promises (shadow_core.h's quiesce).
 */
#ifndef SHADOW_MODEL_H
#define SHADOW_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "mm/pmap.h"
#include "guest_ram.h"
#include "mm/pt_pool.h"
#include "mmu/guest_walk.h"
#include "mmu/shadow_core.h"

#define SM_RAM_GPA 0x80000000ull
/* 3 GiB: its middle gigabyte holds no page table, so it can be one 1 GiB shadow leaf. */
#define SM_HUGE_RAM_PAGES (3u << 18)
/* Tables and data are picked among the first pages; the rest only backs superpages. */
#define SM_HOT_PAGES 64
#define SM_MAX_VCPUS 4
/* A pinned-root slot per vCPU. */
_Static_assert(SM_MAX_VCPUS <= SHADOW_PINNED, "more vCPUs than pinned roots");
/* Candidate guest roots: the first pages of RAM. */
#define SM_ROOT_PAGES 4
#define SM_LOG        48

struct sm_config {
	unsigned pool_pages; /* at least 4: one Sv48 path (Sv57 needs 5: only then chosen) */
	unsigned ram_pages;  /* at least SM_HOT_PAGES; over 64 MiB is mmap()ed */
	unsigned nvcpus;     /* vCPUs sharing the shadows, 1 to SM_MAX_VCPUS */
	uint64_t seed;       /* the initial guest tables; 0: all RAM zero */
	bool ram_misaligned; /* host RAM 4 KiB off 2 MiB alignment: no shadow superpages */
};

struct sm_vcpu {
	uint64_t satp; /* the guest's; mode 0 = Bare (no shadow loaded) */
	uint64_t root; /* the shadow root the hardware satp holds */
	uint64_t gen;  /* core generation when root was loaded */
	bool loaded;   /* on a hart: its root pinned, its TLB may hold shadow entries */
	uint64_t back; /* Bare: the satp it left, to page with again */
};

struct sm_stats {
	uint64_t ops, accesses, hw_ok, fixed, guest_faults, access_faults, emulated;
	uint64_t pte_stores, emulated_stores, direct_stores, satp_writes, zaps, bare_windows;
	uint64_t fences, unsync_stores, stale_allowed;
	uint64_t bare_stores; /* stores by a Bare vCPU: the shadows see none of them */
	uint64_t rfences;     /* SBI remote fences applied for another vCPU than the caller */
	uint64_t switches;    /* another vCPU ran next */
	uint64_t puts;        /* of those, the vCPU before left its hart (unpinned) */
	uint64_t quiesces;    /* quiesce hook calls: a narrowing change with other vCPUs */
	uint64_t max_tries;
	uint64_t hw_leaf[3]; /* hardware translations by shadow leaf level: 4 KiB, 2 MiB, 1 GiB */
};

/* How an access ended. */
enum sm_outcome {
	SM_DONE,        /* the hardware performed it, maybe after shadow_fault fixed the shadow */
	SM_GUEST_FAULT, /* reflected to the guest: cause in sm_access_result */
	SM_EMULATED,    /* a store to a page table, emulated */
	SM_FAILED,      /* the harness found a bug: sm_error says what */
};

struct sm_access_result {
	enum sm_outcome outcome;
	uint64_t cause, gpa, hpa;
	unsigned faults; /* shadow_fault calls it took */
};

/* The values one word of guest memory had, with when (sm.now) each began. */
struct sm_word {
	uint64_t gpa; /* 8-byte aligned; 0: an empty slot */
	unsigned n, cap;
	struct {
		uint64_t t, v;
	} * e;
};

struct sm {
	struct sm_config cfg;
	uint8_t *ram, *pool_mem, *snap, *snap_used;
	void *meta, *ram_map;
	size_t ram_map_len;
	struct pmap pm;
	struct guest_ram ram_backing; /* makes ram + off the host address of SM_RAM_GPA + off */
	struct pt_pool pool;
	struct shadow s;
	struct sm_vcpu vcpu[SM_MAX_VCPUS];
	unsigned cur;      /* the vCPU running */
	uint64_t snap_gen; /* the core's generation at the snapshot */
	bool quiesced;     /* the other vCPUs' harts were shot down since the snapshot */
	/* Input: fuzz bytes, or xorshift when data is NULL. */
	const uint8_t *data;
	size_t len, pos;
	uint64_t rng;
	bool eof;
	bool failed;
	char err[512];
	char log[SM_LOG][96]; /* the last operations, for the failure report */
	unsigned nlog;
	struct sm_stats st;
	/* Staleness: the history of every word stored to, and when fences covered what. */
	uint64_t now;
	uint64_t fence_all;
	uint64_t fence_va[PT_LEVELS_MAX][PT_ENTRIES]; /* [level][index] */
	struct sm_word *words;                        /* open addressing, by gpa */
	unsigned nwords, words_cap;
};

/* One harness at a time: they share buffers. */
int sm_init(struct sm *m, const struct sm_config *cfg);
void sm_fini(struct sm *m);
/* Operations come from data[0..len) (stop at its end), or from a xorshift seeded with seed. */
void sm_input(struct sm *m, const uint8_t *data, size_t len, uint64_t seed);
/* Runs up to max_ops operations (0: until the input ends); false once a check failed. */
bool sm_run(struct sm *m, unsigned max_ops);
/* The failure and the operations that led to it. */
const char *sm_error(struct sm *m);

/* Building blocks for hand-written scenarios; each checks everything it can, false on a bug. */
uint64_t *sm_guest_ptr(struct sm *m, uint64_t gpa);
uint64_t sm_satp_of(uint64_t root_gpa, unsigned levels);
/* The guest stores len bytes of val at gpa, emulated if the frame is a page table. */
bool sm_guest_store(struct sm *m, uint64_t gpa, uint64_t val, unsigned len);
bool sm_write_satp(struct sm *m, uint64_t satp);
bool sm_access(struct sm *m, uint64_t va, enum access a, unsigned priv, bool sum, bool mxr,
               struct sm_access_result *out);
/* The hardware walk alone: true and *hpa if the loaded shadow allows the access. */
bool sm_hw_allows(struct sm *m, uint64_t va, enum access a, unsigned priv, uint64_t *hpa);
bool sm_zap_all(struct sm *m);
/* The guest's sfence.vma: of va's entries, or (all) of everything. */
bool sm_sfence(struct sm *m, uint64_t va, bool all);
/* An SBI remote sfence.vma from the running vCPU for vCPU target (which may be itself). */
bool sm_rfence(struct sm *m, unsigned target, uint64_t va, bool all);
/* vCPU n runs next (loaded, or brought up to date); put: the running one leaves its hart. */
bool sm_run_vcpu(struct sm *m, unsigned n, bool put);
/* Every invariant over every live shadow page and cached root. */
bool sm_check(struct sm *m);
/* Guest-physical address of a host pointer into guest RAM. */
uint64_t sm_gpa_of_hpa(const struct sm *m, uint64_t hpa);

#endif
