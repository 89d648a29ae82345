"""Paths and small results folders made up for the tests."""

import csv
import os
import shutil
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
FIXTURES = os.path.join(ROOT, "tests", "fixtures", "results")
REAL = os.path.join(ROOT, "tests", "fixtures", "py", "tcg-smp2")
OLDER = os.path.join(ROOT, "results", "examples", "tcg-smp2")

SUMMARY_HEADER = ("bench,variant,apic_mode,src_cpu,dst_cpu,status,reason,samples,lost,min,p1,p50,"
                  "p90,p99,p999,max,mean,stdev,p50_ns,p99_ns,class").split(",")


def fixture(name):
    return os.path.join(FIXTURES, name)


class FolderCase(unittest.TestCase):
    """A test with a temporary folder, removed afterwards."""

    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="irqbench-py-test.")

    def tearDown(self):
        shutil.rmtree(self.tmp, ignore_errors=True)

    def folder(self, name, tables):
        """A results folder NAME under the temporary folder with TABLES:
        {file: (header, rows)} or {file: text}."""
        path = os.path.join(self.tmp, name)
        os.makedirs(path, exist_ok=True)
        for file, content in tables.items():
            with open(os.path.join(path, file), "w", newline="") as f:
                if isinstance(content, str):
                    f.write(content)
                else:
                    w = csv.writer(f, lineterminator="\n")
                    w.writerow(content[0])
                    w.writerows(content[1])
        return path

    def copy(self, source, name):
        path = os.path.join(self.tmp, name)
        shutil.copytree(source, path)
        return path


def summary_row(bench, variant, src="0", dst="", status="ok", reason="", p50=1000, p99=2000,
                samples=100, lost=0, cls="", hz=2e9, extra=()):
    if status == "skipped":
        return [bench, variant, "xapic", src, dst, status, reason] + [""] * 13 + [cls] + list(extra)
    ns = lambda c: str(round(c * 1e9 / hz))
    return [bench, variant, "xapic", src, dst, status, reason, str(samples), str(lost), str(p50 // 2),
            str(p50 // 2), str(p50), str(p99 - 1), str(p99), str(p99), str(p99), str(p50), "10",
            ns(p50), ns(p99), cls] + list(extra)


META = [("key", "value"), ("tsc_hz", "2000000000"), ("tsc_source", "cpuid 0x15"), ("apic_mode", "xapic"),
        ("accel", "kvm"), ("cpu_brand", "Made-up CPU"), ("irqbench_version", "v1"),
        ("kernel_cmdline", "/x/irqbench.elf samples=100")]


def meta(cpus, **changes):
    rows = [list(r) for r in META] + [["cpus_online", str(cpus)]]
    for key, value in changes.items():
        rows = [r for r in rows if r[0] != key] + [[key, value]]
    return rows[0], rows[1:]
