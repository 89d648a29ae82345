"""spread.py: run-to-run spread of a repeat folder (run --repeat N):
the figures per matched row, rows not ok in some run marked, the console
under 40 lines at 256 CPUs."""

import contextlib
import csv
import io
import os
import shutil

from common import FolderCase, REAL, SUMMARY_HEADER, meta, summary_row
from irqbench_results import cli, spread, tables
from test_summary import big_folder


class Spread(FolderCase):
    def repeat(self, runs):
        """A repeat folder whose run-K holds runs[K-1], a list of summary rows."""
        top = os.path.join(self.tmp, "repeat")
        for k, rows in enumerate(runs, start=1):
            self.folder(os.path.join("repeat", "run-%d" % k),
                        {"summary.csv": (SUMMARY_HEADER, rows), "meta.csv": meta(2)})
        return top

    def run_spread(self, top):
        out = io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
            status = cli.main(["spread", top])
        return status, out.getvalue()

    def rows(self, top):
        with open(os.path.join(top, "spread.csv")) as f:
            return {(r["variant"], r["src_cpu"], r["dst_cpu"]): r for r in csv.DictReader(f)}

    def test_figures(self):
        p50s, p99s = (1000, 1100, 900), (2000, 2600, 2000)
        top = self.repeat([[summary_row("ipi", "icr", "0", "1", p50=a, p99=b)] for a, b in zip(p50s, p99s)])
        status, out = self.run_spread(top)
        self.assertEqual(status, 0, out)
        r = self.rows(top)[("icr", "0", "1")]
        self.assertEqual((r["state"], r["ok_runs"], r["note"]), ("ok", "3", ""))
        self.assertEqual([r["run%d_p50" % k] for k in (1, 2, 3)], ["1000", "1100", "900"])
        self.assertEqual((r["p50_min"], r["p50_median"], r["p50_max"]), ("900", "1000", "1100"))
        self.assertEqual(r["p50_rel_range"], "0.2")
        self.assertEqual((r["p99_min"], r["p99_median"], r["p99_max"], r["p99_rel_range"]),
                         ("2000", "2000", "2600", "0.3"))
        self.assertIn("largest: ipi icr 0->1 xapic: p50 900/1000/1100 cycles (20%), p99 range 30%", out)
        with open(os.path.join(top, "spread.txt")) as f:
            self.assertEqual(f.read(), out)

    def test_identical_runs_spread_zero(self):
        rows = [summary_row("ipi", "icr", "0", "1", p50=1234), summary_row("timer", "oneshot", "1", p50=777)]
        top = self.repeat([rows, rows])
        self.run_spread(top)
        for r in self.rows(top).values():
            self.assertEqual((r["state"], r["p50_rel_range"], r["p99_rel_range"]), ("ok", "0", "0"))

    def test_not_ok_row_marked(self):
        ok = summary_row("ipi", "icr", "0", "1", p50=1000)
        bad = summary_row("ipi", "icr", "0", "1", p50=9000, status="failed", reason="3 replies never came")
        other = summary_row("timer", "oneshot", "0", p50=500)
        top = self.repeat([[ok, other], [bad, other], [summary_row("ipi", "icr", "0", "1", p50=1200)]])
        status, out = self.run_spread(top)
        self.assertEqual(status, 0, out)
        rows = self.rows(top)
        icr = rows[("icr", "0", "1")]
        self.assertEqual((icr["state"], icr["ok_runs"], icr["run2_status"]), ("partial", "2", "failed"))
        self.assertEqual(icr["note"], "run-2: failed: 3 replies never came")
        # the spread covers the runs where the row is ok: 1000 and 1200, not 9000
        self.assertEqual((icr["p50_min"], icr["p50_max"]), ("1000", "1200"))
        timer = rows[("oneshot", "0", "")]
        self.assertEqual((timer["state"], timer["run3_status"], timer["note"]), ("partial", "", "run-3: missing"))
        self.assertIn("marked: ipi icr 0->1 xapic: run-2: failed: 3 replies never came", out)
        self.assertIn("2 rows: 0 ok in every run, 2 marked", out)

    def test_one_ok_run_has_no_range(self):
        top = self.repeat([[summary_row("ipi", "nmi", "0", "1", p50=1000)],
                           [summary_row("ipi", "nmi", "0", "1", status="skipped", reason="no NMI")]])
        self.run_spread(top)
        r = self.rows(top)[("nmi", "0", "1")]
        self.assertEqual((r["state"], r["p50_min"], r["p50_rel_range"]), ("partial", "1000", ""))

    def test_run_order_numeric(self):
        top = os.path.join(self.tmp, "t")
        for k in (10, 2, 1):
            os.makedirs(os.path.join(top, "run-%d" % k))
        os.makedirs(os.path.join(top, "run-x"))
        self.assertEqual([os.path.basename(p) for p in spread.run_folders(top)], ["run-1", "run-2", "run-10"])

    def test_no_runs(self):
        top = os.path.join(self.tmp, "empty")
        os.makedirs(top)
        status, out = self.run_spread(top)
        self.assertEqual(status, 1)
        self.assertIn("no run-K folder with a summary.csv", out)
        self.assertNotIn("Traceback", out)

    def test_console_fits_at_256_cpus(self):
        big = big_folder(self)
        top = os.path.join(self.tmp, "big-repeat")
        for k in (1, 2, 3):
            shutil.copytree(big, os.path.join(top, "run-%d" % k))
        status, out = self.run_spread(top)
        lines = out.splitlines()
        self.assertEqual(status, 0, out)
        self.assertLess(len(lines), 40, out)
        self.assertTrue(all(len(line) <= 100 for line in lines), out)
        self.assertIn("FAILED: 30 rows failed", out)

    def test_real_run(self):
        top = os.path.join(self.tmp, "real")
        for k in (1, 2):
            shutil.copytree(REAL, os.path.join(top, "run-%d" % k))
        status, out = self.run_spread(top)
        self.assertEqual(status, 0, out)
        self.assertLess(len(out.splitlines()), 40, out)
        self.assertEqual(len(tables.read_table(os.path.join(top, "spread.csv")).rows),
                         len(tables.ResultsFolder(REAL).summary().rows))
