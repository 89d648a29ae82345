#!/bin/sh
# The ISO's real GRUB menu (grub.cfg), driven the way a person at a serial
# console or IPMI SOL drives it: the menu must appear on the serial port,
# take arrow keys and Enter from it, and boot the chosen entry's command
# line. QEMU's serial port is a pair of FIFOs (-serial pipe:P reads P.in,
# writes P.out). SeaBIOS and OVMF each boot the ISO.
. "$(dirname "$0")/lib.inc"

ISO=${IRQBENCH_BUILD:-build}/irqbench.iso
QEMU=${QEMU:-qemu-system-x86_64}

# entry_index TEXT: the position (from 0) of the top-level entry whose title
# holds TEXT.
entry_index() {
	awk -v want="$1" '
		/^(menuentry|submenu) / { if (index($0, want)) { print n; exit } n++ }
	' grub.cfg
}

# settle FILE: waits (at most 60 s) until FILE stops growing for a second:
# GRUB has finished drawing and reads keys.
settle() {
	_last=-1
	for _i in $(seq 1 60); do
		_size=$(wc -c <"$1")
		[ "$_size" -eq "$_last" ] && return 0
		_last=$_size
		sleep 1
	done
}

# pick NAME KEYS FIRMWARE_ARGS...: boots the ISO, waits for GRUB's menu on
# serial, then types KEYS: "down N" presses Down N times and Enter, "hotkey C"
# presses the entry's hotkey C. The serial log ends up in $T_OUT/NAME.log and
# QEMU's exit status in QRC.
pick() {
	_n=$1 _keys=$2
	shift 2
	_p=$T_OUT/$_n
	_log=$T_OUT/$_n.log.tmp
	rm -f "$_p.in" "$_p.out"
	mkfifo "$_p.in" "$_p.out" || { problem "mkfifo failed"; return; }
	timeout 240 "$QEMU" -accel tcg -machine pc -m 256 -smp 2 "$@" -cdrom "$ISO" \
		-serial "pipe:$_p" -display none -no-reboot \
		-device isa-debug-exit,iobase=0xf4,iosize=0x04 2>"$_p.stderr" &
	_qpid=$!
	exec 3>"$_p.in"
	cat "$_p.out" >"$_log" &
	_cat=$!
	_seen=
	for _i in $(seq 1 240); do
		if grep -aq 'irqbench: exception self-test' "$_log" 2>/dev/null; then
			_seen=yes
			break
		fi
		sleep 0.5
	done
	if [ -n "$_seen" ]; then
		type_keys $_keys
	else
		problem "GRUB's menu never appeared on the serial port in 120 s"
	fi
	exec 3>&-
	wait "$_qpid"
	QRC=$?
	wait "$_cat"
	mv "$_log" "$T_OUT/$_n.log"
	rm -f "$_p.in" "$_p.out"
}

# type_keys down N | hotkey C: to GRUB on fd 3, while it writes $_log.
type_keys() {
	# Up on the first entry moves nothing but stops the countdown, which
	# otherwise redraws every second; a key that arrives while GRUB is
	# still drawing is lost, so repeat it.
	for _k in 1 2 3; do
		printf '\033[A' >&3
		sleep 1
	done
	settle "$_log"
	case $1 in
	down)
		_k=0
		while [ "$_k" -lt "$2" ]; do
			printf '\033[B' >&3
			settle "$_log"
			_k=$((_k + 1))
		done
		printf '\r' >&3
		;;
	hotkey) printf '%s' "$2" >&3 ;;
	esac
}

# check_picked NAME CMDLINE: the kernel ran with exactly CMDLINE and completed.
check_picked() {
	_log=$T_OUT/$1.log
	[ "$QRC" -eq 1 ] || problem "QEMU exit status $QRC, expected 1 (kernel exit code 0)"
	_cl=$(text "$_log" | sed -n 's/^kernel_cmdline,//p' | head -n 1)
	[ "$_cl" = "$2" ] || problem "kernel_cmdline is '$_cl', expected '$2'"
	text "$_log" | grep -q '^@irqbench run-end .*status=ok' ||
		problem "no run-end line with status=ok: $(text "$_log" | tail -n 3)"
}

# Arrow keys, as on a serial console.
begin_case grub_menu_arrows_seabios
_downs=$(entry_index "machine description only")
[ -n "$_downs" ] || problem "grub.cfg has no 'machine description only' entry"
pick seabios "down ${_downs:-0}"
check_picked seabios "bench=none"
end_case

# A hotkey under UEFI: OVMF mirrors its own console to the same serial port
# and reads it too, so an arrow key's escape sequence can be split between
# the firmware's reader and GRUB's; one keystroke cannot.
begin_case grub_menu_hotkey_ovmf
_fw=
if [ -f /usr/share/ovmf/OVMF.fd ]; then
	_fw="-bios /usr/share/ovmf/OVMF.fd"
elif [ -f /usr/share/OVMF/OVMF_CODE.fd ]; then
	cp /usr/share/OVMF/OVMF_VARS.fd "$T_OUT/vars.fd"
	_fw="-drive if=pflash,format=raw,readonly=on,file=/usr/share/OVMF/OVMF_CODE.fd -drive if=pflash,format=raw,file=$T_OUT/vars.fd"
fi
grep -q 'exception self-test.*--hotkey=t ' grub.cfg ||
	problem "grub.cfg: the exception self-test entry has no hotkey t"
if [ -z "$_fw" ]; then
	problem "no OVMF firmware (package ovmf)"
else
	# shellcheck disable=SC2086 # $_fw is a list of QEMU arguments
	pick ovmf "hotkey t" $_fw
	check_picked ovmf "bench=none selftest=exceptions"
	text "$T_OUT/ovmf.log" | grep -q '^boot_loader,GRUB' ||
		problem "boot_loader is not GRUB"
fi
end_case

finish
