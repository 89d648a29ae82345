#!/bin/sh
# A guest that never finishes (QEMU started paused with -S) is killed after
# --timeout seconds; the run fails and says why.
. "$(dirname "$0")/lib.inc"

begin_case timeout_kills_qemu
run_tcg paused --qemu-arg -S --timeout 5 --bench none
expect_failed "$DIR"
expect_grep "$T_OUT/paused.err" 'QEMU killed after 5 s: the kernel did not finish' \
	"console does not say 'QEMU killed after 5 s: the kernel did not finish'"
grep -q 'QEMU killed after 5 s: the kernel did not finish' "$DIR/FAILED" 2>/dev/null ||
	problem "FAILED does not name the timeout"
expect_meta "$DIR" qemu_exit_status 124
grep -q -- ' -S$' "$DIR/qemu.cmd" || problem "qemu.cmd does not end in the extra argument -S"
[ "$SECS" -le 20 ] || problem "took $SECS s for a 5 s timeout"
end_case

finish
