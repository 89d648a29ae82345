"""QEMU for scripts/irqbench run: the command line for a boot (machine,
firmware, boot medium, the UART the kernel's serial= names, the debug
console, isa-debug-exit), running it under timeout(1) with the progress
display, and what its exit status means (docs/exit-codes.md).
"""

import os
import re
import shutil
import signal
import subprocess
import sys
import time

from . import media
from .extract import has_line

QBOOT = "/usr/share/qemu/qboot.rom"
OVMF_FD = "/usr/share/ovmf/OVMF.fd"
OVMF_PAIRS = (("/usr/share/OVMF/OVMF_CODE.fd", "/usr/share/OVMF/OVMF_VARS.fd"),
              ("/usr/share/OVMF/OVMF_CODE_4M.fd", "/usr/share/OVMF/OVMF_VARS_4M.fd"))
NETBOOT_FILES = {"ipxe": "irqbench.ipxe", "grub-net": "boot/grub/i386-pc/core.0",
                 "grub-net-uefi": "boot/grub/x86_64-efi/core.efi"}
# The kernel's progress lines (a benchmark, a series): the UART has the text
# lines on either output path.
PROGRESS_LINE = re.compile(r"^(bench |ipi |timer |ioapic |gates |smp:|tsc:|selftest )")
BENCH_LINE = re.compile(r"^bench [a-z0-9_]+: running")
KERNEL_CODES = {0: "completed", 1: "panic or unexpected exception", 2: "bad command line",
                3: "boot or hardware setup failed", 4: "a correctness check failed", 5: "a bounded wait timed out"}


def qopt(value):
    """value inside a QEMU option list (-drive, -netdev, -chardev): QEMU
    escapes a comma by doubling it."""
    return value.replace(",", ",,")


def command_text(argv):
    """The command as sh words (qemu.cmd)."""
    return " ".join(media.shq(w) for w in argv)


def opt_main(want, value, old):
    """The main value of a -machine (its type) or -smp (its CPU count)
    option: a first field without '=', or type= / cpus=; -cpu's whole
    value; old when it names none."""
    if want == "cpu":
        return value
    key = "cpus=" if want == "smp" else "type="
    found = ""
    for n, field in enumerate(value.split(",")):
        if n == 0 and "=" not in field:
            found = field
        if field.startswith(key):
            found = field[len(key):]
    return found or old


def effective(want, value, extra):
    """What QEMU ends up with for machine, cpu or smp: the --qemu-arg
    words come last, so their last -machine (-M), -cpu or -smp wins."""
    names = {"machine": ("-machine", "--machine", "-M"), "cpu": ("-cpu", "--cpu"), "smp": ("-smp", "--smp")}[want]
    i = 0
    while i + 1 < len(extra):
        if extra[i] in names:
            value = opt_main(want, extra[i + 1], value)
            i += 1
        i += 1
    return value


def find_ovmf():
    """(code, vars) of a split OVMF where OVMF.fd is absent, else None."""
    for code, variables in OVMF_PAIRS:
        if os.path.isfile(code) and os.path.isfile(variables):
            return code, variables
    return None


def serial_args(cmdline):
    """QEMU arguments that put stdio, and so uart.log, on the UART the
    kernel's serial= names (docs/screen.md): COM2 to COM4 behind null ones,
    any other port as an ISA UART of its own; serial=none keeps COM1 on
    stdio (it must stay silent). A value the kernel refuses leaves COM1,
    where the kernel reports it. Returns (arguments, serial=none)."""
    port = "com1"
    for word in cmdline.split():
        if word.startswith("serial="):
            port = word[len("serial="):]
    nulls = {"com2": 1, "0x2f8": 1, "0x2F8": 1, "com3": 2, "0x3e8": 2, "0x3E8": 2, "com4": 3, "0x2e8": 3, "0x2E8": 3}
    if port in nulls:
        return ["-serial", "null"] * nulls[port] + ["-serial", "stdio"], False
    if port == "none":
        return ["-serial", "stdio"], True
    if port.startswith("0x") and port != "0x" and re.fullmatch(r"0x[0-9a-fA-Fx]*", port):
        return ["-serial", "none", "-chardev", "stdio,id=irqbench-uart",
                "-device", "isa-serial,chardev=irqbench-uart,iobase=%s,irq=4" % port], False
    return ["-serial", "stdio"], False


class Boot:
    """What every boot of a run shares: the QEMU binary, machine, CPU
    count, boot path, -icount, the --qemu-arg words, the kernel's path
    for -kernel and the split OVMF (if any)."""

    def __init__(self, qemu, machine, smp, boot, icount, extra, kpath="", ovmf=None):
        self.qemu, self.machine, self.smp, self.boot = qemu, machine, smp, boot
        self.icount, self.extra, self.kpath, self.ovmf = icount, extra, kpath, ovmf
        self.serial_none = False

    def ovmf_args(self, workdir):
        if os.path.isfile(OVMF_FD):
            return ["-bios", OVMF_FD]
        code, variables = self.ovmf
        shutil.copyfile(variables, os.path.join(workdir, "ovmf-vars.fd"))
        return ["-drive", "if=pflash,format=raw,readonly=on,file=" + qopt(code),
                "-drive", "if=pflash,format=raw,file=" + qopt(os.path.join(workdir, "ovmf-vars.fd"))]

    def command(self, workdir, accel, cpu, cmdline, medium):
        """The QEMU command (a list); sets serial_none. OSError when the
        firmware's variables cannot be copied."""
        q = [self.qemu, "-accel", accel, "-machine", self.machine, "-cpu", cpu, "-smp", self.smp, "-m", "256"]
        if self.boot == "kernel":
            if accel == "kvm":
                q += ["-bios", QBOOT]
            q += ["-kernel", self.kpath] + (["-append", cmdline] if cmdline else [])
        elif self.boot in ("iso", "uefi"):
            q += (self.ovmf_args(workdir) if self.boot == "uefi" else []) + ["-cdrom", medium]
        else:
            if self.boot == "grub-net-uefi":
                q += self.ovmf_args(workdir)
            q += ["-netdev", "user,id=net0,tftp=%s,bootfile=%s" % (qopt(medium), NETBOOT_FILES[self.boot]),
                  "-device", "e1000,netdev=net0", "-boot", "n"]
        serial, self.serial_none = serial_args(cmdline)
        q += serial
        q += ["-chardev", "file,id=irqbench-debugcon,path=" + qopt(os.path.join(workdir, "debugcon.log")),
              "-device", "isa-debugcon,iobase=0xe9,chardev=irqbench-debugcon"]
        q += ["-display", "none", "-no-reboot", "-device", "isa-debug-exit,iobase=0xf4,iosize=0x04"]
        if self.icount:
            q += ["-icount", "shift=0,sleep=off"]
        return q + self.extra

    def make_media(self, folder, cmdline, build):
        """The boot medium (an ISO or a TFTP root; '' for -kernel) and ''
        or the message saying why it could not be made."""
        if self.boot in ("iso", "uefi"):
            if not cmdline and os.path.isfile(build.iso):
                return build.iso, ""
            if media.make_iso(folder, cmdline, build.elf):
                return os.path.join(folder, "irqbench.iso"), ""
            return "", "grub-mkrescue failed: could not build the ISO for the command line (see grub-mkrescue.log)"
        if self.boot in NETBOOT_FILES:
            if media.make_tftp(folder, cmdline, build.elf, self.boot):
                return os.path.join(folder, "tftp"), ""
            return "", "could not build the TFTP root for --boot %s (see grub-mknetdir.log)" % self.boot
        return "", ""


def drop_media(folder):
    """What make_media and the firmware's variables left in folder."""
    for name in ("irqbench.iso", "tftp", "ovmf-vars.fd"):
        path = os.path.join(folder, name)
        if os.path.isdir(path) and not os.path.islink(path):
            shutil.rmtree(path, ignore_errors=True)
        elif os.path.lexists(path):
            os.remove(path)


def tail_lines(path, size=4096):
    """The lines of the last size bytes of path, CRs dropped."""
    try:
        with open(path, "rb") as f:
            f.seek(0, os.SEEK_END)
            f.seek(max(f.tell() - size, 0))
            data = f.read()
    except OSError:
        return []
    return data.replace(b"\r", b"").decode("utf-8", "replace").split("\n")


def last_match(lines, rx):
    found = [line for line in lines if rx.search(line)]
    return found[-1] if found else ""


class Progress:
    """The kernel's progress while QEMU runs: on a terminal a spinner
    with the seconds and the latest progress line; elsewhere (or with
    CI=true) a line as each benchmark starts and the kernel's plan line
    (series k of N, ETA) at most once a minute."""

    def __init__(self, spinner, say):
        self.spinner = spinner
        self.say = say
        self.bench = self.plan = ""
        self.at = 0
        self.turn = 0
        self.shown = False

    def show(self, uart, t0):
        now = int(time.time())
        lines = tail_lines(uart)
        if self.spinner:
            last = last_match(lines, PROGRESS_LINE)[:64]
            sys.stdout.write("\r\033[K  %s %d s  %s" % ("|/-\\"[self.turn % 4], now - t0, last))
            sys.stdout.flush()
            self.shown = True
            self.turn += 1
            return
        bench = last_match(lines, BENCH_LINE)
        if bench and bench != self.bench:
            self.bench, self.at = bench, now
            self.say("%d s: %s" % (now - t0, bench))
        if now - self.at < 60:
            return
        plan = last_match(lines, re.compile(r"^plan: series "))[:100]
        if plan and plan != self.plan:
            self.plan, self.at = plan, now
            self.say("%d s: %s" % (now - t0, plan))

    def clear(self):
        if self.shown:
            sys.stdout.write("\r\033[K")
            sys.stdout.flush()
            self.shown = False


class Runner:
    """Runs QEMU commands; a signal to this process (stop()) ends the
    one running and marks the run interrupted."""

    def __init__(self, progress):
        self.progress = progress
        self.interrupted = False
        self.guest_dead = False
        self.proc = None

    def stop(self, signum=None, frame=None):
        self.interrupted = True
        if self.proc is not None:
            try:
                self.proc.send_signal(signal.SIGTERM)
            except OSError:
                pass

    def run(self, argv, folder, timeout):
        """Runs argv under timeout(1) with the UART's output to
        folder/uart.log, the debug console's to folder/debugcon.log, then
        picks folder/serial.log from them, and QEMU's own messages to
        folder/qemu.stderr; returns the exit status as sh reports it (124
        or 137 after the timeout). A guest that KVM reports dead ("KVM
        internal error": QEMU would sit there until the timeout) is stopped
        at once (guest_dead)."""
        self.guest_dead = False
        uart, stderr = os.path.join(folder, "uart.log"), os.path.join(folder, "qemu.stderr")
        with open(uart, "wb") as out, open(stderr, "wb") as err:
            try:
                self.proc = subprocess.Popen(["timeout", "-k", "5", str(timeout)] + argv,
                                             stdin=subprocess.DEVNULL, stdout=out, stderr=err)
            except OSError:
                self.proc = None
        if self.proc is None:
            status = 127
        else:
            status = self.watch(uart, stderr)
        self.pick_log(folder)
        if os.path.isfile(stderr) and os.path.getsize(stderr) == 0:
            os.remove(stderr)
        return status

    def watch(self, uart, stderr):
        # If this process is killed outright (SIGKILL: no handler runs),
        # stop QEMU anyway within a second rather than leave it running
        # to its timeout.
        watcher = subprocess.Popen(["sh", "-c", 'while kill -0 "$1" 2>/dev/null; do sleep 1; done; '
                                    'kill -TERM "$2" 2>/dev/null', "watch", str(os.getpid()), str(self.proc.pid)],
                                   stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        t0 = int(time.time())
        while self.proc.poll() is None and not self.interrupted:
            if os.path.isfile(stderr) and os.path.getsize(stderr) and has_line(stderr, "^KVM internal error"):
                self.guest_dead = True
                time.sleep(1)  # let QEMU finish its register dump
                self.proc.send_signal(signal.SIGTERM)
                break
            self.progress.show(uart, t0)
            time.sleep(0.2)
        self.progress.clear()
        status = self.proc.wait()
        self.proc = None
        watcher.kill()
        watcher.wait()
        return 128 - status if status < 0 else status

    @staticmethod
    def pick_log(folder):
        """folder/serial.log becomes the capture that holds the kernel's
        stream: the debug console's when it holds a run-begin (the kernel
        took the fast path), else the UART's. The other stays for a
        person: uart.log, or debugcon.log when it holds anything."""
        debugcon = os.path.join(folder, "debugcon.log")
        serial = os.path.join(folder, "serial.log")
        if has_line(debugcon, "^@irqbench run-begin"):
            os.replace(debugcon, serial)
            return
        if os.path.lexists(os.path.join(folder, "uart.log")):
            os.replace(os.path.join(folder, "uart.log"), serial)
        if os.path.isfile(debugcon) and os.path.getsize(debugcon) == 0:
            os.remove(debugcon)


def decode(status, timeout, log, qemu, runner, serial_none):
    """(completed, what the QEMU status means): completed only if the
    kernel reported completion."""
    if runner.interrupted:
        return False, "interrupted: QEMU stopped by a signal to scripts/irqbench"
    if runner.guest_dead:
        return False, ("KVM internal error: the guest died (KVM could not emulate an instruction) and QEMU was "
                       "stopped; see qemu.stderr (a nested KVM that emulates ring 0 cannot run int3/int n there: "
                       "try --accel tcg)")
    fixed = {124: "QEMU killed after %d s: the kernel did not finish" % timeout,
             137: "QEMU killed after %d s: the kernel did not finish (QEMU ignored SIGTERM; SIGKILL 5 s later)"
             % timeout,
             125: "timeout(1) failed (status 125)",
             126: "QEMU (%s) could not be executed (status 126)" % qemu,
             127: "QEMU (%s) not found (status 127)" % qemu,
             0: "QEMU exit status 0: the guest reset or shut down without reporting (for example a triple fault)"}
    if status in fixed:
        return False, fixed[status]
    if status > 128:
        return False, "QEMU exit status %d: QEMU died from signal %d" % (status, status - 128)
    if status % 2 == 0:
        return False, "QEMU exit status %d: QEMU itself failed" % status
    code = (status - 1) // 2
    stderr = os.path.join(os.path.dirname(log), "qemu.stderr")
    if serial_none and os.path.isfile(stderr) and os.path.getsize(stderr):
        with open(stderr, encoding="utf-8", errors="replace") as f:
            first = f.readline().rstrip("\n")
        return False, ("QEMU exit status %d with messages from QEMU (serial=none: no kernel output to tell a "
                       "kernel exit from a QEMU failure): %s" % (status, first))
    if not serial_none and not has_line(log, "^@irqbench run-begin"):
        # QEMU's own errors exit 1 too: no kernel output means QEMU failed.
        return False, "QEMU exit status %d and no kernel output: QEMU itself failed or the kernel never started" % (
            status)
    if code == 0:
        return True, "QEMU exit status 1: the kernel completed"
    return False, "QEMU exit status %d: the kernel failed with exit code %d (%s)" % (
        status, code, KERNEL_CODES.get(code, "unknown exit code"))
