"""Reads the Gmsh 2.2 meshes that spine-fe writes (nodes, tetrahedra by region, triangles)."""
import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np


def read_msh(path):
    lines = open(path).read().split("\n")
    i = lines.index("$Nodes")
    n = int(lines[i + 1])
    nodes = np.array([[float(v) for v in lines[i + 2 + k].split()[1:4]] for k in range(n)])
    j = lines.index("$Elements")
    m = int(lines[j + 1])
    tets, regions, tris, surfaces = [], [], [], []
    for k in range(m):
        p = lines[j + 2 + k].split()
        if p[1] == "4":
            tets.append([int(q) - 1 for q in p[5:9]])
            regions.append(int(p[3]))
        elif p[1] == "2":
            tris.append([int(q) - 1 for q in p[5:8]])
            surfaces.append(int(p[3]))
    return nodes, np.array(tets), np.array(regions), np.array(tris), np.array(surfaces)


def tet_volumes(nodes, tets):
    a, b, c, d = (nodes[tets[:, k]] for k in range(4))
    return np.abs(np.einsum("ij,ij->i", b - a, np.cross(c - a, d - a))) / 6


def mean_edge(nodes, tets):
    """Mean length of the six edges of the tetrahedra given (mm)."""
    pairs = [(0, 1), (0, 2), (0, 3), (1, 2), (1, 3), (2, 3)]
    return np.concatenate([np.linalg.norm(nodes[tets[:, a]] - nodes[tets[:, b]], axis=1) for a, b in pairs]).mean()


def mesh_case(exe, folder, text):
    """Meshes the model file @p text in @p folder with a cache of its own (generated, never
    reused); returns geometry.json, the nodes, the tetrahedra and each tetrahedron's tissue id.
    The text must set the output directory to <folder>/out."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "case.prm").write_text(text)
    env = dict(os.environ, SPINE_FE_CACHE=str(folder / "cache"))
    subprocess.run([exe, "mesh", str(folder / "case.prm")], check=True, stdout=subprocess.DEVNULL, env=env)
    report = json.loads((folder / "out/geometry.json").read_text())
    nodes, tets, regions, _, _ = read_msh(folder / "out/mesh.msh")
    tissue_of = {r["id"]: r["tissue_id"] for r in report["regions"]}
    return report, nodes, tets, np.vectorize(tissue_of.get)(regions)


class Checks:
    """Prints each check as 'ok:' or 'FAIL:' and exits 1 at the end if any failed."""

    def __init__(self):
        self.failures = 0

    def __call__(self, ok, message):
        print(("ok: " if ok else "FAIL: ") + message)
        self.failures += 0 if ok else 1

    def exit(self):
        sys.exit(1 if self.failures else 0)
