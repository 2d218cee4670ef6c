"""Shared by the study checkers: the study.json of an output folder, and the ok/FAIL reporter
of the mesh checks (tests/meshing/mshio.py)."""
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "meshing"))
from mshio import Checks  # noqa: E402,F401  (re-exported for the study checkers)


def load(folder):
    return json.loads((Path(folder) / "study.json").read_text())
