"""tables.py: the one reader, on the fixtures and on broken input."""

import os
import subprocess
import sys

from common import FolderCase, OLDER, REAL, ROOT, SUMMARY_HEADER, fixture, summary_row
from irqbench_results import tables
from irqbench_results.tables import TableError


class ReadsFixtures(FolderCase):
    def test_summary_rows_by_header_name(self):
        t = tables.ResultsFolder(fixture("tcg-smp4")).summary()
        self.assertEqual(len(t), 44)
        row = [r for r in t if (r["variant"], r["src_cpu"], r["dst_cpu"]) == ("roundtrip_spin", "0", "1")][0]
        self.assertEqual((row.int("p50"), row.int("p99"), row.int("p50_ns")), (24318, 48480, 8121))
        self.assertEqual(row["class"], "")  # a column the fixture lacks reads as empty

    def test_quoted_field_whole(self):
        meta = tables.ResultsFolder(fixture("kvm-smp4")).meta
        self.assertEqual(meta["qemu_cpu"], "qemu64,+x2apic,+tsc-deadline,+invtsc")

    def test_folder_from_older_irqbench(self):
        folder = tables.ResultsFolder(OLDER)  # no plan.csv, no class column, no hist.csv
        self.assertIsNone(folder.key_value("plan_summary.csv"))
        self.assertEqual(tables.histograms(folder), {})
        self.assertGreater(len(folder.summary()), 100)

    def test_no_summary_is_none(self):
        self.assertIsNone(tables.ResultsFolder(fixture("failed")).summary())
        self.assertEqual(tables.ResultsFolder(fixture("failed")).failed()[0],
                         "QEMU killed after 300 s: the kernel did not finish")

    def test_raw_samples_keyed_like_summary_rows(self):
        folder = tables.ResultsFolder(REAL)
        raw = tables.raw_samples(folder)
        self.assertEqual(len(raw[("ipi", "icr", "xapic", "0", "1")]), 50)
        self.assertEqual(len(raw[("timer", "oneshot_100us", "xapic", "0", "")]), 50)

    def test_crlf_and_unknown_columns(self):
        header = SUMMARY_HEADER + ["impossible"]
        text = ",".join(header) + "\r\n" + ",".join(summary_row("ipi", "icr", extra=["yes"])) + "\r\n"
        t = tables.ResultsFolder(self.folder("crlf", {"summary.csv": text})).summary()
        self.assertEqual(t.rows[0]["impossible"], "yes")
        self.assertEqual(t.rows[0].int("p50"), 1000)


class BadInput(FolderCase):
    def assertNames(self, error, *words):
        for w in words:
            self.assertIn(w, str(error.exception))

    def test_missing_folder(self):
        with self.assertRaises(TableError) as e:
            tables.ResultsFolder(os.path.join(self.tmp, "nope"))
        self.assertNames(e, "nope", "no such results folder")

    def test_missing_file(self):
        with self.assertRaises(TableError) as e:
            tables.read_table(os.path.join(self.tmp, "summary.csv"))
        self.assertNames(e, "summary.csv", "no such file")

    def assertSummaryError(self, summary_csv, *words):
        """Reading a folder whose summary.csv is SUMMARY_CSV fails with a
        TableError naming every one of WORDS."""
        path = self.folder("broken", {"summary.csv": summary_csv})
        with self.assertRaises(TableError) as e:
            tables.ResultsFolder(path).summary()
        self.assertNames(e, *words)

    def test_empty_file(self):
        self.assertSummaryError("", "summary.csv", "empty")

    def test_truncated_row(self):
        text = ",".join(SUMMARY_HEADER) + "\n" + ",".join(summary_row("ipi", "icr")) + "\n" + \
            ",".join(summary_row("ipi", "nmi"))[:40] + "\n"
        self.assertSummaryError(text, "summary.csv line 3", "fields", "truncated")

    def test_hand_edited_figure(self):
        row = summary_row("ipi", "icr")
        row[SUMMARY_HEADER.index("p99")] = "12k"
        self.assertSummaryError((SUMMARY_HEADER, [row]), "summary.csv line 2", "p99", "12k", "not an integer")

    def test_required_column_missing(self):
        header = [c for c in SUMMARY_HEADER if c != "status"]
        self.assertSummaryError((header, []), "summary.csv", "no column status", "older irqbench")

    def test_command_line_says_one_line_never_a_traceback(self):
        row = summary_row("ipi", "icr")
        row[SUMMARY_HEADER.index("samples")] = "many"
        path = self.folder("edited", {"summary.csv": (SUMMARY_HEADER, [row]), "meta.csv": "key,value\n"})
        for verb in ("summary", "json"):
            p = subprocess.run([sys.executable, "-m", "irqbench_results", verb, path],
                               capture_output=True, text=True,
                               env=dict(os.environ, PYTHONPATH=os.path.join(ROOT, "scripts")))
            self.assertEqual(p.returncode, 1, verb)
            self.assertNotIn("Traceback", p.stderr)
            self.assertEqual(len(p.stderr.strip().splitlines()), 1, p.stderr)
            self.assertIn("summary.csv line 2: column samples is 'many'", p.stderr)
