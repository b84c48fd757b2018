/*
 * Flattened device tree (DTB, spec v17) reader and writer.
 *
 * Reader: fdt_init() validates the header and walks the whole struct block once (balanced
 * nodes, bounded depth, every property name inside the strings block, final FDT_END), so a
 * malformed blob is rejected up front. Every accessor still bounds-checks each token, so they
 * never read outside the blocks described by struct fdt even for a blob that was not validated.
 * Returned pointers point into the blob and may be unaligned: decode with fdt_be32/fdt_be64.
 *
 * Writer: builds a v17 DTB into caller memory with no allocation. Errors are sticky and
 * reported once by fdtw_finish().
 */
#ifndef LIB_FDT_H
#define LIB_FDT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define FDT_MAGIC      0xd00dfeedu
#define FDT_BEGIN_NODE 0x1u
#define FDT_END_NODE   0x2u
#define FDT_PROP       0x3u
#define FDT_NOP        0x4u
#define FDT_END        0x9u
#define FDT_HDR_SIZE   40u
/* Deepest node nesting accepted (root = depth 1); lets callers recurse with a known bound. */
#define FDT_MAX_DEPTH 64

static inline uint32_t fdt_be32(const void *p)
{
	const uint8_t *b = p;
	return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3];
}

static inline uint64_t fdt_be64(const void *p)
{
	return (uint64_t)fdt_be32(p) << 32 | fdt_be32((const uint8_t *)p + 4);
}

struct fdt {
	const uint8_t *blob;
	uint32_t size; /* header totalsize */
	uint32_t off_struct, size_struct, off_strings, size_strings;
};

/*
 * 0 ok; -1 bad magic, version < 16, last_comp_version > 17, totalsize > max_size, blocks out of
 * range, or a malformed struct block. On failure *f is zeroed, so every accessor then fails.
 * The caller guarantees max_size readable bytes at blob.
 */
int fdt_init(struct fdt *f, const void *blob, uint32_t max_size);
/* Header totalsize, 0 if blob is NULL or has bad magic. Reads the first 8 bytes of blob. */
uint32_t fdt_total_size(const void *blob);

/* A node is the offset of its FDT_BEGIN_NODE token in the struct block; -1 = none. */
int fdt_root(const struct fdt *f);
int fdt_first_child(const struct fdt *f, int node);
int fdt_next_sibling(const struct fdt *f, int node);
/* Full name incl. unit address, "" for root, NULL if node is invalid. */
const char *fdt_node_name(const struct fdt *f, int node);
/* Matches the full name, or the name before '@' if the argument has no '@'; first match wins. */
int fdt_subnode(const struct fdt *f, int parent, const char *name);
/* Absolute paths only ("/", "/cpus", "/soc/serial@10000000"); no aliases. */
int fdt_path(const struct fdt *f, const char *path);
/* NULL if absent. A present empty property returns non-NULL with *len = 0. len may be NULL. */
const void *fdt_prop(const struct fdt *f, int node, const char *name, uint32_t *len);
/* Exactly one cell. */
bool fdt_prop_u32(const struct fdt *f, int node, const char *name, uint32_t *out);
/* Accepts 1 or 2 cells. */
bool fdt_prop_u64(const struct fdt *f, int node, const char *name, uint64_t *out);
/* First string of a NUL-terminated string property, NULL if absent or unterminated. */
const char *fdt_prop_str(const struct fdt *f, int node, const char *name);
/* compatible is a stringlist; exact match against any entry. */
bool fdt_is_compatible(const struct fdt *f, int node, const char *compat);
/* Depth-first pre-order: first compatible node strictly after `after` (negative = from start). */
int fdt_next_compatible(const struct fdt *f, int after, const char *compat);
/* -1 for root or an invalid node. */
int fdt_parent(const struct fdt *f, int node);
/*
 * reg entry `index`, decoded with the parent's #address-cells / #size-cells (defaults 2 and 1
 * per spec; address cells 1..2, size cells 0..2 accepted). false if absent/short/unsupported.
 * addr or size may be NULL.
 */
bool fdt_reg(const struct fdt *f, int node, int index, uint64_t *addr, uint64_t *size);
/* Memory reservation map entry `index`; false past the terminating zero entry or out of range. */
bool fdt_mem_rsv(const struct fdt *f, int index, uint64_t *addr, uint64_t *size);

/*
 * Writer. Layout: header, one zero reservation entry, struct block, strings block (property
 * names deduplicated). Strings grow down from the end of buf while building and are moved
 * behind the struct block by fdtw_finish, so the whole blob never needs more than cap bytes.
 * Errors (overflow, unbalanced nodes, a property after a subnode, a second root, a node name
 * that is empty below root or non-empty at root or contains '/', depth > FDT_MAX_DEPTH,
 * cap > INT32_MAX or < 60, any call after finish) are sticky.
 * Stringlists: fdtw_prop(w, "compatible", "a,b\0c", sizeof("a,b\0c")).
 */
struct fdtw {
	uint8_t *buf;
	uint32_t cap;
	uint32_t struct_len;
	uint32_t strings_len;
	int depth;
	bool error;
	bool have_root;  /* root node has been begun */
	bool child_seen; /* current node already has a subnode: no more properties */
	bool finished;
};

void fdtw_init(struct fdtw *w, void *buf, uint32_t cap);
void fdtw_begin_node(struct fdtw *w, const char *name);
void fdtw_end_node(struct fdtw *w);
void fdtw_prop(struct fdtw *w, const char *name, const void *data, uint32_t len);
void fdtw_prop_u32(struct fdtw *w, const char *name, uint32_t v);
void fdtw_prop_u64(struct fdtw *w, const char *name, uint64_t v); /* two cells */
/* Host-order cells in, big-endian out. */
void fdtw_prop_cells(struct fdtw *w, const char *name, const uint32_t *cells, uint32_t n);
void fdtw_prop_str(struct fdtw *w, const char *name, const char *s);
void fdtw_prop_empty(struct fdtw *w, const char *name);
/* Returns total size, or -1 on any error; the blob is then usable in place at buf. */
int fdtw_finish(struct fdtw *w, uint32_t boot_cpuid);

#endif
