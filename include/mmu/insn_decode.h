/*
 * Decoder for the RV64GC memory-access instructions a guest may fault on, so the hypervisor can
 * emulate a store to (or load from) a page it write-protects, such as a guest page table.
 */
#ifndef MMU_INSN_DECODE_H
#define MMU_INSN_DECODE_H

#include <stdbool.h>
#include <stdint.h>

enum mem_op_kind { MEM_STORE, MEM_AMO, MEM_SC, MEM_LR, MEM_LOAD };
enum amo_op { AMO_SWAP, AMO_ADD, AMO_XOR, AMO_AND, AMO_OR, AMO_MIN, AMO_MAX, AMO_MINU, AMO_MAXU };

struct mem_op {
	enum mem_op_kind kind;
	unsigned len;     /* instruction length in bytes: 2 or 4 */
	unsigned width;   /* access width in bytes: 1, 2, 4, 8 */
	uint64_t addr;    /* effective address (guest-virtual) */
	uint64_t value;   /* store/SC/AMO operand, already truncated to width */
	enum amo_op amo;  /* MEM_AMO only */
	unsigned rd;      /* destination register for AMO/SC/LR/LOAD (0 if none) */
	bool fp_rd;       /* MEM_LOAD into an FP register (FLW/FLD/C.FLD...) */
	bool sign_extend; /* MEM_LOAD/LR/AMO result sign-extension (LB/LH/LW, AMO*.W, LR.W) */
};

/*
 * Decodes the instruction in insn: a 32-bit one when its low two bits are 11, otherwise a 16-bit
 * one in the low half (the upper half is then ignored, so a 32-bit fetch that straddles into the
 * next instruction is fine). x holds the guest's x0..x31 (x[0] is never read: x0 is zero); f holds
 * f0..f31 as raw 64-bit patterns, or is NULL when the guest's FPU is off (mstatus.FS = Off), which
 * makes every FP load/store illegal. Returns 0 and fills *op, or -1 with *op untouched when the
 * bits are not an RV64GC memory access (the caller then reflects an illegal instruction or the
 * original fault).
 *
 * Notes for the emulator: sign_extend is set for LB/LH/LW/LD and every LR/AMO (for width 8 it is
 * moot); SC's rd gets 0 or 1 as usual; an FLW result must be NaN-boxed (upper 32 bits all ones)
 * before it is written to f[rd].
 */
int insn_decode_mem(uint32_t insn, const uint64_t x[32], const uint64_t f[32], struct mem_op *op);

/*
 * AMO arithmetic: the new memory value from the old one. Only the low width bytes of old and
 * operand count (MIN/MAX compare them as signed width-byte numbers); the result is truncated to
 * width bytes. An unknown op leaves the memory value unchanged.
 */
uint64_t amo_apply(enum amo_op op, unsigned width, uint64_t old, uint64_t operand);

/* Result for rd: sign- or zero-extend the low width bytes of a loaded value (width 8: v itself). */
uint64_t mem_extend(uint64_t v, unsigned width, bool sign);

#endif
