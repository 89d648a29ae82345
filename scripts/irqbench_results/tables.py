"""The one reader of a results folder: the extractor's CSV tables
(docs/results-schema.md), read by header name.

Every problem with the input is a TableError whose message names the file
(and the line and column where there is one) and what is wrong with it;
the command-line layer prints that message, never a traceback. A table or
column the folder does not have is not an error until a caller requires
it: a folder from an older irqbench lacks tables and columns that later
ones added, and every view says what it could not show.
"""

import csv
import os


class TableError(Exception):
    """A results folder or table that cannot be read as the schema says."""


# The columns a summary row must have to be read at all; later columns
# (class, impossible, ...) are read when present.
SUMMARY_REQUIRED = ("bench", "variant", "status")
SUMMARY_FIGURES = ("min", "p1", "p50", "p90", "p99", "p999", "max", "mean", "stdev")
SUMMARY_INTEGERS = ("samples", "lost") + SUMMARY_FIGURES + ("p50_ns", "p99_ns")


class Row(dict):
    """One CSV row: column name -> text ('' for an empty field or a column
    the table lacks). Knows where it came from, for error messages."""

    def __init__(self, values, path, line):
        super().__init__(values)
        self.path = path
        self.line = line
        self._ints = {}

    def __missing__(self, key):
        return ""

    def where(self):
        return "%s line %d" % (self.path, self.line)

    def int(self, column):
        """The column as an integer, None when empty; a TableError when it
        holds something else (a hand-edited or corrupted table)."""
        if column in self._ints:
            return self._ints[column]
        text = self[column].strip()
        try:
            value = None if text == "" else int(text)
        except ValueError:
            raise TableError("%s: column %s is %r, not an integer"
                             % (self.where(), column, text)) from None
        self._ints[column] = value
        return value


class Table:
    """A CSV table: its path, its header and its rows (Row objects)."""

    def __init__(self, path, header, rows):
        self.path = path
        self.name = os.path.basename(path)
        self.header = header
        self.rows = rows

    def has(self, column):
        return column in self.header

    def __iter__(self):
        return iter(self.rows)

    def __len__(self):
        return len(self.rows)


def read_table(path, required=()):
    """Reads one CSV table with a header row. Raises TableError for a
    missing or unreadable file, an empty one, a row with another number of
    fields than the header (a truncated or hand-edited table), or a
    missing required column (a table from an older irqbench)."""
    try:
        with open(path, newline="", encoding="utf-8", errors="replace") as f:
            lines = list(csv.reader(f))
    except FileNotFoundError:
        raise TableError("%s: no such file" % path) from None
    except OSError as e:
        raise TableError("%s: cannot read: %s" % (path, e.strerror or e)) from None
    except csv.Error as e:
        raise TableError("%s: not a CSV table: %s" % (path, e)) from None
    if not lines or not any(lines[0]):
        raise TableError("%s: empty: no header row" % path)
    header = [h.strip() for h in lines[0]]
    missing = [c for c in required if c not in header]
    if missing:
        raise TableError("%s: no column %s (its header: %s); a folder from an older irqbench?"
                         % (path, ", ".join(missing), ",".join(header)))
    rows = []
    for number, fields in enumerate(lines[1:], start=2):
        if not fields or fields == [""]:
            continue
        if len(fields) != len(header):
            raise TableError("%s line %d: %d fields, the header has %d: a truncated or edited table"
                             % (path, number, len(fields), len(header)))
        rows.append(Row(zip(header, fields), path, number))
    return Table(path, header, rows)


class ResultsFolder:
    """A results folder as the extractor wrote it (results/README.md)."""

    def __init__(self, path):
        if not os.path.isdir(path):
            raise TableError("%s: no such results folder" % path)
        self.path = path
        self._tables = {}
        self.meta = self._read_meta()

    def file(self, name):
        return os.path.join(self.path, name)

    def has(self, name):
        return os.path.isfile(self.file(name))

    def table(self, name, required=()):
        """The table NAME (e.g. "summary.csv"), read once."""
        if name not in self._tables:
            self._tables[name] = read_table(self.file(name), required)
        return self._tables[name]

    def table_or_none(self, name, required=()):
        return self.table(name, required) if self.has(name) else None

    def _read_meta(self):
        if not self.has("meta.csv"):
            return {}
        table = self.table("meta.csv", required=("key", "value"))
        return {row["key"]: row["value"] for row in table}

    def summary(self):
        """The rows of summary.csv (every figure checked to be an integer
        or empty), or None when the folder has none."""
        table = self.table_or_none("summary.csv", required=SUMMARY_REQUIRED)
        if table is None:
            return None
        for row in table:
            for column in SUMMARY_INTEGERS:
                row.int(column)
        return table

    def failed(self):
        """The lines of the FAILED file (the run failed), or None."""
        if not self.has("FAILED"):
            return None
        try:
            with open(self.file("FAILED"), encoding="utf-8", errors="replace") as f:
                return [line.rstrip("\n") for line in f if line.strip()]
        except OSError as e:
            raise TableError("%s: cannot read: %s" % (self.file("FAILED"), e.strerror)) from None

    def tsc_hz(self):
        """meta.csv's tsc_hz as a positive number, else None."""
        try:
            hz = float(self.meta.get("tsc_hz", ""))
        except ValueError:
            return None
        return hz if hz > 0 else None

    def key_value(self, name):
        """A key,value table (plan_summary.csv) as a dict, or None."""
        table = self.table_or_none(name, required=("key", "value"))
        return None if table is None else {row["key"]: row["value"] for row in table}


def series_key(row):
    """The key that names a summary row's series, and the raw and histogram
    rows of the same series: (bench, variant, apic_mode, src_cpu, dst_cpu)."""
    return (row["bench"], row["variant"], row["apic_mode"], row["src_cpu"], row["dst_cpu"])


# The raw sample tables: (file, value column, src column, dst column).
RAW_TABLES = (
    ("ipi.csv", "cycles", "src_cpu", "dst_cpu"),
    ("timer.csv", "lateness_cycles", "cpu", None),
    ("ioapic.csv", "cycles", "src_cpu", "dst_cpu"),
    ("gates.csv", "cycles", "cpu", None),
)


def raw_samples(folder):
    """Every raw sample of the folder, per series: {(bench, variant,
    apic_mode, src, dst): [values]}. Tables without an apic_mode column
    key their series with the folder's apic_mode from meta.csv."""
    series = {}
    mode = folder.meta.get("apic_mode", "")
    for name, value, src, dst in RAW_TABLES:
        table = folder.table_or_none(name, required=("bench", "variant", value, src))
        if table is None:
            continue
        for row in table:
            key = (row["bench"], row["variant"], row["apic_mode"] or mode,
                   row[src], row[dst] if dst else "")
            v = row.int(value)
            if v is not None:
                series.setdefault(key, []).append(v)
    return series


def histograms(folder):
    """hist.csv per series: {key: [(lo, hi, count)]} in ascending order."""
    table = folder.table_or_none("hist.csv", required=(
        "bench", "variant", "apic_mode", "src_cpu", "dst_cpu", "lo_cycles", "hi_cycles", "count"))
    series = {}
    if table is None:
        return series
    for row in table:
        series.setdefault(series_key(row), []).append(
            (row.int("lo_cycles"), row.int("hi_cycles"), row.int("count")))
    return series
