/* Small helpers shared by the hypervisor, host tools and tests. */
#ifndef LIB_UTIL_H
#define LIB_UTIL_H

#include <stddef.h>
#include <stdint.h>

#define ARRAY_SIZE(a)                   (sizeof(a) / sizeof((a)[0]))
#define MIN(a, b)                       ((a) < (b) ? (a) : (b))
#define MAX(a, b)                       ((a) > (b) ? (a) : (b))
#define container_of(ptr, type, member) ((type *)((char *)(ptr)-offsetof(type, member)))

#define KiB        (1024ull)
#define MiB        (1024ull * KiB)
#define GiB        (1024ull * MiB)
#define PAGE_SIZE  4096ull
#define PAGE_SHIFT 12

static inline uint64_t align_up(uint64_t v, uint64_t a)
{
	return (v + a - 1) & ~(a - 1);
}

static inline uint64_t align_down(uint64_t v, uint64_t a)
{
	return v & ~(a - 1);
}

static inline int is_aligned(uint64_t v, uint64_t a)
{
	return (v & (a - 1)) == 0;
}

#endif
