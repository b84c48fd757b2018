/*
 * Unit tests for the RV64GC memory-instruction decoder. The instruction words below are not the
 * decoder's: each was assembled from the text next to it with GNU as 2.40
 * (riscv64-linux-gnu-as -march=rv64gc, ".option norvc" for the 32-bit rows and explicit c.*
 * mnemonics for the 16-bit ones; encodings outside G with -march=rv64imafdqcv_zfh_zicbom_zicboz,
 * reserved ones with .insn), and the bytes read back with objcopy. The expected fields restate
 * that text: base register, offset, data register, width.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdbool.h>
#include <string.h>

#include "mmu/insn_decode.h"

struct vec {
	uint32_t insn;
	const char *text; /* the assembler source line */
	enum mem_op_kind kind;
	unsigned len, width;
	unsigned base; /* address register (x2 for the SP forms) */
	int64_t off;
	int src;     /* register whose value is stored; -1: none */
	bool src_fp; /* src is an f register */
	unsigned rd;
	bool fp_rd, sign;
	enum amo_op amo;
};

struct bad_vec {
	uint32_t insn;
	const char *text;
};

/* Row tails, in struct vec order after text: (len, width, base, offset, register[, signed]). */
#define LOAD(l, w, b, o, d, s) MEM_LOAD, l, w, b, o, -1, false, d, false, s, AMO_SWAP
#define FLOAD(l, w, b, o, d)   MEM_LOAD, l, w, b, o, -1, false, d, true, false, AMO_SWAP
#define STORE(l, w, b, o, s)   MEM_STORE, l, w, b, o, s, false, 0, false, false, AMO_SWAP
#define FSTORE(l, w, b, o, s)  MEM_STORE, l, w, b, o, s, true, 0, false, false, AMO_SWAP
#define AMO(w, op, b, s, d)    MEM_AMO, 4, w, b, 0, s, false, d, false, true, op
#define LR(w, b, d)            MEM_LR, 4, w, b, 0, -1, false, d, false, true, AMO_SWAP
#define SC(w, b, s, d)         MEM_SC, 4, w, b, 0, s, false, d, false, false, AMO_SWAP

/* clang-format off */
/* Generated: assembled with riscv64-linux-gnu-as -march=rv64gc (GNU as 2.40). */
static const struct vec good_vecs[] = {
	{0x00018083, "lb x1, 0(x3)", LOAD(4, 1, 3, 0, 1, true)},
	{0x00140403, "lb x8, 1(x8)", LOAD(4, 1, 8, 1, 8, true)},
	{0xfff68783, "lb x15, -1(x13)", LOAD(4, 1, 13, -1, 15, true)},
	{0x7ff90b03, "lb x22, 2047(x18)", LOAD(4, 1, 18, 2047, 22, true)},
	{0x800b8e83, "lb x29, -2048(x23)", LOAD(4, 1, 23, -2048, 29, true)},
	{0x555e0203, "lb x4, 1365(x28)", LOAD(4, 1, 28, 1365, 4, true)},
	{0xaaa08583, "lb x11, -1366(x1)", LOAD(4, 1, 1, -1366, 11, true)},
	{0x00830903, "lb x18, 8(x6)", LOAD(4, 1, 6, 8, 18, true)},
	{0xff858c83, "lb x25, -8(x11)", LOAD(4, 1, 11, -8, 25, true)},
	{0x4d280003, "lb x0, 1234(x16)", LOAD(4, 1, 16, 1234, 0, true)},
	{0xb2ea8383, "lb x7, -1234(x21)", LOAD(4, 1, 21, -1234, 7, true)},
	{0x7f0d0703, "lb x14, 2032(x26)", LOAD(4, 1, 26, 2032, 14, true)},
	{0x00031103, "lh x2, 0(x6)", LOAD(4, 2, 6, 0, 2, true)},
	{0x00159483, "lh x9, 1(x11)", LOAD(4, 2, 11, 1, 9, true)},
	{0xfff81803, "lh x16, -1(x16)", LOAD(4, 2, 16, -1, 16, true)},
	{0x7ffa9b83, "lh x23, 2047(x21)", LOAD(4, 2, 21, 2047, 23, true)},
	{0x800d1f03, "lh x30, -2048(x26)", LOAD(4, 2, 26, -2048, 30, true)},
	{0x555f9283, "lh x5, 1365(x31)", LOAD(4, 2, 31, 1365, 5, true)},
	{0xaaa21603, "lh x12, -1366(x4)", LOAD(4, 2, 4, -1366, 12, true)},
	{0x00849983, "lh x19, 8(x9)", LOAD(4, 2, 9, 8, 19, true)},
	{0xff871d03, "lh x26, -8(x14)", LOAD(4, 2, 14, -8, 26, true)},
	{0x4d299083, "lh x1, 1234(x19)", LOAD(4, 2, 19, 1234, 1, true)},
	{0xb2ec1403, "lh x8, -1234(x24)", LOAD(4, 2, 24, -1234, 8, true)},
	{0x7f0e9783, "lh x15, 2032(x29)", LOAD(4, 2, 29, 2032, 15, true)},
	{0x00062203, "lw x4, 0(x12)", LOAD(4, 4, 12, 0, 4, true)},
	{0x0018a583, "lw x11, 1(x17)", LOAD(4, 4, 17, 1, 11, true)},
	{0xfffb2903, "lw x18, -1(x22)", LOAD(4, 4, 22, -1, 18, true)},
	{0x7ffdac83, "lw x25, 2047(x27)", LOAD(4, 4, 27, 2047, 25, true)},
	{0x80002003, "lw x0, -2048(x0)", LOAD(4, 4, 0, -2048, 0, true)},
	{0x5552a383, "lw x7, 1365(x5)", LOAD(4, 4, 5, 1365, 7, true)},
	{0xaaa52703, "lw x14, -1366(x10)", LOAD(4, 4, 10, -1366, 14, true)},
	{0x0087aa83, "lw x21, 8(x15)", LOAD(4, 4, 15, 8, 21, true)},
	{0xff8a2e03, "lw x28, -8(x20)", LOAD(4, 4, 20, -8, 28, true)},
	{0x4d2ca183, "lw x3, 1234(x25)", LOAD(4, 4, 25, 1234, 3, true)},
	{0xb2ef2503, "lw x10, -1234(x30)", LOAD(4, 4, 30, -1234, 10, true)},
	{0x7f01a883, "lw x17, 2032(x3)", LOAD(4, 4, 3, 2032, 17, true)},
	{0x000c3403, "ld x8, 0(x24)", LOAD(4, 8, 24, 0, 8, true)},
	{0x001eb783, "ld x15, 1(x29)", LOAD(4, 8, 29, 1, 15, true)},
	{0xfff13b03, "ld x22, -1(x2)", LOAD(4, 8, 2, -1, 22, true)},
	{0x7ff3be83, "ld x29, 2047(x7)", LOAD(4, 8, 7, 2047, 29, true)},
	{0x80063203, "ld x4, -2048(x12)", LOAD(4, 8, 12, -2048, 4, true)},
	{0x5558b583, "ld x11, 1365(x17)", LOAD(4, 8, 17, 1365, 11, true)},
	{0xaaab3903, "ld x18, -1366(x22)", LOAD(4, 8, 22, -1366, 18, true)},
	{0x008dbc83, "ld x25, 8(x27)", LOAD(4, 8, 27, 8, 25, true)},
	{0xff803003, "ld x0, -8(x0)", LOAD(4, 8, 0, -8, 0, true)},
	{0x4d22b383, "ld x7, 1234(x5)", LOAD(4, 8, 5, 1234, 7, true)},
	{0xb2e53703, "ld x14, -1234(x10)", LOAD(4, 8, 10, -1234, 14, true)},
	{0x7f07ba83, "ld x21, 2032(x15)", LOAD(4, 8, 15, 2032, 21, true)},
	{0x0001c083, "lbu x1, 0(x3)", LOAD(4, 1, 3, 0, 1, false)},
	{0x00144403, "lbu x8, 1(x8)", LOAD(4, 1, 8, 1, 8, false)},
	{0xfff6c783, "lbu x15, -1(x13)", LOAD(4, 1, 13, -1, 15, false)},
	{0x7ff94b03, "lbu x22, 2047(x18)", LOAD(4, 1, 18, 2047, 22, false)},
	{0x800bce83, "lbu x29, -2048(x23)", LOAD(4, 1, 23, -2048, 29, false)},
	{0x555e4203, "lbu x4, 1365(x28)", LOAD(4, 1, 28, 1365, 4, false)},
	{0xaaa0c583, "lbu x11, -1366(x1)", LOAD(4, 1, 1, -1366, 11, false)},
	{0x00834903, "lbu x18, 8(x6)", LOAD(4, 1, 6, 8, 18, false)},
	{0xff85cc83, "lbu x25, -8(x11)", LOAD(4, 1, 11, -8, 25, false)},
	{0x4d284003, "lbu x0, 1234(x16)", LOAD(4, 1, 16, 1234, 0, false)},
	{0xb2eac383, "lbu x7, -1234(x21)", LOAD(4, 1, 21, -1234, 7, false)},
	{0x7f0d4703, "lbu x14, 2032(x26)", LOAD(4, 1, 26, 2032, 14, false)},
	{0x00035103, "lhu x2, 0(x6)", LOAD(4, 2, 6, 0, 2, false)},
	{0x0015d483, "lhu x9, 1(x11)", LOAD(4, 2, 11, 1, 9, false)},
	{0xfff85803, "lhu x16, -1(x16)", LOAD(4, 2, 16, -1, 16, false)},
	{0x7ffadb83, "lhu x23, 2047(x21)", LOAD(4, 2, 21, 2047, 23, false)},
	{0x800d5f03, "lhu x30, -2048(x26)", LOAD(4, 2, 26, -2048, 30, false)},
	{0x555fd283, "lhu x5, 1365(x31)", LOAD(4, 2, 31, 1365, 5, false)},
	{0xaaa25603, "lhu x12, -1366(x4)", LOAD(4, 2, 4, -1366, 12, false)},
	{0x0084d983, "lhu x19, 8(x9)", LOAD(4, 2, 9, 8, 19, false)},
	{0xff875d03, "lhu x26, -8(x14)", LOAD(4, 2, 14, -8, 26, false)},
	{0x4d29d083, "lhu x1, 1234(x19)", LOAD(4, 2, 19, 1234, 1, false)},
	{0xb2ec5403, "lhu x8, -1234(x24)", LOAD(4, 2, 24, -1234, 8, false)},
	{0x7f0ed783, "lhu x15, 2032(x29)", LOAD(4, 2, 29, 2032, 15, false)},
	{0x00066203, "lwu x4, 0(x12)", LOAD(4, 4, 12, 0, 4, false)},
	{0x0018e583, "lwu x11, 1(x17)", LOAD(4, 4, 17, 1, 11, false)},
	{0xfffb6903, "lwu x18, -1(x22)", LOAD(4, 4, 22, -1, 18, false)},
	{0x7ffdec83, "lwu x25, 2047(x27)", LOAD(4, 4, 27, 2047, 25, false)},
	{0x80006003, "lwu x0, -2048(x0)", LOAD(4, 4, 0, -2048, 0, false)},
	{0x5552e383, "lwu x7, 1365(x5)", LOAD(4, 4, 5, 1365, 7, false)},
	{0xaaa56703, "lwu x14, -1366(x10)", LOAD(4, 4, 10, -1366, 14, false)},
	{0x0087ea83, "lwu x21, 8(x15)", LOAD(4, 4, 15, 8, 21, false)},
	{0xff8a6e03, "lwu x28, -8(x20)", LOAD(4, 4, 20, -8, 28, false)},
	{0x4d2ce183, "lwu x3, 1234(x25)", LOAD(4, 4, 25, 1234, 3, false)},
	{0xb2ef6503, "lwu x10, -1234(x30)", LOAD(4, 4, 30, -1234, 10, false)},
	{0x7f01e883, "lwu x17, 2032(x3)", LOAD(4, 4, 3, 2032, 17, false)},
	{0x00022207, "flw f4, 0(x4)", FLOAD(4, 4, 4, 0, 4)},
	{0x0014a787, "flw f15, 1(x9)", FLOAD(4, 4, 9, 1, 15)},
	{0xfff72d07, "flw f26, -1(x14)", FLOAD(4, 4, 14, -1, 26)},
	{0x7ff9a287, "flw f5, 2047(x19)", FLOAD(4, 4, 19, 2047, 5)},
	{0x800c2807, "flw f16, -2048(x24)", FLOAD(4, 4, 24, -2048, 16)},
	{0x555ead87, "flw f27, 1365(x29)", FLOAD(4, 4, 29, 1365, 27)},
	{0xaaa12307, "flw f6, -1366(x2)", FLOAD(4, 4, 2, -1366, 6)},
	{0x0083a887, "flw f17, 8(x7)", FLOAD(4, 4, 7, 8, 17)},
	{0xff862e07, "flw f28, -8(x12)", FLOAD(4, 4, 12, -8, 28)},
	{0x4d28a387, "flw f7, 1234(x17)", FLOAD(4, 4, 17, 1234, 7)},
	{0xb2eb2907, "flw f18, -1234(x22)", FLOAD(4, 4, 22, -1234, 18)},
	{0x7f0dae87, "flw f29, 2032(x27)", FLOAD(4, 4, 27, 2032, 29)},
	{0x00043407, "fld f8, 0(x8)", FLOAD(4, 8, 8, 0, 8)},
	{0x0016b987, "fld f19, 1(x13)", FLOAD(4, 8, 13, 1, 19)},
	{0xfff93f07, "fld f30, -1(x18)", FLOAD(4, 8, 18, -1, 30)},
	{0x7ffbb487, "fld f9, 2047(x23)", FLOAD(4, 8, 23, 2047, 9)},
	{0x800e3a07, "fld f20, -2048(x28)", FLOAD(4, 8, 28, -2048, 20)},
	{0x5550bf87, "fld f31, 1365(x1)", FLOAD(4, 8, 1, 1365, 31)},
	{0xaaa33507, "fld f10, -1366(x6)", FLOAD(4, 8, 6, -1366, 10)},
	{0x0085ba87, "fld f21, 8(x11)", FLOAD(4, 8, 11, 8, 21)},
	{0xff883007, "fld f0, -8(x16)", FLOAD(4, 8, 16, -8, 0)},
	{0x4d2ab587, "fld f11, 1234(x21)", FLOAD(4, 8, 21, 1234, 11)},
	{0xb2ed3b07, "fld f22, -1234(x26)", FLOAD(4, 8, 26, -1234, 22)},
	{0x7f0fb087, "fld f1, 2032(x31)", FLOAD(4, 8, 31, 2032, 1)},
	{0x00108023, "sb x1, 0(x1)", STORE(4, 1, 1, 0, 1)},
	{0x008700a3, "sb x8, 1(x14)", STORE(4, 1, 14, 1, 8)},
	{0xfefd8fa3, "sb x15, -1(x27)", STORE(4, 1, 27, -1, 15)},
	{0x7f640fa3, "sb x22, 2047(x8)", STORE(4, 1, 8, 2047, 22)},
	{0x81da8023, "sb x29, -2048(x21)", STORE(4, 1, 21, -2048, 29)},
	{0x54410aa3, "sb x4, 1365(x2)", STORE(4, 1, 2, 1365, 4)},
	{0xaab78523, "sb x11, -1366(x15)", STORE(4, 1, 15, -1366, 11)},
	{0x012e0423, "sb x18, 8(x28)", STORE(4, 1, 28, 8, 18)},
	{0xff948c23, "sb x25, -8(x9)", STORE(4, 1, 9, -8, 25)},
	{0x4c0b0923, "sb x0, 1234(x22)", STORE(4, 1, 22, 1234, 0)},
	{0xb2718723, "sb x7, -1234(x3)", STORE(4, 1, 3, -1234, 7)},
	{0x7ee80823, "sb x14, 2032(x16)", STORE(4, 1, 16, 2032, 14)},
	{0x00211023, "sh x2, 0(x2)", STORE(4, 2, 2, 0, 2)},
	{0x009790a3, "sh x9, 1(x15)", STORE(4, 2, 15, 1, 9)},
	{0xff0e1fa3, "sh x16, -1(x28)", STORE(4, 2, 28, -1, 16)},
	{0x7f749fa3, "sh x23, 2047(x9)", STORE(4, 2, 9, 2047, 23)},
	{0x81eb1023, "sh x30, -2048(x22)", STORE(4, 2, 22, -2048, 30)},
	{0x54519aa3, "sh x5, 1365(x3)", STORE(4, 2, 3, 1365, 5)},
	{0xaac81523, "sh x12, -1366(x16)", STORE(4, 2, 16, -1366, 12)},
	{0x013e9423, "sh x19, 8(x29)", STORE(4, 2, 29, 8, 19)},
	{0xffa51c23, "sh x26, -8(x10)", STORE(4, 2, 10, -8, 26)},
	{0x4c1b9923, "sh x1, 1234(x23)", STORE(4, 2, 23, 1234, 1)},
	{0xb2821723, "sh x8, -1234(x4)", STORE(4, 2, 4, -1234, 8)},
	{0x7ef89823, "sh x15, 2032(x17)", STORE(4, 2, 17, 2032, 15)},
	{0x00422023, "sw x4, 0(x4)", STORE(4, 4, 4, 0, 4)},
	{0x00b8a0a3, "sw x11, 1(x17)", STORE(4, 4, 17, 1, 11)},
	{0xff2f2fa3, "sw x18, -1(x30)", STORE(4, 4, 30, -1, 18)},
	{0x7f95afa3, "sw x25, 2047(x11)", STORE(4, 4, 11, 2047, 25)},
	{0x800c2023, "sw x0, -2048(x24)", STORE(4, 4, 24, -2048, 0)},
	{0x5472aaa3, "sw x7, 1365(x5)", STORE(4, 4, 5, 1365, 7)},
	{0xaae92523, "sw x14, -1366(x18)", STORE(4, 4, 18, -1366, 14)},
	{0x015fa423, "sw x21, 8(x31)", STORE(4, 4, 31, 8, 21)},
	{0xffc62c23, "sw x28, -8(x12)", STORE(4, 4, 12, -8, 28)},
	{0x4c3ca923, "sw x3, 1234(x25)", STORE(4, 4, 25, 1234, 3)},
	{0xb2a32723, "sw x10, -1234(x6)", STORE(4, 4, 6, -1234, 10)},
	{0x7f19a823, "sw x17, 2032(x19)", STORE(4, 4, 19, 2032, 17)},
	{0x00843023, "sd x8, 0(x8)", STORE(4, 8, 8, 0, 8)},
	{0x00fab0a3, "sd x15, 1(x21)", STORE(4, 8, 21, 1, 15)},
	{0xff613fa3, "sd x22, -1(x2)", STORE(4, 8, 2, -1, 22)},
	{0x7fd7bfa3, "sd x29, 2047(x15)", STORE(4, 8, 15, 2047, 29)},
	{0x804e3023, "sd x4, -2048(x28)", STORE(4, 8, 28, -2048, 4)},
	{0x54b4baa3, "sd x11, 1365(x9)", STORE(4, 8, 9, 1365, 11)},
	{0xab2b3523, "sd x18, -1366(x22)", STORE(4, 8, 22, -1366, 18)},
	{0x0191b423, "sd x25, 8(x3)", STORE(4, 8, 3, 8, 25)},
	{0xfe083c23, "sd x0, -8(x16)", STORE(4, 8, 16, -8, 0)},
	{0x4c7eb923, "sd x7, 1234(x29)", STORE(4, 8, 29, 1234, 7)},
	{0xb2e53723, "sd x14, -1234(x10)", STORE(4, 8, 10, -1234, 14)},
	{0x7f5bb823, "sd x21, 2032(x23)", STORE(4, 8, 23, 2032, 21)},
	{0x00442027, "fsw f4, 0(x8)", FSTORE(4, 4, 8, 0, 4)},
	{0x00f6a0a7, "fsw f15, 1(x13)", FSTORE(4, 4, 13, 1, 15)},
	{0xffa92fa7, "fsw f26, -1(x18)", FSTORE(4, 4, 18, -1, 26)},
	{0x7e5bafa7, "fsw f5, 2047(x23)", FSTORE(4, 4, 23, 2047, 5)},
	{0x810e2027, "fsw f16, -2048(x28)", FSTORE(4, 4, 28, -2048, 16)},
	{0x55b0aaa7, "fsw f27, 1365(x1)", FSTORE(4, 4, 1, 1365, 27)},
	{0xaa632527, "fsw f6, -1366(x6)", FSTORE(4, 4, 6, -1366, 6)},
	{0x0115a427, "fsw f17, 8(x11)", FSTORE(4, 4, 11, 8, 17)},
	{0xffc82c27, "fsw f28, -8(x16)", FSTORE(4, 4, 16, -8, 28)},
	{0x4c7aa927, "fsw f7, 1234(x21)", FSTORE(4, 4, 21, 1234, 7)},
	{0xb32d2727, "fsw f18, -1234(x26)", FSTORE(4, 4, 26, -1234, 18)},
	{0x7fdfa827, "fsw f29, 2032(x31)", FSTORE(4, 4, 31, 2032, 29)},
	{0x00883027, "fsd f8, 0(x16)", FSTORE(4, 8, 16, 0, 8)},
	{0x013ab0a7, "fsd f19, 1(x21)", FSTORE(4, 8, 21, 1, 19)},
	{0xffed3fa7, "fsd f30, -1(x26)", FSTORE(4, 8, 26, -1, 30)},
	{0x7e9fbfa7, "fsd f9, 2047(x31)", FSTORE(4, 8, 31, 2047, 9)},
	{0x81423027, "fsd f20, -2048(x4)", FSTORE(4, 8, 4, -2048, 20)},
	{0x55f4baa7, "fsd f31, 1365(x9)", FSTORE(4, 8, 9, 1365, 31)},
	{0xaaa73527, "fsd f10, -1366(x14)", FSTORE(4, 8, 14, -1366, 10)},
	{0x0159b427, "fsd f21, 8(x19)", FSTORE(4, 8, 19, 8, 21)},
	{0xfe0c3c27, "fsd f0, -8(x24)", FSTORE(4, 8, 24, -8, 0)},
	{0x4cbeb927, "fsd f11, 1234(x29)", FSTORE(4, 8, 29, 1234, 11)},
	{0xb3613727, "fsd f22, -1234(x2)", FSTORE(4, 8, 2, -1234, 22)},
	{0x7e13b827, "fsd f1, 2032(x7)", FSTORE(4, 8, 7, 2032, 1)},
	{0x0811202f, "amoswap.w x0, x1, (x2)", AMO(4, AMO_SWAP, 2, 1, 0)},
	{0x0c62a3af, "amoswap.w.aq x7, x6, (x5)", AMO(4, AMO_SWAP, 5, 6, 7)},
	{0x0ab4272f, "amoswap.w.rl x14, x11, (x8)", AMO(4, AMO_SWAP, 8, 11, 14)},
	{0x0f05aaaf, "amoswap.w.aqrl x21, x16, (x11)", AMO(4, AMO_SWAP, 11, 16, 21)},
	{0x01572e2f, "amoadd.w x28, x21, (x14)", AMO(4, AMO_ADD, 14, 21, 28)},
	{0x05a8a1af, "amoadd.w.aq x3, x26, (x17)", AMO(4, AMO_ADD, 17, 26, 3)},
	{0x03fa252f, "amoadd.w.rl x10, x31, (x20)", AMO(4, AMO_ADD, 20, 31, 10)},
	{0x064ba8af, "amoadd.w.aqrl x17, x4, (x23)", AMO(4, AMO_ADD, 23, 4, 17)},
	{0x209d2c2f, "amoxor.w x24, x9, (x26)", AMO(4, AMO_XOR, 26, 9, 24)},
	{0x24eeafaf, "amoxor.w.aq x31, x14, (x29)", AMO(4, AMO_XOR, 29, 14, 31)},
	{0x2330232f, "amoxor.w.rl x6, x19, (x0)", AMO(4, AMO_XOR, 0, 19, 6)},
	{0x2781a6af, "amoxor.w.aqrl x13, x24, (x3)", AMO(4, AMO_XOR, 3, 24, 13)},
	{0x61d32a2f, "amoand.w x20, x29, (x6)", AMO(4, AMO_AND, 6, 29, 20)},
	{0x6424adaf, "amoand.w.aq x27, x2, (x9)", AMO(4, AMO_AND, 9, 2, 27)},
	{0x6276212f, "amoand.w.rl x2, x7, (x12)", AMO(4, AMO_AND, 12, 7, 2)},
	{0x66c7a4af, "amoand.w.aqrl x9, x12, (x15)", AMO(4, AMO_AND, 15, 12, 9)},
	{0x4119282f, "amoor.w x16, x17, (x18)", AMO(4, AMO_OR, 18, 17, 16)},
	{0x456aabaf, "amoor.w.aq x23, x22, (x21)", AMO(4, AMO_OR, 21, 22, 23)},
	{0x43bc2f2f, "amoor.w.rl x30, x27, (x24)", AMO(4, AMO_OR, 24, 27, 30)},
	{0x460da2af, "amoor.w.aqrl x5, x0, (x27)", AMO(4, AMO_OR, 27, 0, 5)},
	{0x805f262f, "amomin.w x12, x5, (x30)", AMO(4, AMO_MIN, 30, 5, 12)},
	{0x84a0a9af, "amomin.w.aq x19, x10, (x1)", AMO(4, AMO_MIN, 1, 10, 19)},
	{0x82f22d2f, "amomin.w.rl x26, x15, (x4)", AMO(4, AMO_MIN, 4, 15, 26)},
	{0x8743a0af, "amomin.w.aqrl x1, x20, (x7)", AMO(4, AMO_MIN, 7, 20, 1)},
	{0xa195242f, "amomax.w x8, x25, (x10)", AMO(4, AMO_MAX, 10, 25, 8)},
	{0xa5e6a7af, "amomax.w.aq x15, x30, (x13)", AMO(4, AMO_MAX, 13, 30, 15)},
	{0xa2382b2f, "amomax.w.rl x22, x3, (x16)", AMO(4, AMO_MAX, 16, 3, 22)},
	{0xa689aeaf, "amomax.w.aqrl x29, x8, (x19)", AMO(4, AMO_MAX, 19, 8, 29)},
	{0xc0db222f, "amominu.w x4, x13, (x22)", AMO(4, AMO_MINU, 22, 13, 4)},
	{0xc52ca5af, "amominu.w.aq x11, x18, (x25)", AMO(4, AMO_MINU, 25, 18, 11)},
	{0xc37e292f, "amominu.w.rl x18, x23, (x28)", AMO(4, AMO_MINU, 28, 23, 18)},
	{0xc7cfacaf, "amominu.w.aqrl x25, x28, (x31)", AMO(4, AMO_MINU, 31, 28, 25)},
	{0xe011202f, "amomaxu.w x0, x1, (x2)", AMO(4, AMO_MAXU, 2, 1, 0)},
	{0xe462a3af, "amomaxu.w.aq x7, x6, (x5)", AMO(4, AMO_MAXU, 5, 6, 7)},
	{0xe2b4272f, "amomaxu.w.rl x14, x11, (x8)", AMO(4, AMO_MAXU, 8, 11, 14)},
	{0xe705aaaf, "amomaxu.w.aqrl x21, x16, (x11)", AMO(4, AMO_MAXU, 11, 16, 21)},
	{0x10072e2f, "lr.w x28, (x14)", LR(4, 14, 28)},
	{0x19572e2f, "sc.w x28, x21, (x14)", SC(4, 14, 21, 28)},
	{0x1408a1af, "lr.w.aq x3, (x17)", LR(4, 17, 3)},
	{0x1da8a1af, "sc.w.aq x3, x26, (x17)", SC(4, 17, 26, 3)},
	{0x120a252f, "lr.w.rl x10, (x20)", LR(4, 20, 10)},
	{0x1bfa252f, "sc.w.rl x10, x31, (x20)", SC(4, 20, 31, 10)},
	{0x160ba8af, "lr.w.aqrl x17, (x23)", LR(4, 23, 17)},
	{0x1e4ba8af, "sc.w.aqrl x17, x4, (x23)", SC(4, 23, 4, 17)},
	{0x089d3c2f, "amoswap.d x24, x9, (x26)", AMO(8, AMO_SWAP, 26, 9, 24)},
	{0x0ceebfaf, "amoswap.d.aq x31, x14, (x29)", AMO(8, AMO_SWAP, 29, 14, 31)},
	{0x0b30332f, "amoswap.d.rl x6, x19, (x0)", AMO(8, AMO_SWAP, 0, 19, 6)},
	{0x0f81b6af, "amoswap.d.aqrl x13, x24, (x3)", AMO(8, AMO_SWAP, 3, 24, 13)},
	{0x01d33a2f, "amoadd.d x20, x29, (x6)", AMO(8, AMO_ADD, 6, 29, 20)},
	{0x0424bdaf, "amoadd.d.aq x27, x2, (x9)", AMO(8, AMO_ADD, 9, 2, 27)},
	{0x0276312f, "amoadd.d.rl x2, x7, (x12)", AMO(8, AMO_ADD, 12, 7, 2)},
	{0x06c7b4af, "amoadd.d.aqrl x9, x12, (x15)", AMO(8, AMO_ADD, 15, 12, 9)},
	{0x2119382f, "amoxor.d x16, x17, (x18)", AMO(8, AMO_XOR, 18, 17, 16)},
	{0x256abbaf, "amoxor.d.aq x23, x22, (x21)", AMO(8, AMO_XOR, 21, 22, 23)},
	{0x23bc3f2f, "amoxor.d.rl x30, x27, (x24)", AMO(8, AMO_XOR, 24, 27, 30)},
	{0x260db2af, "amoxor.d.aqrl x5, x0, (x27)", AMO(8, AMO_XOR, 27, 0, 5)},
	{0x605f362f, "amoand.d x12, x5, (x30)", AMO(8, AMO_AND, 30, 5, 12)},
	{0x64a0b9af, "amoand.d.aq x19, x10, (x1)", AMO(8, AMO_AND, 1, 10, 19)},
	{0x62f23d2f, "amoand.d.rl x26, x15, (x4)", AMO(8, AMO_AND, 4, 15, 26)},
	{0x6743b0af, "amoand.d.aqrl x1, x20, (x7)", AMO(8, AMO_AND, 7, 20, 1)},
	{0x4195342f, "amoor.d x8, x25, (x10)", AMO(8, AMO_OR, 10, 25, 8)},
	{0x45e6b7af, "amoor.d.aq x15, x30, (x13)", AMO(8, AMO_OR, 13, 30, 15)},
	{0x42383b2f, "amoor.d.rl x22, x3, (x16)", AMO(8, AMO_OR, 16, 3, 22)},
	{0x4689beaf, "amoor.d.aqrl x29, x8, (x19)", AMO(8, AMO_OR, 19, 8, 29)},
	{0x80db322f, "amomin.d x4, x13, (x22)", AMO(8, AMO_MIN, 22, 13, 4)},
	{0x852cb5af, "amomin.d.aq x11, x18, (x25)", AMO(8, AMO_MIN, 25, 18, 11)},
	{0x837e392f, "amomin.d.rl x18, x23, (x28)", AMO(8, AMO_MIN, 28, 23, 18)},
	{0x87cfbcaf, "amomin.d.aqrl x25, x28, (x31)", AMO(8, AMO_MIN, 31, 28, 25)},
	{0xa011302f, "amomax.d x0, x1, (x2)", AMO(8, AMO_MAX, 2, 1, 0)},
	{0xa462b3af, "amomax.d.aq x7, x6, (x5)", AMO(8, AMO_MAX, 5, 6, 7)},
	{0xa2b4372f, "amomax.d.rl x14, x11, (x8)", AMO(8, AMO_MAX, 8, 11, 14)},
	{0xa705baaf, "amomax.d.aqrl x21, x16, (x11)", AMO(8, AMO_MAX, 11, 16, 21)},
	{0xc1573e2f, "amominu.d x28, x21, (x14)", AMO(8, AMO_MINU, 14, 21, 28)},
	{0xc5a8b1af, "amominu.d.aq x3, x26, (x17)", AMO(8, AMO_MINU, 17, 26, 3)},
	{0xc3fa352f, "amominu.d.rl x10, x31, (x20)", AMO(8, AMO_MINU, 20, 31, 10)},
	{0xc64bb8af, "amominu.d.aqrl x17, x4, (x23)", AMO(8, AMO_MINU, 23, 4, 17)},
	{0xe09d3c2f, "amomaxu.d x24, x9, (x26)", AMO(8, AMO_MAXU, 26, 9, 24)},
	{0xe4eebfaf, "amomaxu.d.aq x31, x14, (x29)", AMO(8, AMO_MAXU, 29, 14, 31)},
	{0xe330332f, "amomaxu.d.rl x6, x19, (x0)", AMO(8, AMO_MAXU, 0, 19, 6)},
	{0xe781b6af, "amomaxu.d.aqrl x13, x24, (x3)", AMO(8, AMO_MAXU, 3, 24, 13)},
	{0x10033a2f, "lr.d x20, (x6)", LR(8, 6, 20)},
	{0x19d33a2f, "sc.d x20, x29, (x6)", SC(8, 6, 29, 20)},
	{0x1404bdaf, "lr.d.aq x27, (x9)", LR(8, 9, 27)},
	{0x1c24bdaf, "sc.d.aq x27, x2, (x9)", SC(8, 9, 2, 27)},
	{0x1206312f, "lr.d.rl x2, (x12)", LR(8, 12, 2)},
	{0x1a76312f, "sc.d.rl x2, x7, (x12)", SC(8, 12, 7, 2)},
	{0x1607b4af, "lr.d.aqrl x9, (x15)", LR(8, 15, 9)},
	{0x1ec7b4af, "sc.d.aqrl x9, x12, (x15)", SC(8, 15, 12, 9)},
	{0x4180, "c.lw x8, 0(x11)", LOAD(2, 4, 11, 0, 8, true)},
	{0x4044, "c.lw x9, 4(x8)", LOAD(2, 4, 8, 4, 9, true)},
	{0x4688, "c.lw x10, 8(x13)", LOAD(2, 4, 13, 8, 10, true)},
	{0x490c, "c.lw x11, 16(x10)", LOAD(2, 4, 10, 16, 11, true)},
	{0x5390, "c.lw x12, 32(x15)", LOAD(2, 4, 15, 32, 12, true)},
	{0x4234, "c.lw x13, 64(x12)", LOAD(2, 4, 12, 64, 13, true)},
	{0x5cf8, "c.lw x14, 124(x9)", LOAD(2, 4, 9, 124, 14, true)},
	{0x437c, "c.lw x15, 68(x14)", LOAD(2, 4, 14, 68, 15, true)},
	{0x4180, "c.lw x8, 0(x11)", LOAD(2, 4, 11, 0, 8, true)},
	{0x4044, "c.lw x9, 4(x8)", LOAD(2, 4, 8, 4, 9, true)},
	{0x4688, "c.lw x10, 8(x13)", LOAD(2, 4, 13, 8, 10, true)},
	{0x490c, "c.lw x11, 16(x10)", LOAD(2, 4, 10, 16, 11, true)},
	{0x5390, "c.lw x12, 32(x15)", LOAD(2, 4, 15, 32, 12, true)},
	{0x4234, "c.lw x13, 64(x12)", LOAD(2, 4, 12, 64, 13, true)},
	{0x5cf8, "c.lw x14, 124(x9)", LOAD(2, 4, 9, 124, 14, true)},
	{0x437c, "c.lw x15, 68(x14)", LOAD(2, 4, 14, 68, 15, true)},
	{0x6180, "c.ld x8, 0(x11)", LOAD(2, 8, 11, 0, 8, true)},
	{0x6404, "c.ld x9, 8(x8)", LOAD(2, 8, 8, 8, 9, true)},
	{0x6a88, "c.ld x10, 16(x13)", LOAD(2, 8, 13, 16, 10, true)},
	{0x710c, "c.ld x11, 32(x10)", LOAD(2, 8, 10, 32, 11, true)},
	{0x63b0, "c.ld x12, 64(x15)", LOAD(2, 8, 15, 64, 12, true)},
	{0x6254, "c.ld x13, 128(x12)", LOAD(2, 8, 12, 128, 13, true)},
	{0x7cf8, "c.ld x14, 248(x9)", LOAD(2, 8, 9, 248, 14, true)},
	{0x675c, "c.ld x15, 136(x14)", LOAD(2, 8, 14, 136, 15, true)},
	{0x6180, "c.ld x8, 0(x11)", LOAD(2, 8, 11, 0, 8, true)},
	{0x6404, "c.ld x9, 8(x8)", LOAD(2, 8, 8, 8, 9, true)},
	{0x6a88, "c.ld x10, 16(x13)", LOAD(2, 8, 13, 16, 10, true)},
	{0x710c, "c.ld x11, 32(x10)", LOAD(2, 8, 10, 32, 11, true)},
	{0x63b0, "c.ld x12, 64(x15)", LOAD(2, 8, 15, 64, 12, true)},
	{0x6254, "c.ld x13, 128(x12)", LOAD(2, 8, 12, 128, 13, true)},
	{0x7cf8, "c.ld x14, 248(x9)", LOAD(2, 8, 9, 248, 14, true)},
	{0x675c, "c.ld x15, 136(x14)", LOAD(2, 8, 14, 136, 15, true)},
	{0x2180, "c.fld f8, 0(x11)", FLOAD(2, 8, 11, 0, 8)},
	{0x2404, "c.fld f9, 8(x8)", FLOAD(2, 8, 8, 8, 9)},
	{0x2a88, "c.fld f10, 16(x13)", FLOAD(2, 8, 13, 16, 10)},
	{0x310c, "c.fld f11, 32(x10)", FLOAD(2, 8, 10, 32, 11)},
	{0x23b0, "c.fld f12, 64(x15)", FLOAD(2, 8, 15, 64, 12)},
	{0x2254, "c.fld f13, 128(x12)", FLOAD(2, 8, 12, 128, 13)},
	{0x3cf8, "c.fld f14, 248(x9)", FLOAD(2, 8, 9, 248, 14)},
	{0x275c, "c.fld f15, 136(x14)", FLOAD(2, 8, 14, 136, 15)},
	{0x2180, "c.fld f8, 0(x11)", FLOAD(2, 8, 11, 0, 8)},
	{0x2404, "c.fld f9, 8(x8)", FLOAD(2, 8, 8, 8, 9)},
	{0x2a88, "c.fld f10, 16(x13)", FLOAD(2, 8, 13, 16, 10)},
	{0x310c, "c.fld f11, 32(x10)", FLOAD(2, 8, 10, 32, 11)},
	{0x23b0, "c.fld f12, 64(x15)", FLOAD(2, 8, 15, 64, 12)},
	{0x2254, "c.fld f13, 128(x12)", FLOAD(2, 8, 12, 128, 13)},
	{0x3cf8, "c.fld f14, 248(x9)", FLOAD(2, 8, 9, 248, 14)},
	{0x275c, "c.fld f15, 136(x14)", FLOAD(2, 8, 14, 136, 15)},
	{0xc180, "c.sw x8, 0(x11)", STORE(2, 4, 11, 0, 8)},
	{0xc044, "c.sw x9, 4(x8)", STORE(2, 4, 8, 4, 9)},
	{0xc688, "c.sw x10, 8(x13)", STORE(2, 4, 13, 8, 10)},
	{0xc90c, "c.sw x11, 16(x10)", STORE(2, 4, 10, 16, 11)},
	{0xd390, "c.sw x12, 32(x15)", STORE(2, 4, 15, 32, 12)},
	{0xc234, "c.sw x13, 64(x12)", STORE(2, 4, 12, 64, 13)},
	{0xdcf8, "c.sw x14, 124(x9)", STORE(2, 4, 9, 124, 14)},
	{0xc37c, "c.sw x15, 68(x14)", STORE(2, 4, 14, 68, 15)},
	{0xc180, "c.sw x8, 0(x11)", STORE(2, 4, 11, 0, 8)},
	{0xc044, "c.sw x9, 4(x8)", STORE(2, 4, 8, 4, 9)},
	{0xc688, "c.sw x10, 8(x13)", STORE(2, 4, 13, 8, 10)},
	{0xc90c, "c.sw x11, 16(x10)", STORE(2, 4, 10, 16, 11)},
	{0xd390, "c.sw x12, 32(x15)", STORE(2, 4, 15, 32, 12)},
	{0xc234, "c.sw x13, 64(x12)", STORE(2, 4, 12, 64, 13)},
	{0xdcf8, "c.sw x14, 124(x9)", STORE(2, 4, 9, 124, 14)},
	{0xc37c, "c.sw x15, 68(x14)", STORE(2, 4, 14, 68, 15)},
	{0xe180, "c.sd x8, 0(x11)", STORE(2, 8, 11, 0, 8)},
	{0xe404, "c.sd x9, 8(x8)", STORE(2, 8, 8, 8, 9)},
	{0xea88, "c.sd x10, 16(x13)", STORE(2, 8, 13, 16, 10)},
	{0xf10c, "c.sd x11, 32(x10)", STORE(2, 8, 10, 32, 11)},
	{0xe3b0, "c.sd x12, 64(x15)", STORE(2, 8, 15, 64, 12)},
	{0xe254, "c.sd x13, 128(x12)", STORE(2, 8, 12, 128, 13)},
	{0xfcf8, "c.sd x14, 248(x9)", STORE(2, 8, 9, 248, 14)},
	{0xe75c, "c.sd x15, 136(x14)", STORE(2, 8, 14, 136, 15)},
	{0xe180, "c.sd x8, 0(x11)", STORE(2, 8, 11, 0, 8)},
	{0xe404, "c.sd x9, 8(x8)", STORE(2, 8, 8, 8, 9)},
	{0xea88, "c.sd x10, 16(x13)", STORE(2, 8, 13, 16, 10)},
	{0xf10c, "c.sd x11, 32(x10)", STORE(2, 8, 10, 32, 11)},
	{0xe3b0, "c.sd x12, 64(x15)", STORE(2, 8, 15, 64, 12)},
	{0xe254, "c.sd x13, 128(x12)", STORE(2, 8, 12, 128, 13)},
	{0xfcf8, "c.sd x14, 248(x9)", STORE(2, 8, 9, 248, 14)},
	{0xe75c, "c.sd x15, 136(x14)", STORE(2, 8, 14, 136, 15)},
	{0xa180, "c.fsd f8, 0(x11)", FSTORE(2, 8, 11, 0, 8)},
	{0xa404, "c.fsd f9, 8(x8)", FSTORE(2, 8, 8, 8, 9)},
	{0xaa88, "c.fsd f10, 16(x13)", FSTORE(2, 8, 13, 16, 10)},
	{0xb10c, "c.fsd f11, 32(x10)", FSTORE(2, 8, 10, 32, 11)},
	{0xa3b0, "c.fsd f12, 64(x15)", FSTORE(2, 8, 15, 64, 12)},
	{0xa254, "c.fsd f13, 128(x12)", FSTORE(2, 8, 12, 128, 13)},
	{0xbcf8, "c.fsd f14, 248(x9)", FSTORE(2, 8, 9, 248, 14)},
	{0xa75c, "c.fsd f15, 136(x14)", FSTORE(2, 8, 14, 136, 15)},
	{0xa180, "c.fsd f8, 0(x11)", FSTORE(2, 8, 11, 0, 8)},
	{0xa404, "c.fsd f9, 8(x8)", FSTORE(2, 8, 8, 8, 9)},
	{0xaa88, "c.fsd f10, 16(x13)", FSTORE(2, 8, 13, 16, 10)},
	{0xb10c, "c.fsd f11, 32(x10)", FSTORE(2, 8, 10, 32, 11)},
	{0xa3b0, "c.fsd f12, 64(x15)", FSTORE(2, 8, 15, 64, 12)},
	{0xa254, "c.fsd f13, 128(x12)", FSTORE(2, 8, 12, 128, 13)},
	{0xbcf8, "c.fsd f14, 248(x9)", FSTORE(2, 8, 9, 248, 14)},
	{0xa75c, "c.fsd f15, 136(x14)", FSTORE(2, 8, 14, 136, 15)},
	{0x4082, "c.lwsp x1, 0(x2)", LOAD(2, 4, 2, 0, 1, true)},
	{0x4112, "c.lwsp x2, 4(x2)", LOAD(2, 4, 2, 4, 2, true)},
	{0x41a2, "c.lwsp x3, 8(x2)", LOAD(2, 4, 2, 8, 3, true)},
	{0x4242, "c.lwsp x4, 16(x2)", LOAD(2, 4, 2, 16, 4, true)},
	{0x5282, "c.lwsp x5, 32(x2)", LOAD(2, 4, 2, 32, 5, true)},
	{0x4306, "c.lwsp x6, 64(x2)", LOAD(2, 4, 2, 64, 6, true)},
	{0x438a, "c.lwsp x7, 128(x2)", LOAD(2, 4, 2, 128, 7, true)},
	{0x547e, "c.lwsp x8, 252(x2)", LOAD(2, 4, 2, 252, 8, true)},
	{0x449a, "c.lwsp x9, 132(x2)", LOAD(2, 4, 2, 132, 9, true)},
	{0x4502, "c.lwsp x10, 0(x2)", LOAD(2, 4, 2, 0, 10, true)},
	{0x4592, "c.lwsp x11, 4(x2)", LOAD(2, 4, 2, 4, 11, true)},
	{0x4622, "c.lwsp x12, 8(x2)", LOAD(2, 4, 2, 8, 12, true)},
	{0x46c2, "c.lwsp x13, 16(x2)", LOAD(2, 4, 2, 16, 13, true)},
	{0x5702, "c.lwsp x14, 32(x2)", LOAD(2, 4, 2, 32, 14, true)},
	{0x4786, "c.lwsp x15, 64(x2)", LOAD(2, 4, 2, 64, 15, true)},
	{0x480a, "c.lwsp x16, 128(x2)", LOAD(2, 4, 2, 128, 16, true)},
	{0x58fe, "c.lwsp x17, 252(x2)", LOAD(2, 4, 2, 252, 17, true)},
	{0x491a, "c.lwsp x18, 132(x2)", LOAD(2, 4, 2, 132, 18, true)},
	{0x4982, "c.lwsp x19, 0(x2)", LOAD(2, 4, 2, 0, 19, true)},
	{0x4a12, "c.lwsp x20, 4(x2)", LOAD(2, 4, 2, 4, 20, true)},
	{0x4aa2, "c.lwsp x21, 8(x2)", LOAD(2, 4, 2, 8, 21, true)},
	{0x4b42, "c.lwsp x22, 16(x2)", LOAD(2, 4, 2, 16, 22, true)},
	{0x5b82, "c.lwsp x23, 32(x2)", LOAD(2, 4, 2, 32, 23, true)},
	{0x4c06, "c.lwsp x24, 64(x2)", LOAD(2, 4, 2, 64, 24, true)},
	{0x4c8a, "c.lwsp x25, 128(x2)", LOAD(2, 4, 2, 128, 25, true)},
	{0x5d7e, "c.lwsp x26, 252(x2)", LOAD(2, 4, 2, 252, 26, true)},
	{0x4d9a, "c.lwsp x27, 132(x2)", LOAD(2, 4, 2, 132, 27, true)},
	{0x4e02, "c.lwsp x28, 0(x2)", LOAD(2, 4, 2, 0, 28, true)},
	{0x4e92, "c.lwsp x29, 4(x2)", LOAD(2, 4, 2, 4, 29, true)},
	{0x4f22, "c.lwsp x30, 8(x2)", LOAD(2, 4, 2, 8, 30, true)},
	{0x4fc2, "c.lwsp x31, 16(x2)", LOAD(2, 4, 2, 16, 31, true)},
	{0x6082, "c.ldsp x1, 0(x2)", LOAD(2, 8, 2, 0, 1, true)},
	{0x6122, "c.ldsp x2, 8(x2)", LOAD(2, 8, 2, 8, 2, true)},
	{0x61c2, "c.ldsp x3, 16(x2)", LOAD(2, 8, 2, 16, 3, true)},
	{0x7202, "c.ldsp x4, 32(x2)", LOAD(2, 8, 2, 32, 4, true)},
	{0x6286, "c.ldsp x5, 64(x2)", LOAD(2, 8, 2, 64, 5, true)},
	{0x630a, "c.ldsp x6, 128(x2)", LOAD(2, 8, 2, 128, 6, true)},
	{0x6392, "c.ldsp x7, 256(x2)", LOAD(2, 8, 2, 256, 7, true)},
	{0x747e, "c.ldsp x8, 504(x2)", LOAD(2, 8, 2, 504, 8, true)},
	{0x64b2, "c.ldsp x9, 264(x2)", LOAD(2, 8, 2, 264, 9, true)},
	{0x6502, "c.ldsp x10, 0(x2)", LOAD(2, 8, 2, 0, 10, true)},
	{0x65a2, "c.ldsp x11, 8(x2)", LOAD(2, 8, 2, 8, 11, true)},
	{0x6642, "c.ldsp x12, 16(x2)", LOAD(2, 8, 2, 16, 12, true)},
	{0x7682, "c.ldsp x13, 32(x2)", LOAD(2, 8, 2, 32, 13, true)},
	{0x6706, "c.ldsp x14, 64(x2)", LOAD(2, 8, 2, 64, 14, true)},
	{0x678a, "c.ldsp x15, 128(x2)", LOAD(2, 8, 2, 128, 15, true)},
	{0x6812, "c.ldsp x16, 256(x2)", LOAD(2, 8, 2, 256, 16, true)},
	{0x78fe, "c.ldsp x17, 504(x2)", LOAD(2, 8, 2, 504, 17, true)},
	{0x6932, "c.ldsp x18, 264(x2)", LOAD(2, 8, 2, 264, 18, true)},
	{0x6982, "c.ldsp x19, 0(x2)", LOAD(2, 8, 2, 0, 19, true)},
	{0x6a22, "c.ldsp x20, 8(x2)", LOAD(2, 8, 2, 8, 20, true)},
	{0x6ac2, "c.ldsp x21, 16(x2)", LOAD(2, 8, 2, 16, 21, true)},
	{0x7b02, "c.ldsp x22, 32(x2)", LOAD(2, 8, 2, 32, 22, true)},
	{0x6b86, "c.ldsp x23, 64(x2)", LOAD(2, 8, 2, 64, 23, true)},
	{0x6c0a, "c.ldsp x24, 128(x2)", LOAD(2, 8, 2, 128, 24, true)},
	{0x6c92, "c.ldsp x25, 256(x2)", LOAD(2, 8, 2, 256, 25, true)},
	{0x7d7e, "c.ldsp x26, 504(x2)", LOAD(2, 8, 2, 504, 26, true)},
	{0x6db2, "c.ldsp x27, 264(x2)", LOAD(2, 8, 2, 264, 27, true)},
	{0x6e02, "c.ldsp x28, 0(x2)", LOAD(2, 8, 2, 0, 28, true)},
	{0x6ea2, "c.ldsp x29, 8(x2)", LOAD(2, 8, 2, 8, 29, true)},
	{0x6f42, "c.ldsp x30, 16(x2)", LOAD(2, 8, 2, 16, 30, true)},
	{0x7f82, "c.ldsp x31, 32(x2)", LOAD(2, 8, 2, 32, 31, true)},
	{0x2002, "c.fldsp f0, 0(x2)", FLOAD(2, 8, 2, 0, 0)},
	{0x20a2, "c.fldsp f1, 8(x2)", FLOAD(2, 8, 2, 8, 1)},
	{0x2142, "c.fldsp f2, 16(x2)", FLOAD(2, 8, 2, 16, 2)},
	{0x3182, "c.fldsp f3, 32(x2)", FLOAD(2, 8, 2, 32, 3)},
	{0x2206, "c.fldsp f4, 64(x2)", FLOAD(2, 8, 2, 64, 4)},
	{0x228a, "c.fldsp f5, 128(x2)", FLOAD(2, 8, 2, 128, 5)},
	{0x2312, "c.fldsp f6, 256(x2)", FLOAD(2, 8, 2, 256, 6)},
	{0x33fe, "c.fldsp f7, 504(x2)", FLOAD(2, 8, 2, 504, 7)},
	{0x2432, "c.fldsp f8, 264(x2)", FLOAD(2, 8, 2, 264, 8)},
	{0x2482, "c.fldsp f9, 0(x2)", FLOAD(2, 8, 2, 0, 9)},
	{0x2522, "c.fldsp f10, 8(x2)", FLOAD(2, 8, 2, 8, 10)},
	{0x25c2, "c.fldsp f11, 16(x2)", FLOAD(2, 8, 2, 16, 11)},
	{0x3602, "c.fldsp f12, 32(x2)", FLOAD(2, 8, 2, 32, 12)},
	{0x2686, "c.fldsp f13, 64(x2)", FLOAD(2, 8, 2, 64, 13)},
	{0x270a, "c.fldsp f14, 128(x2)", FLOAD(2, 8, 2, 128, 14)},
	{0x2792, "c.fldsp f15, 256(x2)", FLOAD(2, 8, 2, 256, 15)},
	{0x387e, "c.fldsp f16, 504(x2)", FLOAD(2, 8, 2, 504, 16)},
	{0x28b2, "c.fldsp f17, 264(x2)", FLOAD(2, 8, 2, 264, 17)},
	{0x2902, "c.fldsp f18, 0(x2)", FLOAD(2, 8, 2, 0, 18)},
	{0x29a2, "c.fldsp f19, 8(x2)", FLOAD(2, 8, 2, 8, 19)},
	{0x2a42, "c.fldsp f20, 16(x2)", FLOAD(2, 8, 2, 16, 20)},
	{0x3a82, "c.fldsp f21, 32(x2)", FLOAD(2, 8, 2, 32, 21)},
	{0x2b06, "c.fldsp f22, 64(x2)", FLOAD(2, 8, 2, 64, 22)},
	{0x2b8a, "c.fldsp f23, 128(x2)", FLOAD(2, 8, 2, 128, 23)},
	{0x2c12, "c.fldsp f24, 256(x2)", FLOAD(2, 8, 2, 256, 24)},
	{0x3cfe, "c.fldsp f25, 504(x2)", FLOAD(2, 8, 2, 504, 25)},
	{0x2d32, "c.fldsp f26, 264(x2)", FLOAD(2, 8, 2, 264, 26)},
	{0x2d82, "c.fldsp f27, 0(x2)", FLOAD(2, 8, 2, 0, 27)},
	{0x2e22, "c.fldsp f28, 8(x2)", FLOAD(2, 8, 2, 8, 28)},
	{0x2ec2, "c.fldsp f29, 16(x2)", FLOAD(2, 8, 2, 16, 29)},
	{0x3f02, "c.fldsp f30, 32(x2)", FLOAD(2, 8, 2, 32, 30)},
	{0x2f86, "c.fldsp f31, 64(x2)", FLOAD(2, 8, 2, 64, 31)},
	{0xc002, "c.swsp x0, 0(x2)", STORE(2, 4, 2, 0, 0)},
	{0xc206, "c.swsp x1, 4(x2)", STORE(2, 4, 2, 4, 1)},
	{0xc40a, "c.swsp x2, 8(x2)", STORE(2, 4, 2, 8, 2)},
	{0xc80e, "c.swsp x3, 16(x2)", STORE(2, 4, 2, 16, 3)},
	{0xd012, "c.swsp x4, 32(x2)", STORE(2, 4, 2, 32, 4)},
	{0xc096, "c.swsp x5, 64(x2)", STORE(2, 4, 2, 64, 5)},
	{0xc11a, "c.swsp x6, 128(x2)", STORE(2, 4, 2, 128, 6)},
	{0xdf9e, "c.swsp x7, 252(x2)", STORE(2, 4, 2, 252, 7)},
	{0xc322, "c.swsp x8, 132(x2)", STORE(2, 4, 2, 132, 8)},
	{0xc026, "c.swsp x9, 0(x2)", STORE(2, 4, 2, 0, 9)},
	{0xc22a, "c.swsp x10, 4(x2)", STORE(2, 4, 2, 4, 10)},
	{0xc42e, "c.swsp x11, 8(x2)", STORE(2, 4, 2, 8, 11)},
	{0xc832, "c.swsp x12, 16(x2)", STORE(2, 4, 2, 16, 12)},
	{0xd036, "c.swsp x13, 32(x2)", STORE(2, 4, 2, 32, 13)},
	{0xc0ba, "c.swsp x14, 64(x2)", STORE(2, 4, 2, 64, 14)},
	{0xc13e, "c.swsp x15, 128(x2)", STORE(2, 4, 2, 128, 15)},
	{0xdfc2, "c.swsp x16, 252(x2)", STORE(2, 4, 2, 252, 16)},
	{0xc346, "c.swsp x17, 132(x2)", STORE(2, 4, 2, 132, 17)},
	{0xc04a, "c.swsp x18, 0(x2)", STORE(2, 4, 2, 0, 18)},
	{0xc24e, "c.swsp x19, 4(x2)", STORE(2, 4, 2, 4, 19)},
	{0xc452, "c.swsp x20, 8(x2)", STORE(2, 4, 2, 8, 20)},
	{0xc856, "c.swsp x21, 16(x2)", STORE(2, 4, 2, 16, 21)},
	{0xd05a, "c.swsp x22, 32(x2)", STORE(2, 4, 2, 32, 22)},
	{0xc0de, "c.swsp x23, 64(x2)", STORE(2, 4, 2, 64, 23)},
	{0xc162, "c.swsp x24, 128(x2)", STORE(2, 4, 2, 128, 24)},
	{0xdfe6, "c.swsp x25, 252(x2)", STORE(2, 4, 2, 252, 25)},
	{0xc36a, "c.swsp x26, 132(x2)", STORE(2, 4, 2, 132, 26)},
	{0xc06e, "c.swsp x27, 0(x2)", STORE(2, 4, 2, 0, 27)},
	{0xc272, "c.swsp x28, 4(x2)", STORE(2, 4, 2, 4, 28)},
	{0xc476, "c.swsp x29, 8(x2)", STORE(2, 4, 2, 8, 29)},
	{0xc87a, "c.swsp x30, 16(x2)", STORE(2, 4, 2, 16, 30)},
	{0xd07e, "c.swsp x31, 32(x2)", STORE(2, 4, 2, 32, 31)},
	{0xe002, "c.sdsp x0, 0(x2)", STORE(2, 8, 2, 0, 0)},
	{0xe406, "c.sdsp x1, 8(x2)", STORE(2, 8, 2, 8, 1)},
	{0xe80a, "c.sdsp x2, 16(x2)", STORE(2, 8, 2, 16, 2)},
	{0xf00e, "c.sdsp x3, 32(x2)", STORE(2, 8, 2, 32, 3)},
	{0xe092, "c.sdsp x4, 64(x2)", STORE(2, 8, 2, 64, 4)},
	{0xe116, "c.sdsp x5, 128(x2)", STORE(2, 8, 2, 128, 5)},
	{0xe21a, "c.sdsp x6, 256(x2)", STORE(2, 8, 2, 256, 6)},
	{0xff9e, "c.sdsp x7, 504(x2)", STORE(2, 8, 2, 504, 7)},
	{0xe622, "c.sdsp x8, 264(x2)", STORE(2, 8, 2, 264, 8)},
	{0xe026, "c.sdsp x9, 0(x2)", STORE(2, 8, 2, 0, 9)},
	{0xe42a, "c.sdsp x10, 8(x2)", STORE(2, 8, 2, 8, 10)},
	{0xe82e, "c.sdsp x11, 16(x2)", STORE(2, 8, 2, 16, 11)},
	{0xf032, "c.sdsp x12, 32(x2)", STORE(2, 8, 2, 32, 12)},
	{0xe0b6, "c.sdsp x13, 64(x2)", STORE(2, 8, 2, 64, 13)},
	{0xe13a, "c.sdsp x14, 128(x2)", STORE(2, 8, 2, 128, 14)},
	{0xe23e, "c.sdsp x15, 256(x2)", STORE(2, 8, 2, 256, 15)},
	{0xffc2, "c.sdsp x16, 504(x2)", STORE(2, 8, 2, 504, 16)},
	{0xe646, "c.sdsp x17, 264(x2)", STORE(2, 8, 2, 264, 17)},
	{0xe04a, "c.sdsp x18, 0(x2)", STORE(2, 8, 2, 0, 18)},
	{0xe44e, "c.sdsp x19, 8(x2)", STORE(2, 8, 2, 8, 19)},
	{0xe852, "c.sdsp x20, 16(x2)", STORE(2, 8, 2, 16, 20)},
	{0xf056, "c.sdsp x21, 32(x2)", STORE(2, 8, 2, 32, 21)},
	{0xe0da, "c.sdsp x22, 64(x2)", STORE(2, 8, 2, 64, 22)},
	{0xe15e, "c.sdsp x23, 128(x2)", STORE(2, 8, 2, 128, 23)},
	{0xe262, "c.sdsp x24, 256(x2)", STORE(2, 8, 2, 256, 24)},
	{0xffe6, "c.sdsp x25, 504(x2)", STORE(2, 8, 2, 504, 25)},
	{0xe66a, "c.sdsp x26, 264(x2)", STORE(2, 8, 2, 264, 26)},
	{0xe06e, "c.sdsp x27, 0(x2)", STORE(2, 8, 2, 0, 27)},
	{0xe472, "c.sdsp x28, 8(x2)", STORE(2, 8, 2, 8, 28)},
	{0xe876, "c.sdsp x29, 16(x2)", STORE(2, 8, 2, 16, 29)},
	{0xf07a, "c.sdsp x30, 32(x2)", STORE(2, 8, 2, 32, 30)},
	{0xe0fe, "c.sdsp x31, 64(x2)", STORE(2, 8, 2, 64, 31)},
	{0xa002, "c.fsdsp f0, 0(x2)", FSTORE(2, 8, 2, 0, 0)},
	{0xa406, "c.fsdsp f1, 8(x2)", FSTORE(2, 8, 2, 8, 1)},
	{0xa80a, "c.fsdsp f2, 16(x2)", FSTORE(2, 8, 2, 16, 2)},
	{0xb00e, "c.fsdsp f3, 32(x2)", FSTORE(2, 8, 2, 32, 3)},
	{0xa092, "c.fsdsp f4, 64(x2)", FSTORE(2, 8, 2, 64, 4)},
	{0xa116, "c.fsdsp f5, 128(x2)", FSTORE(2, 8, 2, 128, 5)},
	{0xa21a, "c.fsdsp f6, 256(x2)", FSTORE(2, 8, 2, 256, 6)},
	{0xbf9e, "c.fsdsp f7, 504(x2)", FSTORE(2, 8, 2, 504, 7)},
	{0xa622, "c.fsdsp f8, 264(x2)", FSTORE(2, 8, 2, 264, 8)},
	{0xa026, "c.fsdsp f9, 0(x2)", FSTORE(2, 8, 2, 0, 9)},
	{0xa42a, "c.fsdsp f10, 8(x2)", FSTORE(2, 8, 2, 8, 10)},
	{0xa82e, "c.fsdsp f11, 16(x2)", FSTORE(2, 8, 2, 16, 11)},
	{0xb032, "c.fsdsp f12, 32(x2)", FSTORE(2, 8, 2, 32, 12)},
	{0xa0b6, "c.fsdsp f13, 64(x2)", FSTORE(2, 8, 2, 64, 13)},
	{0xa13a, "c.fsdsp f14, 128(x2)", FSTORE(2, 8, 2, 128, 14)},
	{0xa23e, "c.fsdsp f15, 256(x2)", FSTORE(2, 8, 2, 256, 15)},
	{0xbfc2, "c.fsdsp f16, 504(x2)", FSTORE(2, 8, 2, 504, 16)},
	{0xa646, "c.fsdsp f17, 264(x2)", FSTORE(2, 8, 2, 264, 17)},
	{0xa04a, "c.fsdsp f18, 0(x2)", FSTORE(2, 8, 2, 0, 18)},
	{0xa44e, "c.fsdsp f19, 8(x2)", FSTORE(2, 8, 2, 8, 19)},
	{0xa852, "c.fsdsp f20, 16(x2)", FSTORE(2, 8, 2, 16, 20)},
	{0xb056, "c.fsdsp f21, 32(x2)", FSTORE(2, 8, 2, 32, 21)},
	{0xa0da, "c.fsdsp f22, 64(x2)", FSTORE(2, 8, 2, 64, 22)},
	{0xa15e, "c.fsdsp f23, 128(x2)", FSTORE(2, 8, 2, 128, 23)},
	{0xa262, "c.fsdsp f24, 256(x2)", FSTORE(2, 8, 2, 256, 24)},
	{0xbfe6, "c.fsdsp f25, 504(x2)", FSTORE(2, 8, 2, 504, 25)},
	{0xa66a, "c.fsdsp f26, 264(x2)", FSTORE(2, 8, 2, 264, 26)},
	{0xa06e, "c.fsdsp f27, 0(x2)", FSTORE(2, 8, 2, 0, 27)},
	{0xa472, "c.fsdsp f28, 8(x2)", FSTORE(2, 8, 2, 8, 28)},
	{0xa876, "c.fsdsp f29, 16(x2)", FSTORE(2, 8, 2, 16, 29)},
	{0xb07a, "c.fsdsp f30, 32(x2)", FSTORE(2, 8, 2, 32, 30)},
	{0xa0fe, "c.fsdsp f31, 64(x2)", FSTORE(2, 8, 2, 64, 31)},
};

/* Assembled likewise; extensions outside G with -march=rv64imafdqcv_zfh_zicbom_zicboz. */
static const struct bad_vec bad_vecs[] = {
	{0x00310093, "addi x1, x2, 3"}, /* not a memory access */
	{0xfff3029b, "addiw x5, x6, -1"}, /* not a memory access */
	{0x123451b7, "lui x3, 0x12345"}, /* not a memory access */
	{0x00001217, "auipc x4, 1"}, /* not a memory access */
	{0x008000ef, "jal x1, .+8"}, /* not a memory access */
	{0x004280e7, "jalr x1, 4(x5)"}, /* not a memory access */
	{0x00208863, "beq x1, x2, .+16"}, /* not a memory access */
	{0x003100b3, "add x1, x2, x3"}, /* not a memory access */
	{0x023100b3, "mul x1, x2, x3"}, /* not a memory access */
	{0x0262c23b, "divw x4, x5, x6"}, /* not a memory access */
	{0x0330000f, "fence rw, rw"}, /* not a memory access */
	{0x0000100f, "fence.i"}, /* not a memory access */
	{0x00000073, "ecall"}, /* not a memory access */
	{0x00100073, "ebreak"}, /* not a memory access */
	{0x300110f3, "csrrw x1, mstatus, x2"}, /* not a memory access */
	{0x10500073, "wfi"}, /* not a memory access */
	{0x30200073, "mret"}, /* not a memory access */
	{0x10200073, "sret"}, /* not a memory access */
	{0x12208073, "sfence.vma x1, x2"}, /* not a memory access */
	{0x023170d3, "fadd.d f1, f2, f3"}, /* not a memory access */
	{0x203170c3, "fmadd.s f1, f2, f3, f4"}, /* not a memory access */
	{0xe20100d3, "fmv.x.d x1, f2"}, /* not a memory access */
	{0xc20271d3, "fcvt.w.d x3, f4"}, /* not a memory access */
	{0x0040, "c.addi4spn x8, x2, 4"}, /* compressed, not a memory access */
	{0x1ffc, "c.addi4spn x15, x2, 1020"}, /* compressed, not a memory access */
	{0x0001, "c.nop"}, /* compressed, not a memory access */
	{0x028d, "c.addi x5, 3"}, /* compressed, not a memory access */
	{0x537d, "c.li x6, -1"}, /* compressed, not a memory access */
	{0x6385, "c.lui x7, 1"}, /* compressed, not a memory access */
	{0x6141, "c.addi16sp x2, 16"}, /* compressed, not a memory access */
	{0xa021, "c.j .+8"}, /* compressed, not a memory access */
	{0xc011, "c.beqz x8, .+4"}, /* compressed, not a memory access */
	{0x8082, "c.jr x1"}, /* compressed, not a memory access */
	{0x9282, "c.jalr x5"}, /* compressed, not a memory access */
	{0x829a, "c.mv x5, x6"}, /* compressed, not a memory access */
	{0x929a, "c.add x5, x6"}, /* compressed, not a memory access */
	{0x9002, "c.ebreak"}, /* compressed, not a memory access */
	{0x028e, "c.slli x5, 3"}, /* compressed, not a memory access */
	{0x2285, "c.addiw x5, 1"}, /* compressed, not a memory access */
	{0x8c65, "c.and x8, x9"}, /* compressed, not a memory access */
	{0x00219087, "flh f1, 2(x3)"}, /* Zfh, not in G */
	{0x00119127, "fsh f1, 2(x3)"}, /* Zfh, not in G */
	{0x0101c087, "flq f1, 16(x3)"}, /* Q, not in G */
	{0x0011c827, "fsq f1, 16(x3)"}, /* Q, not in G */
	{0x0201e087, "vle32.v v1, (x3)"}, /* V, not in G */
	{0x0201f0a7, "vse64.v v1, (x3)"}, /* V, not in G */
	{0x02028107, "vle8.v v2, (x5)"}, /* V, not in G */
	{0x0012a00f, "cbo.clean (x5)"}, /* Zicbom, not in G */
	{0x0042a00f, "cbo.zero (x5)"}, /* Zicboz, not in G */
	{0x003100af, ".insn r AMO, 0, 0x00, x1, x2, x3"}, /* AMOADD.B (Zabha) */
	{0x083110af, ".insn r AMO, 1, 0x04, x1, x2, x3"}, /* AMOSWAP.H (Zabha) */
	{0x283120af, ".insn r AMO, 2, 0x14, x1, x2, x3"}, /* AMOCAS.W (Zacas), funct5 00101 */
	{0x283130af, ".insn r AMO, 3, 0x14, x1, x2, x3"}, /* AMOCAS.D (Zacas) */
	{0x283140af, ".insn r AMO, 4, 0x14, x1, x2, x3"}, /* AMOCAS.Q (Zacas), funct3 4 */
	{0x003150af, ".insn r AMO, 5, 0x00, x1, x2, x3"}, /* AMO funct3 5 */
	{0x003170af, ".insn r AMO, 7, 0x00, x1, x2, x3"}, /* AMO funct3 7 */
	{0x103120af, ".insn r AMO, 2, 0x08, x1, x2, x3"}, /* LR.W with rs2 = x3 */
	{0x1630b0af, ".insn r AMO, 3, 0x0b, x1, x1, x3"}, /* LR.D.aqrl with rs2 = x3 */
	{0x00417083, ".insn i LOAD, 7, x1, 4(x2)"}, /* load funct3 7 */
	{0x00114223, ".insn s STORE, 4, x1, 4(x2)"}, /* store funct3 4 */
	{0xfe117e23, ".insn s STORE, 7, x1, -4(x2)"}, /* store funct3 7 */
	{0x00411087, ".insn i LOAD_FP, 1, f1, 4(x2)"}, /* FP load funct3 1 */
	{0x00115227, ".insn s STORE_FP, 5, f1, 4(x2)"}, /* FP store funct3 5 */
	{0x4002, ".insn ci C2, 2, x0, 0"}, /* C.LWSP rd = x0 (reserved) */
	{0x407e, ".insn ci C2, 2, x0, 31"}, /* C.LWSP rd = x0, offset bits set (reserved) */
	{0x6002, ".insn ci C2, 3, x0, 0"}, /* C.LDSP rd = x0 (reserved) */
	{0x707e, ".insn ci C2, 3, x0, -1"}, /* C.LDSP rd = x0, offset bits set (reserved) */
	{0x8000, ".insn ciw C0, 4, x8, 0"}, /* quadrant 0 funct3 100 (reserved; Zcb) */
	{0x0000, ".2byte 0"}, /* the all-zero instruction */
	{0x287322af, ".insn r AMO, 2, 0x14, x5, x6, x7"}, /* AMO funct5 00101 */
	{0x307322af, ".insn r AMO, 2, 0x18, x5, x6, x7"}, /* AMO funct5 00110 */
	{0x387322af, ".insn r AMO, 2, 0x1c, x5, x6, x7"}, /* AMO funct5 00111 */
	{0x487322af, ".insn r AMO, 2, 0x24, x5, x6, x7"}, /* AMO funct5 01001 */
	{0x507322af, ".insn r AMO, 2, 0x28, x5, x6, x7"}, /* AMO funct5 01010 */
	{0x587322af, ".insn r AMO, 2, 0x2c, x5, x6, x7"}, /* AMO funct5 01011 */
	{0x687322af, ".insn r AMO, 2, 0x34, x5, x6, x7"}, /* AMO funct5 01101 */
	{0x707322af, ".insn r AMO, 2, 0x38, x5, x6, x7"}, /* AMO funct5 01110 */
	{0x787322af, ".insn r AMO, 2, 0x3c, x5, x6, x7"}, /* AMO funct5 01111 */
	{0x887322af, ".insn r AMO, 2, 0x44, x5, x6, x7"}, /* AMO funct5 10001 */
	{0x907322af, ".insn r AMO, 2, 0x48, x5, x6, x7"}, /* AMO funct5 10010 */
	{0x987322af, ".insn r AMO, 2, 0x4c, x5, x6, x7"}, /* AMO funct5 10011 */
	{0xa87322af, ".insn r AMO, 2, 0x54, x5, x6, x7"}, /* AMO funct5 10101 */
	{0xb07322af, ".insn r AMO, 2, 0x58, x5, x6, x7"}, /* AMO funct5 10110 */
	{0xb87322af, ".insn r AMO, 2, 0x5c, x5, x6, x7"}, /* AMO funct5 10111 */
	{0xc87322af, ".insn r AMO, 2, 0x64, x5, x6, x7"}, /* AMO funct5 11001 */
	{0xd07322af, ".insn r AMO, 2, 0x68, x5, x6, x7"}, /* AMO funct5 11010 */
	{0xd87322af, ".insn r AMO, 2, 0x6c, x5, x6, x7"}, /* AMO funct5 11011 */
	{0xe87322af, ".insn r AMO, 2, 0x74, x5, x6, x7"}, /* AMO funct5 11101 */
	{0xf07322af, ".insn r AMO, 2, 0x78, x5, x6, x7"}, /* AMO funct5 11110 */
	{0xf87322af, ".insn r AMO, 2, 0x7c, x5, x6, x7"}, /* AMO funct5 11111 */
};

/* clang-format on */

#define NVEC(a) (sizeof(a) / sizeof((a)[0]))

/* Register files. x[0] holds junk on purpose: x0 must read as zero anyway. */
enum { RF_SPREAD, RF_SMALL, RF_HIGH, RF_COUNT };

static void regfile(int which, uint64_t x[32], uint64_t f[32])
{
	for (unsigned i = 0; i < 32; i++) {
		switch (which) {
		case RF_SPREAD: /* distinct in every byte, so a wrong register or width shows */
			x[i] = 0x9e3779b97f4a7c15ull * (i + 1);
			f[i] = 0xc3a5c3a500000000ull ^ (0x9e3779b97f4a7c15ull * (i + 101));
			break;
		case RF_SMALL: /* negative offsets wrap below zero */
			x[i] = i;
			f[i] = 0x7ff8000000000000ull | (i * 0x01010101u);
			break;
		default: /* positive offsets wrap past the top */
			x[i] = UINT64_MAX - i;
			f[i] = ~(uint64_t)i;
			break;
		}
	}
	x[0] = 0xdeadbeefcafef00dull;
}

static uint64_t xval(const uint64_t x[32], int r)
{
	return r == 0 ? 0 : x[r];
}

static uint64_t trunc_to(uint64_t v, unsigned width)
{
	return width == 8 ? v : v & ((1ull << (8 * width)) - 1);
}

#define CHECK(v, what, got, want)                                                                  \
	do {                                                                                       \
		if ((uint64_t)(got) != (uint64_t)(want))                                           \
			fail_msg("%s (%#010x): %s is %#llx, want %#llx", (v)->text, (v)->insn,     \
			         what, (unsigned long long)(got), (unsigned long long)(want));     \
	} while (0)

static void check_vec(const struct vec *v, uint32_t insn, const uint64_t x[32],
                      const uint64_t f[32])
{
	struct mem_op op;
	memset(&op, 0x5a, sizeof(op));
	CHECK(v, "return", insn_decode_mem(insn, x, f, &op), 0);
	CHECK(v, "kind", op.kind, v->kind);
	CHECK(v, "len", op.len, v->len);
	CHECK(v, "width", op.width, v->width);
	CHECK(v, "addr", op.addr, xval(x, (int)v->base) + (uint64_t)v->off);
	uint64_t src = 0;
	if (v->src >= 0)
		src = v->src_fp ? (f ? f[v->src] : 0) : xval(x, v->src);
	CHECK(v, "value", op.value, trunc_to(src, v->width));
	CHECK(v, "rd", op.rd, v->rd);
	CHECK(v, "fp_rd", op.fp_rd, v->fp_rd);
	CHECK(v, "sign_extend", op.sign_extend, v->sign);
	if (v->kind == MEM_AMO)
		CHECK(v, "amo", op.amo, v->amo);
}

static void test_assembled_vectors(void **state)
{
	(void)state;
	uint64_t x[32], f[32];
	for (int rf = 0; rf < RF_COUNT; rf++) {
		regfile(rf, x, f);
		for (size_t i = 0; i < NVEC(good_vecs); i++)
			check_vec(&good_vecs[i], good_vecs[i].insn, x, f);
	}
}

/* A 16-bit instruction's upper half is the next instruction (or junk) and must not matter. */
static void test_compressed_ignores_upper_half(void **state)
{
	(void)state;
	static const uint32_t junk[] = {0xffff0000u, 0x12340000u, 0x00030000u, 0x80000000u};
	uint64_t x[32], f[32];
	regfile(RF_SPREAD, x, f);
	for (size_t i = 0; i < NVEC(good_vecs); i++) {
		if (good_vecs[i].len != 2)
			continue;
		for (size_t j = 0; j < NVEC(junk); j++)
			check_vec(&good_vecs[i], good_vecs[i].insn | junk[j], x, f);
	}
	for (size_t i = 0; i < NVEC(bad_vecs); i++) {
		struct mem_op op;
		if ((bad_vecs[i].insn & 3) == 3)
			continue;
		for (size_t j = 0; j < NVEC(junk); j++)
			assert_int_equal(insn_decode_mem(bad_vecs[i].insn | junk[j], x, f, &op),
			                 -1);
	}
}

static void test_rejected_vectors(void **state)
{
	(void)state;
	uint64_t x[32], f[32];
	regfile(RF_SPREAD, x, f);
	for (size_t i = 0; i < NVEC(bad_vecs); i++) {
		struct mem_op op, before;
		memset(&op, 0xa5, sizeof(op));
		before = op;
		if (insn_decode_mem(bad_vecs[i].insn, x, f, &op) != -1)
			fail_msg("%s (%#010x) decoded, want -1", bad_vecs[i].text,
			         bad_vecs[i].insn);
		/* A failed decode must leave the caller's struct alone. */
		assert_memory_equal(&op, &before, sizeof(op));
	}
}

/* f == NULL means the guest's FPU is off: FP accesses are illegal, integer ones unaffected. */
static void test_fp_off(void **state)
{
	(void)state;
	uint64_t x[32], f[32];
	regfile(RF_SPREAD, x, f);
	for (size_t i = 0; i < NVEC(good_vecs); i++) {
		const struct vec *v = &good_vecs[i];
		if (v->src_fp || v->fp_rd) {
			struct mem_op op;
			if (insn_decode_mem(v->insn, x, NULL, &op) != -1)
				fail_msg("%s decoded with the FPU off", v->text);
		} else {
			check_vec(v, v->insn, x, NULL);
		}
	}
}

/* Every form is in the table with its whole register and offset range. */
static void test_table_covers_every_form(void **state)
{
	(void)state;
	static const char *const forms[] = {
	    "lb ",      "lh ",      "lw ",      "ld ",       "lbu ",      "lhu ",      "lwu ",
	    "flw ",     "fld ",     "sb ",      "sh ",       "sw ",       "sd ",       "fsw ",
	    "fsd ",     "c.lw ",    "c.ld ",    "c.fld ",    "c.sw ",     "c.sd ",     "c.fsd ",
	    "c.lwsp ",  "c.ldsp ",  "c.fldsp ", "c.swsp ",   "c.sdsp ",   "c.fsdsp ",  "lr.w",
	    "lr.d",     "sc.w",     "sc.d",     "amoswap.w", "amoswap.d", "amoadd.w",  "amoadd.d",
	    "amoxor.w", "amoxor.d", "amoand.w", "amoand.d",  "amoor.w",   "amoor.d",   "amomin.w",
	    "amomin.d", "amomax.w", "amomax.d", "amominu.w", "amominu.d", "amomaxu.w", "amomaxu.d",
	};
	for (size_t i = 0; i < NVEC(forms); i++) {
		size_t n = 0;
		for (size_t j = 0; j < NVEC(good_vecs); j++)
			n += strncmp(good_vecs[j].text, forms[i], strlen(forms[i])) == 0;
		if (n < 4)
			fail_msg("only %zu vectors for %s", n, forms[i]);
	}
	/* The x8..x15 forms: each of the eight registers in both fields. */
	for (size_t j = 0; j < NVEC(good_vecs); j++) {
		const struct vec *v = &good_vecs[j];
		if (v->len == 2 && v->base != 2) {
			assert_in_range(v->base, 8, 15);
			assert_in_range(v->src >= 0 ? (unsigned)v->src : v->rd, 8, 15);
		}
	}
}

/* --- amo_apply, mem_extend -------------------------------------------------------------------- */

struct amo_case {
	enum amo_op op;
	unsigned width;
	uint64_t old, operand, want;
};

static void test_amo_apply(void **state)
{
	(void)state;
	static const struct amo_case cases[] = {
	    /* .W: only the low 32 bits of either input count; the result is 32 bits. */
	    {AMO_SWAP, 4, 0x11111111, 0xdeadbeefcafebabe, 0xcafebabe},
	    {AMO_ADD, 4, 0x7fffffff, 1, 0x80000000},
	    {AMO_ADD, 4, 0xffffffff, 1, 0}, /* wraps at 32 bits */
	    {AMO_ADD, 4, 0xaaaaaaaafffffffe, 0x5555555500000003, 1},
	    {AMO_ADD, 4, 0x80000000, 0x80000000, 0},
	    {AMO_XOR, 4, 0xf0f0f0f0, 0xffffffffffff0000, 0x0f0ff0f0},
	    {AMO_AND, 4, 0xff00ff00ff00ff00, 0x0ff00ff00ff00ff0, 0x0f000f00},
	    {AMO_OR, 4, 0xff00000000000001, 0x00ff000080000000, 0x80000001},
	    {AMO_MIN, 4, 0xffffffff, 1, 0xffffffff}, /* -1 < 1 */
	    {AMO_MIN, 4, 1, 0xffffffff, 0xffffffff},
	    {AMO_MIN, 4, 0x80000000, 0x7fffffff, 0x80000000},
	    {AMO_MIN, 4, 0xfffffffe, 0xfffffffd, 0xfffffffd}, /* -2 vs -3 */
	    {AMO_MIN, 4, 0x00000000fffffffe, 0xffffffff00000005,
	     0xfffffffe}, /* upper junk ignored */
	    {AMO_MAX, 4, 0xffffffff, 1, 1},
	    {AMO_MAX, 4, 0x80000000, 0x7fffffff, 0x7fffffff},
	    {AMO_MAX, 4, 0xfffffffe, 0xfffffffd, 0xfffffffe},
	    {AMO_MAX, 4, 0x7fffffff00000000, 0x0000000080000000, 0}, /* 0 > INT32_MIN */
	    {AMO_MINU, 4, 0xffffffff, 1, 1},
	    {AMO_MINU, 4, 0x80000000, 0x7fffffff, 0x7fffffff},
	    {AMO_MINU, 4, 0x00000001ffffffff, 0x00000000fffffffe, 0xfffffffe},
	    {AMO_MAXU, 4, 0xffffffff, 1, 0xffffffff},
	    {AMO_MAXU, 4, 0x80000000, 0x7fffffff, 0x80000000},
	    {AMO_MAXU, 4, 0xffffffff00000001, 2, 2},
	    /* .D */
	    {AMO_SWAP, 8, 1, 0xdeadbeefcafebabe, 0xdeadbeefcafebabe},
	    {AMO_ADD, 8, UINT64_MAX, 2, 1},
	    {AMO_ADD, 8, 0x7fffffffffffffff, 1, 0x8000000000000000},
	    {AMO_ADD, 8, 0xffffffff, 1, 0x100000000}, /* no 32-bit wrap */
	    {AMO_XOR, 8, 0xff00ff00ff00ff00, 0xffffffff00000000, 0x00ff00ffff00ff00},
	    {AMO_AND, 8, 0xff00ff00ff00ff00, 0x0ff00ff00ff00ff0, 0x0f000f000f000f00},
	    {AMO_OR, 8, 0xff00000000000000, 0x00000000000000ff, 0xff000000000000ff},
	    {AMO_MIN, 8, UINT64_MAX, 1, UINT64_MAX},
	    {AMO_MIN, 8, 0x8000000000000000, 0x7fffffffffffffff, 0x8000000000000000},
	    {AMO_MIN, 8, 0x00000000ffffffff, 0xffffffff00000000, 0xffffffff00000000},
	    {AMO_MAX, 8, UINT64_MAX, 1, 1},
	    {AMO_MAX, 8, 0x8000000000000000, 0x7fffffffffffffff, 0x7fffffffffffffff},
	    {AMO_MAX, 8, 0x00000000ffffffff, 0xffffffff00000000, 0x00000000ffffffff},
	    {AMO_MINU, 8, UINT64_MAX, 1, 1},
	    {AMO_MINU, 8, 0x00000000ffffffff, 0xffffffff00000000, 0x00000000ffffffff},
	    {AMO_MAXU, 8, UINT64_MAX, 1, UINT64_MAX},
	    {AMO_MAXU, 8, 0x8000000000000000, 0x7fffffffffffffff, 0x8000000000000000},
	    /* Narrower widths follow the same rules. */
	    {AMO_MIN, 1, 0x80, 0x7f, 0x80},
	    {AMO_MAXU, 1, 0x180, 0x7f, 0x80},
	    {AMO_ADD, 2, 0xffff, 1, 0},
	    {AMO_MAX, 2, 0x8000, 0xffff, 0xffff},
	};
	for (size_t i = 0; i < NVEC(cases); i++) {
		const struct amo_case *c = &cases[i];
		uint64_t got = amo_apply(c->op, c->width, c->old, c->operand);
		if (got != c->want)
			fail_msg("case %zu: op %d width %u (%#llx, %#llx) = %#llx, want %#llx", i,
			         (int)c->op, c->width, (unsigned long long)c->old,
			         (unsigned long long)c->operand, (unsigned long long)got,
			         (unsigned long long)c->want);
	}
	/* An op outside the enum leaves memory as it was. */
	assert_int_equal(amo_apply((enum amo_op)99, 4, 0x1234567887654321, 5), 0x87654321);
}

static void test_mem_extend(void **state)
{
	(void)state;
	assert_int_equal(mem_extend(0x80, 1, true), 0xffffffffffffff80);
	assert_int_equal(mem_extend(0x80, 1, false), 0x80);
	assert_int_equal(mem_extend(0x123456789abcde7f, 1, true), 0x7f);
	assert_int_equal(mem_extend(0xffffffffffffffff, 1, false), 0xff);
	assert_int_equal(mem_extend(0x8000, 2, true), 0xffffffffffff8000);
	assert_int_equal(mem_extend(0xdead8000, 2, false), 0x8000);
	assert_int_equal(mem_extend(0xdead7fff, 2, true), 0x7fff);
	assert_int_equal(mem_extend(0x80000000, 4, true), 0xffffffff80000000);
	assert_int_equal(mem_extend(0xffffffff7fffffff, 4, true), 0x7fffffff);
	assert_int_equal(mem_extend(0xffffffff80000000, 4, false), 0x80000000);
	assert_int_equal(mem_extend(0x8000000000000000, 8, true), 0x8000000000000000);
	assert_int_equal(mem_extend(0x8000000000000000, 8, false), 0x8000000000000000);
	assert_int_equal(mem_extend(0x1234, 0, true), 0);
}

/* --- random and exhaustive words ------------------------------------------------------------ */

static uint64_t rng_state = 0x243f6a8885a308d3ull;

static uint64_t rng(void)
{
	/* xorshift64: deterministic, so a failure reproduces. */
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

/* Whatever the word, a success must describe a sane access and a failure must touch nothing. */
static bool check_any(uint32_t insn, const uint64_t x[32], const uint64_t f[32])
{
	struct mem_op op, before;
	memset(&op, 0xa5, sizeof(op));
	before = op;
	int rc = insn_decode_mem(insn, x, f, &op);
	if (rc != 0) {
		assert_int_equal(rc, -1);
		assert_memory_equal(&op, &before, sizeof(op));
		return false;
	}
	if (op.len != ((insn & 3) == 3 ? 4u : 2u))
		fail_msg("%#010x: len %u", insn, op.len);
	if (op.width != 1 && op.width != 2 && op.width != 4 && op.width != 8)
		fail_msg("%#010x: width %u", insn, op.width);
	assert_in_range(op.kind, MEM_STORE, MEM_LOAD);
	assert_in_range(op.amo, AMO_SWAP, AMO_MAXU);
	assert_in_range(op.rd, 0, 31);
	if (op.width < 8)
		assert_int_equal(op.value >> (8 * op.width), 0);
	if (op.kind == MEM_STORE)
		assert_true(op.rd == 0 && !op.fp_rd && !op.sign_extend);
	if (op.kind == MEM_AMO || op.kind == MEM_LR || op.kind == MEM_SC)
		assert_true(op.len == 4 && op.width >= 4 && !op.fp_rd);
	if (op.fp_rd)
		assert_true(op.kind == MEM_LOAD && !op.sign_extend && op.width >= 4);
	if (op.len == 2)
		assert_true(op.width >= 4); /* RV64C has no byte or halfword accesses */
	return true;
}

static void test_random_words(void **state)
{
	(void)state;
	/* Memory major opcodes, so random words also land in the interesting encodings. */
	static const uint32_t opcodes[] = {0x03, 0x07, 0x23, 0x27, 0x2f};
	uint64_t x[32], f[32];
	unsigned hits = 0;
	regfile(RF_SPREAD, x, f);
	for (unsigned i = 0; i < 400000; i++) {
		uint64_t r = rng();
		hits += check_any((uint32_t)r, x, f);
		hits += check_any((uint32_t)(r >> 32) | 3, x, f);
		hits += check_any(((uint32_t)r & ~0x7fu) | opcodes[(r >> 40) % 5], x, NULL);
		hits += check_any(((uint32_t)(r >> 16) & ~0x7fu) | opcodes[(r >> 48) % 5], x, f);
		hits += check_any((uint32_t)(r >> 20) & 0xffff, x, f);
	}
	assert_true(hits > 100000); /* the opcode-steered words must often decode */
}

/*
 * All 16-bit words, with junk above. The number that decode follows from the RVC opcode map:
 * quadrant 0 funct3 001/010/011/101/110/111 (6 * 2^11), quadrant 2 funct3 001/101/110/111
 * (4 * 2^11), and quadrant 2 funct3 010/011 unless rd = x0 (2 * 2^11 * 31/32).
 */
static void test_all_compressed_words(void **state)
{
	(void)state;
	uint64_t x[32], f[32];
	unsigned ok = 0;
	regfile(RF_SPREAD, x, f);
	for (uint32_t w = 0; w < 0x10000; w++) {
		if ((w & 3) == 3)
			continue;
		bool a = check_any(w, x, f);
		bool b = check_any(w | (uint32_t)rng() << 16, x, f);
		assert_int_equal(a, b);
		ok += a;
	}
	assert_int_equal(ok, 6 * 2048 + 4 * 2048 + 2 * 2048 * 31 / 32);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_assembled_vectors),
	    cmocka_unit_test(test_compressed_ignores_upper_half),
	    cmocka_unit_test(test_rejected_vectors),
	    cmocka_unit_test(test_fp_off),
	    cmocka_unit_test(test_table_covers_every_form),
	    cmocka_unit_test(test_amo_apply),
	    cmocka_unit_test(test_mem_extend),
	    cmocka_unit_test(test_random_words),
	    cmocka_unit_test(test_all_compressed_words),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
