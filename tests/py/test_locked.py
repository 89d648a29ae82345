"""folders.py's locks and claims, and locked.py: the results verbs that
write into a folder only under its lock, refusing as their scripts say
(results/README.md, docs/exit-codes.md)."""

import contextlib
import io
import os
import shutil
import signal

from common import OLDER, FolderCase
from irqbench_results import folders, locked


class LockCase(FolderCase):
    """A test that may set IRQBENCH_LOCKED (Locks.hold does) and the
    signal handlers (locked.main does), restored."""

    def setUp(self):
        super().setUp()
        self.saved = os.environ.pop("IRQBENCH_LOCKED", None)
        self.handlers = [(s, signal.getsignal(s)) for s in (signal.SIGHUP, signal.SIGTERM)]

    def tearDown(self):
        os.environ.pop("IRQBENCH_LOCKED", None)
        if self.saved is not None:
            os.environ["IRQBENCH_LOCKED"] = self.saved
        for signum, handler in self.handlers:
            signal.signal(signum, handler)
        super().tearDown()

    def held_elsewhere(self, folder):
        """folder's lock, held by a Locks of its own (this process)."""
        other = folders.Locks()
        self.assertTrue(other.take(folder))
        self.addCleanup(other.release)
        return other

    def run_verb(self, verb, argv):
        """(exit status, stdout, stderr) of locked.main(verb, argv)."""
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                status = locked.main(verb, argv)
            except SystemExit as e:
                status = e.code
        return status, out.getvalue(), err.getvalue()


class Locks(LockCase):
    def test_one_lock_whatever_the_spelling(self):
        run = self.folder("run", {})
        want = os.path.join(os.path.realpath(self.tmp), ".run.irqbench-lock")
        for spelling in (run, run + "/", os.path.join(self.tmp, ".", "run")):
            self.assertEqual(folders.lock_path(spelling), want, spelling)
        self.assertEqual(folders.lock_path(os.path.join(self.tmp, "new/")),
                         os.path.join(os.path.realpath(self.tmp), ".new.irqbench-lock"))

    def test_one_writer(self):
        run = self.folder("run", {})
        self.held_elsewhere(run)
        locks = folders.Locks()
        self.assertFalse(locks.take(run))
        self.assertEqual(locks.holder, str(os.getpid()))
        self.assertEqual(locks.held, [])

    def test_takeover_warning_names_the_script(self):
        target = os.path.join(self.tmp, "x")
        os.mkdir(folders.lock_path(target))
        with open(os.path.join(folders.lock_path(target), "pid"), "w") as f:
            f.write("999999999\n")
        err = io.StringIO()
        locks = folders.Locks("irqbench-plot")
        with contextlib.redirect_stderr(err):
            self.assertTrue(locks.take(target))
        locks.release()
        self.assertEqual(err.getvalue(), "irqbench-plot: took over the lock of %s from process 999999999, "
                                         "which is gone\n" % target)

    def test_hold_trusts_the_starting_process(self):
        run = self.folder("run", {})
        self.held_elsewhere(run)
        locks = folders.Locks()
        self.assertFalse(locks.hold(run))
        os.environ["IRQBENCH_LOCKED"] = folders.lock_path(run)
        self.assertTrue(locks.hold(run))
        self.assertEqual(locks.held, [])

    def test_hold_tells_the_processes_started(self):
        run = self.folder("run", {})
        locks = folders.Locks()
        self.assertTrue(locks.hold(run))
        self.assertEqual(os.environ["IRQBENCH_LOCKED"], folders.lock_path(run))
        locks.release()
        self.assertFalse(os.path.exists(folders.lock_path(run)))

    def test_claim_unique_skips_taken_names(self):
        base = os.path.join(self.tmp, "compare-1")
        os.mkdir(base)
        self.held_elsewhere(base + "-2")
        locks = folders.Locks()
        self.assertEqual(locks.claim_unique(base), base + "-3")
        self.assertEqual(locks.held, [folders.lock_path(base + "-3")])
        locks.release()


class Verbs(LockCase):
    def copy(self, name="run"):
        path = os.path.join(self.tmp, name)
        shutil.copytree(OLDER, path)
        return path

    def test_refused_while_locked(self):
        """plot, report, spread exit 2; summary prints, without summary.json."""
        run = self.copy()
        self.held_elsewhere(run)
        busy = "%s is being written by another irqbench (process %d); wait for it to end\n" % (run, os.getpid())
        for verb, status, err in (
                ("plot", 2, "irqbench-plot: " + busy),
                ("report", 2, "irqbench-report: " + busy),
                ("spread", 2, "irqbench-spread: " + busy),
                ("summary", 0, "irqbench-summary: not writing %s/summary.json: another irqbench (process %d) "
                               "is writing the folder\n" % (run, os.getpid()))):
            got = self.run_verb(verb, [run])
            self.assertEqual((got[0], got[2]), (status, err), verb)
        self.assertEqual(sorted(os.listdir(run)), sorted(os.listdir(OLDER)))

    def test_report_under_the_lock_of_its_starter(self):
        run = self.copy()
        self.held_elsewhere(run)
        os.environ["IRQBENCH_LOCKED"] = folders.lock_path(run)
        status, out, err = self.run_verb("report", ["--no-plot", run])
        self.assertEqual((status, err), (0, ""))
        self.assertIn("report: ", out)

    def test_summary_writes_json_and_releases(self):
        run = self.copy()
        status, out, err = self.run_verb("summary", [run])
        self.assertEqual(status, 0)
        self.assertTrue(os.path.exists(os.path.join(run, "summary.json")))
        self.assertFalse(os.path.exists(folders.lock_path(run)))

    def test_help_takes_no_lock(self):
        for verb in ("plot", "report", "spread", "summary", "compare"):
            status, out, err = self.run_verb(verb, ["--help"])
            self.assertEqual((status, err), (0, ""), verb)
            self.assertTrue(out.startswith("usage: irqbench-" + verb), verb)

    def test_out_of(self):
        self.assertEqual(locked.out_of(["a", "b"]), "")
        self.assertEqual(locked.out_of(["--out", "x", "--out=y/"]), "y/")
        self.assertEqual(locked.out_of(["--out", "x", "--", "--out", "z"]), "x")

    def test_compare_refusals(self):
        a, b = self.copy("a"), self.copy("b")
        out = self.folder("c", {"notes.txt": "mine\n"})
        status, _, err = self.run_verb("compare", [a, b, "--out", out + "/", "--no-report"])
        self.assertEqual(status, 2)
        self.assertEqual(err, "irqbench-compare: refusing to write into %s: it holds 'notes.txt' and no "
                              ".irqbench-files, so it is not a folder irqbench wrote; choose a new or empty "
                              "folder\n" % out)
        self.assertFalse(os.path.exists(folders.lock_path(out)))
        new = os.path.join(self.tmp, "new")
        self.held_elsewhere(new)
        status, _, err = self.run_verb("compare", [a, b, "--out", new])
        self.assertEqual(status, 2)
        self.assertEqual(err, "irqbench-compare: refusing to write into %s: another irqbench (process %d) is "
                              "writing it; wait for it to end or choose another folder\n" % (new, os.getpid()))
        self.assertFalse(os.path.exists(new))

    def test_compare_lists_what_it_writes(self):
        a, b = self.copy("a"), self.copy("b")
        out = os.path.join(self.tmp, "deep", "c")
        status, text, err = self.run_verb("compare", [a, b, "--out", out, "--no-report"])
        self.assertEqual((status, err), (0, ""))
        self.assertEqual(text.splitlines()[-1], "compare: %s" % out)
        self.assertEqual(folders.folder_problem(out), "")
        self.assertEqual(sorted(folders.listed(out)), sorted(locked.COMPARE_WRITES))
        self.assertFalse(os.path.exists(folders.lock_path(out)))
