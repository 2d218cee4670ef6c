"""Shared by the study checkers: the study.json of an output folder and an ok/FAIL reporter
that remembers failures for the exit status."""
import json
import sys
from pathlib import Path


def load(folder):
    return json.loads((Path(folder) / "study.json").read_text())


class Checks:
    def __init__(self):
        self.failures = []

    def __call__(self, ok, message):
        print(("ok   " if ok else "FAIL ") + message)
        if not ok:
            self.failures.append(message)
        return ok

    def exit(self):
        sys.exit(1 if self.failures else 0)
