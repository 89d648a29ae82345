#!/bin/sh
# Real-firmware behaviour (issue 9) under TCG: the SMI count read around
# every benchmark (smi.csv), per CPU, and why it is missing where the CPU
# has no MSR_SMI_COUNT; each CPU's topology and SMT siblings (cpus.csv);
# the TSC calibrated against the HPET on a machine without a PIT.
. "$(dirname "$0")/lib.inc"

# check_smi DIR BENCHES NCPUS: smi.csv has, per benchmark, one ok row per
# CPU with integer counts, after >= before and delta = after - before.
check_smi() {
	if [ ! -f "$1/smi.csv" ]; then
		problem "smi.csv missing"
		return
	fi
	_out=$(awk -F, -v benches="$2" -v ncpus="$3" "$AWK_COLS"'
	NR == 1 {
		if ($0 != "bench,cpu,status,before,after,delta,reason") print "smi.csv header is \"" $0 "\""
		columns()
		next
	}
	{
		rows[col("bench")]++
		if (col("status") != "ok") { print col("bench") " cpu " col("cpu") ": status " col("status") " (" col("reason") ")"; next }
		if (col("before") !~ /^[0-9]+$/ || col("after") !~ /^[0-9]+$/ || col("delta") !~ /^[0-9]+$/) { print "not integers: " $0; next }
		if (col("after") + 0 < col("before") + 0) print col("bench") " cpu " col("cpu") ": count went down, " col("before") " -> " col("after")
		if (col("delta") + 0 != col("after") - col("before")) print col("bench") " cpu " col("cpu") ": delta " col("delta") " is not " col("after") " - " col("before")
	}
	END {
		n = split(benches, b, " ")
		for (i = 1; i <= n; i++)
			if (rows[b[i]] != ncpus) print "bench " b[i] ": " rows[b[i]] + 0 " rows, expected " ncpus
	}' "$1/smi.csv")
	[ -z "$_out" ] || problem "$_out"
}

# QEMU emulates MSR_SMI_COUNT (SeaBIOS's own SMIs at boot show in it), but
# only a CPU that says GenuineIntel is asked.
begin_case smi_count_intel
run_tcg smi-intel --smp 2 --cpu qemu64,vendor=GenuineIntel --cmdline "bench=gates,timer samples=20 series_ms=100"
expect_ok "$DIR"
check_smi "$DIR" "gates timer" 2
awk -F, "$AWK_COLS"'FNR == 1 { columns(); next } col("cpu") == 0 && col("before") > 0 { f = 1 } END { exit !f }' "$DIR/smi.csv" 2>/dev/null ||
	problem "cpu 0 counts no SMI before the first benchmark, though SeaBIOS takes SMIs at boot"
sh scripts/irqbench-summary "$DIR" >"$T_OUT/smi-intel.summary" 2>&1
expect_grep "$T_OUT/smi-intel.summary" '^(smi: no SMI during bench ([a-z]+, )*gates(, [a-z]+)* \(CPUs 0,1|SMI: [0-9]+ SMIs? during bench gates \(CPU 0)' \
	"irqbench-summary has no SMI line for gates"
end_case

# inject=smi raises one SMI (APM port 0xB2) on CPU 0 between the counts
# of each benchmark: its delta must be exactly 1, CPU 1's 0, and the
# console, the summary and the report must flag both benchmarks.
begin_case smi_during_benchmark_flagged
T_REPORT=yes
run_tcg smi-inject --smp 2 --cpu qemu64,vendor=GenuineIntel \
	--cmdline "bench=gates,timer samples=20 series_ms=100 inject=smi"
T_REPORT=no
expect_ok "$DIR"
check_smi "$DIR" "gates timer" 2
_d=$(awk -F, "$AWK_COLS"'FNR == 1 { columns(); next } { printf "%s:%s:%s ", col("bench"), col("cpu"), col("delta") }' "$DIR/smi.csv" 2>/dev/null)
[ "$_d" = "timer:0:1 timer:1:0 gates:0:1 gates:1:0 " ] || problem "smi.csv deltas are '$_d'"
expect_grep "$DIR/serial.log" '^smi: 1 SMI on cpu 0 during bench timer: its tail figures may be inflated$' \
	"the console does not flag the SMI during timer"
sh scripts/irqbench-summary "$DIR" >"$T_OUT/smi-inject.summary" 2>&1
expect_grep "$T_OUT/smi-inject.summary" '^SMI: 1 SMI during bench gates \(CPU 0: 1\): its tail figures may be inflated$' \
	"irqbench-summary does not flag the SMI during gates"
grep -qF '<b>1 SMI during bench timer (CPU 0: 1)' "$DIR/report.html" 2>/dev/null ||
	problem "report.html does not flag the SMI during timer"
end_case

begin_case smi_count_not_intel
run_tcg smi-amd --smp 2 --cpu qemu64 --cmdline "bench=gates samples=20 series_ms=100"
expect_ok "$DIR"
expect_meta "$DIR" cpu_vendor AuthenticAMD
[ "$(sed -n 2p "$DIR/smi.csv" 2>/dev/null)" = "gates,,skipped,,,,not an Intel CPU (vendor AuthenticAMD)" ] ||
	problem "smi.csv does not say why no SMI was counted: $(sed -n 2p "$DIR/smi.csv" 2>/dev/null)"
end_case

# The #GP fixup behind rdmsr_safe: TCG returns 0 for an unknown MSR, KVM
# raises #GP, so the path is checked where a KVM exists.
if [ -r /dev/kvm ] && [ -w /dev/kvm ]; then
	begin_case rdmsr_safe_gp_kvm
	DIR=$T_OUT/kvm-rdmsr
	irqbench kvm-rdmsr run --accel kvm --timeout 300 --out "$DIR" --cmdline "selftest=exceptions bench=none"
	expect_ok "$DIR"
	expect_grep "$DIR/selftest.csv" '^rdmsr_gp,13,#GP,,,0,,ok,RDMSR 0x2fff raised #GP and rdmsr_safe returned -1$' \
		"selftest.csv: $(grep rdmsr_gp "$DIR/selftest.csv" 2>/dev/null)"
	end_case
else
	echo "SKIP: rdmsr_safe_gp_kvm: /dev/kvm is not usable here; the #GP fixup was not exercised"
fi

# topo DIR: "cpu:package/die/core/smt:siblings:source" per cpus.csv row.
topo() {
	awk -F, "$AWK_COLS"'FNR == 1 { columns(); next }
	{ print col("cpu") ":" col("package_id") "/" col("die_id") "/" col("core_id") "/" col("smt_id") ":" \
		col("smt_siblings") ":" col("topology_source") }' "$1/cpus.csv" 2>/dev/null | tr '\n' ' '
}

# QEMU numbers APIC IDs thread first: 2 threads a core make 0,1 and 2,3
# siblings. Each CPU decodes its own CPUID leaf 0xB.
begin_case topology_smt_siblings
run_tcg smt --smp 4 --qemu-arg -smp --qemu-arg 4,sockets=1,cores=2,threads=2 --cmdline bench=none
expect_ok "$DIR"
_t=$(topo "$DIR")
[ "$_t" = "0:0/0/0/0:1:cpuid_0bh 1:0/0/0/1:0:cpuid_0bh 2:0/0/1/0:3:cpuid_0bh 3:0/0/1/1:2:cpuid_0bh " ] ||
	problem "cpus.csv topology is '$_t'"
end_case

begin_case topology_no_smt
run_tcg nosmt --smp 2 --cmdline bench=none
expect_ok "$DIR"
_t=$(topo "$DIR")
[ "$_t" = "0:0/0/0/0::cpuid_0bh 1:0/0/1/0::cpuid_0bh " ] || problem "cpus.csv topology is '$_t'"
end_case

# Two dies: QEMU offers leaf 0x1F (to an Intel CPU model), and the same
# core number on two dies is two cores.
begin_case topology_leaf_1f_dies
run_tcg dies --smp 8 --cpu qemu64,vendor=GenuineIntel \
	--qemu-arg -smp --qemu-arg 8,sockets=1,dies=2,cores=2,threads=2 --cmdline bench=none
expect_ok "$DIR"
_t=$(topo "$DIR")
_want="0:0/0/0/0:1:cpuid_1fh 1:0/0/0/1:0:cpuid_1fh 2:0/0/1/0:3:cpuid_1fh 3:0/0/1/1:2:cpuid_1fh"
_want="$_want 4:0/1/0/0:5:cpuid_1fh 5:0/1/0/1:4:cpuid_1fh 6:0/1/1/0:7:cpuid_1fh 7:0/1/1/1:6:cpuid_1fh "
[ "$_t" = "$_want" ] || problem "cpus.csv topology is '$_t'"
end_case

# No PIT, an HPET (q35 has one): the HPET calibrates the TSC, not the PM
# timer; the 8259s are still there (QEMU's MADT sets PCAT_COMPAT).
begin_case tsc_from_hpet_without_pit
run_tcg hpet --smp 2 --machine q35 --qemu-arg -machine --qemu-arg q35,pit=off --cmdline bench=none
expect_ok "$DIR"
expect_meta "$DIR" tsc_source hpet
within_1_percent "$DIR"
expect_meta "$DIR" pic "remapped to 0x20-0x2f and every line masked"
grep -q '^master,0x20,0xff,.*,masked$' "$DIR/pic.csv" 2>/dev/null || problem "pic.csv: $(sed -n 2p "$DIR/pic.csv" 2>/dev/null)"
end_case

# microvm,pic=off: no 8259 answers, so its ports are left alone and the
# console says so. Neither has microvm a PIT, an HPET (QEMU 7.2) or a PM
# timer (hardware-reduced ACPI), and TCG offers no CPUID 0x15 or hypervisor
# leaf: the run must then stop, naming every source it tried. Its two I/O
# APICs (GSIs 0-23 and 24-47) are taken before that: any overlap or a
# failure to size them would stop the run first, with an ioapic: line.
begin_case microvm_no_pic_no_timer
run_tcg microvm --smp 2 --qemu-arg -machine --qemu-arg microvm,pic=off,pit=off --cmdline bench=none
expect_failed "$DIR"
expect_meta "$DIR" qemu_exit_status 7
expect_grep "$DIR/serial.log" '^pic: not programmed: no 8259 answers: its mask register reads 0xff after 0xfb was written$' \
	"serial.log does not say the 8259 was left alone"
expect_grep "$DIR/serial.log" '^platform: ACPI, 2 CPUs, 2 I/O APICs' "serial.log does not count two I/O APICs"
grep -q '^ioapic:' "$DIR/serial.log" && problem "serial.log: $(grep '^ioapic:' "$DIR/serial.log")"
expect_grep "$DIR/serial.log" 'tsc: no CPUID 0x15 crystal, no hypervisor timing leaf, the PIT never counted down and there is neither a working HPET nor a working ACPI PM timer' \
	"serial.log does not name every TSC source tried"
end_case

finish
