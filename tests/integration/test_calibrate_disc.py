#!/usr/bin/python3
"""scripts/calibrate-disc against a stand-in study whose rotations are known functions of k1, k2.

The script reads the calibration data it ships with (params/calibration/). The stand-in
returns the Jaramillo means exactly at k1 = 2.7, k2 = 63.5 and moves away from
them elsewhere, so the script must pick that point with residual 0, write every grid point to
calibration.csv, flag each level as within 1 SD, pass the fixed annulus values given with
--fixed to the study, and refuse a point outside the literature box before running anything.
"""
import csv
import json
import os
import re
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SCRIPT = os.path.join(ROOT, "scripts", "calibrate-disc")

FAKE = r'''#!/usr/bin/python3
import json, os, re, sys
MEANS = {"flexion": {2: 7.32, 4: 9.26, 6: 10.76, 8: 11.87}, "extension": {2: 5.47, 4: 6.77, 6: 7.65, 8: 8.27}}
text = open(sys.argv[-1]).read()
out = re.search(r"set Output directory = (.*)", text).group(1).strip()
k1 = float(re.search(r"k1=([0-9.]+)", text).group(1))
k2 = float(re.search(r"k2=([0-9.]+)", text).group(1))
shift = (k1 - 2.7) + (k2 - 63.5) / 10
case = {"name": "operated"}
for d, means in MEANS.items():
    case[d] = {"levels": [{"moment_Nm": m, "rotation_deg": (-1 if d == "extension" else 1) * (v + shift)}
                          for m, v in means.items()]}
os.makedirs(out, exist_ok=True)
json.dump({"cases": [case]}, open(os.path.join(out, "study.json"), "w"))
'''


def check(cond, what):
    if not cond:
        sys.exit("FAIL: " + what)


def main():
    tmp = tempfile.mkdtemp(prefix="calibrate-disc-")
    fake = os.path.join(tmp, "fake-spine-fe")
    with open(fake, "w") as f:
        f.write(FAKE)
    os.chmod(fake, 0o755)
    base = os.path.join(tmp, "base.prm")
    open(base, "w").write("# base study (unused by the stand-in)\n")
    out = os.path.join(tmp, "out")
    fixed = "C10=0.1351, K=27, kappa=0.0752, angle=30, families=1"
    cmd = ["/usr/bin/python3", SCRIPT, "--k1", "1.7,2.7", "--k2", "37.4,63.5", "--ranks", "1",
           "--fixed", fixed, "--base", base, "--out", out, "--spine-fe", fake]
    run = subprocess.run(cmd, capture_output=True, text=True)
    print(run.stdout, run.stderr)
    check(run.returncode == 0, "calibrate-disc exited with %d" % run.returncode)

    rows = list(csv.DictReader(open(os.path.join(out, "calibration.csv"))))
    check(len(rows) == 4, "calibration.csv has %d grid points, expected 4" % len(rows))
    best = json.load(open(os.path.join(out, "calibration.json")))
    check((best["k1_MPa"], best["k2"]) == (2.7, 63.5), "best point %s, %s" % (best["k1_MPa"], best["k2"]))
    check(abs(best["residual"]) < 1e-12, "best residual %g, expected 0" % best["residual"])
    check(len(best["levels"]) == 8 and all(l["within_1sd"] for l in best["levels"]), "levels of the best point")
    check(fixed in best["annulus"], "annulus of the best point: " + best["annulus"])
    worst = [r for r in rows if (float(r["k1_MPa"]), float(r["k2"])) == (1.7, 37.4)][0]
    # shift = -1 - 2.61 = -3.61 deg at every level: residual = sum (3.61 / SD)^2
    sds = [1.35, 2.09, 2.22, 2.23, 2.07, 2.71, 3.13, 3.01]
    expected = sum((3.61 / s) ** 2 for s in sds)
    check(abs(float(worst["residual"]) - expected) < 1e-6 * expected,
          "residual at (1.7, 37.4): %s, expected %g" % (worst["residual"], expected))
    for name in os.listdir(out):
        if name.endswith(".prm"):
            check(re.search(r"K=27,", open(os.path.join(out, name)).read()), "--fixed not in " + name)

    bad = subprocess.run(cmd[:2] + ["--k1", "5", "--k2", "40", "--out", os.path.join(tmp, "bad"),
                                    "--spine-fe", fake, "--base", base],
                         capture_output=True, text=True)
    check(bad.returncode != 0 and "k1=5" in bad.stderr and "literature" in bad.stderr,
          "k1 outside the box: exit %d, %s" % (bad.returncode, bad.stderr))
    check(not os.path.exists(os.path.join(tmp, "bad")), "a refused grid left output behind")
    print("calibrate-disc: best point, residuals, --fixed and the range check behave as expected")
    return 0


if __name__ == "__main__":
    sys.exit(main())
