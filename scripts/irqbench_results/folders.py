"""Results folders: what may be replaced, and by whom, for every verb
(docs/results.md and results/README.md).

A folder irqbench writes lists in .irqbench-files the entries (one name a
line) that it wrote there. Replacing the folder removes or overwrites
only those; a folder holding anything else is refused, and so is a folder
without the list unless it is empty. One writer at a time: a folder is
locked by a sibling folder .NAME.irqbench-lock holding the writer's PID.
"""

import os
import shutil
import time

from .runner import SetupError, abspath, cwd, dirname, warn

MANIFEST = ".irqbench-files"


def entries(folder):
    """The names in folder, dot names included: the others sorted, then
    the dot names sorted (the order of the shell's globs)."""
    names = os.listdir(folder)
    return sorted(n for n in names if not n.startswith(".")) + sorted(n for n in names if n.startswith("."))


def listed(folder):
    """The names folder's manifest lists, or None without one."""
    try:
        with open(os.path.join(folder, MANIFEST), encoding="utf-8", errors="replace") as f:
            return set(line.rstrip("\n") for line in f)
    except FileNotFoundError:
        return None


def exists(path):
    return os.path.lexists(path)


def folder_problem(out, keep=""):
    """Why out may not be written ('' when it may): it does not exist, or
    is a folder holding nothing but what its manifest lists (and keep, a
    log extracted into its own folder)."""
    if not exists(out):
        return ""
    if os.path.islink(out) or not os.path.isdir(out):
        return "it is not a folder"
    names = listed(out)
    foreign = [n for n in entries(out) if n not in (MANIFEST, keep) and (names is None or n not in names)]
    if not foreign:
        return ""
    shown = "".join("'%s' " % n for n in foreign[:4])
    if names is not None:
        return ("it holds %swhich irqbench did not write (it replaces only what %s lists); "
                "move that away or choose another folder" % (shown, MANIFEST))
    return "it holds %sand no %s, so it is not a folder irqbench wrote; choose a new or empty folder" % (
        shown, MANIFEST)


def write_manifest(folder, *later):
    """folder's manifest lists its entries and the names of later (what
    will be written into it afterwards: plots, reports)."""
    names = set(entries(folder)) | set(later)
    names -= {MANIFEST, MANIFEST + ".new"}
    path = os.path.join(folder, MANIFEST)
    with open(path + ".new", "w", encoding="utf-8") as f:
        f.write("".join(n + "\n" for n in sorted(names)))
    os.replace(path + ".new", path)


def physical(path):
    return os.path.realpath(path)


def lock_path(folder):
    """folder's lock, .NAME.irqbench-lock beside it, by its physical path
    (so that results/x/, ./x and /abs/results/x share one)."""
    if os.path.isdir(folder):
        p = physical(folder)
    else:
        p = folder.rstrip("/")
        p = physical(dirname(p)).rstrip("/") + "/" + p.rpartition("/")[2]
    parent, _, name = p.rpartition("/")
    return "%s/.%s.irqbench-lock" % (parent, name)


def alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def read_pid(lock):
    try:
        with open(os.path.join(lock, "pid"), encoding="utf-8", errors="replace") as f:
            return f.read().strip()
    except OSError:
        return ""


class Locks:
    """The locks this process holds and its temporary folders (an
    unfinished extraction, the kernel's short path), all removed by
    release() whatever way the process ends."""

    def __init__(self, me="irqbench"):
        self.me = me  # the script started, which names the warnings
        self.held = []
        self.holder = ""
        self.temporary = []

    def take(self, folder):
        """Takes folder's lock, or sets holder to the PID of the live
        process that has it and returns False. A lock whose process is
        gone (a killed run) is taken over."""
        lock = lock_path(folder)
        self.holder = ""
        for _ in range(3):
            try:
                os.mkdir(lock)
            except FileExistsError:
                pass
            except OSError:
                return False
            else:
                with open(os.path.join(lock, "pid"), "w") as f:
                    f.write("%d\n" % os.getpid())
                self.held.append(lock)
                return True
            self.holder = read_pid(lock)
            if not self.holder:
                time.sleep(1)  # its holder may be between mkdir and writing the PID
                self.holder = read_pid(lock)
            if self.holder.isdigit() and alive(int(self.holder)):
                return False
            if not os.path.isdir(lock):
                continue
            stale = "%s.stale.%d" % (lock, os.getpid())
            try:
                os.rename(lock, stale)
                shutil.rmtree(stale)
            except OSError:
                continue
            warn("took over the lock of %s from process %s, which is gone" % (folder, self.holder or "unknown"),
                 self.me)
        return False

    def hold(self, folder):
        """Whether this process may write folder: the process that started
        it holds folder's lock and says so in IRQBENCH_LOCKED (extract's
        plots, report and summary), or take() takes it (then
        IRQBENCH_LOCKED says so to the processes this one starts)."""
        lock = lock_path(folder)
        if os.environ.get("IRQBENCH_LOCKED") == lock:
            return True
        if not self.take(folder):
            return False
        os.environ["IRQBENCH_LOCKED"] = lock
        return True

    def drop(self, lock):
        shutil.rmtree(lock, ignore_errors=True)
        self.held.remove(lock)

    def release(self):
        for lock in list(self.held):
            self.drop(lock)
        for path in self.temporary:
            shutil.rmtree(path, ignore_errors=True)

    def claim_unique(self, base):
        """base, or base-2, base-3..., the first that does not exist and
        whose lock is free; the lock is taken."""
        n = 1
        while True:
            final = base if n == 1 else "%s-%d" % (base, n)
            n += 1
            if exists(final) or not self.take(final):
                continue
            if not exists(final):
                return final
            self.drop(self.held[-1])

    def lock_folder(self, folder):
        """take(), or a refusal naming the process that writes folder."""
        if not self.take(folder):
            raise SetupError("refusing to write into %s: another scripts/irqbench (process %s) is writing it; "
                             "wait for it to end or choose another folder" % (show_path(folder),
                                                                               self.holder or "unknown"))

    def current(self):
        """The lock taken last (what the summary and report scripts are
        told in IRQBENCH_LOCKED), '' for none."""
        return self.held[-1] if self.held else ""


def show_path(path):
    """path relative to the current folder when it lies under it."""
    here = cwd()
    return path[len(here) + 1:] if path.startswith(here + "/") else path


def final_path(out):
    """out as an absolute path without a trailing / (an existing folder
    as its physical path), so that its name and parent are what they look
    like."""
    if os.path.isdir(out) and not os.path.islink(out) and os.access(out, os.X_OK):
        return physical(out)
    return abspath(out).rstrip("/")


def prepare_final(out, keep=""):
    problem = folder_problem(out, keep)
    if problem:
        raise SetupError("refusing to write into %s: %s" % (show_path(out), problem))


def drop_stale_work(parent):
    """The work folders that killed runs and extractions left in parent
    (their process is gone), and the old entries of a folder whose
    replacement was cut short: they never took a final name, so nothing
    reads them as results; they only take space."""
    try:
        names = sorted(os.listdir(parent))
    except OSError:
        return
    for kind in (".irqbench-run.", ".irqbench-extract.", ".irqbench-old."):
        for name in names:
            if not (name.startswith(kind) and name.endswith(".tmp")):
                continue
            path = os.path.join(parent, name)
            pid = name[:-4].rpartition(".")[2]
            if not os.path.isdir(path) or not pid.isdigit() or alive(int(pid)):
                continue
            shutil.rmtree(path, ignore_errors=True)
            if not exists(path):
                warn("removed %s, the work folder of a run that was killed" % show_path(path))


def finalize(work, out):
    """The finished work folder becomes out, with a manifest naming its
    entries and the plots and reports written later. A new out is work
    renamed. An existing out (checked by prepare_final) is replaced in
    place, so that what it holds besides its manifest's entries (the log
    being extracted) stays, and so does the folder itself (it may be the
    current folder): it says FAILED until every new entry is in, and its
    manifest lists the old and the new entries meanwhile."""
    try:
        write_manifest(work, "plots", "report.html", "report.md")
    except OSError:
        raise SetupError("cannot write %s/%s" % (work, MANIFEST)) from None
    if not exists(out):
        try:
            os.rename(work, out)
        except OSError:
            raise SetupError("cannot rename %s to %s" % (work, out)) from None
        return
    old = "%s/.irqbench-old.%d.tmp" % (dirname(out), os.getpid())
    shutil.rmtree(old, ignore_errors=True)
    try:
        os.mkdir(old)
    except OSError:
        raise SetupError("cannot create %s" % old) from None
    both = (listed(out) or set()) | (listed(work) or set()) | {"FAILED"}
    try:
        with open(os.path.join(out, MANIFEST + ".new"), "w", encoding="utf-8") as f:
            f.write("".join(n + "\n" for n in sorted(both)))
        os.replace(os.path.join(out, MANIFEST + ".new"), os.path.join(out, MANIFEST))
        with open(os.path.join(out, "FAILED.new"), "w", encoding="utf-8") as f:
            f.write("incomplete: scripts/irqbench (process %d) was replacing this folder\n" % os.getpid())
        os.replace(os.path.join(out, "FAILED.new"), os.path.join(out, "FAILED"))
    except OSError:
        raise SetupError("cannot mark %s incomplete" % out) from None
    for name in sorted(both):
        if name in ("", ".", "..", "FAILED", MANIFEST) or "/" in name:
            continue
        if exists(os.path.join(out, name)):
            try:
                os.rename(os.path.join(out, name), os.path.join(old, name))
            except OSError:
                raise SetupError("cannot move the old %s/%s away" % (out, name)) from None
    try:
        for name in entries(work):
            if name not in ("FAILED", MANIFEST):
                os.replace(os.path.join(work, name), os.path.join(out, name))
    except OSError:
        raise SetupError("cannot move the new entries of %s into %s" % (work, out)) from None
    try:
        os.replace(os.path.join(work, MANIFEST), os.path.join(out, MANIFEST))
    except OSError:
        raise SetupError("cannot move %s/%s into %s" % (work, MANIFEST, out)) from None
    if exists(os.path.join(work, "FAILED")):
        os.replace(os.path.join(work, "FAILED"), os.path.join(out, "FAILED"))
    else:
        os.remove(os.path.join(out, "FAILED"))
    os.rmdir(work)
    shutil.rmtree(old, ignore_errors=True)
