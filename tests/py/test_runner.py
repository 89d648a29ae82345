"""runner.py, media.py, lavajob.py: scripts/irqbench's Python verbs: the
option checks, the quoting, and lava-job's rendering (no build, no QEMU)."""

import contextlib
import io
import os

from common import FolderCase
from irqbench_results import lavajob, media, runner


class Options(FolderCase):
    def test_uint_opt(self):
        self.assertEqual(runner.uint_opt("--smp", "007", 1, 256, "a CPU count"), 7)
        for value, text in (("0", "--smp wants a CPU count from 1 to 256, not '0'"),
                            ("4x", "--smp wants a CPU count from 1 to 256, not '4x'"),
                            ("", "--smp wants a CPU count from 1 to 256, not ''"),
                            ("257", "--smp 257 is too large: it wants a CPU count from 1 to 256"),
                            ("9" * 40, "--smp %s is too large: it wants a CPU count from 1 to 256" % ("9" * 40))):
            with self.assertRaises(runner.UsageError) as e:
                runner.uint_opt("--smp", value, 1, 256, "a CPU count")
            self.assertEqual(e.exception.message, text)

    def test_dirname(self):
        for path, want in (("job.yaml", "."), ("a/b.yaml", "a"), ("/x", "/"), ("a//b/", "a"), ("", ".")):
            self.assertEqual(runner.dirname(path), want, path)

    def test_shq(self):
        self.assertEqual(media.shq("samples=100"), "samples=100")
        self.assertEqual(media.shq("it's x"), "'it'\\''s x'")
        self.assertEqual(media.shq(""), "''")

    def test_grubcfg(self):
        path = os.path.join(self.tmp, "grub.cfg")
        media.write_grubcfg(path, "bench=ipi  samples=5")
        with open(path) as f:
            self.assertIn("\tmultiboot2 /boot/irqbench.elf bench=ipi samples=5\n", f.read())


class LavaJob(FolderCase):
    def job(self, *argv):
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            status = runner.main(["lava-job"] + list(argv))
        return status, out.getvalue(), err.getvalue()

    def test_plan_minutes(self):
        run = self.folder("run", {"plan_summary.csv": "key,value\nest_run_s,100.5\nest_link_s,3\n"})
        self.assertEqual(lavajob.plan_minutes(run), 6)  # 204 s: 4 minutes, and 2 more
        lacking = self.folder("lacking", {"plan_summary.csv": "key,value\nest_run_s,100\n"})
        with self.assertRaises(runner.SetupError) as e:
            lavajob.plan_minutes(lacking)
        self.assertIn("lacks est_run_s or est_link_s", e.exception.message)

    def test_rendered(self):
        status, out, err = self.job("--device", "qemu", "--boot", "kernel", "--accel", "tcg", "--smp", "4",
                                    "--url", "http://lab/x.elf?a=1&b=2", "--minutes", "7",
                                    "--cmdline", "bench=ipi samples=10")
        self.assertEqual((status, err), (0, ""))
        for line in ("job_name: irqbench-qemu-kernel", "    minutes: 15", "  no_kvm: true", "  cpu: qemu64",
                     "  - -smp 4", "http://lab/x.elf?a=1&b=2"):
            self.assertIn(line, out)
        self.assertNotIn("@", out.replace("@irqbench", ""))

    def test_usage_errors(self):
        for argv, text in ((["--device", "foo"], "lava-job: --device qemu, ipxe or grub-efi"),
                           (["--device", "qemu", "--cmdline", "a;b"], "lava-job: --cmdline holds a character"),
                           (["--device"], "lava-job: option --device needs a value"),
                           (["--bogus", "1"], "lava-job: unknown option '--bogus'")):
            status, out, err = self.job(*argv)
            self.assertEqual(status, 2, argv)
            self.assertIn("irqbench: " + text, err)
            self.assertTrue(err.endswith("irqbench: run 'scripts/irqbench help' for the usage\n"), err)

    def test_device_dict(self):
        path = os.path.join(self.tmp, "dict.yaml")
        status, out, err = self.job("--device", "qemu", "--boot", "kernel", "--url", "u", "--accel", "tcg",
                                    "--device-dict", path)
        self.assertEqual(status, 0, err)
        with open(path) as f:
            text = f.read()
        self.assertIn("          - -m 256\n          - -accel tcg\n          - -cpu qemu64\n          - -smp 2\n",
                      text)
        self.assertNotIn("command: @QEMU@", text)


class Folders(FolderCase):
    def test_problems(self):
        from irqbench_results import folders
        self.assertEqual(folders.folder_problem(os.path.join(self.tmp, "new")), "")
        mine = self.folder("mine", {"a.csv": "x\n", ".irqbench-files": "a.csv\n"})
        self.assertEqual(folders.folder_problem(mine), "")
        other = self.folder("other", {"b.txt": "x\n", "a.txt": "y\n"})
        self.assertEqual(folders.folder_problem(other),
                         "it holds 'a.txt' 'b.txt' and no .irqbench-files, so it is not a folder irqbench "
                         "wrote; choose a new or empty folder")
        self.assertEqual(folders.folder_problem(other, "a.txt"),
                         "it holds 'b.txt' and no .irqbench-files, so it is not a folder irqbench "
                         "wrote; choose a new or empty folder")

    def test_lock_taken_over_from_a_dead_process(self):
        from irqbench_results import folders
        target = os.path.join(self.tmp, "x")
        lock = folders.lock_path(target)
        os.mkdir(lock)
        with open(os.path.join(lock, "pid"), "w") as f:
            f.write("999999999\n")
        locks = folders.Locks()
        err = io.StringIO()
        with contextlib.redirect_stderr(err):
            self.assertTrue(locks.take(target))
        self.assertIn("took over the lock of %s from process 999999999, which is gone" % target, err.getvalue())
        other = folders.Locks()
        self.assertFalse(other.take(target))
        self.assertEqual(other.holder, str(os.getpid()))
        locks.release()
        self.assertFalse(os.path.exists(lock))

    def test_finalize_replaces_only_listed(self):
        from irqbench_results import folders
        out = self.folder("out", {"old.csv": "x\n", "capture.log": "log\n", ".irqbench-files": "old.csv\n"})
        work = self.folder("work", {"new.csv": "y\n", "FAILED": "why\n"})
        folders.finalize(work, out)
        self.assertEqual(sorted(os.listdir(out)), [".irqbench-files", "FAILED", "capture.log", "new.csv"])
        with open(os.path.join(out, ".irqbench-files")) as f:
            self.assertEqual(f.read(), "FAILED\nnew.csv\nplots\nreport.html\nreport.md\n")
        self.assertFalse(os.path.exists(work))
        self.assertEqual([n for n in os.listdir(self.tmp) if n.startswith(".irqbench-old")], [])


class Run(FolderCase):
    def test_options(self):
        from irqbench_results import run
        o = run.parse(["--accel=tcg", "--smp", "04", "--bench", "ipi", "--cmdline", "samples=5", "--apic", "xapic",
                       "--qemu-arg", "-M", "--qemu-arg=q35", "--icount"])
        self.assertEqual((o.accel, o.smp, o.extra, o.icount), ("tcg", "4", ["-M", "q35"], True))
        self.assertEqual(o.full_cmdline(), "samples=5 bench=ipi apic=xapic")
        self.assertIsNone(run.parse(["help"]))
        for argv, text in ((["--boot", "usb"], "--boot wants kernel, iso, uefi, ipxe, grub-net or grub-net-uefi, "
                            "not 'usb'"), (["--out"], "option --out needs a value"),
                           (["extra"], "run: unknown option 'extra'"), (["--apic", "both"], "--apic wants auto, "
                            "xapic, x2apic or both, not 'both'")):
            with self.assertRaises(runner.UsageError) as e:
                run.parse(argv)
            self.assertEqual(e.exception.message, text)

    def test_cmdline_length(self):
        from irqbench_results import run
        kpath = "/tmp/irqbench.abcdef/irqbench.elf"
        run.check_cmdline_length("kernel", kpath, "x" * (1023 - len(kpath) - 1))
        with self.assertRaises(runner.UsageError) as e:
            run.check_cmdline_length("kernel", kpath, "x" * (1024 - len(kpath) - 1))
        self.assertIn("would be 1024 bytes (--boot kernel: '%s...'" % (kpath + " xxxxxx"), e.exception.message)

    def test_effective(self):
        from irqbench_results import qemu
        extra = ["-smp", "8,sockets=1,dies=2", "-M", "q35,pit=off", "-cpu", "host", "-machine", "type=microvm"]
        self.assertEqual(qemu.effective("smp", "2", extra), "8")
        self.assertEqual(qemu.effective("machine", "pc", extra), "microvm")
        self.assertEqual(qemu.effective("cpu", "qemu64", extra), "host")
        self.assertEqual(qemu.effective("smp", "2", ["-smp", "cpus=3,maxcpus=4"]), "3")
        self.assertEqual(qemu.effective("smp", "2", ["-smp"]), "2")

    def test_serial_args(self):
        from irqbench_results import qemu
        self.assertEqual(qemu.serial_args("bench=ipi"), (["-serial", "stdio"], False))
        self.assertEqual(qemu.serial_args("serial=com3")[0], ["-serial", "null"] * 2 + ["-serial", "stdio"])
        self.assertEqual(qemu.serial_args("serial=none"), (["-serial", "stdio"], True))
        self.assertEqual(qemu.serial_args("serial=0x3e0")[0][-1], "isa-serial,chardev=irqbench-uart,iobase=0x3e0,irq=4")
        self.assertEqual(qemu.serial_args("serial=0xzz")[0], ["-serial", "stdio"])

    def test_decode(self):
        from irqbench_results import qemu
        log = self.folder("r", {"serial.log": "@irqbench run-begin x\r\n"}) + "/serial.log"
        r = qemu.Runner(None)
        self.assertEqual(qemu.decode(1, 9, log, "q", r, False), (True, "QEMU exit status 1: the kernel completed"))
        self.assertEqual(qemu.decode(9, 9, log, "q", r, False)[1],
                         "QEMU exit status 9: the kernel failed with exit code 4 (a correctness check failed)")
        self.assertEqual(qemu.decode(124, 9, log, "q", r, False)[1], "QEMU killed after 9 s: the kernel did not finish")
        self.assertEqual(qemu.decode(143, 9, log, "q", r, False)[1], "QEMU exit status 143: QEMU died from signal 15")
        self.assertEqual(qemu.decode(2, 9, log, "q", r, False)[1], "QEMU exit status 2: QEMU itself failed")
        empty = self.folder("e", {"serial.log": ""}) + "/serial.log"
        self.assertIn("and no kernel output", qemu.decode(1, 9, empty, "q", r, False)[1])
        r.interrupted = True
        self.assertEqual(qemu.decode(1, 9, log, "q", r, False)[1],
                         "interrupted: QEMU stopped by a signal to scripts/irqbench")

    def test_merge_modes(self):
        from irqbench_results import run
        top = self.folder("both", {})
        for mode in ("xapic", "x2apic"):
            self.folder("both/" + mode, {"summary.csv": "bench,apic_mode,p50\nipi,%s,1\n" % mode,
                                         "timer.csv": "cpu,cycles\n0,5", "meta.csv": "key,value\napic_mode,%s\n" % mode})
        run.merge_modes(top)
        with open(os.path.join(top, "summary.csv")) as f:
            self.assertEqual(f.read(), "bench,apic_mode,p50\nipi,xapic,1\nipi,x2apic,1\n")
        with open(os.path.join(top, "timer.csv")) as f:
            self.assertEqual(f.read(), "cpu,cycles,apic_mode\n0,5,xapic\n0,5,x2apic\n")
        with open(os.path.join(top, "meta.csv")) as f:
            self.assertEqual(f.read(), "key,value\napic_mode,xapic+x2apic\n")

    def test_asks_help(self):
        from irqbench_results import run
        self.assertTrue(run.asks_help(["--accel", "tcg", "--help"]))
        self.assertFalse(run.asks_help(["--cmdline", "--help"]))
        self.assertFalse(run.asks_help(["--smp", "0", "--help"]))
