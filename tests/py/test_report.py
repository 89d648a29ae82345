"""report.py: the sections of report.html and report.md, the rows not
measured folded to one line per reason, the trust badges from the
fixtures' meta.csv, the tables sorted by variant then CPU, and a report of
256 CPUs whose skipped rows do not open the page."""

import os
import re

from common import FolderCase, fixture
from irqbench_results import plots, report, tables
from test_summary import big_folder


def write(path, with_plots=True):
    folder = tables.ResultsFolder(path)
    report.write(folder, plots.collect(folder) if with_plots else None)
    with open(os.path.join(path, "report.html"), encoding="utf-8") as f:
        page = f.read()
    with open(os.path.join(path, "report.md"), encoding="utf-8") as f:
        return page, f.read()


def badges(path):
    return [text for _, text in report.badges(report.Run(tables.ResultsFolder(path)))]


class Sections(FolderCase):
    def test_sections_in_order(self):
        page, md = write(self.copy(fixture("kvm-smp4"), "kvm"))
        heads = re.findall(r"<h2[^>]*>([^<]+)</h2>", page)
        self.assertEqual(heads[:2], ["Key figures", "Not measured or failed"])
        for h in ("Results", "Machine", "How this was measured"):
            self.assertIn(h, heads)
        self.assertLess(page.index('class="badges"'), page.index("Key figures"))
        for h in ("## Key figures", "## Not measured or failed", "## Plots", "## Machine"):
            self.assertIn(h, md)
        self.assertNotIn("<script", page)
        self.assertIn("How it was taken:", page)
        self.assertIn("warm-up", page)

    def test_every_statistic_has_its_time(self):
        page, _ = write(self.copy(fixture("tcg-smp4"), "tcg"))
        # ipi roundtrip_spin 0->1: p50 24318 cycles, 8121 ns as the kernel sent it
        self.assertIn('<td class="n t">24318<small>8.12us</small></td>', page)
        cells = re.findall(r'<td class="n t">(-?\d+)(<small>[^<]+</small>)?</td>', page)
        self.assertTrue(cells)
        self.assertTrue(all(unit for _, unit in cells))

    def test_tables_sorted_by_variant_then_cpu(self):
        page, _ = write(self.copy(fixture("tcg-smp4"), "tcg"))
        ipi = page[page.index('id="bench-ipi"'):page.index('id="bench-timer"')]
        rows = re.findall(r"<tr><td>(\w+)</td><td>xapic</td><td class=\"cpu\">(\d+)-&gt;(\d+)</td>", ipi)
        keys = [(v, int(s), int(d)) for v, s, d in rows]
        self.assertGreater(len(keys), 10)
        self.assertEqual(keys, sorted(keys))


class NotMeasured(FolderCase):
    def test_one_line_per_reason_with_count(self):
        run = report.Run(tables.ResultsFolder(big_folder(self, cpus=256)))
        groups = report.not_measured(run)
        self.assertEqual(groups[0][:3], ("failed", "3 of 100 replies never came", 30))
        self.assertEqual(len([g for g in groups if g[0] == "skipped"]), 12)
        insufficient = [g for g in groups if g[0] == "insufficient"]
        self.assertEqual(insufficient[0][2], 5)

    def test_big_run_opens_on_figures(self):
        page, md = write(big_folder(self, cpus=256), with_plots=False)
        start = page[:page.index("<h2>Results</h2>")]
        self.assertLess(start.count("<tr"), 120)
        self.assertIn("<details><summary>", page)
        self.assertLess(len(md.splitlines()), 120)


class Badges(FolderCase):
    def test_from_fixture_meta(self):
        self.assertIn("TCG: software emulation, not hardware figures", badges(fixture("tcg-smp4")))
        self.assertIn("low sample count: 24 of 40 measured rows under 100 samples", badges(fixture("tcg-smp4")))
        kvm = badges(fixture("kvm-smp4"))
        self.assertTrue(any(b.startswith("KVM: figures describe this hypervisor") for b in kvm), kvm)
        self.assertTrue(any(b.startswith("failed checks: ") for b in kvm), kvm)
        metal = badges(fixture("metal-partial"))
        self.assertIn("bare metal", metal)
        self.assertIn("SMIs during 1 benchmark", metal)
        self.assertIn("insufficient rows: no measured row for ipi, ioapic", metal)
        failed = badges(fixture("failed"))
        self.assertIn("run FAILED", failed)
        self.assertIn("no summary.csv", failed)

    def test_nested_and_time_budget(self):
        path = big_folder(self, cpus=4)
        with open(os.path.join(path, "meta.csv"), "a") as f:
            f.write("ring0_emulated,1\n")
        got = badges(path)
        self.assertTrue(any(b.startswith("nested hypervisor") for b in got), got)
        path = self.copy(fixture("tcg-smp4"), "budget")
        with open(os.path.join(path, "summary.csv")) as f:
            text = f.read().replace(",ok,,", ",ok,time budget: 3 of 48 samples in 2000 ms (series_ms),", 1)
        with open(os.path.join(path, "summary.csv"), "w") as f:
            f.write(text)
        self.assertIn("time budget hit: 1 rows cut short by series_ms", badges(path))
