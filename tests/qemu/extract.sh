#!/bin/sh
# scripts/irqbench extract on a log from a good run (same tables as the run)
# and on the same log cut in the middle (refused; the cut table not written).
. "$(dirname "$0")/lib.inc"

begin_case extract_good_log
run_tcg source --bench none
SRC=$DIR
expect_ok "$SRC"
irqbench good extract "$SRC/serial.log" "$T_OUT/good"
DIR=$T_OUT/good
[ "$RC" -eq 0 ] || problem "extract exited $RC: $(cat "$T_OUT/good.err")"
[ -e "$DIR/FAILED" ] && problem "FAILED exists"
expect_results_line "$DIR"
cmp -s "$SRC/serial.log" "$DIR/serial.log" || problem "serial.log is not a copy of the log"
[ -e "$DIR/qemu.cmd" ] && problem "qemu.cmd in an extract folder"
for t in "$SRC"/*.csv; do
	t=${t##*/}
	[ "$t" = meta.csv ] && continue
	cmp -s "$SRC/$t" "$DIR/$t" || problem "$t differs from the run's"
done
expect_meta "$DIR" boot_protocol multiboot1
expect_meta_keys "$DIR" run_id
end_case

begin_case extract_truncated_log
mkdir -p "$T_OUT/cut-src"
LOG=$T_OUT/cut-src/serial.log
if [ -f "$SRC/serial.log" ]; then
	size=$(wc -c <"$SRC/serial.log")
	head -c $((size / 2)) "$SRC/serial.log" >"$LOG"
	# The table of the frame left open at the cut.
	CUT=$(tr -d '\r' <"$LOG" | awk '
		/^@irqbench begin / { open = $4 }
		/^@irqbench end / { open = "" }
		END { print open }')
	irqbench cut extract "$LOG" "$T_OUT/cut"
	DIR=$T_OUT/cut
	[ "$RC" -ne 0 ] || problem "extract of a truncated log exited 0"
	[ -s "$DIR/FAILED" ] || problem "FAILED missing"
	grep -Eqi 'truncated|corrupt' "$DIR/FAILED" 2>/dev/null ||
		problem "FAILED does not say truncated: $(head -n 3 "$DIR/FAILED" 2>/dev/null | tr '\n' ' ')"
	if [ -z "$CUT" ]; then
		problem "the cut fell outside a frame (test setup)"
	elif [ -e "$DIR/$CUT.csv" ]; then
		problem "$CUT.csv written although its frame was cut"
	fi
	expect_results_line "$DIR"
else
	problem "no log from extract_good_log"
fi
end_case

finish
