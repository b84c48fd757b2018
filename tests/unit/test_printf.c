/* Unit tests for the portable formatter, against literal expectations and the C library. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/printk.h"

static char buf[256];

#define EXPECT(want, ...)                                                                          \
	do {                                                                                       \
		memset(buf, 'Z', sizeof(buf));                                                     \
		int n_ = snprintf_sv(buf, sizeof(buf), __VA_ARGS__);                               \
		assert_string_equal(buf, want);                                                    \
		assert_int_equal(n_, (int)strlen(want));                                           \
	} while (0)

static void test_plain_and_percent(void **state)
{
	(void)state;
	EXPECT("", "%s", "");
	EXPECT("hello", "hello");
	EXPECT("100%", "100%%");
	EXPECT("%%", "%%%%");
	EXPECT("a%b", "a%%%c", 'b');
}

static void test_signed(void **state)
{
	(void)state;
	EXPECT("0", "%d", 0);
	EXPECT("42", "%d", 42);
	EXPECT("-42", "%i", -42);
	EXPECT("2147483647", "%d", INT_MAX);
	EXPECT("-2147483648", "%d", INT_MIN);
	EXPECT("-9223372036854775808", "%ld", LONG_MIN);
	EXPECT("-9223372036854775808", "%lld", (long long)INT64_MIN);
	EXPECT("9223372036854775807", "%lli", LLONG_MAX);
	EXPECT("-1", "%zd", (ptrdiff_t)-1);
}

static void test_unsigned_and_hex(void **state)
{
	(void)state;
	EXPECT("0", "%u", 0u);
	EXPECT("4294967295", "%u", UINT_MAX);
	EXPECT("18446744073709551615", "%lu", ULONG_MAX);
	EXPECT("18446744073709551615", "%llu", ULLONG_MAX);
	EXPECT("18446744073709551615", "%zu", SIZE_MAX);
	EXPECT("0", "%x", 0u);
	EXPECT("deadbeef", "%x", 0xdeadbeefu);
	EXPECT("DEADBEEF", "%X", 0xdeadbeefu);
	EXPECT("ffffffffffffffff", "%lx", ULONG_MAX);
	EXPECT("FFFFFFFFFFFFFFFF", "%llX", ULLONG_MAX);
	EXPECT("80000000", "%zx", (size_t)0x80000000u);
	/* Negative int through %u / %x: its unsigned int value, not sign-extended. */
	EXPECT("4294967295 ffffffff", "%u %x", -1, -1);
	EXPECT("65535", "%hu", (unsigned short)65535);
}

static void test_widths_and_flags(void **state)
{
	(void)state;
	EXPECT("   42", "%5d", 42);
	EXPECT("42   |", "%-5d|", 42);
	EXPECT("00042", "%05d", 42);
	EXPECT("  -42", "%5d", -42);
	EXPECT("-0042", "%05d", -42);
	EXPECT("-42  |", "%-5d|", -42);
	EXPECT("12345", "%3d", 12345);
	EXPECT("-12345", "%3d", -12345);
	EXPECT("0000beef", "%08x", 0xbeefu);
	EXPECT("    BEEF", "%8X", 0xbeefu);
	EXPECT("beef    |", "%-8x|", 0xbeefu);
	EXPECT("0000000000000000ffff", "%020lx", 0xffffUL);
	EXPECT("-9223372036854775808", "%05ld", LONG_MIN);
	EXPECT("  -9223372036854775808", "%22ld", LONG_MIN);
	EXPECT("-09223372036854775808", "%021ld", LONG_MIN);
	EXPECT("0", "%0d", 0);
	EXPECT("    0", "%5u", 0u);
}

static void test_strings_and_chars(void **state)
{
	(void)state;
	/* volatile: the compiler must not see the NULL it would warn about. */
	const char *volatile null = NULL;

	EXPECT("abc", "%s", "abc");
	EXPECT("  abc", "%5s", "abc");
	EXPECT("abc  |", "%-5s|", "abc");
	EXPECT("abcdef", "%3s", "abcdef");
	EXPECT("(null)", "%s", null);
	EXPECT("  (null)", "%8s", null);
	EXPECT("x", "%c", 'x');
	EXPECT("[a][b]", "[%c][%c]", 'a', 'b');
	/* Precision bounds %s, also through *, and a negative * means none. */
	EXPECT("ab", "%.2s", "abcdef");
	EXPECT("", "%.0s", "abcdef");
	EXPECT("abc", "%.10s", "abc");
	EXPECT("abcd", "%.*s", 4, "abcdefgh");
	EXPECT("abcdefgh", "%.*s", -1, "abcdefgh");
	EXPECT("   ab|", "%5.2s|", "abcdef");
	EXPECT("ab   |", "%-5.2s|", "abcdef");
	/* Precision stops reading: the string need not be terminated. */
	const char raw[3] = {'x', 'y', 'z'};
	EXPECT("xyz", "%.3s", raw);
	EXPECT("'3M'", "'%.*s'", 2, "3M\nmode=x");
}

static void test_char_nul_counts(void **state)
{
	(void)state;
	/* A NUL from %c is output and counted like any character. */
	memset(buf, 'Z', sizeof(buf));
	assert_int_equal(snprintf_sv(buf, sizeof(buf), "a%cb", 0), 3);
	assert_memory_equal(buf, "a\0b\0", 4);
}

static void test_pointer(void **state)
{
	(void)state;
	EXPECT("0x1234", "%p", (void *)0x1234);
	EXPECT("0xffffffffffffffff", "%p", (void *)UINTPTR_MAX);
	EXPECT("0x0", "%p", (void *)0);
	EXPECT("[0xab][0xcd]", "[%p][%p]", (void *)0xab, (void *)0xcd);
}

static void test_malformed_specs(void **state)
{
	(void)state;
	/* Not literals, so the compiler's format check does not reject them. */
	const char *unknown = "a%qb", *trailing = "abc%", *flag_end = "abc%-0";

	EXPECT("a%qb", unknown, 0);
	EXPECT("abc", trailing, 0);
	EXPECT("abc", flag_end, 0);
}

static void test_truncation(void **state)
{
	(void)state;
	const char *want = "value=-12345 name=shadowvisor";

	for (size_t size = 1; size <= strlen(want) + 2; size++) {
		/* Exactly size bytes on the heap, so ASan sees any write past them. */
		char *b = malloc(size);
		assert_non_null(b);
		memset(b, 'Z', size);
		int n = snprintf_sv(b, size, "value=%d name=%s", -12345, "shadowvisor");
		/* The full length, whatever fits. */
		assert_int_equal(n, (int)strlen(want));
		size_t kept = size - 1 < strlen(want) ? size - 1 : strlen(want);
		assert_int_equal(strlen(b), kept);
		assert_memory_equal(b, want, kept);
		free(b);
	}
	/* Padding is truncated as well, and still counted. */
	char small[4];
	assert_int_equal(snprintf_sv(small, sizeof(small), "%10d", 7), 10);
	assert_string_equal(small, "   ");
	assert_int_equal(snprintf_sv(small, sizeof(small), "%-10s|", "ab"), 11);
	assert_string_equal(small, "ab ");
}

static void test_size_zero(void **state)
{
	(void)state;
	char b[4] = {'Z', 'Z', 'Z', 'Z'};

	/* Nothing written, not even a NUL; the length is still reported. */
	assert_int_equal(snprintf_sv(b, 0, "hello %d", 42), 8);
	assert_memory_equal(b, "ZZZZ", 4);
	assert_int_equal(snprintf_sv(NULL, 0, "%s", "abc"), 3);
	assert_int_equal(snprintf_sv(b, 1, "hello"), 5);
	assert_int_equal(b[0], '\0');
	assert_int_equal(b[1], 'Z');
}

static int via_va_list(char *b, size_t size, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf_sv(b, size, fmt, ap);
	va_end(ap);
	return n;
}

static void test_vsnprintf_direct(void **state)
{
	(void)state;
	assert_int_equal(via_va_list(buf, sizeof(buf), "%s-%lu-%c", "x", 9UL, 'y'), 5);
	assert_string_equal(buf, "x-9-y");
}

static uint64_t rng_state = 0x243f6a8885a308d3ull;

static uint64_t xorshift(void)
{
	uint64_t x = rng_state;
	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	return rng_state = x;
}

/* Values biased toward the edges where formatting breaks. */
static uint64_t edge_value(void)
{
	static const uint64_t edges[] = {0,          1,
	                                 9,          10,
	                                 0x7fffffff, 0x80000000,
	                                 0xffffffff, 0x100000000ull,
	                                 INT64_MAX,  (uint64_t)INT64_MIN,
	                                 UINT64_MAX};
	if (xorshift() % 3 == 0)
		return edges[xorshift() % (sizeof(edges) / sizeof(edges[0]))] - xorshift() % 2;
	return xorshift() >> (xorshift() % 64);
}

/* Integer and string conversions with random flags and widths agree with the C library. */
static void test_matches_libc(void **state)
{
	(void)state;
	static const char conv[] = "diuxX";
	char fmt[32], want[128], got[128];

	for (int i = 0; i < 20000; i++) {
		const char *flags[] = {"", "-", "0", "-0", "0-"};
		const char *len[] = {"", "l", "ll", "z"};
		unsigned l = (unsigned)(xorshift() % 4);
		char c = conv[xorshift() % 5];
		unsigned width = (unsigned)(xorshift() % 26);
		uint64_t v = edge_value();
		int nw, ng;

		if (xorshift() % 4 == 0) {
			snprintf(fmt, sizeof(fmt), "<%%%s%us>", flags[xorshift() % 2], width);
			const char *s = &"the quick brown fox"[xorshift() % 19];
			nw = snprintf(want, sizeof(want), fmt, s);
			ng = snprintf_sv(got, sizeof(got), fmt, s);
		} else {
			snprintf(fmt, sizeof(fmt), "<%%%s%u%s%c>", flags[xorshift() % 5], width,
			         len[l], c);
			if (l == 0 && (c == 'd' || c == 'i')) {
				nw = snprintf(want, sizeof(want), fmt, (int)v);
				ng = snprintf_sv(got, sizeof(got), fmt, (int)v);
			} else if (l == 0) {
				nw = snprintf(want, sizeof(want), fmt, (unsigned)v);
				ng = snprintf_sv(got, sizeof(got), fmt, (unsigned)v);
			} else {
				nw = snprintf(want, sizeof(want), fmt, (unsigned long)v);
				ng = snprintf_sv(got, sizeof(got), fmt, (unsigned long)v);
			}
		}
		if (nw != ng || strcmp(want, got) != 0)
			fail_msg("format \"%s\" value 0x%llx: libc \"%s\" (%d), ours \"%s\" (%d)",
			         fmt, (unsigned long long)v, want, nw, got, ng);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_plain_and_percent), cmocka_unit_test(test_signed),
	    cmocka_unit_test(test_unsigned_and_hex),  cmocka_unit_test(test_widths_and_flags),
	    cmocka_unit_test(test_strings_and_chars), cmocka_unit_test(test_char_nul_counts),
	    cmocka_unit_test(test_pointer),           cmocka_unit_test(test_malformed_specs),
	    cmocka_unit_test(test_truncation),        cmocka_unit_test(test_size_zero),
	    cmocka_unit_test(test_vsnprintf_direct),  cmocka_unit_test(test_matches_libc),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
