#!/usr/bin/python3
"""`Anatomy/Facet joints/LF clearance` removes the LF near both arches: no LF node lies closer
than the clearance to L4 and L5 bone together (the pads between the L4 inferior articular
process or lamina edge and the L5 lamina are gone), while the LF stays bonded to both
laminae. Without it the stenotic mesh has LF nodes with d(L4 bone) + d(L5 bone) < 1.5 mm.
usage: lf_clearance.py <spine-fe> <file.prm> <scratch dir> <clearance mm>"""
import shutil
import sys
from pathlib import Path

import numpy as np

from mshio import Checks, mesh_case

exe, prm, scratch, clearance = sys.argv[1], Path(sys.argv[2]).resolve(), Path(sys.argv[3]), float(sys.argv[4])
check = Checks()


def nearest(points, targets):
    """Distance from each point to the nearest target (chunked brute force)."""
    out = np.empty(len(points))
    for i in range(0, len(points), 256):
        d = np.linalg.norm(points[i:i + 256, None, :] - targets[None, :, :], axis=2)
        out[i:i + 256] = d.min(axis=1)
    return out


shutil.rmtree(scratch, ignore_errors=True)
scratch.mkdir(parents=True)
report, nodes, tets, tissue = mesh_case(
    exe, scratch, f"include {prm}\nset Output directory = {scratch}/out\nsubsection Anatomy\n"
    f"  subsection Facet joints\n    set LF clearance = {clearance}\n  end\nend\n")
lf = np.unique(tets[np.isin(tissue, (41, 42))])
l4 = np.unique(tets[np.isin(tissue, (11, 12, 13, 14))])
l5 = np.unique(tets[np.isin(tissue, (21, 22, 23, 24))])
span = nearest(nodes[lf], nodes[l4]) + nearest(nodes[lf], nodes[l5])
check(span.min() >= 0.95 * clearance,
      f"smallest d(L4 bone) + d(L5 bone) over LF nodes {span.min():.2f} mm, at least 0.95 x {clearance} mm")
check(np.isin(lf, l4).any() and np.isin(lf, l5).any(), "the LF still shares nodes with L4 and L5 bone")
check.exit()
