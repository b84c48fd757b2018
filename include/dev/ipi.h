/* Machine software interrupts between harts, through the CLINT's msip (dev/clint.c). */
#ifndef DEV_IPI_H
#define DEV_IPI_H

/* Raises mip.MSIP on the hart: it takes the interrupt, or wakes from wfi with it pending. */
void ipi_send(unsigned hartid);
/* Lowers this hart's own mip.MSIP: the hart then looks at what was asked of it. */
void ipi_clear(unsigned hartid);

#endif
