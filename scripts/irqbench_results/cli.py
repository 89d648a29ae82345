"""The command line of the results programs: parses, calls, and turns a
TableError into one line on standard error. Exit status: 0 done; 1 the
input could not be read or the output not written (compare: a row slower
than --threshold or --p99-threshold); 2 usage error.

  python3 -m irqbench_results summary [--all | --smi] [--no-json] RUN_DIR
  python3 -m irqbench_results json RUN_DIR [--out FILE]
  python3 -m irqbench_results compare RUN_A RUN_B [...] [--out DIR]
                                      [--ignore-apic] [--threshold PCT]
                                      [--p99-threshold PCT] [--no-report]
  python3 -m irqbench_results spread REPEAT_DIR
  python3 -m irqbench_results plot RUN_DIR
  python3 -m irqbench_results report [--plot | --no-plot] RUN_DIR
"""

import argparse
import os
import sys

from . import jsonout, summary
from .tables import ResultsFolder, TableError

SUMMARY_USAGE = """\
Prints the main figures of RUN_DIR in under 40 lines at any CPU count: the
machine, the run's state, one line per benchmark variant and pair class
(cpus: the rows it covers; p50: the lowest, median and highest of their
p50s, in ns/us/ms; the worst p99 and where; the median p50 and the worst
p99 in TSC cycles; the rows' status), folded by variant family where the
lines would not fit; every failed row (up to 5), the skipped and other
rows folded to one line per reason, the SMIs, and a total line. Colour
only on a terminal without NO_COLOR. Writes RUN_DIR/summary.json
(docs/results-schema.md) unless --no-json.
  --all    one line per row, every failed row and reason
  --smi    only the SMI lines, "BENCH<tab>smi|none|skipped<tab>TEXT"
"""


class Parser(argparse.ArgumentParser):
    """argparse whose usage errors say how to get the usage, exit 2."""

    def error(self, message):
        self.exit(2, "%s: %s\n%s: run \"%s --help\" for the usage\n" % (self.prog, message, self.prog, self.prog))


def open_folder(parser, path):
    if not os.path.isdir(path):
        parser.error("no such results folder: %s" % path)
    return ResultsFolder(path)


def parse_run(argv, prog, usage, modes=(), flags=()):
    """Parses "[--MODE | ...] [--FLAG ...] RUN_DIR" (modes: mutually
    exclusive (option, help) pairs; flags: others); returns the arguments
    and the folder. A missing or absent RUN_DIR is a usage error."""
    p = Parser(prog=prog, description=usage, formatter_class=argparse.RawDescriptionHelpFormatter)
    if modes:  # an empty group breaks argparse's --help (Python 3.11)
        group = p.add_mutually_exclusive_group()
        for option, text in modes:
            group.add_argument(option, action="store_true", help=text)
    for option, text in flags:
        p.add_argument(option, action="store_true", help=text)
    p.add_argument("run", metavar="RUN_DIR", nargs="?")
    args = p.parse_args(argv)
    if args.run is None:
        p.error("missing RUN_DIR (a results folder)")
    return args, open_folder(p, args.run)


def cmd_summary(argv):
    args, folder = parse_run(argv, "irqbench-summary", SUMMARY_USAGE,
                             (("--all", "every row"), ("--smi", "only the SMI lines, tab-separated")),
                             (("--no-json", "do not write RUN_DIR/summary.json"),))
    if args.smi:
        for line in summary.smi_lines(folder):
            print("\t".join(line))
        return 0
    summarize(folder, everything=args.all, json=not args.no_json)
    return 0


def summarize(folder, everything=False, json=True):
    """The console summary of a ResultsFolder, then its summary.json."""
    summary.write(folder, everything=everything)
    if json:
        try:
            jsonout.write(folder)
        except TableError as e:
            print("irqbench-summary: %s (the summary above is complete)" % e, file=sys.stderr)


def cmd_json(argv):
    p = Parser(prog="irqbench-json", description="Writes RUN_DIR/summary.json (or --out FILE, - for "
               "standard output): docs/results-schema.md, summary.json.")
    p.add_argument("run", metavar="RUN_DIR")
    p.add_argument("--out", metavar="FILE")
    args = p.parse_args(argv)
    folder = open_folder(p, args.run)
    if args.out == "-":
        sys.stdout.write(jsonout.dumps(jsonout.document(folder)))
    else:
        print(jsonout.write(folder, args.out))
    return 0


def cmd_compare(argv):
    from . import compare
    return compare.main(argv, Parser)


SPREAD_USAGE = """\
Reads REPEAT_DIR/run-1 .. run-N, the runs of "scripts/irqbench run
--repeat N", and writes REPEAT_DIR/spread.csv (one row per summary row
key: each run's status, p50 and p99, and over the runs where the row is
ok the lowest, median and highest p50 and p99 with the relative range
(max - min) / |median|; rows not ok in some run marked, with the runs and
why) and spread.txt, the console view it prints (under 40 lines).
"""


def cmd_spread(argv):
    from . import spread
    p = Parser(prog="irqbench-spread", description=SPREAD_USAGE,
               formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("dir", metavar="REPEAT_DIR")
    args = p.parse_args(argv)
    if not os.path.isdir(args.dir):
        p.error("no such folder: %s" % args.dir)
    spread.write(args.dir)
    return 0


PLOT_USAGE = """\
Draws RUN_DIR/plots/NAME.png with gnuplot, the script that drew each as
NAME.gp beside it (run "gnuplot NAME.gp" in plots/ to draw it again), and
RUN_DIR/plots/index.csv listing every plot and every plot not drawn with
the input it lacked (docs/results.md). Every PNG is at most 2400 px square.
Exit status 1 when gnuplot failed on a plot or is not installed.
"""

REPORT_USAGE = """\
Writes RUN_DIR/report.html and RUN_DIR/report.md: trust badges, the key
figures per benchmark, variant and topology class, the rows not measured
(one line per reason), the per-row tables, the plots with how they were
taken, the machine (docs/results.md). Draws the plots first when
RUN_DIR/plots/index.csv does not exist; --plot draws them again in any
case, --no-plot never.
"""


def plot_problem(plots):
    """The first gnuplot failure of a plot list, or ''."""
    errors = [p for p in plots if p.status in ("error", "unreadable")]
    if not errors:
        return ""
    return "%d plot%s not drawn: %s" % (len(errors), "" if len(errors) == 1 else "s", errors[0].note)


def cmd_plot(argv):
    from . import plots
    args, folder = parse_run(argv, "irqbench-plot", PLOT_USAGE)
    drawn = plots.draw(folder)
    problem = plot_problem(drawn)
    print("plots: %d drawn in %s" % (sum(1 for x in drawn if x.status == "ok"), os.path.join(args.run, "plots")))
    if problem:
        print("irqbench-plot: " + problem, file=sys.stderr)
        return 1
    return 0


def cmd_report(argv):
    from . import plots, report
    args, folder = parse_run(argv, "irqbench-report", REPORT_USAGE,
                             (("--plot", "draw the plots again"), ("--no-plot", "never draw the plots")))
    listed = None if args.plot else plots.read_index(folder)
    note = ""
    if listed is None and not args.no_plot:
        listed = plots.draw(folder)
        note = plot_problem(listed)
    elif listed is None:
        note = "No plots: %s does not exist (run scripts/irqbench-plot, or this script without --no-plot)." % (
            os.path.join(args.run, "plots", "index.csv"))
    html_path, md_path = report.write(folder, listed, note)
    print("report: %s, %s" % (html_path, md_path))
    return 0


VERBS = {"summary": cmd_summary, "json": cmd_json, "compare": cmd_compare, "spread": cmd_spread,
         "plot": cmd_plot, "report": cmd_report}


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    if not argv or argv[0] not in VERBS:
        print("usage: python3 -m irqbench_results {%s} ..." % "|".join(VERBS), file=sys.stderr)
        return 2
    try:
        return VERBS[argv[0]](argv[1:])
    except TableError as e:
        print("irqbench-%s: %s" % (argv[0], e), file=sys.stderr)
        return 1
    except BrokenPipeError:
        return 1
    except OSError as e:
        print("irqbench-%s: %s: %s" % (argv[0], e.filename or "", e.strerror or e), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
