"""plots.py: the layout decisions (paging, image size bounds, log-bin
edges, colour-scale range, class boundaries, signed facets) and the plot
list of the fixtures and of made-up folders of 2 to 256 CPUs, without
running gnuplot."""

import unittest

from common import FolderCase, SUMMARY_HEADER, fixture, meta, summary_row
from irqbench_results import plots, tables


class Layout(unittest.TestCase):
    def test_pages_balanced_and_bounded(self):
        self.assertEqual(plots.pages(0), [])
        self.assertEqual(plots.pages(60), [(0, 60)])
        self.assertEqual(plots.pages(61), [(0, 31), (31, 61)])
        for n in (1, 59, 61, 120, 121, 1000, 256 * 40):
            cut = plots.pages(n)
            self.assertEqual(sum(b - a for a, b in cut), n)
            self.assertTrue(all(b - a <= plots.BARS_PER_PAGE for a, b in cut))

    def test_image_sizes_bounded_from_2_to_256_cpus(self):
        for cpus in (2, 4, 16, 32, 64, 128, 256, 384):
            (w, h), cell = plots.heatmap_size(cpus)
            self.assertLessEqual(max(w, h), plots.MAX_PX, cpus)
            self.assertGreaterEqual(cell, 1)
            self.assertLessEqual(cpus * cell, plots.MAX_PX, cpus)
        for rows in (1, plots.BARS_PER_PAGE):
            self.assertLessEqual(max(plots.bar_size(rows)), plots.MAX_PX)
        self.assertEqual(plots.clamp_px(21040), plots.MAX_PX)

    def test_log_bins(self):
        edges = plots.log_bins(100, 1e6, 4)
        self.assertEqual(len(edges), 5)
        self.assertAlmostEqual(edges[0], 100)
        for a, b in zip(edges, edges[1:]):
            self.assertAlmostEqual(b / a, 10, places=5)
        self.assertGreater(edges[-1], 1e6)
        self.assertEqual(plots.histogram([100, 999, 1001, 1e6], edges), [2, 1, 0, 1])
        with self.assertRaises(ValueError):
            plots.log_bins(0, 10, 4)

    def test_bin_count_grows_slowly_and_is_bounded(self):
        self.assertEqual(plots.bin_count(1), 10)
        self.assertEqual(plots.bin_count(10 ** 9), 60)
        self.assertLess(plots.bin_count(100), plots.bin_count(10000))

    def test_log_axis_only_for_positive_values_over_decades(self):
        self.assertTrue(plots.log_axis(100, 3.5e8))
        self.assertFalse(plots.log_axis(100, 5000))
        self.assertFalse(plots.log_axis(-5, 3.5e8))
        self.assertFalse(plots.log_axis(0, 3.5e8))

    def test_colour_range_is_min_to_max(self):
        self.assertEqual(plots.colour_range([24318, 24400, 24488, None]), (24318, 24488))
        self.assertEqual(plots.colour_range([7, 7]), (6, 8))
        self.assertIsNone(plots.colour_range([None]))

    def test_class_boundaries_between_groups(self):
        # 2 packages x 2 cores x 2 threads
        def cls(a, b):
            a, b = int(a), int(b)
            return "smt" if a // 2 == b // 2 else ("l3" if a // 4 == b // 4 else "remote")
        cpus = [str(c) for c in range(8)]
        self.assertEqual(plots.class_boundaries(cpus, cls), [(1, "l3"), (3, "remote"), (5, "l3")])
        self.assertEqual(plots.class_boundaries(cpus, lambda a, b: ""), [])

    def test_axis_unit(self):
        self.assertEqual(plots.axis_unit(5000, None), ("cycles", 1.0))
        name, per = plots.axis_unit(3.5e8, 2e9)
        self.assertEqual(name, "ms")
        self.assertAlmostEqual(per, 2e6)

    def test_thin_tail_keeps_the_tail_and_bounds_points(self):
        values = list(range(100000))
        tail = plots.thin_tail(values, 1000)
        self.assertLessEqual(len(tail), 1100)
        self.assertEqual(tail[-1], (99999, 1 / 100000))
        self.assertEqual(tail[0], (0, 1.0))

    def test_chunk_max_keeps_spikes(self):
        values = [1] * 1000
        values[517] = 99
        kept = plots.chunk_max(values, 10)
        self.assertLessEqual(len(kept), 10)
        self.assertIn((517, 99), kept)


def matrix(cpus):
    rows = []
    for a in range(cpus):
        for b in range(cpus):
            if a != b:
                cls = "smt" if a // 2 == b // 2 else ("l3" if a // 8 == b // 8 else "remote")
                rows.append([str(a), str(b), cls, "10", "0", "900", str(1000 + a + b), "1100", str(2000 + a), "3000"])
    return ("src_cpu,dst_cpu,class,samples,lost,min_cycles,p50_cycles,p90_cycles,p99_cycles,max_cycles".split(","),
            rows)


class Overlays(unittest.TestCase):
    """A comparison's overlaid tail and histogram: one image pair per
    variant, bounded whatever the CPU count, log-spaced bins and a time
    axis where the runs allow."""

    def series(self, letter, values, hz=2e9):
        return plots.Series(letter, "run-" + letter, sorted(values), hz, "raw")

    def test_bounded_log_bins_time_axis(self):
        # 256 CPUs' samples pooled: still two 1200 x 600 images
        a = self.series("A", [1000 + (i % 5000) for i in range(256 * 50)])
        b = self.series("B", [2000 + (i % 9000) for i in range(256 * 50)], hz=3e9)
        cdf, hist = plots.overlays("compare-ipi-x", "IPI x", [a, b], "note")
        for p in (cdf, hist):
            self.assertLessEqual(max(p.size), plots.MAX_PX)
        self.assertEqual((cdf.name, hist.name), ("compare-ipi-x-cdf", "compare-ipi-x-hist"))
        self.assertIn("log-spaced bins", hist.title)
        body = "\n".join(cdf.body + hist.body)
        self.assertTrue('set xlabel "latency (us)"' in body, "no time axis")
        # each run at its own TSC frequency: B's cycles at 3 GHz
        self.assertTrue('"A: n 12800, p50 1.57us, p99 2.97us"' in body, "A's legend")
        self.assertTrue('"B: n 12800, p50 1.73us, p99 3.62us"' in body, "B's legend")
        self.assertEqual(body.count("with steps"), 4)

    def test_signed_values_linear_bins_cycles_without_tsc_hz(self):
        a = self.series("A", [-50, 0, 10, 20, 30], hz=None)
        b = self.series("B", [-40, 5, 15, 25, 35])
        cdf, hist = plots.overlays("compare-timer-x", "timer x", [a, b], "note")
        self.assertIn("linear (values <= 0) bins", hist.title)
        self.assertTrue('set xlabel "lateness (cycles)"' in cdf.body)


class RatioCharts(unittest.TestCase):
    def test_paged_and_bounded(self):
        """A comparison of 32 CPUs' pairs (130 judged rows): three pages of
        at most BARS_PER_PAGE bars, each image MAX_PX or less; a row
        without a p99 ratio has no diamond."""
        rows = [("ipi icr 0->%d" % i, 1.1, 1.05, 1.2, None if i == 0 else 1.5, "slower") for i in range(130)]
        charts = plots.ratio_charts("B", rows, "note")
        self.assertEqual([p.name for p in charts], ["compare-ratios-B", "compare-ratios-B-2", "compare-ratios-B-3"])
        for p in charts:
            self.assertLessEqual(max(p.size), plots.MAX_PX)
            self.assertIn("(page %d of 3)" % (charts.index(p) + 1), p.title)
        self.assertIn("0 1.1 1.05 1.2 NaN 0xd62728", charts[0].body)
        self.assertEqual(plots.ratio_charts("B", [], "note"), [])


class PlotList(FolderCase):
    def collect(self, path):
        return {p.name: p for p in plots.collect(tables.ResultsFolder(path))}

    def test_fixture_plots_and_missing_inputs(self):
        got = self.collect(fixture("tcg-smp4"))
        for name in ("ipi-heatmap-p50", "ipi-heatmap-p99", "ipi-roundtrip_spin-hist", "ipi-roundtrip_spin-cdf",
                     "timer-oneshot-time", "ioapic-costs", "gates-costs"):
            self.assertEqual(got[name].status, "ok", name)
        partial = self.collect(fixture("metal-partial"))
        self.assertEqual(partial["ipi-heatmap-p50"].status, "missing")
        self.assertIn("ipi skipped: cpus=0 selects 1 CPU", partial["ipi-heatmap-p50"].note)

    def test_hist_csv_where_no_raw_samples(self):
        got = self.collect(self.copy(fixture("tcg-smp4"), "x"))
        self.assertEqual(got["timer-oneshot-hist"].input, "timer.csv")
        path = self.copy(fixture("tcg-smp4"), "nohist")
        import os
        os.remove(os.path.join(path, "timer.csv"))
        got = self.collect(path)
        self.assertEqual(got["timer-oneshot-hist"].input, "timer_hist.csv")
        self.assertNotIn("timer-oneshot-cdf", got)

    def test_signed_rows_faceted_apart(self):
        rows = [summary_row("ioapic", "rte_read", "0", p50=500, p99=900),
                summary_row("ioapic", "deliver_pit", "0", "0", p50=30000, p99=350000000),
                summary_row("ioapic", "period_jitter_rtc", "0", "0", p50=-2810, p99=14509740)]
        path = self.folder("signed", {"summary.csv": (SUMMARY_HEADER, rows), "meta.csv": meta(2)})
        got = self.collect(path)
        self.assertIn("log axis", "\n".join(got["ioapic-costs"].body))
        self.assertIn("ioapic-costs-signed", got)
        self.assertNotIn("logscale", "\n".join(got["ioapic-costs-signed"].body))

    def test_every_image_bounded_at_256_cpus(self):
        cpus = 256
        rows = [summary_row("ioapic", "deliver_%d" % k, str(c), str(c)) for k in range(8) for c in range(cpus)]
        path = self.folder("big", {"summary.csv": (SUMMARY_HEADER, rows), "meta.csv": meta(cpus),
                                   "ipi_matrix.csv": matrix(cpus)})
        got = self.collect(path)
        pages = [p for p in got if p.startswith("ioapic-costs")]
        self.assertEqual(len(pages), -(-8 * cpus // plots.BARS_PER_PAGE))
        for p in got.values():
            if p.status == "ok":
                self.assertLessEqual(max(p.size), plots.MAX_PX, p.name)
        body = "\n".join(got["ipi-heatmap-p50"].body)
        self.assertIn("linear from the lowest", body)
        self.assertIn("topology class boundaries (l3, remote)", body)
        self.assertNotIn("with labels", body)

    def test_bad_input_named_not_a_traceback(self):
        path = self.copy(fixture("tcg-smp4"), "bad")
        with open(path + "/ipi.csv", "a") as f:
            f.write("ipi,roundtrip_spin,xapic,0\n")
        with open(path + "/ipi_matrix.csv", "w") as f:
            f.write("src_cpu,dst_cpu\n0,1\n")
        got = self.collect(path)
        unreadable = [p for p in got.values() if p.status == "unreadable"]
        self.assertEqual(len(unreadable), 2)
        notes = " ".join(p.note for p in unreadable)
        self.assertIn("ipi.csv line", notes)
        self.assertIn("ipi_matrix.csv: no column p50_cycles", notes)
        self.assertEqual(got["gates-costs"].status, "ok")


if __name__ == "__main__":
    unittest.main()
