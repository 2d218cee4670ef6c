#!/usr/bin/python3
"""Grid expansion (crossed + paired axes), override files, manifest, idempotent re-plan,
one case through the stand-in executable, collect CSV + plots."""
import csv
import json
import os
import re

from sweeptest import base_study, check, finish, read, sweep, workdir, write

w = workdir("plan")
base = base_study(w)
sf = write(os.path.join(w, "grid.prm"), """# depth x debulking x (side, width paired)
set Base study = base.prm
set Name = grid-test
set Ranks per case = 1
subsection Grid
  set Surgery/MILD/Laminotomy depth = 0, 2, 4   # mm
  set Surgery/MILD/LF debulking     = 30%, 2.5
end
subsection Paired side-width
  set Surgery/Side                 = left, bilateral
  set Surgery/MILD/Working width   = 4, 6
end
""")
folder = os.path.join(w, "sweep")
r = sweep("plan", sf, folder)
check(r.returncode == 0, "plan exits 0 (%s)" % r.stderr.strip())
m = json.load(open(os.path.join(folder, "sweep.json")))
check(len(m["cases"]) == 3 * 2 * 2, "3 x 2 x 2(paired) = 12 cases, got %d" % len(m["cases"]))
check([c["id"] for c in m["cases"]][:2] == ["case-0000", "case-0001"], "case ids case-0000...")
check(m["base_study"] == os.path.abspath(base), "manifest names the base study")
check(m["base_hash"].startswith("sha256:") and len(m["base_hash"]) == 71, "manifest has a sha256 hash")
check(m["parameters"] == ["Surgery/MILD/Laminotomy depth", "Surgery/MILD/LF debulking",
                          "Surgery/Side", "Surgery/MILD/Working width"], "parameter order")
# Last axis fastest; paired values advance together.
c5 = m["cases"][5]["parameters"]
check(c5 == {"Surgery/MILD/Laminotomy depth": "2", "Surgery/MILD/LF debulking": "30%",
             "Surgery/Side": "bilateral", "Surgery/MILD/Working width": "6"}, "case 5 values %s" % c5)
pairs = {(c["parameters"]["Surgery/Side"], c["parameters"]["Surgery/MILD/Working width"])
         for c in m["cases"]}
check(pairs == {("left", "4"), ("bilateral", "6")}, "paired axis never crossed: %s" % pairs)
expected = """include %s
set Output directory = %s
subsection Surgery
  set Side = bilateral
  subsection MILD
    set Laminotomy depth = 2
    set LF debulking = 30%%
    set Working width = 6
  end
end
""" % (os.path.abspath(base), os.path.join(folder, "cases", "case-0005", "out"))
text = read(os.path.join(folder, "cases", "case-0005", "case.prm"))
body = "".join(l + "\n" for l in text.splitlines() if not l.startswith("#"))
check(body == expected, "override file case-0005 is include + nested overrides:\n" + text)
sizes = [os.path.getsize(os.path.join(folder, "cases", c["id"], "case.prm")) for c in m["cases"]]
check(max(sizes) < 600, "override files are small (max %d bytes), never full copies" % max(sizes))
check(sorted(os.listdir(os.path.join(folder, "cases", "case-0000"))) == ["case.prm"],
      "a planned case holds only its override file")

# Re-planning the same sweep into the same folder is a no-op.
before = read(os.path.join(folder, "sweep.json"))
r = sweep("plan", sf, folder)
check(r.returncode == 0 and "already planned" in r.stdout, "re-plan is a no-op: " + r.stdout.strip())
check(read(os.path.join(folder, "sweep.json")) == before, "sweep.json unchanged by re-plan")

# The stand-in resolves include + overrides: case-0005 has depth 2, bilateral, 30% of 5 mm LF.
r = sweep("run", folder, "--case", "case-0005", "--case", "case-0002")
check(r.returncode == 0, "run two cases (%s)" % r.stdout.strip())
s = json.load(open(os.path.join(folder, "cases", "case-0005", "out", "study.json")))
mt = s["metrics"]
check(mt["rom_flexion_change_pct"] == 3.0, "rom change 1.5 %%/mm x 2 mm = 3 %%, got %s" % mt["rom_flexion_change_pct"])
check(mt["lf_debulking_depth_mm"] == 1.5, "30%% of 5 mm LF = 1.5 mm, got %s" % mt["lf_debulking_depth_mm"])
s2 = json.load(open(os.path.join(folder, "cases", "case-0002", "out", "study.json")))
check(s2["metrics"]["lf_debulking_depth_mm"] == 2.5 and s2["metrics"]["rom_flexion_change_pct"] == 0.0,
      "case-0002: debulking 2.5 mm, depth 0 -> no ROM change, left side")
# More ranks: mpirun --oversubscribe --bind-to none -np 2 (only rank 0 writes).
r = sweep("run", folder, "--case", "case-0007", "--ranks", "2", "--jobs", "1")
s7 = json.load(open(os.path.join(folder, "cases", "case-0007", "out", "study.json")))
check(r.returncode == 0 and s7["run"]["ranks"] == 2, "--ranks 2 runs the case on 2 MPI ranks")
check("mpirun --oversubscribe --bind-to none -np 2" in read(os.path.join(folder, "cases", "case-0007", "log.txt")),
      "the case log records the mpirun command")
r = sweep("status", folder)
check(r.returncode == 3 and "3 done, 0 failed, 0 running, 9 pending" in r.stdout,
      "status: 3 done, 9 pending, exit 3: " + r.stdout.strip().splitlines()[-1])

r = sweep("run", folder, "--jobs", "2")
check(r.returncode == 0 and "running 9 cases" in r.stdout and "3 done skipped" in r.stdout,
      "run runs only the 9 pending cases: " + r.stdout.splitlines()[0])
# Timing of the finished cases: never more cases at once than were allowed (--jobs 2).
r = sweep("status", folder)
timing = re.search(r"timing: (\d+) finished cases, makespan ([0-9.]+) s .* sum ([0-9.]+) s .*: ([0-9.]+) cases ran at once",
                   r.stdout)
check(r.returncode == 0 and timing is not None and timing.group(1) == "12" and 0 < float(timing.group(4)) <= 2.05,
      "status reports the makespan of 12 cases, at most 2 at once: " + r.stdout.strip().splitlines()[-1])
r = sweep("collect", folder)
check(r.returncode == 0, "collect exits 0 (%s)" % r.stderr.strip())
rows = list(csv.DictReader(open(os.path.join(folder, "collected.csv"))))
check(len(rows) == 12 and all(x["status"] == "done" for x in rows), "12 done rows in the CSV")
check("canal_gain_extension_mm2" in rows[0] and "removed_volume_mm3" in rows[0]
      and "Surgery/MILD/LF debulking" in rows[0] and "Surgery/Procedure" in rows[0],
      "CSV has parameter, context and every metric column")
check(rows[5]["Surgery/MILD/Laminotomy depth"] == "2" and float(rows[5]["rom_flexion_change_pct"]) == 3.0,
      "row 5 parameters and metrics line up")
check(all(x["canal_gain_flexion_mm2"] != "" for x in rows), "null-free metric columns filled")
for stem in ("canal-gain-vs-depth", "rom-change-vs-depth", "gain-vs-stability"):
    for ext in ("png", "svg"):
        p = os.path.join(folder, "plots", "%s.%s" % (stem, ext))
        check(os.path.isfile(p) and os.path.getsize(p) > 2000, "plot %s.%s written" % (stem, ext))
finish()
