/* The legacy 8259A PIC pair: remapped, masked, spurious IRQs counted. */
#ifndef PIC_H
#define PIC_H

#include <stdint.h>

#define PIC_VECTOR_BASE 0x20	/* IRQ0-15 -> vectors 0x20-0x2F */

void pic_init(void);
/* IMR, IRR and ISR of both chips, master in the low byte. */
uint16_t pic_read_imr(void);
uint16_t pic_read_irr(void);
uint16_t pic_read_isr(void);
void pic_emit_table(void);

#endif
