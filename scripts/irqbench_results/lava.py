"""LAVA job logs (docs/lava.md): the log lava-run prints and a LAVA server
keeps (`lavacli jobs logs --raw`), one record a line, each a YAML flow
mapping in double-quoted style (lava_common.log.dump), the server's with
"- " in front:

  - {"dt": "...", "lvl": "target", "msg": "@irqbench result ipi.icr.0-1 pass 1061 ns"}
  - {"dt": "...", "lvl": "results", "msg": {"case": "ipi_icr_0_1", "definition": "irqbench", ...}}

Read with a small reader of that one form, so that no YAML library is
needed. From it: the test cases LAVA recorded (results.csv), the target's
output as a serial log for the extractor, and the job's own verdict.

  python3 -m irqbench_results.lava results LOG OUT.csv
  python3 -m irqbench_results.lava target LOG OUT.log
"""

import csv
import sys

ESCAPES = {"0": "\0", "a": "\a", "b": "\b", "t": "\t", "\t": "\t", "n": "\n", "v": "\v", "f": "\f",
           "r": "\r", "e": "\x1b", " ": " ", '"': '"', "/": "/", "\\": "\\", "N": "\x85",
           "_": "\xa0", "L": "\u2028", "P": "\u2029"}
HEX = {"x": 2, "u": 4, "U": 8}
SUITE = "irqbench"	# the monitor's name in lava/monitor.yaml.in
HEADER = ["case", "result", "measurement", "units"]


class LavaLogError(Exception):
    """The log is not a whole LAVA job log; the message says why."""


class _Reader:
    """One record: flow mappings, flow sequences, double-quoted scalars,
    the non-specific tag "!" (LAVA's null is ! "null")."""

    def __init__(self, text):
        self.s, self.i = text, 0

    def fail(self, what):
        raise ValueError("%s at column %d" % (what, self.i + 1))

    def skip(self):
        while self.i < len(self.s) and self.s[self.i] == " ":
            self.i += 1

    def eat(self, c):
        self.skip()
        if not self.s.startswith(c, self.i):
            self.fail("expected %r" % c)
        self.i += 1

    def value(self):
        self.skip()
        c = self.s[self.i:self.i + 1]
        if c == "{":
            return self.collection("}", True)
        if c == "[":
            return self.collection("]", False)
        if c == "!":
            self.i += 1
            v = self.value()
            return None if v == "null" else v
        if c == '"':
            return self.string()
        self.fail("expected a value")

    def collection(self, close, mapping):
        self.i += 1
        out = {} if mapping else []
        self.skip()
        if self.s.startswith(close, self.i):
            self.i += 1
            return out
        while True:
            if mapping:
                k = self.value()
                self.eat(":")
                out[k] = self.value()
            else:
                out.append(self.value())
            self.skip()
            if self.s.startswith(close, self.i):
                self.i += 1
                return out
            self.eat(",")

    def string(self):
        self.i += 1
        out = []
        while True:
            if self.i >= len(self.s):
                self.fail("unterminated string")
            c = self.s[self.i]
            self.i += 1
            if c == '"':
                return "".join(out)
            if c != "\\":
                out.append(c)
                continue
            e = self.s[self.i:self.i + 1]
            self.i += 1
            if e in ESCAPES:
                out.append(ESCAPES[e])
            elif e in HEX:
                digits = self.s[self.i:self.i + HEX[e]]
                try:
                    out.append(chr(int(digits, 16)))
                except ValueError:
                    self.fail("bad \\%s escape" % e)
                self.i += HEX[e]
            else:
                self.fail("unknown escape \\%s" % e)


def parse_record(line):
    """One line of the log as a dict; ValueError if it is not one record."""
    text = line.rstrip("\r\n")
    if text.startswith("- "):
        text = text[2:]
    r = _Reader(text)
    rec = r.value()
    r.skip()
    if r.i != len(text) or not isinstance(rec, dict) or "lvl" not in rec:
        raise ValueError("not one LAVA log record")
    return rec


def looks_like_lava(path):
    """Whether the file's first non-empty line is a LAVA log record."""
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            if line.strip():
                s = line.lstrip("- ").lstrip()
                return s.startswith('{"dt": ') and '"lvl": ' in s
    return False


def read(path):
    """Every record of the log, in order, and what was wrong with its end:
    a last line that is not a whole record (a log cut in the middle of a
    line) is left out and named. Such a line anywhere else is an error."""
    records, bad = [], None
    with open(path, encoding="utf-8", errors="replace") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            if bad:
                raise LavaLogError(bad)
            try:
                records.append(parse_record(line))
            except ValueError as e:
                bad = "%s: line %d is not a whole LAVA log record (%s)" % (path, n, e)
    if bad and not records:
        raise LavaLogError(bad + ": not a LAVA job log")
    return records, bad and bad + ": the log is cut there"


def job_verdict(records):
    """(result, error) of the job: LAVA's last record is its "job" case;
    a log without one was cut before the job ended."""
    for rec in reversed(records):
        msg = rec.get("msg")
        if rec["lvl"] == "results" and isinstance(msg, dict) and msg.get("definition") == "lava" \
                and msg.get("case") == "job":
            return msg.get("result"), msg.get("error_msg") or ""
    return None, "no job result: the log ends before the job did (truncated)"


def cases(records):
    """The irqbench suite's test cases as LAVA recorded them: rows of
    case (the kernel's id), result, measurement, units."""
    rows = []
    for rec in records:
        msg = rec.get("msg")
        if rec["lvl"] != "results" or not isinstance(msg, dict) or msg.get("definition") != SUITE:
            continue
        extra = msg.get("extra") or {}
        rows.append([extra.get("test_case_id") or msg.get("case"), msg.get("result"),
                     msg.get("measurement") or "", msg.get("units") or ""])
    return rows


def repeated_cases(rows):
    """Case ids recorded more than once: the monitor read two boots' lines
    (a machine that rebooted inside the test action)."""
    seen, twice = set(), []
    for row in rows:
        if row[0] in seen and row[0] not in twice:
            twice.append(row[0])
        seen.add(row[0])
    return twice


def target_text(records):
    """What the target printed, one line per record, as a serial log: the
    "target" records and the "feedback" ones, which are the same console
    read outside an action (the run-end line after the monitor has
    stopped; the jobs of lava/ have one namespace, one console).
    lava-dispatcher's ShellLogger (shell.py) drops "\r" and ESC bytes and
    puts a backslash before every double quote; the backslashes come off
    here, so that CSV rows are again the bytes the kernel signed (no frame
    holds a "\r" or an ESC)."""
    return "".join(rec["msg"].replace('\\"', '"') + "\n" for rec in records
                   if rec["lvl"] in ("target", "feedback") and isinstance(rec.get("msg"), str))


def write_results(records, out):
    with open(out, "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(HEADER)
        w.writerows(cases(records))


def convert(verb, log, out):
    """results: LOG's test cases into OUT (results.csv); target: the
    target's output in LOG into OUT (a serial log). Returns (ok, the
    "lava: ..." lines to say: a cut log, a job that did not pass)."""
    try:
        records, cut = read(log)
    except (OSError, LavaLogError) as e:
        return False, ["lava: %s" % e]
    said = ["lava: %s" % cut] if cut else []
    result, error = job_verdict(records)
    if verb == "results":
        write_results(records, out)
        twice = repeated_cases(cases(records))
        if twice:
            return False, said + ["lava: %d cases recorded twice (%s...): the job holds two boots; "
                                  "its results are not one run's" % (len(twice), twice[0])]
    else:
        with open(out, "w", encoding="utf-8", newline="") as f:
            f.write(target_text(records))
    if result != "pass":
        return False, said + ["lava: the job %s: %s" % ("did not finish" if result is None else "failed", error)]
    return True, said


def main(argv):
    if len(argv) != 3 or argv[0] not in ("results", "target"):
        sys.stderr.write("usage: python3 -m irqbench_results.lava results|target LOG OUT\n")
        return 2
    ok, said = convert(*argv)
    sys.stderr.write("".join(line + "\n" for line in said))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
