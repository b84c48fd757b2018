/* Byte swapping in plain C: the firmware links without libgcc, whose bswap helpers are lp64d. */
#ifndef LIB_BYTEORDER_H
#define LIB_BYTEORDER_H

#include <stdint.h>

static inline uint16_t swap16(uint16_t v)
{
	return (uint16_t)((v >> 8) | (v << 8));
}

static inline uint32_t swap32(uint32_t v)
{
	return (v >> 24) | ((v >> 8) & 0xff00u) | ((v << 8) & 0xff0000u) | (v << 24);
}

static inline uint64_t swap64(uint64_t v)
{
	return ((uint64_t)swap32((uint32_t)v) << 32) | swap32((uint32_t)(v >> 32));
}

#endif
