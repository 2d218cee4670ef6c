// Mesh-level clean-up of a segment model's tetrahedra after Gmsh.
#pragma once
#include "meshes/segment_model.h"

namespace spine::meshes
{
/// Removes the slivers of near-coincident CAD features (meshes/geometry/sliver_repair.h):
/// nodes merged over at most `max_move` mm, flips inside regions, outer slivers peeled.
/// Tagged triangles follow their nodes (those no longer a face of their region are dropped);
/// unused nodes are dropped and the rest renumbered in their old order.
SliverRepairSummary repair_slivers(TetMesh &mesh, double max_move);
} // namespace spine::meshes
