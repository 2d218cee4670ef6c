#!/usr/bin/python3
"""The clinical claims (params/claims/clinical-seeds.prm) on a real coarse sweep: plan, run
with the real spine-fe, collect, check, and compare each verdict with the recorded one
(tests/integration/clinical-claims.verdicts). A changed verdict fails and must be reviewed."""
import os
import re
import subprocess
import sys

from sweeptest import REPO, check, env, finish, sweep, workdir

w = workdir("clinical")
folder = os.path.join(w, "sweep")
r = sweep("plan", os.path.join(REPO, "params", "sweeps", "clinical-claims-coarse.prm"), folder)
check(r.returncode == 0, "plan: " + r.stderr.strip())
# Real solves take minutes: call the runner directly with a longer bound than sweep()'s.
r = subprocess.run([sys.executable, os.path.join(REPO, "scripts", "sweep"), "run", folder, "--jobs", "2",
                    "--ranks", "1"], capture_output=True, text=True, env=env(), timeout=1500)
check(r.returncode == 0, "run: every case completed " + (r.stdout + r.stderr).strip()[-400:])
r = sweep("collect", folder, "--no-plots")
check(r.returncode == 0, "collect: " + r.stderr.strip())
r = subprocess.run([sys.executable, os.path.join(REPO, "scripts", "claims"), "check",
                    os.path.join(REPO, "params", "claims", "clinical-seeds.prm"),
                    os.path.join(folder, "collected.csv")], capture_output=True, text=True)
print(r.stdout)
got = {}
for line in r.stdout.splitlines():
    m = re.match(r"\s*(\S+)\s+(PASS|FAIL|ERROR)\b", line)
    if m:
        got[m.group(1)] = m.group(2)
recorded = {}
for line in open(os.path.join(REPO, "tests", "integration", "clinical-claims.verdicts")):
    if line.strip() and not line.startswith("#"):
        claim, verdict = line.split()[:2]
        recorded[claim] = verdict
check(set(got) == set(recorded), "claims checked: %s (recorded: %s)" % (sorted(got), sorted(recorded)))
for claim, verdict in sorted(recorded.items()):
    check(got.get(claim) == verdict, "%s: %s (recorded %s)" % (claim, got.get(claim), verdict))
finish()
