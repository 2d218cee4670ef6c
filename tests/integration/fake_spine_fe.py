#!/usr/bin/python3
"""Stand-in for `spine-fe study` until the real study driver exists (tests only).

  fake_spine_fe.py study <file.prm>           resolve include + presets + overrides, write
                                              <Output directory>/study.json (schema spine-fe/study/1)
  fake_spine_fe.py study --list-parameters    one declared parameter path per line

Synthetic, deterministic metrics (d = laminotomy depth mm, s = 1 bilateral / 0.5 one side,
r = LF removed mm = debulking fraction x LF thickness, or the mm value itself):
  MILD: rom_flexion_change_pct = 1.5 d s, rom_extension_change_pct = 1.0 d s,
        canal_gain_extension_mm2 = (8 r + 0.5 d) s
  laminectomy: flexion +25 %, extension +15 %, canal gain 60 mm²
Failure on demand: Laminotomy depth = 13, or FAKE_SPINE_FE_FAIL=<case folder name> (exit 3).
Slowness on demand: FAKE_SPINE_FE_SLEEP=<seconds>. FAKE_SPINE_FE_CALLS=<file> appends one line
per study run (to count recomputations). Under mpirun only rank 0 writes.
"""
import json
import os
import shutil
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "scripts"))
from spinefe_tools import UserError, prm  # noqa: E402

DECLARED = {
    "Output directory": "results/model",
    "Anatomy/Preset": "normal",
    "Anatomy/L4/Canal depth": "15.6",
    "Anatomy/L5/Canal depth": "15.6",
    "Anatomy/Disc/Posterior bulge": "0",
    "Anatomy/Facet joints/Cartilage thickness": "1",
    "Anatomy/Ligamentum flavum/Thickness": "3.4",
    "Surgery/Plan": "none",
    "Surgery/Procedure": "none",
    "Surgery/Side": "bilateral",
    "Surgery/MILD/Laminotomy depth": "3",
    "Surgery/MILD/Imprinted laminotomy depths": "",
    "Surgery/MILD/Working width": "6",
    "Surgery/MILD/Working position": "8",
    "Surgery/MILD/LF debulking": "60%",
    "Surgery/MILD/Ventral LF margin": "1.0",
    "Surgery/MILD/Approach angle": "0",
    "Surgery/Facetectomy/Fraction": "0.5",
    "Surgery/Ligament removal/Ligaments": "",
    "Mesh/Size preset": "coarse",
    "Mesh/Global size": "0",
    "Mesh/Disc size": "0",
    "Mesh/Fine size": "0",
    "Protocol/Moment": "7.5",
}


def rank():
    for k in ("OMPI_COMM_WORLD_RANK", "PMI_RANK", "PMIX_RANK"):
        if k in os.environ:
            return int(os.environ[k])
    return 0


def size():
    return int(os.environ.get("OMPI_COMM_WORLD_SIZE", "1"))


def study(file):
    p = dict(DECLARED)
    # Like deal.II, reject undeclared names in the study file itself (presets may hold
    # parameters this stand-in does not model: they are taken but not checked).
    for e in prm.parse(file, follow_includes=False):
        if e.name != "include" and e.path not in DECLARED:
            raise UserError("%s: unknown parameter '%s'" % (e.where(), e.path))
    resolved, _ = prm.resolve_study(file)
    p.update(resolved)
    out = os.path.abspath(p["Output directory"])
    delay = float(os.environ.get("FAKE_SPINE_FE_SLEEP", "0") or 0)
    calls = os.environ.get("FAKE_SPINE_FE_CALLS")
    if calls and rank() == 0:
        with open(calls, "a") as f:
            f.write("%s %d\n" % (out, size()))
    print("fake spine-fe study %s on %d rank(s), output %s" % (file, size(), out), flush=True)
    if delay:
        time.sleep(delay)
    d = prm.number(p["Surgery/MILD/Laminotomy depth"])
    if d == 13 or os.environ.get("FAKE_SPINE_FE_FAIL") in (os.path.basename(os.path.dirname(out)),
                                                            os.path.basename(out)):
        print("error: Newton solver did not converge in load step 3 (fake failure on demand)",
              file=sys.stderr)
        return 3
    if rank() != 0:
        return 0
    procedure = p["Surgery/Procedure"]
    s = 1.0 if p["Surgery/Side"] == "bilateral" else 0.5
    t = prm.number(p["Anatomy/Ligamentum flavum/Thickness"])
    deb = p["Surgery/MILD/LF debulking"]
    removed = prm.number(deb) / 100.0 * t if prm.is_percent(deb) else prm.number(deb)
    fl0, ex0 = 6.0, 3.5
    area0 = 160.0 - 12.0 * (t - 3.4)
    if procedure == "MILD":
        fl, ex = 1.5 * d * s, 1.0 * d * s
        gain = (8.0 * removed + 0.5 * d) * s
    elif procedure == "laminectomy":
        fl, ex, gain = 25.0, 15.0, 60.0
    else:
        fl = ex = gain = 0.0
        d = removed = 0.0
    metrics = {
        "rom_flexion_intact_deg": fl0,
        "rom_flexion_operated_deg": round(fl0 * (1 + fl / 100), 10),
        "rom_flexion_change_pct": round(fl, 10),
        "rom_extension_intact_deg": ex0,
        "rom_extension_operated_deg": round(ex0 * (1 + ex / 100), 10),
        "rom_extension_change_pct": round(ex, 10),
        "canal_area_extension_intact_mm2": area0,
        "canal_area_extension_operated_mm2": round(area0 + gain, 10),
        "canal_gain_extension_mm2": round(gain, 10),
        "canal_gain_extension_pct": round(100 * gain / area0, 10),
        "canal_gain_neutral_mm2": round(0.8 * gain, 10),
        "canal_gain_flexion_mm2": None if procedure == "none" else round(0.6 * gain, 10),
        "lf_infolding_extension_intact_mm": round(0.3 * t, 10),
        "removed_volume_mm3": round(40 * removed + 25 * d, 10),
        "laminotomy_depth_mm": d,
        "lf_debulking_depth_mm": removed,
    }
    result = {"schema": "spine-fe/study/1",
              "study": {"file": os.path.abspath(file), "anatomy_preset": p["Anatomy/Preset"],
                        "surgery_plan": p["Surgery/Plan"], "procedure": procedure,
                        "operated_case": "operated"},
              "metrics": metrics, "run": {"ranks": size(), "fake": True}}
    tmp = out + ".tmp"
    shutil.rmtree(tmp, ignore_errors=True)
    os.makedirs(tmp)
    with open(os.path.join(tmp, "study.json"), "w") as f:
        json.dump(result, f, indent=1)
    shutil.rmtree(out, ignore_errors=True)
    os.rename(tmp, out)
    return 0


def main(argv):
    if not argv or argv[0] != "study":
        print("usage: fake_spine_fe.py study <file.prm> | study --list-parameters", file=sys.stderr)
        return 1
    if "--list-parameters" in argv:
        print("\n".join(DECLARED))
        return 0
    files = [a for a in argv[1:] if not a.startswith("--")]
    if len(files) != 1:
        print("usage: fake_spine_fe.py study <file.prm>", file=sys.stderr)
        return 1
    try:
        return study(files[0])
    except UserError as e:
        print("error: %s" % e, file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
