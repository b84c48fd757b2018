/* DTB reader. All offsets read from the blob are untrusted: every access goes through token(). */
#include "lib/fdt.h"

#include <string.h>

#define TOK_BAD 0u /* not a valid tag: any decode error */

/* Length of s up to max; max means no NUL within the bound. */
static uint32_t bstrnlen(const uint8_t *s, uint32_t max)
{
	uint32_t n = 0;
	while (n < max && s[n])
		n++;
	return n;
}

/* Decode the token at struct offset off; *next gets the offset of the token after it. */
static uint32_t token(const struct fdt *f, int off, int *next)
{
	if (!f || !f->blob || off < 0 || f->size_struct > INT32_MAX)
		return TOK_BAD;
	uint32_t o = (uint32_t)off, sz = f->size_struct;
	if ((o & 3) || o > sz || sz - o < 4)
		return TOK_BAD;
	const uint8_t *p = f->blob + f->off_struct + o;
	uint32_t tag = fdt_be32(p);
	uint64_t end = (uint64_t)o + 4;
	switch (tag) {
	case FDT_BEGIN_NODE: {
		uint32_t n = bstrnlen(p + 4, sz - o - 4);
		if (n == sz - o - 4)
			return TOK_BAD;
		end += n + 1;
		break;
	}
	case FDT_PROP:
		if (sz - o < 12)
			return TOK_BAD;
		end += 8 + (uint64_t)fdt_be32(p + 4);
		break;
	case FDT_END_NODE:
	case FDT_NOP:
	case FDT_END:
		break;
	default:
		return TOK_BAD;
	}
	end = (end + 3) & ~(uint64_t)3;
	if (end > sz)
		return TOK_BAD;
	*next = (int)end;
	return tag;
}

static const uint8_t *at(const struct fdt *f, int off)
{
	return f->blob + f->off_struct + (uint32_t)off;
}

/* Property name by strings-block offset, NULL unless fully inside the strings block. */
static const char *string_at(const struct fdt *f, uint32_t off)
{
	if (off >= f->size_strings)
		return NULL;
	const uint8_t *s = f->blob + f->off_strings + off;
	if (bstrnlen(s, f->size_strings - off) == f->size_strings - off)
		return NULL;
	return (const char *)s;
}

static bool block_ok(uint32_t off, uint32_t len, uint32_t hdr, uint32_t total)
{
	return off >= hdr && off <= total && len <= total - off;
}

/* Whole-tree structural check so later lookups only meet well-formed trees. */
static int check_struct(const struct fdt *f)
{
	int off = 0, next, depth = 0;
	bool root_done = false;
	for (;;) {
		switch (token(f, off, &next)) {
		case FDT_BEGIN_NODE:
			if (root_done || depth >= FDT_MAX_DEPTH)
				return -1;
			depth++;
			break;
		case FDT_END_NODE:
			if (depth == 0)
				return -1;
			if (--depth == 0)
				root_done = true;
			break;
		case FDT_PROP:
			if (depth == 0 || !string_at(f, fdt_be32(at(f, off) + 8)))
				return -1;
			break;
		case FDT_NOP:
			break;
		case FDT_END:
			return depth == 0 && root_done ? 0 : -1;
		default:
			return -1;
		}
		off = next;
	}
}

int fdt_init(struct fdt *f, const void *blob, uint32_t max_size)
{
	if (!f)
		return -1;
	memset(f, 0, sizeof(*f));
	const uint8_t *b = blob;
	if (!b || max_size < FDT_HDR_SIZE || fdt_be32(b) != FDT_MAGIC)
		return -1;
	uint32_t total = fdt_be32(b + 4), version = fdt_be32(b + 20);
	/* v16 lacks size_dt_struct, so its header is one word shorter. */
	uint32_t hdr = version >= 17 ? FDT_HDR_SIZE : FDT_HDR_SIZE - 4;
	struct fdt t = {
	    .blob = b,
	    .size = total,
	    .off_struct = fdt_be32(b + 8),
	    .off_strings = fdt_be32(b + 12),
	    .size_strings = fdt_be32(b + 32),
	};
	if (version < 16 || fdt_be32(b + 24) > 17 || total > max_size || total < FDT_HDR_SIZE ||
	    total > INT32_MAX || t.off_struct > total || (t.off_struct & 3))
		return -1;
	t.size_struct = version >= 17 ? fdt_be32(b + 36) : total - t.off_struct;
	uint32_t off_rsv = fdt_be32(b + 16);
	if (!block_ok(t.off_struct, t.size_struct, hdr, total) ||
	    !block_ok(t.off_strings, t.size_strings, hdr, total) ||
	    !block_ok(off_rsv, 0, hdr, total) || check_struct(&t))
		return -1;
	*f = t;
	return 0;
}

uint32_t fdt_total_size(const void *blob)
{
	return blob && fdt_be32(blob) == FDT_MAGIC ? fdt_be32((const uint8_t *)blob + 4) : 0;
}

/* First node at or after off, skipping properties and NOPs; -1 at END_NODE/END or on error. */
static int node_from(const struct fdt *f, int off)
{
	int next;
	uint32_t t;
	while ((t = token(f, off, &next)) == FDT_PROP || t == FDT_NOP)
		off = next;
	return t == FDT_BEGIN_NODE ? off : -1;
}

int fdt_root(const struct fdt *f)
{
	return node_from(f, 0);
}

int fdt_first_child(const struct fdt *f, int node)
{
	int off;
	return token(f, node, &off) == FDT_BEGIN_NODE ? node_from(f, off) : -1;
}

int fdt_next_sibling(const struct fdt *f, int node)
{
	int off = node, next, depth = 0;
	if (token(f, node, &next) != FDT_BEGIN_NODE)
		return -1;
	do { /* skip node's subtree */
		uint32_t t = token(f, off, &next);
		if (t == FDT_BEGIN_NODE)
			depth++;
		else if (t == FDT_END_NODE)
			depth--;
		else if (t != FDT_PROP && t != FDT_NOP)
			return -1;
		off = next;
	} while (depth > 0);
	return node_from(f, off);
}

const char *fdt_node_name(const struct fdt *f, int node)
{
	int next;
	return token(f, node, &next) == FDT_BEGIN_NODE ? (const char *)at(f, node) + 4 : NULL;
}

static bool has_at(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (s[i] == '@')
			return true;
	return false;
}

/* name[0..len) contains no NUL. */
static int subnode_n(const struct fdt *f, int parent, const char *name, size_t len)
{
	for (int c = fdt_first_child(f, parent); c >= 0; c = fdt_next_sibling(f, c)) {
		const char *n = fdt_node_name(f, c);
		/* strncmp equal means n has at least len chars, so n[len] is in bounds. */
		if (n && strncmp(n, name, len) == 0 &&
		    (n[len] == '\0' || (n[len] == '@' && !has_at(name, len))))
			return c;
	}
	return -1;
}

int fdt_subnode(const struct fdt *f, int parent, const char *name)
{
	return name ? subnode_n(f, parent, name, strlen(name)) : -1;
}

int fdt_path(const struct fdt *f, const char *path)
{
	if (!path || path[0] != '/')
		return -1;
	int node = fdt_root(f);
	while (node >= 0) {
		while (*path == '/')
			path++;
		if (!*path)
			return node;
		const char *e = path;
		while (*e && *e != '/')
			e++;
		node = subnode_n(f, node, path, (size_t)(e - path));
		path = e;
	}
	return -1;
}

const void *fdt_prop(const struct fdt *f, int node, const char *name, uint32_t *len)
{
	int off, next;
	if (!name || token(f, node, &off) != FDT_BEGIN_NODE)
		return NULL;
	for (;;) {
		uint32_t t = token(f, off, &next);
		if (t == FDT_PROP) {
			const uint8_t *p = at(f, off);
			const char *s = string_at(f, fdt_be32(p + 8));
			if (s && strcmp(s, name) == 0) {
				if (len)
					*len = fdt_be32(p + 4);
				return p + 12;
			}
		} else if (t != FDT_NOP) {
			return NULL;
		}
		off = next;
	}
}

/* One or two cells as a number; 0 if absent or another length. */
static uint32_t prop_num(const struct fdt *f, int node, const char *name, uint64_t *v)
{
	uint32_t len;
	const void *p = fdt_prop(f, node, name, &len);
	if (!p || (len != 4 && len != 8))
		return 0;
	*v = len == 4 ? fdt_be32(p) : fdt_be64(p);
	return len;
}

bool fdt_prop_u32(const struct fdt *f, int node, const char *name, uint32_t *out)
{
	uint64_t v;
	bool ok = prop_num(f, node, name, &v) == 4;
	if (ok && out)
		*out = (uint32_t)v;
	return ok;
}

bool fdt_prop_u64(const struct fdt *f, int node, const char *name, uint64_t *out)
{
	uint64_t v;
	bool ok = prop_num(f, node, name, &v) != 0;
	if (ok && out)
		*out = v;
	return ok;
}

const char *fdt_prop_str(const struct fdt *f, int node, const char *name)
{
	uint32_t len;
	const char *p = fdt_prop(f, node, name, &len);
	return p && len > 0 && p[len - 1] == '\0' ? p : NULL;
}

bool fdt_is_compatible(const struct fdt *f, int node, const char *compat)
{
	uint32_t len;
	const uint8_t *p = fdt_prop(f, node, "compatible", &len);
	if (!p || !compat)
		return false;
	size_t cl = strlen(compat);
	for (uint32_t i = 0; i < len;) {
		uint32_t n = bstrnlen(p + i, len - i);
		if (n == len - i)
			return false;
		if (n == cl && memcmp(p + i, compat, cl) == 0)
			return true;
		i += n + 1;
	}
	return false;
}

int fdt_next_compatible(const struct fdt *f, int after, const char *compat)
{
	int off = 0, next;
	if (after >= 0 && token(f, after, &off) != FDT_BEGIN_NODE)
		return -1;
	for (;;) {
		uint32_t t = token(f, off, &next);
		if (t == TOK_BAD || t == FDT_END)
			return -1;
		if (t == FDT_BEGIN_NODE && fdt_is_compatible(f, off, compat))
			return off;
		off = next;
	}
}

int fdt_parent(const struct fdt *f, int node)
{
	/* Descend through the last child starting at or before node; no stack needed. */
	int cur = fdt_root(f);
	if (cur < 0 || node <= cur)
		return -1;
	for (;;) {
		int in = -1;
		for (int c = fdt_first_child(f, cur); c >= 0 && c <= node;
		     c = fdt_next_sibling(f, c))
			in = c;
		if (in < 0 || in == node)
			return in < 0 ? -1 : cur;
		cur = in;
	}
}

/* Absent means the spec default; present but not one cell is an error. */
static bool cells(const struct fdt *f, int node, const char *name, uint32_t def, uint32_t *out)
{
	if (fdt_prop(f, node, name, NULL))
		return fdt_prop_u32(f, node, name, out);
	*out = def;
	return true;
}

static uint64_t read_cells(const uint8_t *p, uint32_t n)
{
	uint64_t v = 0;
	for (uint32_t i = 0; i < n; i++)
		v = v << 32 | fdt_be32(p + 4 * i);
	return v;
}

bool fdt_reg(const struct fdt *f, int node, int index, uint64_t *addr, uint64_t *size)
{
	uint32_t ac, sc, len;
	int parent = fdt_parent(f, node);
	if (parent < 0 || index < 0 || !cells(f, parent, "#address-cells", 2, &ac) ||
	    !cells(f, parent, "#size-cells", 1, &sc) || ac < 1 || ac > 2 || sc > 2)
		return false;
	const uint8_t *p = fdt_prop(f, node, "reg", &len);
	uint64_t stride = 4 * (uint64_t)(ac + sc);
	if (!p || ((uint64_t)index + 1) * stride > len)
		return false;
	p += (uint64_t)index * stride;
	if (addr)
		*addr = read_cells(p, ac);
	if (size)
		*size = read_cells(p + 4 * ac, sc);
	return true;
}

bool fdt_mem_rsv(const struct fdt *f, int index, uint64_t *addr, uint64_t *size)
{
	if (!f || !f->blob || f->size < FDT_HDR_SIZE || index < 0)
		return false;
	uint64_t off = fdt_be32(f->blob + 16);
	for (int i = 0; off + 16 <= f->size; i++, off += 16) {
		uint64_t a = fdt_be64(f->blob + off), s = fdt_be64(f->blob + off + 8);
		if (a == 0 && s == 0)
			return false;
		if (i == index) {
			if (addr)
				*addr = a;
			if (size)
				*size = s;
			return true;
		}
	}
	return false;
}
