"""scripts/irqbench extract: verifies and extracts a serial log captured
from any machine (or a LAVA job log holding one, docs/lava.md) into a
results folder, with the C extractor (tools/irqbench-extract); and what
run shares with it: the extractor's verdict, the kernel's verdict lines,
meta.csv's host rows, the FAILED file, and the plots, report and console
summary of a finished folder.
"""

import os
import re
import shutil
import subprocess
import sys
import time

from . import cli, folders, lava, plots, report
from .folders import show_path
from .tables import ResultsFolder, TableError
from .runner import ROOT, SetupError, UsageError, abspath, say, uint_opt, usage_text, warn

EXTRACT_CAUSES = {
    0: "extract: all frames verified",
    1: "extract: usage or I/O error (irqbench-extract exit 1)",
    2: "extract: the log is corrupt or truncated (irqbench-extract exit 2)",
    3: "extract: the kernel reported status=failed (irqbench-extract exit 3)",
}
VERDICT = re.compile(r"^irqbench: (completed|FAILED)")
# What scripts/irqbench writes into a results folder: a log of that name
# cannot be extracted into its own folder (serial.log can: its copy takes
# its place).
OWN_NAMES = re.compile(r"^(.*\.csv|FAILED|qemu\.cmd|qemu\.stderr|uart\.log|debugcon\.log|report\..*|plots|xapic"
                       r"|x2apic|\.irqbench-files.*)$", re.S)


def log_lines(path):
    """The log as text lines: no CR, no NUL; [] when it cannot be read."""
    try:
        with open(path, "rb") as f:
            data = f.read()
    except OSError:
        return []
    return data.replace(b"\r", b"").replace(b"\0", b"").decode("utf-8", "replace").split("\n")


def kernel_verdict(log):
    """The kernel's own verdict lines ("irqbench: completed", "irqbench:
    FAILED ...")."""
    return [line for line in log_lines(log) if VERDICT.match(line)]


def has_line(log, pattern):
    rx = re.compile(pattern)
    return any(rx.search(line) for line in log_lines(log))


def read_text(path):
    """A file's text without its trailing newlines, as $(cat) gives it."""
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            return f.read().rstrip("\n")
    except OSError:
        return ""


class Extraction:
    """One run of the C extractor: its exit status (code), what it means
    (cause) and its report (its FAILED file, else its standard error)."""

    def __init__(self, tool, log, folder, extra=()):
        err = os.path.join(folder, ".extract.err")
        with open(err, "w") as e:
            try:
                self.code = subprocess.call([tool] + list(extra) + [log, folder], stdin=subprocess.DEVNULL,
                                            stdout=subprocess.DEVNULL, stderr=e)
            except OSError:
                self.code = 126
        failed = os.path.join(folder, "FAILED")
        self.report = read_text(failed if os.path.isfile(failed) else err)
        os.remove(err)
        self.cause = EXTRACT_CAUSES.get(self.code, "extract: irqbench-extract exit %d" % self.code)


def csvq(value):
    """value as one CSV field (quoted if it holds , \" or LF)."""
    if "," in value or '"' in value or "\n" in value:
        return '"%s"' % value.replace('"', '""')
    return value


def meta_add(folder, key, value):
    """Appends a row to folder/meta.csv (created if missing)."""
    path = os.path.join(folder, "meta.csv")
    with open(path, "ab") as f:
        if f.tell() == 0:
            f.write(b"key,value\n")
        else:
            with open(path, "rb") as r:
                r.seek(-1, os.SEEK_END)
                if r.read(1) != b"\n":
                    f.write(b"\n")
        f.write(("%s,%s\n" % (key, csvq(value))).encode("utf-8", "surrogateescape"))


def write_failed(folder, causes, log, extraction=None):
    """folder/FAILED: the causes, the kernel's verdict, the extractor's
    report when it failed."""
    lines = [causes] + ["kernel: " + line for line in kernel_verdict(log)]
    if extraction is not None and extraction.code != 0 and extraction.report:
        lines += ["extractor report:"] + ["  " + line for line in extraction.report.split("\n")]
    with open(os.path.join(folder, "FAILED.new"), "w", encoding="utf-8") as f:
        f.write("".join(line + "\n" for line in lines))
    os.replace(os.path.join(folder, "FAILED.new"), os.path.join(folder, "FAILED"))


def present(folder, no_report):
    """Plots and report into folder (under the lock this process holds on
    it), then the main figures on the console, all from one reading of
    its tables; a report that cannot be written is said, never fatal."""
    sys.stdout.flush()
    try:
        results = ResultsFolder(folder)
    except TableError as e:
        warn("no report or summary: %s" % e)
        return
    if no_report:
        say("no plots or report (--no-report): scripts/irqbench report %s makes them" % show_path(folder))
    else:
        try:
            drawn = plots.draw(results)
            report.write(results, drawn, cli.plot_problem(drawn))
        except Exception as e:  # the run is whole without its report
            warn("could not write %s/report.html: %s" % (show_path(folder), e))
    try:
        cli.summarize(results)
    except (TableError, OSError) as e:
        warn("no summary: %s" % e)


def utc_stamp():
    """(ISO 8601 UTC, YYYYmmdd-HHMMSS) of now."""
    now = time.gmtime()
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", now), time.strftime("%Y%m%d-%H%M%S", now)


def mkdirs(path):
    try:
        os.makedirs(path, exist_ok=True)
    except OSError:
        raise SetupError("cannot create %s" % path) from None


def make_work(parent, kind):
    """parent/.irqbench-KIND.PID.tmp, new and empty."""
    work = "%s/.irqbench-%s.%d.tmp" % (parent, kind, os.getpid())
    shutil.rmtree(work, ignore_errors=True)
    try:
        os.mkdir(work)
    except OSError:
        raise SetupError("cannot create %s" % work) from None
    return work


def own_log(log, folder):
    """log's name when it lies in folder itself (a log extracted into its
    own folder stays there), else ''."""
    try:
        log_dir = os.path.realpath(os.path.dirname(log) or ".")
    except OSError:
        return ""
    if log_dir != folder:
        return ""
    keep = log.rpartition("/")[2]
    if keep != "serial.log" and OWN_NAMES.match(keep):
        raise SetupError("cannot extract %s into its own folder: scripts/irqbench writes its own %s there; "
                         "rename the log or choose another folder" % (log, keep))
    return keep


def parse(argv):
    """(--run K or None, --no-report, LOG, DIR or None); None for --help."""
    run, no_report, i = None, False, 0
    while i < len(argv):
        a = argv[i]
        if a == "--run":
            if i + 1 >= len(argv):
                raise UsageError("option --run needs a value")
            run = uint_opt("--run", argv[i + 1], 1, 4294967295, "a run number")
            i += 2
        elif a.startswith("--run="):
            run = uint_opt("--run", a[len("--run="):], 1, 4294967295, "a run number")
            i += 1
        elif a == "--no-report":
            no_report = True
            i += 1
        elif a in ("-h", "--help"):
            return None
        elif a == "--":
            i += 1
            break
        elif a.startswith("-") and len(a) > 1:
            raise UsageError("extract: unknown option '%s'" % a)
        else:
            break
    rest = argv[i:]
    if not 1 <= len(rest) <= 2:
        raise UsageError("extract wants LOG [DIR]")
    return run, no_report, rest[0], rest[1] if len(rest) == 2 else None


def main(argv, build, locks):
    parsed = parse(argv)
    if parsed is None:
        sys.stdout.write(usage_text())
        return 0
    run, no_report, log, out = parsed
    if not (os.path.isfile(log) and os.access(log, os.R_OK)):
        raise SetupError("cannot read the log %s" % log)
    if not (os.path.isfile(build.extract) and os.access(build.extract, os.X_OK)):
        build.make("tools")
    stamp, _ = utc_stamp()
    if out is not None:
        final = folders.final_path(out)
        parent = os.path.dirname(final)
        mkdirs(parent)
        locks.lock_folder(final)
        folders.prepare_final(final, own_log(log, final))
    else:
        parent = os.path.join(ROOT, "results")
        mkdirs(parent)
        final = locks.claim_unique("%s/%s-extract" % (parent, utc_stamp()[1]))
    folders.drop_stale_work(parent)
    work = make_work(parent, "extract")
    locks.temporary.append(work)
    note = ""
    serial = os.path.join(work, "serial.log")
    try:
        is_lava = lava.looks_like_lava(log)
    except OSError:
        is_lava = False
    try:
        if is_lava:
            # A LAVA job log: the target's output in it is the serial log;
            # the job's verdict goes into meta.csv (docs/lava.md).
            shutil.copyfile(log, os.path.join(work, "lava.log"))
        else:
            shutil.copyfile(log, serial)
    except OSError:
        raise SetupError("cannot copy %s" % log) from None
    if is_lava:
        ok, said = lava.convert("target", os.path.join(work, "lava.log"), serial)
        note = "\n".join(said)
        if not ok and not os.path.isfile(serial):
            raise SetupError("cannot read the LAVA log %s: %s" % (log, note))
        if note:
            warn(note)
    extraction = Extraction(build.extract, serial, work, ["--run", str(run)] if run is not None else [])
    for line in kernel_verdict(serial):
        print(line)
    if os.path.isfile(os.path.join(work, "meta.csv")):
        meta_add(work, "run_id", os.path.basename(final))
        meta_add(work, "extract_date", stamp)
        meta_add(work, "source_log", abspath(log))
        if is_lava:
            meta_add(work, "lava_job", (note or "lava: the job passed").replace("\n", " "))
    if extraction.code != 0:
        write_failed(work, extraction.cause, serial, extraction)
    folders.finalize(work, final)
    locks.temporary.remove(work)
    present(final, no_report)
    if extraction.code != 0:
        sys.stdout.flush()
        print("irqbench: FAILED: " + extraction.cause, file=sys.stderr, flush=True)
        print("results: " + show_path(final))
        return 1
    print("results: " + show_path(final))
    return 0
