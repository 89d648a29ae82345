#!/bin/sh
# The LAPIC timer benchmark under TCG (issue "LAPIC timer jitter"), with
# -icount for exact, repeatable values: counts, periodic delivery, lateness
# never below the timer's resolution, every sample in the histogram, the
# TSC-deadline variants skipped with their reason where TCG lacks them, two
# runs identical (the halted variants too: -icount with sleep=off); and the
# TSC-deadline path itself where KVM offers it.
. "$(dirname "$0")/lib.inc"

SAMPLES=40

# check_timer DIR NCPUS raw|hist: the summary table and, as the plan sends
# one or the other, the raw samples (timer.csv) or the histograms
# (timer_hist.csv and hist.csv), each counting every sample.
check_timer() {
	_want=timer.csv
	_not="timer_hist.csv hist.csv"
	[ "$3" = hist ] && _want="timer_hist.csv hist.csv" _not=timer.csv
	for _f in summary.csv $_want; do
		[ -s "$1/$_f" ] || problem "$_f missing"
	done
	for _f in $_not; do
		[ -s "$1/$_f" ] && problem "$_f sent beside the other form of the distribution"
	done
	[ -s "$1/summary.csv" ] || return
	_tick=$(awk -v t="$(meta "$1" tsc_hz)" -v l="$(meta "$1" lapic_timer_hz)" \
		'BEGIN { x = t / l; print (x == int(x)) ? x : int(x) + 1 }')
	_out=$(awk -F, -v n="$2" -v want="$SAMPLES" -v tick="$_tick" -v mode="$3" "$AWK_COLS"'
	FNR == 1 { f = FILENAME; sub(/.*\//, "", f); columns(); next }
	f == "summary.csv" && col("bench") == "timer" {
		key = col("variant") "," col("src_cpu")
		if (col("status") == "skipped") {
			if (col("reason") == "") print key ": skipped without a reason"
			next
		}
		if (col("status") != "ok") { print key ": " col("status") ": " col("reason"); next }
		if (col("samples") != want) print key ": " col("samples") " samples, expected " want
		if (col("lost") != 0) print key ": " col("lost") " lost"
		if (col("variant") ~ /^oneshot/ && col("min") + tick < 0) print key ": min lateness " col("min") " is below one timer tick (" tick " cycles) early"
		n_ok[col("variant")]++
		samples[key] = col("samples")
		next
	}
	f == "timer.csv" {
		key = col("variant") "," col("cpu")
		raw[key]++
		if (col("variant") ~ /^periodic_[0-9]/) {
			err = col("lateness_cycles") < 0 ? -col("lateness_cycles") : col("lateness_cycles")
			if (err * 100 > col("period_cycles")) bad_interval++
		}
	}
	f == "timer_hist.csv" {
		key = col("variant") "," col("cpu")
		hist[key] += col("count")
	}
	f == "hist.csv" && col("bench") == "timer" {
		key = col("variant") "," col("src_cpu")
		loglin[key] += col("count")
	}
	END {
		split("oneshot_100us oneshot_halt_100us periodic_100us periodic_drift_100us", v, " ")
		for (i in v) if (n_ok[v[i]] != n) print v[i] ": " n_ok[v[i]] + 0 " CPUs ok, expected " n
		if (n > 1 && n_ok["oneshot_concurrent_100us"] != n) print "oneshot_concurrent_100us: " n_ok["oneshot_concurrent_100us"] + 0 " CPUs, expected " n
		for (k in samples) {
			if (mode == "raw" && raw[k] != samples[k]) print "timer.csv rows for " k ": " raw[k] + 0 ", summary says " samples[k]
			if (mode == "hist" && hist[k] != samples[k]) print "timer_hist.csv counts for " k ": " hist[k] + 0 ", summary says " samples[k]
			if (mode == "hist" && loglin[k] != samples[k]) print "hist.csv counts for " k ": " loglin[k] + 0 ", summary says " samples[k]
		}
		if (bad_interval) print bad_interval " periodic intervals are off by more than 1% of the period"
	}' $(for _f in summary.csv $_want; do echo "$1/$_f"; done) 2>&1)
	[ -z "$_out" ] || problem "$(printf '%s\n' "$_out" | head -n 15)"
}

# Under -icount shift=0 the TSC counts instructions (QEMU 7.2's count).
# The timer expires exactly P after its initial-count write there, so a
# one-shot's lateness, polling or halted, is the instructions from the TSC
# read to that write (lapic_timer_oneshot_ticks: the divide, LVT and
# initial-count writes) and from the expiry to the RDTSC of the handler's
# TRAP_TIMESTAMPED stub (push, push, lfence, rdtsc: kernel/vectors.S): 23
# for every period. A periodic interval is P + 1. One more instruction
# fails this test, as it should (docs/benchmarks.md).
ICOUNT_ONESHOT=23
ICOUNT_PERIODIC=1

# check_icount DIR: every one-shot and periodic series of one CPU at a time
# (not oneshot_concurrent) has min = max = its path length above.
check_icount() {
	_out=$(awk -F, -v one="$ICOUNT_ONESHOT" -v per="$ICOUNT_PERIODIC" "$AWK_COLS"'
	FNR == 1 { columns(); next }
	col("bench") == "timer" && col("status") == "ok" {
		v = col("variant")
		if (v ~ /^oneshot_(halt_)?[0-9]+us$/) w = one
		else if (v ~ /^periodic_[0-9]+us$/) w = per
		else next
		if (col("min") != w || col("max") != w) print v " cpu " col("src_cpu") ": min " col("min") " max " col("max") ", expected " w " instructions"
	}' "$1/summary.csv" 2>&1)
	[ -z "$_out" ] || problem "$(printf '%s\n' "$_out" | head -n 15)"
}

# One CPU with the raw samples (an unbounded link), two with histograms
# only (raw=none).
for n in 1 2; do
	begin_case "timer_smp$n"
	mode=raw
	[ "$n" = 2 ] && mode=hist
	_raw=
	[ "$mode" = hist ] && _raw=" raw=none"
	run_tcg "timer$n" --smp "$n" --icount --bench timer --cmdline "samples=$SAMPLES warmup=5$_raw"
	expect_ok "$DIR"
	check_timer "$DIR" "$n" "$mode"
	check_icount "$DIR"
	if [ "$(meta "$DIR" cpuid_tsc_deadline)" = 0 ]; then
		# A reason that holds for every CPU and period is said once.
		for _v in deadline deadline_halt deadline_immediate; do
			[ "$(grep -c "^timer,$_v," "$DIR/summary.csv")" = 1 ] &&
			! grep -q "^timer,${_v}_[0-9]" "$DIR/summary.csv" &&
			grep -q "^timer,$_v,[a-z0-9]*,,,skipped,CPUID.1:ECX.TSC_Deadline\[bit 24\] is 0" \
				"$DIR/summary.csv" || problem "$_v is not skipped once, with its reason"
		done
	else
		grep -q '^timer,deadline_halt_100us,[a-z0-9]*,0,,ok,' "$DIR/summary.csv" ||
			problem "TSC-deadline offered, yet deadline_halt_100us is not ok"
	fi
	end_case
done

begin_case timer_icount_deterministic
run_tcg timer2b --smp 2 --icount --bench timer --cmdline "samples=$SAMPLES warmup=5 raw=none"
expect_ok "$DIR"
for f in timer_hist.csv hist.csv summary.csv; do
	cmp -s "$T_OUT/timer2/$f" "$DIR/$f" || problem "$f differs between two -icount runs"
done
end_case

begin_case timer_several_periods
run_tcg periods --icount --bench timer --cmdline "samples=$SAMPLES warmup=5 timer_period_us=50,500"
expect_ok "$DIR"
for v in oneshot_50us oneshot_500us periodic_50us periodic_500us; do
	grep -q "^timer,$v,[a-z0-9]*,0,,ok" "$DIR/summary.csv" || problem "$v missing"
done
check_icount "$DIR"
end_case

# The TSC-deadline path where a KVM offers it (not on every CI machine).
if [ -r /dev/kvm ] && [ -w /dev/kvm ]; then
	begin_case timer_deadline_kvm
	DIR=$T_OUT/kvm
	irqbench kvm run --accel kvm --timeout 300 --out "$DIR" --bench timer \
		--cmdline "samples=20 warmup=2 series_ms=500"
	expect_ok "$DIR"
	expect_meta "$DIR" cpuid_tsc_deadline 1
	for v in deadline_100us deadline_halt_100us deadline_immediate oneshot_halt_100us; do
		grep -q "^timer,$v,[a-z0-9]*,0,,ok" "$DIR/summary.csv" || problem "$v is not ok under KVM"
	done
	end_case
else
	echo "SKIP: timer_deadline_kvm: /dev/kvm is not usable here; the TSC-deadline path was not run"
fi

finish
