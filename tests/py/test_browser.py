"""report.html in a real browser (headless Chromium, tests/py/browser.py):
no horizontal overflow at 1400 px nor at 800 px, no broken image, no
console error, on the fixtures with their plots drawn and on a made-up
run of 256 CPUs; the same for compare's page, on two pairs of fixtures
and on a made-up comparison of 16 CPUs; and the probe itself sees an
overflow, a broken image and a console error.
SKIPs, saying why, where chromium or gnuplot is not installed
(scripts/deps.sh installs both)."""

import os
import shutil
import unittest

import browser
from common import FolderCase, fixture
from irqbench_results import plots, report, tables
from test_compare import compare_page, sixteen_cpus
from test_summary import big_folder

WIDTHS = (1400, 800)


@unittest.skipUnless(browser.chromium(), "chromium is not installed (scripts/deps.sh installs it)")
class Browser(FolderCase):
    def look(self, page):
        for width in WIDTHS:
            found = browser.facts(page, width)
            self.assertEqual(browser.problems(found, width), [], "%s at %d px" % (page, width))

    def check(self, path, draw=True):
        folder = tables.ResultsFolder(path)
        drawn = None
        if draw:
            if shutil.which("gnuplot") is None:
                self.skipTest("gnuplot is not installed")
            drawn = plots.draw(folder, jobs=2)
        report.write(folder, drawn)
        self.look(os.path.join(path, "report.html"))

    def test_fixtures(self):
        for name in ("tcg-smp4", "kvm-smp4", "metal-partial", "failed"):
            self.check(self.copy(fixture(name), name))

    def test_256_cpus(self):
        self.check(big_folder(self, cpus=256), draw=False)

    @unittest.skipUnless(shutil.which("gnuplot"), "gnuplot is not installed")
    def test_compare_pages(self):
        for a, b in (("tcg-smp4", "kvm-smp4"), ("metal-partial", "failed")):
            self.look(os.path.join(compare_page(self, fixture(a), fixture(b)), "report.html"))
        a, b = sixteen_cpus(self, "a", 1), sixteen_cpus(self, "b", 2, scale=1.3)
        self.look(os.path.join(compare_page(self, a, b), "report.html"))

    def test_probe_sees_problems(self):
        path = self.folder("probe", {"report.html": '<!DOCTYPE html><html><head></head><body>'
                                     '<div style="width: 3000px">wide</div><img src="plots/none.png">'
                                     '<script>console.error("boom")</script>'
                                     "</body></html>"})
        found = browser.facts(os.path.join(path, "report.html"), 1400)
        got = browser.problems(found, 1400)
        self.assertTrue(any(p.startswith("horizontal overflow at 1400 px") for p in got), got)
        self.assertIn("broken image: plots/none.png", got)
        self.assertIn("console error: boom", got)


if __name__ == "__main__":
    unittest.main()
