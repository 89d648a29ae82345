#!/bin/sh
# Result lines (docs/output-format.md, "Result lines"): one plain line per
# summary row, between markers printed once per boot, for a lab's console
# reader such as LAVA's monitors; the extractor lets them by.
. "$(dirname "$0")/lib.inc"

# check_lines DIR: every summary row has exactly one result line whose
# verdict follows its status and whose figure is its p50_ns; one begin and
# one end marker; nothing but printable ASCII on a result line.
check_lines() {
	text "$1/serial.log" | grep -a '@irqbench result' >"$1/lines.txt"
	[ "$(grep -c '^@irqbench results-begin results=' "$1/lines.txt")" = 1 ] ||
		problem "$1: not exactly one results-begin line"
	[ "$(grep -c '^@irqbench results-end status=' "$1/lines.txt")" = 1 ] ||
		problem "$1: not exactly one results-end line"
	LC_ALL=C grep -n '[^ -~]' "$1/lines.txt" >/dev/null &&
		problem "$1: a result line holds a byte that is not printable ASCII"
	awk -F, "$AWK_COLS$AWK_RESULT"'
		FNR == 1 { columns(); next }
		{ print "@irqbench result " rcase() " " rverdict() (rverdict() == "pass" ? " " col("p50_ns") " ns" : "") }' "$1/summary.csv" | sort >"$1/want.txt"
	grep '^@irqbench result ' "$1/lines.txt" | grep -v ' irqbench\.run\.x-x ' | sort >"$1/got.txt"
	cmp -s "$1/want.txt" "$1/got.txt" ||
		problem "$1: result lines differ from summary.csv: $(diff "$1/want.txt" "$1/got.txt" | head -n 4 | tr '\n' ' ')"
}

# expect_run_case DIR VERDICT: the run's own case has VERDICT.
expect_run_case() {
	grep -qx "@irqbench result irqbench.run.x-x $2" "$1/lines.txt" ||
		problem "$1: no irqbench.run case with verdict $2"
}

begin_case result_lines_ok
run_tcg ok --smp 2 --bench ipi,timer --cmdline "samples=20 warmup=2 debugcon=off"
expect_ok "$DIR"
check_lines "$DIR"
expect_run_case "$DIR" pass
grep -q ' skip$' "$DIR/lines.txt" || problem "no skip line (ipi.self_register is skipped under TCG)"
end_case

# Every seventh reply withheld and one sample a series: the round trips
# lose their only sample and fail; the run fails with them.
begin_case result_lines_failed_rows
run_tcg drop --smp 2 --bench ipi --cmdline "samples=1 warmup=2 inject=ipi_drop"
check_lines "$DIR"
grep -q '^@irqbench result ipi\.roundtrip_spin\.0-1 fail$' "$DIR/lines.txt" ||
	problem "no fail line for ipi.roundtrip_spin.0-1"
# On the fast path (debugcon) the UART, which a lab reads, has them too.
text "$DIR/uart.log" | grep -a '@irqbench result' | cmp -s - "$DIR/lines.txt" ||
	problem "uart.log's result lines differ from the debug console's"
expect_run_case "$DIR" fail
end_case

# A run that stops in the middle still closes the lines, with the run failed.
begin_case result_lines_stopped_run
run_tcg fault --smp 2 --bench ipi --cmdline "samples=5 warmup=1 inject=handler_fault"
expect_failed "$DIR"
text "$DIR/serial.log" | grep -a '@irqbench result' >"$DIR/lines.txt"
expect_run_case "$DIR" fail
grep -q '^@irqbench results-end status=failed code=1 ' "$DIR/lines.txt" ||
	problem "no results-end with status=failed code=1"
end_case

begin_case result_lines_none
run_tcg none --smp 2 --bench ipi --cmdline "samples=5 warmup=1 results=none debugcon=off"
expect_ok "$DIR"
text "$DIR/serial.log" | grep -a '@irqbench result' >"$DIR/lines.txt"
[ "$(grep -vc 'irqbench.run.x-x\|results-begin\|results-end' "$DIR/lines.txt")" = 0 ] ||
	problem "results=none printed row lines"
grep -q '^@irqbench results-begin results=none$' "$DIR/lines.txt" || problem "no results-begin results=none"
end_case

finish
