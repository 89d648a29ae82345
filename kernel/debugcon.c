/*
 * QEMU isa-debugcon (hw/char/debugcon.c; QEMU's -device isa-debugcon,
 * properties iobase and readback, both 0xe9 by default): every byte written
 * to the port goes to a host chardev, and a read returns the readback value,
 * which is how the kernel tells the device is there (an unclaimed port
 * reads 0xff). Under a hypervisor, each UART byte costs an I/O exit
 * (under KVM, an LSR read and a THR write: two exits a byte); one `rep
 * outsb` of a whole queue costs one exit per page of data (KVM_EXIT_IO
 * carries a count of items in its shared data page: Linux
 * Documentation/virt/kvm/api.rst, "KVM_EXIT_IO"). So output is queued
 * here and sent in bursts of at most a page.
 */
#include "debugcon.h"

#include "cpuinfo.h"
#include "fmt.h"
#include "kstring.h"
#include "x86.h"

/* isa-debugcon's default readback value. */
#define DEBUGCON_READBACK 0xE9
/* One page: KVM's string I/O data area, so one exit a burst. */
#define DEBUGCON_BURST 4096

static uint16_t dc_port;
static char queue[DEBUGCON_BURST];
static size_t queued;
static char desc[24] = "off";

bool debugcon_probe(uint16_t port)
{
	struct cpuinfo ci;

	if (!port)
		return false;
	cpuinfo_read(&ci);
	if (!ci.hypervisor_present) {
		ksnprintf(desc, sizeof(desc), "no hypervisor");
		return false;
	}
	if (inb(port) != DEBUGCON_READBACK) {
		ksnprintf(desc, sizeof(desc), "absent at 0x%x", port);
		return false;
	}
	ksnprintf(desc, sizeof(desc), "0x%x", port);
	dc_port = port;
	return true;
}

void debugcon_flush(void)
{
	if (queued)
		outsb(dc_port, queue, queued);
	queued = 0;
}

void debugcon_write(const char *s, size_t len)
{
	while (len) {
		size_t n = len < DEBUGCON_BURST - queued ? len : DEBUGCON_BURST - queued;

		memcpy(queue + queued, s, n);
		queued += n;
		s += n;
		len -= n;
		if (queued == DEBUGCON_BURST)
			debugcon_flush();
	}
}

const char *debugcon_describe(void)
{
	return desc;
}
