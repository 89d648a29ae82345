#!/bin/sh
# A bad kernel command line stops the kernel before any work with one clear
# line (exit code 2); bad options to scripts/irqbench are named (exit 2).
. "$(dirname "$0")/lib.inc"

# bad_cmdline NAME CMDLINE WORD: checks a run refused for WORD.
bad_cmdline() {
	run_tcg "$1" --cmdline "$2"
	expect_failed "$DIR"
	expect_meta "$DIR" qemu_exit_status 5
	grep -q 'exit code 2' "$DIR/FAILED" 2>/dev/null ||
		problem "FAILED does not name kernel exit code 2: $(head -n 2 "$DIR/FAILED" 2>/dev/null | tr '\n' ' ')"
	_n=$(text "$DIR/serial.log" | grep -c "^irqbench: FAILED (exit code 2, bad command line): .*'$3'")
	[ "$_n" -eq 1 ] || problem "serial.log has $_n lines 'irqbench: FAILED (exit code 2, bad command line): ...'$3'...', expected 1"
	text "$DIR/serial.log" | grep -q '^@irqbench begin ' && problem "a table was emitted"
	expect_grep "$DIR/serial.log" '^@irqbench run-end frames=0 status=failed code=2 ' "no run-end with frames=0 code=2"
	for _f in "$DIR"/*.csv; do
		[ -e "$_f" ] || continue
		[ "${_f##*/}" = meta.csv ] || problem "unexpected table ${_f##*/}"
	done
	# meta.csv holds only the host rows.
	meta "$DIR" boot_protocol | grep -q . && problem "meta.csv has kernel rows"
	expect_meta "$DIR" boot_path kernel
}

begin_case cmdline_unknown_key
bad_cmdline bad-key "smaples=3" smaples
end_case

begin_case cmdline_bad_number
bad_cmdline bad-value "samples=abc" samples=abc
end_case

# A long command line and an error longer than any buffer used to hold:
# the boot line, the verdict and run-end each arrive whole, on their own
# lines (a cut print lost its newline and glued the verdict to the boot line).
begin_case cmdline_long_error_whole
_list=$(awk 'BEGIN { for (i = 0; i < 120; i++) printf "ipi,"; printf "ipi" }')
_key=$(awk 'BEGIN { for (i = 0; i < 62; i++) printf "k" }')
bad_cmdline long-error "bench=$_list samples=5 $_key=1" "$_key"
expect_grep "$DIR/serial.log" "^boot: .*command line: .*bench=$_list samples=5 $_key=1\$" \
	"serial.log has no whole boot line ending in the command line"
expect_grep "$DIR/serial.log" "^irqbench: FAILED \(exit code 2, bad command line\): cmdline: unknown key '$_key' in '$_key=1' \(accepted: bench samples .* debugcon min_samples tsc_trust\)\$" \
	"serial.log has no whole verdict line on its own line, ending with the accepted keys"
expect_grep "$DIR/serial.log" "^@irqbench run-end frames=0 status=failed code=2 reason=cmdline: unknown key .*\(accepted: bench .* debugcon min_samples tsc_trust\)\$" \
	"the run-end reason is not whole"
end_case

# expect_cmdline_recorded DIR ERE: the run succeeded, and both meta.csv's
# kernel_cmdline and the boot line match ERE (control bytes shown \xNN).
expect_cmdline_recorded() {
	expect_ok "$1"
	meta "$1" kernel_cmdline | grep -Eq -- "$2" ||
		problem "meta.csv: kernel_cmdline is '$(meta "$1" kernel_cmdline)', expected /$2/"
	expect_grep "$1/serial.log" "^boot: .*command line: .*$2" "the boot line does not show /$2/"
	text "$1/serial.log" | grep -q 'row-error' && problem "serial.log holds a row-error"
}

# docs/cmdline.md allows tabs between words: a tab must not cost meta.csv.
begin_case cmdline_tab_recorded
run_tcg tab --cmdline "$(printf 'bench=none\tsamples=5')"
expect_cmdline_recorded "$DIR" 'bench=none\\x09samples=5$'
end_case

# A command line longer than a row holds (docs/output-format.md: 512 bytes)
# used to become a lone quote that withheld meta.csv: it is recorded whole,
# in kernel_cmdline and kernel_cmdline_2, ... read in order.
begin_case cmdline_long_recorded
_list=$(awk 'BEGIN { for (i = 0; i < 150; i++) printf "none,"; printf "none" }')
run_tcg long --cmdline "$(printf 'bench=%s\tsamples=5' "$_list")"
expect_ok "$DIR"
_whole=$(awk -F, '$1 ~ /^kernel_cmdline(_[0-9]+)?$/ {
	v = substr($0, length($1) + 2)
	if (v ~ /^".*"$/) { v = substr(v, 2, length(v) - 2); gsub(/""/, "\"", v) }
	printf "%s", v }' "$DIR/meta.csv")
case $_whole in
*" bench=$_list\\x09samples=5") ;;
*) problem "kernel_cmdline pieces give '$_whole', expected it to end 'bench=none,...,none\\x09samples=5'" ;;
esac
[ -n "$(meta "$DIR" kernel_cmdline_2)" ] || problem "meta.csv has no kernel_cmdline_2: the case wants a command line longer than a row"
end_case

# Any other control byte reaches the kernel in the boot file name (QEMU
# passes the -kernel path as the first word, which the parser skips): a
# folder whose name holds \001 and \033, given to QEMU's -kernel through
# --qemu-arg (it comes last and wins; scripts/irqbench's own -kernel is a
# short link in a folder of its own, docs/cmdline.md).
begin_case cmdline_control_byte_recorded
_ctl=$T_OUT/ctl$(printf '\001')esc$(printf '\033')dir
mkdir -p "$_ctl"
ln -s "$ROOT/${IRQBENCH_BUILD:-build}/irqbench.elf" "$_ctl/irqbench.elf"
run_tcg control --cmdline "bench=none samples=5" --qemu-arg -kernel --qemu-arg "$_ctl/irqbench.elf"
expect_cmdline_recorded "$DIR" 'ctl\\x01esc\\x1bdir/irqbench\.elf bench=none samples=5$'
end_case

# cpus= naming a CPU the machine does not have: exit 2, the CPU named (it
# was left out silently), through the path pairs= takes.
begin_case cmdline_cpus_missing_cpu
run_tcg nocpu --smp 2 --cmdline "bench=none cpus=0,5"
expect_failed "$DIR"
expect_meta "$DIR" qemu_exit_status 5
expect_grep "$DIR/serial.log" "^irqbench: FAILED \(exit code 2, bad command line\): cmdline: cpus= names CPU 5, which does not exist \(this machine has 2 CPUs, 0 to 1; 2 online\)$" \
	"the refusal does not name CPU 5"
end_case

begin_case script_usage_errors
irqbench usage1 run --bogus
[ "$RC" -eq 2 ] || problem "run --bogus exited $RC, expected 2"
grep -q -- "--bogus" "$T_OUT/usage1.err" || problem "run --bogus: the error does not name the option"
irqbench usage2 run --accel quantum
[ "$RC" -eq 2 ] || problem "run --accel quantum exited $RC, expected 2"
grep -q "quantum" "$T_OUT/usage2.err" || problem "run --accel quantum: the error does not name the value"
irqbench usage3 frobnicate
[ "$RC" -eq 2 ] || problem "frobnicate exited $RC, expected 2"
irqbench usage4 run --icount --accel kvm
[ "$RC" -eq 2 ] || problem "run --icount --accel kvm exited $RC, expected 2"
irqbench usage5 help
[ "$RC" -eq 0 ] || problem "help exited $RC, expected 0"
grep -q 'usage: scripts/irqbench run' "$T_OUT/usage5.out" || problem "help prints no usage"
end_case

# Every numeric option of scripts/irqbench: a value of any length is judged
# by the script itself (no shell error such as "Illegal number" before the
# usage), and one too large says so, with the range.
begin_case script_numeric_options
for o in "run --smp" "run --timeout" "extract --run"; do
	n=$(echo "$o" | tr -c 'a-z\n' _)
	# shellcheck disable=SC2086
	irqbench "num$n-big" $o 123456789012345678901 log
	[ "$RC" -eq 2 ] || problem "$o 123456789012345678901 exited $RC, expected 2"
	[ "$(wc -l <"$T_OUT/num$n-big.err")" -eq 2 ] && grep -q "too large: it wants .* from 1 to [0-9]*\$" "$T_OUT/num$n-big.err" ||
		problem "$o 123456789012345678901: $(cat "$T_OUT/num$n-big.err")"
	# shellcheck disable=SC2086
	irqbench "num$n-zero" $o 0 log
	[ "$RC" -eq 2 ] && grep -q "wants .* from 1 to [0-9]*, not '0'" "$T_OUT/num$n-zero.err" ||
		problem "$o 0: exit $RC: $(cat "$T_OUT/num$n-zero.err")"
done
irqbench num-smp257 run --smp 257
grep -q 'too large' "$T_OUT/num-smp257.err" || problem "--smp 257: $(cat "$T_OUT/num-smp257.err")"
irqbench num-run2p32 extract --run 4294967296 log
grep -q 'too large' "$T_OUT/num-run2p32.err" || problem "--run 4294967296: $(cat "$T_OUT/num-run2p32.err")"
for n in 123456789012345678901 0 257 x; do
	sh scripts/bench-scale "$n" >"$T_OUT/num-scale.out" 2>"$T_OUT/num-scale.err"
	rc=$?
	[ "$rc" -eq 2 ] && [ "$(cat "$T_OUT/num-scale.err")" = "bench-scale: a CPU count is a whole number from 1 to 256 (scripts/irqbench run --smp), not '$n'" ] ||
		problem "bench-scale $n: exit $rc: $(head -c 300 "$T_OUT/num-scale.err")"
done
end_case

# The machine, CPU model and CPU count given through --qemu-arg (they come
# last on QEMU's command line, so they win) are the ones recorded.
begin_case script_qemu_arg_recorded
run_tcg qemuarg --bench none --qemu-arg -machine --qemu-arg q35 \
	--qemu-arg -cpu --qemu-arg qemu64,+ssse3 --qemu-arg -smp --qemu-arg 2
expect_ok "$DIR"
expect_meta "$DIR" qemu_machine q35
expect_meta "$DIR" qemu_cpu '"qemu64,+ssse3"'
expect_meta "$DIR" qemu_smp 2
expect_meta "$DIR" cpus_online 2
case $(meta "$DIR" run_id) in
*-smp2) ;;
*) problem "run_id $(meta "$DIR" run_id) does not say smp2" ;;
esac
end_case

finish
