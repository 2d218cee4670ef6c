#!/usr/bin/python3
"""A real scheduler: start a private single-node Slurm (hpc/slurm-local), submit a 3-case sweep
as a job array, wait (bounded), check every array task COMPLETED and every case done, collect and
check the results, then stop the daemons this test started. Exit 77 (skip) when not root."""
import csv
import json
import os
import re
import subprocess
import time

from sweeptest import REPO, base_study, check, finish, read, sweep, workdir, write

if os.geteuid() != 0:
    print("skip: the private Slurm cluster needs root")
    raise SystemExit(77)
TIMEOUT = float(os.environ.get("SPINE_FE_SLURM_TEST_TIMEOUT", "300"))
w = workdir("slurm")
os.chmod(w, 0o755)  # munged runs as user munge and must reach the cluster folder
cluster = os.path.join(w, "cluster")
local = os.path.join(REPO, "hpc", "slurm-local")
conf = os.path.join(cluster, "etc", "slurm.conf")
senv = dict(os.environ, SLURM_CONF=conf)


def slurm(*args):
    return subprocess.run(list(args), capture_output=True, text=True, env=senv, timeout=60)


try:
    r = subprocess.run([local, "start", cluster], capture_output=True, text=True, timeout=240)
    if not check(r.returncode == 0, "slurm-local start: " + (r.stdout + r.stderr).strip()):
        finish()
    base_study(w)
    sf = write(os.path.join(w, "s.prm"), """set Base study = base.prm
set Name = slurm-array
subsection Grid
  set Surgery/MILD/Laminotomy depth = 2, 4, 6
end
""")
    folder = os.path.join(w, "sweep")
    check(sweep("plan", sf, folder).returncode == 0, "plan 3 cases")
    r = sweep("submit", folder, "--time", "00:05:00", SLURM_CONF=conf, FAKE_SPINE_FE_SLEEP=0.5)
    job = r.stdout.strip()
    if not check(r.returncode == 0 and job.isdigit(), "submit prints the job id: %r %s" % (job, r.stderr.strip())):
        finish()
    script = read(os.path.join(folder, "slurm", "sweep-array.sbatch"))
    check("#SBATCH --array=0,1,2" in script and "--bind-to none" in script, "job script: array 0,1,2")
    t0 = time.time()
    while time.time() - t0 < TIMEOUT:
        q = slurm("squeue", "-h", "-j", job, "-o", "%i %T")
        if q.returncode == 0 and not q.stdout.strip():
            break
        time.sleep(1)
    check(time.time() - t0 < TIMEOUT, "job array left the queue within %.0f s (%.1f s)" % (TIMEOUT, time.time() - t0))
    # Final states: scontrol (kept MinJobAge=600 s) and the jobcomp/filetxt record.
    states = {}
    s = slurm("scontrol", "show", "job", job, "-o")
    for line in s.stdout.splitlines():
        task = re.search(r"ArrayTaskId=(\d+)", line)
        state = re.search(r"JobState=(\S+)", line)
        if task and state:
            states[int(task.group(1))] = state.group(1)
    check(states == {0: "COMPLETED", 1: "COMPLETED", 2: "COMPLETED"}, "scontrol: every task COMPLETED %s" % states)
    comp = read(os.path.join(cluster, "log", "jobcomp.txt")) if os.path.exists(
        os.path.join(cluster, "log", "jobcomp.txt")) else ""
    mine = [l for l in comp.splitlines() if "ArrayJobId=%s " % job in l]
    check(len(mine) == 3 and all("JobState=COMPLETED" in l and "ExitCode=0:0" in l for l in mine),
          "jobcomp: 3 tasks COMPLETED with exit 0")
    r = sweep("status", folder)
    check(r.returncode == 0 and "3 done, 0 failed" in r.stdout, "status: " + r.stdout.strip().splitlines()[-1])
    for c in ("case-0000", "case-0001", "case-0002"):
        marker = os.path.join(folder, "cases", c, "done")
        d = json.load(open(marker)) if os.path.exists(marker) else {}
        check(d.get("slurm_job") is not None, "%s done inside Slurm job %s" % (c, d.get("slurm_job")))
    r = sweep("collect", folder, "--no-plots")
    rows = list(csv.DictReader(open(os.path.join(folder, "collected.csv"))))
    check([float(x["rom_flexion_change_pct"]) for x in rows] == [3.0, 6.0, 9.0],
          "collected ROM change 1.5 %/mm x (2, 4, 6) mm")
    r = sweep("submit", folder, SLURM_CONF=conf)
    check(r.returncode == 0 and "nothing to submit" in r.stdout, "re-submit of a finished sweep submits nothing")
finally:
    r = subprocess.run([local, "stop", cluster], capture_output=True, text=True, timeout=60)
    check(r.returncode == 0 and "stopped 3 daemon(s)" in r.stdout, "slurm-local stop: " + r.stdout.strip())
    for name, f in (("slurmctld", "run/slurmctld.pid"), ("slurmd", "run/slurmd.pid"), ("munged", "munge/munged.pid")):
        check(not os.path.exists(os.path.join(cluster, f)), "%s pid file removed" % name)
finish()
