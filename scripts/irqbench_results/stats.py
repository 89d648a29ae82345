"""The kernel's statistics (docs/statistics.md, kernel/stats.c), for the
views that must recompute: merging runs, the spread of many rows' p50s,
and compare's noise estimate. A figure the kernel sent is shown as sent,
never recomputed here.
"""

import math
import random

P1, P50, P90, P99, P999 = 10, 500, 900, 990, 999


def rank(permille, n):
    """The nearest rank of the permille-th percentile among n samples:
    ceil(permille * n / 1000), at least 1, computed as kernel/stats.c does
    it (no product permille * n)."""
    r = (n // 1000) * permille + -(-((n % 1000) * permille) // 1000)
    return max(r, 1)


def percentile(sorted_values, permille):
    """Nearest-rank percentile of values sorted ascending; None if empty."""
    if not sorted_values:
        return None
    return sorted_values[rank(permille, len(sorted_values)) - 1]


def median(values):
    """The nearest-rank p50 of values, in any order; None if empty."""
    return percentile(sorted(values), P50)


def figures(values):
    """Every figure of a summary row from the samples, as the kernel
    computes them: nearest-rank percentiles, mean rounded toward zero,
    population standard deviation rounded down. None for no samples."""
    v = sorted(values)
    n = len(v)
    if n == 0:
        return None
    total = sum(v)
    mean = abs(total) // n * (1 if total >= 0 else -1)
    # exact variance about the exact mean, total/n: sum((x*n - total)^2) / n^3
    dev2 = sum((x * n - total) ** 2 for x in v)
    stdev = math.isqrt(dev2 // (n ** 3))
    return {"samples": n, "min": v[0], "p1": percentile(v, P1), "p50": percentile(v, P50),
            "p90": percentile(v, P90), "p99": percentile(v, P99), "p999": percentile(v, P999),
            "max": v[-1], "mean": mean, "stdev": stdev}


def hist_percentile(buckets, permille):
    """The (lo, hi) bucket of a histogram [(lo, hi, count)], ascending,
    where the running count first reaches the percentile's nearest rank
    (docs/statistics.md, Histograms); None if empty."""
    n = sum(c for _, _, c in buckets)
    if n == 0:
        return None
    want = rank(permille, n)
    seen = 0
    for lo, hi, count in buckets:
        seen += count
        if seen >= want:
            return lo, hi
    return buckets[-1][0], buckets[-1][1]


def ns(cycles, hz):
    """Cycles as nanoseconds at hz, None when either is unknown."""
    if cycles is None or not hz:
        return None
    return cycles * 1e9 / hz


class Distribution:
    """A series' samples in ascending order, from its raw samples or from
    its histogram (each bucket's samples at the bucket's middle, so a
    value is known to within the bucket's width, 1/32 of it)."""

    def __init__(self, sorted_values=None, buckets=None):
        self.source = "raw" if sorted_values is not None else "hist"
        self.values = sorted_values
        self.cumulative = []
        self.mids = []
        if buckets is not None:
            total = 0
            for lo, hi, count in buckets:
                total += count
                self.cumulative.append(total)
                # the overflow/underflow rows have an open end: use the other one
                if hi >= 2 ** 62:
                    self.mids.append(lo)
                elif lo <= -2 ** 62:
                    self.mids.append(hi)
                else:
                    self.mids.append((lo + hi) / 2)
        self.n = len(sorted_values) if sorted_values is not None else (
            self.cumulative[-1] if self.cumulative else 0)

    @classmethod
    def from_raw(cls, values):
        return cls(sorted_values=sorted(values))

    @classmethod
    def from_hist(cls, buckets):
        return cls(buckets=buckets)

    def at_rank(self, r):
        """The r-th smallest sample (1-based)."""
        if self.values is not None:
            return self.values[r - 1]
        lo, hi = 0, len(self.cumulative) - 1
        while lo < hi:
            mid = (lo + hi) // 2
            if self.cumulative[mid] >= r:
                hi = mid
            else:
                lo = mid + 1
        return self.mids[lo]

    def median(self):
        return self.at_rank(rank(P50, self.n)) if self.n else None

    def samples(self):
        """The samples in ascending order; from a histogram each at its
        bucket's middle."""
        if self.values is not None:
            return self.values
        out, seen = [], 0
        for mid, total in zip(self.mids, self.cumulative):
            out += [mid] * (total - seen)
            seen = total
        return out

    def bootstrap_sampler(self, rng, permille):
        """A function drawing the percentile of one bootstrap resample (n
        draws with replacement), without resampling: the k-th smallest of
        n uniform indices 1..n is ceil(n * U), U the k-th order statistic
        of n uniforms on (0, 1), U ~ Beta(k, n - k + 1). At the median that
        Beta is symmetric and its normal approximation (same mean and
        variance) is close even for 20 samples and 4x cheaper to draw; in a
        tail (p99) it is skewed, so U is drawn from the Beta itself. Either
        way O(log n) a draw, not O(n log n)."""
        n = self.n
        k = rank(permille, n)
        ceil, at_rank = math.ceil, self.at_rank
        if permille == P50:
            mean = k / (n + 1)
            sd = math.sqrt(k * (n - k + 1) / ((n + 1) ** 2 * (n + 2)))
            gauss = rng.gauss

            def draw():
                return at_rank(min(n, max(1, ceil(gauss(mean, sd) * n))))
        else:
            beta = rng.betavariate

            def draw():
                return at_rank(min(n, max(1, ceil(beta(k, n - k + 1) * n))))
        return draw


def bootstrap_difference(a, b, permille=P50, iterations=1000, seed=0, scale_a=1, scale_b=1,
                         confidence=0.95):
    """The bootstrap percentile interval (lo, hi) of the difference
    b - a of a percentile (the median by default) of two Distributions,
    each scaled into a common unit (1e9 / tsc_hz for ns); deterministic
    for a seed. None when either is empty."""
    if a.n == 0 or b.n == 0:
        return None
    rng = random.Random(seed)
    draw_a, draw_b = a.bootstrap_sampler(rng, permille), b.bootstrap_sampler(rng, permille)
    diffs = sorted(draw_b() * scale_b - draw_a() * scale_a for _ in range(iterations))
    tail = (1 - confidence) / 2
    lo = diffs[max(0, math.floor(tail * iterations))]
    hi = diffs[min(iterations - 1, math.ceil((1 - tail) * iterations) - 1)]
    return lo, hi
