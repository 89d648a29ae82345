#!/bin/sh
# The x2APIC paths under TCG (issue 16): QEMU 7.2, the system's, has no
# x2APIC under TCG; QEMU 10.0 from bookworm-backports, unpacked into
# $IRQBENCH_BUILD/qemu10 by scripts/qemu-backports (make test fetches it),
# has. Under QEMU 10 with -cpu qemu64,+x2apic: the kernel picks x2APIC,
# measures the SELF IPI register and sends every IPI through the x2APIC ICR
# (one MSR write), honours apic=x2apic and apic=xapic, and --apic both
# merges both modes' rows. Under the system's QEMU the same CPU request
# must leave the x2APIC-only variant skipped with its reason. Without
# QEMU 10 the QEMU 10 cases SKIP, saying why.
. "$(dirname "$0")/lib.inc"

SAMPLES=50
CPU=qemu64,+x2apic
Q10=$ROOT/${IRQBENCH_BUILD:-build}/qemu10

# check_mode_rows DIR MODE: the ipi summary rows of DIR are all in MODE;
# icr measured both ways with every sample; self_register measured on both
# CPUs in x2APIC mode, one row skipped with its reason in xAPIC mode.
check_mode_rows() {
	_out=$(awk -F, -v mode="$2" -v want="$SAMPLES" "$AWK_COLS"'
	NR == 1 { columns(); next }
	{ v = col("variant"); st = col("status"); why = col("reason"); n = col("samples") }
	col("bench") == "ipi" && col("apic_mode") != mode { print v ": apic_mode " col("apic_mode") ", expected " mode }
	v == "icr" {
		icr++
		if (st != "ok" || n != want || col("lost") != 0)
			print "icr " col("src_cpu") "->" col("dst_cpu") ": " st ", " n " samples, " col("lost") " lost (" why ")"
	}
	v == "self_register" {
		self++
		if (mode == "x2apic" && (st != "ok" || n != want))
			print "self_register cpu " col("src_cpu") ": " st ", " n " samples (" why ")"
		if (mode == "xapic" && (st != "skipped" || why !~ /exists only in x2APIC mode/))
			print "self_register cpu " col("src_cpu") ": " st " (" why "), expected skipped: x2APIC only"
	}
	END {
		if (icr != 2) print icr + 0 " icr rows, expected 2 (0->1, 1->0)"
		if (mode == "x2apic" && self != 2) print self + 0 " self_register rows, expected 2 (CPUs 0, 1)"
		if (mode == "xapic" && self != 1) print self + 0 " self_register rows, expected 1 (skipped)"
	}' "$1/summary.csv" 2>&1)
	[ -z "$_out" ] || problem "$1/summary.csv: $(printf '%s\n' "$_out" | head -n 8)"
}

# The system's QEMU: +x2apic asked for, and (7.2) not given under TCG.
begin_case x2apic_system_qemu
run_tcg sysqemu --smp 2 --cpu "$CPU" --bench ipi --cmdline "samples=$SAMPLES warmup=5"
expect_ok "$DIR"
if [ "$(meta "$DIR" cpuid_x2apic)" = 1 ]; then
	expect_meta "$DIR" apic_mode x2apic
	check_mode_rows "$DIR" x2apic
	echo "    note: the system's QEMU ($(meta "$DIR" qemu_version)) has x2APIC under TCG"
else
	expect_meta "$DIR" apic_mode xapic
	check_mode_rows "$DIR" xapic
	echo "    note: the system's QEMU ($(meta "$DIR" qemu_version)) has no x2APIC under TCG: x2APIC-only variants skipped with their reason"
fi
end_case

QEMU10_CASES="x2apic_auto_qemu10 x2apic_cmdline_qemu10 x2apic_apic_both_qemu10"
if [ ! -x "$Q10/qemu-system-x86_64" ]; then
	why=$(cat "$Q10/unavailable" 2>/dev/null)
	for c in $QEMU10_CASES; do
		echo "SKIP: $c: no QEMU 10 in $Q10: ${why:-not fetched (make qemu10, or scripts/qemu-backports)}"
	done
	finish
fi
QEMU=$Q10/qemu-system-x86_64
export QEMU

# apic=auto on a CPU with x2APIC: x2APIC mode, every x2APIC-only path measured.
begin_case x2apic_auto_qemu10
run_tcg auto --smp 2 --cpu "$CPU" --bench ipi --cmdline "samples=$SAMPLES warmup=5"
expect_ok "$DIR"
case $(meta "$DIR" qemu_version) in
10.*) ;;
*) problem "meta.csv: qemu_version is '$(meta "$DIR" qemu_version)', expected QEMU 10" ;;
esac
expect_meta "$DIR" cpuid_x2apic 1
expect_meta "$DIR" apic_mode x2apic
expect_grep "$DIR/serial.log" '^lapic: x2apic mode' "serial.log has no 'lapic: x2apic mode' line"
check_mode_rows "$DIR" x2apic
_raw=$(awk -F, "$AWK_COLS"'FNR == 1 { columns(); next } col("variant") == "self_register" && col("apic_mode") == "x2apic" { n++ } END { print n + 0 }' "$DIR/ipi.csv" 2>/dev/null)
[ "$_raw" = $((2 * SAMPLES)) ] || problem "ipi.csv: $_raw raw self_register samples in x2APIC mode, expected $((2 * SAMPLES))"
end_case

# --apic both on the same CPU: apic=xapic and apic=x2apic each honoured
# (auto would take x2APIC for both), every table merged with both modes.
DIR=$T_OUT/both
irqbench both run --accel tcg --timeout 300 --smp 2 --cpu "$CPU" --apic both --out "$DIR" \
	--bench ipi,timer --cmdline "samples=$SAMPLES warmup=5"
BOTH_RC=$RC

begin_case x2apic_cmdline_qemu10
for m in xapic x2apic; do
	case $(meta "$DIR/$m" kernel_cmdline) in
	*" apic=$m"*) ;;
	*) problem "$m/meta.csv: kernel_cmdline '$(meta "$DIR/$m" kernel_cmdline)' has no apic=$m" ;;
	esac
	expect_meta "$DIR/$m" cpuid_x2apic 1
	expect_meta "$DIR/$m" apic_mode "$m"
	[ ! -e "$DIR/$m/FAILED" ] || problem "$m/FAILED: $(head -n 2 "$DIR/$m/FAILED" | tr '\n' ' ')"
	check_mode_rows "$DIR/$m" "$m"
done
end_case

begin_case x2apic_apic_both_qemu10
RC=$BOTH_RC
expect_results_line "$DIR"
[ "$RC" -eq 0 ] || problem "scripts/irqbench run --apic both exited $RC"
[ ! -e "$DIR/FAILED" ] || problem "FAILED: $(head -n 2 "$DIR/FAILED" | tr '\n' ' ')"
expect_meta "$DIR" apic_mode xapic+x2apic
[ "$(grep -c '^bench,' "$DIR/summary.csv" 2>/dev/null)" = 1 ] || problem "summary.csv header not exactly once"
for row in 'icr,xapic,0,1,ok' 'icr,xapic,1,0,ok' 'icr,x2apic,0,1,ok' 'icr,x2apic,1,0,ok' \
	'self_register,x2apic,0,,ok' 'self_register,x2apic,1,,ok' 'self_register,xapic,,,skipped'; do
	grep -q "^ipi,$row," "$DIR/summary.csv" 2>/dev/null || problem "the merged summary.csv has no row ipi,$row"
done
for m in xapic x2apic; do
	_n=$(awk -F, -v m="$m" "$AWK_COLS"'FNR == 1 { columns(); next } col("variant") == "icr" && col("apic_mode") == m { n++ } END { print n + 0 }' "$DIR/ipi.csv" 2>/dev/null)
	[ "$_n" = $((2 * SAMPLES)) ] || problem "the merged ipi.csv: $_n raw icr samples in $m mode, expected $((2 * SAMPLES))"
done
# Tables whose rows had no apic_mode (timer, the machine's) gain it, last.
for t in timer cpus; do
	[ "$(head -n 1 "$DIR/$t.csv" 2>/dev/null | sed 's/.*,//')" = apic_mode ] ||
		problem "the merged $t.csv has no apic_mode column last"
	for m in xapic x2apic; do
		_n=$(awk -F, -v m="$m" "$AWK_COLS"'FNR == 1 { columns(); next } col("apic_mode") == m { n++ } END { print n + 0 }' "$DIR/$t.csv" 2>/dev/null)
		_want=$(($(wc -l <"$DIR/$m/$t.csv") - 1))
		[ "$_n" -gt 0 ] && [ "$_n" = "$_want" ] || problem "the merged $t.csv: $_n $m rows, expected $_want"
	done
done
end_case

finish
