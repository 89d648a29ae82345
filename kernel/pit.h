/*
 * The 8254 programmable interval timer as the PC wires it (Intel 8254 data
 * sheet; IBM PC/AT technical reference): a 1.193182 MHz input clock,
 * channel 0's output on ISA IRQ 0, channel 2's gate and output in port 0x61
 * (system control port B). pit.c is the only file that touches ports
 * 0x40-0x43 and the channel 2 bits of port 0x61.
 */
#ifndef PIT_H
#define PIT_H

#include <stdbool.h>
#include <stdint.h>

#define PIT_HZ 1193182ull
#define PIT_ISA_IRQ 0

/*
 * Channel 2 in mode 0, for TSC calibration (tsc.c): counting starts with
 * the count's last byte, and OUT2 rises at terminal count. The load is
 * split so that the caller can read the TSC just before that last byte.
 */
/* Speaker and gate off, mode 0 (lobyte/hibyte), the count's low byte. */
void pit_ch2_load_begin(uint16_t ticks);
/* The count's high byte, then the gate on. */
void pit_ch2_load_end(uint16_t ticks);
/* OUT2, as port 0x61 bit 5 shows it. */
bool pit_ch2_out(void);

/* What channel 0 was doing before a benchmark took it: its read-back
 * status byte (8254 data sheet, "Read-Back Command"). */
struct pit_ch0_saved {
	uint8_t status;
};

/* Latch and read channel 0's status; false when no 8254 answers: an absent
 * device reads 0xFF, i.e. BCD counting with a null count and OUT high,
 * which no firmware leaves behind. */
bool pit_ch0_save(struct pit_ch0_saved *s);
/* Channel 0 in mode 0 with one-byte counts: from now on each
 * pit_ch0_oneshot() is a single port write that loads a count, drops
 * OUT0 and lets it rise (IRQ 0) ticks PIT periods later. */
void pit_ch0_oneshot_mode(void);
void pit_ch0_oneshot(uint8_t ticks);
/* OUT0, from a read-back status: high once a count has expired. */
bool pit_ch0_out(void);
/* Channel 0 back in its saved mode. The reload value is write-only, so a
 * periodic mode (2 or 3) gets count 0 (65536, 18.2 Hz): what every PC BIOS
 * and QEMU's reset state program. Any other mode gets its control word
 * only, which leaves the channel waiting for a count. A channel found
 * never programmed (access field 0) gets lobyte/hibyte access. */
void pit_ch0_restore(const struct pit_ch0_saved *s);
/* The same mode, access and counting (OUT and null count aside; access
 * not compared when either side was never programmed). */
bool pit_ch0_same_mode(const struct pit_ch0_saved *a, const struct pit_ch0_saved *b);

#endif
