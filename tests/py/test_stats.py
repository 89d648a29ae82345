"""stats.py: docs/statistics.md's definitions, and the kernel's own
figures recomputed from the raw samples of the same run."""

import random
import unittest

from common import REAL, fixture
from irqbench_results import stats, tables

FIGURES = ("samples", "min", "p1", "p50", "p90", "p99", "p999", "max", "mean", "stdev")


class Definitions(unittest.TestCase):
    def test_worked_example(self):
        f = stats.figures([30, -10, 10, -30, -20])
        self.assertEqual((f["p1"], f["p50"], f["p90"], f["p99"]), (-30, -10, 30, 30))
        self.assertEqual(f["mean"], -4)

    def test_ranks(self):
        self.assertEqual(stats.rank(999, 1000), 999)
        self.assertEqual(stats.rank(999, 1001), 1000)
        self.assertEqual(stats.rank(999, 10000), 9990)
        self.assertEqual(stats.rank(990, 48), 48)
        self.assertEqual(stats.rank(10, 5), 1)
        self.assertEqual(stats.rank(500, 10 ** 12 + 1), 5 * 10 ** 11 + 1)

    def test_mean_toward_zero_and_stdev_down(self):
        self.assertEqual(stats.figures([2, 3])["mean"], 2)
        self.assertEqual(stats.figures([-2, -3])["mean"], -2)
        f = stats.figures([4, 6, 6])
        self.assertEqual((f["mean"], f["stdev"]), (5, 0))
        self.assertEqual(stats.figures([0, 10])["stdev"], 5)

    def test_empty(self):
        self.assertIsNone(stats.figures([]))
        self.assertIsNone(stats.percentile([], 500))

    def test_hist_percentile(self):
        buckets = [(0, 1, 2), (1, 2, 2), (64, 66, 1)]
        self.assertEqual(stats.hist_percentile(buckets, 500), (1, 2))
        self.assertEqual(stats.hist_percentile(buckets, 990), (64, 66))


class AgainstTheKernel(unittest.TestCase):
    """Every ok summary row whose raw samples the folder has: the kernel's
    figures equal the nearest-rank figures of those samples; every row
    with a histogram: its p1, p50 and p99 lie in the bucket hist_percentile
    names."""

    def check(self, path, want_hist=False):
        folder = tables.ResultsFolder(path)
        raw, hist = tables.raw_samples(folder), tables.histograms(folder)
        checked = in_hist = 0
        for row in folder.summary():
            key = tables.series_key(row)
            if row["status"] != "ok":
                continue
            if key in raw:
                mine = stats.figures(raw[key])
                self.assertEqual({c: mine[c] for c in FIGURES}, {c: row.int(c) for c in FIGURES},
                                 "%s: %s" % (row.where(), key))
                checked += 1
            if key in hist:
                for column, permille in (("p1", stats.P1), ("p50", stats.P50), ("p99", stats.P99)):
                    lo, hi = stats.hist_percentile(hist[key], permille)
                    self.assertTrue(lo <= row.int(column) < hi, "%s: %s %s" % (row.where(), column, key))
                in_hist += 1
        self.assertGreater(checked, 20)
        if want_hist:
            self.assertGreater(in_hist, 10)

    def test_real_tcg_run(self):
        self.check(REAL, want_hist=True)

    def test_fixtures(self):
        self.check(fixture("tcg-smp4"))
        self.check(fixture("kvm-smp4"))


class Bootstrap(unittest.TestCase):
    def test_same_distribution_contains_zero(self):
        rng = random.Random(1)
        a = stats.Distribution.from_raw([int(rng.expovariate(1 / 50)) + 1000 for _ in range(500)])
        b = stats.Distribution.from_raw([int(rng.expovariate(1 / 50)) + 1000 for _ in range(500)])
        lo, hi = stats.bootstrap_difference(a, b, seed=3)
        self.assertLessEqual(lo, 0)
        self.assertGreaterEqual(hi, 0)

    def test_shift_is_significant_and_deterministic(self):
        rng = random.Random(2)
        base = [int(rng.gauss(1000, 20)) for _ in range(200)]
        a = stats.Distribution.from_raw(base)
        b = stats.Distribution.from_raw([v + 100 for v in base])
        lo, hi = stats.bootstrap_difference(a, b, seed=5)
        self.assertGreater(lo, 50)
        self.assertLess(hi, 150)
        self.assertEqual((lo, hi), stats.bootstrap_difference(a, b, seed=5))

    def test_false_alarm_rate(self):
        """Two runs from one distribution: the 95% interval excludes 0 in
        about 5% of the pairs or fewer (the percentile bootstrap of a
        difference of medians errs on the wide side)."""
        rng = random.Random(7)
        alarms = 0
        for trial in range(200):
            a = stats.Distribution.from_raw([int(rng.expovariate(1 / 50)) + 1000 for _ in range(50)])
            b = stats.Distribution.from_raw([int(rng.expovariate(1 / 50)) + 1000 for _ in range(50)])
            lo, hi = stats.bootstrap_difference(a, b, seed=trial)
            alarms += lo > 0 or hi < 0
        self.assertLess(alarms, 16)

    def test_p99_false_alarm_rate_and_shift(self):
        """The p99's interval (exact Beta draws, the tail being skewed):
        about 5% false alarms or fewer on one distribution, and a tail
        twice as far from the body is found."""
        rng = random.Random(8)
        alarms = 0
        for trial in range(100):
            a = stats.Distribution.from_raw([int(rng.expovariate(1 / 50)) + 1000 for _ in range(500)])
            b = stats.Distribution.from_raw([int(rng.expovariate(1 / 50)) + 1000 for _ in range(500)])
            lo, hi = stats.bootstrap_difference(a, b, stats.P99, seed=trial)
            alarms += lo > 0 or hi < 0
        self.assertLess(alarms, 9)
        a = stats.Distribution.from_raw([int(rng.expovariate(1 / 50)) + 1000 for _ in range(500)])
        b = stats.Distribution.from_raw([int(rng.expovariate(1 / 100)) + 1000 for _ in range(500)])
        lo, hi = stats.bootstrap_difference(a, b, stats.P99, seed=1)
        self.assertGreater(lo, 0)

    def test_interval_narrows_with_samples(self):
        rng = random.Random(4)
        width = []
        for n in (20, 2000):
            a = stats.Distribution.from_raw([rng.gauss(1000, 100) for _ in range(n)])
            b = stats.Distribution.from_raw([rng.gauss(1000, 100) for _ in range(n)])
            lo, hi = stats.bootstrap_difference(a, b, seed=1)
            width.append(hi - lo)
        self.assertLess(width[1], width[0] / 4)

    def test_histogram_distribution(self):
        d = stats.Distribution.from_hist([(0, 10, 5), (10, 20, 5), (2 ** 40, 2 ** 63 - 1, 1)])
        self.assertEqual(d.n, 11)
        self.assertEqual(d.median(), 15)
        self.assertEqual(d.at_rank(11), 2 ** 40)
