/*
 * 16550 UART driver, polled, 115200 8N1 (register layout: PC16550D data
 * sheet, section 8). Transmission waits for THRE with a bound, so a dead or
 * absent UART costs bytes, not a hung benchmark; the loss is counted. The
 * bound is long (a console may push back) and paid once per stall.
 */
#include "serial.h"

#include "bootdefs.h"
#include "tsc.h"
#include "x86.h"

enum uart_reg {
	UART_THR = 0,	/* transmit holding (DLAB=0) */
	UART_DLL = 0,	/* divisor latch low (DLAB=1) */
	UART_IER = 1,
	UART_DLM = 1,	/* divisor latch high (DLAB=1) */
	UART_IIR = 2,	/* read */
	UART_FCR = 2,	/* write */
	UART_LCR = 3,
	UART_MCR = 4,
	UART_LSR = 5,
	UART_SCR = 7,
};
#define UART_LCR_8N1 0x03
#define UART_LCR_DLAB 0x80
#define UART_FCR_ENABLE_CLEAR 0x07	/* enable FIFOs, clear RX and TX */
#define UART_MCR_DTR_RTS 0x03
#define UART_LSR_THRE 0x20
#define UART_LSR_TEMT 0x40	/* THR and transmit shift register both empty */
#define UART_IER_ETBEI 0x02	/* transmitter holding register empty interrupt */
/* The PC's UART clock; the line runs at clock / 16 / divisor bits per
 * second (PC16550D section 8.10, table III). */
#define UART_CLOCK_HZ 1843200
#define UART_DIVISOR_115200 1
/* Before the TSC is calibrated (and in serial_write_early): about 10 ms of
 * LSR reads on real hardware (~1 us per port read), far more than one
 * character's 87 us at 115200 baud. */
#define UART_THRE_SPINS 10000
/* After: how long a byte may wait for THRE. A real UART frees the register
 * within a character's time, but a console that pushes back holds it:
 * QEMU's serial port behind a pty a busy host reads late (LAVA lost 206
 * bytes under load with the 10,000-read bound, a few ms under TCG), a
 * BMC's serial-over-LAN. */
#define UART_THRE_WAIT_US 2000000

static uint16_t uart_port;
static bool uart_ok;
static uint16_t uart_divisor;
static uint64_t dropped;
/* A wait for THRE ran out: later bytes are dropped at once while THRE
 * stays clear, so a dead UART costs one wait, not one a byte. */
static bool stalled;
/* inject=uart_stall: bytes still sent normally, then bytes that find THRE
 * never set. */
static uint64_t stall_after, stall_bytes;

/* An absent UART reads back 0xFF from every register: the scratch register
 * tells, without needing loopback. */
static bool uart_present(uint16_t port)
{
	outb(port + UART_SCR, 0x5A);
	if (inb(port + UART_SCR) != 0x5A)
		return false;
	outb(port + UART_SCR, 0xA5);
	return inb(port + UART_SCR) == 0xA5;
}

/* The divisor latch is reached with LCR.DLAB set; the caller sets LCR
 * after. The value is kept: the line rate is the planner's budget. */
static void uart_set_divisor(uint16_t divisor)
{
	outb(uart_port + UART_LCR, UART_LCR_DLAB);
	outb(uart_port + UART_DLL, divisor & 0xFF);
	outb(uart_port + UART_DLM, divisor >> 8);
	uart_divisor = divisor;
}

bool serial_init(uint16_t port)
{
	uart_port = port;
	uart_ok = uart_present(port);
	if (!uart_ok)
		return false;
	outb(port + UART_IER, 0);
	uart_set_divisor(UART_DIVISOR_115200);
	outb(port + UART_LCR, UART_LCR_8N1);
	outb(port + UART_FCR, UART_FCR_ENABLE_CLEAR);
	outb(port + UART_MCR, UART_MCR_DTR_RTS);
	return true;
}

void serial_inject_stall(uint64_t after, uint64_t bytes)
{
	stall_after = after;
	stall_bytes = bytes;
}

/* True when this byte falls in the injected stall. */
static bool stall_byte(void)
{
	if (stall_after) {
		stall_after--;
		return false;
	}
	if (!stall_bytes)
		return false;
	stall_bytes--;
	return true;
}

/* Every LSR bit in bits is set at port, the bits in hide read as clear. */
static bool lsr_has(uint16_t port, uint8_t bits, uint8_t hide)
{
	return (inb(port + UART_LSR) & ~hide & bits) == bits;
}

/* Waits until lsr_has, up to deadline (a TSC value), or with deadline 0
 * for UART_THRE_SPINS reads, which needs neither .bss nor the TSC's rate. */
static bool lsr_wait(uint16_t port, uint8_t bits, uint8_t hide, uint64_t deadline)
{
	for (unsigned i = 0; deadline ? !tsc_passed(deadline) : i < UART_THRE_SPINS; i++) {
		if (lsr_has(port, bits, hide))
			return true;
		cpu_relax();
	}
	return false;
}

/* This UART's wait: UART_THRE_WAIT_US once the TSC's rate is known. */
static uint64_t wait_deadline(void)
{
	return tsc_info()->hz ? tsc_deadline_us(UART_THRE_WAIT_US) : 0;
}

/* LSR.THRE, hidden during an injected stall: the wait then times out
 * exactly as it would with a stuck transmitter. */
static void uart_putc(char c)
{
	uint8_t hide = stall_byte() ? UART_LSR_THRE : 0;
	bool ready = stalled ? lsr_has(uart_port, UART_LSR_THRE, hide) :
			       lsr_wait(uart_port, UART_LSR_THRE, hide, wait_deadline());

	stalled = !ready;
	if (ready)
		outb(uart_port + UART_THR, (uint8_t)c);
	else
		dropped++;
}

void serial_write(const char *s, size_t len)
{
	if (!uart_ok) {
		dropped += len;
		return;
	}
	for (size_t i = 0; i < len; i++) {
		if (s[i] == '\n')
			uart_putc('\r');
		uart_putc(s[i]);
	}
}

/* No state of this file is used: .bss may not be memory yet. The UART is
 * as firmware or the loader left it, as for boot/entry.S's messages. */
void serial_write_early(uint16_t port, const char *s)
{
	for (; *s; s++) {
		if (*s == '\n' && lsr_wait(port, UART_LSR_THRE, 0, 0))
			outb(port + UART_THR, '\r');
		if (lsr_wait(port, UART_LSR_THRE, 0, 0))
			outb(port + UART_THR, (uint8_t)*s);
	}
}

uint64_t serial_dropped(void)
{
	return dropped;
}

uint32_t serial_link_bps(void)
{
	return uart_ok ? UART_CLOCK_HZ / 16 / uart_divisor : 0;
}

uint16_t serial_port(void)
{
	return uart_port;
}

bool serial_present(void)
{
	return uart_ok;
}

int serial_isa_irq(void)
{
	switch (uart_port) {
	case COM1_PORT: case COM3_PORT: return 4;
	case COM2_PORT: case COM4_PORT: return 3;
	default: return -1;
	}
}

/* THRE alone would do for the interrupt; TEMT too means no character is
 * still leaving, so nothing changes the line state while it is measured. */
bool serial_txirq_prepare(void)
{
	return lsr_wait(uart_port, UART_LSR_THRE | UART_LSR_TEMT, 0, wait_deadline());
}

void serial_txirq_enable(void)
{
	outb(uart_port + UART_IER, UART_IER_ETBEI);
}

void serial_txirq_ack(void)
{
	inb(uart_port + UART_IIR);
}

void serial_txirq_disable(void)
{
	outb(uart_port + UART_IER, 0);
}
