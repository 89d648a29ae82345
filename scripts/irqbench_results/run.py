"""scripts/irqbench run: builds the kernel, boots it under QEMU with a time
limit (KVM when a test boot shows it works, else TCG), keeps the serial
log, verifies and extracts the tables into a results folder, then shows
the main figures; --apic both (one boot per LAPIC mode, every table
merged) and --repeat N (N boots and their run-to-run spread) run it once
per boot.
"""

import os
import random
import re
import shutil
import signal
import string
import subprocess
import sys
import time

from . import folders, qemu
from .extract import (Extraction, kernel_verdict, has_line, make_work, meta_add, mkdirs, present, utc_stamp,
                      write_failed)
from .folders import show_path
from .runner import ROOT, SetupError, UsageError, command_path, say, uint_opt, usage_text, warn

KVM_CPU = "qemu64,+x2apic,+tsc-deadline,+invtsc"
TCG_CPU = "qemu64"
PROBE_TIMEOUT = 30
BOOTS = ("kernel", "iso", "uefi", "ipxe", "grub-net", "grub-net-uefi")
HOW = {"iso": "GRUB ISO (Multiboot2), SeaBIOS", "uefi": "GRUB ISO (Multiboot2), OVMF",
       "ipxe": "network: iPXE script over TFTP (Multiboot1), SeaBIOS",
       "grub-net": "network: GRUB i386-pc netboot over TFTP (Multiboot2), SeaBIOS",
       "grub-net-uefi": "network: GRUB x86_64-efi netboot over TFTP (Multiboot2), OVMF"}
VALUED = ("--accel", "--smp", "--cpu", "--machine", "--boot", "--cmdline", "--bench", "--out", "--timeout",
          "--qemu-arg", "--apic")


class Options:
    def __init__(self):
        self.accel, self.smp, self.cpu, self.machine, self.boot = "auto", "1", "", "pc", "kernel"
        self.cmdline, self.bench = "", None
        self.icount, self.no_report = False, False
        self.out, self.timeout, self.extra, self.apic = "", 1800, [], "auto"

    def full_cmdline(self):
        words = self.cmdline
        if self.bench is not None:
            words += (" " if words else "") + "bench=" + self.bench
        if self.apic != "auto":
            words += (" " if words else "") + "apic=" + self.apic
        return words


def choice(option, value, allowed, text):
    if value not in allowed:
        raise UsageError("%s wants %s, not '%s'" % (option, text, value))
    return value


def parse(argv):
    """The options of run; None for --help."""
    o = Options()
    i = 0
    while i < len(argv):
        a = argv[i]
        if a in VALUED:
            if i + 1 >= len(argv):
                raise UsageError("option %s needs a value" % a)
            option, value = a, argv[i + 1]
            i += 2
        elif "=" in a and a.split("=", 1)[0] in VALUED:
            option, value = a.split("=", 1)
            i += 1
        elif a == "--icount":
            o.icount = True
            i += 1
            continue
        elif a == "--no-report":
            o.no_report = True
            i += 1
            continue
        elif a in ("-h", "--help", "help"):
            return None
        else:
            raise UsageError("run: unknown option '%s'" % a)
        if option == "--accel":
            o.accel = choice("--accel", value, ("auto", "kvm", "tcg"), "auto, kvm or tcg")
        elif option == "--smp":
            o.smp = str(uint_opt("--smp", value, 1, 256, "a number of CPUs"))
        elif option == "--cpu":
            if not value:
                raise UsageError("--cpu wants a CPU model")
            o.cpu = value
        elif option == "--machine":
            o.machine = choice("--machine", value, ("pc", "q35"), "pc or q35")
        elif option == "--boot":
            o.boot = choice("--boot", value, BOOTS, "kernel, iso, uefi, ipxe, grub-net or grub-net-uefi")
        elif option == "--cmdline":
            o.cmdline = value
        elif option == "--bench":
            if not value:
                raise UsageError("--bench wants a list of benchmarks")
            o.bench = value
        elif option == "--out":
            if not value:
                raise UsageError("--out wants a folder")
            o.out = value
        elif option == "--timeout":
            o.timeout = uint_opt("--timeout", value, 1, 2147483647, "a whole number of seconds")
        elif option == "--qemu-arg":
            o.extra.append(value)
        elif option == "--apic":
            o.apic = choice("--apic", value, ("auto", "xapic", "x2apic"), "auto, xapic, x2apic or both")
    return o


def kvm_usable():
    try:
        os.close(os.open("/dev/kvm", os.O_RDWR))
    except OSError:
        return False
    return True


def kernel_path(build, locks):
    """The path QEMU -kernel gets: a link to the ELF in a temporary folder
    of its own, short and without spaces, since QEMU's Multiboot loader
    puts the path in front of the command line (docs/cmdline.md): a space
    in it would split it into two words, and its length counts against
    the kernel's 1023 bytes (/tmp/irqbench.XXXXXX/irqbench.elf)."""
    tmp = os.environ.get("TMPDIR") or "/tmp"
    if re.search(r"[^A-Za-z0-9_./-]", tmp) or len(tmp) >= 33:
        tmp = "/tmp"
    letters = string.ascii_letters + string.digits
    for _ in range(100):
        folder = "%s/irqbench.%s" % (tmp, "".join(random.choice(letters) for _ in range(6)))
        try:
            os.mkdir(folder, 0o700)
        except FileExistsError:
            continue
        except OSError:
            break
        locks.temporary.append(folder)
        try:
            os.symlink(build.elf, folder + "/irqbench.elf")
        except OSError:
            break
        return folder + "/irqbench.elf"
    raise SetupError("cannot make a link to %s in a temporary folder" % build.elf)


def check_cmdline_length(boot, kpath, cmdline):
    """The command line the kernel will see (with the file name QEMU
    -kernel or iPXE puts first) fits its 1023 bytes."""
    seen = {"kernel": kpath + " " + cmdline, "ipxe": "boot/irqbench.elf " + cmdline}.get(boot, cmdline)
    data = seen.encode("utf-8", "surrogateescape")
    if len(data) > 1023:
        raise UsageError("the kernel command line would be %d bytes (--boot %s: '%s...'); the kernel takes at "
                         "most 1023 (docs/cmdline.md)" % (len(data), boot, data[:40].decode("utf-8", "replace")))


def check_tools(o, build):
    """Stops unless QEMU, timeout(1), grub-mknetdir and OVMF (where the
    boot needs them) and /dev/kvm (for --accel kvm) are there; returns the
    split OVMF where OVMF.fd is absent."""
    if not command_path(build.qemu):
        raise SetupError("%s not found (run scripts/deps.sh)" % build.qemu)
    if not command_path("timeout"):
        raise SetupError("timeout (coreutils) not found")
    if o.boot.startswith("grub-net") and not command_path("grub-mknetdir"):
        raise SetupError("grub-mknetdir not found (run scripts/deps.sh)")
    ovmf = None
    if o.boot in ("uefi", "grub-net-uefi") and not os.path.isfile(qemu.OVMF_FD):
        ovmf = qemu.find_ovmf()
        if ovmf is None:
            raise SetupError("no OVMF firmware (%s or /usr/share/OVMF/OVMF_CODE.fd + OVMF_VARS.fd): install "
                             "package ovmf" % qemu.OVMF_FD)
    if o.accel == "kvm" and not kvm_usable():
        raise SetupError("--accel kvm: /dev/kvm cannot be opened read-write")
    return ovmf


def probe_kvm(workdir, o, boot, runner, build):
    """(KVM can run this configuration, why)."""
    if not os.path.exists("/dev/kvm"):
        return False, "auto: /dev/kvm does not exist; using TCG"
    if not kvm_usable():
        return False, "auto: /dev/kvm cannot be opened read-write; using TCG"
    probe = os.path.join(workdir, "accel-probe")
    try:
        os.makedirs(probe, exist_ok=True)
    except OSError:
        return False, ""
    medium, fail = boot.make_media(probe, "bench=none", build)
    if fail:
        return False, "auto: test boot: %s; using TCG" % fail
    try:
        argv = boot.command(probe, "kvm", o.cpu or KVM_CPU, "bench=none", medium)
    except OSError:
        return False, ""
    t0 = int(time.time())
    status = runner.run(argv, probe, PROBE_TIMEOUT)
    t1 = int(time.time())
    with open(os.path.join(probe, "qemu.cmd"), "w", encoding="utf-8") as f:
        f.write(qemu.command_text(argv) + "\n")
    qemu.drop_media(probe)
    log = os.path.join(probe, "serial.log")
    ok, cause = qemu.decode(status, PROBE_TIMEOUT, log, build.qemu, runner, boot.serial_none)
    if ok and has_line(log, r"^@irqbench run-end .*status=ok"):
        return True, ("auto: /dev/kvm opens read-write and a KVM test boot (bench=none, boot %s) completed in %d s"
                      % (o.boot, t1 - t0))
    return False, "auto: KVM test boot (bench=none, boot %s) did not complete: %s; using TCG" % (o.boot, cause)


def qemu_version(binary):
    try:
        out = subprocess.run([binary, "--version"], stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                             stderr=subprocess.DEVNULL).stdout.decode("utf-8", "replace")
    except OSError:
        return ""
    first = out.split("\n", 1)[0]
    prefix = "QEMU emulator version "
    return first[len(prefix):] if first.startswith(prefix) else ""


def uname():
    u = os.uname()
    return "%s %s" % (u.sysname, u.release)


def head_lines(path, n):
    with open(path, encoding="utf-8", errors="replace") as f:
        return "".join(f.readline() for _ in range(n)).rstrip("\n")


def main(argv, build, locks):
    o = parse(argv)
    if o is None:
        sys.stdout.write(usage_text())
        return 0
    r = Run(o, build, locks)
    r.check()
    r.claim()
    r.choose_accel()
    r.boot()
    r.name()
    r.record()
    return r.finish()


class Run:
    """One boot and its results folder, step by step (main)."""

    def __init__(self, o, build, locks):
        self.o, self.build, self.locks = o, build, locks
        self.cmdline = o.full_cmdline()
        self.kpath = ""
        self.causes = ""
        self.status = None
        self.extraction = None

    def check(self):
        """The options, the command line's length, the tools; the build."""
        o = self.o
        if "\n" in self.cmdline:
            raise UsageError("the kernel command line cannot hold a line break")
        if o.icount and o.accel == "kvm":
            raise UsageError("--icount needs TCG (-icount is not available under KVM)")
        if o.boot == "kernel":
            self.kpath = kernel_path(self.build, self.locks)
        check_cmdline_length(o.boot, self.kpath, self.cmdline)
        self.ovmf = check_tools(o, self.build)
        if o.boot in ("iso", "uefi"):
            self.build.make("kernel", "tools", "iso")
        else:
            self.build.make("kernel", "tools")

    def claim(self):
        """--out's lock and the right to replace it; the work folder,
        from which on a signal stops QEMU and fails the run (not this
        process)."""
        self.stamp, self.stamp_id = utc_stamp()
        if self.o.out:
            self.final = folders.final_path(self.o.out)
            self.parent = os.path.dirname(self.final)
        else:
            self.parent = os.path.join(ROOT, "results")
        mkdirs(self.parent)
        if self.o.out:
            self.locks.lock_folder(self.final)
            folders.prepare_final(self.final)
        folders.drop_stale_work(self.parent)
        self.work = make_work(self.parent, "run")
        self.serial = os.path.join(self.work, "serial.log")
        self.progress = qemu.Progress(os.environ.get("CI") != "true" and sys.stdout.isatty(), say)
        self.runner = qemu.Runner(self.progress)
        for s in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
            signal.signal(s, self.runner.stop)
        o = self.o
        self.machine = qemu.Boot(self.build.qemu, o.machine, o.smp, o.boot, o.icount, o.extra, self.kpath, self.ovmf)

    def choose_accel(self):
        """The accelerator and why; then what QEMU runs with, --qemu-arg
        included."""
        o = self.o
        self.accel = o.accel
        if o.accel in ("tcg", "kvm"):
            self.reason = "requested with --accel " + o.accel
        elif o.icount:
            self.accel, self.reason = "tcg", "auto: --icount needs TCG"
        else:
            if self.progress.spinner:
                say("probing KVM (test boot with bench=none, at most %d s)" % PROBE_TIMEOUT)
            usable, self.reason = probe_kvm(self.work, o, self.machine, self.runner, self.build)
            self.accel = "kvm" if usable else "tcg"
            if self.runner.interrupted:
                shutil.rmtree(self.work, ignore_errors=True)
                raise SetupError("interrupted")
        self.cpu = o.cpu or (KVM_CPU if self.accel == "kvm" else TCG_CPU)
        self.qmachine = qemu.effective("machine", o.machine, o.extra)
        self.qcpu = qemu.effective("cpu", self.cpu, o.extra)
        self.qsmp = qemu.effective("smp", o.smp, o.extra)

    def boot(self):
        """The boot medium, QEMU, the extraction; causes says what failed."""
        o = self.o
        how = HOW.get(o.boot) or "QEMU -kernel (Multiboot1), " + ("qboot" if self.accel == "kvm" else "SeaBIOS")
        medium, self.causes = self.machine.make_media(self.work, self.cmdline, self.build)
        say("booting %s (%s), machine %s, accel %s, smp %s, cpu %s%s, cmdline '%s'" % (
            o.boot, how, self.qmachine, self.accel, self.qsmp, self.qcpu, ", icount" if o.icount else "",
            self.cmdline))
        if self.reason != "requested with --accel " + self.accel:
            say("accel: " + self.reason)
        if self.causes:
            return
        try:
            command = self.machine.command(self.work, self.accel, self.cpu, self.cmdline, medium)
        except OSError:
            self.causes = "could not prepare the QEMU command"
            return
        with open(os.path.join(self.work, "qemu.cmd"), "w", encoding="utf-8") as f:
            f.write(qemu.command_text(command) + "\n")
        self.status = self.runner.run(command, self.work, o.timeout)
        qemu.drop_media(self.work)
        ok, cause = qemu.decode(self.status, o.timeout, self.serial, self.build.qemu, self.runner,
                                self.machine.serial_none)
        self.causes = "" if ok else cause
        if self.machine.serial_none:
            say("serial=none: the kernel wrote to no serial port, so there is no log and no table to extract; "
                "QEMU's exit status alone tells how the run ended (%s)" % ("completed" if ok else "failed"))
        else:
            self.extraction = Extraction(self.build.extract, self.serial, self.work)
            if self.extraction.code != 0:
                self.causes += ("\n" if self.causes else "") + self.extraction.cause
            for line in kernel_verdict(self.serial):
                print(line)
        stderr = os.path.join(self.work, "qemu.stderr")
        if self.causes and os.path.isfile(stderr):
            self.causes += "\nqemu.stderr: " + head_lines(stderr, 5)

    def name(self):
        """The folder's name: --out, else the first of RUN_BASE,
        RUN_BASE-2... that no other run has or is about to take."""
        self.run_id = "%s-%s-smp%s" % (self.stamp_id, self.accel, self.qsmp)
        if not self.o.out:
            self.final = self.locks.claim_unique(os.path.join(self.parent, self.run_id))
            self.run_id = os.path.basename(self.final)

    def record(self):
        """The host's rows of meta.csv; FAILED when the run failed (a
        signal after QEMU ended still means the user asked to stop)."""
        for key, value in (("run_id", self.run_id), ("date", self.stamp), ("accel", self.accel),
                           ("accel_reason", self.reason),
                           ("qemu_version", qemu_version(self.build.qemu) or "unknown"),
                           ("qemu_machine", self.qmachine), ("qemu_cpu", self.qcpu), ("qemu_smp", self.qsmp),
                           ("qemu_icount", "on" if self.o.icount else "off"), ("boot_path", self.o.boot),
                           ("host_kernel", uname()),
                           ("qemu_exit_status", "none" if self.status is None else str(self.status))):
            meta_add(self.work, key, value)
        if self.runner.interrupted and not self.causes:
            self.causes = "interrupted: scripts/irqbench got a signal before the results folder was complete"
        if self.causes:
            write_failed(self.work, self.causes, self.serial, self.extraction)
        elif os.path.lexists(os.path.join(self.work, "FAILED")):
            os.remove(os.path.join(self.work, "FAILED"))

    def finish(self):
        """The folder in place, its report and summary, the last line."""
        folders.finalize(self.work, self.final)
        present(self.final, self.o.no_report)
        if self.causes:
            sys.stdout.flush()
            print("irqbench: FAILED: " + self.causes.split("\n")[0], file=sys.stderr, flush=True)
        print("results: " + show_path(self.final))
        return 1 if self.causes else 0


# ---- run --apic both and run --repeat N: one run of this verb per boot ----

class Children:
    """Runs scripts/irqbench run once per boot. A signal meanwhile reaches
    the child too (it ends its run with a FAILED folder); this process
    then stops once the child has ended, with 128 + the signal's number."""

    def __init__(self):
        self.signum = None
        for s in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
            signal.signal(s, self.note)

    def note(self, signum, frame):
        self.signum = signum

    def run(self, args):
        sys.stdout.flush()
        p = subprocess.Popen(["sh", os.path.join(ROOT, "scripts", "irqbench"), "run"] + args)
        while True:
            try:
                status = p.wait()
                break
            except InterruptedError:
                continue
        if self.signum is not None:
            raise SystemExit(128 + self.signum)
        return 128 - status if status < 0 else status


def split_out(argv, drop):
    """(the other arguments, --out's value, whether --out was given, the
    values of the options in drop); --out needs a value."""
    rest, out, given, dropped = [], "", False, {}
    i = 0
    while i < len(argv):
        a = argv[i]
        name = a.split("=", 1)[0]
        if name in drop or name == "--out":
            if "=" in a:
                value = a.split("=", 1)[1]
                i += 1
            else:
                if i + 1 >= len(argv) and (name == "--out" or drop[name]):
                    raise UsageError("option %s needs a value" % a)
                value = argv[i + 1] if i + 1 < len(argv) else ""
                i += 2
            if name == "--out":
                out, given = value, True
            else:
                dropped[name] = value
            continue
        rest.append(a)
        i += 1
    return rest, out, given, dropped


def asks_help(args):
    """Whether run's own parsing would stop at -h, --help or help."""
    try:
        return parse(args) is None
    except UsageError:
        return False


def claim_top(out, default_name, locks):
    """The folder of a run of several boots: out (its lock taken), or
    results/<default_name> claimed."""
    if not out:
        mkdirs(os.path.join(ROOT, "results"))
        return locks.claim_unique(os.path.join(ROOT, "results", default_name))
    final = folders.final_path(out)
    mkdirs(os.path.dirname(final))
    locks.lock_folder(final)
    return final


def is_empty(folder):
    return not os.path.lexists(folder) or (os.path.isdir(folder) and not os.listdir(folder))


def merge_modes(folder):
    """Every table of folder/xapic and folder/x2apic into folder, header
    once, each row naming its mode: tables whose rows carry apic_mode
    (summary, raw samples) as they are, the others (timer, ioapic, gates,
    machine tables) with an apic_mode column added last. meta.csv is the
    xAPIC run's with apic_mode saying both."""
    for mode in ("xapic", "x2apic"):
        sub = os.path.join(folder, mode)
        names = sorted(n for n in os.listdir(sub) if n.endswith(".csv")) if os.path.isdir(sub) else []
        for name in names:
            if name == "meta.csv" or not os.path.isfile(os.path.join(sub, name)):
                continue
            with open(os.path.join(sub, name), "rb") as f:
                lines = f.read().split(b"\n")
            if lines and lines[-1] == b"":
                lines.pop()
            if not lines:
                continue
            add = not re.search(rb"(^|,)apic_mode(,|$)", lines[0])
            target = os.path.join(folder, name)
            first = not os.path.exists(target)
            out = [lines[0] + (b",apic_mode" if add else b"")] if first else []
            out += [line + (b"," + mode.encode() if add else b"") for line in lines[1:]]
            with open(target, "ab") as f:
                f.write(b"".join(line + b"\n" for line in out))
    for mode in ("xapic", "x2apic"):
        meta = os.path.join(folder, mode, "meta.csv")
        if os.path.isfile(meta):
            with open(meta, "rb") as f:
                text = f.read()
            text = re.sub(rb"(?m)^apic_mode,.*$", b"apic_mode,xapic+x2apic", text)
            with open(os.path.join(folder, "meta.csv"), "wb") as f:
                f.write(text)
            break


def main_both(argv, build, locks):
    """run --apic both: one boot per LAPIC mode, each a complete results
    folder (DIR/xapic, DIR/x2apic), then DIR holds every table of both
    concatenated (every raw and summary row names its apic_mode), so that
    one summary, one report and one set of plots show the two modes side
    by side."""
    args, out, _, _ = split_out(argv, {"--apic": False})
    if asks_help(args):
        return main(["--help"], build, locks)
    out = claim_top(out, utc_stamp()[1] + "-apic-both", locks)
    if not is_empty(out):
        raise UsageError("--out %s exists and is not empty" % out)
    mkdirs(out)
    children = Children()
    failed = [mode for mode in ("xapic", "x2apic")
              if children.run(args + ["--apic", mode, "--out", os.path.join(out, mode)]) != 0]
    merge_modes(out)
    if failed:
        with open(os.path.join(out, "FAILED"), "w", encoding="utf-8") as f:
            f.write("the run failed for: %s (see each mode's FAILED)\n" % " ".join(failed))
    folders.write_manifest(out, "plots", "report.html", "report.md")
    present(out, False)
    print("results: " + show_path(out))
    return 1 if failed else 0


def main_repeat(argv, build, locks):
    """run --repeat N: N boots of the same options, each a complete results
    folder DIR/run-K (--apic both included), then the run-to-run spread
    per summary row in DIR/spread.csv and spread.txt (spread.py). The
    first run that fails stops the repeat: DIR/FAILED names it and why;
    the runs before it are kept."""
    from . import cli
    args, out, given, dropped = split_out(argv, {"--repeat": True})
    if asks_help(args):
        return main(["--help"], build, locks)
    count = uint_opt("--repeat", dropped.get("--repeat", ""), 1, 1000, "a number of runs")
    if given and not out:
        raise UsageError("--out wants a folder")
    out = claim_top(out, "%s-repeat%d" % (utc_stamp()[1], count), locks)
    if not is_empty(out):
        raise SetupError("refusing to write into %s: it exists and is not empty (run --repeat writes a new or "
                         "empty folder)" % show_path(out))
    mkdirs(out)
    children = Children()
    failed = None
    for k in range(1, count + 1):
        say("run %d of %d" % (k, count))
        status = children.run(args + ["--out", os.path.join(out, "run-%d" % k)])
        # A usage or setup error (the options, the build) before the first
        # run wrote anything: said by the run; nothing to keep.
        if k == 1 and status in (2, 3) and not os.path.lexists(os.path.join(out, "run-1")):
            os.rmdir(out)
            return status
        if status != 0:
            failed = k
            break
    if failed:
        why = ""
        try:
            with open(os.path.join(out, "run-%d" % failed, "FAILED"), encoding="utf-8", errors="replace") as f:
                why = f.readline().rstrip("\n")
        except OSError:
            pass
        lines = ["run %d of %d failed: %s" % (failed, count, why or "no results folder (see its messages above)")]
        if failed != count:
            lines.append("runs %d to %d were not booted; run-1 to run-%d are kept" % (failed + 1, count, failed))
        with open(os.path.join(out, "FAILED"), "w", encoding="utf-8") as f:
            f.write("".join(line + "\n" for line in lines))
    folders.write_manifest(out, "spread.csv", "spread.txt")
    sys.stdout.flush()
    if cli.main(["spread", out]) != 0 and not failed:
        failed = "spread"
    if failed:
        first = ""
        if os.path.isfile(os.path.join(out, "FAILED")):
            with open(os.path.join(out, "FAILED"), encoding="utf-8", errors="replace") as f:
                first = f.readline().rstrip("\n")
        warn("FAILED: " + (first or "the spread could not be written"))
        print("results: " + show_path(out))
        return 1
    print("results: " + show_path(out))
    return 0
