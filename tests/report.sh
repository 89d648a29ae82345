#!/bin/sh
# Tests of the result readers: scripts/irqbench-plot, -report, -summary and
# -compare, on the fixture results folders in tests/fixtures/results/ (each
# copied to a temporary folder first). Prints "PASS: name" or "FAIL: name"
# per case, details on indented lines; exits non-zero on any failure.
# Needs gnuplot (Debian: gnuplot-nox). Run: sh tests/report.sh
set -u
LC_ALL=C
export LC_ALL
cd "$(dirname "$0")/.." || exit 2
ROOT=$(pwd -P)
S=$ROOT/scripts
FIX=$ROOT/tests/fixtures/results
SH='sh'
command -v dash >/dev/null 2>&1 && SH=dash
T=$(mktemp -d "${TMPDIR:-/tmp}/irqbench-report-test.XXXXXX") || exit 2
trap 'rm -rf "$T"' EXIT
trap 'exit 130' INT TERM HUP
FAILS=0

pass() { echo "PASS: $1"; }
# fail NAME DETAIL...: one FAIL line, the details indented below it.
fail() {
	echo "FAIL: $1"
	shift
	for _d in "$@"; do printf '%s\n' "$_d" | sed 's/^/    /'; done
	FAILS=$((FAILS + 1))
}
# check NAME ERRFILE: PASS if ERRFILE is empty, else FAIL with its lines.
check() {
	if [ -s "$2" ]; then
		fail "$1" "$(head -n 20 "$2")"
	else
		pass "$1"
	fi
	: >"$2"
}
E=$T/errors
: >"$E"
err() { printf '%s\n' "$*" >>"$E"; }

# is_png FILE / png_size FILE ("WIDTH HEIGHT", from IHDR)
is_png() { [ "$(head -c 8 "$1" | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a ]; }
png_size() { od -An -tu1 -j16 -N8 "$1" | awk '{ print $1 * 16777216 + $2 * 65536 + $3 * 256 + $4, $5 * 16777216 + $6 * 65536 + $7 * 256 + $8 }'; }
# refs HTML: every src= and href= value, one per line
refs() { grep -o -E '(src|href)="[^"]*"' "$1" | sed -E 's/^(src|href)="//; s/"$//; s/&amp;/\&/g'; }
# check_refs HTML DIR: every reference is a relative file that exists
check_refs() {
	refs "$1" | while IFS= read -r _r; do
		case $_r in
		'' | *://* | /* | data:*) err "$1: reference '$_r' is not a relative file name" ;;
		'#'*) ;;
		*) [ -s "$2/${_r%%#*}" ] || err "$1: refers to '$_r', which does not exist in $2" ;;
		esac
	done
}
# csvcol FILE NAME KEYCOL=VALUE...: the NAME column of the first row
# (of an unquoted CSV) whose KEYCOLs equal the VALUEs
csvcol() {
	_f=$1 _n=$2
	shift 2
	awk -F, -v n="$_n" -v conds="$*" '
	NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; k = split(conds, cd, " "); next }
	{
		ok = 1
		for (j = 1; j <= k; j++) { split(cd[j], kv, "="); if ($(c[kv[1]]) != kv[2]) ok = 0 }
		if (ok) { print $(c[n]); exit }
	}' "$_f"
}

# ---------------------------------------------------------------- setup
if ! command -v gnuplot >/dev/null 2>&1; then
	fail "gnuplot installed" "gnuplot not found: apt-get install gnuplot-nox"
	echo "FAIL: remaining cases need gnuplot"
	exit 1
fi
pass "gnuplot installed"

for _s in irqbench-plot irqbench-report irqbench-compare irqbench-summary; do
	[ -x "$S/$_s" ] || err "$_s is not executable"
	head -n 1 "$S/$_s" | grep -qx '#!/bin/sh' || err "$_s does not start with #!/bin/sh"
	if command -v dash >/dev/null 2>&1; then
		dash -n "$S/$_s" 2>>"$E" || err "$_s: dash -n failed"
	fi
done
check "scripts are executable POSIX sh (dash -n)" "$E"

FIXTURES=
for _d in "$FIX"/*/; do
	[ -f "$_d/meta.csv" ] || continue
	_n=$(basename "$_d")
	FIXTURES="$FIXTURES $_n"
	cp -R "$_d" "$T/$_n"
done
[ -n "$FIXTURES" ] || {
	fail "fixtures present" "no folder with a meta.csv in $FIX"
	exit 1
}
pass "fixtures present:$FIXTURES"
# The cases below are written for these fixtures: one gone is a failure,
# not a case that quietly stops running.
for _n in tcg-smp4 kvm-smp4 failed metal-partial; do
	[ -d "$T/$_n" ] || fail "fixture $_n present" "no $FIX/$_n: the cases written for it cannot run"
done

# plot every fixture, and compare two, at once (in the background); then check
for _n in $FIXTURES; do
	($SH "$S/irqbench-plot" "$T/$_n" >"$T/$_n.plot.out" 2>&1
		echo $? >"$T/$_n.plot.rc") &
done
if [ -d "$T/tcg-smp4" ] && [ -d "$T/kvm-smp4" ]; then
	($SH "$S/irqbench-compare" "$T/tcg-smp4" "$T/kvm-smp4" --out "$T/cmp" >"$T/cmp.out" 2>&1
		echo $? >"$T/cmp.rc") &
fi
wait

# expected NAME: the plots a fixture must have (empty for an unknown one)
expected() {
	case $1 in
	tcg-smp4) echo "ipi-heatmap-p50 ipi-heatmap-p99 ipi-roundtrip_spin-hist ipi-roundtrip_spin-cdf
		ipi-roundtrip_halt-hist ipi-roundtrip_halt-cdf timer-oneshot-hist timer-oneshot-cdf
		timer-oneshot-time timer-periodic-hist timer-periodic-cdf timer-periodic-time
		ioapic-costs gates-costs" ;;
	kvm-smp4) echo "ipi-heatmap-p50 ipi-heatmap-p99 ipi-oneway-hist ipi-oneway-cdf ipi-roundtrip_spin-hist
		ipi-roundtrip_spin-cdf ipi-roundtrip_halt-hist ipi-roundtrip_halt-cdf
		timer-oneshot-hist timer-oneshot-cdf timer-oneshot-time timer-periodic-hist
		timer-periodic-cdf timer-periodic-time timer-deadline-hist timer-deadline-cdf
		timer-deadline-time ioapic-costs gates-costs" ;;
	metal-partial) echo "timer-oneshot-hist timer-oneshot-cdf timer-oneshot-time timer-periodic-hist
		timer-periodic-cdf timer-periodic-time timer-deadline-hist timer-deadline-cdf
		timer-deadline-time gates-costs" ;;
	esac
}
# not_drawn NAME: "input" of the plots that must be listed as not drawn
not_drawn() {
	case $1 in
	metal-partial) echo "ipi_matrix.csv ipi.csv summary.csv" ;;
	failed) echo "ipi_matrix.csv ipi.csv summary.csv" ;;
	esac
}

for _n in $FIXTURES; do
	D=$T/$_n
	_rc=$(cat "$T/$_n.plot.rc")
	[ "$_rc" -eq 0 ] || err "irqbench-plot exited $_rc:" "$(tail -n 5 "$T/$_n.plot.out")"
	[ -s "$D/plots/index.csv" ] || err "plots/index.csv missing or empty"
	for _p in $(expected "$_n"); do
		[ -s "$D/plots/$_p.png" ] || err "plots/$_p.png missing or empty"
		[ -s "$D/plots/$_p.gp" ] || err "plots/$_p.gp (its gnuplot script) missing or empty"
	done
	for _f in "$D"/plots/*.png; do
		[ -f "$_f" ] || continue
		is_png "$_f" || { err "${_f#"$D"/} does not start with the PNG signature"; continue; }
		set -- $(png_size "$_f")
		[ "$1" -le 2400 ] && [ "$2" -le 2400 ] || err "${_f#"$D"/} is $1 x $2 px, over 2400"
	done
	# every ok row of the index has its PNG and script, every PNG has an ok row
	awk -F, 'NR > 1 && $2 == "ok" { print $1 }' "$D/plots/index.csv" | while read -r _p; do
		[ -s "$D/plots/$_p.png" ] && [ -s "$D/plots/$_p.gp" ] || err "index.csv lists $_p as ok, its files are missing"
	done
	for _f in "$D"/plots/*.png; do
		[ -f "$_f" ] || continue
		_p=$(basename "$_f" .png)
		grep -q "^$_p,ok," "$D/plots/index.csv" || err "plots/$_p.png is not listed in index.csv"
	done
	for _in in $(not_drawn "$_n"); do
		grep -E "^[^,]*,(missing|empty),.*,$_in," "$D/plots/index.csv" >/dev/null ||
			err "index.csv does not name the missing input $_in"
	done
	ls "$D"/plots/*.gp-failed >/dev/null 2>&1 && err "gnuplot failed on: $(ls "$D"/plots/*.gp-failed)"
	check "plot $_n: every expected PNG and its script, valid, at most 2400 px, indexed" "$E"
done

# ---------------------------------------------------------------- report
for _n in $FIXTURES; do
	D=$T/$_n
	$SH "$S/irqbench-report" "$D" >"$T/$_n.report.out" 2>&1 || err "irqbench-report exited $?:" "$(cat "$T/$_n.report.out")"
	[ -s "$D/report.html" ] || err "report.html missing or empty"
	[ -s "$D/report.md" ] || err "report.md missing or empty"
	[ -s "$D/report.html" ] || { check "report $_n: written" "$E"; continue; }
	check_refs "$D/report.html" "$D"
	grep -q '<script' "$D/report.html" && err "report.html has a <script>"
	# every drawn plot is shown
	awk -F, 'NR > 1 && $2 == "ok" { print $1 }' "$D/plots/index.csv" | while read -r _p; do
		grep -q "src=\"plots/$_p.png\"" "$D/report.html" || err "report.html does not show plots/$_p.png"
		grep -q "(plots/$_p.png)" "$D/report.md" || err "report.md does not show plots/$_p.png"
	done
	check "report $_n: written, refers only to files that exist, shows every plot" "$E"
done

# skipped and failed rows named with their reasons (escaped as HTML)
for _n in $FIXTURES; do
	D=$T/$_n
	[ -f "$D/summary.csv" ] || continue
	_cnt=0
	# reasons, unquoted: the fixtures quote only the reason field
	awk -F, 'NR > 1 {
		line = $0
		if (match(line, /"[^"]*"/)) r = substr(line, RSTART + 1, RLENGTH - 2); else r = $7
		if ($6 != "ok") print $1 "\t" $2 "\t" $6 "\t" r
	}' "$D/summary.csv" >"$T/reasons"
	while IFS='	' read -r _b _v _st _r; do
		_cnt=$((_cnt + 1))
		_hr=$(printf '%s' "$_r" | sed 's/&/\&amp;/g; s/</\&lt;/g; s/>/\&gt;/g')
		grep -qF "$_hr" "$D/report.html" || err "report.html lacks the reason of $_b $_v ($_st): $_r"
		grep -qF "$_r" "$D/report.md" || err "report.md lacks the reason of $_b $_v ($_st): $_r"
	done <"$T/reasons"
	# one line per status and reason, with its count
	awk -F '\t' '{ n[$3 "\t" $4]++ } END { for (k in n) { split(k, a, "\t"); print a[1] "\t" n[k] "\t" a[2] } }' \
		"$T/reasons" | while IFS='	' read -r _st _k _r; do
		_s=s
		[ "$_k" -eq 1 ] && _s=
		grep -qF "$_st</span>: $_k row$_s: $(printf '%s' "$_r" | sed 's/&/\&amp;/g; s/</\&lt;/g; s/>/\&gt;/g')" "$D/report.html" ||
			err "report.html has no line '$_st: $_k row$_s: $_r'"
	done
	check "report $_n: $_cnt skipped/failed rows named with their reasons, one line per reason" "$E"
done

# the failed run: FAILED quoted, escaped; missing inputs named
if [ -d "$T/failed" ]; then
	D=$T/failed
	grep -q 'This run FAILED' "$D/report.html" || err "report.html has no FAILED note"
	grep -qF 'QEMU killed after 300 s: the kernel did not finish' "$D/report.html" || err "report.html does not quote FAILED"
	grep -qF '412 of &lt;unknown&gt; rows, no end line &amp; no CRC' "$D/report.html" ||
		err "report.html does not quote the FAILED line with <, > and & escaped"
	grep -qF '<unknown>' "$D/report.html" && err "report.html has an unescaped <unknown> from FAILED"
	grep -q 'FAILED' "$D/report.md" || err "report.md has no FAILED note"
	grep -qF 'ipi.csv is not in the results folder' "$D/report.html" || err "report.html does not name the missing ipi.csv"
	grep -qF 'summary.csv' "$D/report.md" || err "report.md does not name the missing summary.csv"
	check "report failed: FAILED quoted and escaped, missing inputs named" "$E"
fi
if [ -d "$T/metal-partial" ]; then
	D=$T/metal-partial
	grep -qF 'ipi.csv is not in the results folder; ipi skipped: cpus=0 selects 1 CPU' "$D/report.html" ||
		err "report.html does not say why the IPI plots are missing"
	grep -qF 'bare metal, Intel(R) Core(TM) i5-8250U CPU @ 1.60GHz, 8 CPUs, x2APIC' "$D/report.html" ||
		err "report.html does not name the machine as bare metal"
	check "report metal-partial: skipped benchmarks explained where their plots would be" "$E"
	grep -qF '<b>3 SMIs during bench timer (CPU 0: 3): its tail figures may be inflated</b>' "$D/report.html" ||
		err "report.html does not flag the SMIs during bench timer"
	grep -qF 'no SMI during bench gates (CPUs 0)' "$D/report.html" || err "report.html does not say gates saw no SMI"
	grep -qF -- '- **3 SMIs during bench timer (CPU 0: 3): its tail figures may be inflated**' "$D/report.md" ||
		err "report.md does not flag the SMIs during bench timer"
	check "report metal-partial: SMIs counted during a benchmark flagged (smi.csv)" "$E"
fi
if [ -d "$T/kvm-smp4" ]; then
	D=$T/kvm-smp4
	grep -qF '>qemu64,+x2apic,+tsc-deadline,+invtsc</td>' "$D/report.html" ||
		err "the quoted meta.csv value qemu_cpu is not whole in one cell"
	grep -qF 'KVM, Intel(R) Xeon(R) Gold 6230 CPU @ 2.10GHz, 4 CPUs, xAPIC' "$D/report.html" ||
		err "report.html does not name the machine"
	grep -qF 'plots/ipi-heatmap-p50.png' "$D/report.html" || err "no heatmap in report.html"
	check "report kvm-smp4: quoted CSV values whole, machine named" "$E"
fi

# ---------------------------------------------------------------- summary
for _n in $FIXTURES; do
	D=$T/$_n
	$SH "$S/irqbench-summary" "$D" >"$T/$_n.summary.out" 2>&1 || err "irqbench-summary exited $?"
	awk 'length($0) > 100 { print "line " NR " has " length($0) " columns: " $0 }' "$T/$_n.summary.out" >>"$E"
	grep -q "$(printf '\033')" "$T/$_n.summary.out" && err "colour codes when not writing to a terminal"
	if [ -f "$D/summary.csv" ]; then
		_rows=$(($(wc -l <"$D/summary.csv") - 1))
		grep -q "^$_rows rows: " "$T/$_n.summary.out" || err "no '$_rows rows:' total line"
	fi
	_l=$(wc -l <"$T/$_n.summary.out")
	[ "$_l" -lt 40 ] || err "$_l lines, want under 40"
	if [ -f "$D/summary.csv" ]; then
		[ -s "$D/summary.json" ] || err "no summary.json written into the folder"
	fi
	check "summary $_n: under 40 lines of at most 100 columns, no colour in a pipe, summary.json" "$E"
done
if [ -d "$T/tcg-smp4" ]; then
	_o=$T/tcg-smp4.summary.out
	# the 12 roundtrip_spin pairs of summary.csv, worked out by hand: p50_ns
	# 8121 .. 9789, the nearest-rank median (rank 6 of 12) 9212 ns and 27584
	# cycles; the worst p99 254301 cycles (84926 ns) on 0->2
	grep -qE '^ipi +roundtrip_spin +12 pairs +8\.12/9\.21/9\.79us 84\.9us 0->2 +27584 +254301 ok$' "$_o" ||
		err "the ipi roundtrip_spin line is not as expected:" "$(grep 'roundtrip_spin' "$_o")"
	grep -qE '^ipi +roundtrip_halt .* ok, 1 lost$' "$_o" || err "the lost sample of roundtrip_halt is not shown"
	grep -qxF 'skipped: CPUID.1:ECX.TSC_Deadline[bit 24] is 0 (timer deadline)' "$_o" ||
		err "the deadline reason is not shown"
	grep -q '^machine: TCG, QEMU Virtual CPU version 2.5+, 4 CPUs, xAPIC; TSC 2.994 GHz (pit)$' "$_o" ||
		err "the machine line is not as expected"
	check "summary tcg-smp4: figures, reasons and machine" "$E"
	# an insufficient row: its figures, its status whole, its reason, counted
	grep -qE '^timer +oneshot +4 cpus .* 1 insufficient$' "$_o" ||
		err "the timer oneshot line does not count its insufficient row:" "$(grep 'oneshot ' "$_o")"
	grep -qE '^insufficient: 120 samples, fewer than min_samples=200: no headline figure \(timer oneshot\)$' "$_o" ||
		err "the insufficient reason is not shown"
	grep -qE '^44 rows: 40 ok, 3 skipped, 0 failed, 1 insufficient; ' "$_o" ||
		err "the total does not count the insufficient row: $(grep ' rows: ' "$_o")"
	D=$T/tcg-smp4
	grep -qF '44 rows: 40 ok, 3 skipped, 0 failed, 1 insufficient; 1 sample lost' "$D/report.html" ||
		err "report.html does not count the insufficient row"
	grep -qF '<tr class="insufficient"><td>oneshot</td>' "$D/report.html" || err "report.html does not mark the insufficient row"
	grep -qF 'insufficient: 1 row with fewer samples than min_samples' "$D/report.html" || err "report.html has no insufficient badge"
	grep -qF -- '- **insufficient**: 1 row: 120 samples, fewer than min_samples=200' "$D/report.md" ||
		err "report.md does not show the row as insufficient"
	check "summary and report tcg-smp4: an insufficient row shown as such, not ok" "$E"
fi
if [ -d "$T/kvm-smp4" ]; then
	_o=$T/kvm-smp4.summary.out
	grep -qxF 'failed: ioapic deliver_other 0->1: 5 of 100 interrupts never arrived (timeout 10000000 cycles)' "$_o" ||
		err "the failed row is not listed with its reason"
	grep -qE '^ioapic +deliver_other +0->1 .* failed, 5 lost$' "$_o" || err "the failed row's line does not say failed"
	check "summary kvm-smp4: failed rows listed" "$E"
fi
if [ -d "$T/metal-partial" ]; then
	_o=$T/metal-partial.summary.out
	grep -qx 'SMI: 3 SMIs during bench timer (CPU 0: 3): its tail figures may be inflated' "$_o" ||
		err "the SMIs during timer are not flagged"
	grep -qx 'smi: no SMI during bench gates (CPUs 0)' "$_o" || err "gates is not shown free of SMIs"
	check "summary metal-partial: SMIs per benchmark from smi.csv" "$E"
fi

# ---------------------------------------------------------------- compare
if [ -d "$T/tcg-smp4" ] && [ -d "$T/kvm-smp4" ]; then
	A=$T/tcg-smp4 B=$T/kvm-smp4 C=$T/cmp
	_rc=$(cat "$T/cmp.rc")
	[ "$_rc" -eq 0 ] || err "irqbench-compare exited $_rc:" "$(tail -n 5 "$T/cmp.out")"
	for _f in compare.csv runs.csv report.html report.md; do
		[ -s "$C/$_f" ] || err "$_f missing or empty"
	done
	[ -s "$C/report.html" ] && check_refs "$C/report.html" "$C"
	for _f in "$C"/plots/*.png; do
		[ -f "$_f" ] || { err "no overlaid plot"; break; }
		is_png "$_f" || err "${_f#"$C"/} is not a PNG"
		[ -s "${_f%.png}.gp" ] || err "${_f#"$C"/} has no gnuplot script beside it"
	done
	for _p in compare-ipi-roundtrip_spin-cdf compare-ipi-roundtrip_halt-hist compare-timer-oneshot-cdf \
		compare-timer-periodic-hist; do
		[ -s "$C/plots/$_p.png" ] || err "plots/$_p.png missing"
	done
	check "compare tcg-smp4 kvm-smp4: files, overlaid plots, report refers to existing files" "$E"

	# ratios worked out by hand from the fixtures' summary.csv:
	#   ipi roundtrip_spin 0->1 p50: 5770 / 24318 = 0.23727 -> 0.237
	#     in ns: (5770 / 2.095078 GHz) / (24318 / 2.994372 GHz) = 0.33912 -> 0.339
	#   ipi roundtrip_spin 3->0 p99: 8469 / 193618 = 0.043741 -> 0.0437
	#   ioapic rte_read p50: 4380 / 2283 = 1.9185 -> 1.92; p99: 7023 / 3888 = 1.8063 -> 1.81
	#   gates int_intgate p50: 185 / 1317 = 0.14047 -> 0.140
	#   ioapic mask_unmask p50 in ns: (9471 / 2.095078) / (5243 / 2.994372) = 2.5818 -> 2.58
	while read -r _b _v _s _d _cola _ea _colb _eb _col _want; do
		[ "$_d" = - ] && _d=
		_got_a=$(csvcol "$A/summary.csv" "$_cola" bench="$_b" variant="$_v" src_cpu="$_s" dst_cpu="$_d")
		_got_b=$(csvcol "$B/summary.csv" "$_colb" bench="$_b" variant="$_v" src_cpu="$_s" dst_cpu="$_d")
		[ "$_got_a" = "$_ea" ] && [ "$_got_b" = "$_eb" ] ||
			err "fixture changed: $_b $_v $_s->$_d: A $_cola $_got_a (want $_ea), B $_colb $_got_b (want $_eb); redo the hand ratios"
		_got=$(awk -F, -v b="$_b" -v v="$_v" -v s="$_s" -v d="$_d" -v n="$_col" '
			NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
			$1 == b && $2 == v && $4 == s && $5 == d { print $(c[n]); exit }' "$C/compare.csv")
		[ "$_got" = "$_want" ] || err "$_b $_v $_s->$_d $_col: compare.csv has '$_got', by hand $_want"
	done <<'EOF'
ipi roundtrip_spin 0 1 p50 24318 p50 5770 B_over_A_p50 0.237
ipi roundtrip_spin 0 1 p50 24318 p50 5770 B_over_A_p50_ns 0.339
ipi roundtrip_spin 3 0 p99 193618 p99 8469 B_over_A_p99 0.0437
ioapic rte_read 0 - p50 2283 p50 4380 B_over_A_p50 1.92
ioapic rte_read 0 - p99 3888 p99 7023 B_over_A_p99 1.81
gates int_intgate 0 - p50 1317 p50 185 B_over_A_p50 0.140
ioapic mask_unmask 0 - p50 5243 p50 9471 B_over_A_p50_ns 2.58
EOF
	check "compare: ratios B/A match the ones worked out by hand" "$E"

	_m=$(awk -F, '$1 == "gates" && $2 == "int_ring3" { print $(NF - 1) }' "$C/compare.csv")
	[ "$_m" = B ] || err "gates int_ring3 (only in A): missing_in is '$_m', want B"
	_m=$(awk -F, '$1 == "ioapic" && $2 == "deliver_lowest" { print $(NF - 1) }' "$C/compare.csv")
	[ "$_m" = A ] || err "ioapic deliver_lowest (only in B): missing_in is '$_m', want A"
	grep -q '^ipi,oneway,xapic,0,1,.*,A,A skipped: no invariant TSC (row for all CPUs)$' "$C/compare.csv" ||
		err "ipi oneway 0->1 does not say A skipped it for all CPUs"
	_r=$(awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
		$1 == "ioapic" && $2 == "level_eoi" { print $(c["A_status"]) "/" $(c["B_over_A_p50"]) }' "$C/compare.csv")
	[ "$_r" = "skipped/" ] || err "ioapic level_eoi (skipped in A): status/ratio '$_r', want 'skipped/' (no ratio)"
	grep -qF 'Rows not in every run' "$C/report.html" || err "report.html has no unmatched rows section"
	grep -qF '<li>gates int_ring3: 1 row missing in <b>B</b>' "$C/report.html" ||
		err "report.html does not list gates int_ring3 as unmatched"
	check "compare: unmatched rows say which run lacks them" "$E"

	# the verdict: on the terminal, in verdict.txt and in both reports; the
	# bootstrap finds ioapic rte_read slower in B (B/A 1.92 in cycles, 2.74
	# in ns), and --threshold fails the comparison on it and not above it
	grep -qF 'B vs A: 3 slower, 34 faster, 1 unchanged of 41 matched rows' "$T/cmp.out" ||
		err "the verdict line is not on the terminal:" "$(grep 'vs A' "$T/cmp.out")"
	grep -qF 'warning: the runs differ in platform: A TCG; B KVM' "$T/cmp.out" || err "no warning that the platforms differ"
	grep -qF 'B vs A: 3 slower' "$C/verdict.txt" || err "verdict.txt has no verdict"
	grep -qF '<h2>Verdict</h2>' "$C/report.html" || err "report.html has no verdict"
	grep -qF '## Verdict' "$C/report.md" || err "report.md has no verdict"
	_v=$(csvcol "$C/compare.csv" B_verdict bench=ioapic variant=rte_read src_cpu=0)
	[ "$_v" = slower ] || err "ioapic rte_read: B_verdict '$_v', want slower"
	$SH "$S/irqbench-compare" "$A" "$B" --out "$T/cmp-gate" --no-report --threshold 150 >"$T/gate.out" 2>&1
	_rc=$?
	[ "$_rc" -eq 1 ] || err "--threshold 150 exited $_rc, want 1 (rte_read is 174% slower in ns)"
	grep -qF 'over the threshold: ioapic rte_read cpu 0: B/A p50 2.74' "$T/gate.out" || err "--threshold does not name rte_read"
	$SH "$S/irqbench-compare" "$A" "$B" --out "$T/cmp-gate" --no-report --threshold 200 >"$T/gate.out" 2>&1
	_rc=$?
	[ "$_rc" -eq 0 ] || err "--threshold 200 exited $_rc, want 0:" "$(cat "$T/gate.out")"
	check "compare: verdict, warnings, --threshold exit status" "$E"
fi

# ---------------------------------------------------------------- usage
for _s in irqbench-plot irqbench-report irqbench-summary; do
	$SH "$S/$_s" >/dev/null 2>"$T/u.err"
	_rc=$?
	[ "$_rc" -eq 2 ] || err "$_s without RUN_DIR exited $_rc, want 2"
	$SH "$S/$_s" "$T/no-such-run" >/dev/null 2>"$T/u.err"
	_rc=$?
	[ "$_rc" -eq 2 ] || err "$_s on a missing folder exited $_rc, want 2"
	grep -qF "$T/no-such-run" "$T/u.err" || err "$_s does not name the missing folder: $(cat "$T/u.err")"
done
$SH "$S/irqbench-compare" "$T/tcg-smp4" >/dev/null 2>"$T/u.err"
[ $? -eq 2 ] || err "irqbench-compare with one run did not exit 2"
$SH "$S/irqbench-compare" "$T/tcg-smp4" "$T/no-such-run" --out "$T/c2" >/dev/null 2>"$T/u.err"
[ $? -eq 2 ] || err "irqbench-compare with a missing run did not exit 2"
grep -qF "$T/no-such-run" "$T/u.err" || err "irqbench-compare does not name the missing folder"
check "usage errors exit 2 and name the missing folder" "$E"

[ "$FAILS" -eq 0 ]
