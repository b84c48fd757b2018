/* Parses the VM description the host command writes; every value is checked here, in the firmware.
 */
#include "core/vm_config.h"

#include <string.h>

#include "lib/printk.h"
#include "lib/util.h"

int parse_size(const char *s, size_t len, uint64_t *out)
{
	uint64_t v = 0, mul = 1;
	size_t i = 0;

	if (len == 0)
		return -1;
	for (; i < len && s[i] >= '0' && s[i] <= '9'; i++) {
		if (v > (UINT64_MAX - 9) / 10)
			return -1;
		v = v * 10 + (uint64_t)(s[i] - '0');
	}
	if (i == 0)
		return -1;
	if (i + 1 == len) {
		switch (s[i]) {
		case 'K':
		case 'k':
			mul = KiB;
			break;
		case 'M':
		case 'm':
			mul = MiB;
			break;
		case 'G':
		case 'g':
			mul = GiB;
			break;
		default:
			return -1;
		}
	} else if (i != len) {
		return -1;
	}
	if (v > UINT64_MAX / mul)
		return -1;
	*out = v * mul;
	return 0;
}

static int parse_hex(const char *s, size_t len, uint64_t *out)
{
	uint64_t v = 0;

	if (len < 3 || len > 18 || s[0] != '0' || (s[1] != 'x' && s[1] != 'X'))
		return -1;
	for (size_t i = 2; i < len; i++) {
		char c = s[i];
		unsigned d = c >= '0' && c <= '9'   ? (unsigned)(c - '0')
		             : c >= 'a' && c <= 'f' ? (unsigned)(c - 'a' + 10)
		             : c >= 'A' && c <= 'F' ? (unsigned)(c - 'A' + 10)
		                                    : 16u;
		if (d == 16)
			return -1;
		v = (v << 4) | d;
	}
	*out = v;
	return 0;
}

static bool key_is(const char *key, size_t klen, const char *want)
{
	return strlen(want) == klen && memcmp(key, want, klen) == 0;
}

static int fail(char *err, size_t errlen, const char *what, const char *val, size_t vlen)
{
	snprintf_sv(err, errlen, "%s: '%.*s'", what, (int)MIN(vlen, 64), val);
	return -1;
}

/* Copies a value as a string if it fits, with no control characters. */
static int copy_value(char *dst, size_t cap, const char *val, size_t vlen)
{
	if (vlen >= cap)
		return -1;
	for (size_t i = 0; i < vlen; i++)
		if ((unsigned char)val[i] < 0x20)
			return -1;
	memcpy(dst, val, vlen);
	dst[vlen] = '\0';
	return 0;
}

static int parse_line(struct vm_config *c, const char *line, size_t len, char *err, size_t errlen)
{
	const char *eq = memchr(line, '=', len);

	if (!eq)
		return fail(err, errlen, "expected key=value", line, len);
	size_t klen = (size_t)(eq - line), vlen = len - klen - 1;
	const char *val = eq + 1;

	if (key_is(line, klen, "name")) {
		if (vlen == 0 || copy_value(c->name, sizeof(c->name), val, vlen) < 0)
			return fail(err, errlen, "bad name", val, vlen);
	} else if (key_is(line, klen, "mem")) {
		if (parse_size(val, vlen, &c->mem) < 0 || c->mem < 4 * MiB || c->mem % (2 * MiB))
			return fail(err, errlen, "mem must be a multiple of 2M, at least 4M", val,
			            vlen);
	} else if (key_is(line, klen, "pool")) {
		if (parse_size(val, vlen, &c->pool) < 0 || c->pool < 64 * KiB ||
		    c->pool % PAGE_SIZE)
			return fail(err, errlen, "pool must be a multiple of 4K, at least 64K", val,
			            vlen);
	} else if (key_is(line, klen, "mode")) {
		if (vlen == 6 && memcmp(val, "shadow", 6) == 0)
			c->mode = MMU_SHADOW;
		else if (vlen == 6 && memcmp(val, "nested", 6) == 0)
			c->mode = MMU_NESTED;
		else
			return fail(err, errlen, "mode must be shadow or nested", val, vlen);
	} else if (key_is(line, klen, "gstage")) {
		if (vlen == 6 && memcmp(val, "sv39x4", 6) == 0)
			c->gstage_levels = 3;
		else if (vlen == 6 && memcmp(val, "sv48x4", 6) == 0)
			c->gstage_levels = 4;
		else
			return fail(err, errlen, "gstage must be sv39x4 or sv48x4", val, vlen);
	} else if (key_is(line, klen, "vcpus")) {
		uint64_t n;
		if (parse_size(val, vlen, &n) < 0 || n < 1 || n > 64)
			return fail(err, errlen, "vcpus must be 1..64", val, vlen);
		c->vcpus = (unsigned)n;
	} else if (key_is(line, klen, "initrd")) {
		if (parse_hex(val, vlen, &c->initrd_module) < 0 || c->initrd_module == 0)
			return fail(err, errlen, "initrd must be a module address like 0x88000000",
			            val, vlen);
	} else if (key_is(line, klen, "append")) {
		if (copy_value(c->append, sizeof(c->append), val, vlen) < 0)
			return fail(err, errlen, "append too long or not printable", val, vlen);
	} else {
		return fail(err, errlen, "unknown key", line, klen);
	}
	return 0;
}

int vm_config_parse(struct vm_config *c, const char *text, size_t len, char *err, size_t errlen)
{
	memset(c, 0, sizeof(*c));
	c->mem = 128 * MiB;
	c->mode = MMU_SHADOW;
	c->vcpus = 1;
	if (errlen)
		err[0] = '\0';

	size_t pos = 0;
	while (pos < len) {
		const char *line = text + pos;
		const char *nl = memchr(line, '\n', len - pos);
		const char *end = nl ? nl : text + len;
		pos = (size_t)(end - text) + 1;
		if (end > line && end[-1] == '\r')
			end--;
		size_t llen = (size_t)(end - line);
		if (llen == 0 || line[0] == '#')
			continue;
		if (parse_line(c, line, llen, err, errlen) < 0)
			return -1;
	}
	return 0;
}
