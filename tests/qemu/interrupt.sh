#!/bin/sh
# A run interrupted at any point never leaves a folder that looks complete
# (issue "Reliability"). scripts/irqbench run is stopped with SIGINT,
# SIGTERM and SIGKILL, and QEMU under it is killed, each at a pseudo-random
# moment; the extractor is fed a real log cut at pseudo-random offsets.
# Every folder under its final name must then either be marked FAILED or be
# truly whole (the kernel's run-end says ok, QEMU's exit status is 1, and a
# fresh extraction of its serial.log gives the same tables). The seed is
# printed; IRQBENCH_SEED=N repeats a run.
. "$(dirname "$0")/lib.inc"

SEED=${IRQBENCH_SEED:-$(($(date +%s) % 100000))}
echo "seed: $SEED (IRQBENCH_SEED=$SEED repeats this run)"
RNG=$SEED
# rand N: sets R to a pseudo-random number in 0..N-1 (an LCG, as C's rand).
rand() {
	RNG=$(((RNG * 1103515245 + 12345) % 2147483648))
	R=$(((RNG / 65536) % $1))
}
EXTRACT=$ROOT/${IRQBENCH_BUILD:-build}/tools/irqbench-extract

# check_folder DIR WHAT: DIR is absent, marked FAILED, or truly whole.
check_folder() {
	[ -e "$1" ] || return 0
	[ -s "$1/FAILED" ] && return 0
	_why=
	text "$1/serial.log" 2>/dev/null | grep -q '^@irqbench run-end .*status=ok' ||
		_why="$_why; serial.log has no run-end status=ok"
	[ "$(meta "$1" qemu_exit_status)" = 1 ] || [ ! -e "$1/qemu.cmd" ] ||
		_why="$_why; qemu_exit_status is '$(meta "$1" qemu_exit_status)'"
	rm -rf "$T_OUT/recheck"
	if "$EXTRACT" "$1/serial.log" "$T_OUT/recheck" >/dev/null 2>&1; then
		for _t in "$T_OUT"/recheck/*.csv; do
			[ -f "$_t" ] || continue
			[ "${_t##*/}" = meta.csv ] && continue # the host appends its rows
			cmp -s "$_t" "$1/${_t##*/}" || _why="$_why; ${_t##*/} differs from a fresh extraction"
		done
	else
		_why="$_why; its serial.log does not extract cleanly"
	fi
	[ -z "$_why" ] || problem "$2: $1 looks complete without FAILED, but$_why"
}

# qemu_under PID: the QEMU process under scripts/irqbench PID (via timeout).
qemu_under() {
	for _p in /proc/[0-9]*; do
		_pp=$(awk '{ print $4 }' "$_p/stat" 2>/dev/null)
		[ "$_pp" = "$1" ] || continue
		case $(tr '\000' ' ' <"$_p/cmdline" 2>/dev/null) in
		timeout*) qemu_under "${_p#/proc/}" ;;
		*qemu-system*) echo "${_p#/proc/}" ;;
		esac
	done
}

# start NAME: scripts/irqbench run in the background, PID in PID.
start() {
	DIR=$T_OUT/$1
	sh scripts/irqbench run --accel tcg --timeout 120 --out "$DIR" --smp 2 --bench ipi \
		--cmdline "samples=3000 warmup=10" >"$T_OUT/$1.out" 2>"$T_OUT/$1.err" &
	PID=$!
}

# pause MS: sleeps MS milliseconds.
pause() {
	sleep "$(($1 / 1000)).$(printf '%03d' $(($1 % 1000)))"
}

# A signal to scripts/irqbench, 0.1 to 4 s in: boot, benchmark or extraction.
for sig in INT TERM KILL INT TERM KILL; do
	begin_case "interrupt_run_sig$sig"
	rand 3900
	start "sig$sig-$R"
	pause $((R + 100))
	kill -s "$sig" "$PID" 2>/dev/null
	wait "$PID" 2>/dev/null
	pause 1500 # a SIGKILLed script's QEMU is stopped by its watchdog within a second
	left=$(for _p in /proc/[0-9]*; do
		[ "$(readlink "$_p/fd/1" 2>/dev/null)" = "$(cd "$T_OUT" && pwd -P)/.irqbench-run.$PID.tmp/uart.log" ] &&
			echo "${_p#/proc/}"
	done)
	if [ -n "$left" ]; then
		problem "after SIG$sig at $((R + 100)) ms, processes still write the run's uart.log: $left"
		kill -KILL $left 2>/dev/null
	fi
	check_folder "$DIR" "SIG$sig at $((R + 100)) ms"
	end_case
done

# QEMU itself killed (SIGKILL, SIGTERM) at 0.3 to 3 s.
for sig in KILL TERM KILL; do
	begin_case "interrupt_qemu_sig$sig"
	rand 2700
	start "qemu$sig-$R"
	pause $((R + 300))
	q=$(qemu_under "$PID")
	[ -n "$q" ] && kill -s "$sig" $q 2>/dev/null
	wait "$PID"
	rc=$?
	if [ -n "$q" ] && [ "$rc" -eq 0 ]; then
		# QEMU may have finished just before the signal: then whole.
		check_folder "$DIR" "QEMU SIG$sig at $((R + 300)) ms"
	elif [ -n "$q" ]; then
		[ -s "$DIR/FAILED" ] || problem "QEMU SIG$sig at $((R + 300)) ms: exit $rc but no FAILED"
	else
		check_folder "$DIR" "QEMU gone before SIG$sig at $((R + 300)) ms"
	fi
	end_case
done

# The work folders that killed scripts left behind are swept by the next
# run into the same parent folder; they never took a final name.
begin_case interrupt_stale_work_swept
left=$(ls -d "$T_OUT"/.irqbench-run.*.tmp 2>/dev/null | wc -l)
mkdir -p "$T_OUT/.irqbench-run.999999999.tmp"
irqbench sweep run --accel tcg --timeout 120 --out "$T_OUT/sweep" --bench none
expect_ok "$T_OUT/sweep"
for _w in "$T_OUT"/.irqbench-run.*.tmp; do
	[ -d "$_w" ] && problem "$_w is still there after the next run ($left were left by the cases above)"
done
grep -q 'removed .*irqbench-run.999999999.tmp, the work folder of a run that was killed' "$T_OUT/sweep.err" ||
	problem "the sweep was not reported: $(cat "$T_OUT/sweep.err")"
end_case

# The extractor on a real log cut at pseudo-random offsets: whatever it
# writes is marked FAILED, unless the cut keeps the whole run-end line.
begin_case interrupt_truncated_logs
LOG=results/examples/tcg-smp2/serial.log
size=$(wc -c <"$LOG")
whole=$(grep -a -b '^@irqbench run-end ' "$LOG" | tail -n 1 | cut -d: -f1)
whole=$((whole + $(grep -a '^@irqbench run-end ' "$LOG" | tail -n 1 | wc -c)))
mkdir -p "$T_OUT/cut"
for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25 26 27 28 29 30; do
	rand "$size"
	off=$R
	[ "$i" -eq 1 ] && off=$((whole - 1)) # the last newline missing
	[ "$i" -eq 2 ] && off=$whole # everything
	head -c "$off" "$LOG" >"$T_OUT/cut/$i.log"
	out=$T_OUT/cut/$i
	"$EXTRACT" "$T_OUT/cut/$i.log" "$out" >/dev/null 2>&1
	xrc=$?
	if [ "$off" -lt "$whole" ]; then
		[ "$xrc" -ne 0 ] && [ -s "$out/FAILED" ] ||
			problem "cut at $off of $size (run-end complete at $whole): exit $xrc, FAILED $([ -s "$out/FAILED" ] && echo present || echo missing)"
	else
		[ "$xrc" -eq 0 ] && [ ! -e "$out/FAILED" ] ||
			problem "cut at $off keeps the whole run, but the extraction failed ($xrc)"
	fi
done
# And end to end, through scripts/irqbench extract.
rand $((whole - 1))
head -c "$R" "$LOG" >"$T_OUT/cut/script.log"
irqbench cutx extract "$T_OUT/cut/script.log" "$T_OUT/cutx"
[ "$RC" -ne 0 ] && [ -s "$T_OUT/cutx/FAILED" ] ||
	problem "scripts/irqbench extract of a log cut at $R: exit $RC, no FAILED"
end_case

finish
