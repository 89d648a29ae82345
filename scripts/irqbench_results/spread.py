"""Run-to-run spread of repeated runs (scripts/irqbench run --repeat N,
docs/results.md "Repeated runs"): the same command line booted N times
into DIR/run-1 .. DIR/run-N. Summary rows are matched across the runs as
compare.py matches them (bench, variant, apic_mode, src_cpu, dst_cpu);
per row, each run's p50 and p99 as the kernel sent them (TSC cycles) and,
over the runs where the row is ok, their lowest, median (nearest rank)
and highest value and the relative range (max - min) / |median|. A row
that is not ok in some run is marked with the runs and their statuses,
never dropped: its spread covers the runs where it is ok.

Writes DIR/spread.csv and DIR/spread.txt (the console view, printed):
under 40 lines at any CPU count, one line per variant and topology class
(folded as summary.py folds), the rows with the largest spread, the
marked rows.
"""

import os
import re

from . import stats, summary, tables
from .compare import Matcher, Run, write_csv, write_text
from .summary import cut, fit, time_text

RUN_DIR = re.compile(r"^run-([0-9]+)$")
MAX_LINES = 39
WIDTH = summary.WIDTH
LARGEST_SHOWN = 5
MARKED_SHOWN = 5
FAILED_SHOWN = 3
FIGURES = ("p50", "p99")


def run_folders(path):
    """The run-K subfolders of a repeat folder, in the order of K."""
    try:
        names = os.listdir(path)
    except OSError as e:
        raise tables.TableError("%s: cannot read: %s" % (path, e.strerror or e)) from None
    found = sorted((int(m.group(1)), n) for n in names for m in [RUN_DIR.match(n)]
                   if m and os.path.isdir(os.path.join(path, n)))
    return [os.path.join(path, n) for _, n in found]


def relative_range(lo, mid, hi):
    """(hi - lo) / |mid|, None where mid is 0 (no scale to measure by).
    A row ok in one run only has no relative range either (Entry)."""
    return None if not mid else (hi - lo) / abs(mid)


class Entry(dict):
    """One matched row: its key columns (as summary.py's grouping reads
    them), each run's row (None where the run lacks it), and per figure
    (lo, median, hi, relative range) over the runs where it is ok."""

    def __init__(self, key, rows, labels):
        first = next(r for r in rows if r is not None)
        super().__init__(bench=key[0], variant=key[1], apic_mode=key[2], src_cpu=key[3],
                         dst_cpu=key[4], **{"class": first["class"]})
        self.key = key
        self.rows = rows
        self.labels = labels
        self.ok = [r for r in rows if r is not None and r["status"] == "ok"]
        self.spread = {}
        for column in FIGURES:
            values = [r.int(column) for r in self.ok if r.int(column) is not None]
            if values:
                lo, mid, hi = min(values), stats.median(values), max(values)
                rel = relative_range(lo, mid, hi) if len(values) > 1 else None
                self.spread[column] = (lo, mid, hi, rel)

    def __missing__(self, key):
        return ""

    def marked(self):
        return len(self.ok) < len(self.rows)

    def state(self):
        """ok (ok in every run), partial (in some), not ok (in none)."""
        if not self.marked():
            return "ok"
        return "partial" if self.ok else "not ok"

    def note(self):
        """The runs where the row is not ok, those that say the same
        together: "run-2: failed: REASON; run-1, run-3: missing"."""
        said = {}
        for label, row in zip(self.labels, self.rows):
            if row is None:
                said.setdefault("missing", []).append(label)
            elif row["status"] != "ok":
                said.setdefault("%s%s" % (row["status"] or "no status", ": " + row["reason"] if row["reason"] else ""),
                                []).append(label)
        return "; ".join("%s: %s" % (", ".join(labels), text) for text, labels in said.items())

    def range_of(self, column):
        figures = self.spread.get(column)
        return None if figures is None else figures[3]


def entries(runs):
    matcher = Matcher(runs, ignore_apic=False)
    labels = [os.path.basename(r.path) for r in runs]
    return [Entry(key, [matcher.rows[key].get(i) for i in range(len(runs))], labels) for key in matcher.keys]


def ratio_text(x):
    return "" if x is None else "%.4g" % x


def table(runs, found):
    """spread.csv's header and rows."""
    header = ["bench", "variant", "apic_mode", "src_cpu", "dst_cpu", "class", "state", "ok_runs"]
    for run in runs:
        header += [run.letter + "_status", run.letter + "_p50", run.letter + "_p99"]
    for column in FIGURES:
        header += [column + "_min", column + "_median", column + "_max", column + "_rel_range"]
    header.append("note")
    rows = []
    for e in found:
        line = list(e.key) + [e["class"], e.state(), str(len(e.ok))]
        for row in e.rows:
            line += ["", "", ""] if row is None else [row["status"], row["p50"], row["p99"]]
        for column in FIGURES:
            figures = e.spread.get(column)
            line += ["", "", "", ""] if figures is None else [str(v) for v in figures[:3]] + [
                ratio_text(figures[3])]
        rows.append(line + [e.note()])
    return header, rows


def pct(x):
    """A relative range in percent to 3 digits, from 10 (1000 %) on as
    a factor: "2.5%", "740%", "38x"."""
    if x is None:
        return "-"
    return "%.3g%%" % (100 * x) if x < 10 else "%.0fx" % x


def range_pair(values):
    """"median/max" of relative ranges in percent, "-" without any."""
    values = sorted(v for v in values if v is not None)
    if not values:
        return "-"
    return "%s/%s" % (pct(stats.percentile(values, stats.P50)), pct(values[-1]))


COLUMNS = "%-6s %-20s %-12s %10s %-17s %-17s "
HEADER = COLUMNS % ("bench", "variant", "cpus", "p50", "p50 range med/max", "p99 range med/max") + "marked"


def group_line(key, members, level, hz):
    """One line per group of matched rows: the median p50 (ns where the
    first run has tsc_hz, else cycles) and the median and largest relative
    range of the p50 and p99 over its rows."""
    bench, name = key[0], summary.group_name(key, members)
    mids = [e.spread["p50"][1] for e in members if "p50" in e.spread]
    p50 = "-"
    if mids:
        mid = stats.median(mids)
        p50 = time_text(stats.ns(mid, hz)) if hz else "%d cyc" % mid
    marked = sum(1 for e in members if e.marked())
    return cut(COLUMNS % (fit(bench, 6), fit(name, 20), fit(summary.where_text(members, level, key), 12), p50,
                          range_pair(e.range_of("p50") for e in members),
                          range_pair(e.range_of("p99") for e in members))
               + ("%d" % marked if marked else "-"), WIDTH)


def where(e):
    cpus = summary.cpus_text(e)
    return "%s %s%s%s" % (e["bench"], e["variant"] or "(all)", " " + cpus if cpus != "-" else "",
                          " " + e["apic_mode"] if e["apic_mode"] else "")


def largest_lines(found):
    ranked = sorted((e for e in found if e.range_of("p50")), key=lambda e: -e.range_of("p50"))
    # ties (e.g. every row of an -icount run at 0) show nothing
    out = []
    for e in ranked[:LARGEST_SHOWN]:
        lo, mid, hi, rel = e.spread["p50"]
        p99 = e.spread.get("p99")
        out.append(cut("largest: %s: p50 %d/%d/%d cycles (%s)%s" % (
            where(e), lo, mid, hi, pct(rel), ", p99 range %s" % pct(p99[3]) if p99 else ""), WIDTH))
    return out


def marked_lines(found, path):
    """The rows ok in some runs and not in others, each (up to a cap);
    the rows ok in no run in one line (each run's summary says why)."""
    marked = [e for e in found if e.state() == "partial"]
    out = [cut("marked: %s: %s" % (where(e), e.note()), WIDTH) for e in marked[:MARKED_SHOWN]]
    if len(marked) > MARKED_SHOWN:
        out.append("marked: and %d more, see %s" % (len(marked) - MARKED_SHOWN, path))
    never = [e for e in found if e.state() == "not ok"]
    if never:
        statuses = {}
        for e in never:
            for row in e.rows:
                if row is not None:
                    statuses[row["status"] or "no status"] = statuses.get(row["status"] or "no status", 0) + 1
                    break
        out.append(cut("marked: %d rows ok in no run (in the first run that has them: %s)" % (
            len(never), ", ".join("%d %s" % (n, s) for s, n in statuses.items())), WIDTH))
    return out


def hz_warning(runs):
    """A line when the runs' TSC frequencies differ by more than 0.1 %:
    their cycles then do not compare."""
    hzs = [r.hz for r in runs if r.hz]
    if len(hzs) > 1 and (max(hzs) - min(hzs)) > 0.001 * min(hzs):
        return ["warning: the runs' tsc_hz differ (%s): their cycles do not compare exactly" % ", ".join(
            "%.0f" % h for h in hzs)]
    return []


def console(path, runs, found):
    """The console view as a list of lines."""
    failed = [r for r in runs if r.folder.has("FAILED")]
    head = ["spread: %d runs in %s (%s); per row over the runs where it is ok: lowest/median/highest"
            % (len(runs), path, ", ".join(os.path.basename(r.path) for r in runs))]
    head = [cut(head[0], WIDTH)] + hz_warning(runs)
    head += [cut("%s FAILED: %s" % (os.path.basename(r.path), (r.folder.failed() or ["(FAILED is empty)"])[0]),
                 WIDTH) for r in failed[:FAILED_SHOWN]]
    if len(failed) > FAILED_SHOWN:
        head.append("and %d more runs FAILED" % (len(failed) - FAILED_SHOWN))
    ranges = sorted(e.range_of("p50") for e in found if e.range_of("p50") is not None)
    total = "%d rows: %d ok in every run, %d marked; p50 relative range (max-min)/median: median %s, max %s" % (
        len(found), sum(1 for e in found if not e.marked()), sum(1 for e in found if e.marked()),
        pct(stats.percentile(ranges, stats.P50)) if ranges else "-", pct(ranges[-1]) if ranges else "-")
    tail = largest_lines(found) + marked_lines(found, os.path.join(path, "spread.csv")) + [cut(total, WIDTH)]
    shown = {}
    for e in found:
        if e.ok:
            shown.setdefault((e["bench"], e["apic_mode"]), []).append(e)
    levels = summary.choose_levels(shown, MAX_LINES - len(head) - len(tail) - 1)
    body = [HEADER]
    hz = runs[0].hz if runs else None
    for b in shown:
        for key, members in summary.group(shown[b], levels[b]).items():
            body.append(group_line(key, members, levels[b], hz))
    return head + body + tail


def write(path):
    """spread.csv and spread.txt in the repeat folder PATH from its run-K
    folders; prints the console view. Returns the number of runs read."""
    runs = [Run(os.path.basename(p).replace("-", ""), p) for p in run_folders(path)]
    usable = [r for r in runs if r.summary is not None]
    if not usable:
        raise tables.TableError("%s: no run-K folder with a summary.csv: no spread to show" % path)
    found = entries(usable)
    header, rows = table(usable, found)
    write_csv(os.path.join(path, "spread.csv"), header, rows)
    lines = console(path, usable, found)
    missing = [os.path.basename(r.path) for r in runs if r.summary is None]
    if missing:
        lines.insert(1, cut("not in the spread (no summary.csv): %s" % ", ".join(missing), WIDTH))
    write_text(os.path.join(path, "spread.txt"), lines)
    return len(usable)
