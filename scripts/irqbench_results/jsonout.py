"""summary.json: a results folder's summary rows, meta, plan and run
status in one versioned JSON document (docs/results-schema.md,
"summary.json"), for programs that would rather not parse CSV.
"""

import json
import os
import tempfile

from . import machine
from .summary import ROW_STATUSES, count_by
from .tables import SUMMARY_FIGURES, TableError

SCHEMA = "irqbench-summary"
SCHEMA_VERSION = 1

# The columns every row object has (null when empty); any other column of
# summary.csv (one a later irqbench adds) goes into the row's "extra".
KEY_COLUMNS = ("bench", "variant", "apic_mode", "src_cpu", "dst_cpu", "class", "status", "reason")
COUNT_COLUMNS = ("samples", "lost")
NS_COLUMNS = ("p50_ns", "p99_ns")

UNITS = {
    "cycles": "TSC cycles, signed integers, as the kernel computed them (docs/statistics.md)",
    "ns": "nanoseconds, integers, as the kernel sent them (cycles * 1e9 / tsc_hz)",
    "samples": "samples kept (warm-up excluded)",
    "lost": "samples that never completed",
}


def _int_or_text(text):
    try:
        return int(text)
    except ValueError:
        return text


def _number(x):
    return int(x) if x is not None and x == int(x) else x


def _cpu(text):
    return None if text == "" else _int_or_text(text)


def row_object(row, header):
    obj = {}
    for column in KEY_COLUMNS:
        obj[column] = _cpu(row[column]) if column.endswith("_cpu") else (row[column] or None)
    for column in COUNT_COLUMNS:
        obj[column] = row.int(column)
    obj["cycles"] = {c: row.int(c) for c in SUMMARY_FIGURES}
    obj["ns"] = {c[:-3]: row.int(c) for c in NS_COLUMNS}
    known = set(KEY_COLUMNS + COUNT_COLUMNS + SUMMARY_FIGURES + NS_COLUMNS)
    obj["extra"] = {c: row[c] for c in header if c not in known}
    return obj


def plan_object(folder):
    table = folder.table_or_none("plan.csv")
    summary = folder.key_value("plan_summary.csv")
    if table is None and summary is None:
        return None
    return {
        "summary": None if summary is None else {k: _int_or_text(v) for k, v in summary.items()},
        "series": None if table is None else [
            {c: (None if row[c] == "" else _int_or_text(row[c])) for c in table.header} for row in table],
    }


def checks_object(folder):
    """checks.csv (the kernel's cross-row checks, docs/results-schema.md) as
    a list of objects, column to text, empty fields null; None without it."""
    table = folder.table_or_none("checks.csv", required=("check", "subject", "verdict"))
    if table is None:
        return None
    return [{c: (row[c] or None) for c in table.header} for row in table]


def document(folder):
    """The summary.json document of a folder, as a dict."""
    table = folder.summary()
    rows = [] if table is None else [row_object(r, table.header) for r in table]
    counts = count_by(rows, "status", ROW_STATUSES)
    failed = folder.failed()
    return {
        "schema": SCHEMA,
        "schema_version": SCHEMA_VERSION,
        "folder": os.path.basename(os.path.normpath(folder.path)),
        "run": {
            "status": "failed" if failed is not None else "complete",
            "failed_reasons": failed or [],
            "has_summary": table is not None,
            "row_counts": counts,
            "lost": sum(r["lost"] or 0 for r in rows),
        },
        "machine": {
            "description": machine.describe(folder),
            "cpus_online": _cpu(machine.cpu_count(folder) or ""),
            "tsc_hz": _number(folder.tsc_hz()),
            "tsc_source": folder.meta.get("tsc_source") or None,
        },
        "meta": folder.meta,
        "plan": plan_object(folder),
        "checks": checks_object(folder),
        "units": UNITS,
        "rows": rows,
    }


def dumps(doc):
    """The document as JSON text: compact, one row per line, so that a
    folder with tens of thousands of rows stays quick to write and a
    person can still read it with grep or less."""
    rows = doc["rows"]
    head = dict(doc, rows=[])
    text = json.dumps(head, separators=(",", ":"))
    body = ",\n".join(json.dumps(r, separators=(",", ":")) for r in rows)
    return text[:-len("[]}")] + "[\n" + body + "\n]}\n"


MANIFEST = ".irqbench-files"


def list_in_manifest(folder, name):
    """Adds name to the folder's .irqbench-files (folders.py: what
    irqbench wrote there and may replace), when it has one, so that a later
    run into the folder replaces summary.json rather than refusing it."""
    manifest = folder.file(MANIFEST)
    if not os.path.isfile(manifest):
        return
    with open(manifest, encoding="utf-8", errors="replace") as f:
        names = f.read().splitlines()
    if name in names:
        return
    tmp = manifest + ".new"
    with open(tmp, "w", encoding="utf-8") as f:
        f.write("\n".join(sorted(set(names + [name]))) + "\n")
    os.replace(tmp, manifest)


def write(folder, path=None):
    """Writes the document to path (default FOLDER/summary.json) through
    a temporary file, so a reader never sees half of it, and lists it in
    the folder's manifest. Returns path."""
    listed = path is None
    path = path or folder.file("summary.json")
    text = dumps(document(folder))
    directory = os.path.dirname(os.path.abspath(path))
    try:
        fd, tmp = tempfile.mkstemp(prefix=".summary.json.", dir=directory)
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        os.chmod(tmp, 0o644)
        if listed:
            list_in_manifest(folder, "summary.json")
        os.replace(tmp, path)
    except OSError as e:
        raise TableError("%s: cannot write: %s" % (path, e.strerror or e)) from None
    return path
