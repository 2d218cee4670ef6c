// Removes sliver tetrahedra that the CAD forces on the mesher (pure C++17).
//
// Near-coincident features of the fragmented anatomy (two edges of different primitives a
// few hundredths of a millimetre apart, a face a tenth of a millimetre wide) pin mesh nodes
// so close together that the tetrahedra between them are flat, whatever the mesher does:
// all four of their nodes lie on CAD edges and faces, which volume optimisers do not move.
// This pass removes them at the mesh level, i.e. it drops the sub-tolerance feature:
//   1. edge collapse: a node of a bad tet is merged into a neighbour at most `max_move`
//      away (the feature is moved by at most that distance), or at any distance where no
//      surface moves (a node inside a region, or on a flat face merged along that face);
//   2. 2-3 flips and edge removal (3-2, 4-4, ... flips) inside one region (the region
//      interfaces are kept), and interface swaps: a cap tet lying alone on its side of a
//      nearly flat interface edge is given to the region on the other side, which swaps the
//      interface's diagonal between the same four nodes (moving it by the cap's thickness,
//      at most `max_move`), and the edge is then removed;
//   3. relocation: a node of a bad tet moves where no surface moves with it — anywhere
//      inside its region, within the plane of a flat face, along a straight ridge where two
//      flat faces meet — to the place where the worst of its tets is best;
//   4. peeling: a bad tet with two or more faces on the outer boundary is dropped.
// Every operation is accepted only if the worst quality of the tets it touches improves,
// no tet inverts, and the complex stays a manifold (link condition; no face shared by more
// than two tets). Merged nodes are left unused. Corners, nodes on curved surfaces and the
// `fixed` nodes (e.g. the rims of tagged surface patches) never move.
#pragma once

#include "meshes/geometry/mesh_quality.h"

#include <array>
#include <cstddef>
#include <vector>

namespace spine::geometry
{
struct SliverRepairOptions
{
  double min_dihedral_deg = 5;
  double max_dihedral_deg = 170;
  double max_move = 0.3; ///< largest distance a node may be merged over (mesh units)
  int sweeps = 4;
  /// per node, 1: never relocated nor merged beyond max_move (may be empty)
  std::vector<char> fixed;
};

struct SliverRepairStats
{
  std::size_t bad_before = 0, bad_after = 0;
  std::size_t collapses = 0, flips = 0, peeled = 0, relocations = 0, interface_swaps = 0;
  double largest_move = 0;       ///< largest merge distance
  double largest_relocation = 0; ///< largest distance a node was relocated over
};

/// Repairs `tets` (with their `regions`, same length) in place; `node_map` receives, for
/// every node, the node it was merged into (itself if kept). Tets may be reordered,
/// removed or added; orientation is made positive. Relocated nodes get new coordinates in
/// `nodes`.
SliverRepairStats repair_slivers(std::vector<Point3> &nodes,
                                 std::vector<std::array<std::size_t, 4>> &tets,
                                 std::vector<int> &regions,
                                 std::vector<std::size_t> &node_map,
                                 const SliverRepairOptions &options = {});
} // namespace spine::geometry
