/* A byte ring: a console's input, filled by one side and drained by the other. */
#ifndef LIB_RING_H
#define LIB_RING_H

#include <stdbool.h>

#define RING_SIZE 256

struct ring {
	char buf[RING_SIZE];
	unsigned head, tail; /* free-running; head - tail bytes are waiting */
};

/* false when the ring is full: the byte is dropped, as a UART's FIFO would. */
static inline bool ring_put(struct ring *r, char c)
{
	if (r->head - r->tail >= RING_SIZE)
		return false;
	r->buf[r->head++ % RING_SIZE] = c;
	return true;
}

/* The next byte, or -1. */
static inline int ring_get(struct ring *r)
{
	if (r->head == r->tail)
		return -1;
	return (unsigned char)r->buf[r->tail++ % RING_SIZE];
}

#endif
