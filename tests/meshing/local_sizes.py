#!/usr/bin/python3
"""`Mesh/Local sizes = whole regions` holds `Disc size` in the disc and bony endplates and
`Fine size` in the LF and facet cartilage (their volumes, faces and edges), while the
cancellous cores keep the global size. Mean edge lengths of the written mesh, per tissue.
usage: local_sizes.py <spine-fe> <file.prm> <scratch dir> [corners|whole regions]"""
import shutil
import sys
from pathlib import Path

import numpy as np

from mshio import Checks, mean_edge, mesh_case

exe, prm, scratch = sys.argv[1], Path(sys.argv[2]).resolve(), Path(sys.argv[3])
mode = sys.argv[4] if len(sys.argv) > 4 else "whole regions"
GLOBAL, DISC, FINE = 4.0, 2.0, 1.0
check = Checks()


shutil.rmtree(scratch, ignore_errors=True)
scratch.mkdir(parents=True)
report, nodes, tets, tissue = mesh_case(
    exe, scratch, f"include {prm}\nset Output directory = {scratch}/out\nsubsection Mesh\n  set Global size = {GLOBAL}\n"
    f"  set Disc size = {DISC}\n  set Fine size = {FINE}\n  set Local sizes = {mode}\nend\n")
check(report["mesh_local_sizes"] == mode, f"geometry.json reports the local sizes '{report['mesh_local_sizes']}'")


def region_edge(ids):
    return mean_edge(nodes, tets[np.isin(tissue, ids)])


groups = {"ligamentum flavum": ([41, 42], FINE), "facet cartilage": ([15, 25], FINE),
          "disc and bony endplates": ([30] + list(range(31, 40)) + [13, 23], DISC)}
for name, (ids, size) in groups.items():
    h = region_edge(ids)
    check(h <= 1.25 * size, f"{name}: mean edge {h:.2f} mm, at most 1.25 x {size} mm")
h = region_edge([12, 22])
check(h >= 0.8 * GLOBAL, f"cancellous cores: mean edge {h:.2f} mm, at least 0.8 x the global {GLOBAL} mm")
check.exit()
