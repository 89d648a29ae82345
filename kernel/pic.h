/* The legacy 8259A PIC pair: remapped, masked, spurious IRQs counted;
 * left alone where there is none. */
#ifndef PIC_H
#define PIC_H

#include <stdint.h>

#include "platform.h"

#define PIC_VECTOR_BASE 0x20	/* IRQ0-15 -> vectors 0x20-0x2F */

/* Remap and mask both 8259s, unless the MADT says there are none or they
 * do not answer (then their ports are left alone, and pic_state says why). */
void pic_init(const struct platform *p);
/* What pic_init did, one line, for meta.csv. */
const char *pic_state(void);
/* IMR, IRR and ISR of both chips, master in the low byte. */
uint16_t pic_read_imr(void);
uint16_t pic_read_irr(void);
uint16_t pic_read_isr(void);
void pic_emit_table(void);

#endif
