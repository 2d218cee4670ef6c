"""Reads the Gmsh 2.2 meshes that spine-fe writes (nodes, tetrahedra by region, triangles)."""
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
