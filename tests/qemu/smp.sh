#!/bin/sh
# Every CPU online with its own tables (issue "SMP platform"), under TCG:
# several -smp counts on pc and q35 and a sockets/cores/threads topology.
# Each CPU must report (SIDT, SGDT, STR, LAPIC ID, read on that CPU) the
# tables the BSP built for it; IDT/GDT/TSS bases must all differ;
# cpu_tables.csv must have a row per CPU whose counts of differing IDT gates
# and APIC registers match its rows in idt.csv and apic.csv, and each CPU's
# IDT rebuilt from CPU 0's and its differences must be whole. Also: the
# machine description at 32 CPUs fits in 32 KB of serial with one smp line,
# the TSC frequency against the host's own TSC, and the LAPIC modes (x2APIC
# where the platform has it).
. "$(dirname "$0")/lib.inc"

# check_cpus DIR N: N CPUs expected and online, each with distinct tables
# that the CPU itself reported back.
check_cpus() {
	expect_meta "$1" cpus_expected "$2"
	expect_meta "$1" cpus_online "$2"
	_out=$(awk -F, -v n="$2" "$AWK_COLS"'
	NR == 1 { columns(); next }
	{
		rows++
		if (col("online") != 1) print "cpu " col("cpu") " not online"
		if (col("seen_idt_base") != col("idt_base")) print "cpu " col("cpu") ": SIDT " col("seen_idt_base") " but its IDT is at " col("idt_base")
		if (col("seen_gdt_base") != col("gdt_base")) print "cpu " col("cpu") ": SGDT " col("seen_gdt_base") " but its GDT is at " col("gdt_base")
		if (col("seen_tr") != "0x30") print "cpu " col("cpu") ": TR " col("seen_tr")
		if (col("seen_apic_id") != col("apic_id")) print "cpu " col("cpu") ": LAPIC says APIC ID " col("seen_apic_id") ", firmware " col("apic_id")
		split("idt_base gdt_base tss_base", bases, " ")
		for (i = 1; i <= 3; i++) {
			if (col(bases[i]) in seen) print "cpu " col("cpu") ": " bases[i] " " col(bases[i]) " shared"
			seen[col(bases[i])] = 1
		}
		if (col("timing_overhead_min_cycles") !~ /^[0-9]+$/ || col("timing_overhead_min_cycles") + 0 <= 0) print "cpu " col("cpu") ": timing overhead " col("timing_overhead_min_cycles")
	}
	END { if (rows != n) print rows + 0 " rows in cpus.csv, expected " n }' "$1/cpus.csv" 2>&1)
	[ -z "$_out" ] || problem "$_out"
	check_cpu_tables "$1" "$2"
	_c=0
	while [ "$_c" -lt "$2" ]; do
		check_idt "$1" "$_c"
		_c=$((_c + 1))
	done
}

for m in pc q35; do
	for n in 1 2 3 4 8; do
		[ "$m" = q35 ] && [ "$n" != 2 ] && [ "$n" != 4 ] && continue
		begin_case "smp${n}_$m"
		run_tcg "smp$n-$m" --machine "$m" --smp "$n" --cmdline bench=none
		expect_ok "$DIR"
		check_cpus "$DIR" "$n"
		end_case
	done
done

# bench=none at 32 CPUs: the serial port carries at most 32 KB (at 115200
# baud, 3 s), so per-CPU tables are differences and the start-up one line.
begin_case describe_smp32_q35_within_32k
run_tcg smp32-q35 --machine q35 --smp 32 --cmdline bench=none
expect_ok "$DIR"
check_cpus "$DIR" 32
_bytes=$(wc -c <"$DIR/serial.log")
[ "$_bytes" -le 32768 ] || problem "serial.log is $_bytes bytes at 32 CPUs, more than 32768"
_smp=$(text "$DIR/serial.log" | grep -c '^smp: ')
[ "$_smp" = 1 ] || problem "$_smp smp: lines in serial.log, expected 1"
expect_grep "$DIR/serial.log" '^smp: 32 of 32 CPUs online; 31 of 31 APs started in [0-9]+\.[0-9] ms, STARTUP IPIs: 1 x[0-9]+, 2 x[0-9]+' \
	"serial.log has no smp: summary line for 32 CPUs"
echo "    note: bench=none at 32 CPUs: $_bytes bytes of serial"
end_case

begin_case smp8_sockets2_cores2_threads2
run_tcg topo --smp 8 --qemu-arg -smp --qemu-arg 8,sockets=2,cores=2,threads=2 --cmdline bench=none
expect_ok "$DIR"
check_cpus "$DIR" 8
end_case

# QEMU under TCG follows the host's TSC; measure the host's against
# CLOCK_MONOTONIC_RAW with a tiny program and compare.
begin_case tsc_frequency_within_1_percent
within_1_percent "$T_OUT/smp2-pc"
end_case

# A machine without a PIT and without an HPET: the ACPI PM timer must take
# over, as accurately (with an HPET, tests/qemu/firmware.sh).
begin_case tsc_frequency_without_pit
run_tcg nopit --smp 2 --qemu-arg -machine --qemu-arg pc,pit=off,hpet=off --cmdline bench=none
expect_ok "$DIR"
expect_meta "$DIR" tsc_source acpi_pm_timer
within_1_percent "$DIR"
end_case

begin_case apic_xapic_forced
run_tcg xapic --smp 2 --cpu qemu64,-x2apic --cmdline "bench=none apic=xapic"
expect_ok "$DIR"
expect_meta "$DIR" apic_mode xapic
end_case

# QEMU 7.2's TCG has no x2APIC (10.0 has): there, apic=x2apic must fail
# clearly; where TCG offers it, the x2APIC path must run.
begin_case apic_x2apic_tcg
run_tcg x2apic --smp 2 --cpu qemu64,+x2apic --cmdline "bench=none apic=x2apic"
if [ "$(meta "$DIR" cpuid_x2apic)" = 1 ]; then
	expect_ok "$DIR"
	expect_meta "$DIR" apic_mode x2apic
	check_cpus "$DIR" 2
else
	expect_failed "$DIR"
	expect_meta "$DIR" qemu_exit_status 7
	expect_grep "$DIR/serial.log" "apic=x2apic impossible: CPUID.1:ECX.x2APIC\[bit 21\] is 0" \
		"serial.log does not say why x2APIC is impossible"
	echo "    note: this QEMU's TCG has no x2APIC, so the x2APIC path was checked only for its clear refusal"
fi
end_case

# The x2APIC path itself, where a KVM exists (not on every CI machine).
if [ -r /dev/kvm ] && [ -w /dev/kvm ]; then
	begin_case apic_x2apic_kvm
	DIR=$T_OUT/kvm-x2apic
	irqbench kvm-x2apic run --accel kvm --timeout 300 --smp 2 --out "$DIR" --cmdline "bench=none apic=x2apic"
	expect_ok "$DIR"
	expect_meta "$DIR" apic_mode x2apic
	check_cpus "$DIR" 2
	end_case
else
	echo "SKIP: apic_x2apic_kvm: /dev/kvm is not usable here; the x2APIC path under KVM was not run"
fi

finish
