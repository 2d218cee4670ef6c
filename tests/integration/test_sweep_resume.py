#!/usr/bin/python3
"""A sweep killed mid-run (SIGTERM, as Ctrl-C or scancel) and resumed does not recompute the
finished cases and collects exactly the same results as an uninterrupted run."""
import os
import signal
import subprocess
import time

from sweeptest import PY, SWEEP, base_study, check, env, finish, read, sweep, workdir, write

w = workdir("resume")
base_study(w)
sf = write(os.path.join(w, "s.prm"), """set Base study = base.prm
subsection Grid
  set Surgery/MILD/Laminotomy depth = 1, 2, 3, 4, 5, 6
  set Surgery/MILD/LF debulking = 40%, 70%
end
""")
folder, ref = os.path.join(w, "killed"), os.path.join(w, "reference")
for f in (folder, ref):
    check(sweep("plan", sf, f).returncode == 0, "plan " + os.path.basename(f))
calls = os.path.join(w, "calls.txt")
log = open(os.path.join(w, "run1.txt"), "w")
p = subprocess.Popen([PY, SWEEP, "run", folder, "--jobs", "2"], stdout=log, stderr=subprocess.STDOUT,
                     env=env(FAKE_SPINE_FE_SLEEP=0.6, FAKE_SPINE_FE_CALLS=calls))
cases = sorted(os.listdir(os.path.join(folder, "cases")))
done = lambda: [c for c in cases if os.path.exists(os.path.join(folder, "cases", c, "done"))]
t0 = time.time()
while len(done()) < 3 and time.time() - t0 < 60 and p.poll() is None:
    time.sleep(0.05)
p.send_signal(signal.SIGTERM)
rc = p.wait(30)
log.close()
finished = done()
check(rc == 130, "interrupted run exits 130 (got %s)" % rc)
check(3 <= len(finished) < len(cases), "killed with %d of %d cases finished" % (len(finished), len(cases)))
stamps = {c: os.stat(os.path.join(folder, "cases", c, "done")).st_mtime_ns for c in finished}
outputs = {c: read(os.path.join(folder, "cases", c, "out", "study.json")) for c in finished}
r = sweep("status", folder)
check(r.returncode == 3 and "0 running" in r.stdout and "0 failed" in r.stdout,
      "after the kill nothing is running or failed: " + r.stdout.splitlines()[-1])
time.sleep(0.3)  # would catch a solver orphaned by the kill still writing
n_calls = len(read(calls).splitlines())

r = sweep("run", folder, "--jobs", "2", FAKE_SPINE_FE_CALLS=calls)
check(r.returncode == 0, "resumed run exits 0")
check("%d done skipped" % len(finished) in r.stdout, "resume skips the finished cases: " + r.stdout.splitlines()[0])
rerun = [l.split()[0] for l in read(calls).splitlines()[n_calls:]]
recomputed = [c for c in finished if os.path.join(folder, "cases", c, "out") in rerun]
check(not recomputed, "no finished case recomputed (recomputed: %s)" % recomputed)
check(len(rerun) == len(cases) - len(finished), "resume ran exactly the %d unfinished cases (ran %d)"
      % (len(cases) - len(finished), len(rerun)))
check(all(os.stat(os.path.join(folder, "cases", c, "done")).st_mtime_ns == stamps[c] for c in finished),
      "completion markers of finished cases untouched")
check(all(read(os.path.join(folder, "cases", c, "out", "study.json")) == outputs[c] for c in finished),
      "results of finished cases untouched")
r = sweep("run", folder)
check(r.returncode == 0 and "running 0 cases" in r.stdout, "a third run has nothing to do")

check(sweep("run", ref, "--jobs", "2").returncode == 0, "uninterrupted reference run")
for f in (folder, ref):
    check(sweep("collect", f, "--no-plots").returncode == 0, "collect " + os.path.basename(f))
a, b = read(os.path.join(folder, "collected.csv")), read(os.path.join(ref, "collected.csv"))
check(a == b and a.count("\n") == 13, "killed+resumed CSV identical to the uninterrupted one")
finish()
