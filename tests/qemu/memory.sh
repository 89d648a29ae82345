#!/bin/sh
# Sample memory is checked up front (issue "Reliability"): a suite that
# needs more than the memory map gives is refused before the first
# benchmark, with the need, the limit and the largest samples= that fits;
# that samples= then runs every benchmark (mem_alloc would end the run with
# exit code 3 if a benchmark took more than its need said), and one more
# sample is refused again.
. "$(dirname "$0")/lib.inc"

MEM="--qemu-arg -m --qemu-arg 32"
REFUSAL='^irqbench: FAILED \(exit code 2, bad command line\): mem: samples=[0-9]+ needs [0-9]+ bytes of sample memory \(bench [a-z]+, 2 CPUs\), but the memory map gives [0-9]+: the largest samples= that fits is [0-9]+$'

# expect_refused DIR: exit code 2 with the message, and no benchmark ran.
expect_refused() {
	expect_failed "$1"
	expect_meta "$1" qemu_exit_status 5
	expect_grep "$1/serial.log" "$REFUSAL" "serial.log has no refusal naming need, limit and the largest samples="
	text "$1/serial.log" | grep -Eq '^bench [a-z]+: running|^@irqbench begin [0-9]+ summary ' &&
		problem "a benchmark ran or wrote a summary row before the refusal"
	return 0
}

begin_case memory_refused_up_front
run_tcg big --smp 2 $MEM --cmdline "samples=10000000"
expect_refused "$DIR"
FIT=$(text "$DIR/serial.log" | sed -n 's/.*the largest samples= that fits is \([0-9]*\)$/\1/p' | head -n 1)
NEED=$(text "$DIR/serial.log" | sed -n 's/.* needs \([0-9]*\) bytes .* gives \([0-9]*\):.*/\1 \2/p' | head -n 1)
set -- $NEED
[ $# -eq 2 ] && [ "$1" -gt "$2" ] || problem "need and limit '$NEED': the need should exceed the limit"
end_case

begin_case memory_largest_fit_runs
if [ -n "$FIT" ] && [ "$FIT" -gt 0 ]; then
	run_tcg fits --smp 2 $MEM --cmdline "samples=$FIT series_ms=1"
	expect_ok "$DIR"
	expect_grep "$DIR/serial.log" '^mem: the selected benchmarks need at most [0-9]+ bytes of the [0-9]+ available$' \
		"serial.log does not say the need fits"
	for b in ipi timer gates ioapic; do
		grep -q "^$b," "$DIR/summary.csv" 2>/dev/null || problem "no summary row of $b"
	done
else
	problem "no largest samples= in the refusal"
fi
end_case

begin_case memory_one_more_refused
if [ -n "$FIT" ] && [ "$FIT" -gt 0 ]; then
	run_tcg over --smp 2 $MEM --cmdline "samples=$((FIT + 1)) series_ms=1"
	expect_refused "$DIR"
	expect_grep "$DIR/serial.log" "fits is $FIT\$" "the refusal of samples=$((FIT + 1)) does not name $FIT again"
else
	problem "no largest samples= in the refusal"
fi
end_case

# Less memory than the kernel image and its .bss (QEMU -m 12; they end
# near 13.6 MiB): refused from the Multiboot memory map before .bss is
# used (it lies past the end of RAM), with the minimum and what was found.
begin_case memory_below_image
run_tcg m12 --bench none --qemu-arg -m --qemu-arg 12
expect_failed "$DIR"
expect_meta "$DIR" qemu_exit_status 7
expect_grep "$DIR/serial.log" '^irqbench: FAILED \(exit code 3, boot or hardware setup failed\): mem: irqbench needs at least 1[0-9] MiB of memory: its image and \.bss take 0x100000-0x[0-9a-f]+, but the memory map.s RAM from 0x100000 ends at 0x[0-9a-f]+ \([0-9]+ KiB\)$' \
	"serial.log does not refuse with exit code 3, the minimum and the memory found"
expect_grep "$DIR/serial.log" '^@irqbench run-end frames=0 status=failed code=3 reason=mem: irqbench needs at least' \
	"run-end does not carry the reason"
# The minimum it states boots (bench=none needs no sample memory).
MIN=$(text "$DIR/serial.log" | sed -n 's/.*needs at least \([0-9]*\) MiB.*/\1/p' | head -n 1)
if [ -n "$MIN" ]; then
	run_tcg min --bench none --qemu-arg -m --qemu-arg "$MIN"
	expect_ok "$DIR"
else
	problem "no minimum in the refusal"
fi
end_case

finish
