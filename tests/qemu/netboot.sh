#!/bin/sh
# Network boot paths (docs/bare-metal.md), through QEMU's user network and
# its TFTP server: an iPXE script loading the ELF (Multiboot1, the path a lab's
# iPXE menu takes), GRUB's BIOS netboot image and GRUB's UEFI netboot image
# under OVMF (Multiboot2). Each must reach the kernel with its command line,
# start both CPUs and complete.
. "$(dirname "$0")/lib.inc"

# check_netboot DIR PROTOCOL LOADER_PREFIX BOOT_PATH
check_netboot() {
	expect_ok "$1"
	expect_meta "$1" boot_protocol "$2"
	meta "$1" boot_loader | grep -q "^$3" ||
		problem "boot_loader is '$(meta "$1" boot_loader)', expected '$3...'"
	expect_meta "$1" boot_path "$4"
	meta "$1" kernel_cmdline | grep -q 'selftest=exceptions bench=none' ||
		problem "kernel_cmdline is '$(meta "$1" kernel_cmdline)', expected to hold 'selftest=exceptions bench=none'"
	grep -q -- '-boot n' "$1/qemu.cmd" || problem "qemu.cmd has no -boot n: $(cat "$1/qemu.cmd")"
	[ -e "$1/tftp" ] && problem "the TFTP root was left in the results folder"
	_online=$(awk -F, "$AWK_COLS"'FNR == 1 { columns(); next } col("online") == 1 { n++ } END { print n + 0 }' "$1/cpus.csv" 2>/dev/null)
	[ "$_online" = 2 ] || problem "cpus.csv shows $_online CPUs online, expected 2"
	check_selftest "$1"
}

begin_case netboot_ipxe_multiboot1
run_tcg ipxe --boot ipxe --smp 2 --cmdline "selftest=exceptions" --bench none
check_netboot "$DIR" multiboot1 iPXE ipxe
grep -q '^kernel boot/irqbench.elf selftest=exceptions bench=none$' "$DIR/irqbench.ipxe" 2>/dev/null ||
	problem "irqbench.ipxe missing or without the command line"
end_case

begin_case netboot_grub_bios
run_tcg grub-net --boot grub-net --smp 2 --cmdline "selftest=exceptions" --bench none
check_netboot "$DIR" multiboot2 GRUB grub-net
grep -q 'multiboot2 /boot/irqbench.elf selftest=exceptions bench=none' "$DIR/grub.cfg" 2>/dev/null ||
	problem "grub.cfg missing or without the command line"
end_case

begin_case netboot_grub_uefi
run_tcg grub-net-uefi --boot grub-net-uefi --smp 2 --cmdline "selftest=exceptions" --bench none
check_netboot "$DIR" multiboot2 GRUB grub-net-uefi
grep -Eq -- 'OVMF' "$DIR/qemu.cmd" || problem "qemu.cmd does not use OVMF: $(cat "$DIR/qemu.cmd")"
end_case

finish
