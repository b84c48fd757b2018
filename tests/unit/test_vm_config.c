/* Unit tests for the VM description parser: sizes, defaults, every key, and every kind of bad
 * value. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "core/vm_config.h"
#include "lib/util.h"

/* --- parse_size ----------------------------------------------------------------------------- */

static void size_ok(const char *s, uint64_t want)
{
	uint64_t v = 12345;
	assert_int_equal(parse_size(s, strlen(s), &v), 0);
	assert_int_equal(v, want);
}

static void size_bad(const char *s)
{
	uint64_t v = 12345;
	assert_int_equal(parse_size(s, strlen(s), &v), -1);
	/* A failed parse leaves the output alone. */
	assert_int_equal(v, 12345);
}

static void test_parse_size_valid(void **state)
{
	(void)state;
	size_ok("0", 0);
	size_ok("1", 1);
	size_ok("4096", 4096);
	size_ok("007", 7);
	size_ok("4K", 4 * KiB);
	size_ok("4k", 4 * KiB);
	size_ok("256M", 256 * MiB);
	size_ok("256m", 256 * MiB);
	size_ok("3G", 3 * GiB);
	size_ok("16g", 16 * GiB);
	size_ok("0G", 0);
	/* Largest that does not overflow with each suffix. */
	size_ok("17179869183G", 17179869183ull * GiB);
	size_ok("17592186044415M", 17592186044415ull * MiB);
	size_ok("18014398509481983K", 18014398509481983ull * KiB);
	size_ok("1844674407370955160", 1844674407370955160ull);
}

static void test_parse_size_junk(void **state)
{
	(void)state;
	size_bad("");
	size_bad("K");
	size_bad("M");
	size_bad("-1");
	size_bad("+1");
	size_bad(" 1");
	size_bad("1 ");
	size_bad("1.5M");
	size_bad("12KB");
	size_bad("12T");
	size_bad("12b");
	size_bad("0x10");
	size_bad("1K1");
	size_bad("1MM");
	size_bad("one");
}

static void test_parse_size_overflow(void **state)
{
	(void)state;
	size_bad("18446744073709551616"); /* 2^64 */
	size_bad("99999999999999999999"); /* 20 digits */
	size_bad("999999999999999999999999");
	size_bad("17179869184G"); /* 2^64 */
	size_bad("17592186044416M");
	size_bad("18014398509481984K");
	size_bad("18446744073709551615K");
}

/* Only len bytes are read: the string need not be NUL-terminated there. */
static void test_parse_size_respects_len(void **state)
{
	(void)state;
	uint64_t v = 0;

	assert_int_equal(parse_size("64MB", 3, &v), 0);
	assert_int_equal(v, 64 * MiB);
	assert_int_equal(parse_size("123456", 2, &v), 0);
	assert_int_equal(v, 12);
	assert_int_equal(parse_size("5", 0, &v), -1);
	const char raw[3] = {'2', 'G', 'X'};
	assert_int_equal(parse_size(raw, 2, &v), 0);
	assert_int_equal(v, 2 * GiB);
}

/* --- vm_config_parse ------------------------------------------------------------------------ */

static char err[256];

static int parse(struct vm_config *c, const char *text)
{
	memset(err, 'x', sizeof(err) - 1);
	err[sizeof(err) - 1] = '\0';
	return vm_config_parse(c, text, strlen(text), err, sizeof(err));
}

static void check_defaults(const struct vm_config *c)
{
	assert_string_equal(c->name, "");
	assert_int_equal(c->mem, 128 * MiB);
	assert_int_equal(c->pool, 0);
	assert_int_equal(c->mode, MMU_SHADOW);
	assert_int_equal(c->vcpus, 1);
	assert_string_equal(c->append, "");
	assert_int_equal(c->initrd_module, 0);
}

static void test_defaults(void **state)
{
	(void)state;
	struct vm_config c;

	memset(&c, 0x5a, sizeof(c));
	assert_int_equal(parse(&c, ""), 0);
	check_defaults(&c);
	assert_string_equal(err, "");
	/* Blank lines and comments alone change nothing. */
	memset(&c, 0x5a, sizeof(c));
	assert_int_equal(parse(&c, "\n\n# mem=64M\n\r\n#\n"), 0);
	check_defaults(&c);
}

static void test_every_key(void **state)
{
	(void)state;
	struct vm_config c;
	const char *text = "name=guest0\n"
	                   "mem=64M\n"
	                   "pool=256K\n"
	                   "mode=nested\n"
	                   "gstage=sv48x4\n"
	                   "vcpus=4\n"
	                   "append=console=hvc0 earlycon=sbi root=/dev/ram0\n"
	                   "initrd=0x88000000";

	assert_int_equal(parse(&c, text), 0);
	assert_string_equal(c.name, "guest0");
	assert_int_equal(c.mem, 64 * MiB);
	assert_int_equal(c.pool, 256 * KiB);
	assert_int_equal(c.mode, MMU_NESTED);
	assert_int_equal(c.gstage_levels, 4);
	assert_int_equal(c.vcpus, 4);
	/* Only the first '=' separates key from value. */
	assert_string_equal(c.append, "console=hvc0 earlycon=sbi root=/dev/ram0");
	assert_int_equal(c.initrd_module, 0x88000000);
}

static void test_crlf_comments_and_overrides(void **state)
{
	(void)state;
	struct vm_config c;
	const char *text = "# a VM\r\n"
	                   "mem=64M\r\n"
	                   "\r\n"
	                   "mode=nested\r\n"
	                   "append=quiet\r\n"
	                   "mode=shadow\r\n"
	                   "mem=4M\r\n";

	assert_int_equal(parse(&c, text), 0);
	/* The \r is not part of any value, and later lines win. */
	assert_string_equal(c.append, "quiet");
	assert_int_equal(c.mode, MMU_SHADOW);
	assert_int_equal(c.mem, 4 * MiB);
}

/* len, not the NUL, bounds the text. */
static void test_len_bounds_text(void **state)
{
	(void)state;
	struct vm_config c;
	const char text[] = "mem=64M\nmode=bogus\n";

	assert_int_equal(vm_config_parse(&c, text, 8, err, sizeof(err)), 0);
	assert_int_equal(c.mem, 64 * MiB);
	/* Cut in the middle of a line: that line ends at len. */
	assert_int_equal(vm_config_parse(&c, "mem=64M\nvcpus=32", 15, err, sizeof(err)), 0);
	assert_int_equal(c.vcpus, 3);
	assert_int_equal(vm_config_parse(&c, text, 0, err, sizeof(err)), 0);
	check_defaults(&c);
}

static void test_edge_values_accepted(void **state)
{
	(void)state;
	struct vm_config c;
	char text[VM_APPEND_MAX + 64];

	assert_int_equal(parse(&c, "mem=4M\npool=64K\nvcpus=1"), 0);
	assert_int_equal(c.mem, 4 * MiB);
	assert_int_equal(c.pool, 64 * KiB);
	assert_int_equal(parse(&c, "vcpus=64\nmem=1G\nmem=6144K"), 0);
	assert_int_equal(c.vcpus, 64);
	assert_int_equal(c.mem, 6 * MiB);
	assert_int_equal(parse(&c, "append="), 0);
	assert_string_equal(c.append, "");
	assert_int_equal(parse(&c, "initrd=0XaBcDeF00\n"), 0);
	assert_int_equal(c.initrd_module, 0xabcdef00);
	assert_int_equal(parse(&c, "initrd=0xffffffffffffffff"), 0);
	assert_int_equal(c.initrd_module, UINT64_MAX);

	/* The longest name and append that fit with their NUL. */
	strcpy(text, "name=");
	memset(text + 5, 'n', VM_NAME_MAX - 1);
	text[5 + VM_NAME_MAX - 1] = '\0';
	assert_int_equal(parse(&c, text), 0);
	assert_int_equal(strlen(c.name), VM_NAME_MAX - 1);
	strcpy(text, "append=");
	memset(text + 7, 'a', VM_APPEND_MAX - 1);
	text[7 + VM_APPEND_MAX - 1] = '\0';
	assert_int_equal(parse(&c, text), 0);
	assert_int_equal(strlen(c.append), VM_APPEND_MAX - 1);
}

/* -1, with a message naming the problem and quoting what was wrong. */
static void expect_error(const char *text, const char *what, const char *quoted)
{
	struct vm_config c;

	assert_int_equal(parse(&c, text), -1);
	assert_true(strlen(err) > 0);
	if (!strstr(err, what) || !strstr(err, quoted))
		fail_msg("for \"%s\": error \"%s\" lacks \"%s\" or \"%s\"", text, err, what,
		         quoted);
}

static void test_bad_mem(void **state)
{
	(void)state;
	expect_error("mem=3M", "mem must be", "'3M'");
	expect_error("mem=5M", "mem must be", "'5M'");
	expect_error("mem=2M", "mem must be", "'2M'");
	expect_error("mem=0", "mem must be", "'0'");
	expect_error("mem=4194305", "mem must be", "'4194305'");
	expect_error("mem=", "mem must be", "''");
	expect_error("mem=64MB", "mem must be", "'64MB'");
	expect_error("mem=99999999999999999999G", "mem must be", "'99999999999999999999G'");
	/* A trailing space is not stripped. */
	expect_error("mem=64M \n", "mem must be", "'64M '");
}

static void test_bad_pool(void **state)
{
	(void)state;
	expect_error("pool=60K", "pool must be", "'60K'");
	expect_error("pool=65K", "pool must be", "'65K'");
	expect_error("pool=0", "pool must be", "'0'");
	expect_error("pool=lots", "pool must be", "'lots'");
}

static void test_bad_mode(void **state)
{
	(void)state;
	expect_error("mode=foo", "mode must be shadow or nested", "'foo'");
	expect_error("mode=", "mode must be", "''");
	expect_error("mode=Shadow", "mode must be", "'Shadow'");
	expect_error("mode=shadows", "mode must be", "'shadows'");
	expect_error("mode=nest", "mode must be", "'nest'");
}

static void test_gstage(void **state)
{
	(void)state;
	struct vm_config c;

	assert_int_equal(parse(&c, "mode=nested"), 0);
	assert_int_equal(c.gstage_levels, 0);
	assert_int_equal(parse(&c, "gstage=sv39x4"), 0);
	assert_int_equal(c.gstage_levels, 3);
	expect_error("gstage=sv57x4", "gstage must be sv39x4 or sv48x4", "'sv57x4'");
	expect_error("gstage=", "gstage must be", "''");
	expect_error("gstage=Sv48x4", "gstage must be", "'Sv48x4'");
}

static void test_bad_vcpus(void **state)
{
	(void)state;
	expect_error("vcpus=0", "vcpus must be 1..64", "'0'");
	expect_error("vcpus=65", "vcpus must be", "'65'");
	expect_error("vcpus=-1", "vcpus must be", "'-1'");
	expect_error("vcpus=1K", "vcpus must be", "'1K'");
	expect_error("vcpus=", "vcpus must be", "''");
	expect_error("vcpus=4294967297", "vcpus must be", "'4294967297'");
}

static void test_bad_append(void **state)
{
	(void)state;
	char text[VM_APPEND_MAX + 64];

	expect_error("append=a\tb", "append too long or not printable", "'a\tb'");
	expect_error("append=a\x1b[31m", "not printable", "'a\x1b[31m'");
	/* \r\r\n: only one \r belongs to the line end. */
	expect_error("append=x\r\r\n", "not printable", "'x\r'");
	strcpy(text, "append=");
	memset(text + 7, 'a', VM_APPEND_MAX);
	text[7 + VM_APPEND_MAX] = '\0';
	expect_error(text, "append too long", "'aaaa");
	/* The quoted value is capped, so the message stays short. */
	assert_true(strlen(err) < 150);
}

static void test_bad_name(void **state)
{
	(void)state;
	char text[VM_NAME_MAX + 16];

	expect_error("name=", "bad name", "''");
	expect_error("name=a\x01", "bad name", "'a");
	strcpy(text, "name=");
	memset(text + 5, 'n', VM_NAME_MAX);
	text[5 + VM_NAME_MAX] = '\0';
	expect_error(text, "bad name", "'nnnn");
}

static void test_bad_initrd(void **state)
{
	(void)state;
	expect_error("initrd=88000000", "initrd must be", "'88000000'");
	expect_error("initrd=0x", "initrd must be", "'0x'");
	expect_error("initrd=0xg0", "initrd must be", "'0xg0'");
	expect_error("initrd=0x88000000 ", "initrd must be", "'0x88000000 '");
	expect_error("initrd=0x0", "initrd must be", "'0x0'");
	expect_error("initrd=0x00000000", "initrd must be", "'0x00000000'");
	expect_error("initrd=-0x1", "initrd must be", "'-0x1'");
	/* 17 hex digits do not fit 64 bits. */
	expect_error("initrd=0x10000000000000000", "initrd must be", "'0x10000000000000000'");
	expect_error("initrd=", "initrd must be", "''");
}

static void test_bad_lines(void **state)
{
	(void)state;
	expect_error("mem=64M\nbogus=1\n", "unknown key", "'bogus'");
	expect_error("Mem=64M", "unknown key", "'Mem'");
	expect_error(" mem=64M", "unknown key", "' mem'");
	expect_error("=64M", "unknown key", "''");
	expect_error("mem=64M\njust words\n", "expected key=value", "'just words'");
	expect_error("  \n", "expected key=value", "'  '");
	/* A later bad line fails the whole parse, after good lines were applied. */
	struct vm_config c;
	assert_int_equal(parse(&c, "mem=64M\nmode=nested\nvcpus=100\n"), -1);
	assert_non_null(strstr(err, "vcpus"));
}

/* The text need not be NUL-terminated: errors on its last line must not read past len. */
static void test_unterminated_text(void **state)
{
	(void)state;
	const char *cases[] = {"mode=foo", "mem=64M\nbogus", "mem=64M\nvcpus=99", "x=1"};

	for (unsigned i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct vm_config c;
		size_t len = strlen(cases[i]);
		/* Exactly len bytes on the heap, so ASan sees a read of text[len]. */
		char *text = malloc(len);
		assert_non_null(text);
		memcpy(text, cases[i], len);
		assert_int_equal(vm_config_parse(&c, text, len, err, sizeof(err)), -1);
		assert_true(strlen(err) > 0);
		free(text);
	}
}

/* A short error buffer gets a truncated, terminated message. */
static void test_small_err_buffer(void **state)
{
	(void)state;
	struct vm_config c;
	char small[8];

	memset(small, 'x', sizeof(small));
	assert_int_equal(vm_config_parse(&c, "mode=foo", 8, small, sizeof(small)), -1);
	assert_int_equal(strlen(small), sizeof(small) - 1);
	assert_memory_equal(small, "mode mu", 7);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_parse_size_valid),
	    cmocka_unit_test(test_parse_size_junk),
	    cmocka_unit_test(test_parse_size_overflow),
	    cmocka_unit_test(test_parse_size_respects_len),
	    cmocka_unit_test(test_defaults),
	    cmocka_unit_test(test_every_key),
	    cmocka_unit_test(test_crlf_comments_and_overrides),
	    cmocka_unit_test(test_len_bounds_text),
	    cmocka_unit_test(test_edge_values_accepted),
	    cmocka_unit_test(test_bad_mem),
	    cmocka_unit_test(test_bad_pool),
	    cmocka_unit_test(test_bad_mode),
	    cmocka_unit_test(test_gstage),
	    cmocka_unit_test(test_bad_vcpus),
	    cmocka_unit_test(test_bad_append),
	    cmocka_unit_test(test_bad_name),
	    cmocka_unit_test(test_bad_initrd),
	    cmocka_unit_test(test_bad_lines),
	    cmocka_unit_test(test_unterminated_text),
	    cmocka_unit_test(test_small_err_buffer),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
