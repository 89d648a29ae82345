"""The plots of a results folder, drawn with gnuplot into RUN_DIR/plots/:
NAME.png and the script that drew it, NAME.gp (data inline: run
"gnuplot NAME.gp" in plots/ to draw it again), and plots/index.csv listing
every plot and every plot not drawn with the input it lacked.

Designed for 2 to 256 CPUs: every image is at most MAX_PX square; cost
charts are one horizontal bar per row, paged; heatmaps shrink their cells;
histograms bin on log-spaced edges; axes are in ns/us/ms where meta.csv
has tsc_hz. The layout decisions are pure functions (tested in
tests/py/test_plots.py); draw() runs gnuplot.
"""

import bisect
import csv
import math
import os
import shutil
import subprocess

from . import machine, stats
from .summary import unit_of, time_text
from .tables import RAW_TABLES, TableError, histograms, raw_samples

MAX_PX = 2400
BARS_PER_PAGE = 60
HEATMAP_LABELS = 16      # values printed in the cells up to this many CPUs
OVER_TIME_COLOURS = 8    # one colour per CPU up to this many, then pooled
OVER_TIME_POINTS = 20000  # per CPU at most; each point the largest of its chunk
CDF_POINTS = 3000
CLASS_ORDER = ("smt", "l2", "l3", "die", "package", "numa", "remote")


# ---- layout (pure) ----

def clamp_px(px):
    return int(max(200, min(MAX_PX, px)))


def pages(n, per_page=BARS_PER_PAGE):
    """[(start, end)] slices of n items in pages of at most per_page,
    balanced so that the last page is not a stub."""
    if n <= 0:
        return []
    count = -(-n // per_page)
    size = -(-n // count)
    return [(i, min(n, i + size)) for i in range(0, n, size)]


def bar_size(rows):
    """(width, height) of a cost chart page of rows bars."""
    return 1200, clamp_px(140 + 22 * rows)


def heatmap_size(cpus):
    """(width, height) and the cell size in px of an n x n heatmap."""
    cell = max(1, min(48, (MAX_PX - 400) // max(cpus, 1)))
    side = clamp_px(cpus * cell + 400)
    return (side, clamp_px(cpus * cell + 260)), cell


def log_axis(lo, hi, decades=2):
    """Whether values from lo to hi want a log axis: all positive and
    spanning more than `decades` decades (a factor 100 by default)."""
    return lo is not None and lo > 0 and hi / lo > 10 ** decades


def log_bins(lo, hi, count):
    """count + 1 log-spaced bin edges from lo to just above hi (lo > 0)."""
    if lo <= 0:
        raise ValueError("log bins need a positive lower bound")
    hi = max(hi, lo) * (1 + 1e-9) + 1e-9
    ratio = (hi / lo) ** (1.0 / count)
    edges = [lo * ratio ** i for i in range(count)]
    return edges + [hi]


def linear_bins(lo, hi, count):
    hi = max(hi, lo + 1)
    width = (hi - lo) / count
    return [lo + width * i for i in range(count)] + [hi + 1e-9]


def bin_count(n):
    """Bins for n samples: about 2 per doubling of n, from 10 to 60."""
    return max(10, min(60, int(4 * math.log2(max(n, 2)))))


def histogram(values, edges):
    """Counts of the sorted values per bin [edges[i], edges[i+1])."""
    counts = [0] * (len(edges) - 1)
    for v in values:
        i = bisect.bisect_right(edges, v) - 1
        counts[min(max(i, 0), len(counts) - 1)] += 1
    return counts


def colour_range(values):
    """(low, high) of an honest linear colour scale: the min and the max
    of the values, widened by one where they are equal."""
    vs = [v for v in values if v is not None]
    if not vs:
        return None
    lo, hi = min(vs), max(vs)
    return (lo, hi) if hi > lo else (lo - 1, hi + 1)


def class_boundaries(cpus, class_of):
    """[(i, class)] where CPUs cpus[i] and cpus[i + 1] are in another
    group than the finest class of neighbours: the lines of the heatmap."""
    pairs = [class_of(cpus[i], cpus[i + 1]) for i in range(len(cpus) - 1)]
    known = [c for c in pairs if c]
    if not known:
        return []
    finest = min(known, key=class_rank)
    return [(i, c) for i, c in enumerate(pairs) if c and c != finest]


def class_rank(name):
    return CLASS_ORDER.index(name) if name in CLASS_ORDER else len(CLASS_ORDER)


def axis_unit(max_abs_cycles, hz):
    """(label, cycles per unit): ns, us, ms or s where hz is known."""
    if not hz:
        return "cycles", 1.0
    name, size = unit_of(max_abs_cycles * 1e9 / hz)
    return name, hz * size / 1e9


def thin_tail(values, points=CDF_POINTS):
    """(value, fraction at or above it) for a tail plot, at most about
    `points` of them: the last points/2 samples all, the rest strided."""
    n = len(values)
    keep = set(range(max(0, n - points // 2), n))
    stride = max(1, n // (points // 2 or 1))
    keep.update(range(0, n, stride))
    return [(values[i], (n - i) / n) for i in sorted(keep)]


def chunk_max(values, points=OVER_TIME_POINTS):
    """[(index, value)]: every value, or the largest of each chunk."""
    if len(values) <= points:
        return list(enumerate(values))
    size = -(-len(values) // points)
    out = []
    for start in range(0, len(values), size):
        chunk = values[start:start + size]
        j = max(range(len(chunk)), key=chunk.__getitem__)
        out.append((start + j, chunk[j]))
    return out


# ---- gnuplot text ----

def gq(text):
    """text as a gnuplot double-quoted string (newlines kept as \\n)."""
    lines = [" ".join(line.split()) for line in str(text).split("\n")]
    return '"' + "\\n".join(l.replace("\\", "\\\\").replace('"', '\\"') for l in lines) + '"'


def block(name, lines):
    return ["$%s << EOD" % name] + [" ".join(str(x) for x in line) for line in lines] + ["EOD"]


class Plot:
    """One entry of plots/index.csv, and the gnuplot script that draws it."""

    def __init__(self, name, title, source, status="ok", note="", how=""):
        self.name, self.title, self.input = name, title, source
        self.status, self.note, self.how = status, note, how
        self.size = (0, 0)
        self.body = []

    def row(self):
        return [self.name, self.status, self.title, self.input, self.note]


class Context:
    """What every plot of one folder shares: the machine line, the unit
    rules, the footnote."""

    def __init__(self, folder):
        self.folder = folder
        self.hz = folder.tsc_hz()
        self.machine = machine.describe(folder) or "unknown machine"
        self.run_id = folder.meta.get("run_id") or os.path.basename(os.path.normpath(folder.path))
        self.plots = []

    def add(self, plot, size=None, body=None):
        if size:
            plot.size = (clamp_px(size[0]), clamp_px(size[1]))
        plot.body = body or []
        self.plots.append(plot)
        return plot

    def not_drawn(self, name, title, source, status, note):
        return self.add(Plot(name, title, source, status, note))

    def head(self, title, source):
        """The title (with the machine), the footnote, the margins."""
        return ["set title %s noenhanced" % gq(title + "\n" + self.machine),
                "set label 99 %s at screen 0.01, character 1 font ',8' noenhanced"
                % gq("run %s; from %s; %s" % (self.run_id, source, machine.tsc(self.folder))),
                "set bmargin 5", "set grid", "set key noenhanced"]

    def unit(self, max_abs):
        return axis_unit(max_abs, self.hz)

    def skipped_reason(self, bench):
        """Why the summary says bench was not measured, or ''."""
        rows = self.folder.summary() or []
        reasons = [r["reason"] for r in rows if r["bench"] == bench and r["status"] == "skipped"]
        if reasons and not any(r["bench"] == bench and r["status"] == "ok" for r in rows):
            return "; %s skipped: %s" % (bench, reasons[0])
        return ""


# ---- distributions: raw samples, else hist.csv ----

def pooled(folder):
    """{(bench, variant): (source file, sorted values or None, buckets or
    None)} from the raw tables, else hist.csv, else timer_hist.csv."""
    out = {}
    files = {t[0].split(".")[0]: t[0] for t in RAW_TABLES}
    for (bench, variant, _mode, _s, _d), values in raw_samples(folder).items():
        entry = out.setdefault((bench, variant), (files.get(bench, bench + ".csv"), [], None))
        entry[1].extend(values)
    for (bench, variant, _mode, _s, _d), buckets in histograms(folder).items():
        if (bench, variant) in out and out[(bench, variant)][1] is not None:
            continue
        entry = out.setdefault((bench, variant), ("hist.csv", None, {}))
        for lo, hi, count in buckets:
            entry[2][(lo, hi)] = entry[2].get((lo, hi), 0) + count
    old = folder.table_or_none("timer_hist.csv", required=("variant", "lo_cycles", "hi_cycles", "count"))
    for row in old or []:
        key = (row["bench"] or "timer", row["variant"])
        if key in out and out[key][0] != "timer_hist.csv":
            continue
        entry = out.setdefault(key, ("timer_hist.csv", None, {}))
        lo, hi, count = row.int("lo_cycles"), row.int("hi_cycles"), row.int("count") or 0
        if lo is not None and hi is not None and count:
            entry[2][(lo, hi + 1)] = entry[2].get((lo, hi + 1), 0) + count
    result = {}
    for key, (source, values, buckets) in out.items():
        if values:
            result[key] = (source, sorted(values), None)
        elif buckets:
            result[key] = (source, None, sorted((lo, hi, c) for (lo, hi), c in buckets.items() if c))
    return result


def dist_plots(ctx, bench, variant, source, values, buckets):
    what = {"ipi": "IPI %s latency", "timer": "timer %s lateness"}.get(bench, bench + " %s")
    title = what % variant
    name = "%s-%s" % (bench, variant)
    if values is not None:
        lo, hi, n = values[0], values[-1], len(values)
        p50, p99 = stats.percentile(values, stats.P50), stats.percentile(values, stats.P99)
    else:
        lo, hi = buckets[0][0], buckets[-1][1]
        n = sum(c for _, _, c in buckets)
        p50, p99 = (sum(stats.hist_percentile(buckets, p)) / 2 for p in (stats.P50, stats.P99))
    unit, per = ctx.unit(max(abs(lo), abs(hi), 1))
    how = "%d samples pooled over every CPU %s of the variant, from %s" % (
        n, "pair" if bench == "ipi" else "", source)
    hist_plot(ctx, name + "-hist", title, source, how, values, buckets, unit, per, p50, p99)
    if values is not None:
        cdf_plot(ctx, name + "-cdf", title, source, how, values, unit, per, p50, p99)


def marker_lines(p50, p99, per, hz):
    return ["set arrow from %g, graph 0 to %g, graph 1 nohead dt 2 lw 2 lc rgb '#1b9e77' front" % (p50 / per, p50 / per),
            "set arrow from %g, graph 0 to %g, graph 1 nohead dt 2 lw 2 lc rgb '#d95f02' front" % (p99 / per, p99 / per),
            "set label 2 %s at graph 0.98, graph 0.95 right front" % gq("p50 %s (green), p99 %s (orange)"
                                                                        % (show(p50, hz), show(p99, hz)))]


def hist_plot(ctx, name, title, source, how, values, buckets, unit, per, p50, p99):
    size = (1200, 600)
    body = ctx.head(title + ": histogram", source)
    if values is not None:
        n = len(values)
        positive = values[0] > 0
        edges = (log_bins if positive else linear_bins)(values[0], values[-1], bin_count(n))
        rows = [(edges[i], edges[i + 1], c) for i, c in enumerate(histogram(values, edges)) if c]
        binning = "%d %s bins" % (len(edges) - 1, "log-spaced" if positive else "linear (values <= 0)")
    else:
        rows = buckets
        positive = rows[0][0] > 0
        binning = "the kernel's log-linear histogram buckets (%s)" % source
    if positive and log_axis(rows[0][0], rows[-1][1], 1):
        body.append("set logscale x")
    body += ["set logscale y", "set yrange [0.5:*]", "set style fill solid 0.6 border lc rgb '#08519c'",
             "set xlabel %s" % gq("%s (%s), %s" % ("lateness" if name.startswith("timer") else "latency", unit, binning)),
             "set ylabel 'samples per bin (log)'"]
    body += marker_lines(p50, p99, per, ctx.hz)
    body += block("d", [("%.6g" % (lo / per), "%.6g" % (hi / per), c) for lo, hi, c in rows])
    body.append("plot $d using (($1+$2)/2):3:1:2:(0.5):3 with boxxyerror lc rgb '#6baed6' notitle")
    ctx.add(Plot(name, title + ": histogram", source, how=how), size, body)


def cdf_plot(ctx, name, title, source, how, values, unit, per, p50, p99):
    size = (1200, 600)
    body = ctx.head(title + ": tail (1 - F)", source)
    if log_axis(values[0], values[-1], math.log10(30)):
        body.append("set logscale x")
    body += ["set logscale y", "set ylabel 'fraction of samples at or above x (log)'",
             "set xlabel %s" % gq("%s (%s)" % ("lateness" if name.startswith("timer") else "latency", unit))]
    body += marker_lines(p50, p99, per, ctx.hz)
    body += block("d", [("%.6g" % (v / per), "%.6g" % f) for v, f in thin_tail(values)])
    body.append("plot $d using 1:2 with steps lw 2 lc rgb '#08519c' notitle")
    ctx.add(Plot(name, title + ": tail (1 - F)", source, how=how), size, body)


# ---- timer lateness over time ----

def over_time(ctx):
    table = ctx.folder.table_or_none("timer.csv", required=("variant", "cpu", "seq", "lateness_cycles"))
    if table is None:
        return
    series = {}
    for row in table:
        period = row.int("period_cycles") if table.has("period_cycles") else None
        series.setdefault(row["variant"], {}).setdefault(row["cpu"], []).append(
            (row.int("seq"), period, row.int("lateness_cycles")))
    for variant, per_cpu in series.items():
        cpus = sorted(per_cpu, key=lambda c: int(c) if c.isdigit() else 1 << 30)
        biggest = max(abs(v) for pts in per_cpu.values() for _, _, v in pts)
        unit, per = ctx.unit(max(biggest, 1))
        seconds = bool(ctx.hz) and all(p for pts in per_cpu.values() for _, p, _ in pts)
        title = "timer %s lateness over time" % variant
        size = (1400, 600)
        body = ctx.head(title, "timer.csv")
        body += ["set ylabel %s" % gq("lateness (%s)" % unit),
                 "set xlabel %s" % gq("time since the series began (s; sample number x period)" if seconds
                                      else "sample number (no tsc_hz or period: no seconds)"),
                 "set xzeroaxis lt -1", "set key outside right"]
        plots = []
        pooled_cpus = len(cpus) > OVER_TIME_COLOURS
        thinned = False
        for i, cpu in enumerate(cpus):
            pts = sorted(per_cpu[cpu])
            lateness = [v for _, _, v in pts]
            kept = chunk_max(lateness)
            thinned |= len(kept) < len(lateness)
            rows = []
            for j, v in kept:
                seq, period, _ = pts[j]
                x = seq * period / ctx.hz if seconds else seq
                rows.append(("%.6g" % x, "%.6g" % (v / per)))
            body += block("c%d" % i, rows)
            if pooled_cpus:
                plots.append("$c%d using 1:2 with dots lc rgb '#08519c' %s" % (
                    i, "title %s" % gq("%d CPUs pooled" % len(cpus)) if i == 0 else "notitle"))
            else:
                plots.append("$c%d using 1:2 with linespoints pt 7 ps 0.4 title %s" % (i, gq("CPU " + cpu)))
        if thinned:
            body.append("set label 3 %s at screen 0.99, character 1 right font ',8'"
                        % gq("each point the largest lateness of its stretch of samples"))
        body.append("plot " + ", \\\n  ".join(plots))
        ctx.add(Plot("timer-%s-time" % variant, title, "timer.csv",
                     how="%d CPUs, every sample in order" % len(cpus)), size, body)


# ---- heatmaps from ipi_matrix.csv ----

def heatmaps(ctx):
    folder = ctx.folder
    if not folder.has("ipi_matrix.csv"):
        for p in ("p50", "p99"):
            ctx.not_drawn("ipi-heatmap-" + p, "IPI round trip per CPU pair, " + p, "ipi_matrix.csv", "missing",
                          "ipi_matrix.csv is not in the results folder" + ctx.skipped_reason("ipi"))
        return
    table = folder.table("ipi_matrix.csv", required=("src_cpu", "dst_cpu", "p50_cycles", "p99_cycles"))
    variants = {}
    for row in table:
        variants.setdefault(row["variant"], []).append(row)
    if not variants:
        for p in ("p50", "p99"):
            ctx.not_drawn("ipi-heatmap-" + p, "IPI round trip per CPU pair, " + p, "ipi_matrix.csv", "empty",
                          "ipi_matrix.csv has no rows")
        return
    for variant, rows in variants.items():
        for p in ("p50", "p99"):
            heatmap(ctx, variant, rows, p)


def heatmap(ctx, variant, rows, p):
    name = "ipi-heatmap-%s%s" % (variant + "-" if variant else "", p)
    what = variant or "roundtrip_halt"
    title = "IPI %s per CPU pair, %s" % (what, p)
    cpus = sorted({r["src_cpu"] for r in rows} | {r["dst_cpu"] for r in rows}, key=lambda c: int(c))
    index = {c: i for i, c in enumerate(cpus)}
    cell = {(r["src_cpu"], r["dst_cpu"]): r.int(p + "_cycles") for r in rows}
    classes = {(r["src_cpu"], r["dst_cpu"]): r["class"] for r in rows}
    values = [v for v in cell.values() if v is not None]
    if not values:
        ctx.not_drawn(name, title, "ipi_matrix.csv", "empty", "no %s_cycles in ipi_matrix.csv" % p)
        return
    unit, per = ctx.unit(max(values))
    lo, hi = colour_range(values)
    (w, h), _ = heatmap_size(len(cpus))
    w, h = max(w, 900), max(h, 700)
    spread = (max(values) - min(values)) * 100.0 / min(values) if min(values) > 0 else float("nan")
    body = ctx.head(title, "ipi_matrix.csv")
    body += ["set xlabel 'destination CPU (answers)'", "set ylabel 'source CPU (sends, times the round trip)'",
             "set xrange [-0.5:%g]" % (len(cpus) - 0.5), "set yrange [%g:-0.5]" % (len(cpus) - 0.5),
             "set size ratio -1", "set palette defined (0 '#f7fbff', 0.5 '#6baed6', 1 '#08306b')",
             "set cbrange [%g:%g]" % (lo / per, hi / per),
             "set cblabel %s" % gq("%s (%s), linear colour scale" % (p, unit)),
             "set label 5 %s at screen 0.01, character 3.4 font ',9'" % gq(
                 "colour: linear from the lowest %s (white) to the highest %s (dark blue), a spread of %.3g %%"
                 % (show(min(values), ctx.hz), show(max(values), ctx.hz), spread)),
             "set object 1 rect from graph 0, graph 0 to graph 1, graph 1 behind fc rgb '#bbbbbb' fs solid noborder",
             "unset grid", "set bmargin 9"]
    step = max(1, len(cpus) // 32)
    tics = ", ".join("%s %d" % (gq(c), i) for i, c in enumerate(cpus) if i % step == 0)
    body += ["set xtics (%s)" % tics, "set ytics (%s)" % tics]

    def class_of(a, b):
        return classes.get((a, b)) or classes.get((b, a)) or ""
    lines = class_boundaries(cpus, class_of)
    for i, c in lines:
        lw = 1 + class_rank(c) * 0.5
        body.append("set arrow from %g, graph 0 to %g, graph 1 nohead lw %g lc rgb '#d95f02' front" % (i + 0.5, i + 0.5, lw))
        body.append("set arrow from graph 0, first %g to graph 1, first %g nohead lw %g lc rgb '#d95f02' front"
                    % (i + 0.5, i + 0.5, lw))
    if lines:
        kinds = sorted({c for _, c in lines}, key=class_rank)
        body.append("set label 4 %s at screen 0.01, character 2.2 font ',9'"
                    % gq("orange lines: topology class boundaries (%s); grey: not measured" % ", ".join(kinds)))
    else:
        body.append("set label 4 %s at screen 0.01, character 2.2 font ',9'"
                    % gq("grey: not measured" + ("" if any(classes.values()) else "; no class column: no boundaries")))
    data = []
    for a in cpus:
        for b in cpus:
            v = cell.get((a, b))
            data.append((index[b], index[a], "NaN" if v is None else "%.6g" % (v / per)))
    body += block("m", data)
    plot = "plot $m using 1:2:3 with image notitle"
    if len(cpus) <= HEATMAP_LABELS:
        middle = (lo + hi) / 2 / per
        body += block("l", [(x, y, "%.3g" % float(v), "0xffffff" if float(v) > middle else "0x000000")
                            for x, y, v in data if v != "NaN"])
        plot += ", $l using 1:2:3:4 with labels font ',8' tc rgb variable notitle"
    body.append(plot)
    ctx.add(Plot(name, title, "ipi_matrix.csv",
                 how="%d CPUs; each cell the %s of that pair's round trips (ipi_matrix.csv)" % (len(cpus), p)),
            (w, h), body)


# ---- cost charts from summary.csv ----

def show(cycles, hz):
    return time_text(stats.ns(cycles, hz)) if hz else "%g cycles" % cycles


def cpu_order(text):
    return int(text) if text.isdigit() else -1


def row_order(row):
    return (row["variant"], cpu_order(row["src_cpu"]), cpu_order(row["dst_cpu"]))


def cost_facets(rows):
    """[(suffix, rows)]: the rows whose p1 or p50 is at or below 0 (signed
    figures such as jitter) apart from the others, which may take a log
    axis."""
    signed = [r for r in rows if min(v for v in (r.int("p1"), r.int("p50")) if v is not None) <= 0]
    plain = [r for r in rows if r not in signed]
    return [(s, f) for s, f in (("", plain), ("-signed", signed)) if f]


def cost_charts(ctx, bench, what):
    rows = ctx.folder.summary()
    name = bench + "-costs"
    title = "%s: p50 (bar) and p1 to p99 (whisker) per row" % what
    if rows is None:
        ctx.not_drawn(name, title, "summary.csv", "missing", "summary.csv is not in the results folder")
        return
    shown = sorted((r for r in rows if r["bench"] == bench and r.int("p50") is not None), key=row_order)
    if not shown:
        reason = ctx.skipped_reason(bench)
        ctx.not_drawn(name, title, "summary.csv", "empty",
                      "summary.csv has no %s rows with figures%s" % (bench, reason))
        return
    for suffix, facet in cost_facets(shown):
        cost_pages(ctx, name + suffix, title + (" (rows with figures at or below 0)" if suffix else ""), facet)


def cost_pages(ctx, name, title, shown):
    numbers = [v for r in shown for v in (r.int("p1"), r.int("p50"), r.int("p99")) if v is not None]
    unit, per = ctx.unit(max(abs(v) for v in numbers))
    logx = log_axis(min(numbers), max(numbers))
    cut = pages(len(shown))
    for k, (start, end) in enumerate(cut):
        page = shown[start:end]
        pname = name if k == 0 else "%s-%d" % (name, k + 1)
        ptitle = title + ("" if len(cut) == 1 else " (page %d of %d)" % (k + 1, len(cut)))
        size = bar_size(len(page))
        body = ctx.head(ptitle, "summary.csv")
        body += ["set lmargin 34", "set xlabel %s" % gq("p50, p1 to p99 (%s%s)" % (unit, ", log axis" if logx else "")),
                 "set yrange [%g:-0.5]" % (len(page) - 0.5), "unset key",
                 "set ytics (%s) font ',9'" % ", ".join(
                     "%s %d" % (gq("%s %s" % (r["variant"], cpus_label(r))), i) for i, r in enumerate(page)),
                 "set style fill solid 0.7", "set format x '%g'",
                 "set logscale x" if logx else "set xzeroaxis lt -1"]
        base = min(numbers) / per / 2 if logx else 0
        data = []
        for i, r in enumerate(page):
            p1 = r.int("p1") if r.int("p1") is not None else r.int("p50")
            p99 = r.int("p99") if r.int("p99") is not None else r.int("p50")
            data.append((i, "%.6g" % (r.int("p50") / per), "%.6g" % (p1 / per), "%.6g" % (p99 / per),
                         "0xb00020" if r["status"] == "failed" else "0x4292c6"))
        body += block("b", data)
        body.append("plot $b using (%g):1:(%g):2:($1-0.35):($1+0.35):5 with boxxyerror lc rgb variable, \\\n"
                    "  $b using 2:1:3:4 with xerrorbars pt 7 ps 0.5 lc rgb 'black'" % (base, base))
        ctx.add(Plot(pname, ptitle, "summary.csv",
                     how="rows %d to %d of %d, sorted by variant then CPU; red: failed" % (start + 1, end, len(shown))),
                size, body)


def cpus_label(row):
    src, dst = row["src_cpu"], row["dst_cpu"]
    return "%s->%s" % (src, dst) if dst else ("cpu " + src if src else "")


# ---- a comparison's overlaid distributions ----

RUN_COLOURS = ("#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f",
               "#bcbd22", "#17becf")


class Series:
    """One run's samples of one variant in a comparison, all its CPUs
    pooled, sorted; from its raw table, else its histogram (each bucket's
    samples at its middle)."""

    def __init__(self, letter, label, values, hz, source):
        self.letter, self.label, self.values = letter, label, values
        self.hz, self.source = hz, source


def overlay_unit(series):
    """(unit, [factor per series]): ns, us, ms or s when every run has
    tsc_hz (each at its own frequency: cycles of two TSCs do not compare),
    else cycles."""
    if not all(s.hz for s in series):
        return "cycles", [1.0] * len(series)
    biggest = max(max(abs(s.values[0]), abs(s.values[-1])) * 1e9 / s.hz for s in series)
    name, size = unit_of(biggest or 1)
    return name, [1e9 / s.hz / size for s in series]


def overlay_head(title, series, footnote):
    runs = " vs ".join("%s %s" % (s.letter, s.label) for s in series)
    return ["set title %s noenhanced" % gq(title + "\n" + fit_text(runs, 150)),
            "set label 99 %s at screen 0.01, character 1 font ',8' noenhanced" % gq(footnote),
            "set bmargin 5", "set grid", "set key noenhanced box opaque"]


def fit_text(text, width):
    return text if len(text) <= width else text[:width - 3] + "..."


def legend(s):
    p50, p99 = (stats.percentile(s.values, p) for p in (stats.P50, stats.P99))
    return "%s: n %d, p50 %s, p99 %s%s" % (s.letter, len(s.values), show(p50, s.hz), show(p99, s.hz),
                                           "" if s.source == "raw" else " (from %s)" % s.source)


def overlays(name, what, series, footnote):
    """The tail and the histogram of one variant, one curve per run (at
    most 26): [Plot, Plot], each MAX_PX or less whatever the CPU count, as
    every CPU's samples are pooled."""
    unit, factors = overlay_unit(series)
    scaled = [[v * f for v in s.values] for s, f in zip(series, factors)]
    lo, hi = min(v[0] for v in scaled), max(v[-1] for v in scaled)
    quantity = "latency" if name.startswith("compare-ipi") else "lateness"
    return [overlay_tail(name, what, series, scaled, unit, footnote, (lo, hi), quantity),
            overlay_hist(name, what, series, scaled, unit, footnote, (lo, hi), quantity)]


def overlay_tail(name, what, series, scaled, unit, footnote, span, quantity):
    title = what + ": tail, fraction of samples at or above x"
    logx = log_axis(span[0], span[1], math.log10(30))
    body = overlay_head(title, series, footnote)
    body += ["set logscale x" if logx else "set xzeroaxis", "set logscale y", "set format y '%g'",
             "set yrange [%g:1.5]" % (0.5 / max(len(v) for v in scaled)), "set key bottom left",
             "set ylabel 'fraction of samples at or above x (log)'",
             "set xlabel %s" % gq("%s (%s%s)" % (quantity, unit, ", log axis" if logx else ""))]
    for y, text in ((0.5, "p50"), (0.01, "p99")):
        body += ["set arrow from graph 0, first %g to graph 1, first %g nohead dt 3 lc rgb '#999999'" % (y, y),
                 "set label %s at graph 0.99, first %g right offset 0,0.6 tc rgb '#777777'" % (gq(text), y)]
    lines = []
    for i, (s, values) in enumerate(zip(series, scaled)):
        body += block("t%d" % i, [("%.6g" % v, "%.6g" % f) for v, f in thin_tail(values)])
        lines.append("$t%d using 1:2 with steps lw 2 lc rgb '%s' title %s"
                     % (i, RUN_COLOURS[i % len(RUN_COLOURS)], gq(legend(s))))
    body.append("plot " + ", \\\n  ".join(lines))
    return sized(Plot(name + "-cdf", title, "ipi.csv, timer.csv or hist.csv of each run",
                      how="every CPU pooled; one curve per run"), body, len(series))


def overlay_hist(name, what, series, scaled, unit, footnote, span, quantity):
    positive = span[0] > 0
    edges = (log_bins if positive else linear_bins)(span[0], span[1], bin_count(max(len(v) for v in scaled)))
    binning = "%d %s bins" % (len(edges) - 1, "log-spaced" if positive else "linear (values <= 0)")
    title = what + ": histogram, " + binning
    body = overlay_head(title, series, footnote)
    body += ["set logscale x" if positive and log_axis(span[0], span[1], 1) else "set xzeroaxis",
             "set yrange [0:*]", "set key top right",
             "set ylabel 'fraction of the run''s samples per bin'",
             "set xlabel %s" % gq("%s (%s), %s" % (quantity, unit, binning))]
    lines = []
    for i, (s, values) in enumerate(zip(series, scaled)):
        counts = histogram(values, edges)
        steps = [(edges[k], c / len(values)) for k, c in enumerate(counts)] + [(edges[-1], counts[-1] / len(values))]
        body += block("h%d" % i, [("%.6g" % x, "%.6g" % y) for x, y in steps])
        lines.append("$h%d using 1:2 with steps lw 2 lc rgb '%s' title %s"
                     % (i, RUN_COLOURS[i % len(RUN_COLOURS)], gq("%s: n %d" % (s.letter, len(values)))))
    body.append("plot " + ", \\\n  ".join(lines))
    return sized(Plot(name + "-hist", title, "ipi.csv, timer.csv or hist.csv of each run",
                      how="every CPU pooled; each run's fraction of its own samples, so that runs "
                          "of different sample counts compare"), body, len(series))


def sized(plot, body, runs):
    """The plot 1200 x 600, taller by a legend line per run after the
    tenth (26 runs at most: 888 px)."""
    plot.size, plot.body = (1200, clamp_px(600 + 18 * max(0, runs - 10))), body
    return plot


# ---- a comparison's ratios per row ----

VERDICT_COLOURS = {"slower": "0xd62728", "faster": "0x2ca02c"}


def ratio_charts(letter, rows, footnote):
    """The Plots of run X against A, one horizontal bar per judged row:
    X/A of the p50 on a log axis with the ratios of its 95% interval as a
    whisker, coloured by its verdict, and X/A of the p99 as a diamond;
    paged like the cost charts, so at most MAX_PX at any CPU count. rows:
    [(label, p50 ratio, interval low, high, p99 ratio or None, verdict)]."""
    out = []
    cut = pages(len(rows))
    for k, (start, end) in enumerate(cut):
        title = "%s/A per row: p50 ratio (bar) with its 95%% interval, p99 ratio (diamond)%s" % (
            letter, "" if len(cut) == 1 else " (page %d of %d)" % (k + 1, len(cut)))
        name = "compare-ratios-%s%s" % (letter, "" if k == 0 else "-%d" % (k + 1))
        plot = Plot(name, title, "compare.csv", how="rows %d to %d of %d judged rows, in compare.csv's order; "
                    "red: slower, green: faster, grey: unchanged (p50)" % (start + 1, end, len(rows)))
        plot.size, plot.body = bar_size(end - start), ratio_body(title, rows[start:end], footnote)
        out.append(plot)
    return out


def ratio_body(title, page, footnote):
    body = ["set title %s noenhanced" % gq(title),
            "set label 99 %s at screen 0.01, character 1 font ',8' noenhanced" % gq(
                footnote + "; bars by the p50's verdict: red slower, green faster, grey unchanged"),
            "set bmargin 5", "set grid x", "set lmargin 40", "set logscale x", "set format x '%g'",
            "set xlabel 'run / A (log axis; 1: the same, above 1: slower)'",
            "set yrange [%g:-0.5]" % (len(page) - 0.5), "unset key", "set style fill solid 0.6",
            "set arrow from 1, graph 0 to 1, graph 1 nohead lc rgb 'black' front",
            "set ytics (%s) font ',9'" % ", ".join("%s %d" % (gq(r[0]), i) for i, r in enumerate(page))]
    data = [(i, "%.6g" % p50, "%.6g" % lo, "%.6g" % hi, "NaN" if p99 is None else "%.6g" % p99,
             VERDICT_COLOURS.get(verdict, "0x999999")) for i, (_, p50, lo, hi, p99, verdict) in enumerate(page)]
    body += block("r", data)
    body.append("plot $r using (1):1:($2<1?$2:1):($2<1?1:$2):($1-0.35):($1+0.35):6 with boxxyerror lc rgb variable, \\\n"
                "  $r using 2:1:3:4 with xerrorbars pt 7 ps 0.4 lc rgb 'black', \\\n"
                "  $r using 5:1 with points pt 13 ps 1.2 lc rgb '#d95f02'")
    return body


# ---- drawing ----

_TERMINAL = None


def terminal():
    """pngcairo where gnuplot has it, else png."""
    global _TERMINAL
    if _TERMINAL is None:
        probe = subprocess.run(["gnuplot", "-e", "set terminal pngcairo"], capture_output=True)
        _TERMINAL = "pngcairo" if probe.returncode == 0 and not probe.stderr.strip() else "png"
    return _TERMINAL


def script(plot):
    w, h = plot.size
    font = "font 'DejaVu Sans,10'" if terminal() == "pngcairo" else ""
    return "\n".join(["# %s: drawn by scripts/irqbench_results/plots.py; run \"gnuplot %s.gp\" here to draw it again"
                      % (plot.name, plot.name),
                      "set terminal %s size %d,%d %s noenhanced background rgb 'white'" % (terminal(), w, h, font),
                      "set output '%s.png'" % plot.name, "set encoding utf8"] + plot.body + ["unset output", ""])


def collect(folder):
    """Every plot of the folder, drawn or not (Plot objects), no gnuplot.
    An input that cannot be read (truncated, hand-edited, from an older
    irqbench) makes its plots "unreadable", the note naming the file and
    what is wrong with it; the other plots are still drawn."""
    ctx = Context(folder)

    def step(name, source, draw_step, *args):
        try:
            draw_step(*args)
        except TableError as e:
            ctx.not_drawn(name, "%s plots" % name, source, "unreadable", str(e))
    step("ipi-heatmap", "ipi_matrix.csv", heatmaps, ctx)
    try:
        dists = pooled(folder)
    except TableError as e:
        dists = {}
        ctx.not_drawn("distributions", "histograms and tails", "raw sample tables", "unreadable", str(e))
    for bench, source in (("ipi", "ipi.csv"), ("timer", "timer.csv")):
        keys = sorted(k for k in dists if k[0] == bench)
        if not keys and not any(p.status == "unreadable" for p in ctx.plots):
            step(bench + "-hist", "summary.csv", lambda: ctx.not_drawn(
                bench + "-hist", "%s distributions" % bench, source, "missing",
                "%s is not in the results folder%s" % (source, ctx.skipped_reason(bench))))
        for key in keys:
            dist_plots(ctx, bench, key[1], *dists[key])
    step("timer-time", "timer.csv", over_time, ctx)
    step("ioapic-costs", "summary.csv", cost_charts, ctx, "ioapic", "IOAPIC costs")
    step("gates-costs", "summary.csv", cost_charts, ctx, "gates",
         "gate entry and exit costs (_net: less the timing overhead)")
    return ctx.plots


def draw(folder, jobs=None):
    """Draws every plot into folder/plots/ and writes its index.csv;
    returns the Plot list (status "error" where gnuplot failed, with its
    message in the note). Raises TableError for an unreadable input."""
    return render(folder.file("plots"), collect(folder), jobs)


def render(out, plots, jobs=None):
    """Draws the plots whose status is ok into the folder out (emptied of
    earlier plots first) and writes out/index.csv; returns the plots,
    status "error" where gnuplot failed, with its message in the note."""
    if os.path.isdir(out):
        for f in os.listdir(out):
            if f.endswith((".png", ".svg", ".gp", ".gp-failed")) or f == "index.csv":
                os.remove(os.path.join(out, f))
    os.makedirs(out, exist_ok=True)
    todo = [p for p in plots if p.status == "ok"]
    if todo and shutil.which("gnuplot") is None:
        for p in todo:
            p.status, p.note = "error", "gnuplot is not installed (Debian: apt-get install gnuplot-nox)"
        todo = []
    for p in todo:
        with open(os.path.join(out, p.name + ".gp"), "w") as f:
            f.write(script(p))
    jobs = jobs or os.cpu_count() or 2
    running = []
    for p in todo + [None] * jobs:
        if p is not None:
            running.append((p, subprocess.Popen(["gnuplot", p.name + ".gp"], cwd=out,
                                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)))
        if len(running) >= jobs or p is None:
            if not running:
                continue
            done, proc = running.pop(0)
            err = proc.communicate()[1].decode(errors="replace").strip()
            png = os.path.join(out, done.name + ".png")
            if proc.returncode != 0 or not os.path.isfile(png) or os.path.getsize(png) == 0:
                done.status = "error"
                done.note = "gnuplot failed on plots/%s.gp: %s" % (done.name, (err.splitlines() or ["?"])[-1])
    with open(os.path.join(out, "index.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["name", "status", "title", "input", "note"])
        w.writerows(p.row() for p in plots)
    return plots


def read_index(folder):
    """The Plot list of an existing plots/index.csv (a plot whose PNG is
    gone is listed as not drawn), or None when there is none."""
    if not folder.has(os.path.join("plots", "index.csv")):
        return None
    table = folder.table(os.path.join("plots", "index.csv"), required=("name", "status", "title", "input", "note"))
    plots = []
    for row in table:
        p = Plot(row["name"], row["title"], row["input"], row["status"], row["note"])
        if p.status == "ok" and not folder.has(os.path.join("plots", p.name + ".png")):
            p.status, p.note = "missing-file", "plots/%s.png is missing: draw the plots again" % p.name
        plots.append(p)
    return plots

