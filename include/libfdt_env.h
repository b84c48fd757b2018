/*
 * What libfdt needs from its surroundings, in place of its own libfdt_env.h: fixed-width types,
 * big-endian cells through lib/byteorder.h, and the string functions (lib/string.c in the
 * firmware, the C library's on the host).
 */
#ifndef LIBFDT_ENV_H
#define LIBFDT_ENV_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "lib/byteorder.h"

/* POSIX rather than C11, so the host's <string.h> hides it under -std=c11; lib/string.c has it. */
size_t strnlen(const char *s, size_t max);

#if __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "the conversions below swap: they assume a little-endian CPU"
#endif

typedef uint16_t fdt16_t;
typedef uint32_t fdt32_t;
typedef uint64_t fdt64_t;

static inline uint16_t fdt16_to_cpu(fdt16_t x)
{
	return swap16(x);
}

static inline fdt16_t cpu_to_fdt16(uint16_t x)
{
	return swap16(x);
}

static inline uint32_t fdt32_to_cpu(fdt32_t x)
{
	return swap32(x);
}

static inline fdt32_t cpu_to_fdt32(uint32_t x)
{
	return swap32(x);
}

static inline uint64_t fdt64_to_cpu(fdt64_t x)
{
	return swap64(x);
}

static inline fdt64_t cpu_to_fdt64(uint64_t x)
{
	return swap64(x);
}

#endif
