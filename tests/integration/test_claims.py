#!/usr/bin/python3
"""The claims checker on synthetic results with known verdicts: pass, fail, missing results
(no matching row, null metric, failed case), unknown metric/column, two result sets."""
import os

from sweeptest import REPO, check, claims, finish, workdir, write

w = workdir("claims")
HEAD = ("sweep,case,status,Surgery/MILD/Laminotomy depth,Surgery/MILD/LF debulking,Surgery/Side,"
        "Surgery/Procedure,rom_flexion_change_pct,rom_extension_change_pct,canal_gain_extension_mm2,"
        "canal_gain_flexion_mm2\n")
mild = write(os.path.join(w, "mild.csv"), HEAD + """\
mild,case-0000,done,2,30%,bilateral,MILD,3.0,2.0,9.5,4.0
mild,case-0001,done,2,60%,bilateral,MILD,3.0,2.0,18.0,
mild,case-0002,done,4,30%,bilateral,MILD,6.0,4.0,11.0,5.0
mild,case-0003,done,4,60%,bilateral,MILD,9.5,4.0,21.0,6.0
mild,case-0004,done,6,60%,bilateral,MILD,12.0,6.0,24.0,7.0
mild,case-0005,done,4,60%,left,MILD,4.5,2.0,12.0,3.0
""")
lam = write(os.path.join(w, "lam.csv"), HEAD.replace("Surgery/MILD/Laminotomy depth,", "") + """\
lam,case-0000,done,60%,bilateral,laminectomy,25.0,15.0,60.0,30.0
lam,case-0001,done,60%,bilateral,laminectomy,11.0,15.0,60.0,30.0
""")
failed = write(os.path.join(w, "failed.csv"), HEAD + """\
mild,case-0000,done,2,60%,bilateral,MILD,3.0,2.0,18.0,4.0
mild,case-0001,failed,4,60%,bilateral,MILD,,,,
""")
cf = write(os.path.join(w, "claims.prm"), """# synthetic claims with known verdicts
subsection Claim rom-small
  set Text    = Bilateral MILD with depth <= 4 mm raises flexion and extension ROM by at most 10 %
  set Where   = Surgery/Procedure == MILD; Surgery/Side == bilateral; Surgery/MILD/Laminotomy depth <= 4
  set Metric  = rom_flexion_change_pct, rom_extension_change_pct
  set Require = all <= 10
end
subsection Claim gain-debulking
  set Text    = Extension canal gain >= 10 mm2 once LF debulking >= 50 %
  set Where   = Surgery/MILD/LF debulking >= 50%; Surgery/Procedure == MILD
  set Metric  = canal_gain_extension_mm2
  set Require = all >= 10
end
subsection Claim gain-all-depths
  set Text    = Extension canal gain >= 10 mm2 at every setting (known FALSE: case-0000 has 9.5)
  set Where   = Surgery/Procedure == MILD
  set Metric  = canal_gain_extension_mm2
  set Require = all >= 10
end
subsection Claim some-big-gain
  set Text    = Some setting gains at least 20 mm2
  set Where   = Surgery/Procedure == MILD
  set Metric  = canal_gain_extension_mm2
  set Require = any >= 20
end
subsection Claim lam-less-stable
  set Text      = Full laminectomy raises flexion ROM more than MILD at any depth (FALSE: 11 < 12)
  set Where     = Surgery/Procedure == MILD
  set Reference = Surgery/Procedure == laminectomy
  set Metric    = rom_flexion_change_pct
  set Require   = all < min(reference)
end
subsection Claim lam-less-stable-shallow
  set Text      = ... true for MILD up to 4 mm
  set Where     = Surgery/Procedure == MILD; Surgery/MILD/Laminotomy depth <= 4
  set Reference = Surgery/Procedure == laminectomy
  set Metric    = rom_flexion_change_pct
  set Require   = all < min(reference)
end
subsection Claim no-rows
  set Text    = Right-sided MILD ... (no such rows: missing results)
  set Where   = Surgery/Side == right
  set Metric  = rom_flexion_change_pct
  set Require = all <= 10
end
subsection Claim null-metric
  set Text    = Flexion canal gain positive (case-0001 has a null value)
  set Where   = Surgery/Procedure == MILD
  set Metric  = canal_gain_flexion_mm2
  set Require = all > 0
end
""")


def rows_of(out):
    res = {}
    for line in out.splitlines()[2:]:
        parts = line.split()
        if len(parts) >= 2 and parts[1] in ("PASS", "FAIL", "ERROR"):
            res[parts[0]] = line
    return res


r = claims("check", cf, mild, lam)
print(r.stdout)
res = rows_of(r.stdout)
want = {"rom-small": "PASS", "gain-debulking": "PASS", "gain-all-depths": "FAIL", "some-big-gain": "PASS",
        "lam-less-stable": "FAIL", "lam-less-stable-shallow": "PASS", "no-rows": "ERROR",
        "null-metric": "ERROR"}
for cid, verdict in want.items():
    got = res.get(cid, "").split()[1:2]
    check(got == [verdict], "claim %s is %s (got %s)" % (cid, verdict, got))
check(r.returncode == 2, "exit 2 when a claim is ERROR (got %d)" % r.returncode)
check("mild:case-0003 rom_flexion_change_pct  9.5" in res["rom-small"], "rom-small worst case: case-0003, 9.5")
check("mild:case-0000" in res["gain-all-depths"] and "9.5" in res["gain-all-depths"],
      "failing claim names the violating case and its value")
check("mild:case-0004" in res["lam-less-stable"] and "< 11" in res["lam-less-stable"],
      "two-set claim: worst MILD case-0004 (12) against laminectomy min 11")
check("no row matches Where" in res["no-rows"], "no matching rows is a missing-result ERROR")
check("canal_gain_flexion_mm2 is empty" in res["null-metric"] and "case-0001" in res["null-metric"],
      "null metric is a missing-result ERROR naming the case")

# Only pass/fail claims: exit 1 on a FAIL, 0 when all pass.
import re
text = open(cf).read()
blocks = re.findall(r"subsection Claim (\S+)\n(.*?)\nend\n", text, re.S)
pick = lambda ids: "".join("subsection Claim %s\n%s\nend\n" % (i, b) for i, b in blocks if i in ids)
r = claims("check", write(os.path.join(w, "pf.prm"), pick({"rom-small", "gain-all-depths"})), mild, lam)
check(r.returncode == 1, "exit 1 when a claim FAILs and none is ERROR (got %d)" % r.returncode)
r = claims("check", write(os.path.join(w, "p.prm"), pick({"rom-small", "some-big-gain"})), mild)
check(r.returncode == 0 and "2 PASS, 0 FAIL, 0 ERROR" in r.stdout, "exit 0 when every claim passes")

# A failed case that may match the filter is an ERROR, never silently skipped.
r = claims("check", write(os.path.join(w, "g.prm"), pick({"gain-debulking"})), failed)
check(r.returncode == 2 and "without results may match Where" in r.stdout and "case-0001" in r.stdout,
      "a failed case inside the filter makes the claim ERROR")
# The reference set missing (only the MILD file given) is an ERROR.
r = claims("check", write(os.path.join(w, "l.prm"), pick({"lam-less-stable-shallow"})), mild)
check(r.returncode == 2 and "no row matches Reference" in r.stdout, "missing reference results -> ERROR")

# Unknown metric and unknown column: ERROR with a suggestion.
bad = write(os.path.join(w, "bad.prm"), """subsection Claim typo-metric
  set Text = x
  set Metric = rom_flexon_change_pct
  set Require = all <= 10
end
subsection Claim typo-column
  set Text = x
  set Where = Surgery/Sid == bilateral
  set Metric = rom_flexion_change_pct
  set Require = all <= 10
end
""")
r = claims("check", bad, mild)
check(r.returncode == 2 and "unknown metric 'rom_flexon_change_pct'" in r.stdout
      and "did you mean 'rom_flexion_change_pct'" in r.stdout, "unknown metric is a clear ERROR")
check("unknown column 'Surgery/Sid' in Where" in r.stdout, "unknown filter column is a clear ERROR")

# Malformed claims files: one line, file:line, exit 2.
for body, needle in (("subsection Claim a\n  set Text = t\n  set Metric = m\n  set Require = most <= 3\nend\n",
                      ":4: Require = most <= 3"),
                     ("subsection Claim a\n  set Text = t\n  set Metric = m\nend\n", "claim a has no 'Require'"),
                     ("subsection Claim a\n  set Txt = t\nend\n", ":2: unknown claim setting 'Txt'"),
                     ("subsection Claim a\n  set Text = t\n  set Metric = m\n  set Require = all < min(reference)\nend\n",
                      "no 'Reference' filter")):
    r = claims("check", write(os.path.join(w, "m.prm"), body), mild)
    check(r.returncode == 2 and needle in r.stderr and len(r.stderr.strip().splitlines()) == 1,
          "malformed claims file -> %s" % r.stderr.strip())
r = claims("check", cf, os.path.join(w, "none.csv"))
check(r.returncode == 2 and "cannot read results" in r.stderr, "missing CSV -> error")

# The shipped claims files parse.
import sys
sys.path.insert(0, os.path.join(REPO, "scripts"))
from spinefe_tools import claimcheck  # noqa: E402
d = os.path.join(REPO, "params", "claims")
for f in sorted(os.listdir(d)):
    if f.endswith(".prm"):
        try:
            n = len(claimcheck.load(os.path.join(d, f)))
            check(n > 0, "params/claims/%s: %d claims parse" % (f, n))
        except Exception as e:  # noqa: BLE001
            check(False, "params/claims/%s: %s" % (f, e))
finish()
