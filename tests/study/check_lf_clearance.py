#!/usr/bin/python3
"""Checks the intact coarse segment with `Anatomy/Facet joints/LF clearance` (the LF kept off
the L4 inferior articular process): both directions reach the peak moment with the facets in
contact, the segment turns about a centre in the posterior disc, extension narrows the canal
that flexion widens, and the LF bulges into the canal more in extension than in flexion.
With the LF bonded to the process (clearance 0) each of the last three fails."""
import sys

from studycheck import Checks, load

study = load(sys.argv[1])
check = Checks()

intact = next(c for c in study["cases"] if c["name"] == "intact")
peak = {}
for d in ("flexion", "extension"):
    check(intact[d]["completed"], f"{d} reached the peak moment")
    peak[d] = intact[d]["levels"][-1]
    centre = peak[d]["centre_of_rotation_mm"]
    # Disc centre to its posterior wall is ~16.5 mm (stenotic preset); the LF lies behind it.
    check(centre is not None and 0 < centre["posterior"] < 16,
          f"{d}: centre of rotation {centre and round(centre['posterior'], 2)} mm behind the disc centre, in its posterior half")
forces = peak["extension"]["facet_force_N"]
check(all(f > 5 for f in forces.values()), f"extension: both facets carry load {forces} N")
neutral = intact["flexion"]["levels"][0]["canal_area_mm2"]["mid-disc"]
canal = {d: peak[d]["canal_area_mm2"]["mid-disc"] for d in peak}
check(canal["extension"] < neutral < canal["flexion"],
      f"mid-disc canal: extension {canal['extension']:.2f} < neutral {neutral:.2f} < flexion {canal['flexion']:.2f} mm2")
infold = {d: peak[d]["lf_infolding_mm"] for d in peak}
check(infold["extension"] > 0 and infold["extension"] > 1.5 * infold["flexion"],
      f"LF infolding: extension {infold['extension']:.3f} mm > 0 and > 1.5 x flexion {infold['flexion']:.3f} mm")
check.exit()
