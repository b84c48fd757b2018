/*
 * Forced into the build of Linux 6.1's userfaultfd selftest. Its feature probe asks UFFDIO_API
 * for every feature the headers name (UFFD_API_FEATURES); a kernel without one of them (riscv
 * has no userfaultfd write protection) refuses the whole request with EINVAL, so the test cannot
 * run at all. Asking for none makes the kernel answer with every feature it has, which is what
 * the probe wants to know (later kernels' userfaultfd tests probe this way).
 */
#include <linux/userfaultfd.h>

#undef UFFD_API_FEATURES
#define UFFD_API_FEATURES 0
