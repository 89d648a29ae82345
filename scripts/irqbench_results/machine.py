"""The one machine description of a results folder, from meta.csv (and
cpus.csv for the CPU count): "TCG, QEMU Virtual CPU version 2.5+, 4 CPUs,
xAPIC" and the TSC frequency with its source.
"""

HYPERVISORS = (
    ("TCG", "TCG"),
    ("KVM", "KVM guest"),
    ("Microsoft Hv", "Hyper-V guest"),
    ("VMware", "VMware guest"),
    ("XenVMM", "Xen guest"),
)

APIC_MODES = {"xapic": "xAPIC", "x2apic": "x2APIC"}


def platform(meta):
    """The accelerator (QEMU runs), else what CPUID's hypervisor signature
    says (an extracted log: bare metal or the hypervisor), else ''."""
    accel = meta.get("accel", "").lower()
    if accel:
        return accel.upper()
    if "hypervisor" not in meta:
        return ""
    signature = meta["hypervisor"].strip()
    if signature == "":
        return "bare metal"
    for prefix, name in HYPERVISORS:
        if signature.startswith(prefix):
            return name
    return "guest of " + signature


def cpu_count(folder):
    """The CPUs online: meta.csv's cpus_online, else cpus.csv's online
    rows, else the QEMU -smp; None when nothing says."""
    meta = folder.meta
    if meta.get("cpus_online", "") != "":
        return meta["cpus_online"]
    if folder.has("cpus.csv"):
        cpus = folder.table("cpus.csv")
        if cpus.has("online"):
            return str(sum(1 for row in cpus if row["online"] == "1"))
    return meta.get("qemu_smp") or None


def describe(folder):
    """"TCG, QEMU Virtual CPU version 2.5+, 4 CPUs, xAPIC", or "" when
    meta.csv says nothing of the machine."""
    meta = folder.meta
    brand = " ".join(meta.get("cpu_brand", "").split()) or meta.get("qemu_cpu", "")
    parts = [platform(meta), brand]
    n = cpu_count(folder)
    if n is not None:
        parts.append("%s CPU%s" % (n, "" if n == "1" else "s"))
    mode = meta.get("apic_mode", "")  # "xapic+x2apic" in a run --apic both
    parts.append("+".join(APIC_MODES.get(m, m) for m in mode.split("+")) if mode else "")
    return ", ".join(p for p in parts if p)


def tsc(folder):
    """"TSC 2.994 GHz (pit)", or why there are no ns."""
    hz = folder.tsc_hz()
    if hz is None:
        return "TSC frequency unknown: no ns"
    text = "TSC %.3f GHz" % (hz / 1e9)
    source = folder.meta.get("tsc_source", "")
    return text + (" (%s)" % source if source else "")


def lines(folder, width=100):
    """The machine line(s) of a console view, each at most width long."""
    what = describe(folder) or ("unknown (no meta.csv in %s)" % folder.path
                                if not folder.meta else "unknown")
    line = "machine: " + what
    if len(line) > width:
        line = line[:width - 3] + "..."
    both = line + "; " + tsc(folder)
    if len(both) <= width:
        return [both]
    return [line, " " * 9 + tsc(folder)]
