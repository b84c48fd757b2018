/* paging-probe: address-space building blocks, probes and output shared by the tests. */
#ifndef PAGING_PROBE_H
#define PAGING_PROBE_H

#include <stdint.h>

#include "probes.h"

#define RAM_BASE 0x80000000ul
/* The device tree lives in the last 64 KiB of the 64 MiB. */
#define RAM_END   (0x84000000ul - 0x10000ul)
#define PAGE_SIZE 4096ul
#define MEGA_SIZE (1ul << 21)
#define GIGA_SIZE (1ul << 30)
#define TERA_SIZE (1ul << 39)
#define PETA_SIZE (1ul << 48) /* 256 TiB: an Sv57 root entry */
#define PTES      512
#define MEGAS_RAM 32 /* 2 MiB leaves covering the 64 MiB */

/* Sv39 upper half: HI_BASE + x maps RAM_BASE + x (root index 256). */
#define HI_BASE 0xffffffc000000000ul
#define HI(pa)  (HI_BASE + ((unsigned long)(pa)-RAM_BASE))
/* Sv48 upper half, the same L1 table one level down. */
#define HI48_BASE 0xffff800000000000ul
/* Sv57 upper half, the same L1 table two levels down. */
#define HI57_BASE 0xff00000000000000ul
/* Test window: root index 1 -> per-space L1, its entry 0 -> per-space L0 of 4 KiB pages. */
#define TW         0x40000000ul
#define TWP(i)     (TW + (unsigned long)(i)*PAGE_SIZE)
#define TW_MEGA(i) (TW + (unsigned long)(i)*MEGA_SIZE)

#define PTE_V    (1ul << 0)
#define PTE_R    (1ul << 1)
#define PTE_W    (1ul << 2)
#define PTE_X    (1ul << 3)
#define PTE_U    (1ul << 4)
#define PTE_G    (1ul << 5)
#define PTE_A    (1ul << 6)
#define PTE_D    (1ul << 7)
#define PTE_RW   (PTE_R | PTE_W)
#define PTE_RWAD (PTE_R | PTE_W | PTE_A | PTE_D)
#define PTE_LOW  0x3fful

#define SATP_SV39       (8ul << 60)
#define SATP_SV48       (9ul << 60)
#define SATP_SV57       (10ul << 60)
#define SATP_MODE(s)    ((s) >> 60)
#define SATP_ASID_SHIFT 44
#define SATP_ASID_MASK  0xfffful
#define SATP_PPN_MASK   ((1ul << 44) - 1)

#define SSTATUS_SPP (1ul << 8)
#define SSTATUS_SUM (1ul << 18)
#define SSTATUS_MXR (1ul << 19)

#define EXC_FETCH_ACCESS 1
#define EXC_ECALL_U      8
#define EXC_FETCH_PAGE   12
#define EXC_LOAD_PAGE    13
#define EXC_STORE_PAGE   15

typedef volatile uint64_t *table_t;

/* One address space: its root, the test window's L1 and L0, and its satp value. */
struct space {
	table_t root, l1, l0;
	unsigned long asid, satp;
};

/* probes.S */
void enter_user(unsigned long pc, unsigned long arg, unsigned long arg2);
void enable_unmapped(unsigned long satp, unsigned long satp_back, unsigned long hi_off,
                     unsigned long out[3]);
extern char enable_unmapped_next[];
extern char pic_start[], pic_ret42[], pic_user_load[], pic_user_store[], pic_end[];
/* Offsets of the copied routines in a page holding a copy of pic_start..pic_end. */
#define PIC_OFF(sym) ((unsigned long)(sym) - (unsigned long)pic_start)

/* The last probe: traps taken (0: it completed), the first trap's cause, tval and mode,
 * and the value it returned (an ecall from U: the user's a0). */
struct outcome {
	unsigned long traps, cause, tval, user, val;
};
extern volatile struct outcome last;

/* env.c */
extern unsigned long asid_mask;
extern int asids_ok;
extern table_t l1_identity, l1_high;
extern struct space kspace;

unsigned long alloc_pages(unsigned long n, unsigned long align);
table_t zpage(void);
unsigned long data_page(unsigned long tag);
unsigned long pa_of(table_t t);
uint64_t pte_leaf(unsigned long pa, unsigned long flags);
uint64_t pte_table(table_t t);
void space_init(struct space *s, unsigned long asid);
void switch_to(const struct space *s);
void switch_fenced(const struct space *s);
void copy_pic(unsigned long pa);
void fence_i(void);

void sfence_all(void);
void sfence_va(unsigned long va);
void sfence_asid(unsigned long asid);
void sfence_va_asid(unsigned long va, unsigned long asid);

unsigned long ld(unsigned long va);
void stale_load(unsigned long va, const char *what);
void sd(unsigned long va, unsigned long val);
unsigned long amoor(unsigned long va, unsigned long bits);
unsigned long amoswap(unsigned long va, unsigned long val);
unsigned long amoadd(unsigned long va, unsigned long val);
unsigned long lrsc_clear(unsigned long va, unsigned long bits);
unsigned long call(unsigned long pc);
unsigned long user(unsigned long pc, unsigned long arg, unsigned long arg2);

/* lazy.c: PTE stores seen only at the fence that covers them. */
void t_lazy_store(void);
void t_lazy_shared(void);
void t_lazy_freed(void);
void t_lazy_many(void);
void t_lazy_nonleaf(void);
void t_lazy_nofence(void);

extern const char *test_name;
/* "NAME: what" then the outcome: a fault, or the value (a load) or "ok" (a store). */
void res(const char *what);
void res_store(const char *what);
void say(const char *what);
void say_hex(const char *what, unsigned long v);
void say_yes(const char *what, int cond);
void info(const char *what);
void info_hex(const char *what, unsigned long v);
void info_res(const char *what);
void info_store(const char *what);
void __attribute__((noreturn)) finish(unsigned long reason);

#endif
