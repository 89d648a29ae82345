"""Runs the unit tests of scripts/irqbench_results (tests/py/test_*.py)
and prints "PASS: name" or "FAIL: name" per test, the details indented
under a failure, as tests/run.sh counts them. Exits 1 on any failure.
Run: python3 tests/py/run.py"""

import os
import sys
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "scripts"))
sys.path.insert(0, HERE)


class LineResult(unittest.TestResult):
    """One PASS or FAIL line per test."""

    def name(self, test):
        return "py %s" % test.id().replace("test_", "", 1)

    def addSuccess(self, test):
        super().addSuccess(test)
        print("PASS: %s" % self.name(test), flush=True)

    def _fail(self, test, err):
        print("FAIL: %s" % self.name(test))
        for line in self._exc_info_to_string(err, test).rstrip().splitlines():
            print("    " + line)
        sys.stdout.flush()

    def addFailure(self, test, err):
        super().addFailure(test, err)
        self._fail(test, err)

    def addError(self, test, err):
        super().addError(test, err)
        self._fail(test, err)

    def addSkip(self, test, reason):
        super().addSkip(test, reason)
        print("SKIP: %s: %s" % (self.name(test), reason))


def main():
    suite = unittest.defaultTestLoader.discover(HERE, pattern="test_*.py", top_level_dir=HERE)
    result = LineResult()
    suite.run(result)
    return 0 if result.wasSuccessful() and result.testsRun > 0 else 1


if __name__ == "__main__":
    sys.exit(main())
