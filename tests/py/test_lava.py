"""irqbench_results.lava: LAVA job logs read without a YAML library."""

import contextlib
import io
import os
import tempfile
import unittest

from irqbench_results import lava

TARGET = '{"dt": "2026-12-04T07:05:50.2", "lvl": "target", "msg": "%s"}'
RESULT = ('{"dt": "2026-12-04T07:05:50.3", "lvl": "results", "msg": {"case": "%s", "definition": "irqbench", '
          '"extra": {"test_case_id": "%s"}, "level": "3.1", "measurement": %s, "result": "%s", "units": %s}}')
JOB = '{"dt": "2026-12-04T07:05:51.0", "lvl": "results", "msg": {"case": "job", "definition": "lava", "result": "pass"}}'
ROW = r'kernel_cmdline,\\\"samples=20 bench=ipi,timer\\\"'


class LavaLog(unittest.TestCase):
    def log(self, lines):
        fd, path = tempfile.mkstemp(suffix=".yaml")
        with os.fdopen(fd, "w") as f:
            f.write("\n".join(lines) + "\n")
        self.addCleanup(os.remove, path)
        return path

    def whole(self, dash=""):
        return [dash + TARGET % "@irqbench results-begin results=auto",
                dash + TARGET % ROW,
                dash + RESULT % ("ipi_icr_0_1", "ipi.icr.0-1", '"1061"', "pass", '"ns"'),
                dash + RESULT % ("ipi_self_register_x_x", "ipi.self_register.x-x", '! "null"', "skip", '! "null"'),
                dash + '{"dt": "x", "lvl": "feedback", "msg": "@irqbench run-end frames=1", "ns": "common"}',
                dash + JOB]

    def test_server_and_lava_run_forms(self):
        for dash in ("", "- "):
            path = self.log(self.whole(dash))
            self.assertTrue(lava.looks_like_lava(path))
            records, cut = lava.read(path)
            self.assertIsNone(cut)
            self.assertEqual(lava.cases(records), [["ipi.icr.0-1", "pass", "1061", "ns"],
                                                   ["ipi.self_register.x-x", "skip", "", ""]])
            self.assertEqual(lava.job_verdict(records), ("pass", ""))

    def test_target_text_undoes_the_quote_escape(self):
        records, _ = lava.read(self.log(self.whole()))
        self.assertEqual(lava.target_text(records),
                         '@irqbench results-begin results=auto\n'
                         'kernel_cmdline,"samples=20 bench=ipi,timer"\n'
                         '@irqbench run-end frames=1\n')

    def test_yaml_escapes(self):
        rec = lava.parse_record(r'- {"dt": "d", "lvl": "target", "msg": "a\e[0m\x41\u00e9\\\"\/"}')
        self.assertEqual(rec["msg"], 'a\x1b[0mA\u00e9\\"/')

    def test_cut_last_line_is_named(self):
        lines = self.whole()
        path = self.log(lines[:3] + [lines[3][:30]])
        records, cut = lava.read(path)
        self.assertEqual(len(records), 3)
        self.assertIn("line 4 is not a whole LAVA log record", cut)
        self.assertEqual(lava.job_verdict(records)[0], None)

    def test_bad_line_inside_is_an_error(self):
        lines = self.whole()
        with self.assertRaises(lava.LavaLogError):
            lava.read(self.log(lines[:2] + ["garbage"] + lines[2:]))

    def test_serial_log_is_not_lava(self):
        self.assertFalse(lava.looks_like_lava(self.log(["Booting from ROM..", "@irqbench run-begin version=x"])))

    def test_two_boots_repeat_cases(self):
        lines = self.whole()
        path = self.log(lines[:4] + lines[:4] + lines[4:])
        records, _ = lava.read(path)
        self.assertEqual(lava.repeated_cases(lava.cases(records)),
                         ["ipi.icr.0-1", "ipi.self_register.x-x"])
        out = path + ".csv"
        self.addCleanup(os.remove, out)
        err = io.StringIO()
        with contextlib.redirect_stderr(err):
            self.assertEqual(lava.main(["results", path, out]), 1)
        self.assertIn("two boots", err.getvalue())
