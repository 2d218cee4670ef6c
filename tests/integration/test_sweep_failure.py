#!/usr/bin/python3
"""A failing case is isolated (the others finish), keeps its log, is listed by status with the
log path, is not retried by a plain 'run', and can be re-run alone with --case."""
import csv
import json
import os

from sweeptest import base_study, check, finish, read, sweep, workdir, write

w = workdir("failure")
base_study(w)
sf = write(os.path.join(w, "s.prm"), """set Base study = base.prm
subsection Grid
  set Surgery/MILD/Laminotomy depth = 2, 13, 4   # 13: the stand-in fails on demand
end
""")
folder = os.path.join(w, "sweep")
check(sweep("plan", sf, folder).returncode == 0, "plan")
# case-0002 fails through the environment switch; case-0001 through its parameter value.
r = sweep("run", folder, "--jobs", "2", FAKE_SPINE_FE_FAIL="case-0002")
check(r.returncode == 1, "run with failures exits 1 (got %d)" % r.returncode)
check("case-0001 FAILED (exit code 3)" in r.stdout and "case-0002 FAILED" in r.stdout,
      "run reports both failures:\n" + r.stdout)
cdir = lambda c: os.path.join(folder, "cases", c)
check(os.path.exists(os.path.join(cdir("case-0000"), "done")), "the good case finished")
log1 = os.path.join(cdir("case-0001"), "log.txt")
check("did not converge" in read(log1), "failed case keeps its log with the solver's message")
check(not os.path.exists(os.path.join(cdir("case-0001"), "done")), "no completion marker for a failed case")
r = sweep("status", folder)
check(r.returncode == 1, "status exits 1 when a case failed")
line = [l for l in r.stdout.splitlines() if l.startswith("case-0001")]
check(line and "failed" in line[0] and "exit code 3" in line[0] and log1 in line[0],
      "status lists case-0001 as failed with its log path: %s" % line)
check("last log line: error: Newton solver did not converge" in r.stdout, "status shows the last log line")
check("1 done, 2 failed, 0 running, 0 pending" in r.stdout, "status summary " + r.stdout.splitlines()[-1])

r = sweep("run", folder)
check(r.returncode == 0 and "running 0 cases" in r.stdout and "2 failed skipped" in r.stdout,
      "a plain run does not retry failed cases: " + r.stdout.splitlines()[0])
r = sweep("run", folder, "--case", "case-0002")
check(r.returncode == 0 and "case-0002 done" in r.stdout, "case-0002 re-run alone succeeds")
check(os.path.exists(os.path.join(cdir("case-0002"), "done")) and
      not os.path.exists(os.path.join(cdir("case-0002"), "failed")), "its failed marker replaced by done")
check("fake failure" in read(os.path.join(cdir("case-0002"), "log.previous.txt")),
      "the failed attempt's log is kept as log.previous.txt")
r = sweep("run", folder, "--case", "case-0001")
check(r.returncode == 1 and "case-0001 FAILED" in r.stdout, "case-0001 re-run alone fails again")
r = sweep("run", folder, "--case", "case-0009")
check(r.returncode == 2 and "unknown case 'case-0009'" in r.stderr, "unknown case id: " + r.stderr.strip())

r = sweep("collect", folder, "--no-plots")
check(r.returncode == 0 and "1 cases have no results" in r.stderr, "collect warns about the failed case")
rows = {x["case"]: x for x in csv.DictReader(open(os.path.join(folder, "collected.csv")))}
check(rows["case-0001"]["status"] == "failed" and rows["case-0001"]["rom_flexion_change_pct"] == "",
      "failed case is a row with status failed and empty metrics")
check(float(rows["case-0002"]["rom_flexion_change_pct"]) == 6.0, "re-run case collected")
check(json.load(open(os.path.join(cdir("case-0001"), "failed")))["exit_code"] == 3, "failed marker records exit code")
finish()
