#!/bin/sh
# --boot kernel from a tree whose path has a space in it (QEMU's Multiboot
# loader puts the kernel's path in front of the command line), and a
# command line longer than the kernel's 1023 bytes, refused before booting
# (issue 16, item 2); a comma in the results folder's path.
. "$(dirname "$0")/lib.inc"

begin_case bootpath_space_in_tree
TREE="$T_OUT/my tree"
mkdir -p "$TREE/build/tools"
cp -R scripts "$TREE/"
cp "${IRQBENCH_BUILD:-build}/irqbench.elf" "$TREE/build/"
cp "${IRQBENCH_BUILD:-build}/tools/irqbench-extract" "$TREE/build/tools/"
DIR=$T_OUT/space
IRQBENCH_BUILD=build sh "$TREE/scripts/irqbench" run --accel tcg --timeout 300 \
	--boot kernel --bench none --out "$DIR" >"$T_OUT/space.out" 2>"$T_OUT/space.err"
RC=$?
expect_ok "$DIR"
expect_meta "$DIR" boot_protocol multiboot1
cl=$(meta "$DIR" kernel_cmdline)
case $cl in
*' bench=none') ;;
*) problem "kernel_cmdline is '$cl', expected the file name then bench=none" ;;
esac
case $cl in
*' '*' '*) problem "kernel_cmdline has more than two words: '$cl'" ;;
esac
end_case

# A comma in the results folder's path: QEMU's option lists (-netdev's
# tftp=, -chardev's path=) take it as a separator unless it is doubled.
begin_case bootpath_comma_in_folder
DIR="$T_OUT/a,b/ipxe"
irqbench ipxe run --accel tcg --timeout 300 --boot ipxe --bench none --out "$DIR"
expect_ok "$DIR"
grep -q 'tftp=[^ ]*a,,b' "$DIR/qemu.cmd" 2>/dev/null || problem "qemu.cmd does not double the comma: $(cat "$DIR/qemu.cmd" 2>/dev/null)"
end_case

# pad N: bench=none and spaces, N bytes in all (spaces separate words).
pad() {
	printf 'bench=none%*s' $(($1 - 10)) ''
}

# With the 34 bytes of /tmp/irqbench.XXXXXX/irqbench.elf and its space in
# front, 989 bytes fill the kernel's 1023 exactly; 990 are one too many.
begin_case bootpath_cmdline_length
run_tcg long --boot kernel --cmdline "$(pad 990)"
[ "$RC" -eq 2 ] || problem "a 990-byte command line after the kernel's path exited $RC, expected 2"
grep -q 'the kernel command line would be 1024 bytes .*at most 1023' "$T_OUT/long.err" ||
	problem "the refusal does not give the length: $(cat "$T_OUT/long.err")"
[ -e "$DIR" ] && problem "a results folder was written"
run_tcg fits --boot kernel --cmdline "$(pad 989)"
expect_ok "$DIR"
end_case

finish
