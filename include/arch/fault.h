/* Memory access kinds and the exceptions that report them, one mapping for every user. */
#ifndef ARCH_FAULT_H
#define ARCH_FAULT_H

#include <stdint.h>

#include "arch/csr.h"

enum access { ACCESS_READ, ACCESS_WRITE, ACCESS_EXEC }; /* stores and AMOs are writes */

static inline uint64_t page_fault_cause(enum access a)
{
	return a == ACCESS_EXEC    ? EXC_INSN_PAGE_FAULT
	       : a == ACCESS_WRITE ? EXC_STORE_PAGE_FAULT
	                           : EXC_LOAD_PAGE_FAULT;
}

/* What a physical access outside RAM raises. */
static inline uint64_t access_fault_cause(enum access a)
{
	return a == ACCESS_EXEC    ? EXC_INSN_ACCESS
	       : a == ACCESS_WRITE ? EXC_STORE_ACCESS
	                           : EXC_LOAD_ACCESS;
}

/* The access a page fault or guest-page fault reports. */
static inline enum access fault_access(uint64_t cause)
{
	return cause == EXC_INSN_PAGE_FAULT || cause == EXC_INSN_GUEST_PAGE_FAULT   ? ACCESS_EXEC
	       : cause == EXC_LOAD_PAGE_FAULT || cause == EXC_LOAD_GUEST_PAGE_FAULT ? ACCESS_READ
	                                                                            : ACCESS_WRITE;
}

#endif
