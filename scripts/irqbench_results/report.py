"""RUN_DIR/report.html and RUN_DIR/report.md from a results folder.

Designed for 2 to 256 CPUs: the page opens with trust badges and the key
figures per benchmark, variant and topology class; rows that were not
measured are folded to one line per reason with a count; the per-row
tables are sorted by variant then CPU, each statistic in cycles with its
ns/us beside it, and scroll inside their own box (no horizontal overflow
at 1400 px, readable at 800 px). One static page: inline CSS, no script,
images by relative path (plots/*.png).
"""

import datetime
import html
import os

from . import machine, stats
from .summary import difference_text, family, smi_lines, time_text, total_line

LOW_SAMPLES = 100       # an ok row with fewer samples earns the "low sample count" badge
FOLD_ROWS = 64          # a benchmark table with more rows opens folded
BENCH_NAMES = {"ipi": "IPI", "timer": "Timer", "ioapic": "IOAPIC", "gates": "Gates"}
BENCH_TEXT = {
    "ipi": "Inter-processor interrupts between CPU pairs: src_cpu sends and measures, dst_cpu answers.",
    "timer": "Local APIC timer lateness: when the interrupt ran minus when it was due (negative: early).",
    "ioapic": "IOAPIC register accesses and interrupt delivery through a redirection entry.",
    "gates": "Entering and leaving an interrupt handler through each kind of IDT gate.",
}
RAW_FILE = {"ipi": "ipi.csv", "timer": "timer.csv", "ioapic": "ioapic.csv", "gates": "gates.csv"}
FIGURES = ("min", "p1", "p50", "p90", "p99", "p999", "max", "mean", "stdev")
FILES = ("serial.log", "qemu.cmd", "meta.csv", "summary.csv", "plan.csv", "hist.csv", "ipi.csv",
         "ipi_matrix.csv", "ipi_classes.csv", "timer.csv", "timer_hist.csv", "ioapic.csv", "gates.csv",
         "smi.csv", "cpus.csv", "FAILED")
MD_META = ("run_id", "date", "accel", "qemu_version", "qemu_cpu", "qemu_smp", "cpu_vendor", "cpu_brand",
           "hypervisor", "apic_mode", "tsc_hz", "tsc_source", "cpus_online", "timing_overhead_cycles",
           "kernel_cmdline", "boot_path", "boot_loader")

CSS = """
body { font-family: system-ui, sans-serif; margin: 1.5em auto; max-width: 80em; padding: 0 1em; color: #222; line-height: 1.4; }
h1 { margin-bottom: 0.1em; } h2 { border-bottom: 1px solid #ccc; padding-bottom: 0.2em; margin-top: 1.8em; }
.machine { font-size: 1.15em; margin-top: 0; }
.scroll { max-width: 100%; overflow-x: auto; }
table { border-collapse: collapse; margin: 0.6em 0; font-size: 0.9em; }
th, td { border: 1px solid #ccc; padding: 0.15em 0.45em; text-align: left; vertical-align: top; }
th { background: #f0f0f0; } td.n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.n small { display: block; color: #555; }
td.key { font-weight: 600; background: #fafafa; } td.cpu { white-space: nowrap; } td.wrap { word-break: break-word; max-width: 40em; }
tr.failed td { background: #fde2e2; } tr.insufficient td { background: #fff8e1; }
.badges { display: flex; flex-wrap: wrap; gap: 0.4em; margin: 0.6em 0; }
.badge { border-radius: 0.3em; padding: 0.15em 0.6em; font-size: 0.9em; border: 1px solid #999; background: #f4f4f4; }
.badge.good { border-color: #1b7a2f; background: #e3f4e6; } .badge.warn { border-color: #d9a400; background: #fff8e1; }
.badge.bad { border-color: #b00020; background: #fde2e2; font-weight: 700; }
.st-failed { color: #b00020; font-weight: 700; }
.failedbox { border: 2px solid #b00020; background: #fde2e2; padding: 0.6em 1em; margin: 1em 0; }
.notebox { border: 1px solid #d9a400; background: #fff8e1; padding: 0.5em 1em; margin: 1em 0; }
pre { background: #f6f6f6; padding: 0.6em; overflow-x: auto; white-space: pre-wrap; word-break: break-all; }
figure { margin: 1em 0 2em 0; } figure img { max-width: 100%; height: auto; border: 1px solid #ddd; }
figcaption { color: #555; font-size: 0.9em; } .missing { color: #8a5a00; }
.small { color: #666; font-size: 0.88em; } code { word-break: break-all; }
td.worse { background: #fde2e2; } td.better { background: #dff3e3; } td small { display: block; color: #555; }
"""


def h(text):
    return html.escape(str(text), quote=True)


def md(text):
    text = str(text).replace("<", "&lt;")
    for c in "|*`":
        text = text.replace(c, "\\" + c)
    return " ".join(text.split())


def cpu_key(text):
    return int(text) if text.isdigit() else -1


def row_order(row):
    return (row["variant"], row["apic_mode"], cpu_key(row["src_cpu"]), cpu_key(row["dst_cpu"]))


def cpus_of(row):
    src, dst = row["src_cpu"], row["dst_cpu"]
    return "%s->%s" % (src, dst) if dst else (src or "-")


class Run:
    """What the report shows of one results folder, read once."""

    def __init__(self, folder, plot_list=None, plot_note=""):
        self.folder = folder
        self.meta = folder.meta
        self.hz = folder.tsc_hz()
        self.rows = folder.summary()
        self.failed = folder.failed()
        self.smis = smi_lines(folder)
        self.plots = plot_list or []
        self.plot_note = plot_note
        self.machine = machine.describe(folder) or "unknown machine (no meta.csv)"
        self.run_id = self.meta.get("run_id") or os.path.basename(os.path.normpath(folder.path))

    def ns_text(self, cycles):
        value = stats.ns(cycles, self.hz)
        return "" if value is None else time_text(value)

    def benches(self):
        order = []
        for r in self.rows or []:
            if r["bench"] not in order:
                order.append(r["bench"])
        for p in self.plots:
            b = p.name.split("-")[0]
            if b not in order:
                order.append(b)
        return order


# ---- the parts, as data ----

def badges(run):
    """[(kind, text)], kind good/warn/bad/info: what the figures can be
    trusted for."""
    meta, out = run.meta, []
    where = machine.platform(meta)
    if meta.get("ring0_emulated") == "1":
        out.append(("warn", "nested hypervisor: ring 0 is emulated, figures describe the host's emulation"))
    if where == "bare metal":
        out.append(("good", "bare metal"))
    elif where == "TCG":
        out.append(("warn", "TCG: software emulation, not hardware figures"))
    elif where:
        out.append(("info", where + ": figures describe this hypervisor, not the CPU"))
    else:
        out.append(("warn", "platform unknown (no accel or hypervisor in meta.csv)"))
    rows = run.rows or []
    ok = [r for r in rows if r["status"] == "ok"]
    few = [r for r in rows if r["status"] == "insufficient"]
    if few:
        out.append(("warn", "insufficient: %d row%s with fewer samples than min_samples, no headline figure"
                    % (len(few), "" if len(few) == 1 else "s")))
    low = [r for r in ok if (r.int("samples") or 0) < LOW_SAMPLES]
    if low:
        out.append(("warn", "low sample count: %d of %d measured rows under %d samples"
                    % (len(low), len(ok), LOW_SAMPLES)))
    budget = [r for r in ok if "time budget" in r["reason"]]
    if budget:
        out.append(("warn", "time budget hit: %d rows cut short by series_ms" % len(budget)))
    empty = [b for b in run.benches() if rows and not any(r["bench"] == b and r["status"] == "ok" for r in rows)]
    if empty:
        out.append(("warn", "insufficient rows: no measured row for %s" % ", ".join(empty)))
    failed = [r for r in rows if r["status"] == "failed"]
    if failed:
        out.append(("bad", "failed checks: %d rows" % len(failed)))
    if run.failed is not None:
        out.append(("bad", "run FAILED"))
    if run.rows is None:
        out.append(("bad", "no summary.csv"))
    smi = [text for _, kind, text in run.smis if kind == "smi"]
    if smi:
        out.append(("bad", "SMIs during %d benchmark%s" % (len(smi), "" if len(smi) == 1 else "s")))
    elif any(kind == "none" for _, kind, _ in run.smis):
        out.append(("good", "no SMI counted"))
    return out


KEY_VARIANTS = 8         # a benchmark with more variants shows its key figures per family


def key_figures(run):
    """[(bench, what, class, rows, p50 lowest, median, highest, worst p99,
    its CPUs)] over the ok rows: per benchmark, variant and class, or per
    variant family (deliver_*) where a benchmark has more than
    KEY_VARIANTS variants."""
    ok = [r for r in run.rows or [] if r["status"] == "ok" and r.int("p50") is not None]
    variants, families = {}, {}
    for r in ok:
        variants.setdefault(r["bench"], set()).add(r["variant"])
        families.setdefault((r["bench"], family(r["variant"])), set()).add(r["variant"])
    groups = {}
    for r in ok:
        what = r["variant"]
        if len(variants[r["bench"]]) > KEY_VARIANTS and len(families[(r["bench"], family(what))]) > 1:
            what = family(what) + "_*"
        groups.setdefault((r["bench"], what, r["class"]), []).append(r)
    order = run.benches()
    out = []
    for (bench, what, cls), rows in sorted(groups.items(), key=lambda kv: (order.index(kv[0][0]),) + kv[0][1:]):
        p50s = sorted(r.int("p50") for r in rows)
        worst = max(rows, key=lambda r: r.int("p99") if r.int("p99") is not None else r.int("p50"))
        if what.endswith("_*"):
            names = {r["variant"] for r in rows}
            what = names.pop() if len(names) == 1 else what + " (%d variants)" % len(names)
        out.append((bench, what, cls, len(rows), p50s[0], stats.median(p50s), p50s[-1],
                    worst.int("p99"), "%s %s" % (worst["variant"], cpus_of(worst)) if what.endswith("variants)")
                    else cpus_of(worst)))
    return out


def not_measured(run):
    """[(status, reason, count, "bench variant, ...")]: every row that is
    not ok, one line per status and reason."""
    groups = {}
    for r in run.rows or []:
        if r["status"] == "ok":
            continue
        groups.setdefault((r["status"] or "no status", r["reason"] or "(no reason given)"), []).append(r)
    out = []
    for (status, reason), rows in groups.items():
        names = []
        for r in rows:
            name = "%s %s" % (r["bench"], r["variant"] or "(all)")
            if name not in names:
                names.append(name)
        out.append((status, reason, len(rows), names))
    return sorted(out, key=lambda g: (g[0] != "failed", -g[2]))


def smi_folded(run):
    """[(kind, text)]: one line per benchmark that saw SMIs; the others
    with one line per reason they were not counted, and one line for all
    that saw none."""
    out, none, skipped = [], [], {}
    for bench, kind, text in run.smis:
        if kind == "smi":
            out.append((kind, text))
        elif kind == "none":
            none.append(text)
        else:
            skipped.setdefault(text.split(": ", 1)[-1], []).append(bench)
    if len(none) == 1:
        out.append(("none", none[0]))
    elif none:
        out.append(("none", "no SMI during bench %s" % ", ".join(b for b, k, _ in run.smis if k == "none")))
    out += [("skipped", "SMIs not counted during bench %s: %s" % (", ".join(benches), why))
            for why, benches in skipped.items()]
    return out


def how_taken(run, bench):
    """How the figures of bench were taken, in one sentence."""
    rows = [r for r in run.rows or [] if r["bench"] == bench and r["status"] == "ok"]
    parts = []
    if rows:
        samples = sorted(r.int("samples") or 0 for r in rows)
        parts.append("%d rows, %s samples each (%s to %s)" % (len(rows), stats.median(samples), samples[0], samples[-1]))
    cmdline = run.meta.get("kernel_cmdline", "")
    warm = [w.split("=", 1)[1] for w in cmdline.split() if w.startswith("warmup=")]
    parts.append("warm-up %s samples discarded first%s" % (warm[0] if warm else "1000",
                                                            "" if warm else " (the default)"))
    overhead = run.meta.get("timing_overhead_cycles", "")
    if overhead:
        parts.append("each figure includes the timing overhead of %s cycles (an empty measurement%s)"
                     % (overhead, "; the _net rows subtract it" if bench == "gates" else ""))
    raw = RAW_FILE.get(bench)
    if raw and run.folder.has(raw):
        parts.append("raw samples in %s" % raw)
    elif run.folder.has("hist.csv"):
        parts.append("no raw samples: histograms from hist.csv")
    return "; ".join(parts) + "."


# ---- HTML ----

def stat_cell(run, row, column):
    value = row.int(column)
    if value is None:
        return '<td class="n"></td>'
    given = row.int(column + "_ns") if column in ("p50", "p99") else None
    unit = time_text(given) if given is not None else run.ns_text(value)
    return '<td class="n t">%d%s</td>' % (value, "<small>%s</small>" % h(unit) if unit else "")


def html_table(head, rows, cls=""):
    out = ['<div class="scroll"><table%s>' % (' class="%s"' % cls if cls else ""),
           "<tr>" + "".join("<th>%s</th>" % x for x in head) + "</tr>"]
    out += rows
    return out + ["</table></div>"]


def html_bench(run, bench, plots_used):
    out = ['<h3 id="bench-%s">%s <span class="small">(bench=%s)</span></h3>'
           % (h(bench), h(BENCH_NAMES.get(bench, bench)), h(bench))]
    if bench in BENCH_TEXT:
        out.append("<p>%s</p>" % BENCH_TEXT[bench])
    rows = sorted((r for r in run.rows or [] if r["bench"] == bench and r["status"] != "skipped"), key=row_order)
    skipped = sum(1 for r in run.rows or [] if r["bench"] == bench and r["status"] == "skipped")
    if rows:
        body = []
        for r in rows:
            cls = ' class="%s"' % r["status"] if r["status"] in ("failed", "insufficient") else ""
            body.append("<tr%s><td>%s</td><td>%s</td><td class=\"cpu\">%s</td><td>%s</td><td class=\"%s\">%s</td>"
                        '<td class="n">%s</td><td class="n">%s</td>%s</tr>'
                        % (cls, h(r["variant"] or "(all)"), h(r["apic_mode"]), h(cpus_of(r)), h(r["class"]),
                           "st-" + h(r["status"]), h(r["status"]), h(r["samples"]), h(r["lost"]),
                           "".join(stat_cell(run, r, c) for c in FIGURES)))
            if r["reason"]:
                body.append('<tr%s><td colspan="%d" class="wrap small">%s: %s</td></tr>'
                            % (cls, 7 + len(FIGURES), h(r["status"]), h(r["reason"])))
        head = ["variant", "APIC", "CPU", "class", "status", "samples", "lost"] + [
            c.replace("p999", "p99.9") for c in FIGURES]
        table = html_table(head, body)
        if len(rows) > FOLD_ROWS:
            table = ["<details><summary>%d rows, sorted by variant then CPU (open to show)</summary>" % len(rows)] + \
                table + ["</details>"]
        out += ['<p class="small">Cycles, with %s below each figure; sorted by variant then CPU.</p>'
                % ("the time at tsc_hz" if run.hz else "no time (tsc_hz unknown)")] + table
    if skipped:
        out.append('<p class="small">%d skipped row%s: see <a href="#not-measured">Not measured</a>.</p>'
                   % (skipped, "" if skipped == 1 else "s"))
    out.append('<p class="small">How it was taken: %s</p>' % h(how_taken(run, bench)))
    for p in run.plots:
        if p.name.split("-")[0] != bench or p.name in plots_used:
            continue
        plots_used.add(p.name)
        out.append(plot_html(p))
    return out


def plot_html(p):
    """A drawn plot as a figure with its caption and script, or a line
    saying why it was not drawn."""
    if p.status == "ok":
        return ('<figure><img src="plots/%s.png" alt="%s"%s><figcaption>%s &#8212; from %s%s; '
                'script: <a href="plots/%s.gp">plots/%s.gp</a></figcaption></figure>'
                % (h(p.name), h(p.title), size_attrs(p), h(p.title), h(p.input),
                   "; " + h(p.how) if p.how else "", h(p.name), h(p.name)))
    return ('<p class="missing">Not drawn: %s &#8212; %s (input: %s, %s)</p>'
            % (h(p.title), h(p.note), h(p.input), h(p.status)))


def size_attrs(plot):
    w, h_ = plot.size
    return ' width="%d" height="%d"' % (w, h_) if w and h_ else ""


def html_report(run, now):
    out = ["<!DOCTYPE html>", '<html lang="en">', "<head>", '<meta charset="utf-8">',
           '<meta name="viewport" content="width=device-width, initial-scale=1">',
           "<title>irqbench %s</title>" % h(run.run_id), "<style>" + CSS + "</style>", "</head>", "<body>",
           "<h1>irqbench run %s</h1>" % h(run.run_id), '<p class="machine">%s</p>' % h(run.machine),
           '<p class="small">%s%s</p>' % (h(machine.tsc(run.folder)),
                                          "; taken " + h(run.meta.get("date")) if run.meta.get("date") else "")]
    out.append('<div class="badges">' + "".join('<span class="badge %s">%s</span>' % (k, h(t))
                                                for k, t in badges(run)) + "</div>")
    if run.rows is not None:
        out.append('<p>%s</p>' % h(total_line(run.rows)))
    if run.failed is not None:
        out += ['<div class="failedbox"><h2 style="margin-top:0">This run FAILED</h2>',
                '<p>The folder holds a <a href="FAILED">FAILED</a> file; the figures below, if any, may be '
                "incomplete. It says:</p><pre>%s</pre></div>" % h("\n".join(run.failed))]
    if run.plot_note:
        out.append('<p class="notebox">%s</p>' % h(run.plot_note))
    out.append("<h2>Key figures</h2>")
    figures = key_figures(run)
    if run.rows is None:
        out.append('<p class="notebox">No <code>summary.csv</code> in this folder: the run produced no benchmark figures.</p>')
    elif figures:
        out.append('<p class="small">Per benchmark, variant and topology class, over its measured rows: '
                   "the lowest, median (nearest rank) and highest p50, and the worst p99 with its CPUs.</p>")
        body = ["<tr><td>%s</td><td>%s</td><td>%s</td><td class=\"n\">%d</td>%s%s%s%s<td>%s</td></tr>"
                % (h(b), h(v), h(c or "-"), n, *(cycles_ns_cell(run, x) for x in (lo, mid, hi, worst)), h(where))
                for b, v, c, n, lo, mid, hi, worst, where in figures]
        out += html_table(["bench", "variant", "class", "rows", "p50 lowest", "p50 median", "p50 highest",
                           "worst p99", "at"], body)
    groups = not_measured(run)
    if groups:
        out.append('<h2 id="not-measured">Not measured or failed</h2><ul>')
        for status, reason, count, names in groups:
            shown = ", ".join(names[:6]) + (", and %d more" % (len(names) - 6) if len(names) > 6 else "")
            out.append('<li><span class="%s">%s</span>: %d row%s: %s <span class="small">(%s)</span></li>'
                       % ("st-failed" if status == "failed" else "", h(status), count, "" if count == 1 else "s",
                          h(reason), h(shown)))
        out.append("</ul>")
    if run.smis:
        out.append("<h2>System Management Interrupts</h2><ul>")
        for kind, text in smi_folded(run):
            out.append('<li class="failed"><b>%s</b></li>' % h(text) if kind == "smi" else "<li>%s</li>" % h(text))
        out.append('</ul><p class="small">MSR_SMI_COUNT read on each selected CPU before and after each '
                   'benchmark: <a href="smi.csv">smi.csv</a>.</p>')
    out.append("<h2>Results</h2>")
    used = set()
    for bench in run.benches():
        out += html_bench(run, bench, used)
    out += html_machine(run)
    out += ['<p class="small">Written by scripts/irqbench-report at %s.</p>' % h(now), "</body>", "</html>", ""]
    return "\n".join(out)


def cycles_ns_cell(run, cycles):
    if cycles is None:
        return '<td class="n"></td>'
    unit = run.ns_text(cycles)
    return '<td class="n t">%d%s</td>' % (cycles, "<small>%s</small>" % h(unit) if unit else "")


def html_machine(run):
    meta = run.meta
    out = ["<h2>Machine</h2>"]
    if meta:
        out.append('<p class="small">Every row of <a href="meta.csv">meta.csv</a>: what the kernel read from '
                   "the CPU and firmware, and what the host recorded.</p>")
        out += html_table(["key", "value"], ['<tr><td class="key">%s</td><td class="wrap">%s</td></tr>'
                                             % (h(k), h(v)) for k, v in meta.items()])
    else:
        out.append('<p class="notebox">No meta.csv in this folder: the machine is unknown.</p>')
    out.append("<h2>How this was measured</h2><ul>")
    if meta.get("kernel_cmdline"):
        out.append("<li>Kernel command line: <code>%s</code></li>" % h(meta["kernel_cmdline"]))
    if run.hz:
        out.append("<li>TSC frequency %s Hz%s: ns = cycles &#215; 10<sup>9</sup> / tsc_hz.</li>"
                   % (h(meta.get("tsc_hz")), " (from %s)" % h(meta["tsc_source"]) if meta.get("tsc_source") else ""))
    else:
        out.append("<li>TSC frequency unknown (no tsc_hz in meta.csv): figures are in cycles only.</li>")
    if meta.get("timing_overhead_cycles"):
        out.append("<li>Timing overhead (an empty measurement): %s cycles; every figure includes it.</li>"
                   % h(meta["timing_overhead_cycles"]))
    if meta.get("accel"):
        out.append("<li>Accelerator: %s%s</li>" % (h(meta["accel"]), " (%s)" % h(meta["accel_reason"])
                                                    if meta.get("accel_reason") else ""))
    out.append("<li>Percentiles are nearest-rank over every kept sample, warm-up excluded; nothing is "
               "filtered (docs/statistics.md in the irqbench sources).</li></ul>")
    if run.folder.has("qemu.cmd"):
        with open(run.folder.file("qemu.cmd"), encoding="utf-8", errors="replace") as f:
            out.append('<p>QEMU command (<a href="qemu.cmd">qemu.cmd</a>):</p><pre>%s</pre>' % h(f.read().strip()))
    names = [f for f in FILES if run.folder.has(f)]
    names += sorted(f for f in os.listdir(run.folder.path) if f.endswith(".csv") and f not in names)
    out.append("<p>Files in this folder: %s</p>" % ", ".join('<a href="%s">%s</a>' % (h(f), h(f)) for f in names))
    return out


# ---- Markdown ----

def md_report(run):
    out = ["# irqbench run %s" % md(run.run_id), "", "**%s**; %s%s" % (
        md(run.machine), md(machine.tsc(run.folder)), ", taken " + md(run.meta["date"]) if run.meta.get("date") else ""),
        "", " ".join("[%s]" % md(t) for _, t in badges(run)), ""]
    if run.rows is not None:
        out += [md(total_line(run.rows)), ""]
    if run.failed is not None:
        out += ["> **This run FAILED.** The FAILED file says:", ">"] + [">     " + l for l in run.failed] + [""]
    if run.plot_note:
        out += [md(run.plot_note), ""]
    if run.rows is None:
        out += ["No summary.csv in this folder: no benchmark figures.", ""]
    figures = key_figures(run)
    if figures:
        out += ["## Key figures", "", "p50 lowest / median / highest over the rows of each benchmark, variant "
                "and class; the worst p99 and its CPUs. Cycles, time at tsc_hz in brackets.", "",
                "| bench | variant | class | rows | p50 lowest | p50 median | p50 highest | worst p99 | at |",
                "|---|---|---|--:|--:|--:|--:|--:|---|"]
        for b, v, c, n, lo, mid, hi, worst, where in figures:
            out.append("| %s | %s | %s | %d | %s | %s | %s | %s | %s |" % (
                md(b), md(v), md(c or "-"), n, *(md_value(run, x) for x in (lo, mid, hi, worst)), md(where)))
        out.append("")
    groups = not_measured(run)
    if groups:
        out += ["## Not measured or failed", ""]
        for status, reason, count, names in groups:
            out.append("- **%s**: %d row%s: %s (%s)" % (md(status), count, "" if count == 1 else "s", md(reason),
                                                       md(", ".join(names[:6]))))
        out.append("")
    if run.smis:
        out += ["## System Management Interrupts", ""]
        out += ["- " + ("**%s**" % md(text) if kind == "smi" else md(text)) for kind, text in smi_folded(run)] + [""]
    drawn = [p for p in run.plots if p.status == "ok"]
    if run.plots:
        out += ["## Plots", ""]
        for p in drawn:
            out += ["![%s](plots/%s.png)" % (md(p.title), p.name), ""]
        missing = [p for p in run.plots if p.status != "ok"]
        if missing:
            out += ["Not drawn:", ""] + ["- %s: %s" % (md(p.title), md(p.note)) for p in missing] + [""]
    out += ["## Machine", ""]
    if run.meta:
        out += ["| key | value |", "|---|---|"] + ["| %s | %s |" % (md(k), md(v)) for k, v in run.meta.items()
                                                   if k in MD_META]
        out += ["", "Every key is in meta.csv and in report.html; every row in summary.csv and report.html.", ""]
    else:
        out += ["No meta.csv in this folder.", ""]
    return "\n".join(out)


def md_value(run, cycles):
    if cycles is None:
        return "-"
    unit = run.ns_text(cycles)
    return "%d (%s)" % (cycles, unit) if unit else str(cycles)


# ---- writing ----

def replace(path, text):
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(text)
    os.replace(tmp, path)


def write(folder, plot_list=None, plot_note=""):
    """Writes report.html and report.md into the folder; returns their paths.
    Raises TableError for an unreadable input, OSError for a failed write."""
    run = Run(folder, plot_list, plot_note)
    now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    paths = folder.file("report.html"), folder.file("report.md")
    replace(paths[0], html_report(run, now))
    replace(paths[1], md_report(run))
    return paths


# ---- a comparison's page (compare.py's runs, compare.csv's rows) ----

SHADE = 1.1              # a ratio above this (below its inverse) is shaded
MD_ROWS = 16             # report.md shows this many rows of a variant


class Comparison:
    """What the comparison page shows: the runs (compare.Run), the rows
    of compare.csv as dicts, the verdict lines, the overlaid plots."""

    def __init__(self, runs, rows, verdict, plot_list, plot_note):
        self.runs = runs
        self.later = [r.letter for r in runs[1:]]
        self.rows = rows
        every = [r for r in rows if not r["missing_in"]]
        self.every = [r for r in every if measured(r, runs)]
        self.unmeasured = [r for r in every if not measured(r, runs)]
        self.some = [r for r in rows if r["missing_in"]]
        self.verdict = verdict
        self.plots = plot_list
        self.plot_note = plot_note
        self.unit = "ns" if all(r.hz for r in runs) else "cycles"
        self.badges = {r.letter: badges(Run(r.folder)) for r in runs}

    def benches(self):
        order = []
        for r in self.rows:
            if r["bench"] not in order:
                order.append(r["bench"])
        return order

    def ratio(self, row, letter, p):
        return row[letter + "_over_A_" + p + ("_ns" if self.unit == "ns" else "")]


def measured(row, runs):
    """Whether every run measured the row (ok or failed), so that its
    figures compare."""
    return all(row[r.letter + "_status"] in ("ok", "failed") for r in runs)


def verdict_of(row, letter, p):
    return row[letter + ("_verdict" if p == "p50" else "_p99_verdict")]


def variant_overview(cmp):
    """[(bench, variant, rows, {letter: (median, lowest, highest ratio
    of the p50s or None, p50 verdict counts, p99 verdict counts)})] over
    the rows in every run."""
    groups = {}
    for row in cmp.every:
        groups.setdefault((row["bench"], row["variant"]), []).append(row)
    out = []
    for (bench, variant), rows in groups.items():
        per_run = {}
        for x in cmp.later:
            ratios = sorted(float(cmp.ratio(r, x, "p50")) for r in rows if cmp.ratio(r, x, "p50"))
            spread = (stats.median(ratios), ratios[0], ratios[-1]) if ratios else None
            per_run[x] = (spread,) + tuple(verdict_counts([verdict_of(r, x, p) for r in rows]) for p in ("p50", "p99"))
        out.append((bench, variant, len(rows), per_run))
    return out


def verdict_counts(verdicts):
    """"2 slower, 1 faster, 9 same" (the verdicts that occur)."""
    names = (("slower", "slower"), ("faster", "faster"), ("unchanged", "same"), ("not judged", "not judged"),
             ("not both ok", "not ok"))
    return ", ".join("%d %s" % (verdicts.count(v), text) for v, text in names if verdicts.count(v))


def row_groups(rows, *columns):
    """[(bench, variant, the columns' values..., [CPUs])]: one line per
    variant and values of the columns (the note, the runs lacking it)."""
    groups = {}
    for row in rows:
        key = (row["bench"], row["variant"] or "(all)") + tuple(row[c] for c in columns)
        groups.setdefault(key, []).append(cpus_of(row) if row["src_cpu"] else "")
    return [k + (cpus,) for k, cpus in groups.items()]


def cpu_list(cpus, shown=8):
    cpus = [c for c in cpus if c]
    if not cpus:
        return ""
    return "CPU " + ", ".join(cpus[:shown]) + (" and %d more" % (len(cpus) - shown) if len(cpus) > shown else "")


def figure_cell(row, letter, p):
    """A run's figure in cycles with its ns below; its status when none."""
    cycles = row[letter + "_" + p]
    if cycles == "":
        return '<td class="n">%s</td>' % h(row[letter + "_status"] or "-")
    given = row[letter + "_" + p + "_ns"]
    return '<td class="n">%s%s</td>' % (h(cycles), "<small>%s</small>" % h(time_text(float(given))) if given else "")


def ratio_cell(text, below=""):
    if text == "":
        return '<td class="n">-</td>'
    shade = " worse" if float(text) > SHADE else " better" if float(text) < 1 / SHADE else ""
    return '<td class="n%s">%s%s</td>' % (shade, h(text), below)


def judged_cell(row, letter, p):
    """The verdict with the difference and its 95% interval below."""
    verdict = verdict_of(row, letter, p)
    point = row["%s_minus_A_%s" % (letter, p)]
    if point == "":
        return '<td class="n">%s</td>' % h(verdict or "-")
    unit = row[letter + "_diff_unit"]
    lo, hi = (float(row["%s_minus_A_%s_%s" % (letter, p, end)]) for end in ("lo", "hi"))
    shade = {"slower": ' class="n worse"', "faster": ' class="n better"'}.get(verdict, ' class="n"')
    return '<td%s>%s<small>%s</small><small>%s .. %s</small></td>' % (
        shade, h(verdict), h(difference_text(float(point), unit)), h(difference_text(lo, unit)),
        h(difference_text(hi, unit)))


def compare_row_html(cmp, row):
    cells = ["<td>%s</td><td>%s</td><td class=\"cpu\">%s</td>" % (
        h(row["variant"] or "(all)"), h(row["apic_mode"]), h(cpus_of(row)))]
    for p in ("p50", "p99"):
        cells += [figure_cell(row, r.letter, p) for r in cmp.runs]
        for x in cmp.later:
            cells += [ratio_cell(cmp.ratio(row, x, p)), judged_cell(row, x, p)]
    cells.append('<td class="wrap small">%s</td>' % h(row["note"]))
    return "<tr>%s</tr>" % "".join(cells)


def compare_bench_html(cmp, bench):
    rows = sorted((r for r in cmp.every if r["bench"] == bench), key=row_order)
    if not rows:
        return []
    head = ["variant", "APIC", "CPU"]
    for p in ("p50", "p99"):
        head += ["%s %s" % (r.letter, p) for r in cmp.runs]
        for x in cmp.later:
            head += ["%s/A %s" % (x, p), "%s vs A %s<br>(95%% interval)" % (x, p)]
    table = html_table(head + ["note"], [compare_row_html(cmp, r) for r in rows])
    if len(rows) > FOLD_ROWS:
        table = ["<details><summary>%d rows, sorted by variant then CPU (open to show)</summary>" % len(rows)] + \
            table + ["</details>"]
    return ['<h3 id="bench-%s">%s <span class="small">(bench=%s)</span></h3>'
            % (h(bench), h(BENCH_NAMES.get(bench, bench)), h(bench))] + table


def compare_intro(cmp):
    unit = ("Figures are cycles with the time below, each run at its own TSC frequency; ratios are of the ns "
            "(cycles of different TSCs do not compare); compare.csv also has them in cycles."
            if cmp.unit == "ns" else
            "Not every run has tsc_hz in its meta.csv: ratios are of the cycles and compare only if the TSC "
            "frequencies are the same.")
    return ("Run A is the reference. Every ratio is <i>run</i> / A of the same summary row: above 1 that run "
            "took longer (or fired later), below 1 it was faster. Rows are matched on bench, variant, apic_mode, "
            "src_cpu and dst_cpu. %s A verdict is <i>slower</i> or <i>faster</i> when the 95%% bootstrap interval "
            "of the difference (below it) lies wholly above or below 0. Shading: ratios above %g or below 1/%g, "
            "and the verdicts.") % (unit, SHADE, SHADE)


def compare_runs_html(cmp):
    body = []
    for r in cmp.runs:
        state = "FAILED (see its FAILED file)" if r.folder.has("FAILED") else "ok"
        if r.summary is None:
            state += "; no summary.csv"
        body.append('<tr><td><b>%s</b></td><td>%s<div class="badges">%s</div></td><td>%s</td><td><code>%s</code>'
                    '</td><td class="n">%s</td><td>%s</td><td>%s</td></tr>' % (
                        h(r.letter), h(r.machine()), "".join('<span class="badge %s">%s</span>' % (k, h(t))
                                                             for k, t in cmp.badges[r.letter]),
                        h(r.run_id()), h(r.path), h(r.meta.get("tsc_hz", "") if r.hz else "unknown"),
                        h(r.meta.get("apic_mode", "")), h(state)))
    return html_table(["run", "machine and trust", "run id", "folder", "TSC Hz", "APIC", "state"], body)


def compare_overview_html(cmp):
    overview = variant_overview(cmp)
    if not overview:
        return ['<p class="notebox">No summary row is in every run.</p>']
    head = ["bench", "variant", "rows"]
    for x in cmp.later:
        head += ["%s/A p50: median (lowest .. highest)" % x, "%s vs A p50" % x, "%s vs A p99" % x]
    body = []
    for bench, variant, n, per_run in overview:
        cells = "<td>%s</td><td>%s</td><td class=\"n\">%d</td>" % (h(bench), h(variant or "(all)"), n)
        for x in cmp.later:
            spread, p50, p99 = per_run[x]
            cells += ratio_cell(sig(spread[0]), "<small>%s .. %s</small>" % (sig(spread[1]), sig(spread[2]))) \
                if spread else '<td class="n">-</td>'
            cells += "<td>%s</td><td>%s</td>" % (h(p50), h(p99))
        body.append("<tr>%s</tr>" % cells)
    return ['<p class="small">Per variant over its rows in every run: the median of the p50 ratios with the '
            'lowest and highest, and how many rows each verdict has for the p50 and the p99.</p>'] + \
        html_table(head, body)


def sig(x):
    return "%.3g" % x


def compare_unmeasured_html(cmp):
    groups = row_groups(cmp.unmeasured, "note")
    if not groups:
        return []
    out = ['<p class="small">%d row%s in every run that a run did not measure (skipped, insufficient): one line '
           "per variant and reason.</p><ul>" % (len(cmp.unmeasured), "" if len(cmp.unmeasured) == 1 else "s")]
    for bench, variant, note, cpus in groups:
        out.append("<li>%s %s: %d row%s%s: %s</li>" % (h(bench), h(variant), len(cpus), "" if len(cpus) == 1 else "s",
                                                      " (%s)" % h(cpu_list(cpus)) if cpu_list(cpus) else "", h(note)))
    return out + ["</ul>"]


def compare_missing_html(cmp):
    groups = row_groups(cmp.some, "missing_in", "note")
    if not groups:
        return ["<p>None: every summary row is in every run.</p>"]
    out = ['<p class="small">A row one run lacks: the benchmark, variant or CPU pair did not run there (the note '
           'says why where that run has a row for all CPUs), or the runs had different CPUs or APIC modes. '
           'One line per variant, runs lacking it and note.</p><ul>']
    for bench, variant, missing, note, cpus in groups:
        out.append("<li>%s %s: %d row%s missing in <b>%s</b>%s%s</li>" % (
            h(bench), h(variant), len(cpus), "" if len(cpus) == 1 else "s", h(missing),
            " (%s)" % h(cpu_list(cpus)) if cpu_list(cpus) else "", ": " + h(note) if note else ""))
    return out + ["</ul>"]


def compare_html(cmp, now):
    title = "irqbench comparison of %d runs" % len(cmp.runs)
    out = ["<!DOCTYPE html>", '<html lang="en">', "<head>", '<meta charset="utf-8">',
           '<meta name="viewport" content="width=device-width, initial-scale=1">',
           "<title>%s</title>" % h(title), "<style>" + CSS + "</style>", "</head>", "<body>",
           "<h1>%s</h1>" % h(title), "<p>%s</p>" % compare_intro(cmp)]
    warnings = [l for l in cmp.verdict if l.startswith("warning:")]
    if warnings:
        out.append('<div class="notebox">%s</div>' % "<br>".join(h(l) for l in warnings))
    out += ["<h2>Runs</h2>"] + compare_runs_html(cmp)
    out += ["<h2>Verdict</h2>", "<pre>%s</pre>" % h("\n".join(l for l in cmp.verdict if l not in warnings))]
    out += ["<h2>Per variant</h2>"] + compare_overview_html(cmp)
    ratios = [p for p in cmp.plots if p.name.startswith("compare-ratios-")]
    if ratios:
        out += ["<h2>Per row</h2>"] + [plot_html(p) for p in ratios]
    out.append("<h2>Rows in every run</h2>")
    for bench in cmp.benches():
        out += compare_bench_html(cmp, bench)
    out += compare_unmeasured_html(cmp)
    out += ['<h2 id="missing">Rows not in every run</h2>'] + compare_missing_html(cmp)
    out.append("<h2>Distributions</h2>")
    if cmp.plot_note:
        out.append('<p class="notebox">%s</p>' % h(cmp.plot_note))
    out += [plot_html(p) for p in cmp.plots if not p.name.startswith("compare-ratios-")]
    out += ['<p class="small">Every run\'s samples pooled over all its CPU pairs or CPUs; each run\'s own '
            "report has the per-pair and per-CPU views.</p>",
            '<h2>Files</h2><ul><li><a href="compare.csv">compare.csv</a>: every row, each run\'s figures in cycles '
            "and ns, the ratios in both, the verdicts and intervals</li>",
            '<li><a href="runs.csv">runs.csv</a>: which folder each letter stands for</li>',
            '<li><a href="verdict.txt">verdict.txt</a>: the verdict as printed</li></ul>',
            '<p class="small">Written by scripts/irqbench-compare at %s.</p>' % h(now), "</body>", "</html>", ""]
    return "\n".join(out)


def compare_md(cmp):
    out = ["# irqbench comparison of %d runs" % len(cmp.runs), "",
           "Run A is the reference; every ratio is run/A (above 1: slower). Rows matched on bench, variant, "
           "apic_mode, src_cpu, dst_cpu. Figures in cycles (time in brackets); ratios of the %s." % (
               "ns, each run at its own TSC frequency" if cmp.unit == "ns" else "cycles (not every run has tsc_hz)"),
           ""]
    for r in cmp.runs:
        out.append("- **%s**: %s (%s, `%s`) %s" % (r.letter, md(r.machine()), md(r.run_id()), r.path,
                                                  " ".join("[%s]" % md(t) for _, t in cmp.badges[r.letter])))
    out += ["", "## Verdict", "", "```"] + cmp.verdict + ["```", ""]
    overview = variant_overview(cmp)
    if overview:
        out += ["## Per variant", "", "| bench | variant | rows |" + "".join(
            " %s/A p50 median | %s vs A p50 | %s vs A p99 |" % (x, x, x) for x in cmp.later),
            "|---|---|--:|" + "--:|---|---|" * len(cmp.later)]
        for bench, variant, n, per_run in overview:
            out.append("| %s | %s | %d |" % (md(bench), md(variant or "(all)"), n) + "".join(
                " %s | %s | %s |" % (sig(per_run[x][0][0]) if per_run[x][0] else "-", per_run[x][1] or "-",
                                      per_run[x][2] or "-") for x in cmp.later))
        out.append("")
    out += compare_md_rows(cmp)
    if cmp.unmeasured:
        out += ["Not measured in a run (%d rows):" % len(cmp.unmeasured), ""]
        out += ["- %s %s: %d%s: %s" % (md(b), md(v), len(cpus), " (%s)" % md(cpu_list(cpus)) if cpu_list(cpus) else "",
                                       md(note)) for b, v, note, cpus in row_groups(cmp.unmeasured, "note")] + [""]
    groups = row_groups(cmp.some, "missing_in", "note")
    if groups:
        out += ["## Rows not in every run (%d)" % len(cmp.some), ""]
        out += ["- %s %s: %d missing in %s%s%s" % (md(b), md(v), len(cpus), m, " (%s)" % md(cpu_list(cpus))
                                                  if cpu_list(cpus) else "", "; " + md(note) if note else "")
                for b, v, m, note, cpus in groups] + [""]
    out += ["## Distributions", ""]
    if cmp.plot_note:
        out += [md(cmp.plot_note), ""]
    for p in cmp.plots:
        out += ["![%s](plots/%s.png)" % (md(p.title), p.name) if p.status == "ok"
                else "Not drawn: %s: %s" % (md(p.title), md(p.note)), ""]
    out.append("Files: compare.csv (every row, figures and ratios in cycles and ns, verdicts), runs.csv, verdict.txt.")
    return "\n".join(out) + "\n"


def compare_md_rows(cmp):
    """The rows in every run, MD_ROWS of each variant at most."""
    if not cmp.every:
        return []
    head = "| bench | variant | CPU |" + "".join(" %s p50 |" % r.letter for r in cmp.runs) + "".join(
        " %s/A p50 | %s p50 |" % (x, x) for x in cmp.later) + "".join(
        " %s/A p99 | %s p99 |" % (x, x) for x in cmp.later)
    out = ["## Rows in every run", "", head, "|---|---|---|" + "--:|" * (len(cmp.runs) + 4 * len(cmp.later))]
    shown, more = {}, {}
    for row in cmp.every:
        key = (row["bench"], row["variant"])
        shown[key] = shown.get(key, 0) + 1
        if shown[key] > MD_ROWS:
            more[key] = more.get(key, 0) + 1
            continue
        cells = [md(row["bench"]), md(row["variant"] or "(all)"), md(cpus_of(row))]
        cells += [md_figure(row, r.letter) for r in cmp.runs]
        for p in ("p50", "p99"):
            cells += [x for l in cmp.later for x in (cmp.ratio(row, l, p) or "-", verdict_of(row, l, p) or "-")]
        out.append("| " + " | ".join(cells) + " |")
    out.append("")
    out += ["(%d more %s %s rows in compare.csv and report.html)" % (n, md(b), md(v)) for (b, v), n in more.items()]
    return out + ([""] if more else [])


def md_figure(row, letter):
    cycles, given = row[letter + "_p50"], row[letter + "_p50_ns"]
    if cycles == "":
        return md(row[letter + "_status"] or "-")
    return "%s (%s)" % (cycles, time_text(float(given))) if given else cycles


def write_compare(out, runs, rows, verdict, plot_list, plot_note):
    """Writes out/report.html and out/report.md of a comparison; returns
    their paths. Raises OSError for a failed write."""
    cmp = Comparison(runs, rows, verdict, plot_list, plot_note)
    now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    paths = os.path.join(out, "report.html"), os.path.join(out, "report.md")
    replace(paths[0], compare_html(cmp, now))
    replace(paths[1], compare_md(cmp))
    return paths
