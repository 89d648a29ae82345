#!/bin/sh
# Runs every test: the host unit tests in $B/tests, then the QEMU tests in
# tests/qemu (each a shell script), the result readers' tests (tests/report.sh,
# and tests/py/run.py for scripts/irqbench_results), with B=${IRQBENCH_BUILD:-build} (make test
# passes its B=), so several build folders can be tested side by side. Every test case prints "PASS: name" or
# "FAIL: name"; a program that dies without saying so counts as one failure.
# Ends with the line "N passed, N failed"; exits non-zero on any failure.
set -u
cd "$(dirname "$0")/.." || exit 2
B=${IRQBENCH_BUILD:-build}
export IRQBENCH_BUILD="$B"
out=$B/tests/log
mkdir -p "$out"
passed=0
failed=0

# run_one NAME CMD...: runs CMD, echoes its output, counts PASS/FAIL lines.
run_one() {
	name=$1
	shift
	log="$out/$name.log"
	t0=$(date +%s)
	"$@" >"$log" 2>&1
	status=$?
	cat "$log"
	echo "($name: $(($(date +%s) - t0)) s)"
	p=$(grep -c '^PASS: ' "$log")
	f=$(grep -c '^FAIL: ' "$log")
	if [ "$status" -ne 0 ] && [ "$f" -eq 0 ]; then
		echo "FAIL: $name exited with status $status without naming a failed case"
		f=1
	fi
	if [ "$p" -eq 0 ] && [ "$f" -eq 0 ]; then
		echo "FAIL: $name ran no test case"
		f=1
	fi
	passed=$((passed + p))
	failed=$((failed + f))
}

for t in "$B"/tests/test_*; do
	case $t in *.log | *.d) continue ;; esac
	[ -x "$t" ] || continue
	echo "== unit: ${t##*/}"
	run_one "${t##*/}" "$t"
done

for t in tests/qemu/*.sh; do
	[ -f "$t" ] || continue
	n=${t##*/}
	echo "== qemu: $n"
	run_one "${n%.sh}" sh "$t"
done

echo "== report: report.sh"
run_one report sh tests/report.sh

echo "== py: tests/py (the Python results programs)"
run_one py python3 tests/py/run.py

echo "== fuzz: make fuzz-short"
run_one fuzz make -s --no-print-directory B="$B" fuzz-short

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
