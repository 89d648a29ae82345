#!/bin/sh
# The kernel's exception self-tests under TCG: selftest=exceptions checks the
# frames handlers see, twice with -icount (the tables must be byte-identical);
# selftest=fatal must end in the kernel's fault report and a failed run.
. "$(dirname "$0")/lib.inc"

begin_case selftest_exceptions_icount
run_tcg exc-a --cmdline selftest=exceptions --bench none --icount
expect_ok "$DIR"
expect_meta "$DIR" qemu_icount on
grep -q -- '-icount shift=0' "$DIR/qemu.cmd" || problem "qemu.cmd has no -icount shift=0"
check_selftest "$DIR"
# rdmsr_gp is skipped where RDMSR of an unknown MSR does not fault (TCG),
# icr_if in x2APIC mode.
expect_grep "$DIR/serial.log" '^selftest exceptions: (all 9 passed|8 passed, 1 skipped \(reasons in selftest.csv\))$' \
	"serial.log does not say 'all 9 passed' or '8 passed, 1 skipped'"
# TCG's qemu64 has no x2APIC: the xAPIC ICR's two halves were checked.
grep -q '^icr_if,1,#DB,,[0-9a-f]*,,,ok,$' "$DIR/selftest.csv" 2>/dev/null ||
	problem "selftest.csv: icr_if is not ok: $(grep '^icr_if' "$DIR/selftest.csv" 2>/dev/null)"
end_case

begin_case selftest_icount_deterministic
run_tcg exc-b --cmdline selftest=exceptions --bench none --icount
expect_ok "$DIR"
for f in idt.csv selftest.csv; do
	if [ ! -f "$T_OUT/exc-a/$f" ] || [ ! -f "$T_OUT/exc-b/$f" ]; then
		problem "$f missing in one of the two runs"
	elif ! cmp -s "$T_OUT/exc-a/$f" "$T_OUT/exc-b/$f"; then
		problem "$f differs between two -icount runs:"
		problem "$(diff "$T_OUT/exc-a/$f" "$T_OUT/exc-b/$f" | head -n 6)"
	fi
done
end_case

begin_case selftest_fatal_reported
run_tcg fatal --cmdline selftest=fatal --bench none
expect_failed "$DIR"
expect_meta "$DIR" qemu_exit_status 3
grep -q 'exit code 1' "$DIR/FAILED" 2>/dev/null ||
	problem "FAILED does not name kernel exit code 1: $(head -n 3 "$DIR/FAILED" 2>/dev/null | tr '\n' ' ')"
grep -q 'panic' "$DIR/FAILED" 2>/dev/null || problem "FAILED does not name the panic"
L=$DIR/serial.log
expect_grep "$L" '^\*\*\* unexpected exception on cpu 0 during selftest fatal: vector 14 \(0xe\) #PF' \
	"serial.log has no '*** unexpected exception ... #PF' report line"
expect_grep "$L" 'CR2=0x0000000000000123' "serial.log has no CR2=0x0000000000000123"
expect_grep "$L" '^ +error code 0x[0-9a-f]+: .*write' "serial.log has no decoded error code naming 'write'"
text "$L" | grep -q '^irqbench: completed' && problem "serial.log says completed"
expect_grep "$T_OUT/fatal.out" '^irqbench: FAILED \(exit code 1' "console does not show the kernel's FAILED line"
end_case

finish
