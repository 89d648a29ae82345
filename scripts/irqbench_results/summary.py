"""The console summary of a results folder: under 40 lines at any CPU
count (STYLE.md 17). The machine, the run's state, one line per variant
and pair class (folded to variant families, then to the benchmark, where
the lines would not fit), every failed row up to a cap, the other rows
that are not ok folded to one line per status and reason, the SMIs, and
a total. --all prints every row instead.
"""

import os
import re
import sys

from . import machine, stats

WIDTH = 100
MAX_LINES = 39
FAILED_SHOWN = 5
REASONS_SHOWN = 4

# The folding levels of the figure lines, finest first.
LEVELS = ("class", "variant", "family", "bench")

COLORS = {"ok": "32", "failed": "31", "FAILED": "31"}


def cut(text, width):
    return text if len(text) <= width else text[:width - 3] + "..."


def fit(text, width):
    """text in a column of width, marked with ~ when cut."""
    return text if len(text) <= width else text[:width - 1] + "~"


UNITS = (("ns", 1), ("us", 1e3), ("ms", 1e6), ("s", 1e9))


def unit_of(ns):
    """The unit (name, ns in it) that shows ns with 3 significant digits
    below 1000: ns, us, ms or s."""
    for name, size in UNITS[:-1]:
        text = "%.3g" % (ns / size)
        if abs(float(text)) < 1000 and "e" not in text:
            return name, size
    return UNITS[-1]


def time_text(ns):
    """ns with 3 significant digits in ns, us, ms or s: 581ns, 8.12us."""
    if ns is None:
        return "-"
    name, size = unit_of(ns)
    return ("%.3g" % (ns / size)) + name


def difference_text(value, unit):
    """A signed difference: +969ns, -1.2us, or +35 cycles."""
    if unit == "ns":
        return ("+" if value > 0 else "") + time_text(value)
    return "%+.0f cycles" % value


def spread_text(values):
    """Several times in the unit of the largest, "0.54/11.3/33.8us", or
    each in its own where that would take more than one leading zero."""
    name, size = unit_of(max(abs(v) for v in values))
    if any(v and abs(v) / size < 0.1 for v in values):
        return "/".join(time_text(v) for v in values)
    return "/".join("%.3g" % (v / size) for v in values) + name


def cpus_text(row):
    src, dst = row["src_cpu"], row["dst_cpu"]
    if dst != "":
        return "%s->%s" % (src, dst)
    return "cpu " + src if src != "" else "-"


def ranges(cpus):
    """"0-15" for a run of 3 or more CPUs, "0,1" otherwise."""
    numbers = sorted(set(int(c) for c in cpus if c.isdigit()))
    parts, i = [], 0
    while i < len(numbers):
        j = i
        while j + 1 < len(numbers) and numbers[j + 1] == numbers[j] + 1:
            j += 1
        if j - i >= 2:
            parts.append("%d-%d" % (numbers[i], numbers[j]))
        else:
            parts.extend(str(n) for n in numbers[i:j + 1])
        i = j + 1
    return ",".join(parts + sorted(c for c in set(cpus) if not c.isdigit()))


def family(variant):
    """A variant's family: its name up to the first "_" (deliver_*, eoi_*)."""
    return variant.split("_")[0]


def group_name(key, rows):
    """What a figure line is of: its variant, family_* or (N variants)."""
    variants = set(r["variant"] for r in rows)
    if len(key) <= 2:
        return "(%d variants)" % len(variants) if len(variants) > 1 else rows[0]["variant"] or "(all)"
    if len(variants) == 1:
        return rows[0]["variant"] or "(all)"
    return key[2] + "_*"


def group_key(row, level):
    base = (row["bench"], row["apic_mode"])
    if level == "row":
        return base + (row["variant"], row["src_cpu"], row["dst_cpu"])
    if level == "class":
        return base + (row["variant"], row["class"])
    if level == "variant":
        return base + (row["variant"],)
    if level == "family":
        return base + (family(row["variant"]),)
    return base


def group(rows, level):
    groups = {}
    for row in rows:
        groups.setdefault(group_key(row, level), []).append(row)
    return groups


def row_ns(row, column, hz):
    """The kernel's ns figure (p50_ns, p99_ns), else from cycles."""
    given = row.int(column + "_ns")
    return given if given is not None else stats.ns(row.int(column), hz)


# The statuses every count of summary rows shows, even at 0.
ROW_STATUSES = ("ok", "skipped", "failed")


def count_by(rows, column, always=()):
    """Rows per value of column, the values of always first (0 when none
    has them), then the others in the order met; an empty value counts as
    "no COLUMN"."""
    counts = dict.fromkeys(always, 0)
    for row in rows:
        key = row[column] or "no " + column
        counts[key] = counts.get(key, 0) + 1
    return counts


def status_text(rows):
    counts = count_by(rows, "status")
    lost = sum(row.int("lost") or 0 for row in rows)
    if len(rows) == 1:
        parts = [rows[0]["status"] or "no status"]
    else:
        parts = ["%d %s" % (n, s) for s, n in counts.items() if s != "ok"] or ["ok"]
    if lost:
        parts.append("%d lost" % lost)
    return ", ".join(parts)


def where_text(rows, level, key):
    if len(rows) == 1 and level in ("row", "class", "variant"):
        return cpus_text(rows[0])
    n = len(rows)
    if level in ("family", "bench"):
        return "%d rows" % n
    if all(r["dst_cpu"] != "" for r in rows):
        cls = key[-1] if level == "class" else ""
        return "%d %s" % (n, cls) if cls else "%d pairs" % n
    return "%d cpus" % n if all(r["src_cpu"] != "" for r in rows) else "%d rows" % n


COLUMNS = "%-6s %-20s %-12s %18s %-14s %7s %9s "
HEADER = COLUMNS % (
    "bench", "variant", "cpus", "p50 min/med/max", "worst p99", "p50 cyc", "p99 cyc") + "status"


def figure_line(key, rows, level, hz, paint):
    """One line of the figure table for a group of summary rows: the
    spread of the ok rows' p50s, the worst p99 and where, in ns (or us)
    and cycles; the status of the rows."""
    bench, name = key[0], group_name(key, rows)
    measured = ([r for r in rows if r["status"] == "ok" and r.int("p50") is not None]
                or [r for r in rows if r.int("p50") is not None])
    p50 = p99 = "-"
    cyc50 = cyc99 = "-"
    if measured:
        p50s = sorted(v for v in (row_ns(r, "p50", hz) for r in measured) if v is not None)
        if p50s:
            spread = (p50s[0], stats.percentile(p50s, stats.P50), p50s[-1])
            p50 = time_text(spread[0]) if len(p50s) == 1 else spread_text(spread)
        worst = max(measured, key=lambda r: r.int("p99") if r.int("p99") is not None else -2 ** 63)
        p99 = time_text(row_ns(worst, "p99", hz))
        if len(measured) > 1 and level in ("row", "class", "variant"):
            p99 += " " + cpus_text(worst)
        cyc50 = str(stats.percentile(sorted(r.int("p50") for r in measured), stats.P50))
        cyc99 = str(worst.int("p99")) if worst.int("p99") is not None else "-"
    text = COLUMNS % (fit(bench, 6), fit(name, 20), fit(where_text(rows, level, key), 12), p50,
                      fit(p99, 14), cyc50, cyc99)
    status = status_text(rows)
    text = squeeze(text, len(text) + len(status) - WIDTH)
    return text + paint(cut(status, max(WIDTH - len(text), 4)), status.split(",")[0])


def squeeze(text, excess):
    """text with up to excess padding spaces taken out of its runs of
    spaces, rightmost first, so that a long status still fits the line."""
    chars = list(text)
    i = len(chars) - 2
    while excess > 0 and i > 0:
        if chars[i] == " " and chars[i - 1] == " ":
            del chars[i]
            excess -= 1
        i -= 1
    return "".join(chars)


def smi_lines(folder):
    """Per benchmark of smi.csv: (bench, kind, text), kind "smi" (SMIs
    counted: the text names the CPUs), "none", or "skipped" (with why)."""
    table = folder.table_or_none("smi.csv", required=("bench", "status"))
    if table is None:
        return []
    order, smis, cpus, on, why = [], {}, {}, {}, {}
    for row in table:
        b = row["bench"]
        if b not in cpus:
            order.append(b)
            cpus[b], smis[b], on[b] = [], 0, []
        if row["status"] != "ok":
            why[b] = row["reason"]
            continue
        cpus[b].append(row["cpu"])
        delta = row.int("delta") or 0
        if delta > 0:
            smis[b] += delta
            on[b].append("CPU %s: %d" % (row["cpu"], delta))
    out = []
    for b in order:
        if smis[b] > 0:
            out.append((b, "smi", "%d SMI%s during bench %s (%s): its tail figures may be inflated"
                        % (smis[b], "" if smis[b] == 1 else "s", b, ", ".join(on[b]))))
        elif cpus[b]:
            out.append((b, "none", "no SMI during bench %s (CPUs %s)" % (b, ",".join(cpus[b]))))
        else:
            out.append((b, "skipped", "SMIs not counted during bench %s: %s" % (b, why.get(b, ""))))
    return out


def smi_console(folder):
    """The SMI lines of the console: one per benchmark with SMIs, the
    others folded to one line each for "none" and per reason not counted."""
    out, none, none_cpus, skipped = [], [], [], {}
    table = folder.table_or_none("smi.csv", required=("bench", "status"))
    for bench, kind, text in smi_lines(folder):
        if kind == "smi":
            out.append("SMI: " + text)
        elif kind == "none":
            none.append(bench)
            none_cpus.extend(r["cpu"] for r in table if r["bench"] == bench and r["status"] == "ok")
        else:
            skipped.setdefault(text.split(": ", 1)[1], []).append(bench)
    if none:
        out.append("smi: no SMI during bench %s (CPUs %s)" % (", ".join(none), ranges(none_cpus)))
    for why, benches in skipped.items():
        out.append("smi: SMIs not counted during bench %s: %s" % (", ".join(benches), why))
    return [cut(line, WIDTH) for line in out]


def checks_lines(folder):
    """One line for checks.csv, the kernel's cross-row checks: how many ok,
    failed and skipped, the failed ones named (check and subject); none for
    a folder without it."""
    table = folder.table_or_none("checks.csv", required=("check", "subject", "verdict"))
    if table is None:
        return []
    counts = count_by(table, "verdict", ("ok", "failed", "skipped"))
    failed = ["%s %s" % (row["check"], row["subject"]) for row in table if row["verdict"] == "failed"]
    line = "checks: " + ", ".join("%d %s" % (n, v) for v, n in counts.items())
    if failed:
        line += "; failed: " + ", ".join(failed)
    return [cut(line, WIDTH)]


def run_lines(folder):
    failed = folder.failed()
    plan = folder.key_value("plan_summary.csv")
    planned = ""
    if plan:
        planned = "; plan: %s series, raw samples for %s, histograms for %s" % (
            plan.get("series", "?"), plan.get("raw_series", "?"), plan.get("hist_series", "?"))
    if failed is None:
        return [cut("run: complete (no FAILED file)" + planned, WIDTH)]
    lines = [cut("FAILED: " + (failed[0] if failed else "(FAILED is empty)"), WIDTH)]
    if len(failed) > 1:
        lines.append(cut("        (%d more lines in %s)" % (len(failed) - 1, folder.file("FAILED")), WIDTH))
    return lines


def failed_lines(folder, rows, everything):
    failed = [r for r in rows if r["status"] == "failed"]
    shown = failed if everything else failed[:FAILED_SHOWN]
    out = [cut("failed: %s %s %s: %s" % (r["bench"], r["variant"] or "(all)", cpus_text(r),
                                         r["reason"] or "(no reason given)"), WIDTH) for r in shown]
    if len(failed) > len(shown):
        out.append("failed: and %d more, see %s" % (len(failed) - len(shown), folder.file("summary.csv")))
    return out


def reason_lines(folder, rows, everything):
    """One line per status (other than ok and failed) and reason, with a
    count and the variants it covers."""
    groups = {}
    for r in rows:
        if r["status"] in ("ok", "failed"):
            continue
        groups.setdefault((r["status"] or "no status", r["reason"]), []).append(r)
    keys = list(groups)
    shown = keys if everything else keys[:REASONS_SHOWN]
    out = []
    for status, reason in shown:
        members = groups[(status, reason)]
        names = []
        for r in members:
            name = "%s %s" % (r["bench"], r["variant"] or "(all)")
            if name not in names:
                names.append(name)
        out.append(cut("%s: %s%s (%s)" % (status, "%d rows: " % len(members) if len(members) > 1 else "",
                                          reason or "(no reason given)", ", ".join(names)), WIDTH))
    rest = keys[len(shown):]
    if rest:
        out.append("and %d more reasons (%d rows), see %s" % (
            len(rest), sum(len(groups[k]) for k in rest), folder.file("summary.csv")))
    return out


def notes_line(rows):
    """The notes of ok rows (time budget, one-way bounds), counted by kind."""
    kinds = {}
    noted = 0
    for r in rows:
        if r["status"] == "ok" and r["reason"]:
            noted += 1
            for note in r["reason"].split("; "):
                kind = re.sub(r"\b[0-9]+\b", "N", note.split(": ")[0])
                kinds[kind] = kinds.get(kind, 0) + 1
    if not noted:
        return []
    return [cut("notes on %d ok row%s: %s" % (noted, "" if noted == 1 else "s", "; ".join(
        "%dx %s" % (n, k) for k, n in sorted(kinds.items(), key=lambda kv: -kv[1]))), WIDTH)]


def total_line(rows):
    counts = count_by(rows, "status", ROW_STATUSES)
    lost = sum(r.int("lost") or 0 for r in rows)
    return "%d rows: %s; %d sample%s lost" % (
        len(rows), ", ".join("%d %s" % (n, s) for s, n in counts.items()), lost, "" if lost == 1 else "s")


def measured_rows(rows):
    """The rows with figures to show (all but skipped ones) per benchmark
    and APIC mode, in the order of summary.csv."""
    shown = {}
    for r in rows:
        if r["status"] != "skipped":
            shown.setdefault((r["bench"], r["apic_mode"]), []).append(r)
    return shown


def choose_levels(shown, budget):
    """Per benchmark (and APIC mode) the finest folding level whose lines
    fit the budget: the benchmark with the most lines is folded first."""
    level = {b: 0 for b in shown}
    counts = {}

    def count(b):
        if (b, level[b]) not in counts:
            counts[(b, level[b])] = len(group(shown[b], LEVELS[level[b]]))
        return counts[(b, level[b])]

    while sum(count(b) for b in shown) > budget:
        foldable = [b for b in shown if level[b] < len(LEVELS) - 1]
        if not foldable:
            break
        level[max(foldable, key=count)] += 1
    return {b: LEVELS[level[b]] for b in shown}


def console(folder, everything=False, color=False):
    """The console summary as a list of lines."""
    def paint(text, status):
        code = COLORS.get(status) or ("33" if status not in ("ok", "") else None)
        return "\033[%sm%s\033[0m" % (code, text) if color and code else text

    head = ["irqbench results: %s" % folder.path] + machine.lines(folder, WIDTH) + run_lines(folder)
    table = folder.summary()
    if table is None:
        return (head + ["no summary.csv in %s: no benchmark figures to show" % folder.path]
                + smi_console(folder) + checks_lines(folder))
    rows = list(table)
    hz = folder.tsc_hz()
    tail = (failed_lines(folder, rows, everything) + reason_lines(folder, rows, everything)
            + notes_line(rows) + smi_console(folder) + checks_lines(folder) + [total_line(rows)])
    shown = measured_rows(rows)
    modes = list(dict.fromkeys(mode for _, mode in shown))
    sections = len(modes) if len(modes) > 1 else 0  # a "-- apic_mode" line each
    if everything:
        levels = {b: "row" for b in shown}
    else:
        levels = choose_levels(shown, MAX_LINES - len(head) - len(tail) - 2 - sections)
    body = [HEADER]
    for mode in modes:
        if sections:
            body.append("-- apic_mode %s" % (mode or "(none)"))
        for b in (b for b in shown if b[1] == mode):
            for key, members in group(shown[b], levels[b]).items():
                body.append(figure_line(key, members, levels[b], hz, paint))
    folded = list(dict.fromkeys(b for b, _ in shown if levels[(b, _)] in ("family", "bench")))
    hint = "(p50: lowest/median/highest of the rows' p50s%s%s)" % (
        "; folded by family: %s" % ", ".join(folded) if folded else "",
        "; --all: every row" if not everything else "")
    return head + body + [cut(hint, WIDTH)] + tail


def write(folder, everything=False, out=None):
    out = out or sys.stdout
    color = (hasattr(out, "isatty") and out.isatty() and not os.environ.get("NO_COLOR")
             and os.environ.get("TERM", "dumb") != "dumb")
    for line in console(folder, everything, color):
        print(line, file=out)

