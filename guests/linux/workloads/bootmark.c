/*
 * bootmark: prints the time CSR, which counts from the machine's reset at the virt board's
 * 10 MHz timebase, natively and under shadowvisor alike. The benchmark takes it as the boot time
 * to /init; under QEMU -icount it is instruction-count time, so it repeats exactly.
 */
#include <stdint.h>
#include <stdio.h>

int main(void)
{
	uint64_t t;

	__asm__ volatile("rdtime %0" : "=r"(t));
	printf("bootmark time=%llu\n", (unsigned long long)t);
	return 0;
}
