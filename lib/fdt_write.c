/*
 * DTB writer. While building, property names live at the tail of buf (growing down) and
 * FDT_PROP name offsets hold the distance from the end of buf to the name; fdtw_finish moves
 * the strings behind the struct block and rewrites those offsets. This needs no size guess.
 */
#include "lib/fdt.h"

#include <string.h>

#define RSV_OFF    FDT_HDR_SIZE
#define STRUCT_OFF (RSV_OFF + 16u) /* one terminating reservation entry */

static void put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

static uint32_t pad4(uint32_t n)
{
	return (4 - (n & 3)) & 3;
}

/* Usable only while no error: all sizes below are then consistent with cap. */
static bool ok(struct fdtw *w)
{
	if (w->finished)
		w->error = true;
	return !w->error;
}

static bool room(struct fdtw *w, uint64_t need)
{
	if ((uint64_t)STRUCT_OFF + w->struct_len + w->strings_len + need > w->cap)
		w->error = true;
	return !w->error;
}

static uint8_t *cur(struct fdtw *w)
{
	return w->buf + STRUCT_OFF + w->struct_len;
}

static void emit32(struct fdtw *w, uint32_t v)
{
	put32(cur(w), v);
	w->struct_len += 4;
}

/* Copy len bytes plus zero padding to a 4-byte boundary; room already checked. */
static void emit_bytes(struct fdtw *w, const void *data, uint32_t len)
{
	if (len)
		memcpy(cur(w), data, len);
	w->struct_len += len;
	uint32_t pad = pad4(len);
	memset(cur(w), 0, pad);
	w->struct_len += pad;
}

void fdtw_init(struct fdtw *w, void *buf, uint32_t cap)
{
	memset(w, 0, sizeof(*w));
	w->buf = buf;
	w->cap = cap;
	if (!buf || cap > INT32_MAX || cap < STRUCT_OFF + 4)
		w->error = true;
}

void fdtw_begin_node(struct fdtw *w, const char *name)
{
	if (!ok(w))
		return;
	/* Exactly one root, named ""; every other node has a non-empty name without '/'. */
	if (!name || (w->depth == 0) != (name[0] == '\0') || (w->depth == 0 && w->have_root) ||
	    strchr(name, '/') || w->depth >= FDT_MAX_DEPTH) {
		w->error = true;
		return;
	}
	size_t n = strlen(name) + 1;
	if (n > w->cap)
		w->error = true;
	if (!room(w, 4 + (uint64_t)n + pad4((uint32_t)n)))
		return;
	emit32(w, FDT_BEGIN_NODE);
	emit_bytes(w, name, (uint32_t)n);
	w->have_root = true;
	w->child_seen = false;
	w->depth++;
}

void fdtw_end_node(struct fdtw *w)
{
	if (!ok(w))
		return;
	if (w->depth == 0) {
		w->error = true;
		return;
	}
	if (!room(w, 4))
		return;
	emit32(w, FDT_END_NODE);
	w->depth--;
	w->child_seen = true;
}

/* Distance from the end of buf to the name, reusing an existing copy; 0 on error. */
static uint32_t add_string(struct fdtw *w, const char *name)
{
	size_t n = strlen(name) + 1;
	if (n > w->cap) {
		w->error = true;
		return 0;
	}
	for (uint32_t i = w->cap - w->strings_len; i < w->cap;) {
		const char *s = (const char *)w->buf + i;
		size_t sl = 0;
		while (i + sl < w->cap && s[sl])
			sl++;
		sl++;
		if (sl == n && memcmp(s, name, n) == 0)
			return w->cap - i;
		i += (uint32_t)sl;
	}
	if (!room(w, n))
		return 0;
	w->strings_len += (uint32_t)n;
	memcpy(w->buf + w->cap - w->strings_len, name, n);
	return w->strings_len;
}

void fdtw_prop(struct fdtw *w, const char *name, const void *data, uint32_t len)
{
	if (!ok(w))
		return;
	/* Spec: properties precede subnodes and live inside a node. */
	if (!name || !name[0] || (!data && len) || w->depth == 0 || w->child_seen) {
		w->error = true;
		return;
	}
	uint32_t nameoff = add_string(w, name);
	if (!nameoff || !room(w, 12 + (uint64_t)len + pad4(len)))
		return;
	emit32(w, FDT_PROP);
	emit32(w, len);
	emit32(w, nameoff);
	emit_bytes(w, data, len);
}

void fdtw_prop_u32(struct fdtw *w, const char *name, uint32_t v)
{
	uint8_t b[4];
	put32(b, v);
	fdtw_prop(w, name, b, sizeof(b));
}

void fdtw_prop_u64(struct fdtw *w, const char *name, uint64_t v)
{
	uint8_t b[8];
	put32(b, (uint32_t)(v >> 32));
	put32(b + 4, (uint32_t)v);
	fdtw_prop(w, name, b, sizeof(b));
}

void fdtw_prop_cells(struct fdtw *w, const char *name, const uint32_t *cells, uint32_t n)
{
	if (!ok(w))
		return;
	if ((!cells && n) || n > w->cap / 4) {
		w->error = true;
		return;
	}
	/* Copy host-order cells, then byte-swap in place: no temporary of unbounded size. */
	uint32_t start = w->struct_len;
	fdtw_prop(w, name, n ? (const void *)cells : NULL, 4 * n);
	if (w->error)
		return;
	uint8_t *p = w->buf + STRUCT_OFF + start + 12;
	for (uint32_t i = 0; i < n; i++)
		put32(p + 4 * i, cells[i]);
}

void fdtw_prop_str(struct fdtw *w, const char *name, const char *s)
{
	if (!s) {
		w->error = true;
		return;
	}
	size_t n = strlen(s) + 1;
	if (n > w->cap) {
		w->error = true;
		return;
	}
	fdtw_prop(w, name, s, (uint32_t)n);
}

void fdtw_prop_empty(struct fdtw *w, const char *name)
{
	fdtw_prop(w, name, NULL, 0);
}

/* Turn the temporary end-relative name offsets into strings-block offsets. */
static bool fix_nameoffs(struct fdtw *w)
{
	uint8_t *s = w->buf + STRUCT_OFF;
	uint32_t off = 0, len = w->struct_len;
	while (off + 4 <= len) {
		uint32_t tag = fdt_be32(s + off);
		off += 4;
		if (tag == FDT_BEGIN_NODE) {
			while (off < len && s[off])
				off++;
			off++;
		} else if (tag == FDT_PROP) {
			if (len - off < 8)
				return false;
			uint32_t plen = fdt_be32(s + off), t = fdt_be32(s + off + 4);
			if (t == 0 || t > w->strings_len || plen > len - off - 8)
				return false;
			put32(s + off + 4, w->strings_len - t);
			off += 8 + plen;
		} else if (tag == FDT_END) {
			return off == len;
		} else if (tag != FDT_END_NODE && tag != FDT_NOP) {
			return false;
		}
		off += pad4(off);
	}
	return false;
}

int fdtw_finish(struct fdtw *w, uint32_t boot_cpuid)
{
	if (!ok(w) || w->depth != 0 || !w->have_root || !room(w, 4)) {
		w->error = true;
		return -1;
	}
	emit32(w, FDT_END);
	w->finished = true;
	if (!fix_nameoffs(w)) {
		w->error = true;
		return -1;
	}
	uint32_t off_strings = STRUCT_OFF + w->struct_len;
	uint32_t total = off_strings + w->strings_len;
	memmove(w->buf + off_strings, w->buf + w->cap - w->strings_len, w->strings_len);
	uint8_t *h = w->buf;
	put32(h + 0, FDT_MAGIC);
	put32(h + 4, total);
	put32(h + 8, STRUCT_OFF);
	put32(h + 12, off_strings);
	put32(h + 16, RSV_OFF);
	put32(h + 20, 17);
	put32(h + 24, 16);
	put32(h + 28, boot_cpuid);
	put32(h + 32, w->strings_len);
	put32(h + 36, w->struct_len);
	memset(h + RSV_OFF, 0, 16);
	return (int)total;
}
