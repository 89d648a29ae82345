"""scripts/irqbench lava-job: a LAVA job definition (docs/lava.md) from
the templates in lava/, and for --device qemu a device dictionary that
lets lava-run run it on this machine.
"""

import os
import re
import shutil
import sys

from . import media
from .runner import ROOT, SetupError, UsageError, abspath, command_path, dirname, uint_opt, usage_text

KVM_CPU = "qemu64,+x2apic,+tsc-deadline,+invtsc"
TCG_CPU = "qemu64"
# The kernel's own grammar only (docs/cmdline.md): the line goes into YAML
# unquoted.
CMDLINE_CHARS = re.compile(r"[^A-Za-z0-9=,:._ -]")
AWK_NUMBER = re.compile(r"\s*[-+]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][-+]?[0-9]+)?")


def awk_number(text):
    """text as awk reads a number: its leading numeric part, else 0."""
    m = AWK_NUMBER.match(text)
    return float(m.group(0)) if m else 0.0


def plan_minutes(run_dir):
    """Minutes for the test action from a run's plan: twice the measuring
    time plus the link time, rounded up, and two more."""
    path = run_dir + "/plan_summary.csv"
    if not os.path.isfile(path):
        raise SetupError("no plan_summary.csv in %s (a run whose plan was sent)" % run_dir)
    found = {}
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            for line in f:
                fields = line.rstrip("\n").split(",")
                if fields[0] in ("est_run_s", "est_link_s"):
                    found[fields[0]] = fields[1] if len(fields) > 1 else ""
    except OSError as e:
        raise SetupError("cannot read %s: %s" % (path, e.strerror)) from None
    if not found.get("est_run_s") or not found.get("est_link_s"):
        raise SetupError("%s lacks est_run_s or est_link_s" % path)
    seconds = 2 * awk_number(found["est_run_s"]) + awk_number(found["est_link_s"])
    return int((seconds + 59) / 60) + 2


def fill(text, values):
    """Each @KEY@ of text, the first on a line for each key in turn (as
    the sed script before it did), replaced by its value, taken literally."""
    out = []
    for line in text.splitlines(keepends=True):
        for key, value in values:
            line = line.replace("@%s@" % key, value, 1)
        out.append(line)
    return "".join(out)


def read(path):
    try:
        with open(path, encoding="utf-8") as f:
            return f.read()
    except OSError as e:
        raise SetupError("cannot read %s: %s" % (path, e.strerror)) from None


def write(path, text, what):
    try:
        if path is None:
            sys.stdout.write(text)
            sys.stdout.flush()
        else:
            with open(path, "w", encoding="utf-8") as f:
                f.write(text)
    except OSError:
        raise SetupError("cannot write %s" % what) from None


class Options:
    def __init__(self):
        self.device = ""
        self.boot = "iso"
        self.cmdline = ""
        self.accel = "kvm"
        self.smp = 2
        self.url = ""
        self.minutes = 30
        self.out = ""
        self.dict = ""


def parse(argv):
    """The options, each OPTION VALUE; --plan is read where it stands."""
    o = Options()
    i = 0
    while i < len(argv):
        option = argv[i]
        if i + 1 >= len(argv):
            if option in ("-h", "--help"):
                return None
            raise UsageError("lava-job: option %s needs a value" % option)
        value = argv[i + 1]
        if option == "--device":
            o.device = value
        elif option == "--boot":
            o.boot = value
        elif option == "--cmdline":
            o.cmdline = value
        elif option == "--accel":
            o.accel = value
        elif option == "--smp":
            o.smp = uint_opt("--smp", value, 1, 256, "a CPU count")
        elif option == "--url":
            o.url = value
        elif option == "--plan":
            o.minutes = plan_minutes(value)
        elif option == "--minutes":
            o.minutes = uint_opt("--minutes", value, 1, 10080, "minutes")
        elif option == "--out":
            o.out = value
        elif option == "--device-dict":
            o.dict = value
        else:
            raise UsageError("lava-job: unknown option '%s'" % option)
        i += 2
    if o.device not in ("qemu", "ipxe", "grub-efi"):
        raise UsageError("lava-job: --device qemu, ipxe or grub-efi")
    if o.boot not in ("iso", "kernel"):
        raise UsageError("lava-job: --boot iso or kernel")
    if o.accel not in ("tcg", "kvm"):
        raise UsageError("lava-job: --accel tcg or kvm")
    if CMDLINE_CHARS.search(o.cmdline):
        raise UsageError("lava-job: --cmdline holds a character other than letters, digits and = , : . _ -")
    return o


def image_url(o, template, build):
    """--url, else the local file: the ELF, or for the qemu ISO job an ISO
    built beside the job (FILE's folder/irqbench-lava.iso)."""
    if o.url:
        return o.url
    build.make("kernel")
    image = build.elf
    if template == "qemu-iso":
        folder = dirname(o.out) if o.out else "."
        try:
            os.makedirs(folder, exist_ok=True)
        except OSError:
            raise SetupError("cannot create %s" % folder) from None
        if not media.make_iso(folder, o.cmdline, build.elf):
            raise SetupError("cannot make the ISO in %s" % folder)
        try:
            shutil.move(os.path.join(folder, "irqbench.iso"), os.path.join(folder, "irqbench-lava.iso"))
        except OSError:
            raise SetupError("cannot name the ISO") from None
        image = abspath(folder + "/irqbench-lava.iso")
    return "file://" + image


def main(argv, build):
    o = parse(argv)
    if o is None:
        sys.stdout.write(usage_text())
        return 0
    template = "qemu-" + o.boot if o.device == "qemu" else o.device
    url = image_url(o, template, build)
    cpu = TCG_CPU if o.accel == "tcg" else KVM_CPU
    boot_minutes = 3 if o.device == "qemu" else 10
    values = [("JOB_NAME", "irqbench-" + template), ("JOB_MIN", str(o.minutes + boot_minutes + 5)),
              ("TEST_MIN", str(o.minutes)), ("BOOT_MIN", str(boot_minutes)),
              ("NO_KVM", "true" if o.accel == "tcg" else "false"), ("CPU", cpu), ("SMP", str(o.smp)),
              ("CMDLINE", o.cmdline), ("IMAGE_URL", url)]
    job = fill(read(os.path.join(ROOT, "lava", template + ".yaml.in")), values)
    job += fill(read(os.path.join(ROOT, "lava", "monitor.yaml.in")), values)
    write(o.out or None, job, o.out or "the job")
    if not o.dict:
        return 0
    if o.device != "qemu":
        raise UsageError("lava-job: --device-dict is for --device qemu")
    options = "          - -accel %s\n          - -cpu %s\n          - -smp %d" % (o.accel, cpu, o.smp)
    text = read(os.path.join(ROOT, "lava", "devices", "qemu-local.yaml"))
    lines = []
    for line in text.splitlines(keepends=True):
        line = line.replace("@QEMU@", command_path(build.qemu), 1)
        if line.startswith("@QEMU_OPTIONS@"):
            line = options + line[len("@QEMU_OPTIONS@"):]
        lines.append(line)
    write(o.dict, "".join(lines), o.dict)
    return 0
