"""summary.py: the console summary stays under 40 lines of at most 100
columns from 2 to 256 CPUs, lists failed rows, folds the rest."""

import io

from common import FolderCase, OLDER, REAL, SUMMARY_HEADER, fixture, meta, summary_row
from irqbench_results import summary, tables

CLASSES = ("smt", "l2", "l3", "die", "package", "numa", "remote")


def big_folder(case, cpus=256, failed=30, classes=CLASSES):
    """A made-up summary of a 2-socket machine with CPUS CPUs: per-CPU
    variants, pair variants over every class, FAILED rows, skip reasons
    that differ per CPU, insufficient rows and a later extra column."""
    rows = []
    for v in ("self_shorthand", "broadcast_last"):
        rows += [summary_row("ipi", v, str(c), p50=1000 + c) for c in range(cpus)]
    for v in ("icr", "roundtrip_spin", "roundtrip_halt", "nmi", "oneway_spin"):
        for i, cls in enumerate(classes):
            rows += [summary_row("ipi", v, "0", str(k + 1), p50=2000 + 100 * i + k, cls=cls) for k in range(2)]
    rows += [summary_row("ipi", "roundtrip_halt", str(c), str(c + 1), status="failed",
                         reason="3 of 100 replies never came", cls="remote") for c in range(failed)]
    for v in ("oneshot_100us", "periodic_100us", "deadline_100us", "oneshot_halt_100us"):
        rows += [summary_row("timer", v, str(c), p50=5000 + c) for c in range(cpus)]
    rows += [summary_row("timer", "periodic_drift_100us", str(c), status="insufficient",
                         reason="time budget: 3 of 100 samples", samples=3) for c in range(5)]
    for k in range(40):
        rows += [summary_row("ioapic", "deliver_%d_src%d" % (k % 8, k), str(c), str(c)) for c in range(4)]
    for k in range(12):
        rows.append(summary_row("ioapic", "source_%d" % k, "", status="skipped", reason="no source %d" % k))
    for v in ("int_intgate", "int_trapgate", "int_intgate_ist", "ud_ud2", "gp_noncanonical", "empty"):
        for suffix in ("", "_net", "_ring3", "_ring3_net"):
            rows += [summary_row("gates", v + suffix, str(c), p50=300) for c in range(cpus)]
    rows = [r + ["no"] for r in rows]
    return case.folder("big", {"summary.csv": (SUMMARY_HEADER + ["impossible"], rows), "meta.csv": meta(cpus),
                               "FAILED": "30 rows failed\nsee summary.csv\n"})


class ConsoleSize(FolderCase):
    def lines(self, path, everything=False):
        out = io.StringIO()
        summary.write(tables.ResultsFolder(path), everything=everything, out=out)
        return out.getvalue().splitlines()

    def assertFits(self, lines):
        self.assertLess(len(lines), 40, "\n".join(lines))
        for line in lines:
            self.assertLessEqual(len(line), 100, line)

    def test_fixtures_and_real_runs(self):
        for path in (fixture("tcg-smp4"), fixture("kvm-smp4"), fixture("metal-partial"), fixture("failed"),
                     REAL, OLDER):
            self.assertFits(self.lines(path))

    def test_256_cpus(self):
        lines = self.lines(big_folder(self))
        self.assertFits(lines)
        text = "\n".join(lines)
        self.assertIn("failed: ipi roundtrip_halt 0->1: 3 of 100 replies never came", text)
        self.assertIn("failed: and 25 more, see ", text)
        self.assertIn("insufficient: 5 rows: time budget: 3 of 100 samples (timer periodic_drift_100us)", text)
        self.assertIn("and 9 more reasons (9 rows), see", text)
        self.assertRegex(text, r"\n\d+ rows: \d+ ok, 12 skipped, 30 failed, 5 insufficient; 0 samples lost")
        self.assertRegex(text, r"\nFAILED: 30 rows failed\n")

    def test_insufficient_never_shown_ok(self):
        lines = self.lines(big_folder(self))
        drift = [l for l in lines if "periodic_drift" in l and l.startswith("timer")]
        self.assertEqual(len(drift), 1, lines)
        self.assertTrue(drift[0].endswith("5 insufficient"), drift[0])

    def test_pair_rows_one_line_per_class(self):
        lines = self.lines(big_folder(self, failed=0, classes=("smt", "l3", "remote")))
        icr = [l for l in lines if l.startswith("ipi    icr ")]
        self.assertEqual(len(icr), 3, "\n".join(lines))
        self.assertRegex(icr[0], r"^ipi +icr +2 smt +1/1/1us +1us 0->1 ")
        # with all 7 classes the pair lines do not fit: one line per variant
        lines = self.lines(big_folder(self, failed=0))
        self.assertRegex("\n".join(lines), r"\nipi +icr +14 pairs +1/1\.15/1\.3us ")

    def test_both_apic_modes_one_section_each(self):
        source = tables.ResultsFolder(fixture("tcg-smp4")).table("summary.csv")
        rows = [[r[c] for c in source.header] for r in source]
        rows += [[r[c] if c != "apic_mode" else "x2apic" for c in source.header] for r in source]
        path = self.folder("both", {"summary.csv": (source.header, rows),
                                    "meta.csv": meta(4, apic_mode="xapic+x2apic")})
        lines = self.lines(path)
        self.assertFits(lines)
        self.assertEqual([l for l in lines if l.startswith("-- ")], ["-- apic_mode xapic", "-- apic_mode x2apic"])
        self.assertIn("4 CPUs, xAPIC+x2APIC;", lines[1])

    def test_everything_is_one_line_per_row(self):
        lines = self.lines(fixture("tcg-smp4"), everything=True)
        spin = [l for l in lines if l.startswith("ipi    roundtrip_spin")]
        self.assertEqual(len(spin), 12)
        self.assertRegex("\n".join(spin), r"ipi +roundtrip_spin +0->1 +8\.12us 16\.2us +24318 +48480 ok")


CHECKS_HEADER = ["check", "subject", "figures", "bound", "verdict", "reason"]


class Checks(FolderCase):
    """The one line for checks.csv: counts, the failed checks named."""

    def folder_with(self, rows):
        source = tables.ResultsFolder(fixture("tcg-smp4")).table("summary.csv")
        return self.folder("checks", {
            "summary.csv": (source.header, [[r[c] for c in source.header] for r in source]),
            "meta.csv": meta(4), "checks.csv": (CHECKS_HEADER, rows)})

    def test_counts_and_failed_named(self):
        rows = [["oneway_le_roundtrip", "pair 0->1 spin", "oneway_spin p50 300 cycles, roundtrip_spin p50 259 cycles",
                 "oneway_spin p50 <= roundtrip_spin p50 + 33 cycles (the TSC offsets' bound)", "failed",
                 "oneway_spin p50 exceeds roundtrip_spin p50 by 41 cycles, beyond the TSC offsets' bound"],
                ["oneway_le_roundtrip", "pair 1->0 spin", "", "", "ok", ""],
                ["icr_le_roundtrip", "pair 0->1", "", "", "ok", ""],
                ["tsc_hz_agree", "source hpet", "", "", "skipped", "no HPET in the firmware tables"],
                ["timing_overhead", "cpu 1", "", "", "failed", "more than 4x apart from cpu 0's"]]
        lines = ConsoleSize.lines(self, self.folder_with(rows))
        ConsoleSize.assertFits(self, lines)
        checks = [l for l in lines if l.startswith("checks: ")]
        self.assertEqual(checks, ["checks: 2 ok, 2 failed, 1 skipped; failed: oneway_le_roundtrip pair 0->1 spin, "
                                  "timing_overhead cpu 1"])
        # before the total line, which stays last
        self.assertRegex(lines[-1], r"^\d+ rows: ")

    def test_all_ok(self):
        lines = ConsoleSize.lines(self, self.folder_with([["timing_overhead", "cpu 0", "median 7 cycles",
                                                          "above 0 cycles", "ok", ""]]))
        self.assertIn("checks: 1 ok, 0 failed, 0 skipped", lines)

    def test_no_checks_csv_no_line(self):
        lines = ConsoleSize.lines(self, fixture("tcg-smp4"))
        self.assertFalse([l for l in lines if l.startswith("checks")], lines)


class Parts(FolderCase):
    def test_time_text(self):
        self.assertEqual([summary.time_text(v) for v in (581, 8121, 84926, 999.6, 1.5e6, -45, None)],
                         ["581ns", "8.12us", "84.9us", "1us", "1.5ms", "-45ns", "-"])

    def test_smi_lines_as_the_report_reads_them(self):
        folder = tables.ResultsFolder(fixture("metal-partial"))
        self.assertEqual(summary.smi_lines(folder), [
            ("timer", "smi", "3 SMIs during bench timer (CPU 0: 3): its tail figures may be inflated"),
            ("gates", "none", "no SMI during bench gates (CPUs 0)")])

    def test_ranges(self):
        self.assertEqual(summary.ranges(["0", "1"]), "0,1")
        self.assertEqual(summary.ranges([str(c) for c in range(16)] + ["20"]), "0-15,20")
