"""Helpers for the sweep/claims/Slurm integration tests (plain Python, no pytest)."""
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
SWEEP = os.path.join(REPO, "scripts", "sweep")
CLAIMS = os.path.join(REPO, "scripts", "claims")
FAKE = os.path.join(HERE, "fake_spine_fe.py")
PY = "/usr/bin/python3"

failures = []
_workdirs = []


def check(cond, what):
    print("%s: %s" % ("ok  " if cond else "FAIL", what), flush=True)
    if not cond:
        failures.append(what)
    return cond


def finish():
    if failures:
        print("%d check(s) failed:\n  " % len(failures) + "\n  ".join(failures))
        sys.exit(1)
    print("all checks passed")
    cleanup()
    sys.exit(0)


def skip(reason):
    print("skip: " + reason)
    cleanup()
    sys.exit(77)


def cleanup():
    if not os.environ.get("SPINE_FE_KEEP_TEST_TMP"):
        for d in _workdirs:
            shutil.rmtree(d, ignore_errors=True)


def env(**extra):
    e = dict(os.environ)
    e.setdefault("SPINE_FE_EXE", FAKE)
    for k in ("FAKE_SPINE_FE_SLEEP", "FAKE_SPINE_FE_FAIL", "FAKE_SPINE_FE_CALLS"):
        e.pop(k, None)
    e.update({k: str(v) for k, v in extra.items()})
    return e


def sweep(*args, **extra):
    r = subprocess.run([PY, SWEEP] + [str(a) for a in args], capture_output=True, text=True,
                       env=env(**extra), timeout=240)
    return r


def claims(*args):
    return subprocess.run([PY, CLAIMS] + [str(a) for a in args], capture_output=True, text=True,
                          timeout=60)


def workdir(name):
    root = os.environ.get("SPINE_FE_TEST_TMP") or None
    d = tempfile.mkdtemp(prefix="spinefe-%s-" % name, dir=root)
    _workdirs.append(d)
    return d


BASE_STUDY = """# test base study: stenotic anatomy, bilateral MILD plan
set Output directory = results/base
subsection Anatomy
  set Preset = stenotic
  subsection Ligamentum flavum
    set Thickness = 5.0
  end
end
subsection Surgery
  set Plan = mild-bilateral
  set Procedure = MILD
  set Side = bilateral
end
"""


def write(path, text):
    with open(path, "w") as f:
        f.write(text)
    return path


def base_study(folder, text=BASE_STUDY, name="base.prm"):
    return write(os.path.join(folder, name), text)


def read(path):
    with open(path) as f:
        return f.read()
