#!/bin/sh
# Runs every test: the host unit tests in $B/tests, then the QEMU tests in
# tests/qemu (each a shell script), the result readers' tests (tests/report.sh,
# and tests/py/run.py for scripts/irqbench_results) and the short fuzz run,
# with B=${IRQBENCH_BUILD:-build} (make test passes its B=), so several build
# folders can be tested side by side. Every test case prints "PASS: name" or
# "FAIL: name"; a program that dies without saying so counts as one failure.
# The unit tests run one after another; the other programs run
# IRQBENCH_TEST_JOBS at a time (default: one more than the CPUs): much of
# a QEMU test is one single-threaded TCG vCPU or a wait (GRUB's menu, a
# signal's delay), and each writes only below $B/tests/qemu/<name>. A program's output is printed whole when
# it ends, with its time. Ends with the line "N passed, N failed"; exits
# non-zero on any failure.
set -u
cd "$(dirname "$0")/.." || exit 2
B=${IRQBENCH_BUILD:-build}
export IRQBENCH_BUILD="$B"
out=$B/tests/log
mkdir -p "$out"
passed=0
failed=0
JOBS=${IRQBENCH_TEST_JOBS:-$(($(nproc 2>/dev/null || echo 1) + 1))}
case $JOBS in '' | *[!0-9]* | 0) echo "run.sh: IRQBENCH_TEST_JOBS must be a number from 1, not '$JOBS'" >&2; exit 2 ;; esac

# tally NAME STATUS SECONDS: echoes NAME's log and time, counts its PASS/FAIL lines.
tally() {
	log="$out/$1.log"
	cat "$log"
	echo "($1: $3 s)"
	p=$(grep -c '^PASS: ' "$log")
	f=$(grep -c '^FAIL: ' "$log")
	if [ "$2" -ne 0 ] && [ "$f" -eq 0 ]; then
		echo "FAIL: $1 exited with status $2 without naming a failed case"
		f=1
	fi
	if [ "$p" -eq 0 ] && [ "$f" -eq 0 ]; then
		echo "FAIL: $1 ran no test case"
		f=1
	fi
	passed=$((passed + p))
	failed=$((failed + f))
}

for t in "$B"/tests/test_*; do
	case $t in *.log | *.d) continue ;; esac
	[ -x "$t" ] || continue
	n=${t##*/}
	echo "== unit: $n"
	t0=$(date +%s)
	"$t" >"$out/$n.log" 2>&1
	tally "$n" $? $(($(date +%s) - t0))
done

# job NAME: runs the program NAME stands for (qemu-X is tests/qemu/X.sh).
job() {
	case $1 in
	qemu-*) sh "tests/qemu/${1#qemu-}.sh" ;;
	report) sh tests/report.sh ;;
	py) python3 tests/py/run.py ;;
	fuzz) make -s --no-print-directory B="$B" fuzz-short ;;
	esac
}

# The programs, the longest first (as measured on 2 cores), so that the
# last to finish is a short one.
first="qemu-ipi qemu-plan fuzz qemu-interrupt qemu-inject py qemu-lava qemu-grubmenu"
rest=
for t in tests/qemu/*.sh; do
	n=qemu-$(basename "$t" .sh)
	case " $first " in *" $n "*) ;; *) rest="$rest $n" ;; esac
done
set -- $first $rest report

# The QEMU tests need the kernel, ISO and tools built; make test has built
# them, so the tests' own builds are skipped and cannot race each other.
make -s B="$B" kernel iso tools >"$out/build.log" 2>&1 || {
	cat "$out/build.log"
	echo "FAIL: build"
	echo "$passed passed, $((failed + 1)) failed"
	exit 1
}
IRQBENCH_NO_BUILD=1
export IRQBENCH_NO_BUILD

# Each program in its own process group (set -m), so that an interrupted
# make test stops every QEMU a program started.
set -m
running=
trap 'for n in $running; do kill -TERM -- "-$(cat "$out/$n.pid")" 2>/dev/null; done; exit 130' INT TERM
while [ $# -gt 0 ] || [ -n "$running" ]; do
	if [ $# -gt 0 ] && [ $(echo $running | wc -w) -lt "$JOBS" ]; then
		rm -f "$out/$1.rc"
		date +%s >"$out/$1.t0"
		(job "$1" >"$out/$1.log" 2>&1; echo $? >"$out/$1.rc.tmp"; mv "$out/$1.rc.tmp" "$out/$1.rc") &
		echo $! >"$out/$1.pid"
		running="$running $1"
		shift
		continue
	fi
	sleep 1
	still=
	for n in $running; do
		if [ -f "$out/$n.rc" ]; then
			echo "== $n"
			tally "$n" "$(cat "$out/$n.rc")" $(($(date +%s) - $(cat "$out/$n.t0")))
		else
			still="$still $n"
		fi
	done
	running=$still
done

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
