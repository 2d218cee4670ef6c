#!/usr/bin/python3
"""A real scheduler with the real solver: a private single-node Slurm (hpc/slurm-local) runs a
3-case coarse MILD depth sweep of `spine-fe study` as a job array; every task must COMPLETE,
the collected results must hold finite metrics for every case, and the daemons this test
started are stopped. Exit 77 (skip) when not root."""
import csv
import math
import os
import re
import subprocess
import time

from sweeptest import REPO, check, finish, sweep, workdir, write

if os.geteuid() != 0:
    print("skip: the private Slurm cluster needs root")
    raise SystemExit(77)
TIMEOUT = 1500
w = workdir("slurm-real")
os.chmod(w, 0o755)  # munged runs as user munge and must reach the cluster folder
cluster = os.path.join(w, "cluster")
local = os.path.join(REPO, "hpc", "slurm-local")
conf = os.path.join(cluster, "etc", "slurm.conf")
senv = dict(os.environ, SLURM_CONF=conf)
try:
    r = subprocess.run([local, "start", cluster], capture_output=True, text=True, timeout=240)
    if not check(r.returncode == 0, "slurm-local start: " + (r.stdout + r.stderr).strip()):
        finish()
    sf = write(os.path.join(w, "s.prm"), """set Base study = %s
set Name = slurm-real-study
set Ranks per case = 1
subsection Grid
  set Surgery/MILD/Laminotomy depth = 0, 2, 4
end
""" % os.path.join(REPO, "params", "studies", "clinical-claims-coarse.prm"))
    folder = os.path.join(w, "sweep")
    check(sweep("plan", sf, folder).returncode == 0, "plan 3 cases")
    r = sweep("submit", folder, "--time", "00:25:00", SLURM_CONF=conf)
    job = r.stdout.strip()
    if not check(r.returncode == 0 and job.isdigit(), "submit prints the job id: %r %s" % (job, r.stderr.strip())):
        finish()
    t0 = time.time()
    while time.time() - t0 < TIMEOUT:
        q = subprocess.run(["squeue", "-h", "-j", job, "-o", "%i %T"], capture_output=True, text=True, env=senv)
        if q.returncode == 0 and not q.stdout.strip():
            break
        time.sleep(2)
    check(time.time() - t0 < TIMEOUT, "job array finished within %d s (%.0f s)" % (TIMEOUT, time.time() - t0))
    s = subprocess.run(["scontrol", "show", "job", job, "-o"], capture_output=True, text=True, env=senv)
    states = {}
    for line in s.stdout.splitlines():
        task, state = re.search(r"ArrayTaskId=(\d+)", line), re.search(r"JobState=(\S+)", line)
        if task and state:
            states[int(task.group(1))] = state.group(1)
    check(states == {0: "COMPLETED", 1: "COMPLETED", 2: "COMPLETED"}, "every array task COMPLETED %s" % states)
    r = sweep("collect", folder, "--no-plots")
    rows = list(csv.DictReader(open(os.path.join(folder, "collected.csv"))))
    check(len(rows) == 3, "3 collected rows")
    for row in rows:
        for key in ("rom_flexion_change_pct", "rom_extension_change_pct", "canal_gain_extension_mm2"):
            v = row.get(key, "")
            check(v not in ("", "null") and math.isfinite(float(v)), "%s %s = %s" % (row.get("case"), key, v))
    removed = sorted(float(r["removed_volume_mm3"]) for r in rows)
    check(removed[0] < removed[1] < removed[2], "removed volume grows with the laminotomy depth %s" % removed)
finally:
    r = subprocess.run([local, "stop", cluster], capture_output=True, text=True, timeout=60)
    check(r.returncode == 0, "slurm-local stop: " + r.stdout.strip())
finish()
