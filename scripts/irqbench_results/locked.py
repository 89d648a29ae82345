"""The results verbs that write into a folder, under its lock (folders.py),
as scripts/irqbench-plot, -report, -summary, -compare and "scripts/irqbench
spread" run them: the lock is taken here, then cli.py does the work in
this process, so that the lock names the PID of the script the user
started (each script execs python3).

Exit status: cli.py's (0 done; 1 an input could not be read or an output
not written; 2 usage error), and 2 when the folder is being written by
another irqbench (plot, report, spread) or compare's DIR is refused;
summary then prints without writing summary.json.
"""

import os
import signal
import time

from . import cli, folders
from .extract import mkdirs
from .runner import ROOT, Stop, UsageError, dirname, warn

COMPARE_WRITES = ("compare.csv", "runs.csv", "verdict.txt", "plots", "report.html", "report.md",
                  "fleet.csv", "fleet.txt")


def exit_130(signum, frame):
    """HUP and TERM end the verb through its cleanup, as an interrupt."""
    raise SystemExit(130)


def last_operand(argv):
    """The last argument that is not an option: the folder named."""
    operands = [a for a in argv if not a.startswith("-")]
    return operands[-1] if operands else ""


def wants_help(argv):
    return any(a in ("-h", "--help") for a in argv)


def run_locked(verb, argv, locks):
    """plot, report, spread: the folder's lock held, or exit 2."""
    if wants_help(argv):
        return cli.main([verb, "--help"])
    run = last_operand(argv)
    if os.path.isdir(run) and not locks.hold(run):
        warn("%s is being written by another irqbench (process %s); wait for it to end"
             % (run, locks.holder or "unknown"), locks.me)
        return 2
    return cli.main([verb] + argv)


def summary(argv, locks):
    """summary: summary.json written under the folder's lock, or not
    written (--no-json) when another irqbench holds it."""
    run = last_operand(argv)
    json = not any(a in ("--no-json", "--smi", "-h", "--help") for a in argv)
    if json and os.path.isdir(run) and not locks.hold(run):
        why = "cannot take its lock"
        if locks.holder:
            why = "another irqbench (process %s) is writing the folder" % locks.holder
        warn("not writing %s/summary.json: %s" % (run, why), locks.me)
        argv = ["--no-json"] + argv
    return cli.main(["summary"] + argv)


def out_of(argv):
    """The --out of the command line ('' for none), read as the shell
    script that claimed it did: the last one, none after "--"."""
    out = ""
    i = 0
    while i < len(argv) and argv[i] != "--":
        if argv[i] == "--out" and i + 1 < len(argv):
            out = argv[i + 1]
            i += 1
        elif argv[i].startswith("--out="):
            out = argv[i].partition("=")[2]
        i += 1
    return out


def claim_compare(out, locks):
    """compare's output folder, locked: --out DIR when it is new or one
    irqbench wrote (folders.folder_problem), else results/compare-<UTC>.
    A Stop when it may not be written (compare exits 2 for any)."""
    if not out:
        results = os.path.join(ROOT, "results")
        mkdirs(results)
        return locks.claim_unique(os.path.join(results, time.strftime("compare-%Y%m%d-%H%M%S", time.gmtime())))
    out = out[:-1] if out.endswith("/") else out
    mkdirs(dirname(out))
    if not locks.take(out):
        raise UsageError("refusing to write into %s: another irqbench (process %s) is writing it; "
                      "wait for it to end or choose another folder" % (out, locks.holder or "unknown"))
    problem = folders.folder_problem(out)
    if problem:
        raise UsageError("refusing to write into %s: %s" % (out, problem))
    return out


def compare(argv, locks):
    """compare: usage errors before any folder is claimed, then the
    claimed folder's manifest names what compare writes, then compare."""
    status = cli.main(["compare", "--check-usage"] + argv)
    if status != 0 or wants_help(argv):
        return status
    try:
        out = claim_compare(out_of(argv), locks)
    except Stop as e:
        warn(e.message, locks.me)
        return 2
    try:
        os.makedirs(out, exist_ok=True)
    except OSError:
        warn("cannot create %s" % out, locks.me)
        return 1
    try:
        folders.write_manifest(out, *COMPARE_WRITES)
    except OSError as e:
        warn("cannot write %s/%s: %s" % (out, folders.MANIFEST, e.strerror or e), locks.me)
        return 1
    os.environ["IRQBENCH_LOCKED"] = locks.current()
    return cli.main(["compare"] + argv + ["--out", out])


def main(verb, argv):
    """verb (plot, report, spread, summary, compare) as its script runs it."""
    signal.signal(signal.SIGHUP, exit_130)
    signal.signal(signal.SIGTERM, exit_130)
    locks = folders.Locks("irqbench-" + verb)
    try:
        if verb == "summary":
            return summary(argv, locks)
        if verb == "compare":
            return compare(argv, locks)
        return run_locked(verb, argv, locks)
    finally:
        locks.release()
