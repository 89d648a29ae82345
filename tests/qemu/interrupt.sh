#!/bin/sh
# A run interrupted at any point never leaves a folder that looks complete
# (issue "Reliability"). scripts/irqbench run is stopped with SIGINT,
# SIGTERM and SIGKILL, and QEMU under it is killed, each at a pseudo-random
# moment; the extractor is fed a real log cut at pseudo-random offsets.
# Every folder under its final name must then either be marked FAILED or be
# truly whole (the kernel's run-end says ok, QEMU's exit status is 1, and a
# fresh extraction of its serial.log gives the same tables). The moments
# come from a seed, 1 unless IRQBENCH_SEED=N gives another; it is printed,
# and the same seed gives the same moments.
. "$(dirname "$0")/lib.inc"

SEED=${IRQBENCH_SEED:-1}
case $SEED in
'' | *[!0-9]*) echo "FAIL: interrupt: IRQBENCH_SEED wants a whole number, not '$SEED'"; exit 1 ;;
esac
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

# expect_interrupted SIG RC AT: what scripts/irqbench must leave after SIG
# at AT ms, having exited with RC. Exit 0: it had finished, the folder is
# whole. SIGINT or SIGTERM: exit 1 with the folder marked FAILED, saying
# interrupted, or (before the run began its work folder) exit 128 + the
# signal's number and no folder. SIGKILL: exit 137, the folder absent,
# FAILED or whole (killed while drawing its plots), and a lock left behind
# names the dead process (the next run takes it over). After INT or TERM,
# neither a work folder nor a lock.
expect_interrupted() {
	_lock=$T_OUT/.${DIR##*/}.irqbench-lock
	case $1:$2 in
	*:0) [ -d "$DIR" ] || problem "SIG$1 at $3 ms: exit 0 but no $DIR"
		check_folder "$DIR" "SIG$1 at $3 ms (exit 0)"
		[ -s "$DIR/FAILED" ] && problem "SIG$1 at $3 ms: exit 0 but FAILED: $(head -n 1 "$DIR/FAILED")" ;;
	INT:1 | TERM:1)
		grep -q '^interrupted' "$DIR/FAILED" 2>/dev/null ||
			problem "SIG$1 at $3 ms: exit 1, but FAILED does not say interrupted: $(head -n 1 "$DIR/FAILED" 2>/dev/null)" ;;
	INT:130 | TERM:143)
		[ -e "$DIR" ] && problem "SIG$1 at $3 ms: exit $2 (before the run began), but $DIR exists" ;;
	KILL:137)
		check_folder "$DIR" "SIG$1 at $3 ms"
		[ ! -e "$_lock" ] || [ "$(cat "$_lock/pid" 2>/dev/null)" = "$PID" ] ||
			problem "SIG$1 at $3 ms: the lock left behind names '$(cat "$_lock/pid" 2>/dev/null)', not $PID" ;;
	*) problem "SIG$1 at $3 ms: scripts/irqbench exited $2 ($(tail -n 2 "$T_OUT/${DIR##*/}.err" | tr '\n' ' '))" ;;
	esac
	if [ "$1" != KILL ]; then
		[ -e "$_lock" ] && problem "SIG$1 at $3 ms: the lock is still there"
		[ -e "$T_OUT/.irqbench-run.$PID.tmp" ] && problem "SIG$1 at $3 ms: the work folder is still there"
	fi
	return 0
}

# A signal to scripts/irqbench, 0.1 to 4 s in: boot, benchmark or extraction.
for sig in INT TERM KILL INT TERM KILL; do
	begin_case "interrupt_run_sig$sig"
	rand 3900
	start "sig$sig-$R"
	pause $((R + 100))
	kill -s "$sig" "$PID" 2>/dev/null
	wait "$PID" 2>/dev/null
	rc=$?
	pause 1500 # a SIGKILLed script's QEMU is stopped by its watchdog within a second
	left=$(for _p in /proc/[0-9]*; do
		[ "$(readlink "$_p/fd/1" 2>/dev/null)" = "$(cd "$T_OUT" && pwd -P)/.irqbench-run.$PID.tmp/uart.log" ] &&
			echo "${_p#/proc/}"
	done)
	if [ -n "$left" ]; then
		problem "after SIG$sig at $((R + 100)) ms, processes still write the run's uart.log: $left"
		kill -KILL $left 2>/dev/null
	fi
	expect_interrupted "$sig" "$rc" $((R + 100))
	[ "$sig" = KILL ] && KILLED=$DIR
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
# run into the same parent folder; they never took a final name. That run
# goes into the last SIGKILLed run's folder, taking over its lock.
begin_case interrupt_stale_work_swept
left=$(ls -d "$T_OUT"/.irqbench-run.*.tmp 2>/dev/null | wc -l)
for w in run extract old; do
	mkdir -p "$T_OUT/.irqbench-$w.999999999.tmp"
done
irqbench "${KILLED##*/}" run --accel tcg --timeout 120 --out "$KILLED" --bench none
expect_ok "$KILLED"
[ -e "$T_OUT/.${KILLED##*/}.irqbench-lock" ] && problem "the lock of $KILLED is still there"
for _w in "$T_OUT"/.irqbench-*.tmp; do
	[ -d "$_w" ] && problem "$_w is still there after the next run ($left were left by the cases above)"
done
for w in run extract old; do
	grep -q "removed .*irqbench-$w.999999999.tmp, the work folder of a run that was killed" "$T_OUT/${KILLED##*/}.err" ||
		problem "the sweep of .irqbench-$w.999999999.tmp was not reported: $(cat "$T_OUT/${KILLED##*/}.err")"
done
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
