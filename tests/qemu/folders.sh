#!/bin/sh
# Results folders: scripts/irqbench deletes only what it wrote (the folder's
# .irqbench-files lists it), refuses a folder that holds anything else,
# keeps a log extracted into its own folder, and lets one writer at a time
# into a folder (issue 16, items 1 and 9). Only the last cases boot QEMU.
. "$(dirname "$0")/lib.inc"

LOG=results/examples/tcg-smp2/serial.log

# entries_of DIR: DIR's entries, dot names included, on one line.
entries_of() {
	(cd "$1" && ls -A | tr '\n' ' ')
}

# no_temp DIR: nothing of scripts/irqbench's own is left beside DIR.
no_temp() {
	for _t in "$(dirname "$1")"/.irqbench-* "$(dirname "$1")"/.*.irqbench-lock*; do
		[ -e "$_t" ] && problem "left behind: $_t"
	done
	return 0
}

# expect_refused DIR ENTRIES WHAT: WHAT exited 3 and left DIR holding
# exactly ENTRIES (as entries_of prints them), with nothing beside it.
expect_refused() {
	[ "$RC" -eq 3 ] || problem "$3 exited $RC, expected 3"
	[ "$(entries_of "$1")" = "$2" ] || problem "the folder now holds: $(entries_of "$1")"
	no_temp "$1"
}

begin_case folders_extract_refuses_foreign_files
D=$T_OUT/capture
mkdir -p "$D"
cp "$LOG" "$D/serial.log"
echo "my notes" >"$D/notes.txt"
irqbench foreign extract "$D/serial.log" "$D"
expect_refused "$D" "notes.txt serial.log " "extract into a folder holding notes.txt"
grep -q "refusing to write into .*'notes.txt'" "$T_OUT/foreign.err" ||
	problem "the refusal does not name notes.txt: $(cat "$T_OUT/foreign.err")"
[ "$(cat "$D/notes.txt" 2>/dev/null)" = "my notes" ] || problem "notes.txt is gone or changed"
cmp -s "$LOG" "$D/serial.log" || problem "serial.log is gone or changed"
end_case

begin_case folders_extract_into_its_own_folder
D=$T_OUT/own
mkdir -p "$D"
cp "$LOG" "$D/capture.txt"
irqbench own1 extract "$D/capture.txt" "$D"
[ "$RC" -eq 0 ] || problem "first extract exited $RC: $(cat "$T_OUT/own1.err")"
irqbench own2 extract "$D/capture.txt" "$D"
[ "$RC" -eq 0 ] || problem "second extract exited $RC: $(cat "$T_OUT/own2.err")"
(cd "$D" && sh "$ROOT/scripts/irqbench" extract capture.txt . >"$ROOT/$T_OUT/own3.out" 2>"$ROOT/$T_OUT/own3.err")
[ $? -eq 0 ] || problem "extract capture.txt . from inside the folder failed: $(cat "$T_OUT/own3.err")"
cmp -s "$LOG" "$D/capture.txt" || problem "capture.txt is gone or changed"
cmp -s "$LOG" "$D/serial.log" || problem "serial.log is not a copy of the log"
[ -s "$D/summary.csv" ] || problem "no summary.csv"
[ -e "$D/FAILED" ] && problem "FAILED: $(cat "$D/FAILED")"
grep -qx summary.csv "$D/.irqbench-files" 2>/dev/null || problem ".irqbench-files does not list summary.csv"
grep -qx capture.txt "$D/.irqbench-files" && problem ".irqbench-files lists the user's capture.txt"
no_temp "$D"
end_case

begin_case folders_replace_removes_only_listed
D=$T_OUT/own
echo "stale table" >"$D/stale.csv"
echo stale.csv >>"$D/.irqbench-files"
irqbench replace extract "$D/capture.txt" "$D"
[ "$RC" -eq 0 ] || problem "extract over a results folder exited $RC: $(cat "$T_OUT/replace.err")"
[ -e "$D/stale.csv" ] && problem "stale.csv, listed in .irqbench-files, was not replaced"
cmp -s "$LOG" "$D/capture.txt" || problem "capture.txt is gone or changed"
echo "my notes" >"$D/notes.txt"
before=$(entries_of "$D")
irqbench replace2 extract "$LOG" "$D"
expect_refused "$D" "$before" "extract over a results folder holding notes.txt"
[ "$(cat "$D/notes.txt" 2>/dev/null)" = "my notes" ] || problem "notes.txt is gone or changed"
end_case

begin_case folders_without_manifest_refused
D=$T_OUT/old-style
mkdir -p "$D"
cp "$LOG" "$D/serial.log"
echo "QEMU exit status 0" >"$D/FAILED"
echo qemu-system-x86_64 >"$D/qemu.cmd"
irqbench oldstyle extract "$LOG" "$D"
expect_refused "$D" "FAILED qemu.cmd serial.log " "extract over a folder without .irqbench-files"
grep -q "no .irqbench-files" "$T_OUT/oldstyle.err" || problem "the refusal does not say why: $(cat "$T_OUT/oldstyle.err")"
D=$T_OUT/runforeign
mkdir -p "$D"
echo "my notes" >"$D/notes.txt"
run_tcg runforeign --bench none
expect_refused "$D" "notes.txt " "run --out into a folder holding notes.txt"
end_case

begin_case folders_stale_lock_taken_over
D=$T_OUT/stale
mkdir -p "$T_OUT/.stale.irqbench-lock"
echo 999999999 >"$T_OUT/.stale.irqbench-lock/pid"
irqbench stale extract "$LOG" "$D"
[ "$RC" -eq 0 ] || problem "extract beside a dead process's lock exited $RC: $(cat "$T_OUT/stale.err")"
grep -q 'took over the lock of .*stale from process 999999999, which is gone' "$T_OUT/stale.err" ||
	problem "the take-over was not said: $(cat "$T_OUT/stale.err")"
no_temp "$D"
end_case

# compare --out: the same rules (its usage errors exit 2).
begin_case folders_compare_out
D=$T_OUT/cmp
mkdir -p "$D/plots"
echo "my notes" >"$D/notes.txt"
echo "my picture" >"$D/plots/mine.png"
irqbench cmp1 compare results/examples/tcg-smp2 results/examples/kvm-smp2 --out "$D"
[ "$RC" -eq 2 ] || problem "compare --out a folder holding notes.txt exited $RC, expected 2"
grep -q "refusing to write into .*'notes.txt'" "$T_OUT/cmp1.err" || problem "the refusal does not name notes.txt: $(cat "$T_OUT/cmp1.err")"
[ "$(entries_of "$D")" = "notes.txt plots " ] || problem "the folder now holds: $(entries_of "$D")"
[ "$(cat "$D/plots/mine.png" 2>/dev/null)" = "my picture" ] || problem "plots/mine.png is gone or changed"
D=$T_OUT/cmp2
for i in 2 3; do
	irqbench "cmp$i" compare results/examples/tcg-smp2 results/examples/kvm-smp2 --out "$D"
	[ "$RC" -eq 0 ] || problem "compare --out a new or its own folder exited $RC: $(cat "$T_OUT/cmp$i.err")"
done
[ -s "$D/compare.csv" ] || problem "no compare.csv"
grep -qx compare.csv "$D/.irqbench-files" 2>/dev/null || problem ".irqbench-files does not list compare.csv"
no_temp "$D"
end_case

# Two runs into one results folder: the second is refused at once, naming
# the first, and so is a plot of the folder meanwhile; the first's folder is whole, its plots
# undamaged; plot and report work once it is done.
begin_case folders_one_writer_at_a_time
D=$T_OUT/shared
irqbench earlier extract "$LOG" "$D"
sh scripts/irqbench run --accel tcg --timeout 120 --out "$D" --bench none \
	>"$T_OUT/first.out" 2>"$T_OUT/first.err" &
first=$!
i=0
while [ ! -d "$T_OUT/.shared.irqbench-lock" ] && [ "$i" -lt 300 ]; do
	sleep 0.1
	i=$((i + 1))
done
[ -d "$T_OUT/.shared.irqbench-lock" ] || problem "the first run took no lock in 30 s"
irqbench second run --accel tcg --timeout 120 --out "$D" --bench none
[ "$RC" -eq 3 ] || problem "the second run exited $RC, expected 3"
grep -q "another scripts/irqbench (process $first) is writing it" "$T_OUT/second.err" ||
	problem "the refusal does not name process $first: $(cat "$T_OUT/second.err")"
irqbench plotting plot "$D"
[ "$RC" -eq 2 ] || problem "scripts/irqbench plot on the folder being written exited $RC, expected 2"
grep -q "being written by another irqbench (process $first)" "$T_OUT/plotting.err" ||
	problem "the plot's refusal does not name process $first: $(cat "$T_OUT/plotting.err")"
wait "$first"
RC=$?
cp "$T_OUT/first.out" "$T_OUT/shared.out"
expect_ok "$D"
ls "$D"/plots/*.gp-failed >/dev/null 2>&1 && problem "a plot failed: $(ls "$D"/plots/*.gp-failed)"
awk -F, '$2 == "error"' "$D/plots/index.csv" | grep -q . && problem "plots/index.csv names an error"
no_temp "$D"
for v in plot report; do
	irqbench "after-$v" "$v" "$D/"
	[ "$RC" -eq 0 ] || problem "scripts/irqbench $v after the run exited $RC: $(cat "$T_OUT/after-$v.err")"
done
no_temp "$D"
end_case

finish
