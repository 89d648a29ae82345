#!/bin/sh
# Screen output and the serial port choice (docs/screen.md): the VGA text
# path (QEMU -kernel, Multiboot1) and the framebuffer path (GRUB under OVMF,
# a GOP framebuffer from the Multiboot2 tag) draw the end-of-run summary,
# checked on QEMU's screendump row by row; serial=none, a machine without a
# UART, serial=com2 and a bad serial= value.
. "$(dirname "$0")/lib.inc"

QEMU=${QEMU:-qemu-system-x86_64}
ELF=${IRQBENCH_BUILD:-build}/irqbench.elf
OVMF=/usr/share/ovmf/OVMF.fd
PPMROWS=$T_OUT/ppmrows
# A text row is 16 pixels tall on both paths (VGA 720x400 for 80x25; the
# framebuffer font is 8x8 drawn 8x16).
CELL=16

# shot NAME QEMU_ARG...: boots under TCG with the serial port in
# $T_OUT/NAME.log and the monitor on a FIFO; once the run-end line is there
# (at most 120 s) takes a screendump to $T_OUT/NAME.ppm and quits. Sets
# SHOT_RC (QEMU's status: 0 after quit) and SHOT_ROWS (ppmrows's output).
shot() {
	_n=$1
	shift
	_log=$T_OUT/$_n.log _fifo=$T_OUT/$_n.monitor-in _ppm=$T_OUT/$_n.ppm
	rm -f "$_log" "$_fifo" "$_ppm"
	mkfifo "$_fifo" || return 1
	timeout 180 "$QEMU" -accel tcg -m 256 -display none -no-reboot \
		-device isa-debug-exit,iobase=0xf4,iosize=0x04 -serial "file:$_log" \
		-monitor stdio "$@" <"$_fifo" >"$T_OUT/$_n.monitor" 2>"$T_OUT/$_n.err" &
	_qpid=$!
	exec 3>"$_fifo"
	_i=0
	while [ "$_i" -lt 120 ] && kill -0 "$_qpid" 2>/dev/null &&
		! text "$_log" 2>/dev/null | grep -q '^@irqbench run-end'; do
		sleep 1
		_i=$((_i + 1))
	done
	# The monitor runs one command after the other: the dump is written
	# before quit is read.
	echo "screendump $_ppm" >&3
	echo quit >&3
	exec 3>&-
	wait "$_qpid"
	SHOT_RC=$?
	SHOT_ROWS=$("$PPMROWS" "$_ppm" "$CELL" 2>&1)
}

# expect_rows N: the screendump has ink in exactly its first N text rows.
expect_rows() {
	set -- "$1" $SHOT_ROWS
	if [ $# -ne 5 ]; then
		problem "ppmrows: $SHOT_ROWS"
		return
	fi
	_want=$(awk -v n="$1" -v len="${#5}" 'BEGIN {
		s = ""; for (i = 0; i < len; i++) s = s (i < n ? "#" : "."); print s }')
	[ "$5" = "$_want" ] ||
		problem "inked text rows $5, expected $_want ($1 lines: the summary and status)"
	[ "$4" -gt $((200 * $1)) ] || problem "only $4 inked pixels for $1 lines of text"
}

# expect_shot_run NAME SCREEN: the run completed and held, its screen was
# SCREEN (meta.csv's value, a prefix), the dump was taken.
expect_shot_run() {
	[ "$SHOT_RC" -eq 0 ] || problem "QEMU exited $SHOT_RC, expected 0 after quit ($(head -c 300 "$T_OUT/$1.err"))"
	expect_grep "$T_OUT/$1.log" '^@irqbench run-end .*status=ok'
	expect_grep "$T_OUT/$1.log" "^screen,$2"
	[ -s "$T_OUT/$1.ppm" ] || problem "no screendump $T_OUT/$1.ppm"
}

begin_case ppmrows_builds
cc -O2 -Wall -Wextra -o "$PPMROWS" tests/qemu/ppmrows.c 2>"$T_OUT/ppmrows.err" ||
	problem "cannot build tests/qemu/ppmrows.c: $(head -n 3 "$T_OUT/ppmrows.err")"
end_case

# VGA text (SeaBIOS left mode 3): self-IPI series give summary rows; the
# screen shows the count line, the header, one line a row, the status line
# and the hold line.
begin_case screen_vga_kernel_summary
shot vga -kernel "$ELF" -append "bench=ipi samples=50 warmup=0 series_ms=200 hold=yes"
expect_shot_run vga 'vga text 80x25'
n=$(text "$T_OUT/vga.log" | sed -n 's/^@irqbench end [0-9]* summary rows=\([0-9]*\) .*/\1/p' |
	awk '{ n += $1 } END { print n + 0 }')
[ "$n" -ge 1 ] || problem "no summary rows in the log"
# 25 rows less the 7 tally.c keeps: at most 18 summary lines, then "... more".
if [ "$n" -le 18 ]; then lines=$((n + 4)); else lines=$((18 + 5)); fi
expect_rows "$lines"
expect_grep "$T_OUT/vga.log" '^irqbench: completed($|; )'
end_case

# GRUB under UEFI: the Multiboot2 framebuffer tag, drawn with the kernel's
# font. bench=none: the count line, the status line and the hold line.
begin_case screen_fb_uefi_grub
if [ ! -f "$OVMF" ]; then
	problem "no $OVMF (install package ovmf)"
else
	iso=$T_OUT/isoroot
	mkdir -p "$iso/boot/grub" && cp "$ELF" "$iso/boot/irqbench.elf"
	cat >"$iso/boot/grub/grub.cfg" <<'CFG'
serial --unit=0 --speed=115200 --word=8 --parity=no --stop=1
terminal_input --append serial console
terminal_output --append serial console
insmod all_video
set timeout=0
menuentry "irqbench" {
	multiboot2 /boot/irqbench.elf bench=none hold=yes
	boot
}
CFG
	if ! grub-mkrescue -o "$T_OUT/fb.iso" "$iso" >"$T_OUT/grub-mkrescue.log" 2>&1; then
		problem "grub-mkrescue failed: $(tail -n 3 "$T_OUT/grub-mkrescue.log")"
	else
		shot fb -bios "$OVMF" -cdrom "$T_OUT/fb.iso"
		expect_shot_run fb 'framebuffer [0-9]*x[0-9]* [0-9]* bpp'
		expect_rows 3
		expect_grep "$T_OUT/fb.log" '^boot: multiboot2 from GRUB'
	fi
fi
end_case

begin_case serial_none_completes_silently
run_tcg serial_none --cmdline "bench=none serial=none"
[ "$RC" -eq 0 ] || problem "scripts/irqbench exited $RC, expected 0: $(head -n 3 "$DIR/FAILED" 2>/dev/null)"
[ -f "$DIR/serial.log" ] && [ ! -s "$DIR/serial.log" ] ||
	problem "serial.log is missing or not empty: $(head -c 200 "$DIR/serial.log" 2>/dev/null)"
expect_meta "$DIR" qemu_exit_status 1
expect_grep "$T_OUT/serial_none.out" '^irqbench: serial=none: .*no log.*\(completed\)$'
expect_results_line "$DIR"
end_case

# No UART at all (-serial none): the scratch-register test fails, the run
# goes on on screen only and still exits through isa-debug-exit.
begin_case no_uart_still_completes
timeout 120 "$QEMU" -accel tcg -m 256 -display none -no-reboot -serial none \
	-device isa-debug-exit,iobase=0xf4,iosize=0x04 -kernel "$ELF" -append "bench=none" \
	</dev/null >"$T_OUT/no_uart.out" 2>&1
rc=$?
[ "$rc" -eq 1 ] || problem "QEMU exited $rc, expected 1 (kernel exit code 0): $(head -c 300 "$T_OUT/no_uart.out")"
end_case

begin_case serial_com2_carries_frames
run_tcg com2 --cmdline "bench=none serial=com2"
expect_ok "$DIR"
expect_meta "$DIR" serial_port 0x2f8
expect_meta "$DIR" serial_uart present
grep -q -- '-serial null -serial stdio' "$DIR/qemu.cmd" || problem "qemu.cmd: $(cat "$DIR/qemu.cmd")"
[ -s "$DIR/cpus.csv" ] || problem "cpus.csv missing: frames on COM2 were not extracted"
end_case

begin_case serial_bad_value_refused
run_tcg bad --cmdline "bench=none serial=com9"
expect_failed "$DIR"
expect_meta "$DIR" qemu_exit_status 5
expect_grep "$DIR/serial.log" "^irqbench: FAILED \(exit code 2, bad command line\): cmdline: unknown serial port 'com9' in 'serial=com9' \(accepted: com1 com2 com3 com4 none"
end_case

finish
