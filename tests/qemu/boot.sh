#!/bin/sh
# Boot paths under TCG: QEMU -kernel (Multiboot1) on pc and q35, the GRUB ISO
# with SeaBIOS and with OVMF (Multiboot2). Checks the results folder: meta.csv
# (kernel and host keys), idt.csv (cpu 0: 256 gates as the kernel must set
# them) and, through GRUB, that a non-default command line reaches the kernel.
. "$(dirname "$0")/lib.inc"

KERNEL_KEYS="irqbench_version boot_protocol boot_loader kernel_cmdline cpu_vendor hypervisor apic_mode"

# -kernel on pc: default CPU and SMP.
begin_case boot_kernel_pc
run_tcg kernel-pc --boot kernel --machine pc --bench none
expect_ok "$DIR"
# shellcheck disable=SC2086
expect_meta_keys "$DIR" $KERNEL_KEYS
expect_meta "$DIR" boot_protocol multiboot1
expect_meta "$DIR" accel tcg
expect_meta "$DIR" accel_reason "requested with --accel tcg"
expect_meta "$DIR" qemu_machine pc
expect_meta "$DIR" qemu_cpu qemu64
expect_meta "$DIR" qemu_smp 1
expect_meta "$DIR" qemu_icount off
expect_meta "$DIR" boot_path kernel
expect_meta "$DIR" hypervisor TCGTCGTCGTCG
meta "$DIR" run_id | grep -Eq '^[0-9]{8}-[0-9]{6}-tcg-smp1$' ||
	problem "run_id '$(meta "$DIR" run_id)' is not YYYYmmdd-HHMMSS-tcg-smp1"
meta "$DIR" date | grep -Eq '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$' ||
	problem "date '$(meta "$DIR" date)' is not ISO 8601 UTC"
grep -q -- '-machine pc .*-kernel [^ ]*/irqbench.elf -append bench=none ' "$DIR/qemu.cmd" ||
	problem "qemu.cmd: $(cat "$DIR/qemu.cmd")"
grep -q -- '-bios' "$DIR/qemu.cmd" && problem "qemu.cmd has -bios under TCG -kernel"
check_idt "$DIR" 0
expect_grep "$T_OUT/kernel-pc.out" '^irqbench: booting kernel .*machine pc, accel tcg, smp 1, cpu qemu64' \
	"console has no 'booting' line naming boot path, machine, accel, smp and cpu"
expect_grep "$T_OUT/kernel-pc.out" '^irqbench: completed($|; )' "console does not show 'irqbench: completed'"
end_case

# -kernel on q35 with 2 CPUs and a CPU model holding commas (CSV-quoted).
begin_case boot_kernel_q35_smp2
run_tcg kernel-q35 --boot kernel --machine q35 --smp 2 --cpu qemu64,+ssse3 --bench none
expect_ok "$DIR"
# shellcheck disable=SC2086
expect_meta_keys "$DIR" $KERNEL_KEYS
expect_meta "$DIR" boot_protocol multiboot1
expect_meta "$DIR" qemu_machine q35
expect_meta "$DIR" qemu_cpu '"qemu64,+ssse3"'
expect_meta "$DIR" qemu_smp 2
meta "$DIR" run_id | grep -Eq '^[0-9]{8}-[0-9]{6}-tcg-smp2$' ||
	problem "run_id '$(meta "$DIR" run_id)' is not YYYYmmdd-HHMMSS-tcg-smp2"
grep -q -- '-machine q35 -cpu qemu64,+ssse3 -smp 2 ' "$DIR/qemu.cmd" ||
	problem "qemu.cmd: $(cat "$DIR/qemu.cmd")"
check_idt "$DIR" 0
end_case

# GRUB ISO, SeaBIOS: a non-default command line goes through grub.cfg.
begin_case boot_iso_seabios
run_tcg iso --boot iso --cmdline "selftest=exceptions" --bench none
expect_ok "$DIR"
expect_meta "$DIR" boot_protocol multiboot2
expect_meta "$DIR" boot_path iso
meta "$DIR" kernel_cmdline | grep -q 'selftest=exceptions bench=none' ||
	problem "kernel_cmdline is '$(meta "$DIR" kernel_cmdline)', expected to hold 'selftest=exceptions bench=none'"
grep -q 'multiboot2 /boot/irqbench.elf selftest=exceptions bench=none' "$DIR/grub.cfg" 2>/dev/null ||
	problem "grub.cfg missing or without the command line"
grep -q -- '-cdrom ' "$DIR/qemu.cmd" || problem "qemu.cmd has no -cdrom"
grep -q -- '-bios' "$DIR/qemu.cmd" && problem "qemu.cmd has -bios (expected SeaBIOS)"
check_selftest "$DIR"
check_idt "$DIR" 0
end_case

# GRUB ISO, OVMF (UEFI).
begin_case boot_uefi_ovmf
run_tcg uefi --boot uefi --cmdline "selftest=exceptions" --bench none
expect_ok "$DIR"
expect_meta "$DIR" boot_protocol multiboot2
expect_meta "$DIR" boot_path uefi
meta "$DIR" kernel_cmdline | grep -q 'selftest=exceptions bench=none' ||
	problem "kernel_cmdline is '$(meta "$DIR" kernel_cmdline)', expected to hold 'selftest=exceptions bench=none'"
grep -Eq -- 'OVMF' "$DIR/qemu.cmd" || problem "qemu.cmd does not use OVMF: $(cat "$DIR/qemu.cmd")"
# OVMF keeps ACPI NVS pages at 8 MiB, under the kernel's .bss: said.
expect_grep "$DIR/serial.log" '^mem: the kernel.s image and \.bss \(0x100000-0x[0-9a-f]+, where the loader put them\) overlap [0-9]+ ranges? the memory map gives the firmware \(ACPI NVS or reclaimable\), 0x[0-9a-f]+-0x[0-9a-f]+: cleared at boot$' \
	"serial.log does not name the firmware memory under the kernel's .bss"
check_selftest "$DIR"
check_idt "$DIR" 0
end_case

# From the ISO to results on the three firmware set-ups a stick meets:
# SeaBIOS on pc and on q35, OVMF on q35; two CPUs and a short IPI run, so
# the benchmark frames, not just the boot, come through each path.
for fw in iso:pc iso:q35 uefi:q35; do
	boot=${fw%:*} machine=${fw#*:}
	begin_case "boot_${boot}_${machine}_to_results"
	run_tcg "results-$boot-$machine" --boot "$boot" --machine "$machine" --smp 2 --bench ipi \
		--cmdline "samples=20 warmup=2"
	expect_ok "$DIR"
	expect_meta "$DIR" boot_protocol multiboot2
	expect_meta "$DIR" qemu_machine "$machine"
	_ok=$(awk -F, "$AWK_COLS"'FNR == 1 { columns(); next } col("bench") == "ipi" && col("status") == "ok"' "$DIR/summary.csv" 2>/dev/null | wc -l)
	[ "$_ok" -ge 4 ] || problem "summary.csv has $_ok ipi rows ok, expected the pair variants"
	[ -s "$DIR/ipi.csv" ] || problem "ipi.csv missing"
	end_case
done

# A CPU without a local APIC (QEMU -cpu qemu64,-apic): refused by name
# (exit code 3) before anything maps or touches the LAPIC, not an
# assertion in paging.c.
begin_case boot_no_apic
run_tcg no-apic --boot kernel --smp 1 --cpu qemu64,-apic --bench none
expect_failed "$DIR"
expect_meta "$DIR" qemu_exit_status 7
expect_grep "$DIR/serial.log" '^irqbench: FAILED \(exit code 3, boot or hardware setup failed\): lapic: this CPU has no local APIC .*CPUID\.01H:EDX\.APIC\[bit 9\] is 0' \
	"serial.log does not refuse the CPU by CPUID.01H:EDX.APIC[bit 9] with exit code 3"
text "$DIR/serial.log" | grep -q 'assertion failed' && problem "an assertion failed instead"
end_case

finish
