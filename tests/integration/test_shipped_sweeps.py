#!/usr/bin/python3
"""Every shipped params/sweeps/*.prm parses, sweeps only parameters the executable declares
(stand-in list, or the real one via SPINE_FE_EXE) and plans. Exit 77 (skip) when only the base
studies are missing (params/studies/ is written by the study driver's author)."""
import os
import subprocess
import sys

from sweeptest import REPO, check, env, finish, skip, sweep, workdir

sys.path.insert(0, os.path.join(REPO, "scripts"))
from spinefe_tools import UserError, sweepdef  # noqa: E402

exe = env()["SPINE_FE_EXE"]
declared = set(subprocess.run([exe, "study", "--list-parameters"], capture_output=True, text=True,
                              env=env()).stdout.split("\n"))
d = os.path.join(REPO, "params", "sweeps")
missing_base = []
w = workdir("shipped")
for f in sorted(x for x in os.listdir(d) if x.endswith(".prm")):
    path = os.path.join(d, f)
    try:
        sd = sweepdef.load(path, require_base=False)
    except UserError as e:
        check(False, "%s: %s" % (f, e))
        continue
    check(len(sd.cases()) > 0, "%s: %d cases" % (f, len(sd.cases())))
    unknown = [p for p in sd.parameters if p not in declared]
    check(not unknown, "%s: grid parameters declared by %s (unknown: %s)" % (f, os.path.basename(exe), unknown))
    if not os.path.isfile(sd.base):
        missing_base.append("%s -> %s" % (f, sd.base))
        continue
    r = sweep("plan", path, os.path.join(w, f[:-4]))
    check(r.returncode == 0, "%s plans (%s)" % (f, r.stderr.strip()))
if missing_base and not __import__("sweeptest").failures:
    skip("base studies missing: " + "; ".join(missing_base))
finish()
