#!/usr/bin/python3
"""Mesh quality on every anatomy and size preset and on each kind of surgical plan: every
tetrahedron of the written mesh has positive volume and dihedral angles within 5-170 deg,
measured here from the .msh file (independently of the mesher's own report, which must agree).
usage: quality_presets.py <spine-fe> <scratch dir>"""
import shutil
import sys
from pathlib import Path

import numpy as np

from mshio import Checks, mesh_case

exe, scratch = sys.argv[1], Path(sys.argv[2])
check = Checks()

MILD = "subsection Surgery\n  set Plan = mild-bilateral\n  subsection MILD\n" \
       "    set Imprinted laminotomy depths = 0, 2, 4, 6\n  end\nend\n"
CASES = [(anatomy, size, "") for anatomy in ("normal", "stenotic") for size in ("coarse", "default", "fine")]
CASES += [("stenotic", size, MILD) for size in ("coarse", "default", "fine")]
CASES += [("stenotic", "coarse", f"subsection Surgery\n  set Plan = {plan}\nend\n")
          for plan in ("laminectomy", "facetectomy-50", "disc-alone", "mild-left")]
# A thinner LF on the stenotic preset (the LF-thickness sweep): its fragment once held a
# piece twice, which Gmsh could not mesh.
THIN_LF = "subsection Anatomy\n  subsection Ligamentum flavum\n    set Thickness = 4.2\n  end\nend\n"
CASES += [("stenotic", "coarse", MILD + THIN_LF)]


def dihedral_angles(nodes, tets):
    """Signed volumes (n) and the six dihedral angles (n x 6, degrees) of each tetrahedron."""
    p = nodes[tets]  # n x 4 x 3
    volume = np.einsum("ij,ij->i", np.cross(p[:, 1] - p[:, 0], p[:, 2] - p[:, 0]), p[:, 3] - p[:, 0]) / 6
    normals = []
    for i in range(4):
        a, b, c = (p[:, k] for k in range(4) if k != i)
        n = np.cross(b - a, c - a)
        n *= np.sign(np.einsum("ij,ij->i", n, a - p[:, i]))[:, None]  # outward: away from vertex i
        normals.append(n / np.linalg.norm(n, axis=1)[:, None])
    angles = [180 - np.degrees(np.arccos(np.clip(np.einsum("ij,ij->i", normals[i], normals[j]), -1, 1)))
              for i in range(4) for j in range(i + 1, 4)]
    return volume, np.stack(angles, axis=1)


shutil.rmtree(scratch, ignore_errors=True)
for anatomy, size, extra in CASES:
    name = f"{anatomy}-{size}" + ("" if not extra else "-" + extra.split("Plan = ")[1].split("\n")[0])
    name += "-lf4.2" if "Thickness = 4.2" in extra else ""
    folder = scratch / name
    report, nodes, tets, _ = mesh_case(
        exe, folder, f"set Output directory = {folder}/out\nsubsection Anatomy\n  set Preset = {anatomy}\nend\n"
        f"subsection Mesh\n  set Size preset = {size}\nend\n{extra}")
    volume, angles = dihedral_angles(nodes, tets)
    outside = int(np.count_nonzero(~((angles.min(axis=1) >= 5) & (angles.max(axis=1) <= 170))))  # NaN: outside
    repair = report["mesh"]["sliver_repair"]
    print(f"info {name}: {len(tets)} tetrahedra, dihedral {angles.min():.2f}..{angles.max():.2f} deg, "
          f"repair {repair['out_of_bounds_before']} -> {repair['out_of_bounds_after']}")
    check(volume.min() > 0, f"{name}: no inverted tetrahedron (smallest volume {volume.min():.3g} mm3)")
    check(outside == 0, f"{name}: every tetrahedron within 5-170 deg ({outside} outside)")
    check(outside == report["mesh"]["dihedral_out_of_bounds"], f"{name}: geometry.json reports the same count")
    shutil.rmtree(folder / "cache", ignore_errors=True)
check.exit()
