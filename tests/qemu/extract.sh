#!/bin/sh
# scripts/irqbench extract on a log from a good run (same tables as the run)
# and on the same log cut in the middle (refused; the cut table not written);
# raw samples sent as compact frames, expanded into the tables full rows give.
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

# A raw table rebuilt from the log by awk, apart from the extractor: each
# compact frame's rows become "fixed,i,row" (docs/output-format.md).
expand_raw() {
	text "$1" | awk -v t="$2" '
		$1 == "@irqbench" && $2 == "begin" && $4 == t {
			if (!head++)
				print $5
			fixed = NF == 7 && $6 ~ /^fixed=/ ? substr($6, 7) : ""
			inside = 1
			i = 0
			next
		}
		$1 == "@irqbench" && $2 == "end" { inside = 0; next }
		inside { print (fixed == "" ? $0 : fixed "," i++ "," $0) }'
}

begin_case extract_compact_frames
run_tcg compact --smp 2 --bench ipi,timer,gates,ioapic --cmdline "samples=30 series_ms=200"
expect_ok "$DIR"
for t in ipi timer gates ioapic; do
	n=$(text "$DIR/serial.log" | grep -c "^@irqbench begin [0-9]* $t [a-z_,]* fixed=$t,[^ ]* index=seq$")
	[ "$n" -gt 0 ] || problem "serial.log has no compact $t frame"
	full=$(text "$DIR/serial.log" | awk -v t="$t" '
		$1 == "@irqbench" { inside = $2 == "begin" && $4 == t; next }
		inside && /,/ { n++ }
		END { print n + 0 }')
	[ "$full" -eq 0 ] || problem "serial.log sends $full $t rows in full"
	expand_raw "$DIR/serial.log" "$t" | cmp -s - "$DIR/$t.csv" ||
		problem "$t.csv differs from its compact frames expanded by awk"
	[ "$(wc -l <"$DIR/$t.csv")" -gt 30 ] || problem "$t.csv holds fewer than 30 samples"
done
end_case

finish
