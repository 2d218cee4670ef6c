#!/usr/bin/python3
"""A finer `Mesh/Disc size` refines the disc and bony endplates and leaves the cancellous
cores near the global size (their faces on the endplates take the disc size, conforming, and
grade up to the global size inside: the mean edge, not the mean volume, says so); `Disc
size` equal to the global size gives the preset's mesh.
usage: disc_size.py <spine-fe> <file.prm> <scratch dir>"""
import shutil
import sys
from pathlib import Path

import numpy as np

from mshio import Checks, mean_edge, mesh_case, tet_volumes

exe, prm, scratch = sys.argv[1], Path(sys.argv[2]).resolve(), Path(sys.argv[3])
check = Checks()


def mesh(name, disc_size):
    folder = scratch / name
    shutil.rmtree(folder, ignore_errors=True)
    text = f"include {prm}\nset Output directory = {folder}/out\n"
    if disc_size:
        text += f"subsection Mesh\n  set Disc size = {disc_size}\nend\n"
    report, nodes, tets, tissue = mesh_case(exe, folder, text)
    return report, tet_volumes(nodes, tets), tissue, nodes, tets


def mean_volume(volumes, tissue, ids):
    chosen = np.isin(tissue, ids)
    return volumes[chosen].mean(), int(chosen.sum())


disc_ids = [30] + list(range(31, 40)) + [13, 23]  # nucleus, lamellae, bony endplates
core_ids = [12, 22]                                  # cancellous cores
preset, preset_vol, preset_tissue, _, _ = mesh("preset", None)
same, same_vol, *_ = mesh("same", preset["mesh_size_global_mm"])
fine, fine_vol, fine_tissue, fine_nodes, fine_tets = mesh("fine", preset["mesh_size_global_mm"] / 2)

check(same["mesh_size_disc_mm"] == preset["mesh_size_disc_mm"] == preset["mesh_size_global_mm"],
      f"Disc size 0 takes the global size ({preset['mesh_size_disc_mm']} mm)")
check(len(same_vol) == len(preset_vol),
      f"Disc size = global size gives the preset's mesh ({len(same_vol)} vs {len(preset_vol)} tetrahedra)")
check(fine["mesh_size_disc_mm"] == preset["mesh_size_global_mm"] / 2, "the disc size is reported")
v0, n0 = mean_volume(preset_vol, preset_tissue, disc_ids)
v1, n1 = mean_volume(fine_vol, fine_tissue, disc_ids)
# The thin lamellae and endplates already hold the disc below the global size, so halving
# it does not give 8x the tetrahedra (coarse: ~1.7x).
check(v1 < 0.7 * v0 and n1 > 1.4 * n0, f"half the disc size: mean disc/endplate tetrahedron {v1:.3f} vs "
      f"{v0:.3f} mm3 (below 0.7x), {n1} vs {n0} tetrahedra (above 1.4x)")
h = mean_edge(fine_nodes, fine_tets[np.isin(fine_tissue, core_ids)])
g = preset["mesh_size_global_mm"]
check(h >= 0.8 * g, f"cancellous cores stay near the global size: mean edge {h:.2f} mm, at least 0.8 x {g} mm")
check.exit()
