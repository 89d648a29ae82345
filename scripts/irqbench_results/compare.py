"""Compares two or more results folders (docs/results.md, "Comparing
runs"). Run A is the reference. Summary rows are matched on bench,
variant, apic_mode, src_cpu and dst_cpu; for every matched row and run X
after A: the ratios X/A of the p50 and p99 (as the kernel sent them), and
a noise estimate of each, the 95% bootstrap interval of the difference of
the p50s and of the p99s, from the raw samples where both runs sent them,
else from the histograms (hist.csv: each bucket's samples at its middle),
else none. A percentile is slower (faster) when its interval lies wholly
above (below) 0, else unchanged; the row's verdict is its p50's.
--threshold PCT makes the exit status 1 when a row's p50 or p99 is slower
by more than PCT percent (--p99-threshold for another limit on the p99)
and that difference is significant.

Writes DIR/compare.csv, runs.csv and verdict.txt, then (report.py,
plots.py) the overlaid plots, report.html and report.md.
"""

import argparse
import csv
import os
import re
import shutil
import sys
import zlib

from . import machine, plots, report, stats, tables
from .summary import difference_text, fit, time_text

LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
OVERLAID = ("ipi", "timer")     # the benchmarks whose distributions the page overlays
ITERATIONS = 1000
SHOWN = 5


def sig3(x):
    """x to 3 significant digits in plain notation (as the awk before it)."""
    if x == 0:
        return "0"
    a, e = abs(x), 0
    while a >= 10:
        a /= 10
        e += 1
    while a < 1:
        a *= 10
        e -= 1
    d = max(2 - e, 0)
    s = "%.*f" % (d, x)
    if d > 0 and abs(float(s)) >= 10 ** (e + 1):
        s = "%.*f" % (d - 1, x)
    return s


class Run:
    """One results folder of the comparison and what it says of itself."""

    def __init__(self, letter, path):
        self.letter = letter
        self.path = path
        self.folder = tables.ResultsFolder(path)
        self.summary = self.folder.summary()
        self.hz = self.folder.tsc_hz()
        self.meta = self.folder.meta
        self._raw = self._hist = None
        # under --ignore-apic: a row's own APIC mode, by (bench, variant, src, dst)
        self.modes = {(r["bench"], r["variant"], r["src_cpu"], r["dst_cpu"]): r["apic_mode"]
                      for r in self.summary or []}

    def run_id(self):
        return self.meta.get("run_id") or os.path.basename(os.path.normpath(self.path))

    def machine(self):
        return machine.describe(self.folder) or "unknown machine (no meta.csv)"

    def load(self):
        if self._raw is None:
            self._raw = tables.raw_samples(self.folder)
            self._hist = tables.histograms(self.folder)

    def distribution(self, key):
        """The series' Distribution from its raw samples, else its
        histogram, else None."""
        self.load()
        if key in self._raw:
            return stats.Distribution.from_raw(self._raw[key])
        if key in self._hist:
            return stats.Distribution.from_hist(self._hist[key])
        return None

    def pooled(self, ignore_apic):
        """{(bench, variant, apic_mode or "*"): (source, sorted samples)}
        of the overlaid benchmarks, every CPU pooled: the raw samples,
        else the histogram's (each at its bucket's middle)."""
        self.load()
        groups = {}
        for source, series in (("raw", self._raw), ("hist.csv", self._hist)):
            for key, data in series.items():
                group = (key[0], key[1], "*" if ignore_apic else key[2])
                if key[0] not in OVERLAID or groups.get(group, (source,))[0] != source:
                    continue
                samples = data if source == "raw" else stats.Distribution.from_hist(data).samples()
                groups.setdefault(group, (source, []))[1].extend(samples)
        return {k: (source, sorted(v)) for k, (source, v) in groups.items()}

    def identity(self):
        """What the runs should share to compare like with like."""
        cmdline = self.meta.get("kernel_cmdline", "").split()
        if cmdline and ("/" in cmdline[0] or cmdline[0].endswith(".elf")):
            cmdline = cmdline[1:]
        samples = [w.split("=", 1)[1] for w in cmdline if w.startswith("samples=")]
        return {
            "CPU count": machine.cpu_count(self.folder) or "unknown",
            "samples": samples[-1] if samples else "default",
            "command line": " ".join(cmdline) or "(none)",
            "platform": machine.platform(self.meta) or "unknown",
            "irqbench version": self.meta.get("irqbench_version") or "unknown",
        }


def cpu_order(text):
    return -1 if text == "" else (int(text) if text.isdigit() else 999999)


class Matcher:
    """The union of the runs' summary rows by key, in the order of the
    benchmarks and variants as they first appear, then by CPU."""

    def __init__(self, runs, ignore_apic):
        self.runs = runs
        self.ignore_apic = ignore_apic
        self.rows = {}
        self.wide = {}
        bench_rank, variant_rank = {}, {}
        for i, run in enumerate(runs):
            for row in run.summary or []:
                b, v, s, d = row["bench"], row["variant"], row["src_cpu"], row["dst_cpu"]
                key = self.key(row)
                self.rows.setdefault(key, {})[i] = row
                bench_rank.setdefault(b, len(bench_rank))
                variant_rank.setdefault((b, v), len(variant_rank))
                if s == "" and d == "" and row["status"] != "ok":
                    wide = (b, v or "*", key[2])
                    self.wide[(wide, i)] = row["status"] + (": " + row["reason"] if row["reason"] else "")
        self.keys = sorted(self.rows, key=lambda k: (
            bench_rank[k[0]], variant_rank[(k[0], k[1])], cpu_order(k[3]), cpu_order(k[4]), k))

    def key(self, row):
        return (row["bench"], row["variant"], "*" if self.ignore_apic else row["apic_mode"],
                row["src_cpu"], row["dst_cpu"])

    def wide_note(self, key, i):
        for variant in (key[1], "*"):
            note = self.wide.get(((key[0], variant, key[2]), i))
            if note:
                return note
        return ""


def exact_ns(row, column, hz):
    """The figure in ns from cycles at the run's TSC frequency, else the
    ns the kernel gave."""
    cycles = row.int(column)
    if cycles is not None and hz:
        return cycles * 1e9 / hz
    return row.int(column + "_ns")


def shown_ns(row, column, hz):
    given = row[column + "_ns"]
    if given != "":
        return given
    value = exact_ns(row, column, hz)
    return "" if value is None else "%.0f" % value


def ratio(x, a):
    if x is None or a is None or a <= 0 or x < 0:
        return ""
    return sig3(x / a)


PERCENTILES = (("p50", stats.P50), ("p99", stats.P99))


class Judgement:
    """Run X against A on one matched row: per percentile (p50, p99) the
    ratio, the noise estimate and the verdict; the row's verdict is the
    p50's."""

    def __init__(self, key, a, x, row_a, row_x):
        self.key = key
        self.row_x = row_x
        self.unit = "ns" if a.hz and x.hz else "cycles"
        self.verdicts = {"p50": "not judged", "p99": "not judged"}
        self.source = ""
        self.diff = {}
        self.ratios = {p: ratio(*self.figures(p, row_a, row_x, a, x)) for p, _ in PERCENTILES}
        if row_a["status"] != "ok" or row_x["status"] != "ok":
            self.verdicts = {"p50": "not both ok", "p99": "not both ok"}
            return
        da, dx = a.distribution(key_of(key, a)), x.distribution(key_of(key, x))
        if da is None or dx is None or da.n == 0 or dx.n == 0:
            return
        self.source = "raw" if da.source == dx.source == "raw" else "hist"
        scale_a = 1e9 / a.hz if self.unit == "ns" else 1
        scale_x = 1e9 / x.hz if self.unit == "ns" else 1
        seed = zlib.crc32(repr(key).encode())
        self.base = {}
        for name, permille in PERCENTILES:
            self.base[name] = da.at_rank(stats.rank(permille, da.n)) * scale_a
            point = dx.at_rank(stats.rank(permille, dx.n)) * scale_x - self.base[name]
            lo, hi = stats.bootstrap_difference(da, dx, permille, ITERATIONS, seed, scale_a, scale_x)
            self.diff[name] = (point, lo, hi)
            self.verdicts[name] = "slower" if lo > 0 else "faster" if hi < 0 else "unchanged"

    @property
    def verdict(self):
        return self.verdicts["p50"]

    def figures(self, column, row_a, row_x, a, x):
        if self.unit == "ns":
            return exact_ns(row_x, column, x.hz), exact_ns(row_a, column, a.hz)
        return row_x.int(column), row_a.int(column)

    def over(self, limits):
        """The percentiles slower by more than their limit {p50: pct, p99:
        pct}, significantly."""
        return [p for p, pct in limits.items() if self.verdicts[p] == "slower" and self.ratios[p] != ""
                and float(self.ratios[p]) > 1 + pct / 100]


def key_of(key, run):
    """The series key of a matched row in a run (its own APIC mode under
    --ignore-apic)."""
    if key[2] != "*":
        return key
    return (key[0], key[1], run.modes.get((key[0], key[1], key[3], key[4]), ""), key[3], key[4])


def compare_table(runs, matcher):
    """compare.csv's header and rows, and the Judgements per run after A."""
    header = ["bench", "variant", "apic_mode", "src_cpu", "dst_cpu"]
    for run in runs:
        L = run.letter
        header += ([L + "_apic_mode"] if matcher.ignore_apic else []) + [
            L + "_status", L + "_samples", L + "_lost", L + "_p50", L + "_p99", L + "_p50_ns", L + "_p99_ns"]
    for run in runs[1:]:
        L = run.letter
        header += [L + "_over_A_p50", L + "_over_A_p99", L + "_over_A_p50_ns", L + "_over_A_p99_ns"]
    for run in runs[1:]:
        L = run.letter
        header += [L + "_verdict", L + "_noise_from", L + "_diff_unit"] + [
            L + "_minus_A_p50" + end for end in ("", "_lo", "_hi")] + [L + "_p99_verdict"] + [
            L + "_minus_A_p99" + end for end in ("", "_lo", "_hi")]
    header += ["missing_in", "note"]
    out, judged = [], {run.letter: [] for run in runs[1:]}
    for key in matcher.keys:
        present = matcher.rows[key]
        line = list(key)
        missing, notes = [], []
        for i, run in enumerate(runs):
            row = present.get(i)
            if row is None:
                missing.append(run.letter)
                wide = matcher.wide_note(key, i)
                if wide and (key[3] or key[4]):
                    notes.append("%s %s (row for all CPUs)" % (run.letter, wide))
                line += [""] * (8 if matcher.ignore_apic else 7)
                continue
            line += ([row["apic_mode"]] if matcher.ignore_apic else []) + [
                row["status"], row["samples"], row["lost"], row["p50"], row["p99"],
                shown_ns(row, "p50", run.hz), shown_ns(row, "p99", run.hz)]
            if row["status"] != "ok":
                notes.append("%s %s%s" % (run.letter, row["status"] or "no status",
                                          ": " + row["reason"] if row["reason"] else ""))
        a_row = present.get(0)
        for i, run in enumerate(runs[1:], start=1):
            row = present.get(i)
            if row is None or a_row is None:
                line += [""] * 4
                continue
            line += [ratio(row.int("p50"), a_row.int("p50")), ratio(row.int("p99"), a_row.int("p99")),
                     ratio(exact_ns(row, "p50", run.hz), exact_ns(a_row, "p50", runs[0].hz)),
                     ratio(exact_ns(row, "p99", run.hz), exact_ns(a_row, "p99", runs[0].hz))]
        for i, run in enumerate(runs[1:], start=1):
            row = present.get(i)
            if row is None or a_row is None:
                line += [""] * 10
                continue
            j = Judgement(key, runs[0], run, a_row, row)
            judged[run.letter].append(j)
            p50, p99 = (["%.6g" % v for v in j.diff[p]] if j.diff else ["", "", ""] for p in ("p50", "p99"))
            line += [j.verdict, j.source, j.unit if j.diff else ""] + p50 + [j.verdicts["p99"]] + p99
        out.append(line + [" ".join(missing), "; ".join(notes)])
    return header, out, judged


def where(key):
    cpus = key[3] + "->" + key[4] if key[4] else "cpu " + key[3] if key[3] else ""
    return "%s %s%s" % (key[0], key[1] or "(all)", " " + cpus if cpus else "")


def counts(js, percentile):
    verdicts = [j.verdicts[percentile] for j in js]
    return {v: verdicts.count(v) for v in ("slower", "faster", "unchanged", "not judged", "not both ok")}


def slower_lines(run, js, percentile):
    """The SHOWN rows whose percentile is most clearly slower."""
    slow = sorted((j for j in js if j.verdicts[percentile] == "slower"), key=lambda j: -j.diff[percentile][1])
    lines = []
    for j in slow[:SHOWN]:
        point, lo, hi = j.diff[percentile]
        lines.append("  slower: %s: %s %s (%s/A %s, 95%% %s .. %s)" % (
            where(j.key), percentile, difference_text(point, j.unit), run.letter, j.ratios[percentile] or "-",
            difference_text(lo, j.unit), difference_text(hi, j.unit)))
    if len(slow) > SHOWN:
        column = run.letter + ("_verdict" if percentile == "p50" else "_p99_verdict")
        lines.append("  slower: and %d more %s (compare.csv, %s)" % (len(slow) - SHOWN, percentile, column))
    return lines


def verdict_lines(runs, judged, limits):
    """The verdict per run after A, its slowest rows by p50 and by p99,
    and the rows over the limits ({p50: pct, p99: pct}, or None).
    Returns (lines, [(letter, Judgement, percentiles over)])."""
    lines, over = [], []
    for run in runs[1:]:
        js = judged[run.letter]
        if not js:
            lines.append("warning: no summary row is in both A and %s: nothing to compare" % run.letter)
        count = counts(js, "p50")
        raw = sum(1 for j in js if j.source == "raw")
        lines.append("%s vs A: %d slower, %d faster, %d unchanged of %d matched rows; %d not judged "
                     "(no samples or histogram), %d not ok in both" % (
                         run.letter, count["slower"], count["faster"], count["unchanged"], len(js),
                         count["not judged"], count["not both ok"]))
        count = counts(js, "p99")
        lines.append("  p99: %d slower, %d faster, %d unchanged" % (count["slower"], count["faster"],
                                                                   count["unchanged"]))
        lines.append("  (95%% bootstrap intervals of the p50 and p99 differences, from raw samples "
                     "for %d rows, from histograms for %d)" % (raw, sum(1 for j in js if j.source == "hist")))
        lines += slower_lines(run, js, "p50") + slower_lines(run, js, "p99")
        if limits is not None:
            mine = [(run.letter, j, j.over(limits)) for j in js if j.over(limits)]
            over += mine
            untested = sum(1 for j in js if j.verdict == "not judged" and any(
                j.ratios[p] != "" and float(j.ratios[p]) > 1 + pct / 100 for p, pct in limits.items()))
            lines.append("%s vs A: %d row%s slower by more than %s, significantly%s" % (
                run.letter, len(mine), "" if len(mine) == 1 else "s", limits_text(limits),
                "; %d more over it without samples to test" % untested if untested else ""))
    return lines, over


def limits_text(limits):
    if len(set(limits.values())) == 1:
        return "%g%% (%s)" % (next(iter(limits.values())), " or ".join(limits))
    return " or ".join("%g%% (%s)" % (pct, p) for p, pct in limits.items())


def over_lines(over):
    """One line per row over the limits, at most 10."""
    text = []
    for letter, j, percentiles in over[:10]:
        parts = []
        for p in percentiles:
            point, lo, hi = j.diff[p]
            parts.append("%s/A %s %s (%s, 95%% %s .. %s)" % (
                letter, p, j.ratios[p], difference_text(point, j.unit), difference_text(lo, j.unit), difference_text(hi, j.unit)))
        text.append("over the threshold: %s: %s" % (where(j.key), "; ".join(parts)))
    if len(over) > 10:
        text.append("over the threshold: and %d more (compare.csv)" % (len(over) - 10))
    return text


def warnings(runs):
    """One line per property (CPU count, samples, command line, platform,
    irqbench version) in which the runs differ."""
    ids = [run.identity() for run in runs]
    out = []
    for prop in ids[0]:
        values = [i[prop] for i in ids]
        if len(set(values)) > 1:
            out.append("warning: the runs differ in %s: %s" % (prop, "; ".join(
                "%s %s" % (run.letter, v) for run, v in zip(runs, values))))
    return out


def overlay_plots(runs, ignore_apic, out):
    """The overlaid tail and histogram of every IPI and timer variant that
    two runs or more measured, in the order of first appearance."""
    groups = {}
    for run in runs:
        for key, (source, values) in run.pooled(ignore_apic).items():
            groups.setdefault(key, []).append(plots.Series(run.letter, run.run_id(), values, run.hz, source))
    shared = {k: v for k, v in groups.items() if len(v) >= 2}
    modes = {}
    for bench, variant, mode in shared:
        modes.setdefault((bench, variant), set()).add(mode)
    out_plots = []
    for (bench, variant, mode), series in shared.items():
        several = len(modes[(bench, variant)]) > 1
        name = "compare-%s-%s%s" % (bench, re.sub(r"[^A-Za-z0-9_.-]", "_", variant) or "all",
                                    "-" + mode if several else "")
        what = ("IPI %s, all pairs pooled" if bench == "ipi" else "timer %s lateness, all CPUs pooled") % variant
        if mode not in ("", "*"):
            what += ", " + mode
        out_plots += plots.overlays(name, what, series, "compare %s; from %s.csv of each run (hist.csv where it "
                                    "has no raw samples)" % (out, bench))
    return out_plots


def ratio_rows(js):
    """The rows of a ratio chart: the judged rows whose A median is above
    0 (a ratio of lateness around 0 means nothing)."""
    rows = []
    for j in js:
        base = j.base.get("p50") if j.diff else None
        if not base or base <= 0:
            continue
        point, lo, hi = j.diff["p50"]
        p99 = j.diff["p99"][0] + j.base["p99"]
        rows.append((where(j.key), (base + point) / base,
                     max((base + lo) / base, 1e-3), max((base + hi) / base, 1e-3),
                     p99 / j.base["p99"] if j.base["p99"] > 0 and p99 > 0 else None, j.verdict))
    return rows


def write_page(out, runs, ignore_apic, header, rows, text, judged):
    """The overlaid plots and the ratio charts into out/plots, then
    report.html and report.md. Returns 1 when gnuplot failed on a plot,
    else 0."""
    todo = overlay_plots(runs, ignore_apic, out)
    note = "" if todo else ("No overlaid plots: no IPI or timer variant has samples (ipi.csv, timer.csv or "
                            "hist.csv) in two runs or more.")
    for run in runs[1:]:
        todo += plots.ratio_charts(run.letter, ratio_rows(judged[run.letter]), "compare %s; from compare.csv" % out)
    if todo and shutil.which("gnuplot") is None:
        note, todo = "No plots: gnuplot is not installed (Debian: apt-get install gnuplot-nox).", []
    drawn = plots.render(os.path.join(out, "plots"), todo)
    failed = [p for p in drawn if p.status != "ok"]
    for p in failed:
        print("irqbench-compare: %s" % p.note, file=sys.stderr)
    try:
        paths = report.write_compare(out, runs, [dict(zip(header, r)) for r in rows], text, drawn, note)
    except OSError as e:
        raise tables.TableError("%s: cannot write the report: %s" % (out, e.strerror or e)) from None
    print("report: %s" % paths[0])
    return 1 if failed else 0


def write_csv(path, header, rows):
    try:
        with open(path, "w", newline="", encoding="utf-8") as f:
            w = csv.writer(f, lineterminator="\n")
            w.writerow(header)
            w.writerows(rows)
    except OSError as e:
        raise tables.TableError("%s: cannot write: %s" % (path, e.strerror or e)) from None


# ---- the fleet view: many machines or runs side by side ----

# The variants whose figures head the console table, in this order; each
# splits by topology class (smt, l3, remote, ...; "cpu" for one CPU's own
# series, "-" for one without a CPU).
FLEET_HEADLINES = [("ipi", "roundtrip_halt"), ("ipi", "roundtrip_spin"), ("ipi", "icr"),
                   ("timer", "oneshot_100us"), ("gates", "empty"), ("ioapic", "edge")]
FLEET_COLUMNS = 6
FLEET_LABEL = 26


def fleet_class(row):
    if row.get("class"):
        return row["class"]
    return "cpu" if row["src_cpu"] != "" else "-"


def fleet_cells(run):
    """{(bench, variant, class): cell} of one run: the median (nearest
    rank) of the p50_ns its ok rows sent, or, with no ok row, their
    status ("failed", "skipped", ...)."""
    groups = {}
    for row in run.summary or []:
        groups.setdefault((row["bench"], row["variant"], fleet_class(row)), []).append(row)
    cells = {}
    for key, rows in groups.items():
        ok = [int(r["p50_ns"]) for r in rows if r["status"] == "ok" and r["p50_ns"] != ""]
        cells[key] = stats.median(ok) if ok else min(r["status"] for r in rows)
    return cells


def fleet_keys(cells):
    """Every key in the order of first appearance over the runs."""
    seen = {}
    for c in cells:
        for key in c:
            seen.setdefault(key, len(seen))
    return sorted(seen, key=seen.get)


def fleet_headline(keys, cells):
    """At most FLEET_COLUMNS keys for the console: the headline variants'
    classes that most runs have, then the keys most runs have."""
    def present(key):
        return sum(1 for c in cells if isinstance(c.get(key), int))
    rank = {hv: i for i, hv in enumerate(FLEET_HEADLINES)}
    chosen = sorted((k for k in keys if k[:2] in rank and present(k)),
                    key=lambda k: (rank[k[:2]], -present(k)))
    rest = sorted((k for k in keys if k not in chosen and present(k)), key=lambda k: -present(k))
    return (chosen + rest)[:FLEET_COLUMNS]


def fleet_text(cell):
    if cell is None:
        return "-"
    return time_text(cell) if isinstance(cell, int) else cell[:4]


def fleet_labels(runs):
    """Each run's run_id; where two share one, their folders' names; a
    name still shared gets #1, #2, ..."""
    ids = [run.run_id() for run in runs]
    names = [i if ids.count(i) == 1 else os.path.basename(os.path.normpath(run.path))
             for i, run in zip(ids, runs)]
    seen = {}
    for i, n in enumerate(names):
        if names.count(n) > 1:
            seen[n] = seen.get(n, 0) + 1
            names[i] = "%s#%d" % (n, seen[n])
    return names


def fleet(runs, out):
    """fleet.csv: one row per (bench, variant, class), one column per run;
    fleet.txt (printed): one line per run, the headline columns."""
    cells = [fleet_cells(run) for run in runs]
    keys = fleet_keys(cells)
    labels = fleet_labels(runs)
    write_csv(os.path.join(out, "fleet.csv"), ["bench", "variant", "class"] + labels,
              [list(k) + ["" if c.get(k) is None else c[k] for c in cells] for k in keys])
    head = fleet_headline(keys, cells)
    text = ["fleet: %d runs; p50 (the median over a class's rows), fleet.csv has all %d "
            "variant and class rows" % (len(runs), len(keys)),
            "%-*s %s" % (FLEET_LABEL, "run", " ".join("%9s" % ("[%d]" % (i + 1)) for i in range(len(head))))]
    for run, label, c in zip(runs, labels, cells):
        text.append("%-*s %s" % (FLEET_LABEL, fit(label, FLEET_LABEL),
                                 " ".join("%9s" % fleet_text(c.get(k)) for k in head)))
    text += ["[%d] %s %s, class %s" % (i + 1, k[0], k[1], k[2]) for i, k in enumerate(head)]
    return text


def write_text(path, lines):
    """Writes the lines to path, then prints them."""
    try:
        with open(path, "w", encoding="utf-8") as f:
            f.write("\n".join(lines) + "\n")
    except OSError as e:
        raise tables.TableError("%s: cannot write: %s" % (os.path.dirname(path), e.strerror or e)) from None
    print("\n".join(lines))


def write_runs(out, runs):
    write_csv(os.path.join(out, "runs.csv"),
              ["run", "folder", "run_id", "machine", "tsc_hz", "apic_mode", "has_summary", "failed"],
              [[r.letter, r.path, r.run_id(), r.machine(), r.meta.get("tsc_hz", "") if r.hz else "",
                r.meta.get("apic_mode", ""), "yes" if r.summary is not None else "no",
                "yes" if r.folder.has("FAILED") else "no"] for r in runs])


USAGE = """\
Compares results folders. The first run, A, is the reference: every ratio
is run/A (B/A, C/A, ...), above 1 that run took longer. Writes into DIR
(default results/compare-<YYYYmmdd-HHMMSS>): compare.csv (one row per
summary row key: each run's status, samples, lost, p50, p99 in cycles and
ns, the ratios, and per run after A the verdicts with the noise estimate:
the 95% bootstrap intervals of the differences of the p50s and of the
p99s, from raw samples or histograms as X_noise_from says), runs.csv,
verdict.txt, plots/ and report.html, report.md. Prints the verdict: per
run, how many matched rows are slower, faster, unchanged (p50, then p99),
and a warning when the runs differ in CPU count, samples, command line,
platform or irqbench version.
Exit status: 0 written; 1 a row slower than --threshold (p50 or p99), or a folder
could not be read or written, or a plot failed; 2 usage error.
"""


def main(argv, parser_class):
    p = parser_class(prog="irqbench-compare", description=USAGE,
                     formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("runs", metavar="RUN", nargs="*")
    p.add_argument("--out", metavar="DIR", help="the output folder (default: results/compare-<UTC time>)")
    p.add_argument("--ignore-apic", action="store_true",
                   help="match rows whatever their apic_mode (each run's mode its own column)")
    p.add_argument("--threshold", metavar="PCT", type=float,
                   help="exit 1 when a matched row's p50 or p99 is more than PCT%% slower than A's, significantly")
    p.add_argument("--p99-threshold", metavar="PCT", type=float,
                   help="another limit for the p99 (default: --threshold's); alone, only the p99 is gated")
    p.add_argument("--no-report", action="store_true", help="compare.csv, runs.csv, verdict.txt only")
    p.add_argument("--fleet", action="store_true",
                   help="a fleet view of up to 1000 runs instead: fleet.csv, fleet.txt and runs.csv")
    p.add_argument("--check-usage", action="store_true",
                   help="only check the command line (scripts/irqbench-compare, before it claims DIR)")
    args = p.parse_args(argv)
    if len(args.runs) < 2:
        p.error("needs at least two results folders (RUN_A RUN_B)")
    labels = LETTERS if not args.fleet else ["R%d" % (i + 1) for i in range(len(args.runs))]
    if len(args.runs) > len(labels) or len(args.runs) > 1000:
        p.error("at most 26 results folders (A to Z), or 1000 with --fleet")
    if args.out == "":
        p.error("--out needs a folder")
    for letter, path in zip(labels, args.runs):
        if not path:
            p.error("run %s is an empty name" % letter)
        if not os.path.isdir(path):
            p.error("no such results folder: %s (run %s)" % (path, letter))
    if args.check_usage:
        return 0
    if args.out is None:
        p.error("--out DIR is required here (scripts/irqbench-compare chooses one)")
    runs = [Run(letter, path) for letter, path in zip(labels, args.runs)]
    for run in runs:
        if run.summary is None:
            print("irqbench-compare: run %s (%s) has no summary.csv: all its rows count as missing"
                  % (run.letter, run.path), file=sys.stderr)
    out = args.out
    try:
        os.makedirs(out, exist_ok=True)
    except OSError as e:
        raise tables.TableError("%s: cannot create: %s" % (out, e.strerror or e)) from None
    if args.fleet:
        write_runs(out, runs)
        write_text(os.path.join(out, "fleet.txt"), fleet(runs, out))
        print("compare: %s" % out)
        return 0
    matcher = Matcher(runs, args.ignore_apic)
    header, rows, judged = compare_table(runs, matcher)
    write_csv(os.path.join(out, "compare.csv"), header, rows)
    write_runs(out, runs)
    text = ["compare: %s" % ", ".join("%s %s (%s)" % (r.letter, r.run_id(), r.machine()) for r in runs)]
    text += warnings(runs)
    limits = {"p50": args.threshold, "p99": args.threshold} if args.threshold is not None else {}
    if args.p99_threshold is not None:
        limits["p99"] = args.p99_threshold
    lines, over = verdict_lines(runs, judged, limits or None)
    text += lines + over_lines(over)
    write_text(os.path.join(out, "verdict.txt"), text)
    status = 0 if args.no_report else write_page(out, runs, args.ignore_apic, header, rows, text, judged)
    print("compare: %s" % out)
    return 1 if over or status else 0
