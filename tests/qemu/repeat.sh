#!/bin/sh
# run --repeat N (issue 17): N boots into DIR/run-1 .. run-N, each a
# complete results folder, and the run-to-run spread in DIR/spread.csv.
# Under -icount the runs repeat exactly, so every spread is zero. A run
# that fails stops the repeat, naming it; the runs before it are kept.
. "$(dirname "$0")/lib.inc"

# Two boots under -icount: identical figures, a spread of zero on every
# row ok in both runs; both folders complete; the console's last line the
# repeat folder.
begin_case repeat_icount_spread_zero
run_tcg same --repeat 2 --icount --smp 2 --bench ipi --cmdline "samples=20 warmup=2"
[ "$RC" -eq 0 ] || problem "run --repeat 2 exited $RC: $(tail -n 3 "$T_OUT/same.err" | tr '\n' ' ')"
expect_results_line "$DIR"
for k in 1 2; do
	[ -s "$DIR/run-$k/summary.csv" ] || problem "run-$k has no summary.csv"
	[ ! -e "$DIR/run-$k/FAILED" ] || problem "run-$k FAILED: $(head -n 1 "$DIR/run-$k/FAILED")"
	expect_meta "$DIR/run-$k" qemu_icount on
done
[ ! -e "$DIR/FAILED" ] || problem "FAILED: $(cat "$DIR/FAILED")"
cmp -s "$DIR/run-1/summary.csv" "$DIR/run-2/summary.csv" || problem "the two runs' summary.csv differ"
_out=$(awk -F, "$AWK_COLS"'
	NR == 1 { columns(); next }
	col("state") == "ok" { ok++; if (col("p50_rel_range") != "0" || col("p99_rel_range") != "0")
		print col("variant") " " col("src_cpu") "->" col("dst_cpu") ": p50 range " col("p50_rel_range") ", p99 range " col("p99_rel_range") }
	col("state") == "partial" { print col("variant") ": ok in one run only: " col("note") }
	END { if (ok < 6) print ok + 0 " rows ok in both runs, expected at least 6" }' "$DIR/spread.csv" 2>&1)
[ -z "$_out" ] || problem "spread.csv: $_out"
expect_grep "$DIR/spread.txt" '^spread: 2 runs in '
expect_grep "$DIR/spread.txt" 'ok in every run.* p50 relative range \(max-min\)/median: median 0%, max 0%$'
[ "$(wc -l <"$T_OUT/same.out")" -lt 120 ] || problem "the console holds $(wc -l <"$T_OUT/same.out") lines"
for e in run-1 run-2 spread.csv spread.txt; do
	grep -qx "$e" "$DIR/.irqbench-files" 2>/dev/null || problem ".irqbench-files does not list $e"
done
end_case

# The first run fails (the kernel refuses its command line): the repeat
# stops there, exit 1, DIR/FAILED names run 1 and the kernel's reason;
# run-1 is kept with its own FAILED, run-2 never booted.
begin_case repeat_failed_run_named
run_tcg fails --repeat 2 --bench none --cmdline "nosuchkey=1"
[ "$RC" -eq 1 ] || problem "exited $RC, expected 1"
expect_results_line "$DIR"
expect_grep "$DIR/FAILED" '^run 1 of 2 failed: QEMU exit status 5: the kernel failed with exit code 2 \(bad command line\)$'
expect_grep "$DIR/FAILED" '^runs 2 to 2 were not booted; run-1 to run-1 are kept$'
[ -s "$DIR/run-1/FAILED" ] || problem "run-1 has no FAILED"
[ ! -e "$DIR/run-2" ] || problem "run-2 exists"
grep -q '^irqbench: FAILED: run 1 of 2 failed' "$T_OUT/fails.err" || problem "stderr does not say which run failed"
end_case

# Usage and folder errors before any boot: nothing is left behind.
begin_case repeat_usage_and_folder
irqbench rep0 run --repeat 0 --accel tcg
[ "$RC" -eq 2 ] || problem "--repeat 0 exited $RC, expected 2"
irqbench repbad run --repeat 2 --accel tcg --smp 0 --out "$T_OUT/never"
[ "$RC" -eq 2 ] || problem "--repeat 2 --smp 0 exited $RC, expected 2"
[ ! -e "$T_OUT/never" ] || problem "--smp 0 left $T_OUT/never"
mkdir -p "$T_OUT/full"
echo notes >"$T_OUT/full/notes.txt"
irqbench repfull run --repeat 2 --accel tcg --out "$T_OUT/full"
[ "$RC" -eq 3 ] || problem "--repeat into a folder holding notes.txt exited $RC, expected 3"
grep -q "refusing to write into .*full: it exists and is not empty" "$T_OUT/repfull.err" ||
	problem "the refusal: $(cat "$T_OUT/repfull.err")"
[ "$(ls -A "$T_OUT/full")" = notes.txt ] || problem "the folder now holds: $(ls -A "$T_OUT/full")"
end_case

finish
