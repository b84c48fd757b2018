/* Unit tests for the DTB reader/writer: round trip, QEMU DTB, malformed blobs, fuzzing. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/fdt.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static void put_be(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

static void dev(struct fdtw *w, const char *name, const char *compat, uint32_t clen,
                const uint32_t *reg, uint32_t n)
{
	fdtw_begin_node(w, name);
	fdtw_prop(w, "compatible", compat, clen);
	fdtw_prop_cells(w, "reg", reg, n);
	fdtw_end_node(w);
}

/* The tree used by the round-trip, exact-fit and fuzz tests. */
static int build(uint8_t *buf, uint32_t cap)
{
	static const char root_compat[] = "shadowvisor,guest\0riscv-virtio";
	static const char clint_compat[] = "sifive,clint0\0riscv,clint0";
	struct fdtw w;
	fdtw_init(&w, buf, cap);
	fdtw_begin_node(&w, "");
	fdtw_prop_u32(&w, "#address-cells", 2);
	fdtw_prop_u32(&w, "#size-cells", 2);
	fdtw_prop(&w, "compatible", root_compat, sizeof(root_compat));
	fdtw_begin_node(&w, "cpus");
	fdtw_prop_u32(&w, "#address-cells", 1);
	fdtw_prop_u32(&w, "#size-cells", 0);
	fdtw_prop_u32(&w, "timebase-frequency", 10000000);
	for (uint32_t i = 0; i < 2; i++) {
		fdtw_begin_node(&w, i ? "cpu@1" : "cpu@0");
		fdtw_prop_str(&w, "device_type", "cpu");
		fdtw_prop_u32(&w, "reg", i);
		fdtw_begin_node(&w, "interrupt-controller");
		fdtw_prop_empty(&w, "interrupt-controller");
		fdtw_prop_str(&w, "compatible", "riscv,cpu-intc");
		fdtw_end_node(&w);
		fdtw_end_node(&w);
	}
	fdtw_end_node(&w);
	fdtw_begin_node(&w, "memory@80000000");
	fdtw_prop_str(&w, "device_type", "memory");
	fdtw_prop_cells(&w, "reg", (const uint32_t[]){0, 0x80000000, 0, 0x10000000}, 4);
	fdtw_end_node(&w);
	fdtw_begin_node(&w, "soc");
	fdtw_prop_u32(&w, "#address-cells", 1);
	fdtw_prop_u32(&w, "#size-cells", 1);
	fdtw_prop_u64(&w, "big", 0x123456789abcdef0ull);
	dev(&w, "serial@10000000", "ns16550a", 9, (const uint32_t[]){0x10000000, 0x100}, 2);
	dev(&w, "clint@2000000", clint_compat, sizeof(clint_compat),
	    (const uint32_t[]){0x2000000, 0x10000}, 2);
	dev(&w, "serial@10001000", "ns16550a", 9,
	    (const uint32_t[]){0x10001000, 0x100, 0x10002000, 0x200}, 4);
	fdtw_end_node(&w);
	fdtw_end_node(&w);
	return fdtw_finish(&w, 1);
}

static void test_roundtrip(void **state)
{
	/* clang-format off */
	static const char *const paths[][2] = { /* {path, name it must find or NULL: no match} */
		{"/", ""}, {"/cpus/cpu", "cpu@0"}, {"/soc/serial", "serial@10000000"},
		{"//soc//serial@10001000/", "serial@10001000"}, {"/soc/serial@1000", NULL},
		{"/soc/ser", NULL}, {"soc", NULL}, {"/nope", NULL}};
	static const struct { const char *path; int idx; uint64_t addr, size; } regs[] = {
		{"/cpus/cpu@1", 0, 1, 0}, {"/memory", 0, 0x80000000, 0x10000000},
		{"/soc/serial", 0, 0x10000000, 0x100}, {"/soc/serial@10001000", 1, 0x10002000, 0x200},
		{"/soc/clint", 0, 0x2000000, 0x10000}};
	/* clang-format on */
	static uint8_t buf[4096];
	struct fdt f;
	uint32_t u32, len = 99;
	uint64_t u64, a, s;
	(void)state;
	int n = build(buf, sizeof(buf)), dups = 0;
	assert_true(n > 0 && fdt_total_size(buf) == (uint32_t)n);
	assert_true(fdt_init(&f, buf, (uint32_t)n - 1) == -1 &&
	            fdt_init(&f, buf, (uint32_t)n) == 0);
	assert_true(fdt_be32(buf + 20) == 17 && fdt_be32(buf + 28) == 1);
	assert_false(fdt_mem_rsv(&f, 0, NULL, NULL));
	for (size_t i = 0; i < COUNT(paths); i++) {
		int node = fdt_path(&f, paths[i][0]);
		if (paths[i][1])
			assert_string_equal(fdt_node_name(&f, node), paths[i][1]);
		else
			assert_int_equal(node, -1);
	}
	for (size_t i = 0; i < COUNT(regs); i++) {
		int node = fdt_path(&f, regs[i].path);
		assert_true(fdt_reg(&f, node, regs[i].idx, &a, &s) && a == regs[i].addr &&
		            s == regs[i].size);
		assert_false(fdt_reg(&f, node, regs[i].idx + 1, &a, &s));
	}

	int root = fdt_root(&f), cpus = fdt_path(&f, "/cpus"), soc = fdt_path(&f, "/soc");
	int cpu1 = fdt_path(&f, "/cpus/cpu@1"),
	    intc = fdt_subnode(&f, cpu1, "interrupt-controller");
	assert_true(fdt_parent(&f, root) == -1 && !fdt_reg(&f, root, 0, &a, &s));
	assert_true(fdt_first_child(&f, root) == cpus && fdt_parent(&f, soc) == root);
	assert_true(fdt_next_sibling(&f, fdt_next_sibling(&f, cpus)) == soc &&
	            fdt_next_sibling(&f, soc) == -1);
	assert_true(fdt_is_compatible(&f, root, "riscv-virtio") &&
	            fdt_is_compatible(&f, root, "shadowvisor,guest"));
	assert_false(fdt_is_compatible(&f, root, "riscv"));
	assert_string_equal(fdt_prop_str(&f, fdt_path(&f, "/memory"), "device_type"), "memory");
	assert_false(fdt_prop(&f, root, "absent", NULL) || fdt_prop_str(&f, cpu1, "reg"));
	assert_true(fdt_prop_u32(&f, cpus, "timebase-frequency", &u32) && u32 == 10000000);
	assert_true(fdt_prop_u64(&f, cpus, "timebase-frequency", &u64) && u64 == 10000000);
	assert_true(fdt_prop_u64(&f, soc, "big", &u64) && u64 == 0x123456789abcdef0ull);
	assert_false(fdt_prop_u32(&f, soc, "big", &u32));
	assert_true(fdt_parent(&f, intc) == cpu1 && fdt_parent(&f, cpu1) == cpus);
	assert_true(fdt_prop(&f, intc, "interrupt-controller", &len) && len == 0);
	assert_true(fdt_first_child(&f, intc) == -1 && fdt_next_sibling(&f, intc) == -1);
	int intc0 = fdt_next_compatible(&f, -1, "riscv,cpu-intc");
	assert_true(fdt_parent(&f, intc0) == fdt_subnode(&f, cpus, "cpu@0") &&
	            fdt_next_compatible(&f, intc0, "riscv,cpu-intc") == intc);
	int uart0 = fdt_next_compatible(&f, -1, "ns16550a");
	int uart1 = fdt_next_compatible(&f, uart0, "ns16550a");
	assert_true(uart0 == fdt_subnode(&f, soc, "serial") &&
	            uart1 == fdt_subnode(&f, soc, "serial@10001000"));
	assert_int_equal(fdt_next_compatible(&f, uart1, "ns16550a"), -1);
	assert_int_equal(fdt_next_compatible(&f, -1, "riscv,clint0"), fdt_path(&f, "/soc/clint"));

	/* Property names are deduplicated: "reg" and "compatible" occur once. */
	const char *str = (const char *)buf + f.off_strings;
	for (uint32_t i = 0; i < f.size_strings; i += (uint32_t)strlen(str + i) + 1)
		dups += !strcmp(str + i, "reg") + !strcmp(str + i, "compatible");
	assert_int_equal(dups, 2);
}

static uint8_t sbuf[1024];

/* '[' root, '(' node "a", ')' end, ']' end all, 'x' root "x", '/' node "a/b", '0' node NULL,
 * 'p' prop, 'n' prop with NULL data. Returns fdtw_finish's result. */
static int script(const char *ops)
{
	static const char begins[] = "[(x/0";
	static const char *const names[] = {"", "a", "x", "a/b", NULL};
	struct fdtw w;
	fdtw_init(&w, sbuf, sizeof(sbuf));
	for (; *ops; ops++) {
		const char *b = strchr(begins, *ops);
		if (b)
			fdtw_begin_node(&w, names[b - begins]);
		else if (*ops == ')')
			fdtw_end_node(&w);
		else if (*ops == ']')
			for (int d = w.depth; d > 0; d--)
				fdtw_end_node(&w);
		else
			fdtw_prop(&w, "x", *ops == 'n' ? NULL : "v", 2);
	}
	return fdtw_finish(&w, 0);
}

static void test_writer_errors(void **state)
{
	static const char *const bad[] = {"",     "[()",  ")[)", "[()p)", "[)[)", "x)",
	                                  "[/))", "[0))", "p[)", "[n)",   "[(()"};
	static uint8_t big[4096];
	struct fdtw w;
	struct fdt f;
	(void)state;
	int n = build(big, sizeof(big));
	/* Exact-size heap buffers so ASan catches any write past cap; every smaller cap fails. */
	for (int cap = n; cap >= 0; cap--) {
		uint8_t *exact = malloc((size_t)cap + !cap);
		assert_int_equal(build(exact, (uint32_t)cap), cap == n ? n : -1);
		assert_true(cap < n || memcmp(exact, big, (size_t)n) == 0);
		free(exact);
	}

	assert_true(script("[p(p))") > 0);
	for (size_t i = 0; i < COUNT(bad); i++)
		assert_int_equal(script(bad[i]), -1);
	char deep[FDT_MAX_DEPTH + 4] = "[";
	memset(deep + 1, '(', FDT_MAX_DEPTH - 1); /* exactly FDT_MAX_DEPTH levels */
	n = script(strcat(deep, "]"));
	assert_true(n > 0 && fdt_init(&f, sbuf, (uint32_t)n) == 0);
	deep[FDT_MAX_DEPTH] = '('; /* one level more */
	assert_int_equal(script(strcat(deep, "]")), -1);
	fdtw_init(&w, sbuf, 10);
	assert_int_equal(fdtw_finish(&w, 0), -1);
	fdtw_init(&w, sbuf, sizeof(sbuf)); /* finish twice */
	fdtw_begin_node(&w, "");
	fdtw_end_node(&w);
	assert_true(fdtw_finish(&w, 0) > 0);
	assert_int_equal(fdtw_finish(&w, 0), -1);
}

/* Header + empty reservation map + struct words + strings. */
static uint32_t mk(uint8_t *out, const uint32_t *words, uint32_t nw, const char *strs, uint32_t sl)
{
	uint32_t hdr[14] = {FDT_MAGIC, 56 + 4 * nw + sl, 56, 56 + 4 * nw, 40, 17, 16, 0, sl,
	                    4 * nw};
	for (uint32_t i = 0; i < 14; i++) /* header, then a zero reservation entry */
		put_be(out + 4 * i, hdr[i]);
	for (uint32_t i = 0; i < nw; i++)
		put_be(out + 56 + 4 * i, words[i]);
	memcpy(out + 56 + 4 * nw, strs, sl);
	return 56 + 4 * nw + sl;
}

static void all_fail(const struct fdt *f)
{
	assert_false(
	    fdt_root(f) >= 0 || fdt_first_child(f, 0) >= 0 || fdt_next_sibling(f, 0) >= 0 ||
	    fdt_node_name(f, 0) || fdt_subnode(f, 0, "a") >= 0 || fdt_path(f, "/") >= 0 ||
	    fdt_prop(f, 0, "a", NULL) || fdt_prop_u32(f, 0, "a", NULL) ||
	    fdt_prop_u64(f, 0, "a", NULL) || fdt_prop_str(f, 0, "a") ||
	    fdt_is_compatible(f, 0, "a") || fdt_next_compatible(f, -1, "a") >= 0 ||
	    fdt_parent(f, 0) >= 0 || fdt_reg(f, 0, 0, NULL, NULL) || fdt_mem_rsv(f, 0, NULL, NULL));
}

/* Header-derived view without the structural walk, to test the accessors' own bounds checks. */
static bool raw_view(struct fdt *f, const uint8_t *b, uint32_t n)
{
	if (n < 40)
		return false;
	uint32_t os = fdt_be32(b + 8), ostr = fdt_be32(b + 12), sstr = fdt_be32(b + 32);
	uint32_t ss = fdt_be32(b + 36);
	if (os > n || ss > n - os || ostr > n || sstr > n - ostr)
		return false;
	*f = (struct fdt){b, n, os, ss, ostr, sstr};
	return true;
}

static volatile uint32_t sink;

static void touch(const struct fdt *f, int node)
{
	static const char *const names[] = {"reg", "compatible", "#address-cells", "device_type",
	                                    "big"};
	uint32_t len, u;
	uint64_t a, s;
	const char *nm = fdt_node_name(f, node);
	sink += nm ? (uint32_t)strlen(nm) : 0;
	for (size_t i = 0; i < COUNT(names); i++) {
		const uint8_t *p = fdt_prop(f, node, names[i], &len);
		for (uint32_t j = 0; p && j < len; j++)
			sink += p[j];
		sink += fdt_prop_u32(f, node, names[i], &u) + fdt_prop_u64(f, node, names[i], &a);
		if ((nm = fdt_prop_str(f, node, names[i])) != NULL)
			sink += (uint32_t)strlen(nm);
	}
	sink += fdt_is_compatible(f, node, "ns16550a");
	for (int i = 0; i < 3; i++)
		sink += fdt_reg(f, node, i, &a, &s) ? (uint32_t)(a + s) : 0;
	sink += (uint32_t)(fdt_subnode(f, node, "cpu") + fdt_subnode(f, node, "serial@10000000"));
}

/* Call every reader function over whatever tree f holds. */
static void exercise(const struct fdt *f)
{
	int node = fdt_root(f);
	for (int steps = 0; node >= 0 && steps < 64; steps++) {
		touch(f, node);
		int next = fdt_first_child(f, node);
		while (next < 0 && node >= 0) {
			next = fdt_next_sibling(f, node);
			node = fdt_parent(f, node);
		}
		node = next;
	}
	sink += (uint32_t)(fdt_path(f, "/cpus/cpu@1") + fdt_path(f, "/soc/serial"));
	for (int c = -1; (c = fdt_next_compatible(f, c, "ns16550a")) >= 0;)
		touch(f, c);
	for (int i = 0; i < 4; i++)
		sink += fdt_mem_rsv(f, i, NULL, NULL);
	sink += fdt_total_size(f->blob);
}

/* fdt_init must fail; accessors on a raw view must stay in bounds (exact-size copy for ASan). */
static void expect_bad(const uint8_t *blob, uint32_t n, uint32_t max)
{
	struct fdt f, raw;
	uint8_t *b = malloc(max);
	memcpy(b, blob, n < max ? n : max);
	assert_int_equal(fdt_init(&f, b, max), -1);
	all_fail(&f);
	if (raw_view(&raw, b, max))
		exercise(&raw);
	free(b);
}

enum { B = FDT_BEGIN_NODE, E = FDT_END_NODE, P = FDT_PROP, N = FDT_NOP, END = FDT_END };

static void test_malformed(void **state)
{
	/* clang-format off */
	static const struct { uint32_t w[8], nw; } bad[] = {
		{{B, 0, E}, 3},				/* missing FDT_END */
		{{B, 0x61626364}, 2},			/* unterminated node name */
		{{B, 0, P, 0x100, 0, E, END}, 7},	/* property runs past the struct block */
		{{B, 0, P, 0xfffffffc, 0, E, END}, 7},	/* property length wraps */
		{{B, 0, P, 0, 2, E, END}, 7},		/* name offset outside strings block */
		{{E, END}, 2},				/* END_NODE with no node open */
		{{B, 0, B, 0x61000000, E, END}, 6},	/* unclosed node */
		{{B, 0, E, E, END}, 5},			/* extra END_NODE */
		{{B, 0, E, B, 0, E, END}, 7},		/* two roots */
		{{P, 0, 0, B, 0, E, END}, 7},		/* property outside any node */
		{{B, 0, 7, E, END}, 5},			/* unknown token */
		{{B, 0, P}, 3},				/* FDT_PROP with no room for len/nameoff */
		{{N, END}, 2}, {{0}, 0}};		/* no root; empty struct block */
	/* clang-format on */
	uint8_t b[1200];
	struct fdt f, raw;
	uint32_t n;
	(void)state;
	for (size_t i = 0; i < COUNT(bad); i++) {
		n = mk(b, bad[i].w, bad[i].nw, "", 0); /* no strings: struct block ends the blob */
		expect_bad(b, n, n);
	}
	n = mk(b, (const uint32_t[]){B, 0x61626364}, 2, "a", 2);
	assert_true(raw_view(&raw, b, n) && !fdt_node_name(&raw, 0));
	n = mk(b, (const uint32_t[]){B, 0, P, 4, 0, 1, E, END}, 8, "ab", 2); /* unterminated */
	expect_bad(b, n, n);
	assert_true(raw_view(&raw, b, n) && !fdt_prop(&raw, 0, "ab", NULL));
	/* A compatible without its NUL must not match (nor read past the property). */
	n = mk(b, (const uint32_t[]){B, 0, P, 8, 0, 0x6e733136, 0x35353061, E, END}, 9,
	       "compatible", 11);
	assert_int_equal(fdt_init(&f, b, n), 0);
	assert_false(fdt_is_compatible(&f, fdt_root(&f), "ns16550a") ||
	             fdt_prop_str(&f, fdt_root(&f), "compatible"));
	n = mk(
	    b,
	    (const uint32_t[]){B, 0, P, 4, 0, 3, B, 0x61000000, P, 16, 15, 1, 2, 3, 4, E, E, END},
	    18, "#address-cells\0reg", 19); /* 3 address cells do not fit in 64 bits */
	assert_int_equal(fdt_init(&f, b, n), 0);
	assert_false(fdt_reg(&f, fdt_first_child(&f, fdt_root(&f)), 0, NULL, NULL));

	uint32_t deep[3 * FDT_MAX_DEPTH + 8], k = 0; /* one level deeper than FDT_MAX_DEPTH */
	for (; k < 2 * (FDT_MAX_DEPTH + 1); k++)
		deep[k] = k % 2 ? 0 : B;
	while (k < 3 * (FDT_MAX_DEPTH + 1))
		deep[k++] = E;
	deep[k++] = END;
	n = mk(b, deep, k, "a", 2);
	expect_bad(b, n, n);

	/* Header corruption of a valid blob: {byte offset, value}. */
	const uint32_t good = mk(b, (const uint32_t[]){B, 0, N, P, 4, 0, 7, E, END}, 9, "a", 2);
	assert_int_equal(fdt_init(&f, b, good), 0);
	expect_bad(b, good, 39);       /* truncated header */
	expect_bad(b, good, good - 1); /* totalsize larger than max_size */
	const uint32_t hdr[][2] = {
	    {0, 0xd00dfeee},  {4, good + 100}, {4, 39},          {8, good + 4}, {8, 0xfffffff0},
	    {8, 2},           {8, 58},         {36, 0xffffff00}, {36, good},    {12, good},
	    {32, 0xfffffff0}, {16, good + 1},  {20, 15},         {24, 18},
	};
	for (size_t i = 0; i < COUNT(hdr); i++) {
		uint8_t c[128];
		memcpy(c, b, good);
		put_be(c + hdr[i][0], hdr[i][1]);
		expect_bad(c, good, good);
	}
}

/* A real QEMU DTB, e.g. qemu-system-riscv64 -M virt,dumpdtb=virt.dtb -m 256M -smp 2. */
static void test_qemu_dtb(void **state)
{
	const char *path = getenv("FDT_TEST_DTB");
	struct fdt f;
	uint64_t a, s;
	(void)state;
	if (!path || !*path)
		skip();
	FILE *fp = fopen(path, "rb");
	assert_non_null(fp);
	uint8_t *b = malloc(4 << 20);
	uint32_t n = (uint32_t)fread(b, 1, 4 << 20, fp);
	fclose(fp);
	assert_int_equal(fdt_init(&f, b, n), 0);
	assert_true(fdt_reg(&f, fdt_path(&f, "/memory"), 0, &a, &s) && a == 0x80000000 && s > 0);
	int cpus = fdt_path(&f, "/cpus");
	for (uint64_t i = 0; i < 2; i++) {
		assert_true(fdt_reg(&f, fdt_subnode(&f, cpus, i ? "cpu@1" : "cpu@0"), 0, &a, NULL));
		assert_int_equal(a, i);
	}
	assert_int_equal(fdt_subnode(&f, cpus, "cpu@2"), -1);
	assert_true(fdt_reg(&f, fdt_next_compatible(&f, -1, "ns16550a"), 0, &a, &s) &&
	            a == 0x10000000);
	assert_true(fdt_next_compatible(&f, -1, "riscv,clint0") >= 0);
	exercise(&f);
	free(b);
}

#define XORSHIFT(s) ((s) ^= (s) << 13, (s) ^= (s) >> 17, (s) ^= (s) << 5)

static void test_fuzz(void **state)
{
	static uint8_t ref[4096];
	const uint32_t n = (uint32_t)build(ref, sizeof(ref));
	uint32_t seed = 0x2545f491, valid = 0;
	(void)state;
	for (int it = 0; it < 20000; it++) {
		uint32_t max = n - (XORSHIFT(seed) % 4 == 0 ? XORSHIFT(seed) % 16 : 0);
		uint8_t *b = malloc(max); /* exact size: ASan flags any overread */
		memcpy(b, ref, max);
		for (uint32_t k = 1 + XORSHIFT(seed) % 4; k; k--) {
			uint32_t r = XORSHIFT(seed), pos = XORSHIFT(seed) % max;
			if ((r & 7) == 0) /* aim at the header: plausible but wrong offsets */
				put_be(b + 4 + 4 * (pos % 9), XORSHIFT(seed) % (n + 16));
			else if (r & 8)
				b[pos] = (uint8_t)(r >> 8);
			else
				b[pos] ^= (uint8_t)(1u << ((r >> 4) & 7));
		}
		struct fdt f, raw;
		valid += fdt_init(&f, b, max) == 0;
		f.blob ? exercise(&f) : all_fail(&f); /* blob is set only on success */
		if (raw_view(&raw, b, max))
			exercise(&raw);
		free(b);
	}
	assert_true(valid > 0 && valid < 20000);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_roundtrip), cmocka_unit_test(test_writer_errors),
	    cmocka_unit_test(test_malformed), cmocka_unit_test(test_qemu_dtb),
	    cmocka_unit_test(test_fuzz)};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
