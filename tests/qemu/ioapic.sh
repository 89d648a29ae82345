#!/bin/sh
# The IOAPIC benchmark under TCG (issue "IOAPIC redirection cost"): every
# variant present for every CPU and pair, nothing failed. The kernel fails
# a series itself when an interrupt lands on a CPU its entry does not name,
# arrives while its entry is masked (or, for an edge, at the unmask that
# follows), arrives without a trigger, or when an entry reads back other
# than written; so "no failed row" is each of those checks, per sample.
# Also: raw rows match the summary; absent sources (HPET off, PIT off) are
# skipped with their reason; everything is left as found; and two -icount
# runs give identical samples.
. "$(dirname "$0")/lib.inc"

SAMPLES=20
CMDLINE="samples=$SAMPLES warmup=2"
# Deterministic and fast: -icount with sleep=off (an idle guest's clock jumps
# to the next timer instead of following the host's), and the RTC on that
# virtual clock too. The masked-entry windows then cost no real time.
EXACT="--icount --qemu-arg -icount --qemu-arg sleep=off --qemu-arg -rtc --qemu-arg clock=vm"
# QEMU pc: IRQ 0 -> GSI 2 (MADT override), IRQ 4 and 8 identity, the HPET's
# LegacyReplacement timer 0 on input 2; the unused pin is the last, 23.
GSIS="uart=4 pit=2 rtc=8 hpet=2 scratch=23"

# check_ioapic DIR NCPUS SOURCES: the summary and raw tables of a complete
# run; SOURCES lists the sources that must have run (the rest skipped).
check_ioapic() {
	for _f in summary.csv ioapic.csv; do
		[ -s "$1/$_f" ] || problem "$_f missing"
	done
	[ -s "$1/summary.csv" ] || return
	_out=$(awk -F, -v n="$2" -v want="$SAMPLES" -v srcs="$3" -v gsis="$GSIS" "$AWK_COLS"'
	BEGIN {
		split(gsis, g, " ")
		for (i in g) { split(g[i], kv, "="); gsi[kv[1]] = kv[2] }
		ns = split(srcs, s, " ")
		for (i = 1; i <= ns; i++) present[s[i]] = 1
	}
	FNR == 1 { file++; columns(); next }
	file == 1 && col("bench") == "ioapic" {
		key = col("variant") "," col("src_cpu") "," col("dst_cpu")
		if (key in row) print "summary row " key " twice"
		row[key] = col("status")
		reason[key] = col("reason")
		if (col("status") == "failed") { print key ": failed: " col("reason"); next }
		if (col("status") == "skipped") {
			if (col("reason") == "") print key ": skipped without a reason"
			next
		}
		if (col("samples") != want) print key ": " col("samples") " samples, expected " want
		if (col("lost") != 0 && col("variant") != "period_jitter_rtc") print key ": " col("lost") " lost"
		if (!(col("min") <= col("p50") && col("p50") <= col("p99") && col("p99") <= col("max"))) print key ": min/p50/p99/max out of order"
		ok[key] = col("samples")
		next
	}
	file == 2 {
		key = col("variant") "," col("src_cpu") "," col("dst_cpu")
		raw[key]++
		src = (col("source") == "") ? "scratch" : col("source")
		if (col("gsi") != gsi[src]) bad_gsi[col("variant")] = col("gsi")
		if (col("variant") ~ /^(deliver|eoi|masked|period)/ && col("src_cpu") != col("dst_cpu")) print "raw " col("variant") ": routed to cpu " col("dst_cpu") " from cpu " col("src_cpu")
	}
	function need(k) { if (row[k] != "ok") print k ": " (k in row ? row[k] " (" reason[k] ")" : "missing") }
	function need_skip(k, why) {
		if (row[k] != "skipped") print k ": " (k in row ? row[k] : "missing") ", expected skipped"
		else if (index(reason[k], why) == 0) print k ": reason \"" reason[k] "\" does not say \"" why "\""
	}
	END {
		split("rte_read rte_write mask unmask retarget", regs, " ")
		split("deliver eoi deliver_logical deliver_lowest deliver_lowest_logical masked_edge", edge, " ")
		split("deliver_level eoi_level masked_level", level, " ")
		for (c = 0; c < n; c++) {
			for (i in regs) need(regs[i] "," c ",")
			for (i in edge) for (src in present) if (src != "rtc") need(edge[i] "_" src "," c "," c)
			for (i in level) for (src in present) if (src == "uart" || src == "hpet") need(level[i] "_" src "," c "," c)
			if ("rtc" in present) { need("masked_level_rtc," c "," c); need("period_jitter_rtc," c "," c) }
		}
		for (a = 0; a < n; a++) for (b = 0; b < n; b++) if (a != b)
			for (src in present) if (src != "rtc") need("retarget_roundtrip_" src "," a "," b)
		if ("pit" in present) need_skip("deliver_level_pit,,", "8254 OUT0")
		if ("rtc" in present) need_skip("deliver_rtc,,", "divider chain")
		need_skip("deliver_directed_uart,,", "EOI")
		for (k in ok) if (raw[k] != ok[k]) print "raw rows for " k ": " raw[k] + 0 ", summary says " ok[k]
		for (v in bad_gsi) print "raw " v ": gsi " bad_gsi[v]
	}' "$1/summary.csv" "$1/ioapic.csv" 2>&1)
	[ -z "$_out" ] || problem "$(printf '%s\n' "$_out" | head -n 15)"
	expect_grep "$1/serial.log" '^ioapic: restored: every entry used masked' \
		"serial.log has no 'ioapic: restored' line: something was left changed"
}

# One CPU exactly; two in real time (host-timed TCG, as a user runs it).
for n in 1 2; do
	begin_case "ioapic_smp$n"
	if [ "$n" = 1 ]; then
		# shellcheck disable=SC2086
		run_tcg "ioapic$n" --smp "$n" $EXACT --bench ioapic --cmdline "$CMDLINE"
	else
		run_tcg "ioapic$n" --smp "$n" --bench ioapic --cmdline "$CMDLINE"
	fi
	expect_ok "$DIR"
	check_ioapic "$DIR" "$n" "uart pit rtc hpet"
	if [ "$n" = 1 ]; then
		grep -q '^ioapic,retarget_deliver,[a-z0-9]*,,,skipped,needs at least two selected online CPUs' \
			"$DIR/summary.csv" || problem "retarget_deliver is not skipped for want of a second CPU"
	elif [ "$(meta "$DIR" invariant_tsc)" = 0 ]; then
		grep -q '^ioapic,retarget_deliver_pit,[a-z0-9]*,0,1,skipped,no invariant TSC' "$DIR/summary.csv" ||
			problem "retarget_deliver_pit is not skipped with the invariant-TSC reason"
	else
		grep -q '^ioapic,retarget_deliver_pit,[a-z0-9]*,0,1,ok,' "$DIR/summary.csv" ||
			problem "invariant TSC, yet retarget_deliver_pit is not ok"
	fi
	end_case
done

# Every ordered pair of three CPUs (pairs=all), and under pairs=auto the
# representative pairs the plan names, no other.
begin_case ioapic_smp3_pairs
# shellcheck disable=SC2086
run_tcg ioapic3 --smp 3 $EXACT --bench ioapic --cmdline "$CMDLINE pairs=all"
expect_ok "$DIR"
check_ioapic "$DIR" 3 "uart pit rtc hpet"
end_case

begin_case ioapic_smp3_pairs_auto
# shellcheck disable=SC2086
run_tcg ioapic3auto --smp 3 $EXACT --bench ioapic --cmdline "$CMDLINE"
expect_ok "$DIR"
_planned=$(awk -F, "$AWK_COLS"'FNR == 1 { columns(); next } col("variant") == "retarget_deliver" { print col("src_cpu") "," col("dst_cpu") }' "$DIR/plan.csv" | sort | tr '\n' ' ')
_came=$(awk -F, "$AWK_COLS"'FNR == 1 { columns(); next } col("variant") == "retarget_roundtrip_uart" && col("status") == "ok" { print col("src_cpu") "," col("dst_cpu") }' \
	"$DIR/summary.csv" | sort | tr '\n' ' ')
[ -n "$_planned" ] && [ "$_planned" = "$_came" ] ||
	problem "retarget pairs planned '$_planned', measured '$_came'"
_counts=$(awk -F, "$AWK_COLS"'FNR == 1 { columns(); next } { n[col("variant")] += col("count") } END { print n["rte_read"] + 0, n["deliver"] + 0, n["period_jitter"] + 0 }' \
	"$DIR/plan.csv")
[ "$_counts" = "3 3 3" ] || problem "plan.csv: rte_read, deliver, period_jitter series '$_counts', expected 3 each"
end_case

begin_case ioapic_no_hpet
# shellcheck disable=SC2086
run_tcg nohpet --smp 1 $EXACT --bench ioapic --cmdline "$CMDLINE" --qemu-arg -machine --qemu-arg hpet=off
expect_ok "$DIR"
check_ioapic "$DIR" 1 "uart pit rtc"
grep -q '^ioapic,deliver_hpet,[a-z0-9]*,,,skipped,no HPET in the ACPI tables' "$DIR/summary.csv" ||
	problem "deliver_hpet is not skipped with 'no HPET in the ACPI tables'"
end_case

begin_case ioapic_no_pit
# shellcheck disable=SC2086
run_tcg nopit --smp 1 $EXACT --bench ioapic --cmdline "$CMDLINE" --qemu-arg -machine --qemu-arg pit=off
expect_ok "$DIR"
check_ioapic "$DIR" 1 "uart rtc hpet"
grep -q '^ioapic,deliver_pit,[a-z0-9]*,,,skipped,no PIT' "$DIR/summary.csv" ||
	problem "deliver_pit is not skipped with a 'no PIT' reason"
end_case

# Every sample repeats exactly, run after run; and under -icount each
# variant costs the same instructions every time (min = max), except the
# RTC's intervals, which follow its 32768 Hz divider, not instructions.
begin_case ioapic_icount_deterministic
# shellcheck disable=SC2086
run_tcg icount_b --smp 3 $EXACT --bench ioapic --cmdline "$CMDLINE"
expect_ok "$DIR"
cmp -s "$T_OUT/ioapic3auto/ioapic.csv" "$DIR/ioapic.csv" || problem "ioapic.csv differs between two -icount runs"
awk -F, "$AWK_COLS"'FNR == 1 { columns(); next } col("bench") == "ioapic" && col("status") == "ok" && col("variant") != "period_jitter_rtc" && col("min") != col("max") {
	print col("variant") " cpu " col("src_cpu") "->" col("dst_cpu") ": min " col("min") " != max " col("max") " under -icount" }' "$DIR/summary.csv" >"$T_OUT/icount.txt"
[ -s "$T_OUT/icount.txt" ] && problem "$(head -n 5 "$T_OUT/icount.txt")"
end_case

finish
