#!/bin/sh
# The fast output path (docs/output-format.md, "Two output paths"): under
# QEMU the kernel finds the debug console scripts/irqbench adds and sends
# it the whole stream, the UART keeping text lines; debugcon=off keeps
# everything on the UART; both give the same tables. serial=none writes to
# neither port; without the device the kernel falls back to the UART.
. "$(dirname "$0")/lib.inc"

QEMU=${QEMU:-qemu-system-x86_64}
ELF=${IRQBENCH_BUILD:-build}/irqbench.elf
RUN="--smp 2 --icount --bench ipi,gates"
CL="samples=40 warmup=2"

begin_case debugcon_default_fast_path
run_tcg fast $RUN --cmdline "$CL"
expect_ok "$DIR"
expect_meta "$DIR" output_path debugcon
expect_meta "$DIR" debugcon 0xe9
expect_meta "$DIR" serial_link_bps 115200
grep -q -- '-device isa-debugcon,iobase=0xe9,chardev=irqbench-debugcon' "$DIR/qemu.cmd" ||
	problem "qemu.cmd has no isa-debugcon: $(cat "$DIR/qemu.cmd")"
text "$DIR/serial.log" | head -n 1 | grep -q '^@irqbench run-begin ' ||
	problem "serial.log does not start with run-begin: $(head -n 1 "$DIR/serial.log")"
grep -q "$(printf '\r')" "$DIR/serial.log" && problem "serial.log (the debug console) holds a CR"
[ -s "$DIR/uart.log" ] || problem "no uart.log"
expect_grep "$DIR/uart.log" '^console: output continues on the debug console at port 0xe9; the UART carries text lines only$'
expect_grep "$DIR/uart.log" '^bench ipi: running$'
expect_grep "$DIR/uart.log" '^irqbench: completed($|; )'
# Result lines are text lines, for a lab that reads the UART (output-format.md).
text "$DIR/uart.log" | grep '@irqbench ' | grep -qv '@irqbench result' &&
	problem "uart.log carries markers: $(text "$DIR/uart.log" | grep '@irqbench ' | grep -m 2 -v '@irqbench result')"
# Every UART line from the kernel is a debug console line too, in order.
text "$DIR/uart.log" | sed -n '/^irqbench /,$p' >"$T_OUT/fast.uart-text"
text "$DIR/serial.log" | grep -xF -f "$T_OUT/fast.uart-text" | cmp -s - "$T_OUT/fast.uart-text" ||
	problem "the UART's text lines are not the debug console's, in the same order"
end_case

begin_case debugcon_off_uses_uart
run_tcg off $RUN --cmdline "$CL debugcon=off"
expect_ok "$DIR"
expect_meta "$DIR" output_path uart
expect_meta "$DIR" debugcon off
[ ! -e "$DIR/uart.log" ] || problem "uart.log exists: serial.log should be the UART's capture"
[ ! -e "$DIR/debugcon.log" ] || problem "debugcon.log exists: $(head -c 200 "$DIR/debugcon.log")"
text "$DIR/serial.log" | grep -q '^console: output continues on the debug console' &&
	problem "serial.log says the output continues on the debug console"
end_case

# Same tables, same headers, same row counts (icount: the same samples),
# and meta.csv the same keys.
begin_case debugcon_same_tables_as_uart
F=$T_OUT/fast O=$T_OUT/off
(cd "$F" && ls ./*.csv) >"$T_OUT/fast.tables" 2>/dev/null
(cd "$O" && ls ./*.csv) >"$T_OUT/off.tables" 2>/dev/null
cmp -s "$T_OUT/fast.tables" "$T_OUT/off.tables" ||
	problem "tables differ: $(diff "$T_OUT/off.tables" "$T_OUT/fast.tables" | tr '\n' ' ')"
[ "$(wc -l <"$T_OUT/off.tables")" -ge 8 ] || problem "only $(wc -l <"$T_OUT/off.tables") tables"
while read -r t; do
	[ "$(head -n 1 "$F/$t")" = "$(head -n 1 "$O/$t")" ] || problem "$t: headers differ"
	[ "$(wc -l <"$F/$t")" -eq "$(wc -l <"$O/$t")" ] ||
		problem "$t: $(wc -l <"$F/$t") lines on the fast path, $(wc -l <"$O/$t") on the UART"
done <"$T_OUT/off.tables"
cut -d, -f1 "$F/meta.csv" >"$T_OUT/fast.keys"
cut -d, -f1 "$O/meta.csv" >"$T_OUT/off.keys"
cmp -s "$T_OUT/fast.keys" "$T_OUT/off.keys" || problem "meta.csv keys differ"
end_case

# serial=none: nothing on either port (the kernel does not even read the
# debug console's port), so neither capture holds a byte.
begin_case debugcon_serial_none_silent
run_tcg none --cmdline "bench=none serial=none"
[ "$RC" -eq 0 ] || problem "scripts/irqbench exited $RC, expected 0"
[ -f "$DIR/serial.log" ] && [ ! -s "$DIR/serial.log" ] ||
	problem "serial.log is missing or not empty: $(head -c 200 "$DIR/serial.log" 2>/dev/null)"
for f in uart.log debugcon.log; do
	[ ! -e "$DIR/$f" ] || problem "$f exists: $(head -c 200 "$DIR/$f")"
done
grep -q 'isa-debugcon' "$DIR/qemu.cmd" || problem "qemu.cmd has no isa-debugcon"
end_case

# No device at 0xe9 (QEMU started without it): the probe reads 0xff and the
# UART carries everything.
begin_case debugcon_absent_falls_back
timeout 120 "$QEMU" -accel tcg -m 256 -display none -no-reboot \
	-device isa-debug-exit,iobase=0xf4,iosize=0x04 -serial "file:$T_OUT/absent.log" \
	-kernel "$ELF" -append "bench=none" </dev/null >"$T_OUT/absent.out" 2>&1
rc=$?
[ "$rc" -eq 1 ] || problem "QEMU exited $rc, expected 1 (kernel exit code 0)"
expect_grep "$T_OUT/absent.log" '^output_path,uart$'
expect_grep "$T_OUT/absent.log" '^debugcon,absent at 0xe9$'
expect_grep "$T_OUT/absent.log" '^@irqbench run-end .*status=ok'
end_case

finish
