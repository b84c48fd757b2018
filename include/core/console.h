/* A VM's console as the hypervisor keeps it: input waiting for the guest, output for the UART. */
#ifndef CORE_CONSOLE_H
#define CORE_CONSOLE_H

#include <stdbool.h>
#include <stdint.h>

#include "lib/ring.h"

#define VCONSOLE_LINE 160 /* a longer line is written in pieces */

/* Its pending input, its output not yet written, and whether the last line written is
 * unfinished. */
struct vm_console {
	struct ring in;
	char out[VCONSOLE_LINE];
	unsigned out_len;
	uint64_t out_since; /* when the oldest buffered byte came */
	bool mid_line;
};

#endif
