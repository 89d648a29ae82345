"""compare.py: the verdict, the noise estimate and --threshold's exit
status, on made-up runs whose answer is known and on the fixtures."""

import csv
import io
import os
import random
import contextlib
import re
import shutil
import struct
import unittest

from common import FolderCase, REAL, SUMMARY_HEADER, fixture, meta, summary_row
from irqbench_results import cli, stats

IPI_HEADER = "bench,variant,apic_mode,src_cpu,dst_cpu,seq,cycles".split(",")
TIMER_HEADER = "bench,variant,cpu,period_cycles,seq,lateness_cycles".split(",")


def sixteen_cpus(case, name, seed, scale=1.0):
    """A made-up 16-CPU run: IPI round trips from CPU 0 to each other CPU
    and a one-shot timer on each CPU, 50 raw samples a row, and an IPI
    variant skipped for all CPUs."""
    rng = random.Random(seed)
    summary, ipi, timer = [], [], []
    for dst in range(1, 16):
        values = series(rng, 50, 20000 * scale, 2000)
        f = stats.figures(values)
        summary.append(summary_row("ipi", "roundtrip_halt", "0", str(dst), p50=f["p50"], p99=f["p99"], samples=50))
        ipi += [["ipi", "roundtrip_halt", "xapic", "0", str(dst), str(i), str(v)] for i, v in enumerate(values)]
    for cpu in range(16):
        values = series(rng, 50, 3000, 300)
        f = stats.figures(values)
        summary.append(summary_row("timer", "oneshot_100us", str(cpu), p50=f["p50"], p99=f["p99"], samples=50))
        timer += [["timer", "oneshot_100us", str(cpu), "200000", str(i), str(v)] for i, v in enumerate(values)]
    summary.append(summary_row("ipi", "oneway_spin", "", status="skipped", reason="no invariant TSC"))
    return case.folder(name, {"summary.csv": (SUMMARY_HEADER, summary), "ipi.csv": (IPI_HEADER, ipi),
                              "timer.csv": (TIMER_HEADER, timer), "meta.csv": meta(16)})


def compare_page(case, a, b):
    """compare A B with its page into the temporary folder; the folder."""
    out = os.path.join(case.tmp, "page")
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        status = cli.main(["compare", a, b, "--out", out])
    case.assertEqual(status, 0)
    return out


def series(rng, n, base, spread):
    return [int(base + rng.expovariate(1 / spread)) for _ in range(n)]


class Verdict(FolderCase):
    """Runs of 3 IPI rows, 400 samples each, drawn with a seed: run_folder
    with scale 1 makes the reference; with scale 1.2 its "slow" row is 20%
    slower, its "fast" row 20% faster, and "same" is drawn again from the
    same distribution. With these seeds no unchanged row is flagged (a 95%
    interval flags about 1 in 20 or fewer: test_stats checks that rate)."""

    def run_folder(self, name, scale, seed, **meta_changes):
        rng = random.Random(seed)
        summary, raw = [], []
        for variant, factor in (("same", 1.0), ("slow", scale), ("fast", 2 - scale)):
            values = series(rng, 400, 10000 * factor, 500)
            f = stats.figures(values)
            summary.append(summary_row("ipi", variant, "0", "1", p50=f["p50"], p99=f["p99"], samples=400))
            raw += [["ipi", variant, "xapic", "0", "1", str(i), str(v)] for i, v in enumerate(values)]
        return self.folder(name, {"summary.csv": (SUMMARY_HEADER, summary), "ipi.csv": (IPI_HEADER, raw),
                                  "meta.csv": meta(2, **meta_changes)})

    def compare(self, *args):
        out = io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
            status = cli.main(["compare"] + list(args) + ["--no-report", "--out", os.path.join(self.tmp, "cmp")])
        return status, out.getvalue()

    def rows(self):
        with open(os.path.join(self.tmp, "cmp", "compare.csv")) as f:
            return {r["variant"]: r for r in csv.DictReader(f)}

    def test_verdict_per_row(self):
        a, b = self.run_folder("a", 1.0, 1), self.run_folder("b", 1.2, 2)
        status, out = self.compare(a, b)
        self.assertEqual(status, 0, out)
        self.assertIn("B vs A: 1 slower, 1 faster, 1 unchanged of 3 matched rows", out)
        rows = self.rows()
        self.assertEqual({v: r["B_verdict"] for v, r in rows.items()},
                         {"same": "unchanged", "slow": "slower", "fast": "faster"})
        slow = rows["slow"]
        self.assertEqual((slow["B_noise_from"], slow["B_diff_unit"]), ("raw", "ns"))
        self.assertTrue(0 < float(slow["B_minus_A_p50_lo"]) <= float(slow["B_minus_A_p50"])
                        <= float(slow["B_minus_A_p50_hi"]))
        self.assertAlmostEqual(float(slow["B_over_A_p50"]), 1.2, delta=0.05)

    def test_threshold_exit_status(self):
        a, b = self.run_folder("a", 1.0, 1), self.run_folder("b", 1.2, 2)
        status, out = self.compare(a, b, "--threshold", "10")
        self.assertEqual(status, 1, out)
        self.assertIn("over the threshold: ipi slow 0->1: B/A p50 1.19", out)
        self.assertIn("B vs A: 1 row slower by more than 10% (p50 or p99), significantly", out)
        status, out = self.compare(a, b, "--threshold", "30")
        self.assertEqual(status, 0, out)

    def tail_folder(self, name, seed, tail):
        """One IPI row of 2000 samples: the same body, and the slowest 3%
        `tail` times as far from it: the p50 stays, the p99 moves."""
        rng = random.Random(seed)
        values = sorted(series(rng, 2000, 10000, 500))
        values[-60:] = [10000 + (v - 10000) * tail for v in values[-60:]]
        f = stats.figures(values)
        row = summary_row("ipi", "tail", "0", "1", p50=f["p50"], p99=f["p99"], samples=len(values))
        raw = [["ipi", "tail", "xapic", "0", "1", str(i), str(v)] for i, v in enumerate(values)]
        return self.folder(name, {"summary.csv": (SUMMARY_HEADER, [row]), "ipi.csv": (IPI_HEADER, raw),
                                  "meta.csv": meta(2)})

    def test_p99_slowdown_alone(self):
        """A slower tail under an unchanged median: the row's verdict (its
        p50's) stays unchanged, the p99 is slower, and --threshold gates it;
        --p99-threshold sets a looser limit for the p99."""
        a, b = self.tail_folder("a", 1, 1), self.tail_folder("b", 1, 3)
        status, out = self.compare(a, b, "--threshold", "20")
        self.assertEqual(status, 1, out)
        row = self.rows()["tail"]
        self.assertEqual((row["B_verdict"], row["B_p99_verdict"]), ("unchanged", "slower"))
        self.assertTrue(0 < float(row["B_minus_A_p99_lo"]) <= float(row["B_minus_A_p99"])
                        <= float(row["B_minus_A_p99_hi"]))
        self.assertIn("  p99: 1 slower, 0 faster, 0 unchanged", out)
        self.assertIn("over the threshold: ipi tail 0->1: B/A p99 ", out)
        self.assertNotIn("B/A p50", out.split("over the threshold")[1])
        status, out = self.compare(a, b, "--threshold", "20", "--p99-threshold", "500")
        self.assertEqual(status, 0, out)
        self.assertIn("B vs A: 0 rows slower by more than 20% (p50) or 500% (p99)", out)
        status, out = self.compare(a, b, "--p99-threshold", "20")
        self.assertEqual(status, 1, out)

    def test_noise_is_not_a_regression(self):
        a, b = self.run_folder("a", 1.0, 1), self.run_folder("b", 1.0, 4)
        status, out = self.compare(a, b, "--threshold", "0")
        self.assertEqual(status, 0, out)
        self.assertIn("B vs A: 0 slower, 0 faster, 3 unchanged", out)

    def test_warnings_name_what_differs(self):
        a = self.run_folder("a", 1.0, 1)
        b = self.run_folder("b", 1.0, 2, cpus_online="4", accel="tcg", irqbench_version="v2",
                            kernel_cmdline="/x/irqbench.elf samples=50")
        _, out = self.compare(a, b)
        for what in ("CPU count: A 2; B 4", "samples: A 100; B 50", "command line: A samples=100; B samples=50",
                     "platform: A KVM; B TCG", "irqbench version: A v1; B v2"):
            self.assertIn("warning: the runs differ in " + what, out)
        _, out = self.compare(a, self.run_folder("c", 1.0, 3))
        self.assertNotIn("warning", out)

    def test_usage_errors(self):
        a = self.run_folder("a", 1.0, 1)
        for args in ([a], [a, os.path.join(self.tmp, "nope")]):
            with self.assertRaises(SystemExit) as e, contextlib.redirect_stderr(io.StringIO()):
                cli.main(["compare"] + args)
            self.assertEqual(e.exception.code, 2)


@unittest.skipUnless(shutil.which("gnuplot"), "gnuplot is not installed")
class Page(FolderCase):
    """The comparison's page, written in-process: its parts, its images
    (all bounded), no reference to a file that is not there."""

    def test_sixteen_cpus(self):
        out = compare_page(self, sixteen_cpus(self, "a", 1), sixteen_cpus(self, "b", 2, scale=1.3))
        with open(os.path.join(out, "report.html")) as f:
            page = f.read()
        for part in ("<h2>Runs</h2>", "<h2>Verdict</h2>", "<h2>Per variant</h2>", "<h2>Rows in every run</h2>",
                     "<th>B vs A p99<br>(95% interval)</th>", "<li>ipi oneway_spin: 1 row: A skipped: no invariant TSC",
                     '<span class="badge info">KVM: figures describe this hypervisor',
                     "<h2>Distributions</h2>"):
            self.assertIn(part, page)
        self.assertIn("<td>ipi</td><td>roundtrip_halt</td><td class=\"n\">15</td>", page)
        for ref in re.findall(r'(?:src|href)="([^"]+)"', page):
            self.assertTrue(os.path.isfile(os.path.join(out, ref)), ref)
        pngs = [f for f in os.listdir(os.path.join(out, "plots")) if f.endswith(".png")]
        self.assertEqual(sorted(pngs), ["compare-ipi-roundtrip_halt-cdf.png", "compare-ipi-roundtrip_halt-hist.png",
                                        "compare-ratios-B.png", "compare-timer-oneshot_100us-cdf.png",
                                        "compare-timer-oneshot_100us-hist.png"])
        self.assertIn("<h2>Per row</h2>", page)
        for png in pngs:
            with open(os.path.join(out, "plots", png), "rb") as f:
                self.assertLessEqual(max(struct.unpack(">II", f.read(24)[16:24])), 2400, png)
            self.assertTrue(os.path.isfile(os.path.join(out, "plots", png[:-4] + ".gp")))
        with open(os.path.join(out, "report.md")) as f:
            text = f.read()
        self.assertIn("## Verdict", text)
        self.assertIn("![timer oneshot_100us lateness, all CPUs pooled, xapic: tail", text)


class Fixtures(FolderCase):
    def test_tcg_against_kvm(self):
        out = io.StringIO()
        cmp = os.path.join(self.tmp, "cmp")
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
            status = cli.main(["compare", fixture("tcg-smp4"), fixture("kvm-smp4"), "--no-report", "--out", cmp,
                               "--threshold", "50"])
        self.assertEqual(status, 1, out.getvalue())
        with open(os.path.join(cmp, "compare.csv")) as f:
            rows = {(r["bench"], r["variant"], r["src_cpu"], r["dst_cpu"]): r for r in csv.DictReader(f)}
        rte = rows[("ioapic", "rte_read", "0", "")]
        self.assertEqual((rte["B_over_A_p50"], rte["B_verdict"]), ("1.92", "slower"))
        self.assertEqual(rows[("ioapic", "level_eoi", "0", "0")]["B_verdict"], "not both ok")
        self.assertIn("over the threshold: ioapic rte_read cpu 0: B/A p50 2.74", out.getvalue())
        with open(os.path.join(cmp, "verdict.txt")) as f:
            self.assertIn("B vs A: 3 slower, 34 faster, 1 unchanged of 41 matched rows", f.read())

    def test_histograms_when_no_raw_samples(self):
        out = io.StringIO()
        cmp = os.path.join(self.tmp, "cmp")
        with contextlib.redirect_stdout(out):
            status = cli.main(["compare", REAL, REAL, "--no-report", "--out", cmp, "--threshold", "0"])
        self.assertEqual(status, 0, out.getvalue())
        with open(os.path.join(cmp, "compare.csv")) as f:
            rows = list(csv.DictReader(f))
        net = [r for r in rows if r["variant"].endswith("_net") and r["B_verdict"] != "not both ok"]
        self.assertTrue(net and all(r["B_noise_from"] == "hist" and r["B_verdict"] == "unchanged" for r in net))
        ioapic = [r for r in rows if r["bench"] == "ioapic" and r["A_status"] == "ok"]
        self.assertTrue(ioapic and all(r["B_verdict"] == "not judged" for r in ioapic))


class Fleet(FolderCase):
    """compare --fleet: one column per run in fleet.csv, one console line
    per run, at 50 runs (more than the 26 letters of a comparison)."""

    def machine(self, i):
        rows = [summary_row("ipi", "roundtrip_halt", "0", "1", p50=2000 * (i + 1), cls="smt"),
                summary_row("ipi", "roundtrip_halt", "0", "2", p50=4000 * (i + 1), cls="remote"),
                summary_row("ipi", "roundtrip_halt", "0", "3", p50=6000 * (i + 1), cls="remote"),
                summary_row("timer", "oneshot_100us", "0", cls=""),
                summary_row("ipi", "self_register", "", "", status="skipped", reason="xAPIC")]
        if i == 7:
            rows[0][5] = "failed"
        return self.folder("m%02d" % i, {"summary.csv": (SUMMARY_HEADER, rows),
                                         "meta.csv": meta(4, run_id="machine-%02d" % i)})

    def test_fifty_runs(self):
        runs = [self.machine(i) for i in range(50)]
        out = io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
            status = cli.main(["compare", "--fleet"] + runs + ["--out", os.path.join(self.tmp, "fleet")])
        self.assertEqual(status, 0, out.getvalue())
        with open(os.path.join(self.tmp, "fleet", "fleet.csv")) as f:
            table = list(csv.reader(f))
        self.assertEqual(table[0][:4], ["bench", "variant", "class", "machine-00"])
        self.assertEqual(len(table[0]), 53)
        by_key = {tuple(r[:3]): r[3:] for r in table[1:]}
        # the median (nearest rank) of remote's two p50s: 4000 and 6000 cycles at 2 GHz
        self.assertEqual(by_key[("ipi", "roundtrip_halt", "remote")][0], "2000")
        self.assertEqual(by_key[("ipi", "roundtrip_halt", "smt")][7], "failed")
        self.assertEqual(by_key[("ipi", "self_register", "-")][0], "skipped")
        self.assertEqual(by_key[("timer", "oneshot_100us", "cpu")][0], "500")
        lines = out.getvalue().splitlines()
        self.assertTrue(any(line.startswith("machine-49 ") for line in lines))
        self.assertTrue(max(len(line) for line in lines) <= 100)
        self.assertLess(len(lines), 50 + 12)
