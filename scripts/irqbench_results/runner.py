"""scripts/irqbench's verbs (the script is a launcher for them; plot,
report, compare, summary and spread are locked.py's): the usage text,
the errors every verb shares and their exit status, the paths of the
build, and the dispatch.

Exit status: 0 success; 1 the run or the extraction failed (its folder
holds a FAILED file naming the cause); 2 usage error; 3 build or setup
error, or a folder refused (no results folder was written).

  python3 -m irqbench_results.runner VERB ARG...
"""

import os
import re
import shutil
import signal
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.realpath(__file__))))

USAGE_ERROR, SETUP_ERROR = 2, 3


class Stop(Exception):
    """Ends a verb with an exit status and a message on standard error."""

    status = 1

    def __init__(self, message):
        super().__init__(message)
        self.message = message


class UsageError(Stop):
    status = USAGE_ERROR


class SetupError(Stop):
    status = SETUP_ERROR


def say(text):
    print("irqbench: " + text, flush=True)


def warn(text, me="irqbench"):
    """text on standard error after me, the name of the script started."""
    sys.stdout.flush()
    print("%s: %s" % (me, text), file=sys.stderr, flush=True)


def uint_opt(option, value, low, high, what):
    """value as a whole number from low to high (decimal digits, leading
    zeros allowed, any count of them: the size is judged by the count of
    digits before any arithmetic), or a UsageError saying which it is not."""
    if not re.fullmatch(r"[0-9]+", value):
        raise UsageError("%s wants %s from %d to %d, not '%s'" % (option, what, low, high, value))
    digits = value.lstrip("0") or "0"
    if len(digits) > len(str(high)) or int(digits) > high:
        raise UsageError("%s %s is too large: it wants %s from %d to %d" % (option, value, what, low, high))
    if int(digits) < low:
        raise UsageError("%s wants %s from %d to %d, not '%s'" % (option, what, low, high, value))
    return int(digits)


def cwd():
    """The current folder as the shell names it ($PWD, links kept)."""
    here = os.environ.get("PWD", "")
    try:
        if here.startswith("/") and os.path.samefile(here, "."):
            return here
    except OSError:
        pass
    return os.getcwd()


def abspath(path):
    """path made absolute against cwd(), not normalised: the text a user
    recognises."""
    return path if path.startswith("/") else cwd() + "/" + path


def dirname(path):
    """dirname(1): the folder part of path, "." where it has none."""
    stripped = path.rstrip("/")
    if not stripped:
        return "/" if path else "."
    head = stripped.rpartition("/")[0].rstrip("/")
    if "/" not in stripped:
        return "."
    return head or "/"


class Build:
    """Where the build is (IRQBENCH_BUILD, default build/) and how to make
    what a verb needs (make, unless IRQBENCH_NO_BUILD=1)."""

    def __init__(self, env=None):
        env = os.environ if env is None else env
        self.name = env.get("IRQBENCH_BUILD") or "build"
        self.dir = os.path.join(ROOT, self.name)
        self.elf = os.path.join(self.dir, "irqbench.elf")
        self.iso = os.path.join(self.dir, "irqbench.iso")
        self.extract = os.path.join(self.dir, "tools", "irqbench-extract")
        self.no_build = env.get("IRQBENCH_NO_BUILD") == "1"
        self.qemu = env.get("QEMU") or "qemu-system-x86_64"

    def make(self, *targets):
        if self.no_build:
            need = {"kernel": (self.elf, os.path.isfile), "tools": (self.extract, is_executable),
                    "iso": (self.iso, os.path.isfile)}
            for t in targets:
                path, ok = need[t]
                if not ok(path):
                    raise SetupError("missing %s (IRQBENCH_NO_BUILD=1)" % path)
            return
        sys.stdout.flush()
        if subprocess.call(["make", "-s", "-C", ROOT, "B=" + self.name] + list(targets), stdout=sys.stderr) != 0:
            raise SetupError("build failed: make %s" % " ".join(targets))


def is_executable(path):
    return os.path.isfile(path) and os.access(path, os.X_OK)


def command_path(name):
    """command -v NAME: its path, or "" when it is not found."""
    return shutil.which(name) or ""


def usage_text():
    with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "runner-usage.txt"), encoding="utf-8") as f:
        return f.read()


def cmd_help(argv):
    sys.stdout.write(usage_text())
    return 0


def cmd_lava_job(argv):
    from . import lavajob
    return lavajob.main(argv, Build())


def cmd_extract(argv):
    from . import extract, folders
    locks = folders.Locks()
    try:
        return extract.main(argv, Build(), locks)
    finally:
        locks.release()


def cmd_run(argv):
    """run, or with --repeat N or --apic both one run per boot."""
    from . import folders, run
    if any(a == "--repeat" or a.startswith("--repeat=") for a in argv):
        verb = run.main_repeat
    elif "--apic=both" in argv or any(a == "--apic" and b == "both" for a, b in zip(argv, argv[1:])):
        verb = run.main_both
    else:
        verb = run.main
    locks = folders.Locks()
    try:
        return verb(argv, Build(), locks)
    finally:
        locks.release()


def results_verb(verb):
    """plot, report, compare, summary, spread: locked.py, with their own
    messages and exit status (their scripts' names)."""
    def cmd(argv):
        from . import locked
        return locked.main(verb, argv)
    return cmd


VERBS = {"help": cmd_help, "lava-job": cmd_lava_job, "extract": cmd_extract, "run": cmd_run}
VERBS.update((verb, results_verb(verb)) for verb in ("plot", "report", "compare", "summary", "spread"))


def exit_on_signal(signum, frame):
    """A signal ends the verb through its cleanup, with 128 + its number."""
    raise SystemExit(128 + signum)


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    if hasattr(sys.stdout, "reconfigure"):
        sys.stdout.reconfigure(line_buffering=True)
    if not argv:
        sys.stderr.write(usage_text())
        return USAGE_ERROR
    if argv[0] in ("-h", "--help"):
        argv = ["help"]
    if argv[0] not in VERBS:
        warn("unknown command or option '%s' (expected run, extract, lava-job, plot, report, compare, summary, "
             "spread or help)" % argv[0])
        warn("run 'scripts/irqbench help' for the usage")
        return USAGE_ERROR
    signal.signal(signal.SIGHUP, exit_on_signal)
    signal.signal(signal.SIGTERM, exit_on_signal)
    try:
        return VERBS[argv[0]](argv[1:])
    except UsageError as e:
        warn(e.message)
        warn("run 'scripts/irqbench help' for the usage")
        return e.status
    except Stop as e:
        warn(e.message)
        return e.status
    except BrokenPipeError:
        return 1
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    # Run as "python3 -m irqbench_results.runner": the verbs' modules
    # import this module by its name, so its exceptions are that module's.
    from irqbench_results import runner
    sys.exit(runner.main())
