#!/bin/sh
# The LAVA path on this machine (docs/lava.md): lava-run (lava-dispatcher,
# no server) runs the qemu job under TCG; the test cases LAVA records from
# the result lines must be the summary rows, and the LAVA log must extract
# to the same tables as a direct capture of the same boot.
. "$(dirname "$0")/lib.inc"

if ! command -v lava-run >/dev/null 2>&1; then
	echo "SKIP: lava: lava-run not found (Debian package lava-dispatcher; scripts/deps.sh installs it)"
	finish
fi

# lava_qemu NAME [CMDLINE [BOOT]]: scripts/lava-qemu into $T_OUT/NAME; sets
# L and LRC.
lava_qemu() {
	L=$T_OUT/$1
	shift
	sh scripts/lava-qemu "$L" "$@" >"$L.out" 2>&1
	LRC=$?
}

# check_cases DIR RUN_VERDICT: DIR/results.csv (what LAVA recorded) holds
# one case per row of the folder DIR/x's summary.csv, pass with the row's
# p50_ns in ns when ok, skip when skipped, fail otherwise, and the run's
# own case with RUN_VERDICT.
check_cases() {
	awk -F, "$AWK_COLS$AWK_RESULT"'
		FNR == 1 { columns(); next }
		{ print rcase() "," rverdict() "," (rverdict() == "pass" ? col("p50_ns") ",ns" : ",") }' "$1/x/summary.csv" >"$1/want.csv"
	echo "irqbench.run.x-x,$2,," >>"$1/want.csv"
	sort "$1/want.csv" >"$1/want.sorted"
	tail -n +2 "$1/results.csv" | sort >"$1/got.sorted"
	cmp -s "$1/want.sorted" "$1/got.sorted" ||
		problem "$1: LAVA's cases differ from summary.csv: $(diff "$1/want.sorted" "$1/got.sorted" | head -n 6 | tr '\n' ' ')"
}

# Every template renders to a job that LAVA's own schema accepts (strict),
# checked with lava-dispatcher's lava_common, in Debian's python3.
begin_case lava_jobs_schema
for d in "qemu --boot iso" "qemu --boot kernel" ipxe grub-efi; do
	# shellcheck disable=SC2086 # $d is a list of options
	sh scripts/irqbench lava-job --device $d --url http://files.lab/irqbench \
		--cmdline "bench=ipi pairs=0:1 samples=100" --out "$T_OUT/schema.yaml" 2>"$T_OUT/schema.err" ||
		problem "lava-job --device $d failed: $(cat "$T_OUT/schema.err")"
	/usr/bin/python3 -c 'import sys, yaml
from lava_common.schemas import validate
validate(yaml.safe_load(open(sys.argv[1])), strict=True)' "$T_OUT/schema.yaml" >"$T_OUT/schema.err" 2>&1 ||
		problem "lava-job --device $d: LAVA's schema refuses the job: $(tail -n 1 "$T_OUT/schema.err")"
done
end_case

begin_case lava_qemu_iso
# QEMU 7.2's chardev log writes a byte twice when its write to a reader
# that is late (LAVA, on a busy host) fails with EAGAIN: it logs the failed
# write, then the retry. LAVA's copy stays whole, the direct capture does
# not (LAVA reads 256 bytes at a time, so it is often late: about one boot
# in three under test load). Such a boot is run again, saying so, up to
# three in all; a third damaged capture fails the case.
for _try in 1 2 3; do
	lava_qemu iso
	irqbench serial_x extract "$L/serial.log" "$L/y"
	[ "$RC" -eq 0 ] && break
	[ "$_try" != 3 ] && echo "    note: lava_qemu_iso: QEMU's log of the serial port was damaged ($(grep -m 1 'error:' "$L/y/FAILED" | sed 's/^ *//')); booting again"
done
YRC=$RC
[ "$LRC" -eq 0 ] || problem "scripts/lava-qemu exited $LRC: $(tail -n 3 "$L.out" | tr '\n' ' ')"
irqbench lava_x extract "$L/lava.log" "$L/x"
[ "$RC" -eq 0 ] || problem "extract of the LAVA log exited $RC: $(tail -n 2 "$T_OUT/lava_x.err" | tr '\n' ' ')"
check_cases "$L" pass
grep -q ',pass,[0-9-]*,ns$' "$L/results.csv" || problem "no passing case with a measurement in ns"
grep -q ',skip,,$' "$L/results.csv" || problem "no skipped case"
# The same boot captured directly (QEMU's chardev log): the same tables.
[ "$YRC" -eq 0 ] || problem "extract of the direct capture exited $YRC, three boots in a row"
for f in "$L"/y/*.csv; do
	b=${f##*/}
	[ "$b" = meta.csv ] && continue
	cmp -s "$f" "$L/x/$b" || problem "$b differs between the LAVA log and the direct capture"
done
grep -v '^\(source_log\|extract_date\|run_id\|lava_job\),' "$L/x/meta.csv" >"$L/meta.x"
grep -v '^\(source_log\|extract_date\|run_id\),' "$L/y/meta.csv" >"$L/meta.y"
cmp -s "$L/meta.x" "$L/meta.y" || problem "meta.csv differs: $(diff "$L/meta.x" "$L/meta.y" | head -n 4 | tr '\n' ' ')"
echo "    lava_qemu_iso: $(tail -n 2 "$L.out" | head -n 1)"
end_case

# Every seventh IPI reply withheld, one sample a series: the round trips
# fail, the run fails; LAVA records those cases as fail, the job passes.
begin_case lava_qemu_kernel_injected
lava_qemu inject "samples=1 warmup=2 bench=ipi inject=ipi_drop" kernel
[ "$LRC" -eq 0 ] || problem "scripts/lava-qemu exited $LRC: $(tail -n 3 "$L.out" | tr '\n' ' ')"
irqbench inject_x extract "$L/lava.log" "$L/x"
[ "$RC" -eq 1 ] || problem "extract exited $RC, expected 1 (the run failed)"
check_cases "$L" fail
grep -q '^ipi\.roundtrip_spin\.0-1,fail,,$' "$L/results.csv" || problem "ipi.roundtrip_spin.0-1 is not a fail case"
echo "    lava_qemu_kernel_injected: $(tail -n 2 "$L.out" | head -n 1)"
end_case

# A target that stops before its results-begin, QEMU exiting: LAVA never
# finds the start, the job fails, no case passes; extract names the failure.
begin_case lava_qemu_no_start
LAVA_QEMU_EXTRA="-device isa-debug-exit,iobase=0xf4,iosize=0x04" lava_qemu nostart "bench=none selftest=fatal" kernel
[ "$LRC" -ne 0 ] || problem "scripts/lava-qemu exited 0 for a job whose target printed no results"
[ "$(wc -l <"$L/results.csv")" -eq 1 ] || problem "results.csv holds cases"
grep -q '"case": "job".*"result": "fail"' "$L/lava.log" || problem "LAVA did not record the job as failed"
irqbench nostart_x extract "$L/lava.log" "$L/x"
[ "$RC" -eq 1 ] || problem "extract exited $RC, expected 1"
end_case

# A target that starts its results but never ends them: QEMU killed after
# 8 s in a long run. LAVA's monitor reaches the end of the console and the
# job fails; the cases recorded so far never make the run case pass, and
# extract says the run has no run-end.
begin_case lava_qemu_no_end
printf '#!/bin/sh\nexec timeout 8 qemu-system-x86_64 "$@"\n' >"$T_OUT/qemu-cut"
chmod +x "$T_OUT/qemu-cut"
QEMU=$(cd "$T_OUT" && pwd -P)/qemu-cut lava_qemu noend "bench=timer,gates samples=100000 series_ms=60000" kernel
[ "$LRC" -ne 0 ] || problem "scripts/lava-qemu exited 0 for a job whose target never ended its results"
grep -q '"error_msg": "lava test monitoring reached end of file"\|"case": "job".*"result": "fail"' "$L/lava.log" ||
	problem "LAVA did not record the job as failed"
grep -q '^irqbench\.run\.x-x,' "$L/results.csv" && problem "the run case was recorded"
irqbench noend_x extract "$L/lava.log" "$L/x"
[ "$RC" -eq 1 ] || problem "extract exited $RC, expected 1"
grep -q "no run-end" "$L/x/FAILED" 2>/dev/null || problem "FAILED does not say the run has no run-end"
end_case

# The first job's log cut in the middle of a record, halfway: extract says
# where the log is cut and that the run has no run-end; nothing passes.
begin_case lava_log_truncated
L=$T_OUT/iso
n=$(($(wc -l <"$L/lava.log") / 2))
{ head -n "$n" "$L/lava.log"; sed -n "$((n + 1))p" "$L/lava.log" | cut -c1-40; } >"$T_OUT/cut.log"
irqbench cut_x extract "$T_OUT/cut.log" "$T_OUT/cut"
[ "$RC" -eq 1 ] || problem "extract of a cut LAVA log exited $RC, expected 1"
grep -q "line $((n + 1)) is not a whole LAVA log record" "$T_OUT/cut_x.err" ||
	problem "extract does not name the cut line $((n + 1))"
grep -q "no run-end" "$T_OUT/cut/FAILED" 2>/dev/null || problem "FAILED does not say the run has no run-end"
end_case

finish
