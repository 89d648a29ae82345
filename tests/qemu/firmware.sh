#!/bin/sh
# Real-firmware behaviour (issue 9) under TCG: the SMI count read around
# every benchmark (smi.csv), per CPU, and why it is missing where the CPU
# has no MSR_SMI_COUNT; each CPU's topology and SMT siblings (cpus.csv).
. "$(dirname "$0")/lib.inc"

# check_smi DIR BENCHES NCPUS: smi.csv has, per benchmark, one ok row per
# CPU with integer counts, after >= before and delta = after - before.
check_smi() {
	if [ ! -f "$1/smi.csv" ]; then
		problem "smi.csv missing"
		return
	fi
	_out=$(awk -F, -v benches="$2" -v ncpus="$3" '
	NR == 1 {
		if ($0 != "bench,cpu,status,before,after,delta,reason") print "smi.csv header is \"" $0 "\""
		next
	}
	{
		rows[$1]++
		if ($3 != "ok") { print $1 " cpu " $2 ": status " $3 " (" $7 ")"; next }
		if ($4 !~ /^[0-9]+$/ || $5 !~ /^[0-9]+$/ || $6 !~ /^[0-9]+$/) { print "not integers: " $0; next }
		if ($5 + 0 < $4 + 0) print $1 " cpu " $2 ": count went down, " $4 " -> " $5
		if ($6 + 0 != $5 - $4) print $1 " cpu " $2 ": delta " $6 " is not " $5 " - " $4
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
awk -F, 'NR > 1 && $2 == 0 && $4 > 0 { f = 1 } END { exit !f }' "$DIR/smi.csv" 2>/dev/null ||
	problem "cpu 0 counts no SMI before the first benchmark, though SeaBIOS takes SMIs at boot"
sh scripts/irqbench-summary "$DIR" >"$T_OUT/smi-intel.summary" 2>&1
expect_grep "$T_OUT/smi-intel.summary" '^(smi: no SMI|SMI: [0-9]+ SMIs?) during bench gates \(CPUs 0,1' \
	"irqbench-summary has no SMI line for gates"
end_case

begin_case smi_count_not_intel
run_tcg smi-amd --smp 2 --cpu qemu64 --cmdline "bench=gates samples=20 series_ms=100"
expect_ok "$DIR"
expect_meta "$DIR" cpu_vendor AuthenticAMD
[ "$(sed -n 2p "$DIR/smi.csv" 2>/dev/null)" = "gates,,skipped,,,,not an Intel CPU (vendor AuthenticAMD)" ] ||
	problem "smi.csv does not say why no SMI was counted: $(sed -n 2p "$DIR/smi.csv" 2>/dev/null)"
end_case

# topo DIR: "cpu:package/die/core/smt:siblings:source" per cpus.csv row.
topo() {
	awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
	{ print $1 ":" $c["package_id"] "/" $c["die_id"] "/" $c["core_id"] "/" $c["smt_id"] ":" \
		$c["smt_siblings"] ":" $c["topology_source"] }' "$1/cpus.csv" 2>/dev/null | tr '\n' ' '
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

finish
