/*
 * Table-driven decoder for RV64GC loads, stores, LR/SC and AMOs. Tables carry everything that
 * differs between encodings (formats, widths, scrambled RVC immediates), so the code paths stay
 * few and the tables can be checked against the spec line by line.
 */
#include "mmu/insn_decode.h"

#include <stddef.h>

static unsigned bits(uint32_t insn, unsigned lo, unsigned n)
{
	return (insn >> lo) & ((1u << n) - 1);
}

/* Sign-extends the low n bits of v; xor-subtract avoids implementation-defined shifts. */
static uint64_t sext(uint64_t v, unsigned n)
{
	const uint64_t sign = 1ull << (n - 1);
	return ((v & ((sign << 1) - 1)) ^ sign) - sign;
}

static uint64_t trunc_width(uint64_t v, unsigned width)
{
	return width >= 8 ? v : v & ((1ull << (8 * width)) - 1);
}

/* x0 reads as zero whatever the caller's array holds. */
static uint64_t xreg(const uint64_t x[32], unsigned r)
{
	return r ? x[r] : 0;
}

/* --- 32-bit encodings ------------------------------------------------------------------------ */

/* Per major opcode (bits 6:2): which funct3 values are widths, and what the class is. */
struct major {
	uint8_t f3_ok; /* bit n set: funct3 n is valid; 0: not a memory opcode */
	uint8_t kind;  /* enum mem_op_kind; MEM_AMO stands for the whole AMO major opcode */
	bool fp;
};

static const struct major majors[32] = {
    [0x03 >> 2] = {0x7f, MEM_LOAD, false},  /* LB LH LW LD LBU LHU LWU */
    [0x07 >> 2] = {0x0c, MEM_LOAD, true},   /* FLW FLD (FLH, FLQ, vector: not in G) */
    [0x23 >> 2] = {0x0f, MEM_STORE, false}, /* SB SH SW SD */
    [0x27 >> 2] = {0x0c, MEM_STORE, true},  /* FSW FSD */
    [0x2f >> 2] = {0x0c, MEM_AMO, false},   /* .W and .D only: Zabha's .B/.H are not in G */
};

/* Per AMO funct5 (bits 31:27); the rest (e.g. Zacas) are not in RV64GC. */
struct amo_enc {
	bool valid;
	uint8_t kind; /* enum mem_op_kind */
	uint8_t op;   /* enum amo_op */
};

static const struct amo_enc amos[32] = {
    [0x00] = {true, MEM_AMO, AMO_ADD},  [0x01] = {true, MEM_AMO, AMO_SWAP},
    [0x02] = {true, MEM_LR, 0},         [0x03] = {true, MEM_SC, 0},
    [0x04] = {true, MEM_AMO, AMO_XOR},  [0x08] = {true, MEM_AMO, AMO_OR},
    [0x0c] = {true, MEM_AMO, AMO_AND},  [0x10] = {true, MEM_AMO, AMO_MIN},
    [0x14] = {true, MEM_AMO, AMO_MAX},  [0x18] = {true, MEM_AMO, AMO_MINU},
    [0x1c] = {true, MEM_AMO, AMO_MAXU},
};

static int decode32(uint32_t insn, const uint64_t x[32], const uint64_t f[32], struct mem_op *op)
{
	const struct major *m = &majors[bits(insn, 2, 5)];
	const unsigned f3 = bits(insn, 12, 3);
	const unsigned rd = bits(insn, 7, 5), rs1 = bits(insn, 15, 5), rs2 = bits(insn, 20, 5);

	if (!(m->f3_ok & (1u << f3)))
		return -1;
	if (m->fp && !f)
		return -1;
	op->len = 4;
	op->width = 1u << (f3 & 3);
	op->kind = m->kind;

	switch (m->kind) {
	case MEM_LOAD:
		op->addr = xreg(x, rs1) + sext(bits(insn, 20, 12), 12);
		op->rd = rd;
		op->fp_rd = m->fp;
		op->sign_extend = !m->fp && !(f3 & 4); /* LBU/LHU/LWU have funct3 bit 2 set */
		return 0;
	case MEM_STORE:
		op->addr = xreg(x, rs1) + sext(bits(insn, 25, 7) << 5 | bits(insn, 7, 5), 12);
		op->value = trunc_width(m->fp ? f[rs2] : xreg(x, rs2), op->width);
		return 0;
	default: {
		const struct amo_enc *a = &amos[bits(insn, 27, 5)];
		if (!a->valid)
			return -1;
		op->kind = a->kind;
		if (a->kind == MEM_LR && rs2)
			return -1; /* LR's rs2 field is reserved as zero */
		op->amo = a->op;
		op->addr = xreg(x, rs1); /* no offset: AMOs are register-indirect */
		op->rd = rd;
		op->sign_extend = a->kind != MEM_SC; /* LR and AMO results sign-extend */
		if (a->kind != MEM_LR)
			op->value = trunc_width(xreg(x, rs2), op->width);
		return 0;
	}
	}
}

/* --- 16-bit (RVC) encodings ------------------------------------------------------------------ */

/* One run of immediate bits: insn[src + n - 1 : src] lands at offset[dst + n - 1 : dst]. */
struct seg {
	uint8_t src, n, dst;
};

/* A register field: insn[lo + n - 1 : lo] + bias (bias 8 for the 3-bit x8..x15 fields). */
struct regf {
	uint8_t lo, n, bias;
};

/* Register field layouts: rd'/rs2' (x8..x15), or a full 5-bit rd / rs2 of the SP-based forms. */
enum { REG_PRIME, REG_SP_RD, REG_SP_RS2 };
static const struct regf regfs[] = {
    [REG_PRIME] = {2, 3, 8},
    [REG_SP_RD] = {7, 5, 0},
    [REG_SP_RS2] = {2, 5, 0},
};

/* Unsigned offsets, scrambled as in the RVC chapter's tables; unused runs are {0, 0, 0}. */
enum { IMM_W, IMM_D, IMM_LWSP, IMM_LDSP, IMM_SWSP, IMM_SDSP };
static const struct seg imms[][3] = {
    [IMM_W] = {{10, 3, 3}, {6, 1, 2}, {5, 1, 6}},    /* C.LW/C.SW: uimm[5:3] | [2|6] */
    [IMM_D] = {{10, 3, 3}, {5, 2, 6}},               /* C.LD/C.SD/C.FLD/C.FSD: [5:3] | [7:6] */
    [IMM_LWSP] = {{12, 1, 5}, {4, 3, 2}, {2, 2, 6}}, /* C.LWSP: uimm[5] | [4:2|7:6] */
    [IMM_LDSP] = {{12, 1, 5}, {5, 2, 3}, {2, 3, 6}}, /* C.LDSP/C.FLDSP: uimm[5] | [4:3|8:6] */
    [IMM_SWSP] = {{9, 4, 2}, {7, 2, 6}},             /* C.SWSP: uimm[5:2|7:6] */
    [IMM_SDSP] = {{10, 3, 3}, {7, 3, 6}},            /* C.SDSP/C.FSDSP: uimm[5:3|8:6] */
};

struct cform {
	bool valid;
	uint8_t kind; /* MEM_LOAD or MEM_STORE */
	uint8_t width;
	bool fp;
	bool sp_based;    /* base x2; otherwise rs1' in bits 9:7 */
	bool rd0_illegal; /* C.LWSP/C.LDSP with rd = x0 are reserved */
	uint8_t reg;      /* REG_*: rd for loads, rs2 for stores */
	uint8_t imm;      /* IMM_* */
};

/* Indexed by quadrant (bits 1:0) * 8 + funct3 (bits 15:13), with RV64's reading of each slot. */
static const struct cform cforms[24] = {
    [0 * 8 + 1] = {true, MEM_LOAD, 8, true, false, false, REG_PRIME, IMM_D},      /* C.FLD */
    [0 * 8 + 2] = {true, MEM_LOAD, 4, false, false, false, REG_PRIME, IMM_W},     /* C.LW */
    [0 * 8 + 3] = {true, MEM_LOAD, 8, false, false, false, REG_PRIME, IMM_D},     /* C.LD */
    [0 * 8 + 5] = {true, MEM_STORE, 8, true, false, false, REG_PRIME, IMM_D},     /* C.FSD */
    [0 * 8 + 6] = {true, MEM_STORE, 4, false, false, false, REG_PRIME, IMM_W},    /* C.SW */
    [0 * 8 + 7] = {true, MEM_STORE, 8, false, false, false, REG_PRIME, IMM_D},    /* C.SD */
    [2 * 8 + 1] = {true, MEM_LOAD, 8, true, true, false, REG_SP_RD, IMM_LDSP},    /* C.FLDSP */
    [2 * 8 + 2] = {true, MEM_LOAD, 4, false, true, true, REG_SP_RD, IMM_LWSP},    /* C.LWSP */
    [2 * 8 + 3] = {true, MEM_LOAD, 8, false, true, true, REG_SP_RD, IMM_LDSP},    /* C.LDSP */
    [2 * 8 + 5] = {true, MEM_STORE, 8, true, true, false, REG_SP_RS2, IMM_SDSP},  /* C.FSDSP */
    [2 * 8 + 6] = {true, MEM_STORE, 4, false, true, false, REG_SP_RS2, IMM_SWSP}, /* C.SWSP */
    [2 * 8 + 7] = {true, MEM_STORE, 8, false, true, false, REG_SP_RS2, IMM_SDSP}, /* C.SDSP */
};

static int decode16(uint32_t insn, const uint64_t x[32], const uint64_t f[32], struct mem_op *op)
{
	const struct cform *c = &cforms[bits(insn, 0, 2) * 8 + bits(insn, 13, 3)];
	const struct regf *rf = &regfs[c->reg];
	const struct seg *imm = imms[c->imm];
	const unsigned reg = bits(insn, rf->lo, rf->n) + rf->bias;
	unsigned off = 0;

	if (!c->valid)
		return -1; /* includes the all-zero word, which is C.ADDI4SPN's slot */
	if (c->fp && !f)
		return -1;
	if (c->rd0_illegal && reg == 0)
		return -1;
	for (size_t i = 0; i < sizeof(imms[0]) / sizeof(imms[0][0]); i++)
		off |= bits(insn, imm[i].src, imm[i].n) << imm[i].dst;

	op->kind = c->kind;
	op->len = 2;
	op->width = c->width;
	op->addr = (c->sp_based ? xreg(x, 2) : xreg(x, bits(insn, 7, 3) + 8)) + off;
	if (c->kind == MEM_LOAD) {
		op->rd = reg;
		op->fp_rd = c->fp;
		op->sign_extend = !c->fp;
	} else {
		op->value = trunc_width(c->fp ? f[reg] : xreg(x, reg), c->width);
	}
	return 0;
}

int insn_decode_mem(uint32_t insn, const uint64_t x[32], const uint64_t f[32], struct mem_op *op)
{
	/* Built aside so a failed decode leaves *op as the caller had it. */
	struct mem_op out = {0};
	int rc;

	if ((insn & 3) == 3)
		rc = decode32(insn, x, f, &out);
	else
		rc = decode16(insn & 0xffff, x, f, &out);
	if (rc == 0)
		*op = out;
	return rc;
}

uint64_t mem_extend(uint64_t v, unsigned width, bool sign)
{
	if (width == 0)
		return 0;
	if (width >= 8)
		return v;
	return sign ? sext(v, 8 * width) : trunc_width(v, width);
}

uint64_t amo_apply(enum amo_op op, unsigned width, uint64_t old, uint64_t operand)
{
	/* Sign-extended copies order as signed; flipping the top bit maps that onto unsigned order.
	 */
	const uint64_t a = mem_extend(old, width, true), b = mem_extend(operand, width, true);
	const uint64_t flip = 1ull << 63;
	uint64_t r;

	switch (op) {
	case AMO_SWAP:
		r = b;
		break;
	case AMO_ADD:
		r = a + b;
		break;
	case AMO_XOR:
		r = a ^ b;
		break;
	case AMO_AND:
		r = a & b;
		break;
	case AMO_OR:
		r = a | b;
		break;
	case AMO_MIN:
		r = (a ^ flip) < (b ^ flip) ? a : b;
		break;
	case AMO_MAX:
		r = (a ^ flip) > (b ^ flip) ? a : b;
		break;
	case AMO_MINU:
		r = a < b ? a : b;
		break;
	case AMO_MAXU:
		r = a > b ? a : b;
		break;
	default:
		r = a;
		break;
	}
	return trunc_width(r, width);
}
