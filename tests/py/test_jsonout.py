"""summary.json: its schema (docs/results-schema.md) on the fixtures."""

import json
import os

from common import FolderCase, OLDER, REAL, SUMMARY_HEADER, fixture, meta, summary_row
from irqbench_results import jsonout, tables

TOP = {"schema", "schema_version", "folder", "run", "machine", "meta", "plan", "checks", "units", "rows"}
ROW = {"bench", "variant", "apic_mode", "src_cpu", "dst_cpu", "class", "status", "reason", "samples", "lost",
       "cycles", "ns", "extra"}


class Schema(FolderCase):
    def written(self, path):
        path = self.copy(path, "run")
        jsonout.write(tables.ResultsFolder(path))
        with open(os.path.join(path, "summary.json")) as f:
            return json.load(f)

    def test_keys_and_version(self):
        doc = self.written(REAL)
        self.assertEqual(set(doc), TOP)
        self.assertEqual((doc["schema"], doc["schema_version"]), ("irqbench-summary", 1))
        self.assertEqual(set(doc["run"]), {"status", "failed_reasons", "has_summary", "row_counts", "lost"})
        for row in doc["rows"]:
            self.assertEqual(set(row), ROW)
            self.assertEqual(set(row["cycles"]), {"min", "p1", "p50", "p90", "p99", "p999", "max", "mean", "stdev"})
            self.assertEqual(set(row["ns"]), {"p50", "p99"})

    def test_rows_as_the_csv_says(self):
        doc = self.written(REAL)
        table = tables.ResultsFolder(REAL).summary()
        self.assertEqual(len(doc["rows"]), len(table))
        icr = [r for r in doc["rows"] if r["variant"] == "icr" and r["src_cpu"] == 0][0]
        row = [r for r in table if r["variant"] == "icr" and r["src_cpu"] == "0"][0]
        self.assertEqual((icr["dst_cpu"], icr["class"], icr["cycles"]["p50"], icr["ns"]["p99"]),
                         (1, row["class"], row.int("p50"), row.int("p99_ns")))
        self.assertEqual(doc["run"]["row_counts"]["ok"], sum(1 for r in table if r["status"] == "ok"))
        self.assertEqual(doc["plan"]["summary"]["series"], 82)
        self.assertEqual(doc["plan"]["series"][0]["variant"], "self_shorthand")
        self.assertEqual(doc["machine"]["tsc_hz"], int(tables.ResultsFolder(REAL).meta["tsc_hz"]))

    def test_older_folder_and_failed_run(self):
        self.assertIsNone(self.written(OLDER)["plan"])
        self.tearDown()
        self.setUp()
        doc = self.written(fixture("failed"))
        self.assertEqual((doc["run"]["status"], doc["run"]["has_summary"], doc["rows"]), ("failed", False, []))
        self.assertEqual(doc["run"]["failed_reasons"][0], "QEMU killed after 300 s: the kernel did not finish")

    def test_checks(self):
        self.assertIsNone(self.written(REAL)["checks"])
        header = ["check", "subject", "figures", "bound", "verdict", "reason"]
        rows = [["icr_le_roundtrip", "pair 0->1", "icr p50 28 cycles", "icr p50 <= roundtrip_halt p99", "ok", ""],
                ["tsc_hz_agree", "source hpet", "", "", "skipped", "no HPET"]]
        path = self.folder("checked", {"summary.csv": (SUMMARY_HEADER, [summary_row("ipi", "icr", "0", "1")]),
                                       "meta.csv": meta(2), "checks.csv": (header, rows)})
        checks = jsonout.document(tables.ResultsFolder(path))["checks"]
        self.assertEqual([(c["check"], c["verdict"], c["reason"]) for c in checks],
                         [("icr_le_roundtrip", "ok", None), ("tsc_hz_agree", "skipped", "no HPET")])
        self.assertEqual(checks[0]["bound"], "icr p50 <= roundtrip_halt p99")

    def test_later_columns_and_statuses_kept(self):
        rows = [summary_row("ipi", "icr", "0", "1", extra=["no"]),
                summary_row("timer", "oneshot", status="insufficient", reason="3 samples", extra=["yes"])]
        path = self.folder("later", {"summary.csv": (SUMMARY_HEADER + ["impossible"], rows), "meta.csv": meta(2)})
        doc = jsonout.document(tables.ResultsFolder(path))
        self.assertEqual([r["extra"] for r in doc["rows"]], [{"impossible": "no"}, {"impossible": "yes"}])
        self.assertEqual(doc["run"]["row_counts"], {"ok": 1, "skipped": 0, "failed": 0, "insufficient": 1})
