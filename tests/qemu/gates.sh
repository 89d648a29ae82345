#!/bin/sh
# The gate benchmark under TCG (issue "Trap gate vs interrupt gate
# overhead"), with -icount for exact, repeatable values: every variant on
# every CPU with its sample count, one series each as plan.csv planned it,
# the instruction counts of the timed paths, net = raw minus the control's
# p50, and the checks the kernel made (IF in interrupt and trap gates, saved
# RIP/CS, error codes, the stack of each frame, the ring after the return, a
# different #UD handler per CPU); two runs identical. Under KVM, where
# present: nothing that would kill a guest whose ring 0 is emulated is run
# (nor planned), and everything skipped says why, once.
. "$(dirname "$0")/lib.inc"

SAMPLES=30

# Under -icount the TSC counts instructions, so the figures are instruction
# counts, as QEMU 7.2 counts them: the empty control is 6 (lfence, shl, or,
# mov, lfence, rdtsc); net, int n or int3 + iretq is 2; ud2 + the stub's add
# + iretq 3; a div or load that faults is not counted, so #DE is add + iretq
# (2), #PF and #GP add, add, iretq (3); syscall + sysretq 2, syscall + the
# 8 instructions of the iretq return 9. One more instruction in a timed
# path fails this test, as it should.
EMPTY_TICKS=6
NET="int_intgate=2 int_trapgate=2 int_intgate_ist=2 int_trapgate_ist=2 bp_int3=2 ud_ud2=3
de_div0=2 pf_notpresent=3 gp_noncanonical=3 int_intgate_ring3=2 int_trapgate_ring3=2
int_intgate_ist_ring3=2 ud_ud2_ring3=3 syscall_sysretq=2 syscall_iretq=9"

# check_gates DIR NCPUS: summary.csv, gates.csv, gates_check.csv and plan.csv
# of a complete TCG run.
check_gates() {
	for _f in summary.csv gates.csv gates_check.csv plan.csv; do
		[ -s "$1/$_f" ] || problem "$_f missing"
	done
	[ -s "$1/gates_check.csv" ] || return
	_out=$(awk -F, -v n="$2" -v want="$SAMPLES" -v empty="$EMPTY_TICKS" -v netlist="$NET" "$AWK_COLS"'
	BEGIN {
		split(netlist, kv, /[ \n]+/)
		for (i in kv) if (split(kv[i], p, "=") == 2) { net[p[1]] = p[2]; names[p[1]] = 1 }
		names["empty"] = names["empty_ring3"] = 1
	}
	FNR == 1 { file++; if (file == 3) header = $0; columns(); next }
	file == 1 && col("bench") == "gates" {
		key = col("variant") "," col("src_cpu")
		if (key in row) print "summary row " key " twice"
		row[key] = 1
		if (col("status") != "ok") { print key ": " col("status") " (" col("reason") ")"; next }
		if (col("samples") != want) print key ": " col("samples") " samples, expected " want
		if (col("lost") != 0) print key ": " col("lost") " lost"
		if (col("min") != col("max")) print key ": min " col("min") " != max " col("max") " under -icount"
		lo[key] = col("min")
		p50[key] = col("p50")
		hi[key] = col("max")
		summary_n[key] = col("samples")
		v = col("variant"); sub(/_net$/, "", v)
		if (!(v in names)) print key ": unexpected variant"
		else if (col("variant") ~ /_net$/) { if (col("p50") != net[v]) print key ": p50 " col("p50") ", expected " net[v] " ticks" }
		else if (v in net) { if (col("p50") != net[v] + empty) print key ": p50 " col("p50") ", expected " net[v] + empty " ticks" }
		else if (col("p50") != empty) print key ": p50 " col("p50") ", expected " empty " ticks"
		cpus[col("src_cpu")] = 1
		next
	}
	file == 2 {
		key = col("variant") "," col("cpu")
		raw[key]++
		ring3 = (col("variant") ~ /_ring3/ || col("variant") ~ /^syscall/)
		if (col("ring") != (ring3 ? 3 : 0)) bad_ring = bad_ring " " key
		if (col("ist") != (col("variant") ~ /_ist/ ? 4 : 0)) bad_ist = bad_ist " " key
	}
	file == 3 {
		checks[col("variant") "," col("cpu")]++
		if (col("status") != "ok") { print "check " col("variant") " cpu " col("cpu") ": " col("status") " (" col("reason") ")"; next }
		if (col("ring_after") != col("ring")) print "check " col("variant") " cpu " col("cpu") ": ring after the return " col("ring_after") ", expected " col("ring")
		if (col("gate") == "none") next
		if (col("variant") ~ /trapgate/ && col("gate") != "trap" || col("variant") ~ /intgate/ && col("gate") != "interrupt") print "check " col("variant") ": gate " col("gate")
		if (col("gate") != "syscall" && (col("seen_vector") != col("vector") || col("vector") != (col("variant") ~ /^int_/ ? 192 : col("variant") ~ /^bp/ ? 3 : col("variant") ~ /^de/ ? 0 : col("variant") ~ /^pf/ ? 14 : col("variant") ~ /^gp/ ? 13 : 6))) print "check " col("variant") " cpu " col("cpu") ": vector " col("seen_vector") " (expected column " col("vector") ")"
		if (col("interrupted_if") != 1) print "check " col("variant") " cpu " col("cpu") ": the probe ran with IF=" col("interrupted_if")
		want_if = (col("gate") == "trap") ? 1 : 0
		if (col("handler_if") != want_if || col("expected_if") != want_if) print "check " col("variant") " cpu " col("cpu") ": IF " col("handler_if") " (expected column " col("expected_if") ") in a " col("gate") " gate, must be " want_if
		if (col("saved_rip") == "" || col("saved_rip") != col("expected_rip")) print "check " col("variant") " cpu " col("cpu") ": saved RIP " col("saved_rip") " != " col("expected_rip")
		if (col("error_code") != col("expected_error")) print "check " col("variant") " cpu " col("cpu") ": error code " col("error_code") " != " col("expected_error")
		if (col("stack") != col("expected_stack")) print "check " col("variant") " cpu " col("cpu") ": stack " col("stack") " != " col("expected_stack")
		want_stack = col("gate") == "syscall" ? "user" : col("ist") == 4 ? "ist4" : col("ring") == 3 ? "rsp0" : "current"
		if (col("expected_stack") != want_stack) print "check " col("variant") " cpu " col("cpu") ": expected stack " col("expected_stack") ", must be " want_stack
		if (col("gate") == "syscall") next
		if (col("saved_cs") != col("expected_cs") || col("expected_cs") != (col("ring") == 3 ? "0x2b" : "0x8")) print "check " col("variant") " cpu " col("cpu") ": saved CS " col("saved_cs") " / " col("expected_cs")
		if (col("variant") ~ /^(pf|gp)_/ && col("expected_error") != "0x0") print "check " col("variant") ": expected error code " col("expected_error") ", must be 0x0"
		if (col("variant") ~ /^(int|bp|ud|de)_/ && col("expected_error") != "") print "check " col("variant") ": an error code where the CPU pushes none"
		if (col("variant") == "percpu_idt" && col("handler") != col("cpu")) print "cpu " col("cpu") " ran the #UD handler of cpu " col("handler")
		if (col("variant") != "percpu_idt" && col("handler") != "") print "check " col("variant") ": a per-CPU handler ran"
	}
	# plan.csv: one run of series per variant, CPU by CPU (SHAPE_CPU).
	file == 4 && col("bench") == "gates" {
		if (col("variant") in planned) print "plan.csv: " col("variant") " in two rows"
		planned[col("variant")] = col("count")
		if (col("count") != col("last_src_cpu") - col("src_cpu") + 1) print "plan.csv: " col("variant") ": " col("count") " series on cpus " col("src_cpu") "-" col("last_src_cpu")
		for (c = col("src_cpu"); c <= col("last_src_cpu"); c++) emit[col("variant") "," c] = col("emit")
	}
	END {
		want_cols = "variant,cpu,ring,ist,gate,vector,hits,seen_vector,handler_if,expected_if,interrupted_if,saved_rip,expected_rip,saved_cs,expected_cs,error_code,expected_error,stack,expected_stack,ring_after,handler,status,reason"
		if (header != want_cols) print "gates_check.csv header is \"" header "\""
		ncpu = 0
		for (c in cpus) ncpu++
		if (ncpu != n) print ncpu " CPUs in summary.csv, expected " n
		for (v in planned) if (!(v in names)) print "plan.csv plans " v
		for (v in names) if (planned[v] != n) print "plan.csv plans " planned[v] + 0 " series of " v ", expected " n
		for (c in cpus) {
			for (v in names) {
				if (!((v "," c) in row)) print "no summary row for " v " on cpu " c
				if (v in net && !((v "_net," c) in row)) print "no summary row for " v "_net on cpu " c
				if (checks[v "," c] != 1) print "check rows for " v " on cpu " c ": " checks[v "," c] + 0
			}
			if (checks["percpu_idt," c] != 1) print "percpu_idt rows for cpu " c ": " checks["percpu_idt," c] + 0
		}
		# gates.csv holds the raw samples of the series the plan sends
		# raw (here every one: the link budget holds them); a net row is
		# them minus the control p50 of its ring, sample by sample.
		for (k in summary_n) {
			split(k, kc, ",")
			v = kc[1]
			if (v !~ /_net$/) {
				if (emit[k] != "raw") print "plan.csv: " k " planned to emit " emit[k] ", expected raw"
				if (raw[k] != summary_n[k]) print "gates.csv rows for " k ": " raw[k] + 0 ", summary says " summary_n[k]
				continue
			}
			sub(/_net$/, "", v)
			r = v "," kc[2]
			c = ((v ~ /_ring3$/ || v ~ /^syscall/) ? "empty_ring3" : "empty") "," kc[2]
			if (raw[k]) print "gates.csv has rows for " k
			if (summary_n[k] != summary_n[r] || lo[k] != lo[r] - p50[c] || p50[k] != p50[r] - p50[c] || hi[k] != hi[r] - p50[c])
				print k ": not " r " minus the p50 of " c
		}
		if (bad_ring != "") print "gates.csv: wrong ring column for" bad_ring
		if (bad_ist != "") print "gates.csv: wrong ist column for" bad_ist
	}' "$1/summary.csv" "$1/gates.csv" "$1/gates_check.csv" "$1/plan.csv" 2>&1)
	[ -z "$_out" ] || problem "$(printf '%s\n' "$_out" | sort -u | head -n 15)"
}

for n in 1 2; do
	begin_case "gates_smp$n"
	run_tcg "gates$n" --smp "$n" --icount --bench gates --cmdline "samples=$SAMPLES warmup=5"
	expect_ok "$DIR"
	expect_meta "$DIR" ring0_emulated 0
	expect_meta "$DIR" ring0_ring3_loop_ratio 1.00
	check_gates "$DIR" "$n"
	expect_grep "$DIR/serial.log" '^gates: syscall enters ring 0$' "serial.log does not say that syscall enters ring 0"
	end_case
done

begin_case gates_icount_deterministic
run_tcg gates2b --smp 2 --icount --bench gates --cmdline "samples=$SAMPLES warmup=5"
expect_ok "$DIR"
for f in gates.csv gates_check.csv summary.csv plan.csv; do
	cmp -s "$T_OUT/gates2/$f" "$DIR/$f" || problem "$f differs between two -icount runs"
done
end_case

# KVM where present. On this project's nested KVM (ring 0 emulated) int n
# and int3 in ring 0 would kill the guest: the run must survive, skip them
# with that reason, and skip whatever else the platform does not deliver
# with what happened; selftest=exceptions must skip its bp case likewise.
if [ -r /dev/kvm ] && [ -w /dev/kvm ]; then
	begin_case gates_kvm
	DIR=$T_OUT/kvm
	irqbench kvm run --accel kvm --smp 2 --timeout 300 --out "$DIR" --bench gates \
		--cmdline "samples=10 warmup=2 series_ms=300 selftest=exceptions"
	expect_ok "$DIR"
	# A skip is the platform's, not a CPU's: one row, without a CPU.
	_out=$(awk -F, "$AWK_COLS"'FNR == 1 { columns(); next }
		col("bench") == "gates" && col("status") == "skipped" && col("reason") == "" { print col("variant") " cpu " col("src_cpu") ": skipped without a reason" }
		col("bench") == "gates" && col("status") == "skipped" && col("src_cpu") != "" { print col("variant") ": skipped on cpu " col("src_cpu") ", not once for every CPU" }
		col("bench") == "gates" && col("status") == "skipped" && skipped[col("variant")]++ { print col("variant") ": skipped in more than one row" }
		col("bench") == "gates" && col("status") == "failed" { print col("variant") " cpu " col("src_cpu") ": failed: " col("reason") }' "$DIR/summary.csv")
	[ -z "$_out" ] || problem "$_out"
	for v in empty ud_ud2 de_div0 pf_notpresent gp_noncanonical empty_ring3 ud_ud2_ring3; do
		grep -q "^gates,$v,[a-z0-9]*,0,,ok" "$DIR/summary.csv" || problem "$v is not ok under KVM"
	done
	if [ "$(meta "$DIR" ring0_emulated)" = 1 ]; then
		for v in int_intgate int_trapgate int_intgate_ist int_trapgate_ist bp_int3; do
			for r in "$v" "${v}_net"; do
				grep -q "^gates,$r,[a-z0-9]*,,,skipped,\"not run: .* kills a guest whose ring 0 is emulated" \
					"$DIR/summary.csv" || problem "$r is not skipped with the ring-0 reason"
			done
			awk -F, -v v="$v" "$AWK_COLS"'FNR == 1 { columns(); next } col("bench") == "gates" && col("variant") == v { f = 1 } END { exit !f }' "$DIR/plan.csv" &&
				problem "plan.csv plans $v, which would kill this guest"
		done
		grep -q '^bp,3,#BP,[0-9a-f]*,,0,,skipped,"not run: int3 in ring 0 kills' "$DIR/selftest.csv" ||
			problem "selftest.csv: bp is not skipped with its reason"
		echo "    note: ring 0 is emulated here (ratio $(meta "$DIR" ring0_ring3_loop_ratio))"
	else
		grep -q '^gates,.*,skipped,' "$DIR/summary.csv" && problem "a variant is skipped on a KVM that runs ring 0 natively"
		check_selftest "$DIR"
	fi
	end_case
else
	echo "SKIP: gates_kvm: /dev/kvm is not usable here; the emulated-ring-0 path was not run"
fi

finish
