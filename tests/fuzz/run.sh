#!/bin/sh
# Runs libFuzzer targets (docs/fuzzing.md), each for a time, over a
# temporary copy of its seed corpus, so the committed corpus is never
# written. Prints per target
#   PASS: fuzz_<name> (<runs> runs in <s> s)
# or
#   FAIL: fuzz_<name> ...
# followed by the crash file and the first lines of the report, and ends
# with "fuzz: N passed, N failed"; exits non-zero on any failure.
#
# Usage: sh tests/fuzz/run.sh [-t SECONDS] [-b BINDIR] [-k DIR] [TARGET...]
#   -t  seconds per target (default: $FUZZ_SECONDS, else 60)
#   -b  where the fuzzer binaries are (default build/fuzz; make fuzz-build)
#   -k  keep each target's grown corpus in DIR/<target> (reused next time)
#       instead of a temporary directory
# TARGET defaults to every fuzz_* target. Crash files and the full log of
# each run go to BINDIR/artifacts/<target>/. Extra libFuzzer options may be
# given in $FUZZ_FLAGS (e.g. FUZZ_FLAGS=-jobs=2).
set -u
cd "$(dirname "$0")/../.." || exit 2

seconds=${FUZZ_SECONDS:-60}
bindir=build/fuzz
keep=
usage="usage: sh tests/fuzz/run.sh [-t SECONDS] [-b BINDIR] [-k DIR] [TARGET...]"
while getopts t:b:k: opt; do
	case $opt in
	t) seconds=$OPTARG ;;
	b) bindir=$OPTARG ;;
	k) keep=$OPTARG ;;
	*) echo "$usage" >&2; exit 2 ;;
	esac
done
shift $((OPTIND - 1))
case $seconds in
'' | *[!0-9]*) echo "$usage: SECONDS must be a whole number" >&2; exit 2 ;;
esac
[ $# -gt 0 ] || set -- fuzz_cmdline fuzz_mb2 fuzz_acpi fuzz_mptable fuzz_extract

tmp=$(mktemp -d "${TMPDIR:-/tmp}/irqbench-fuzz.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM

passed=0
failed=0
for name; do
	bin=$bindir/$name
	if [ ! -x "$bin" ]; then
		echo "FAIL: $name (no fuzzer $bin: run make fuzz-build)"
		failed=$((failed + 1))
		continue
	fi
	art=$bindir/artifacts/$name
	mkdir -p "$art"
	if [ -n "$keep" ]; then
		work=$keep/$name
	else
		work=$tmp/$name
	fi
	mkdir -p "$work"
	# The seeds, copied: libFuzzer adds to and reduces its first corpus.
	for seed in tests/fuzz/corpus/"$name"/*; do
		[ -f "$seed" ] && cp "$seed" "$work/"
	done
	log=$art/last.log
	# shellcheck disable=SC2086 # FUZZ_FLAGS is a list of options
	"$bin" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
		-print_final_stats=1 -artifact_prefix="$art/" ${FUZZ_FLAGS:-} \
		"$work" >"$log" 2>&1
	status=$?
	done_line=$(grep '^Done [0-9]* runs in [0-9]* second' "$log" | tail -n 1)
	if [ "$status" -eq 0 ] && [ -n "$done_line" ]; then
		runs=$(echo "$done_line" | sed 's/^Done \([0-9]*\) runs in \([0-9]*\) second.*/\1/')
		secs=$(echo "$done_line" | sed 's/^Done \([0-9]*\) runs in \([0-9]*\) second.*/\2/')
		echo "PASS: $name ($runs runs in $secs s)"
		passed=$((passed + 1))
		continue
	fi
	crash=$(sed -n 's/.*Test unit written to \(.*\)$/\1/p' "$log" | tail -n 1)
	echo "FAIL: $name (exit status $status; crash file: ${crash:-none}; log: $log)"
	# The report: from the sanitizer's or the harness's first line on.
	awk '/==[0-9]+==ERROR|==fuzz==|runtime error|deadly signal|ALARM|out-of-memory|^INFO: .*leak/ { on = 1 }
	     on && shown < 12 { print "  " substr($0, 1, 200); shown++ }' "$log"
	if [ -n "$crash" ]; then
		echo "  reproduce: $bin $crash"
	fi
	failed=$((failed + 1))
done

echo "fuzz: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
