"""The command line of the results programs: parses, calls, and turns a
TableError into one line on standard error. Exit status: 0 done; 1 the
input could not be read or the output not written (compare: a row slower
than --threshold); 2 usage error.

  python3 -m irqbench_results summary [--all | --smi] [--no-json] RUN_DIR
  python3 -m irqbench_results json RUN_DIR [--out FILE]
  python3 -m irqbench_results compare RUN_A RUN_B [...] [--out DIR]
                                      [--ignore-apic] [--threshold PCT]
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


def cmd_summary(argv):
    p = Parser(prog="irqbench-summary", description=SUMMARY_USAGE,
               formatter_class=argparse.RawDescriptionHelpFormatter)
    mode = p.add_mutually_exclusive_group()
    mode.add_argument("--all", action="store_true", help="every row")
    mode.add_argument("--smi", action="store_true", help="only the SMI lines, tab-separated")
    p.add_argument("--no-json", action="store_true", help="do not write RUN_DIR/summary.json")
    p.add_argument("run", metavar="RUN_DIR", nargs="?")
    args = p.parse_args(argv)
    if args.run is None:
        p.error("missing RUN_DIR (a results folder)")
    folder = open_folder(p, args.run)
    if args.smi:
        for line in summary.smi_lines(folder):
            print("\t".join(line))
        return 0
    summary.write(folder, everything=args.all)
    if not args.no_json:
        try:
            jsonout.write(folder)
        except TableError as e:
            print("irqbench-summary: %s (the summary above is complete)" % e, file=sys.stderr)
    return 0


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


VERBS = {"summary": cmd_summary, "json": cmd_json, "compare": cmd_compare}


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
    except KeyboardInterrupt:
        return 130
