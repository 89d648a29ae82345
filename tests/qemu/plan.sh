#!/bin/sh
# The run's plan (docs/plan.md) under TCG: the plan table agrees with the
# rows that came; a slow link (link_bps=115200) with a small budget cuts
# histograms and raw samples, and says so, never the summaries; raw=none
# still gives every percentile; bad pairs= and budgets are refused or said.
. "$(dirname "$0")/lib.inc"

# plan_value DIR KEY: KEY's value in plan_summary.csv.
plan_value() {
	awk -F, -v k="$2" "$AWK_COLS"'FNR == 1 { columns(); next } col("key") == k { print col("value"); exit }' "$1/plan_summary.csv" 2>/dev/null
}

# The plan's series, by emit level, against what came: every planned
# series of the ipi benchmark has its rows, every raw series its samples.
begin_case plan_agrees_smp4
run_tcg agree --smp 4 --icount --bench ipi --cmdline "samples=20 warmup=2 link_bps=0"
expect_ok "$DIR"
[ -s "$DIR/plan.csv" ] || problem "plan.csv missing"
_series=$(awk -F, "$AWK_COLS"'FNR == 1 { columns(); next } { n += col("count") } END { print n + 0 }' "$DIR/plan.csv")
[ "$_series" = "$(plan_value "$DIR" series)" ] ||
	problem "plan.csv counts $_series series, plan_summary says $(plan_value "$DIR" series)"
[ "$(plan_value "$DIR" raw_series)" = "$_series" ] || problem "link_bps=0: not every series sends raw samples"
[ -s "$DIR/hist.csv" ] && problem "histograms sent beside every series' raw samples"
[ "$(plan_value "$DIR" budget_bytes)" = 0 ] || problem "link_bps=0: the budget is not unbounded"
_raw=$(awk -F, "$AWK_COLS"'FNR == 1 { columns(); next } { k[col("variant") "," col("src_cpu") "," col("dst_cpu")] = 1 } END { for (x in k) n++; print n + 0 }' "$DIR/ipi.csv")
_rows=$(awk -F, "$AWK_COLS"'FNR == 1 { columns(); next } col("status") == "ok" { n++ } END { print n + 0 }' "$DIR/summary.csv")
[ "$_raw" -ge "$_rows" ] || problem "$_raw raw series for $_rows ok summary rows"
end_case

# A slow line and a small budget: the summaries whole, the histograms and
# raw samples cut in plan order, the plan saying how many.
begin_case plan_budget_cuts
run_tcg cut --smp 2 --icount --bench ipi,timer --cmdline "samples=1000 warmup=2 link_bps=115200 serial_budget_s=10"
expect_ok "$DIR"
[ "$(plan_value "$DIR" link_bps)" = 115200 ] || problem "plan_summary does not say link_bps 115200"
[ "$(plan_value "$DIR" budget_bytes)" = 115200 ] || problem "budget_bytes $(plan_value "$DIR" budget_bytes), expected 115200 / 10 * 10"
_cut=$(plan_value "$DIR" raw_cut)
[ "${_cut:-0}" -gt 0 ] || problem "10 s of a 115200-baud line holds every raw sample? raw_cut ${_cut:-missing}"
expect_grep "$DIR/serial.log" '^plan: cut to fit the budget: [0-9]+ histograms and [0-9]+ raw series not sent' \
	"the console does not say what was cut"
_bytes=$(wc -c <"$DIR/serial.log")
[ "$_bytes" -le 115200 ] || problem "serial.log is $_bytes bytes, over the 115200-byte budget"
awk -F, "$AWK_COLS"'FNR == 1 { columns(); next } col("status") == "ok" && col("p50") == "" { bad++ } END { exit bad > 0 }' "$DIR/summary.csv" ||
	problem "an ok summary row has no p50"
end_case

# A budget too small for the summaries: every series still runs and sends
# its summary; no histogram, no raw sample, and the plan says so.
begin_case plan_budget_below_summaries
run_tcg tiny --smp 2 --icount --bench ipi --cmdline "samples=20 warmup=2 link_bps=300 serial_budget_s=1"
expect_ok "$DIR"
[ "$(plan_value "$DIR" over_budget)" = yes ] || problem "plan_summary does not say over_budget"
expect_grep "$DIR/serial.log" '^plan: the summary rows alone need [0-9]+ s of link time, over serial_budget_s=1' \
	"the console does not say the summaries exceed the budget"
[ -s "$DIR/ipi.csv" ] && problem "raw samples sent over a budget the summaries exceed"
[ -s "$DIR/hist.csv" ] && problem "histograms sent over a budget the summaries exceed"
grep -q '^ipi,self_shorthand,[a-z0-9]*,0,,ok,' "$DIR/summary.csv" || problem "self_shorthand has no summary row"
end_case

# min_samples= above samples: every row with figures is insufficient,
# keeps its figures, and is counted in the verdict; the run is not failed.
begin_case plan_min_samples_insufficient
run_tcg few --smp 2 --icount --bench ipi --cmdline "samples=20 warmup=2 min_samples=21"
expect_ok "$DIR"
awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
	$(c["status"]) == "insufficient" && $(c["p50"]) != "" { n++ }
	$(c["status"]) == "ok" { ok++ }
	END { exit !(n > 0 && ok == 0) }' "$DIR/summary.csv" ||
	problem "expected insufficient rows with figures and no ok row: $(cut -d, -f2,6,8 "$DIR/summary.csv" | head -n 4 | tr '\n' ' ')"
grep -q '^ipi,self_shorthand,[a-z0-9]*,0,,insufficient,"20 samples, fewer than min_samples=21' "$DIR/summary.csv" ||
	problem "self_shorthand 0 does not say 20 samples, fewer than min_samples=21"
expect_grep "$DIR/serial.log" '^irqbench: completed; [0-9]+ summary rows insufficient \(fewer than min_samples=21 samples' \
	"the verdict line does not count the insufficient rows"
expect_grep "$DIR/serial.log" '^@irqbench run-end .* status=ok code=0 reason=completed; [0-9]+ summary rows insufficient' \
	"run-end does not count the insufficient rows"
"$ROOT/scripts/irqbench-summary" "$DIR" >"$T_OUT/few.summary" 2>&1
grep -q ' insufficient$' "$T_OUT/few.summary" || problem "irqbench-summary shows no insufficient row"
grep -Eq '^[0-9]+ rows: 0 ok, .*[1-9][0-9]* insufficient' "$T_OUT/few.summary" ||
	problem "irqbench-summary's total does not count insufficient: $(tail -n 1 "$T_OUT/few.summary")"
end_case

# A series whose series_ms budget is spent before a sample completes is
# skipped, not failed: a 100 ms one-shot timer with a 50 ms budget.
begin_case plan_budget_before_first_sample
run_tcg slow --smp 1 --bench timer --cmdline "samples=5 warmup=1 series_ms=50 timer_period_us=100000"
expect_ok "$DIR"
grep -q '^timer,oneshot_100000us,[a-z0-9]*,0,,skipped,"\{0,1\}the series'"'"' time budget ran out before a sample completed' "$DIR/summary.csv" ||
	problem "oneshot_100000us: $(grep '^timer,oneshot_100000us,' "$DIR/summary.csv" | cut -d, -f6-8)"
grep -q ',failed,' "$DIR/summary.csv" && problem "a row failed: $(grep ',failed,' "$DIR/summary.csv" | head -n 1)"
end_case

# raw=none: no raw table, every percentile still in the summary, and every
# series' distribution in its histogram.
# (Four CPUs: the 16-CPU scale checks are ipi.sh's.)
begin_case plan_raw_none
run_tcg rawnone --smp 4 --icount --bench ipi --cmdline "samples=20 warmup=2 raw=none link_bps=0"
expect_ok "$DIR"
[ -s "$DIR/ipi.csv" ] && problem "raw=none, yet ipi.csv has rows"
[ "$(plan_value "$DIR" raw_series)" = 0 ] || problem "raw=none, yet the plan sends raw series"
_full=$(awk -F, "$AWK_COLS"'FNR == 1 { columns(); next } col("status") == "ok" && col("samples") == 20 && col("min") != "" && col("p1") != "" && col("p50") != "" && col("p90") != "" &&
	col("p99") != "" && col("p999") != "" && col("max") != "" { n++ } END { print n + 0 }' "$DIR/summary.csv")
[ "$_full" -gt 0 ] || problem "raw=none: no ok row with every percentile"
# Every ok row's histogram, and every matrix pair's, counts exactly its
# samples and holds its p50.
_bad=$(awk -F, "$AWK_COLS"'FNR == 1 { file++; columns(); next }
	file == 1 && col("status") == "ok" { want[col("variant") "," col("src_cpu") "," col("dst_cpu")] = col("samples"); p50[col("variant") "," col("src_cpu") "," col("dst_cpu")] = col("p50") }
	file == 2 { want["roundtrip_halt," col("src_cpu") "," col("dst_cpu")] = col("samples"); p50["roundtrip_halt," col("src_cpu") "," col("dst_cpu")] = col("p50_cycles") }
	file == 3 { k = col("variant") "," col("src_cpu") "," col("dst_cpu"); got[k] += col("count")
		if (col("lo_cycles") + 0 <= p50[k] && p50[k] < col("hi_cycles") + 0) held[k] = 1 }
	END { for (k in want) if (got[k] != want[k] || !held[k]) { print k ": " got[k] + 0 " of " want[k]; n++ }
	      for (k in got) if (!(k in want)) { print k ": a histogram without an ok row"; n++ }
	      exit n > 0 }' "$DIR/summary.csv" "$DIR/ipi_matrix.csv" "$DIR/hist.csv") || problem "histograms: $_bad"
end_case

# pairs= naming a CPU the machine does not have: exit 2, the CPU named.
begin_case plan_pairs_missing_cpu
run_tcg nocpu --smp 2 --bench ipi --cmdline "pairs=0:5"
expect_failed "$DIR"
expect_grep "$DIR/serial.log" "^irqbench: FAILED \(exit code 2, bad command line\): cmdline: pairs= pair 0:5 names CPU 5, which does not exist \(this machine has 2 CPUs, 0 to 1; 2 online\)$" \
	"the refusal does not name CPU 5"
end_case

# pairs=LIST: exactly those pairs for every pair variant.
begin_case plan_pairs_list
run_tcg list --smp 3 --icount --bench ipi --cmdline "samples=10 warmup=2 pairs=2:0,1:2"
expect_ok "$DIR"
_got=$(awk -F, "$AWK_COLS"'FNR == 1 { columns(); next } col("variant") == "roundtrip_spin" { print col("src_cpu") ":" col("dst_cpu") }' "$DIR/summary.csv" | sort | tr '\n' ' ')
[ "$_got" = "1:2 2:0 " ] || problem "roundtrip_spin ran on '$_got', expected the listed 1:2 2:0"
end_case

# Topology classes on 2 sockets x 2 cores x 2 threads: with NUMA nodes from
# QEMU's SRAT (AMD-like qemu64, no cache leaves), then an Intel model whose
# leaf 4 gives L2 and L3 IDs. Every ordered pair counted in one class.
Q=--qemu-arg
begin_case plan_classes_numa
run_tcg numa --smp 8 $Q -smp $Q 8,sockets=2,cores=2,threads=2 --bench ipi --icount \
	--cmdline "samples=5 warmup=1" $Q -m $Q 512 $Q -object $Q memory-backend-ram,size=256M,id=m0 \
	$Q -object $Q memory-backend-ram,size=256M,id=m1 $Q -numa $Q node,nodeid=0,cpus=0-3,memdev=m0 \
	$Q -numa $Q node,nodeid=1,cpus=4-7,memdev=m1
expect_ok "$DIR"
_nodes=$(awk -F, "$AWK_COLS"'FNR == 1 { columns(); next } { printf "%s", col("numa_node") }' "$DIR/cpus.csv")
[ "$_nodes" = 00001111 ] || problem "cpus.csv numa_node by CPU: '$_nodes', expected 00001111 (the SRAT's nodes)"
_classes=$(awk -F, "$AWK_COLS"'FNR == 1 { columns(); next } { printf "%s:%s ", col("class"), col("pairs") }' "$DIR/ipi_classes.csv")
[ "$_classes" = "smt:8 die:16 remote:32 " ] || problem "ipi_classes: '$_classes', expected smt:8 die:16 remote:32"
end_case

begin_case plan_classes_intel_caches
run_tcg intel --smp 8 $Q -smp $Q 8,sockets=2,cores=2,threads=2 --cpu Skylake-Client-v1 --bench ipi \
	--icount --cmdline "samples=5 warmup=1"
expect_ok "$DIR"
_l3=$(awk -F, "$AWK_COLS"'FNR == 1 { columns(); next } { printf "%s/%s ", col("l2_id"), col("l3_id") }' "$DIR/cpus.csv")
[ "$_l3" = "0/0 0/0 1/0 1/0 2/1 2/1 3/1 3/1 " ] || problem "cpus.csv l2_id/l3_id: '$_l3'"
_classes=$(awk -F, "$AWK_COLS"'FNR == 1 { columns(); next } { printf "%s:%s ", col("class"), col("pairs") }' "$DIR/ipi_classes.csv")
[ "$_classes" = "smt:8 l3:16 remote:32 " ] || problem "ipi_classes: '$_classes', expected smt:8 l3:16 remote:32"
_named=$(awk -F, "$AWK_COLS"'FNR == 1 { columns(); next } col("variant") == "roundtrip_spin" && col("count") == 1 { print col("class") }' "$DIR/plan.csv" | sort -u | tr '\n' ' ')
[ "$_named" = "l3 remote smt " ] || problem "representative roundtrip_spin pairs cover '$_named', expected every class"
end_case

# The plan's pairs line with 64 named pairs of 3-digit CPUs is longer than
# the 512 bytes that used to cut it (losing pairs and the newline): it
# arrives whole. bench=none still plans and describes the pairs.
begin_case plan_pairs_line_whole
_pairs=$(awk 'BEGIN { for (a = 100; a < 110 && n < 64; a++) for (b = 100; b < 110 && n < 64; b++)
	if (a != b) printf "%s%d:%d", n++ ? "," : "", a, b }')
run_tcg pairs64 --smp 110 --cmdline "bench=none pairs=$_pairs"
expect_ok "$DIR"
_line=$(text "$DIR/serial.log" | grep '^plan: ordered pairs by class: ')
_want=$(printf '%s' "$_pairs" | tr ',:' ' >' | sed 's/>/->/g')
[ "${_line##*; named pairs: }" = "$_want" ] ||
	problem "the pairs line does not end with the 64 pairs: '$(printf '%s' "$_line" | tail -c 60)'"
end_case

finish
