#!/bin/sh
# Checks that the tools the build, the ISO and the QEMU runs need are here.
# Quiet when everything is. If something is missing and we are root with
# apt-get (Debian), installs the Debian packages that provide it; otherwise
# lists what is missing, with the packages, and exits 1.
set -u

# need KIND WHAT PACKAGE: KIND is cmd (a command on PATH), dir or file.
MISSING=
PACKAGES=
need() {
	case $1 in
	cmd) command -v "$2" >/dev/null 2>&1 && return 0 ;;
	dir) [ -d "$2" ] && return 0 ;;
	file) [ -f "$2" ] && return 0 ;;
	glob) for _f in $2; do [ -f "$_f" ] && return 0; done ;;
	esac
	MISSING="$MISSING
  $2 (Debian package $3)"
	case " $PACKAGES " in
	*" $3 "*) ;;
	*) PACKAGES="$PACKAGES${PACKAGES:+ }$3" ;;
	esac
	return 1
}

check() {
	MISSING=
	PACKAGES=
	need cmd gcc build-essential
	need cmd cc build-essential
	need cmd make build-essential
	need cmd ld binutils
	need cmd objcopy binutils
	need cmd objdump binutils
	need cmd qemu-system-x86_64 qemu-system-x86
	need file /usr/share/qemu/qboot.rom qemu-system-x86
	need cmd grub-mkrescue grub-common
	need cmd grub-file grub-common
	need dir /usr/lib/grub/i386-pc grub-pc-bin
	need dir /usr/lib/grub/x86_64-efi grub-efi-amd64-bin
	need cmd xorriso xorriso
	need cmd mformat mtools
	need file /usr/share/ovmf/OVMF.fd ovmf
	need cmd python3 python3
	need cmd gnuplot gnuplot-nox
	need cmd chromium chromium
	need cmd timeout coreutils
	need cmd clang clang
	# lava-run, for make lava-qemu and tests/qemu/lava.sh (docs/lava.md).
	need cmd lava-run lava-dispatcher
	need glob '/usr/lib/llvm-*/lib/clang/*/lib/linux/libclang_rt.fuzzer-x86_64.a' libclang-rt-14-dev
	[ -z "$MISSING" ]
}

check && exit 0

if [ "$(id -u 2>/dev/null)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
	echo "deps: missing:$MISSING"
	echo "deps: installing $PACKAGES"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update || {
		echo "deps: apt-get update failed" >&2
		exit 1
	}
	# shellcheck disable=SC2086 # PACKAGES is a list of words
	apt-get install -y --no-install-recommends $PACKAGES || {
		echo "deps: apt-get install failed" >&2
		exit 1
	}
	if check; then
		echo "deps: all present"
		exit 0
	fi
	echo "deps: still missing after the install:$MISSING" >&2
	exit 1
fi

echo "deps: missing:$MISSING" >&2
echo "deps: install them with: apt-get install $PACKAGES" >&2
exit 1
